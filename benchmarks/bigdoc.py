"""Time and peak memory of one big document through the real ``arclean``.

    python benchmarks/bigdoc.py [--sizes 10,50] [--against REV] [--rounds 1] [--variants]
                                [--short] [--jsonl] [--judge-all]

The ANT articles, in corpus order, make two documents of each size (MB of UTF-8): one
with an article's lines as lines (``multi``) and one with everything on a single line,
joined by spaces (``single``: the shape of a scrape that lost its line breaks). Each runs
as ``python -m arcleaner FILE > FILE.out`` in a fresh process; the table gives wall and
CPU seconds and the peak RSS of that process beside the memory bound the issue sets
(4 times the document plus 60 MB; every MB here is 10^6 bytes, the unit of the
documents' sizes: runs before 2026-11-30's eleventh session printed the RSS in MiB,
4.9% lower), the size of its output (what was kept; "output
differs" where ``--against``'s revision wrote other bytes), and how time grows with size
(seconds per MB of the largest size over the smallest: 1.00 is linear).
``--against REV`` runs the ``src`` of git revision REV on the same files, rounds
interleaved. ``--variants`` adds the one-line
document as scrapes give it: after a title line, with spaces at its ends, after a title
ending in a stray mark, with a form feed (``VARIANTS``), and the many-line document
without the few characters outside arcleaner's 8-bit alphabet (``alphabet``). ``--short``
adds many-line documents of short lines: one sentence a line (``sentences``: the articles
cut after each full stop, about 150 characters a line) and the articles hard-wrapped at 70
characters (``wrapped``: about 56 a line, as a text browser's dump). A text of more than
5,000 lines is documents run together to drop-by-context, which leaves it alone:
``--judge-all`` runs this tree with ``--set drop-by-context.max_lines=0`` (its memory on
such a page). ``--jsonl`` adds both
documents as the text field of a one-record JSONL file, written as ``json.dumps`` writes
it by default (``ascii``: every Arabic letter escaped, ``\\u0627``, six bytes where UTF-8
takes two) and as UTF-8 (``utf8``: ``ensure_ascii=False``, as datatrove and ``datasets``
write); the bound is still that of the document's UTF-8 size.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from _corpus import ant_texts, export_src

from arcleaner.keys import ALPHABET

ROOT = Path(__file__).resolve().parent.parent

# Runs the CLI of one revision on one file; prints wall, CPU seconds, peak RSS (MB) and
# the size of the output (MB).
_RUN = """
import hashlib, os, resource, subprocess, sys, time
src, path, more = sys.argv[1], sys.argv[2], sys.argv[3:]
env = {"PYTHONPATH": src, "PATH": "/usr/bin:/bin"}
t0 = time.perf_counter()
with open(path + ".out", "wb") as out:
    subprocess.run([sys.executable, "-m", "arcleaner", "-q", path, *more], stdout=out,
                   env=env, check=True)
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
size = os.path.getsize(path + ".out") / 1e6
with open(path + ".out", "rb") as out:
    digest = hashlib.file_digest(out, "sha256").hexdigest()
