"""What a site profile removes from the ANT corpus beyond the built-in filters.

    python benchmarks/corpus_repeats.py [--k 200] [--seed 0] [--limit N] [-o FILE]
                                        [--set OPTION=VALUE ...]

Learns the profile of ``../shared/corpus/ant-multisource/`` by ``metadata.source`` (as
``arclean learn IN.jsonl.gz --source-by field:metadata.source`` does), then cleans every
article twice: with the default chain (the reference, measured in the same run) and
with the default chain plus ``drop-corpus-repeats``. A removal of drop-corpus-repeats
counts as *beyond the built-in filters* when the reference run kept that text (it
removed neither the line nor an overlapping span). Prints, per source, the documents,
those removals (lines and spans) and the documents touched, then writes ``--k`` of them
drawn with ``random.Random(seed)`` to ``benchmarks/out/corpus_removed_sample.txt``
(git-ignored: the text is third-party) for a read-through: count the content.
``--set min_share=0.01`` tries other filter options.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import ANT

from arcleaner import Pipeline
from arcleaner.learn import learn_paths
from arcleaner.resources import Resources

# (beside this script, from whatever folder it runs: benchmarks/out/ is git-ignored)
OUT = Path(__file__).resolve().parent / "out"


def _removed_spans(result) -> dict[int, list[tuple[int, int] | None]]:
    out: dict[int, list[tuple[int, int] | None]] = defaultdict(list)
    for r in result.removed:
        out[r.line].append(r.span)
    return out


def _beyond(span: tuple[int, int] | None, base: list[tuple[int, int] | None]) -> bool:
    """Whether the reference kept what this removal took (no removal of the line, or
    none overlapping the span). Spans of one line refer to the line as each filter saw
    it; a built-in span cut before ours shifts offsets, so any overlap counts as kept."""
    if not base:
        return True
    if span is None:
        return all(b is not None for b in base)  # the reference only cut spans of it
    for b in base:
        if b is None:
            return False
        if b[0] < span[1] and span[0] < b[1]:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--k", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="OPTION=VALUE")
    ap.add_argument("-o", "--out", type=Path, default=OUT / "corpus_removed_sample.txt")
    args = ap.parse_args(argv)
    if not ANT.exists():
        sys.exit(f"needs {ANT} (third-party corpus in ../shared); not found")
    t0 = time.perf_counter()
    profile = learn_paths([ANT], "field:metadata.source")
    learned = time.perf_counter() - t0
    options = {}
    for item in args.sets:
        k, _, v = item.partition("=")
        options[k] = type(getattr(__import__("arcleaner").filters.DropCorpusRepeats, k))(v)
    base = Pipeline.default()
    with_profile = Pipeline.default(
        resources=Resources(profile=profile), **{"drop-corpus-repeats": options}
    )
    docs: Counter[str] = Counter()
    touched: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    found = []
    with gzip.open(ANT, "rt", encoding="utf-8", newline="\n") as fh:
        for n, raw in enumerate(fh):
            if args.limit and n >= args.limit:
                break
            rec = json.loads(raw)
            src = rec["metadata"]["source"]
            docs[src] += 1
            ref = _removed_spans(base.run(rec["text"], src))
            res = with_profile.run(rec["text"], src)
            hit = False
            for r in res.removed:
                if r.filter != "drop-corpus-repeats" or not _beyond(r.span, ref.get(r.line, [])):
                    continue
                hit = True
                kind = "line" if r.span is None else "span"
                kinds[src][kind] += 1
                found.append({"site": src, "id": rec["id"], **r.as_dict()})
            touched[src] += hit
    print(f"profile learned in {learned:.1f} s; options {options or 'default'}")
    print(f"{'source':<10} {'docs':>7} {'lines':>7} {'spans':>7} {'docs touched':>13}")
    for src, n in docs.most_common():
        k = kinds[src]
        print(f"{src:<10} {n:>7,} {k['line']:>7,} {k['span']:>7,} {touched[src]:>13,}")
    total = Counter()
    for k in kinds.values():
        total.update(k)
    print(
        f"{'all':<10} {sum(docs.values()):>7,} {total['line']:>7,} {total['span']:>7,} "
        f"{sum(touched.values()):>13,}"
    )
    reasons = Counter(r["reason"].split(":", 1)[0] for r in found)
    print("by kind: " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    sample = random.Random(args.seed).sample(found, min(args.k, len(found)))
    sample.sort(key=lambda r: (r["site"], r["reason"], r["id"], r["line"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(
            f"# {len(sample)} of {len(found)} removals beyond the built-ins, seed {args.seed}\n\n"
        )
        for i, r in enumerate(sample, 1):
            span = f" span {r['span']}" if "span" in r else ""
            fh.write(f"[{i}] {r['site']} {r['id']} line {r['line']}{span}\n")
            fh.write(f"    reason: {r['reason']}\n    text: {r['text']}\n\n")
    print(f"wrote {len(sample)} (seed {args.seed}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
