"""What a faster JSON codec would buy the JSONL record path: parse and dump every ANT
record with the standard ``json`` (as ``arclean --jsonl`` does) and with orjson, in one
run, best of ``--rounds``.

    python benchmarks/json_codec.py [--rounds 3]

orjson is in the ``test`` extra; without it only ``json`` is timed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import ANT


def _codecs() -> dict[str, tuple[Callable, Callable]]:
    out: dict[str, tuple[Callable, Callable]] = {
        "json (ensure_ascii=False)": (
            json.loads,
            lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8"),
        )
    }
    try:
        import orjson
    except ImportError:
        print("orjson is not installed: pip install orjson", file=sys.stderr)
    else:
        out["orjson"] = (orjson.loads, orjson.dumps)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    if not ANT.exists():
        sys.exit(f"needs {ANT} (third-party corpus in ../shared); not found")
    lines = gzip.open(ANT, "rb").read().splitlines()
    size = sum(map(len, lines)) / 1e6
    print(f"ANT: {len(lines):,} records, {size:.1f} MB; parse + dump each, best of {args.rounds}")
    codecs = _codecs()
    best = dict.fromkeys(codecs, float("inf"))
    for _ in range(args.rounds):  # rounds interleaved: a shared machine's load falls on all
        for name, (loads, dumps) in codecs.items():
            t = time.perf_counter()
            for line in lines:
                dumps(loads(line))
            best[name] = min(best[name], time.perf_counter() - t)
    for name, seconds in best.items():
        print(f"{name:<28} {seconds:6.2f} s  {size / seconds:6.1f} MB/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
