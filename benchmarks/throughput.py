"""Throughput of the default pipeline on the ANT corpus, beside plain loops and another revision.

    python benchmarks/throughput.py [--limit N] [--repeat R] [--against REV] [--check-output]

Two shapes of the same corpus, each timed in CPU seconds (``time.process_time``, which
other load on a shared machine disturbs far less than wall time), best of R rounds:

* **text**: each article handled as the CLI handles a file: bytes -> decode -> clean ->
  encode. Its reference is a plain read-decode-encode loop (the I/O floor).
* **JSONL**: each ANT record as ``arclean --jsonl -j 1`` handles a line of its input
  (``arcleaner.run.jsonl.clean_record``: parse, clean the text field, dump), without the
  file I/O. Its reference is a plain JSONL pass-through: parse, split the text into lines,
  join them, dump (what any JSONL tool costs at least). MB are JSONL bytes.

``--against REV`` also runs the pipeline of git revision REV (its ``src`` exported to a
temporary folder); every pipeline row, ours included, runs in a fresh subprocess on the
same inputs, and the rounds are interleaved (ours, theirs, ours, ...), so the load of a
shared machine falls on both. ``--check-output`` hashes the cleaned text of every ANT
article and every quality page (the real and dev pages and 100 composite pages) in both
revisions and says whether they are byte-identical (and, if not, the first document that
differs).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _corpus import ANT, export_src, peak_rss_mb

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

# Runs in a subprocess with one revision's ``src`` first on sys.path: times the text and
# the JSONL loops once, and hashes the outputs when asked. Prints one JSON object.
_MEASURE = """
import hashlib, json, pickle, sys, time
sys.path.insert(0, sys.argv[1])
from arcleaner import Pipeline, decode
try:  # (the record path moved to arcleaner.run.jsonl; older revisions have it here)
    from arcleaner.run.jsonl import JsonlOptions, clean_record
except ImportError:
    from arcleaner.jsonl import JsonlOptions, clean_record
with open(sys.argv[2], "rb") as fh:
    data = pickle.load(fh)
p = Pipeline.default()
out = {}
t0 = time.process_time()
for d in data["docs"]:
    p.clean(decode(d)).encode("utf-8")
out["text"] = time.process_time() - t0
options = JsonlOptions()
t0 = time.process_time()
for line in data["records"]:
    clean_record(line, p, options)
out["jsonl"] = time.process_time() - t0
if sys.argv[3] == "check":
    h = hashlib.sha256()
    digests = []
    for text in data["check"]:
        cleaned = p.clean(text).encode("utf-8")
        h.update(cleaned)
        h.update(b"\\0")
        digests.append(hashlib.sha1(cleaned).hexdigest()[:12])
    out["hash"] = h.hexdigest()
    out["digests"] = digests
