"""Sentence units on ANT lines: arcleaner.units.split_units against pyarabic.

    python benchmarks/units.py [--limit 5000]

Splits every line of the first ``--limit`` ANT articles both ways, in the same run
(best of 3), and prints the speed, the units per line, how many lines each can join
back exactly, how many splits fall after ``،`` ``,`` ``:`` or ``؛`` (clauses, not
sentences), and how many lines pyarabic stops splitting at 32 marks.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import ant_texts
from pyarabic.araby import sentence_tokenize

from arcleaner.units import split_units

_CLAUSE = re.compile(r"[،,:؛;]$")


def ours(line: str) -> list[str]:
    return [line[u.start : u.end] for u in split_units(line)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--limit", type=int, default=5000)
    args = ap.parse_args(argv)
    lines = [ln for t in ant_texts(args.limit) for ln in t.split("\n") if ln.strip()]
    mb = sum(len(ln.encode("utf-8")) for ln in lines) / 1e6
    print(f"{len(lines):,} lines, {mb:.1f} MB, from {args.limit:,} ANT articles")
    print(
        "| splitter | MB/s | units/line | lines joined back exactly | clause splits | "
        "lines capped at 32 splits |"
    )
    print("|---|---|---|---|---|---|")
    for name, fn in (
        ("arcleaner split_units", ours),
        ("pyarabic sentence_tokenize", sentence_tokenize),
    ):
        best = min(_time(fn, lines) for _ in range(3))
        units = [fn(ln) for ln in lines]
        n_units = sum(len(u) for u in units)
        if fn is ours:
            joined = sum(1 for ln in lines if _rejoin(ln) == ln)
        else:
            joined = sum(1 for ln, u in zip(lines, units, strict=True) if "".join(u) == ln)
        clause = sum(1 for u in units for piece in u[:-1] if _CLAUSE.search(piece.rstrip()))
        capped = 0
        if fn is sentence_tokenize:
            capped = sum(
                1
                for ln, u in zip(lines, units, strict=True)
                if len(u) == 33 and len(re.findall(r"[.,:;،؟?\n]+[\n\t\r ]+", ln)) > 32
            )
        print(
            f"| {name} | {mb / best:.1f} | {n_units / len(lines):.2f} | "
            f"{joined / len(lines):.1%} | {clause:,} | {capped:,} |"
        )
    return 0


def _rejoin(line: str) -> str:
    units = split_units(line)
    return line[: units[0].start] + "".join(line[u.start : u.next] for u in units)


def _time(fn, lines) -> float:
    t0 = time.perf_counter()
    for ln in lines:
        fn(ln)
    return time.perf_counter() - t0


if __name__ == "__main__":
    sys.exit(main())