os.unlink(path + ".out")
print(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024 / 1e6, size, digest)
"""


# The one-line page as scrapes give it, beside the bare line (--variants): what comes
# before and after it, and a form feed inside (normalize-unicode makes it a line break).
VARIANTS = {
    "title": ("عنوان الخبر\n", ""),
    "spaced": (" ", " \nنص"),
    "stray": ("عنوان الخبر \u064b\n", "\nـــ"),
    "formfeed": ("", "\x0cنص"),
}


# The characters of arcleaner's 8-bit alphabet: the ANT pages hold a few others (an
# emoji, presentation forms), which put a document's keys on the plain path; the
# "alphabet" variant is the many-line page without them.
_IN_ALPHABET = frozenset(ALPHABET)

# Documents of short lines (--short): the many-line page cut after each full stop, and
# hard-wrapped at 70 characters.
_SENTENCE_END = re.compile(r"(?<=[.!?\u061f])[ \t]+")
SHORT = {
    "sentences": lambda text: _SENTENCE_END.split(text),
    "wrapped": lambda text: [
        piece for line in text.split("\n") for piece in (textwrap.wrap(line, 70) or [""])
    ],
}

# --judge-all: drop-by-context judges a text of any length (by default a text of more
# than 5,000 lines is documents run together, which it leaves alone; every many-line
# document here is one).
JUDGE_ALL = ["--set", "drop-by-context.max_lines=0"]

# The JSONL forms of a document (--jsonl): the shape, and json.dumps' ensure_ascii.
RECORDS = {"multi ascii": ("multi", True), "multi utf8": ("multi", False),
           "single ascii": ("single", True), "single utf8": ("single", False)}  # fmt: skip


def make(kind: str, mb: int, folder: Path) -> Path:
    """A document of about ``mb`` MB of ANT text; ``single``: all on one line (a
    variant: that line with a head and a tail, see VARIANTS); a form of RECORDS: that
    document as the one record of a JSONL file."""
    if kind == "alphabet":  # (the many-line page without them: the fast path's memory)
        text = make("multi", mb, folder).read_text(encoding="utf-8")
        path = folder / f"alphabet{mb}.txt"
        path.write_text("".join(ch for ch in text if ch in _IN_ALPHABET), encoding="utf-8")
        return path
    if kind in SHORT:  # (the many-line page in shorter lines)
        text = make("multi", mb, folder).read_text(encoding="utf-8")
        path = folder / f"{kind}{mb}.txt"
        path.write_text("\n".join(SHORT[kind](text)), encoding="utf-8")
        return path
    if kind in RECORDS:
        shape, ascii_only = RECORDS[kind]
        text = make(shape, mb, folder).read_text(encoding="utf-8")
        path = folder / f"{kind.replace(' ', '-')}{mb}.jsonl"
        record = {"id": f"{shape}{mb}", "text": text}
        path.write_text(json.dumps(record, ensure_ascii=ascii_only) + "\n", encoding="utf-8")
        return path
    path = folder / f"{kind}{mb}.txt"
    out: list[str] = []
    size = 0
    one = kind != "multi"
    sep = " " if one else "\n"
    while size < mb * 1_000_000:
        for text in ant_texts():
            part = text.replace("\n", " ") if one else text
            out.append(part)
            size += len(part.encode("utf-8")) + 1
            if size >= mb * 1_000_000:
                break
    head, tail = VARIANTS.get(kind, ("", ""))
    path.write_text(head + sep.join(out) + tail, encoding="utf-8")
    return path


def run(src: Path, path: Path, more: list[str]) -> tuple[float, float, float, float, str]:
    """Wall and CPU seconds, peak RSS (MB), output size (MB) and the output's sha256."""
    out = subprocess.run(
        [sys.executable, "-c", _RUN, str(src), str(path), *more], capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(out.stderr)
    *numbers, digest = out.stdout.split()
    wall, cpu, rss, size = map(float, numbers)
    return wall, cpu, rss, size, digest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,50", help="MB, comma-separated")
    ap.add_argument("--against", metavar="REV")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument(
        "--variants", action="store_true", help="also the one-line page with a title, spaces, ..."
    )
    ap.add_argument(
        "--short", action="store_true", help="also many lines of one sentence, and wrapped at 70"
    )
    ap.add_argument("--jsonl", action="store_true", help="also both as one JSONL record")
    ap.add_argument(
        "--judge-all",
        action="store_true",
        help="this tree with drop-by-context.max_lines=0 (it judges a text of any length)",
    )
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[tuple[str, str, int], list[tuple[float, float, float, float, str]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        srcs = {"this tree": ROOT / "src"}
        if args.against:
            srcs[args.against] = export_src(args.against, folder / "rev")
        kinds = ["multi", "single", *(["alphabet", *VARIANTS] if args.variants else ())]
        kinds += list(SHORT) if args.short else []
        kinds += list(RECORDS) if args.jsonl else []
        files = {(k, mb): make(k, mb, folder) for k in kinds for mb in sizes}
        for _ in range(args.rounds):
            for (kind, mb), path in files.items():
                for who, src in srcs.items():
                    more = JUDGE_ALL if args.judge_all and who == "this tree" else []
                    results.setdefault((who, kind, mb), []).append(run(src, path, more))
    print(f"{'code':>12} {'document':>20} {'wall s':>8} {'CPU s':>8} {'s/MB':>6} "
          f"{'peak RSS MB':>12} {'bound MB':>9} {'out MB':>7}")  # fmt: skip
    summary = {}
    for (who, kind, mb), rows in results.items():
        wall, cpu, rss = min(r[0] for r in rows), min(r[1] for r in rows), min(r[2] for r in rows)
        bound = 4 * mb * 1.0 + 60
        flag = "" if rss <= bound else "  over"
        # (the output of --against's revision differs from this tree's, given the same
        # options: the issue asks for byte-identical output)
        other = results.get((args.against, kind, mb)) if who == "this tree" else None
        if other and not args.judge_all and other[0][4] != rows[0][4]:
            flag += "  output differs"
        print(f"{who:>12} {kind + ' ' + str(mb) + ' MB':>20} {wall:>8.1f} {cpu:>8.1f} "
              f"{cpu / mb:>6.2f} {rss:>12.0f} {bound:>9.0f} {rows[0][3]:>7.1f}{flag}")  # fmt: skip
        summary[(who, kind, mb)] = cpu / mb
    if len(sizes) > 1:
        lo, hi = min(sizes), max(sizes)
        for who in srcs:
            for kind in ("multi", "single"):
                growth = summary[(who, kind, hi)] / summary[(who, kind, lo)]
                print(f"{who}: {kind}: CPU s/MB at {hi} MB / at {lo} MB = {growth:.2f}")
    print(json.dumps({f"{w}|{k}|{m}": r for (w, k, m), r in results.items()}))


if __name__ == "__main__":
    main()