print(json.dumps(out))
"""


def plain_text_loop(docs: list[bytes]) -> None:
    sink = io.BytesIO()
    for data in docs:
        sink.write(data.decode("utf-8").encode("utf-8"))


def plain_jsonl_loop(records: list[bytes]) -> None:
    """Parse, split the text into lines, join, dump: the least a JSONL tool does."""
    sink = io.BytesIO()
    for line in records:
        record = json.loads(line)
        record["text"] = "\n".join(record["text"].split("\n"))
        sink.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times)


def measure(src: Path, inputs: Path, check: bool) -> dict:
    """One round of the pipeline imported from ``src``, in a fresh subprocess (``check``:
    also hash the outputs)."""
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(src), str(inputs), "check" if check else "-"],
        capture_output=True,
        check=True,
        text=True,
    )
    return json.loads(out.stdout)


def load(limit: int | None) -> tuple[list[bytes], list[bytes]]:
    """The ANT records (JSONL lines) and their texts (UTF-8)."""
    records, docs = [], []
    with gzip.open(ANT, "rb") as fh:
        for line in fh:
            records.append(line)
            docs.append(json.loads(line)["text"].encode("utf-8"))
            if limit and len(records) >= limit:
                break
    return records, docs


def check_inputs(docs: list[bytes]) -> tuple[list[str], list[str]]:
    """Every text the output check cleans, and a name for each."""
    import labelled

    pages = [*labelled.real_and_dev(), *labelled.composite_pages(100, 0)]
    texts = [d.decode("utf-8") for d in docs] + [p.raw for p in pages]
    names = [f"ANT record {i + 1}" for i in range(len(docs))] + [p.name for p in pages]
    return texts, names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=None, help="first N documents only")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--against", metavar="REV", help="also time git revision REV")
    ap.add_argument(
        "--check-output",
        action="store_true",
        help="hash every output of both revisions and compare (needs --against)",
    )
    args = ap.parse_args()
    if args.check_output and not args.against:
        ap.error("--check-output compares with another revision: give --against REV")
    records, docs = load(args.limit)
    mb_text = sum(map(len, docs)) / 1e6
    mb_jsonl = sum(map(len, records)) / 1e6
    check, names = check_inputs(docs) if args.check_output else ([], [])
    ref_text = best(lambda: plain_text_loop(docs), args.repeat)
    ref_jsonl = best(lambda: plain_jsonl_loop(records), args.repeat)
    runs: dict[str, list[dict]] = {"ours": [], "theirs": []}
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs.pickle"
        with open(inputs, "wb") as fh:
            pickle.dump({"docs": docs, "records": records, "check": check}, fh)
        srcs = {"ours": ROOT / "src"}
        if args.against:
            srcs["theirs"] = export_src(args.against, Path(tmp))
        for r in range(args.repeat):  # interleaved: load on the machine falls on both
            for who, src in srcs.items():
                runs[who].append(measure(src, inputs, args.check_output and r == 0))
    print(
        f"ANT corpus: {len(docs)} documents, {mb_text:.1f} MB of text, {mb_jsonl:.1f} MB "
        f"as JSONL (one process, CPU seconds, best of {args.repeat})"
    )
    print(f"{'':40}{'MB/s':>8}{'docs/s':>9}{'% of ref':>10}{'x ' + (args.against or '-'):>12}")

    def row(label: str, mb: float, secs: float, ref: float, other: float | None) -> None:
        share = f"{100 * ref / secs:.0f}%" if ref else ""
        ratio = f"{other / secs:.2f}" if other else ""
        print(f"{label:40}{mb / secs:>8.1f}{len(docs) / secs:>9.0f}{share:>10}{ratio:>12}")

    def fastest(who: str, kind: str) -> float | None:
        return min(r[kind] for r in runs[who]) if runs[who] else None

    label = f"arclean at {args.against}"[:38] if args.against else ""
    row("text: plain read-decode-encode", mb_text, ref_text, 0, None)
    row("text: arclean default pipeline", mb_text, fastest("ours", "text"), ref_text,
        fastest("theirs", "text"))  # fmt: skip
    if args.against:
        row(f"text: {label}", mb_text, fastest("theirs", "text"), ref_text, None)
    row("JSONL: plain pass-through", mb_jsonl, ref_jsonl, 0, None)
    row("JSONL: arclean clean_record", mb_jsonl, fastest("ours", "jsonl"), ref_jsonl,
        fastest("theirs", "jsonl"))  # fmt: skip
    if args.against:
        row(f"JSONL: {label}", mb_jsonl, fastest("theirs", "jsonl"), ref_jsonl, None)
    print(f"peak RSS of this process {peak_rss_mb():.0f} MB (corpus held in memory)")
    if args.check_output:
        ours, theirs = runs["ours"][0], runs["theirs"][0]
        print(f"output hash, this tree: {ours['hash']}")
        print(f"output hash, {args.against}: {theirs['hash']}")
        if ours["hash"] == theirs["hash"]:
            print(f"outputs: byte-identical over {len(check)} documents")
        else:
            diff = [n for n, a, b in zip(names, ours["digests"], theirs["digests"], strict=True)
                    if a != b]  # fmt: skip
            print(f"outputs: {len(diff)} of {len(check)} documents differ, first: {diff[0]}")
            sys.exit(1)


if __name__ == "__main__":
    main()
