"""Batch scaling and streaming memory of the real ``arclean`` command on the ANT corpus.

    python benchmarks/batch.py [--limit N] [--jobs 1,2] [--rounds 3] [--big-gb 1.0]
                               [--skip-big]

1. The corpus written out as one file per article (31,525 files, 1,000 a folder, in a
   temporary folder that is removed afterwards): ``arclean RAW -o OUT -j N``.
2. The corpus as one JSONL file: ``arclean --jsonl -j N FILE > /dev/null``.
3. A JSONL file of at least ``--big-gb`` GB (the corpus repeated) streamed through
   ``arclean --jsonl -j 2 < big.jsonl > /dev/null``: peak RSS of the arclean process and
   of its whole process tree (sampled from /proc), so "constant memory" is measured.

The machine is shared (other virtual machines on the same host), and on it the same run
varies by a third from one minute to the next, so every configuration runs ``--rounds``
times, interleaved (round 1 runs every row, then round 2 ...), and the table shows the
best and the median wall time; speedups ("x row1": over the first arclean row, ``-j 1``
by default) are ratios of the best times (the run least disturbed by others), and of
the medians beside them.

References, measured in the same rounds: a plain single-process read-decode-encode-write
loop over the same files (the I/O floor), and the *ceiling*: the same work split in
halves and run as two independent ``arclean -j 1`` processes at once, with no
coordination at all. Its speedup over ``-j 1`` is the most any ``-j 2`` can reach on this
machine at that moment for this workload (CPU caches, memory, and the filesystem's
own cost of creating files shared by two busy cores); ``-j 2`` / ceiling is the share of
it the worker pool delivers. CPU seconds (arclean and its workers) are shown too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _corpus import ant_texts

ARCLEAN = Path(sys.executable).parent / "arclean"


def write_files(texts: list[str], root: Path) -> int:
    """One UTF-8 file per article, 1,000 a folder, the folders in two halves ``h0`` and
    ``h1`` (for the ceiling run); return the total bytes."""
    total = 0
    half = (len(texts) + 1) // 2
    for i, text in enumerate(texts):
        folder = root / f"h{int(i >= half)}" / f"{i // 1000:03d}"
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


def timed(*cmds: list[str], stdin: Path | None = None) -> tuple[float, float]:
    """Run ``cmds`` at the same time; return (wall seconds until the last ends, CPU
    seconds of them and their workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    with open(stdin or os.devnull, "rb") as fin:
        procs = [subprocess.Popen(c, stdin=fin, stdout=subprocess.DEVNULL) for c in cmds]
        codes = [p.wait() for p in procs]
    wall = time.perf_counter() - t0
    if any(codes):
        sys.exit(f"arclean exited {codes}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


class Rows:
    """Wall and CPU times of named runs over several rounds, printed as one table."""

    HEAD = (
        f"{'best s':>8}{'median':>8}{'docs/s':>8}{'MB/s':>7}{'x row1':>7}{'(med)':>7}{'CPU s':>7}"
    )

    def __init__(self, docs: int, mb: float) -> None:
        self.docs, self.mb = docs, mb
        self.runs: dict[str, list[tuple[float, float]]] = {}

    def add(self, label: str, wall: float, cpu: float) -> None:
        self.runs.setdefault(label, []).append((wall, cpu))

    def best(self, label: str) -> float:
        return min(w for w, _ in self.runs[label])

    def median(self, label: str) -> float:
        return statistics.median(w for w, _ in self.runs[label])

    def print(self, title: str, base: str) -> None:
        print(f"\n{title:40}{self.HEAD}")
        for label, runs in self.runs.items():
            best, med = self.best(label), self.median(label)
            cpu = statistics.median(c for _, c in runs)
            print(
                f"{label:40}{best:>8.1f}{med:>8.1f}{self.docs / best:>8.0f}"
                f"{self.mb / best:>7.1f}{self.best(base) / best:>7.2f}"
                f"{self.median(base) / med:>7.2f}{cpu:>7.1f}"
            )


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


def fs_type(path: Path) -> str:
    """The filesystem type holding ``path`` (from /proc/mounts; '?' when unknown)."""
    best, kind = "", "?"
    try:
        with open("/proc/mounts") as fh:
            for line in fh:
                _, point, fstype, *_ = line.split()
                where = str(path.resolve())
                inside = point == "/" or where == point or where.startswith(point + "/")
                if inside and len(point) > len(best):
                    best, kind = point, fstype
    except OSError:
        pass
    return kind


def default_places(tmp: Path) -> list[Path]:
    """The temp folder, and /dev/shm when it is another filesystem (memory: no disk cost)."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK) and shm.stat().st_dev != tmp.stat().st_dev:
        return [tmp, shm]
    return [tmp]


def files_table(
    texts: list[str], place: Path, jobs: list[int], rounds: int, arclean: list[str]
) -> None:
    """Time ``arclean RAW -o OUT -j N`` over one file per article written under ``place``."""
    tmp = Path(tempfile.mkdtemp(prefix="arclean-bench-files-", dir=place))
    try:
        raw, out = tmp / "raw", tmp / "out"
        size = write_files(texts, raw)
        n = len(texts)
        print(f"\n{n} files, {size / 1e6:.1f} MB, under {tmp} ({fs_type(tmp)})")
        rows = Rows(n, size / 1e6)
        for _ in range(rounds):
            rows.add("plain read-decode-encode-write", plain_loop(raw, out), 0.0)
            shutil.rmtree(out)
            for j in jobs:
                cmd = [*arclean, str(raw), "-o", str(out), "-j", str(j)]
                rows.add(f"arclean RAW -o OUT -j {j}", *timed(cmd))
                shutil.rmtree(out)
            halves = [[*arclean, str(raw / h), "-o", str(out / h), "-j", "1"] for h in ("h0", "h1")]
            rows.add("ceiling: 2 x (arclean HALF -j 1) at once", *timed(*halves))
            shutil.rmtree(out)
        rows.print(f"files on {fs_type(tmp)}", f"arclean RAW -o OUT -j {jobs[0]}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles only")
    ap.add_argument("--jobs", default="1,2", help="comma-separated -j values (default 1,2)")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each row (default 3)")
    ap.add_argument(
        "--where",
        default=None,
        help="comma-separated folders to write the files into (default: the temp folder, "
        "and /dev/shm when it is another filesystem)",
    )
    ap.add_argument("--big-gb", type=float, default=1.0, help="size of the streamed JSONL")
    ap.add_argument("--skip-big", action="store_true", help="skip the streaming-RSS run")
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    texts = ant_texts(args.limit)
    n = len(texts)
    print(f"machine: {os.cpu_count()} CPUs, load average before {os.getloadavg()[0]:.2f}")
    tmp = Path(tempfile.mkdtemp(prefix="arclean-bench-"))
    arclean = [str(ARCLEAN), "-q"]
    places = [Path(p) for p in args.where.split(",")] if args.where else default_places(tmp)
    try:
        for place in places:
            files_table(texts, place, jobs, args.rounds, arclean)

        corpus = tmp / "ant.jsonl"
        halves = [tmp / "h0.jsonl", tmp / "h1.jsonl"]
        with open(corpus, "w", encoding="utf-8", newline="\n") as fh:
            hs = [open(h, "w", encoding="utf-8", newline="\n") for h in halves]
            for i, text in enumerate(texts):
                line = json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n"
                fh.write(line)
                hs[int(i >= (n + 1) // 2)].write(line)
            for h in hs:
                h.close()
        jmb = corpus.stat().st_size / 1e6
        stream = Rows(n, jmb)
        for _ in range(args.rounds):
            for j in jobs:
                stream.add(
                    f"arclean --jsonl -j {j} FILE",
                    *timed([*arclean, "--jsonl", "-j", str(j), str(corpus)]),
                )
            cmds = [[*arclean, "--jsonl", "-j", "1", str(h)] for h in halves]
            stream.add("ceiling: 2 x (arclean HALF -j 1) at once", *timed(*cmds))
        stream.print(f"one JSONL stream ({jmb:.0f} MB)", f"arclean --jsonl -j {jobs[0]} FILE")

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
