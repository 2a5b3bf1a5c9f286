"""Where the default pipeline spends its time on the ANT corpus, step by step.

    python benchmarks/breakdown.py [--limit N]

Cleans the first N ANT articles (default 8,000, about 23 MB) the way ``Pipeline.run``
does, timing each stage in CPU seconds: reading the lines (``Document.from_text``: the
match keys and plain texts), each filter's ``decide`` (and the removal of what it
decided), rendering, and each normalizer. Prints the total, MB/s, and every stage's
seconds and share, largest first. Run it under a profiler to see inside a stage
(commands in ``benchmarks/README.md``).
"""

from __future__ import annotations

import argparse
import time

from _corpus import ant_texts

from arcleaner import Pipeline
from arcleaner.document import Document
from arcleaner.normalizers._encoded import forget
from arcleaner.pipeline import NORMALIZE_BLOCK_CHARS, _apply, _render


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=8000, help="first N articles")
    args = ap.parse_args()
    docs = ant_texts(args.limit)
    pipeline = Pipeline.default()
    spent: dict[str, float] = {}

    def add(stage: str, since: float) -> None:
        spent[stage] = spent.get(stage, 0.0) + time.process_time() - since

    start = time.process_time()
    for text in docs:
        t = time.process_time()
        doc = Document.from_text(text)
        add("reading lines", t)
        removed: list = []
        for step in pipeline.filters:
            t = time.process_time()
            decisions = list(step.decide(doc))
            if decisions:
                doc = _apply(doc, decisions, step.name, removed)
            add(step.name, t)
        t = time.process_time()
        out = _render(doc, NORMALIZE_BLOCK_CHARS).text()  # (an article: one block)
        add("render", t)
        for norm in pipeline.normalizers:
            t = time.process_time()
            out = norm(out)
            forget(keep=out)
            add(norm.name, t)
        forget()
    total = time.process_time() - start
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"{len(docs)} ANT articles, {mb:.1f} MB: {total:.2f} CPU s, {mb / total:.1f} MB/s")
    for stage, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:28} {seconds:6.2f} s {100 * seconds / total:5.1f}%")


if __name__ == "__main__":
    main()
