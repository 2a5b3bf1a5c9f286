"""How much of already-clean articles the default pipeline removes (content is sacred).

    python benchmarks/ant_loss.py [--n 3000] [--seed 0] [--show 5]

Draws ``--n`` random ANT articles (``random.Random(seed)``; third-party text read from
../shared), cleans each with ``Pipeline.default()`` and counts tokens
(``arcleaner.evaluate.tokens``: word runs of match keys) in and out. ANT articles are
article text as the corpus holds it, with a few known boilerplate families
(``_families.py``), so what is removed beyond those families is content lost. Prints the
share of tokens removed overall and by filter, the share that falls on known families,
and the articles that lost more than a fifth of their tokens (goal: at most 1% of tokens
removed, at most 5 such articles in 3,000), with what was removed from the worst.
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
from _families import family_of

from arcleaner import Pipeline
from arcleaner.evaluate import tokens


def sample(n: int, seed: int) -> list[dict]:
    if not ANT.exists():
        sys.exit(f"needs {ANT} (third-party corpus in ../shared); not found")
    with gzip.open(ANT, "rt", encoding="utf-8", newline="\n") as fh:
        docs = [json.loads(line) for line in fh]
    return random.Random(seed).sample(docs, min(n, len(docs)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show", type=int, default=5, help="worst articles to show")
    args = ap.parse_args(argv)
    pipe = Pipeline.default()
    total_in = total_out = 0
    by_filter: Counter[str] = Counter()
    known = 0
    losers: list[tuple[float, dict, list]] = []
    for doc in sample(args.n, args.seed):
        text = doc["text"]
        result = pipe.run(text)
        n_in = sum(tokens(text).values())
        n_out = sum(tokens(result.text).values())
        total_in += n_in
        total_out += n_out
        for r in result.removed:
            k = sum(tokens(r.text).values())
            by_filter[r.filter] += k
            if family_of(r.text) is not None:
                known += k
        if n_in and (n_in - n_out) / n_in > 0.2:
            losers.append(((n_in - n_out) / n_in, doc, result.removed))
    removed = total_in - total_out
    print(f"command: python benchmarks/ant_loss.py --n {args.n} --seed {args.seed}")
    print(
        f"{args.n} ANT articles, {total_in:,} tokens; removed {removed:,} "
        f"({removed / total_in:.2%}); on known boilerplate families {known:,} "
        f"({known / max(removed, 1):.0%} of the removed)"
    )
    for name, k in by_filter.most_common():
        print(f"  {name:28} {k:>8,} tokens ({k / total_in:.2%})")
    print(f"articles losing more than a fifth of their tokens: {len(losers)}")
    losers.sort(key=lambda t: -t[0])
    for share, doc, removed_lines in losers[: args.show]:
        meta = doc["metadata"]
        print(f"\n## {doc['id']} ({meta.get('source')}): lost {share:.0%}")
        for r in removed_lines[:12]:
            print(f"  {r.line:3} {r.filter}: {r.reason[:70]}\n      {r.text[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
