"""Throughput of the default pipeline on the ANT corpus, beside a plain I/O loop.

    python benchmarks/throughput.py [--limit N] [--repeat R] [--against REV]

Each document is handled as the CLI handles a file: bytes -> decode -> clean -> encode ->
write. The reference loop does the same without cleaning (the practical ceiling). MB are
input bytes (UTF-8); figures are the best of R runs, timed in CPU seconds of this
process (``time.process_time``), which other load on a shared machine disturbs far less
than wall time. ``--against REV`` also times the pipeline of git revision REV (its
``src`` exported to a temporary folder and imported in a subprocess) in the same run,
rounds interleaved, so a change is compared with the code before it on the same load.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from _corpus import ant_texts, peak_rss_mb

from arcleaner import Pipeline, decode


def plain_loop(docs: list[bytes]) -> None:
    sink = io.BytesIO()
    for data in docs:
        sink.write(data.decode("utf-8").encode("utf-8"))


def arclean_loop(docs: list[bytes], pipeline: Pipeline) -> None:
    sink = io.BytesIO()
    for data in docs:
        sink.write(pipeline.clean(decode(data)).encode("utf-8"))


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def export(rev: str, dest: Path) -> Path:
    """The ``src`` folder of git revision ``rev``, written under ``dest``."""
    root = Path(__file__).resolve().parent.parent
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", rev, "src"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src"


def time_other(src: Path, limit: int | None) -> float:
    """CPU seconds of one run of the pipeline imported from ``src`` (a subprocess)."""
    code = (
        "import sys, json, time, io\n"
        f"sys.path.insert(0, {str(src)!r}); sys.path.insert(1, {str(Path(__file__).parent)!r})\n"
        "from _corpus import ant_texts\n"
        "from arcleaner import Pipeline, decode\n"
        f"docs = [t.encode('utf-8') for t in ant_texts({limit!r})]\n"
        "p = Pipeline.default(); sink = io.BytesIO(); t0 = time.process_time()\n"
        "for d in docs: sink.write(p.clean(decode(d)).encode('utf-8'))\n"
        "print(json.dumps(time.process_time() - t0))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", metavar="REV", help="also time git revision REV")
    args = ap.parse_args()
    docs = [t.encode("utf-8") for t in ant_texts(args.limit)]
    mb = sum(map(len, docs)) / 1e6
    pipeline = Pipeline.default()
    ref = best(lambda: plain_loop(docs), args.repeat)
    ours, theirs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        other = export(args.against, Path(tmp)) if args.against else None
        for _ in range(args.repeat):  # interleaved: load on the machine falls on both
            ours.append(best(lambda: arclean_loop(docs, pipeline), 1))
            if other is not None:
                theirs.append(time_other(other, args.limit))
    print(f"ANT corpus: {len(docs)} documents, {mb:.1f} MB (single process, best of {args.repeat})")
    print(f"{'':32}{'MB/s':>10}{'docs/s':>12}")
    print(f"{'plain read-decode-encode-write':32}{mb / ref:>10.1f}{len(docs) / ref:>12.0f}")
    print(f"{'arclean default pipeline':32}{mb / min(ours):>10.1f}{len(docs) / min(ours):>12.0f}")
    if theirs:
        label = f"arclean at {args.against}"[:31]
        print(f"{label:32}{mb / min(theirs):>10.1f}{len(docs) / min(theirs):>12.0f}")
    print(f"peak RSS {peak_rss_mb():.0f} MB (corpus held in memory)")


if __name__ == "__main__":
    main()
