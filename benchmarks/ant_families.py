"""How much of each known ANT boilerplate family the default pipeline removes, per site.

    python benchmarks/ant_families.py [--limit N] [--json out.json]

For every article of ``../shared/corpus/ant-multisource/`` the family detectors of
``_families.py`` (BBC app prompt, Al Arabiya disclaimer, France 24 ``للمزيد`` lines,
``اقرأ أيضاً`` lines and blocks, CNN disclaimers, ``-----`` rules, agency-credit and
reprint lines) mark the boilerplate lines; ``Pipeline.default().run()`` says what it
removed. A family line counts as *removed* when at least 90% of its characters were
removed (whole line, or units of it), *cut* when less but some, *kept* otherwise.
Prints one markdown table (family x site) with a total per family, and the number of
articles and lines seen as the reference.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import ANT
from _families import FAMILIES, family_lines

from arcleaner import Pipeline


def _removed_chars(removed) -> dict[int, int]:
    out: dict[int, int] = defaultdict(int)
    for r in removed:
        out[r.line] += len(r.text.strip())
    return out


def count(limit: int | None = None) -> tuple[dict, Counter]:
    """``{(family, site): Counter(occurrences, removed, cut, kept)}`` and corpus totals."""
    if not ANT.exists():
        sys.exit(f"needs {ANT} (third-party corpus in ../shared); not found")
    pipe = Pipeline.default()
    table: dict[tuple[str, str], Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    with gzip.open(ANT, "rt", encoding="utf-8", newline="\n") as fh:
        for n, raw in enumerate(fh):
            if limit and n >= limit:
                break
            doc = json.loads(raw)
            text, site = doc["text"], doc["metadata"].get("source", "?")
            lines = text.split("\n")
            totals["articles"] += 1
            totals["lines"] += len(lines)
            marked = family_lines(lines)
            if not marked:
                continue
            gone = _removed_chars(pipe.run(text).removed)
            for index, family in marked:
                size = len(lines[index].strip())
                cut = gone.get(index + 1, 0)
                cell = table[(family, site)]
                cell["occurrences"] += 1
                if cut >= 0.9 * size:
                    cell["removed"] += 1
                elif cut:
                    cell["cut"] += 1
                else:
                    cell["kept"] += 1
    return table, totals


def markdown(table: dict[tuple[str, str], Counter]) -> str:
    rows = ["| family | site | occurrences | removed | cut (partly) | kept |", "|---" * 6 + "|"]
    for family in FAMILIES:
        cells = sorted((site, c) for (fam, site), c in table.items() if fam == family)
        total: Counter = Counter()
        for site, c in cells:
            total.update(c)
            rows.append(
                f"| {family} | {site} | {c['occurrences']} | {c['removed']} | {c['cut']} "
                f"| {c['kept']} |"
            )
        if len(cells) != 1:
            rows.append(
                f"| **{family}** | all | {total['occurrences']} | {total['removed']} "
                f"| {total['cut']} | {total['kept']} |"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="ANT boilerplate families removed, per site")
    ap.add_argument("--limit", type=int, help="only the first N articles")
    ap.add_argument("--json", type=Path, help="also write the counts to this JSON file")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    table, totals = count(args.limit)
    limit = f" --limit {args.limit}" if args.limit else ""
    print(f"command: python benchmarks/ant_families.py{limit}")
    print(
        f"reference: {totals['articles']} articles, {totals['lines']} lines, "
        f"{time.perf_counter() - t0:.1f} s; pipeline: {Pipeline.default()!r}\n"
    )
    print(markdown(table))
    print("\nfamilies: " + "; ".join(f"{k} = {v}" for k, v in FAMILIES.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        data = [{"family": f, "site": s, **c} for (f, s), c in sorted(table.items())]
        args.json.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
