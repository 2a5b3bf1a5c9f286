"""Auditing a run: what was removed from each document, and where, for a person to review.

Three views of one document's cleaning, made where the document is cleaned (in a worker
process) and written by the parent in input order, at any number of workers:

- **removed lines** (``--save-removed``): one JSON record per removal, the shape of
  datatrove's exclusion writers: ``{"doc", "line", "filter", "reason", "text"}`` (with
  ``span`` for a cut and ``source`` when the document's source is known);
- **a unified diff** (``--diff``) of the input against the output, each hunk header
  naming the removals it shows (``@@ -5,4 +5,2 @@ removed: 7 drop-repeated-lines``);
- **the first change** (``--check``): a removal with its filter, or the normalizer that
  changed a line, so "would change" says why.

>>> from arcleaner import Pipeline
>>> text = "خبر مهم جدا اليوم\\nنص الخبر.\\nخبر مهم جدا اليوم"
>>> result = Pipeline.default().run(text)
>>> print(document_diff("a.txt", text, result), end="")
--- a.txt	(input)
+++ a.txt	(cleaned)
@@ -1,3 +1,2 @@ removed: 3 drop-repeated-lines
 خبر مهم جدا اليوم
 نص الخبر.
-خبر مهم جدا اليوم
>>> first_change(text, result, Pipeline.default().normalizers)
'line 3: drop-repeated-lines (repeats line 1)'
"""

from __future__ import annotations

import difflib
import itertools
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from ..atomic import discard, naming_output, open_beside
from ..document import Removal, split_lines
from ..pipeline import Result
from ..steps import Normalizer

# Context lines around a change in a diff (as ``diff -u``).
CONTEXT = 3
# A worker keeps this much of an input's audit in memory, then spills to a file.
SPOOL_LIMIT = 1 << 20


@dataclass(frozen=True, slots=True)
class Collect:
    """What a worker collects about each document beside its cleaned text."""

    removed: bool = False  # removed-lines records (--save-removed)
    diff: bool = False  # a unified diff against the input (--diff)
    first_change: bool = False  # what changes first (--check)

    def __bool__(self) -> bool:
        return self.removed or self.diff or self.first_change


def input_lines(text: str) -> list[str]:
    """``text`` cut into lines as the pipeline numbers them (CR, CRLF, U+2028 and U+2029
    end a line too); a final line break ends the last line rather than starting one."""
    lines = split_lines(text)  # (as the Document model reads them: the removals' numbers)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def text_chars(text: str) -> int:
    """The characters of a document's lines (line breaks left out): what the share of a
    document removed is a share of, so a document that is all boilerplate lost 100%."""
    return len(text) - text.count("\n") - text.count("\r")


