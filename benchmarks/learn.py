"""Learning throughput and peak memory: one process against a 2-worker Dask cluster.

    python benchmarks/learn.py [--copies 1 10] [--shards 8]

Writes the ANT corpus (``../shared/corpus/ant-multisource/``) as uncompressed JSONL
shards in a temporary folder on ``/dev/shm`` (so disk speed is out of the figures), once
as it is and once repeated ``N`` times (each copy after the first gets a line of its own,
so it is a new document and not an exact duplicate). For each size it times, in fresh
subprocesses (so peak RSS is each run's own):

- the reference, measured in the same run: read every shard and ``json.loads`` each
  record, nothing else;
- ``learn_documents`` in one process (what ``arclean learn`` runs);
- a **ceiling**: two independent single processes on the two halves of the shards at
  once, with no coordination (the most any 2-worker run can get from this machine at
  that moment: other work may share its 2 cores);
- ``arcleaner.dask.learn_bag`` on a ``LocalCluster`` of 2 single-threaded worker
  processes (peak RSS summed over the client and both workers).

and checks that the cluster's profile equals the single process's.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import ANT


def write_shards(folder: Path, copies: int, shards: int) -> tuple[int, int]:
    import gzip

    folder.mkdir(parents=True, exist_ok=True)
    outs = [(folder / f"part-{i:03d}.jsonl").open("w", encoding="utf-8") for i in range(shards)]
    n = size = 0
    for copy in range(copies):
        with gzip.open(ANT, "rt", encoding="utf-8", newline="\n") as fh:
            for line in fh:
                rec = json.loads(line)
                if copy:
                    rec["text"] += f"\nنسخة رقم {copy}"
                data = json.dumps(rec, ensure_ascii=False) + "\n"
                outs[n % shards].write(data)
                n += 1
                size += len(data.encode("utf-8"))
    for fh in outs:
        fh.close()
    return n, size


def _records(folder: Path, half: int | None = None):
    paths = sorted(folder.glob("*.jsonl"))
    if half is not None:
        paths = paths[half::2]
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)


def one(kind: str, folder: Path, out: Path) -> dict:
    """Run one measurement in this process; return seconds and peak RSS (MB)."""
    from arcleaner.learn import learn_documents

    t0 = time.perf_counter()
    if kind == "reference":
        n = sum(1 for _ in _records(folder))
        result = {"docs": n}
    elif kind in ("single", "half0", "half1"):
        half = None if kind == "single" else int(kind[-1])
        docs = ((r["text"], r["metadata"]["source"]) for r in _records(folder, half))
        profile = learn_documents(docs, source_by="field:metadata.source").finish()
        profile.save(out)
        result = {"docs": sum(sc.documents for sc in profile.sources.values())}
    else:
        import dask.bag as db
        from dask.distributed import Client, LocalCluster

        from arcleaner.dask import learn_bag

        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            t0 = time.perf_counter()  # the cluster's start-up is not learning
            bag = db.read_text(str(folder / "*.jsonl"), blocksize="16MiB").map(json.loads)
            phases: dict[str, float] = {}
            profile = learn_bag(bag, timings=phases)
            elapsed = time.perf_counter() - t0
            workers = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        profile.save(out)
        me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "seconds": elapsed,
            "rss_mb": me + sum(workers.values()),
            "phases": phases,
            "docs": sum(sc.documents for sc in profile.sources.values()),
        }
    result["seconds"] = time.perf_counter() - t0
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _ceiling(folder: Path, tmp: Path, copies: int) -> dict:
    """Two independent single processes on the two halves of the shards, at once: the
    most any 2-worker run can get from this machine at this moment (other processes
    share its 2 cores). Their profiles merge into the whole (not timed)."""
    outs = [tmp / f"half{i}-{copies}.profile" for i in (0, 1)]
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, __file__, "--one", f"half{i}", str(folder), str(outs[i])],
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in (0, 1)
    ]
    results = [json.loads(p.communicate()[0].strip().splitlines()[-1]) for p in procs]
    return {
        "seconds": time.perf_counter() - t0,
        "rss_mb": sum(r["rss_mb"] for r in results),
        "docs": sum(r["docs"] for r in results),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--copies", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--shards", type=int, default=8)
    ap.add_argument("--one", nargs=3, metavar=("KIND", "FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        kind, folder, out = args.one
        print(json.dumps(one(kind, Path(folder), Path(out))))
        return 0
    if not ANT.exists():
        sys.exit(f"needs {ANT} (third-party corpus in ../shared); not found")
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(dir=base) as tmp:
        print("| input | run | seconds | MB/s | docs/s | peak RSS (MB) |")
        print("|---|---|---|---|---|---|")
        for copies in args.copies:
            folder = Path(tmp) / f"x{copies}"
            n, size = write_shards(folder, copies, args.shards * copies)
            profiles = {}
            for kind in ("reference", "single", "ceiling", "dask-2"):
                out = Path(tmp) / f"{kind}-{copies}.profile"
                if kind == "ceiling":
                    r = _ceiling(folder, Path(tmp), copies)
                else:
                    proc = subprocess.run(
                        [sys.executable, __file__, "--one", kind, str(folder), str(out)],
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    r = json.loads(proc.stdout.strip().splitlines()[-1])
                mb = size / 1e6
                label = f"ANT x{copies} ({n:,} docs, {mb:,.0f} MB)"
                print(
                    f"| {label} | {kind} | {r['seconds']:.1f} | {mb / r['seconds']:.1f} | "
                    f"{n / r['seconds']:,.0f} | {r['rss_mb']:.0f} |",
                    flush=True,
                )
                if "phases" in r:
                    ph = ", ".join(f"{k} {v:.1f} s" for k, v in r["phases"].items())
                    print(f"|  | dask-2 passes: {ph} (count includes the merge) |", flush=True)
                if kind in ("single", "dask-2"):
                    profiles[kind] = out
            from arcleaner.profile import SiteProfile

            a, b = SiteProfile.load(profiles["single"]), SiteProfile.load(profiles["dask-2"])
            counts = a.same_counts(b)
            # The display tables (1,000 keys a source) keep every frequent key; at their
            # lower edge, which of the many 2-5 document keys a table kept depends on
            # when it was pruned. Print the most documents a key in one table only has.
            edge = 0
            for s in a.sources:
                ta, tb = dict(a.sources[s].ranked()), dict(b.sources[s].ranked())
                for k in ta.keys() ^ tb.keys():
                    edge = max(edge, ta.get(k, 0), tb.get(k, 0))
            print(
                f"|  | cluster == single process: counts (sketches, documents, fingerprints) "
                f"{counts}; display tables differ only in keys of at most {edge} documents |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
