"""Batch scaling and streaming memory of the real ``arclean`` command on the ANT corpus.

    python benchmarks/batch.py [--limit N] [--jobs 1,2] [--big-gb 1.0] [--skip-big]

1. The corpus written out as one file per article (31,525 files, in a temporary folder
   that is removed afterwards): ``arclean RAW -o OUT -j N`` for each N.
2. The corpus as one JSONL file: ``arclean --jsonl -j N FILE > /dev/null``.
3. A JSONL file of at least ``--big-gb`` GB (the corpus repeated) streamed through
   ``arclean --jsonl -j 2 < big.jsonl > /dev/null``: peak RSS of the arclean process and
   of its whole process tree (sampled from /proc), so "constant memory" is measured.

Reference, measured in the same run: a plain single-process read-decode-encode-write loop
over the same files (the practical I/O ceiling). Wall-clock times include the start of
the interpreter and workers. The machine is shared, so the load average is printed too,
with the CPU seconds each run used (arclean and its workers) and "bound": the speedup
``-j N`` would reach on N otherwise idle cores, N x CPU(-j 1) / CPU(-j N), i.e. what the
parallel overhead alone allows (it is the wall-clock ratio when nothing else runs).
Beside them, the speedup of N pure busy-loop processes over one, measured just before:
the parallelism the machine offered at that moment.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _corpus import ant_texts

ARCLEAN = Path(sys.executable).parent / "arclean"


def _spin(n: int) -> int:
    x = 0
    for i in range(n):
        x += i
    return x


def machine_parallelism(jobs: int) -> float:
    """How much faster ``jobs`` pure-CPU processes finish than one, right now: the best
    any -j can do on this (shared) machine at this moment."""
    import multiprocessing

    n = 6_000_000
    t0 = time.perf_counter()
    _spin(n)
    one = time.perf_counter() - t0
    with multiprocessing.Pool(jobs) as pool:
        t0 = time.perf_counter()
        pool.map(_spin, [n] * jobs)
        many = time.perf_counter() - t0
    return jobs * one / many


def write_files(texts: list[str], root: Path) -> int:
    """One UTF-8 file per article, 1,000 a folder; return the total bytes."""
    total = 0
    for i, text in enumerate(texts):
        folder = root / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (folder / f"{i:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def plain_loop(root: Path, out: Path) -> float:
    """The reference: read, decode, encode, write every file, in one process."""
    t0 = time.perf_counter()
    for src in sorted(root.rglob("*.txt")):
        dest = out / src.relative_to(root)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(src.read_bytes().decode("utf-8").encode("utf-8"))
    return time.perf_counter() - t0


def timed(cmd: list[str], stdin: Path | None = None) -> tuple[float, float]:
    """Run ``cmd``; return (wall seconds, CPU seconds of it and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(stdin or os.devnull, "rb") as fin:
        subprocess.run(cmd, stdin=fin, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def tree_rss_mb(root_pid: int) -> float:
    """Resident memory of a process and all its descendants now, in MB (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total / 1e6


# Runs the command as the only child of a fresh interpreter, so ru_maxrss of the children
# covers exactly that arclean process and its workers (the largest of them).
_WRAPPER = """
import resource, subprocess, sys
with open(sys.argv[1], "rb") as fin:
    code = subprocess.run(sys.argv[2:], stdin=fin, stdout=subprocess.DEVNULL).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def stream_peak_rss(big: Path, jobs: int) -> tuple[float, float, float]:
    """Stream ``big`` through arclean; return (seconds, peak RSS of its largest single
    process in MB, peak sampled RSS of its whole process tree in MB)."""
    peak_tree = 0.0
    cmd = [str(ARCLEAN), "--jsonl", "-j", str(jobs), "-q"]
    t0 = time.perf_counter()
    p = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, str(big), *cmd], stdout=subprocess.PIPE, text=True
    )
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.wait(0.25):
            peak_tree = max(peak_tree, tree_rss_mb(p.pid) - own_rss_mb(p.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = p.communicate()
    stop.set()
    sampler.join()
    seconds = time.perf_counter() - t0
    maxrss_kib, code = (int(x) for x in out.split())
    if code:
        sys.exit(f"arclean exited {code}")
    return seconds, maxrss_kib / 1024, peak_tree


def own_rss_mb(pid: int) -> float:
    """Resident memory of one process (the wrapper, left out of the tree figure)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--jobs", default="1,2", help="comma-separated -j values (default 1,2)")
    ap.add_argument("--big-gb", type=float, default=1.0, help="size of the streamed JSONL")
    ap.add_argument("--skip-big", action="store_true", help="skip the streaming-RSS run")
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    texts = ant_texts(args.limit)
    n = len(texts)
    print(f"machine: {os.cpu_count()} CPUs, load average before {os.getloadavg()[0]:.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="arclean-bench-"))
    try:
        raw = tmp / "raw"
        size = write_files(texts, raw)
        mb = size / 1e6
        print(f"ANT corpus: {n} articles, {mb:.1f} MB as {n} files under {raw}")
        ref = plain_loop(raw, tmp / "plain")
        head = f"{'seconds':>9}{'docs/s':>9}{'MB/s':>8}{'x -j1':>7}{'CPU s':>8}{'bound':>7}"
        print(f"\n{'files (arclean RAW -o OUT)':34}{head}")
        print(f"{'plain read-decode-encode-write':34}{ref:>9.1f}{n / ref:>9.0f}{mb / ref:>8.1f}")
        for j in jobs[1:]:
            cap = machine_parallelism(j)
            print(f"{f'reference: {j} busy-loop processes':34}{'':>33}{cap:>7.2f}  (x one)")
        base = base_cpu = None
        for j in jobs:
            out = tmp / f"out{j}"
            secs, cpu = timed([str(ARCLEAN), str(raw), "-o", str(out), "-j", str(j), "-q"])
            base, base_cpu = base or secs, base_cpu or cpu
            label = f"arclean -j {j}"
            print(
                f"{label:34}{secs:>9.1f}{n / secs:>9.0f}{mb / secs:>8.1f}{base / secs:>7.2f}"
                f"{cpu:>8.1f}{j * base_cpu / cpu:>7.2f}"
            )
            shutil.rmtree(out)
        shutil.rmtree(raw)
        shutil.rmtree(tmp / "plain")

        corpus = tmp / "ant.jsonl"
        with open(corpus, "w", encoding="utf-8", newline="\n") as fh:
            for i, text in enumerate(texts):
                fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        jmb = corpus.stat().st_size / 1e6
        print(f"\n{f'one JSONL stream ({jmb:.0f} MB)':34}{head}")
        for j in jobs[1:]:
            cap = machine_parallelism(j)
            print(f"{f'reference: {j} busy-loop processes':34}{'':>33}{cap:>7.2f}  (x one)")
        base = base_cpu = None
        for j in jobs:
            secs, cpu = timed([str(ARCLEAN), "--jsonl", "-j", str(j), "-q", str(corpus)])
            base, base_cpu = base or secs, base_cpu or cpu
            label = f"arclean --jsonl -j {j}"
            print(
                f"{label:34}{secs:>9.1f}{n / secs:>9.0f}{jmb / secs:>8.1f}{base / secs:>7.2f}"
                f"{cpu:>8.1f}{j * base_cpu / cpu:>7.2f}"
            )

        if not args.skip_big:
            big = tmp / "big.jsonl"
            block = corpus.read_bytes()
            copies = max(1, int(args.big_gb * 1e9 / len(block)) + 1)
            with open(big, "wb") as fh:
                for _ in range(copies):
                    fh.write(block)
            del block
            gb = big.stat().st_size / 1e9
            secs, single, tree = stream_peak_rss(big, 2)
            print(f"\nstreaming {gb:.2f} GB JSONL ({copies * n} records) through arclean -j 2:")
            print(f"  {secs:.0f} s ({gb * 1e3 / secs:.1f} MB/s)")
            print(f"  peak RSS: largest single process {single:.0f} MB (getrusage),")
            print(f"  parent + workers together {tree:.0f} MB (sampled from /proc every 0.25 s)")
        print(f"\nload average after {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
