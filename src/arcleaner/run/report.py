"""What a batch did: one :class:`FileReport` per input, a running :class:`Summary`, and a
JSON report written as the batch goes (so memory stays flat however many files there are).

The JSON report (``arclean --report FILE``) has the arcleaner version and the effective
pipeline configuration, so a cleaned corpus can be reproduced::

    {"arclean": "0.1.0", "config": {...}, "options": {...},
     "files": [{"source": "a/b.txt", "output": "...", "status": "cleaned", ...}, ...],
     "summary": {"files": 2, "failed": 0, ..., "losses": {...}}}

``summary.losses`` (:class:`Losses`) says what was removed, document by document: the
characters in and removed, per source the documents, lines and removals per filter, the
histogram of the share of each document removed, and the documents that lost most.
``arclean report`` draws it as a page.
"""

from __future__ import annotations

import heapq
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from ..atomic import discard, naming_output, open_beside
from ..document import Removal
from .audit import Spooled

# Statuses of one input.
CLEANED = "cleaned"  # output written
UNCHANGED = "unchanged"  # --in-place: cleaning changed nothing, the file was not touched
UP_TO_DATE = "up-to-date"  # resume: the output was complete and newer than the input
CHECKED = "checked"  # --check: nothing written
FAILED = "failed"  # unreadable, binary, undecodable, unwritable: reason in ``error``

# The share of a document removed, in bins: none, then (0, 10%], (10%, 20%] ... (90%, 100%].
SHARE_BINS = 10
# Documents listed as those that lost most.
TOP_DOCUMENTS = 10
# The source of documents whose source is not known.
NO_SOURCE = "(none)"


def share_bin(chars_in: int, chars_removed: int) -> int:
    """The histogram bin of a document: 0 when nothing was removed, else 1..SHARE_BINS.

    >>> share_bin(100, 0), share_bin(100, 1), share_bin(100, 10), share_bin(100, 11)
    (0, 1, 1, 2)
    """
    if chars_removed <= 0:
        return 0
    share = chars_removed / chars_in if chars_in else 1.0
    return max(1, min(SHARE_BINS, math.ceil(share * SHARE_BINS - 1e-9)))


@dataclass(slots=True)
class Losses:
    """What cleaning removed, document by document, summed up in bounded memory: the
    characters in and removed, per source (documents, lines in, removals per filter),
    the histogram of the share of each document removed (characters of the removed
    lines and spans over the characters of the input), and the documents that lost most
    (largest share, then most characters)."""

    chars_in: int = 0
    chars_removed: int = 0
    histogram: list[int] = field(default_factory=lambda: [0] * (SHARE_BINS + 1))
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    # a min-heap of (share, chars removed, document, source, removals)
    most: list[tuple[float, int, str, str, int]] = field(default_factory=list)

    def add(
        self,
        doc: str,
        source: str | None,
        chars_in: int,
        chars_removed: int,
        dropped: Mapping[str, int],
        lines_in: int,
    ) -> None:
        """Count one document."""
        src = source or NO_SOURCE
        self.chars_in += chars_in
        self.chars_removed += chars_removed
        self.histogram[share_bin(chars_in, chars_removed)] += 1
        removals = sum(dropped.values())
        entry = self.sources.get(src)
        if entry is None:
            entry = self.sources[src] = _source_entry()
        entry["docs"] += 1
        entry["lines_in"] += lines_in
        entry["removals"] += removals
        entry["chars_in"] += chars_in
        entry["chars_removed"] += chars_removed
        for name, n in dropped.items():
            entry["dropped"][name] = entry["dropped"].get(name, 0) + n
        if chars_removed:
            share = chars_removed / chars_in if chars_in else 1.0
            self._keep((round(share, 6), chars_removed, doc, src, removals))

    def _keep(self, item: tuple[float, int, str, str, int]) -> None:
        if len(self.most) < TOP_DOCUMENTS:
            heapq.heappush(self.most, item)
        elif item[:2] > self.most[0][:2]:
            heapq.heapreplace(self.most, item)

    def merge(self, other: Losses) -> None:
        """Add another input's losses."""
        self.chars_in += other.chars_in
        self.chars_removed += other.chars_removed
        for i, n in enumerate(other.histogram):
            self.histogram[i] += n
        for src, theirs in other.sources.items():
            mine = self.sources.get(src)
            if mine is None:
                mine = self.sources[src] = _source_entry()
            for key in ("docs", "lines_in", "removals", "chars_in", "chars_removed"):
                mine[key] += theirs[key]
            for name, n in theirs["dropped"].items():
                mine["dropped"][name] = mine["dropped"].get(name, 0) + n
        for item in other.most:
            self._keep(item)

    def as_dict(self) -> dict[str, Any]:
        bins = [f"{(i - 1) * 100 // SHARE_BINS}-{i * 100 // SHARE_BINS}%" for i in range(1, 11)]
        most = sorted(self.most, key=lambda t: (-t[0], -t[1], t[2]))
        return {
            "chars_in": self.chars_in,
            "chars_removed": self.chars_removed,
            "share_bins": ["none", *bins],
            "share_histogram": list(self.histogram),
            "by_source": {
                src: {**e, "dropped": dict(sorted(e["dropped"].items()))}
                for src, e in sorted(self.sources.items())
            },
            "most_removed": [
                {"doc": d, "source": s, "share": sh, "chars_removed": n, "removals": r}
                for sh, n, d, s, r in most
            ],
        }


def _source_entry() -> dict[str, Any]:
    return {
        "docs": 0,
        "lines_in": 0,
        "removals": 0,
        "chars_in": 0,
        "chars_removed": 0,
        "dropped": {},
    }


