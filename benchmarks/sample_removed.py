"""Write a random sample of lines the default pipeline removed from the ANT corpus, to audit.

    python benchmarks/sample_removed.py [--k 200] [--seed 0] [--limit N] [-o FILE]

Runs ``Pipeline.default()`` over ``../shared/corpus/ant-multisource/``, collects every
removal (whole line or span) and writes ``--k`` of them, drawn with ``random.Random(seed)``,
to ``benchmarks/out/removed_sample.txt`` (git-ignored: the text is third-party): one
block per removal with the site, article id, line, filter and reason, then the removed
text. Read the file through and count the removals that were real content (goal: none).
Prints the number of removals per filter as the reference.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import ANT

from arcleaner import Pipeline

# (beside this script, from whatever folder it runs: benchmarks/out/ is git-ignored)
OUT = Path(__file__).resolve().parent / "out"


def removals(limit: int | None = None) -> list[dict]:
    """Every removal of the default pipeline on the corpus, with its article's site and id."""
    if not ANT.exists():
        sys.exit(f"needs {ANT} (third-party corpus in ../shared); not found")
    pipe = Pipeline.default()
    out = []
    with gzip.open(ANT, "rt", encoding="utf-8", newline="\n") as fh:
        for n, raw in enumerate(fh):
            if limit and n >= limit:
                break
            doc = json.loads(raw)
            for r in pipe.run(doc["text"]).removed:
                out.append({"site": doc["metadata"].get("source", "?"), "id": doc["id"]})
                out[-1].update(r.as_dict())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="random sample of removed ANT lines, to audit")
    ap.add_argument("--k", type=int, default=200, help="sample size (default 200)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("-o", "--out", type=Path, default=OUT / "removed_sample.txt")
    args = ap.parse_args(argv)
    found = removals(args.limit)
    sample = random.Random(args.seed).sample(found, min(args.k, len(found)))
    sample.sort(key=lambda r: (r["filter"], r["site"], r["id"], r["line"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        fh.write(f"# {len(sample)} of {len(found)} removals, seed {args.seed}\n\n")
        for i, r in enumerate(sample, 1):
            span = f" span {r['span']}" if "span" in r else ""
            fh.write(f"[{i}] {r['site']} {r['id']} line {r['line']}{span} | {r['filter']}\n")
            fh.write(f"    reason: {r['reason']}\n    text: {r['text']}\n\n")
    per_filter = Counter(r["filter"] for r in found)
    print(f"{len(found)} removals: " + ", ".join(f"{k} {v}" for k, v in per_filter.most_common()))
    print(f"wrote {len(sample)} (seed {args.seed}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