def removed_records(doc: str, removed: Sequence[Removal], source: str | None = None) -> bytes:
    """The removed-lines JSONL records of one document (``b""`` when nothing was removed).

    >>> removal = Removal(3, "لم تشترك بعد", "drop-subscription-prompts", "prompt")
    >>> print(removed_records("a1", [removal]).decode(), end="")  # doctest: +ELLIPSIS
    {"doc": "a1", "line": 3, "filter": "drop-subscription-prompts", ..., "text": "لم تشترك بعد"}
    """
    out = []
    for r in removed:
        record: dict[str, object] = {
            "doc": doc,
            "line": r.line,
            "filter": r.filter,
            "reason": r.reason,
            "text": r.text,
        }
        if r.span is not None:
            record["span"] = list(r.span)
        if source is not None:
            record["source"] = source
        try:
            out.append(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        except UnicodeEncodeError:  # a lone surrogate cannot be UTF-8: keep it escaped
            out.append(json.dumps(record).encode("ascii") + b"\n")
    return b"".join(out)


def _range(start: int, length: int) -> str:
    """A unified-diff range (``diff -u``'s convention: an empty range names the line
    before it)."""
    first = start + 1
    if length == 1:
        return str(first)
    if not length:
        first -= 1
    return f"{first},{length}"


def document_diff(name: str, before: str, result: Result) -> str:
    """A unified diff of ``before`` (the decoded input) against the cleaned text, each
    hunk header naming the removals in its lines (``line filter``; ``(cut)`` for a span
    cut from a line). Empty when the text is unchanged."""
    a, b = input_lines(before), result.text.split("\n") if result.text else []
    if a == b:
        return ""
    marks: dict[int, list[str]] = {}
    for r in result.removed:
        marks.setdefault(r.line, []).append(r.filter + (" (cut)" if r.span else ""))
    dropped = {r.line for r in result.removed if r.span is None}
    out = [f"--- {name}\t(input)\n", f"+++ {name}\t(cleaned)\n"]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        notes = [f"{n} {f}" for n in range(i1 + 1, i2 + 1) for f in marks.get(n, ())]
        head = f"@@ -{_range(i1, i2 - i1)} +{_range(j1, j2 - j1)} @@"
        out.append(head + (f" removed: {', '.join(notes)}" if notes else "") + "\n")
        for tag, x1, x2, y1, y2 in group:
            if tag == "equal":
                out += [f" {line}\n" for line in a[x1:x2]]
                continue
            # A line that was rewritten is followed by what it became, a dropped line
            # stands alone: the old and new sides keep their order, so patch reads the
            # same hunk, and a reader sees each change next to its cause.
            news = iter(b[y1:y2])
            for number in range(x1 + 1, x2 + 1):
                out.append(f"-{a[number - 1]}\n")
                if number not in dropped:
                    out += [f"+{line}\n" for line in itertools.islice(news, 1)]
            out += [f"+{line}\n" for line in news]
    return "".join(out)


def first_change(before: str, result: Result, normalizers: Sequence[Normalizer]) -> str | None:
    """What cleaning changes first in a document, reading its lines in order: a removal
    (``line 7: drop-repeated-lines (repeats line 5)``) or the first normalizer that
    changes a line on its own (``line 2: normalize-punctuation``). ``None`` when the text
    does not change."""
    lines = input_lines(before)
    if lines == (result.text.split("\n") if result.text else []):
        return None
    removal = result.removed[0] if result.removed else None
    for number, line in enumerate(lines, 1):
        if removal is not None and removal.line == number:
            cut = " cut" if removal.span else ""
            return f"line {number}: {removal.filter}{cut} ({removal.reason})"
        for step in normalizers:
            if step(line) != line:
                return f"line {number}: {step.name}"
    if removal is not None:  # (a removal past the last line cannot happen)
        return f"line {removal.line}: {removal.filter} ({removal.reason})"
    return "blank lines collapsed (collapse-whitespace)"


class AuditSink(Protocol):
    """Where audit output goes: ``write("removed" | "diff", data)``."""

    def write(self, kind: str, data: bytes) -> None: ...


@dataclass(slots=True)
class Spooled:
    """One input's audit output, handed from a worker to the parent: bytes, or the path
    of a spill file (removed once the parent has copied it)."""

    removed: bytes = b""
    diff: bytes = b""
    files: dict[str, str] = field(default_factory=dict)  # kind -> spill file


class Spool:
    """Collects one input's removed-lines records and diff in a worker; past
    ``SPOOL_LIMIT`` bytes each goes to a file in ``folder``, so a huge JSONL input's
    audit never sits in memory (or in a pipe) whole."""

    KINDS = ("removed", "diff")

    def __init__(self, folder: str | None) -> None:
        self.folder = folder
        self.buffers = {kind: bytearray() for kind in self.KINDS}
        self.files: dict[str, BinaryIO] = {}
        self.paths: dict[str, str] = {}

    def write(self, kind: str, data: bytes) -> None:
        if not data:
            return
        if kind in self.files:
            self.files[kind].write(data)
            return
        buf = self.buffers[kind]
        buf += data
        if len(buf) > SPOOL_LIMIT and self.folder is not None:
            fd, path = tempfile.mkstemp(prefix=f"{kind}-", dir=self.folder)
            fh = os.fdopen(fd, "wb")
            fh.write(buf)
            buf.clear()
            self.files[kind] = fh
            self.paths[kind] = path

    def seal(self) -> Spooled:
        """Close the spill files; what the parent gets."""
        for fh in self.files.values():
            fh.close()
        return Spooled(
            bytes(self.buffers["removed"]),
            bytes(self.buffers["diff"]),
            dict(self.paths),
        )


class _Discarded(Exception):
    """Thrown into an output's context so that it publishes nothing."""


class AuditWriter:
    """In the parent: writes every input's audit in input order: removed-lines records to
    ``removed`` (a file, published atomically at :meth:`close`) and the diff to ``diff``
    (stdout, as it comes)."""

    def __init__(self, removed: Path | None, diff: BinaryIO | None) -> None:
        self._ctx: AbstractContextManager[BinaryIO] | None = None
        self.sinks: dict[str, BinaryIO] = {}
        self._removed = removed
        if removed is not None:
            # (one that cannot be written later is an output that failed: exit 123)
            self._ctx, self.sinks["removed"] = open_beside(removed, "--save-removed")
        if diff is not None:
            self.sinks["diff"] = diff
        self.spool_dir: str | None = None

    def write(self, kind: str, data: bytes) -> None:
        sink = self.sinks.get(kind)
        if sink is not None and data:
            if kind == "removed":
                with naming_output("--save-removed", self._removed or ""):
                    sink.write(data)
            else:  # (the diff, on stdout: a reader gone is told apart by the caller)
                sink.write(data)

    def add(self, spooled: Spooled | None) -> None:
        """Append what a worker collected for one input (and drop its spill files)."""
        if spooled is None:
            return
        self.write("removed", spooled.removed)
        self.write("diff", spooled.diff)
        for kind, path in spooled.files.items():
            try:
                if kind in self.sinks:
                    with open(path, "rb") as fh:
                        while chunk := fh.read(1 << 20):
                            self.write(kind, chunk)
            finally:
                os.unlink(path)

    def spool_folder(self) -> str:
        """A private folder for the workers' spill files (removed at :meth:`close`)."""
        if self.spool_dir is None:
            self.spool_dir = tempfile.mkdtemp(prefix="arclean-audit-")
        return self.spool_dir

    def keep_earlier_removed(self) -> None:
        """Publish no removed-lines file where one is already (it stays as it was)."""
        if self._ctx is not None and self._removed is not None and self._removed.exists():
            self.sinks.pop("removed", None)
            ctx, self._ctx = self._ctx, None
            discard(ctx, _Discarded())

    def close(self) -> None:
        """Publish the removed-lines file."""
        self._cleanup()
        if self._ctx is not None:
            with naming_output("--save-removed", self._removed or ""):
                self._ctx.__exit__(None, None, None)

    def abort(self, exc: BaseException) -> None:
        """Discard the removed-lines file (nothing is published)."""
        self._cleanup()
        if self._ctx is not None:
            discard(self._ctx, exc)

    def _cleanup(self) -> None:
        if self.spool_dir is not None:
            shutil.rmtree(self.spool_dir, ignore_errors=True)
            self.spool_dir = None