@dataclass(slots=True)
class FileReport:
    """The outcome of cleaning one input (a text file, or a JSONL file of many records)."""

    source: str
    output: str | None = None
    status: str = CLEANED
    error: str | None = None
    bytes_in: int = 0
    bytes_out: int = 0
    docs: int = 0
    empty_docs: int = 0  # documents that were all boilerplate (now empty), never dropped
    lines_in: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # removals per filter name
    malformed: int = 0  # JSONL lines that are not a JSON object with the text field
    no_text: int = 0  # JSONL records without the text field (or null): passed through
    noted: int = 0  # JSONL records with a note of the filters (Result.notes), each told
    changed: bool = False  # the output differs from the input bytes
    removed: list[tuple[str, Removal]] = field(default_factory=list)  # only for --explain
    messages: list[str] = field(default_factory=list)  # one-line problems, e.g. bad records
    losses: Losses = field(default_factory=Losses)  # what was removed, document by document
    first_change: str | None = None  # --check: what changes first, for a person
    audit: Spooled | None = None  # --save-removed / --diff: what the parent writes out

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def add_dropped(self, counts: Mapping[str, int]) -> None:
        for name, n in counts.items():
            self.dropped[name] = self.dropped.get(name, 0) + n

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (without the --explain removals); ``messages``: the one-line
        problems and notes told on stderr (at most MAX_MESSAGES a JSONL input)."""
        out: dict[str, Any] = {"source": self.source, "output": self.output, "status": self.status}
        if self.error is not None:
            out["error"] = self.error
        out.update(
            bytes_in=self.bytes_in,
            bytes_out=self.bytes_out,
            docs=self.docs,
            empty_docs=self.empty_docs,
            lines_in=self.lines_in,
            dropped=dict(sorted(self.dropped.items())),
            changed=self.changed,
            chars_in=self.losses.chars_in,
            chars_removed=self.losses.chars_removed,
        )
        if self.malformed:
            out["malformed"] = self.malformed
        if self.no_text:
            out["no_text"] = self.no_text
        if self.noted:
            out["noted"] = self.noted
        if self.messages:
            out["messages"] = list(self.messages)
        return out


@dataclass(slots=True)
class Summary:
    """Totals over a batch, updated one :class:`FileReport` at a time."""

    files: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    docs: int = 0
    empty_docs: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    lines_in: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    malformed: int = 0
    no_text: int = 0
    changed: int = 0
    seconds: float = 0.0
    losses: Losses = field(default_factory=Losses)

    def add(self, rep: FileReport) -> None:
        self.files += 1
        self.statuses[rep.status] += 1
        self.docs += rep.docs
        self.empty_docs += rep.empty_docs
        self.bytes_in += rep.bytes_in
        self.bytes_out += rep.bytes_out
        self.lines_in += rep.lines_in
        self.dropped.update(rep.dropped)
        self.malformed += rep.malformed
        self.no_text += rep.no_text
        self.changed += rep.changed
        self.losses.merge(rep.losses)

    @property
    def failed(self) -> int:
        return self.statuses[FAILED]

    @property
    def lines_dropped(self) -> int:
        return sum(self.dropped.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "statuses": dict(sorted(self.statuses.items())),
            "failed": self.failed,
            "docs": self.docs,
            "empty_docs": self.empty_docs,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "lines_in": self.lines_in,
            "lines_dropped": self.lines_dropped,
            "dropped": dict(sorted(self.dropped.items())),
            "malformed": self.malformed,
            "no_text": self.no_text,
            "changed": self.changed,
            "seconds": round(self.seconds, 3),
            "losses": self.losses.as_dict(),
        }

    def line(self) -> str:
        """One plain line for a log (what ``arclean`` prints when stderr is not a terminal)."""
        parts = [_count(self.files, "file")]
        if self.docs > self.files:
            parts.append(_count(self.docs, "document"))
        detail = ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))
        mb_in, mb_out = self.bytes_in / 1e6, self.bytes_out / 1e6
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(self.dropped.items()))
        text = f"{', '.join(parts)} ({detail}); {mb_in:.1f} MB in, {mb_out:.1f} MB out; "
        text += f"{self.lines_dropped} lines dropped" + (f" ({dropped})" if dropped else "")
        if self.empty_docs:
            text += f"; {self.empty_docs} all-boilerplate documents left empty"
        if self.malformed:
            text += f"; {self.malformed} malformed JSONL lines (see the warnings)"
        if self.no_text:
            text += f"; {self.no_text} JSONL records without text passed through"
        return text + f"; {self.seconds:.1f} s"


def _count(n: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class ReportWriter:
    """Stream a JSON report to ``path``: the header now, each file as it finishes, the
    summary at :meth:`close`. The file appears (atomically) only when the batch ends."""

    def __init__(
        self, path: Path, *, version: str, config: Mapping[str, Any], options: Mapping[str, Any]
    ) -> None:
        self._path = path
        self._ctx, self._fh = open_beside(path, "--report")
        head = {"arclean": version, "config": config, "options": options}
        self._write(json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "files": [')
        self._first = True

    def _write(self, text: str) -> None:
        with naming_output("--report", self._path):
            self._fh.write(text.encode("utf-8"))

    def add(self, rep: FileReport) -> None:
        sep = "\n  " if self._first else ",\n  "
        self._first = False
        self._write(sep + json.dumps(rep.as_dict(), ensure_ascii=False))

    def close(self, summary: Summary) -> None:
        tail = json.dumps(summary.as_dict(), ensure_ascii=False)
        self._write(f'\n ],\n "summary": {tail}\n}}\n')
        with naming_output("--report", self._path):
            self._ctx.__exit__(None, None, None)

    def abort(self, exc: BaseException) -> None:
        """Discard the report (the temporary file is removed)."""
        discard(self._ctx, exc)

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if e is not None:
            self.abort(e)
