"""Throughput of the normalization chain on the ANT corpus, beside pyarabic and CAMeL.

    python benchmarks/normalize.py [--limit N] [--repeat R]

Every chain gets the same article texts, one article at a time, in the same run:

- arcleaner: the default normalizers (``DEFAULT_NORMALIZERS``, no filters);
- arcleaner, foundation chain: normalize-unicode, strip-tashkeel, strip-tatweel,
  collapse-whitespace (what the default was before the punctuation/letters/markup steps);
- pyarabic: ``strip_tashkeel`` then ``strip_tatweel``;
- CAMeL Tools: ``normalize_unicode`` then ``dediac_ar`` (skipped if not installed:
  ``pip install --no-deps camel-tools==1.6.0 emoji six``);
- reference: ``str.encode`` + ``bytes.decode`` of the same text (the practical ceiling).

MB are UTF-8 input bytes; figures are the best of R rounds, and each round runs every
chain once in turn, so load from other processes on a shared machine falls on all rows.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from _corpus import ant_texts

from arcleaner import Pipeline
from arcleaner.pipeline import DEFAULT_NORMALIZERS

FOUNDATION = ("normalize-unicode", "strip-tashkeel", "strip-tatweel", "collapse-whitespace")


def chains() -> dict[str, Callable[[str], str]]:
    import pyarabic.araby as araby

    ours = Pipeline(filters=[], normalizers=DEFAULT_NORMALIZERS).normalizers
    old = Pipeline(filters=[], normalizers=FOUNDATION).normalizers

    def run(steps):
        def f(text: str) -> str:
            for step in steps:
                text = step(text)
            return text

        return f

    out = {
        "reference: encode + decode": lambda t: t.encode("utf-8").decode("utf-8"),
        f"arcleaner default ({len(ours)} steps)": run(ours),
        "arcleaner foundation chain (4 steps)": run(old),
        "pyarabic strip_tashkeel+strip_tatweel": lambda t: araby.strip_tatweel(
            araby.strip_tashkeel(t)
        ),
    }
    try:
        from camel_tools.utils.dediac import dediac_ar
        from camel_tools.utils.normalize import normalize_unicode
    except ImportError:
        print("(CAMeL Tools not installed: its row is skipped)")
    else:
        out["CAMeL normalize_unicode+dediac_ar"] = lambda t: dediac_ar(normalize_unicode(t))
    return out


def timed(fn: Callable[[str], str], texts: list[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = ant_texts(args.limit)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"ANT corpus: {len(texts)} documents, {mb:.1f} MB", end=" ")
    print(f"(single process, best of {args.repeat})")
    print(f"{'':42}{'MB/s':>8}")
    todo = chains()
    best = dict.fromkeys(todo, float("inf"))
    for _ in range(args.repeat):
        for name, fn in todo.items():
            best[name] = min(best[name], timed(fn, texts))
    for name, seconds in best.items():
        print(f"{name:42}{mb / seconds:>8.1f}")


if __name__ == "__main__":
    main()
