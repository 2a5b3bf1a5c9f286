"""Throughput of the default pipeline on the ANT corpus, beside a plain I/O loop.

    python benchmarks/throughput.py [--limit N] [--repeat R]

Each document is handled as the CLI handles a file: bytes -> decode -> clean -> encode ->
write. The reference loop does the same without cleaning (the practical ceiling). MB are
input bytes (UTF-8); figures are the best of R runs, timed in CPU seconds of this
process (``time.process_time``), which other load on a shared machine disturbs far less
than wall time.
"""

from __future__ import annotations

import argparse
import io
import time

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = [t.encode("utf-8") for t in ant_texts(args.limit)]
    mb = sum(map(len, docs)) / 1e6
    pipeline = Pipeline.default()
    ref = best(lambda: plain_loop(docs), args.repeat)
    ours = best(lambda: arclean_loop(docs, pipeline), args.repeat)
    print(f"ANT corpus: {len(docs)} documents, {mb:.1f} MB (single process, best of {args.repeat})")
    print(f"{'':32}{'MB/s':>10}{'docs/s':>12}")
    print(f"{'plain read-decode-encode-write':32}{mb / ref:>10.1f}{len(docs) / ref:>12.0f}")
    print(f"{'arclean default pipeline':32}{mb / ours:>10.1f}{len(docs) / ours:>12.0f}")
    print(f"peak RSS {peak_rss_mb():.0f} MB (corpus held in memory)")


if __name__ == "__main__":
    main()
