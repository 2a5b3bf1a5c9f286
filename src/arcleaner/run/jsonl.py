"""JSONL corpora: one document a line, ``{"id", "text", "metadata"}`` (datatrove, dolma).

Only the text field is cleaned; every other field passes through with its value and in
its order. Records are split on ``\\n`` only: JSON writers leave U+2028, U+2029 and U+0085
raw inside strings, and ``str.splitlines()`` would break a record apart on them (the ANT
corpus has seven U+2029 inside its texts).

>>> from arcleaner import Pipeline
>>> from arcleaner.run.jsonl import JsonlOptions, clean_record
>>> line = '{"id": "a1", "text": "نص الخبر.\\\\nلم تشترك بعد", "metadata": {"site": "x"}}'
>>> out, result = clean_record(line.encode(), Pipeline.default(), JsonlOptions())
>>> out.decode()
'{"id": "a1", "text": "نص الخبر.", "metadata": {"site": "x"}}\\n'
>>> [r.filter for r in result.removed]
['drop-subscription-prompts']
"""

from __future__ import annotations

import codecs
import gzip
import json
import operator
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from .._parallel import ordered_map
from ..atomic import atomic_open
from ..document import Removal
from ..errors import ArcleanError
from ..pipeline import Pipeline, Result
from ..sources import SourceBy
from ..textio import encode_utf8, same_bytes, write_all
from . import bigjson
from .audit import (
    AuditSink,
    Collect,
    document_diff,
    first_change,
    removed_records,
    text_chars,
)
from .bigjson import BIG_LINE
from .report import CHECKED, CLEANED, FAILED, FileReport

ANNOTATION_KEY = "arclean_removed"
GZIP_MAGIC = b"\x1f\x8b"
# Problems reported one per line per input; beyond this many only the count grows.
MAX_MESSAGES = 100
# Field names quoted when no record has the text field.
MAX_FIELDS = 12


class MalformedRecord(ArcleanError):
    """A JSONL line that is not a JSON object with a string text field."""


class NoText(MalformedRecord):
    """A JSON object without the text field, or with ``null`` there: nothing to clean,
    so the stream passes the record through unchanged (and counts it).

    ``fields`` names the fields the record does have where the text field was looked
    for (dotted paths); it is ``None`` when the field is there, set to ``null``.
    """

    def __init__(self, message: str, fields: tuple[str, ...] | None = None) -> None:
        super().__init__(message)
        self.fields = fields


class RecordFailed(MalformedRecord):
    """Cleaning a record failed (a user's pattern ran past its time limit): that input
    stops, as under ``strict``, with the record named."""


class MissingField(MalformedRecord):
    """No record of an input has the text field at all: a wrong ``--text-field`` (a
    typo would otherwise pass every record through unchanged and call it a success)."""


@dataclass(frozen=True, slots=True)
class JsonlOptions:
    """How records are read and written.

    ``text_field`` is a dotted path (``"content.body"`` for nested objects); ``annotate``
    adds the removals under ``metadata.arclean_removed``; ``strict`` makes a malformed
    line an error that stops the input instead of a skipped, counted line;
    ``keep_malformed`` writes a malformed line out as it was instead of skipping it
    (``--in-place`` sets it: an input is never rewritten without some of its lines);
    ``source_by`` says where a record's source is (``field:PATH``, ``url:PATH``, or
    ``dir``: the folder the file is in, see :mod:`arcleaner.sources`).
    """

    text_field: str = "text"
    annotate: bool = False
    strict: bool = False
    source_by: str | None = None
    keep_malformed: bool = False
    path: tuple[str, ...] = field(init=False, repr=False, compare=False)
    sources: SourceBy | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = tuple(self.text_field.split("."))
        if not all(parts):
            raise ArcleanError(
                f"text field {self.text_field!r} (--text-field, text_field=): "
                "empty part in dotted path"
            )
        object.__setattr__(self, "path", parts)
        how = SourceBy.parse(self.source_by) if self.source_by else None
        object.__setattr__(self, "sources", how)


def is_jsonl_name(name: str) -> bool:
    """True for a ``.jsonl`` or ``.jsonl.gz`` file name (JSONL mode is auto-detected)."""
    return name.endswith((".jsonl", ".jsonl.gz"))


def clean_record(
    line: bytes, pipeline: Pipeline, options: JsonlOptions, site: str | None = None
) -> tuple[bytes, Result]:
    """Clean one JSONL line; return the output line (with its ``\\n``) and the Result.

    The record's source is read as ``options.source_by`` says; ``site`` is the source of
    every record when it is not a field (``--source-by dir``: the file's folder).

    Raises :class:`MalformedRecord` for a line that is not a JSON object holding a string
    at ``options.text_field``.
    """
    cleaned = _clean_record(line, pipeline, options, site)
    return bytes(cleaned.data), cleaned.result  # (a big one is written into a bytearray)


# Where a record's source is for the report when --source-by names none: datatrove's and
# dolma's place for it.
REPORT_SOURCE = SourceBy("field", ("metadata", "source"))


@dataclass(slots=True)
class _Cleaned:
    data: bytes | bytearray  # the output line (a big one: a bytearray)
    result: Result
    text: str | None  # the text field as it was, when asked to keep it
    record_id: str | None  # the record's "id", when it has one
    group: str | None  # its source, for the report
    chars_in: int  # text_chars of the text field
    changed: bool  # the output line differs from the input line
    empty: bool  # the cleaned text is empty (the result's may be handed over to data)


def _clean_record(
    line: bytes | bytearray,
    pipeline: Pipeline,
    options: JsonlOptions,
    site: str | None,
    group: str | None = None,
    *,
    keep_text: bool = False,
    hand_over: bool = False,
) -> _Cleaned:
    """``hand_over``: the line is the caller's to give up; a ``bytearray`` (a big line,
    see :func:`iter_lines`) is emptied once the record is read from it, so that no
    holder keeps it through the cleaning."""
    try:
        record, long = bigjson.loads(line) if len(line) >= BIG_LINE else (json.loads(line), None)
    except (ValueError, RecursionError) as err:  # JSONDecodeError and UnicodeDecodeError
        raise _not_json(line, err) from None
    if not isinstance(record, dict):
        raise MalformedRecord(f"not a JSON object but {type(record).__name__}")
    holder: Any = record
    for depth, key in enumerate(options.path):
        if holder is None:
            break  # a missing or null step: no text
        if not isinstance(holder, dict):
            where = ".".join(options.path[:depth])
            kind = type(holder).__name__
            raise MalformedRecord(f"{where!r} is {_a(kind)}, not an object holding {key!r}")
        if depth < len(options.path) - 1:
            holder = holder.get(key)
    field = options.path[-1]
    text = holder.get(field) if isinstance(holder, dict) else None
    if text is None:
        present = isinstance(holder, dict) and field in holder
        fields = None if present else _fields_near(record, options.path)
        raise NoText(f"text field {options.text_field!r} is missing or null", fields)
    if not isinstance(text, str):
        kind = type(text).__name__
        raise MalformedRecord(f"text field {options.text_field!r} is {_a(kind)}, not a string")
    if options.annotate and not isinstance(record.get("metadata", {}), dict | None):
        raise MalformedRecord("'metadata' is not an object, cannot annotate")
    k = None
    if long is not None:
        k = long.index(text)
        long.restore(record, k)  # (the id and the source may be long strings too)
    how = options.sources
    source = how.of_record(record) if how is not None and how.reads_records else site
    found = source if how is not None else REPORT_SOURCE.of_record(record)
    group = found or group or site
    rid = record.get("id")
    record_id = str(rid) if isinstance(rid, str | int) and not isinstance(rid, bool) else None
    body = len(line)
    while body and line[body - 1] in b"\r\n":
        body -= 1  # (the line without its line break: what the output is compared with)
    # (a big line is emptied before the output exists: it is compared by a digest)
    # (operator.eq, not bytes.__eq__, which answers NotImplemented for a bytearray)
    same_as = partial(operator.eq, line[:body]) if len(line) < BIG_LINE else same_bytes(line, body)
    # A record whose text comes out as it went in is written as it came, its escapes,
    # spacing and key order kept, and counts as unchanged (not a big one: its text is not
    # held twice, and its line is emptied below).
    before = None
    if len(line) < BIG_LINE and not options.annotate and _as_it_came(line, field):
        before = text
    if long is not None and k is not None:
        # (loads checked every long string: taking this one cannot fail half-way)
        mine = hand_over and isinstance(line, bytearray)
        text = long.take(k) if mine else long.decode(k)
    del long
    if hand_over and isinstance(line, bytearray):
        line.clear()  # (for every holder: the chunk, the reader)
    holder[field] = None  # (the record holds no text: run() may free it, see below)
    chars = text_chars(text)
    kept = text if keep_text else None
    handed = [text]
    del text
    # Python 3.11 moves a call's arguments into the callee's frame: with no reference
    # here, run() frees the text once it has split it into lines.
    result = pipeline.run(handed.pop(), source)
    # The CLI hands the result's text over to the output line (a big one is then written
    # a block at a time, each let go as it is), unless an audit reads it.
    chunks = result.take_chunks() if hand_over and not keep_text else result.chunks()
    size = sum(map(len, chunks))
    if options.annotate:
        meta = record.get("metadata")
        if meta is None:  # absent or null: start one
            meta = record["metadata"] = {}
        meta[ANNOTATION_KEY] = [r.as_dict() for r in result.removed]
    if before is not None and size == len(before) and "".join(chunks) == before:
        data = bytes(line[:body]) + b"\n"
    elif size > bigjson.PIECE:
        data = bigjson.dumps_utf8(record, holder, field, chunks)
    else:
        holder[field] = "".join(chunks)
        try:
            # (the line break added as it is encoded: no second copy of the bytes)
            data = encode_utf8(json.dumps(record, ensure_ascii=False), b"\n")
        except UnicodeEncodeError:
            # A lone surrogate escaped in the input ("\ud800") cannot be UTF-8: keep it
            # escaped.
            data = json.dumps(record).encode("ascii") + b"\n"
    changed = not same_as(data[:-1])
    return _Cleaned(data, result, kept, record_id, group, chars, changed, size == 0)


def _as_it_came(line: bytes | bytearray, field: str) -> bool:
    """Whether ``line`` may be written as it came when its text comes out unchanged: it
    is valid UTF-8 (``json.loads`` lets surrogates encoded in it pass; they are written
    escaped), has no BOM (``json.loads`` of a str refuses one), and names the text field
    once (with two, a reader that takes the first would get the text uncleaned)."""
    if isinstance(line, bytearray) or line.startswith(codecs.BOM_UTF8):
        return False  # (a bytearray is a big line, emptied before its text is cleaned)
    try:
        line.decode("utf-8")  # (its line break too: ASCII, no copy of the line sliced)
    except UnicodeDecodeError:
        return False
    return line.count(json.dumps(field, ensure_ascii=False).encode("utf-8")) == 1


def _not_json(line: bytes | bytearray, err: BaseException) -> MalformedRecord:
    """The error for a line that is not JSON, as ``json.loads`` of all of it says (a
    part of a big line parsed alone gives its own column)."""
    if len(line) >= BIG_LINE:
        try:
            json.loads(line)
        except (ValueError, RecursionError) as whole:
            err = whole
    return MalformedRecord(f"invalid JSON: {_short(_why_not_json(line, err))}")


def _why_not_json(line: bytes | bytearray, err: BaseException) -> BaseException:
    """The error that says best why ``line`` is not JSON: without its line break, a
    string cut off at the end of the line is "Unterminated string", not an "Invalid
    control character" (the break itself)."""
    if isinstance(err, json.JSONDecodeError) and line.endswith(b"\n"):
        try:
            json.loads(line.rstrip(b"\r\n"))
        except (ValueError, RecursionError) as better:
            return better
    return err


def _a(kind: str) -> str:
    """``a list``, ``an int``: a JSON value's Python type named with its article."""
    return f"an {kind}" if kind[:1] in "aeiou" else f"a {kind}"


def _fields_near(record: dict[str, Any], path: tuple[str, ...]) -> tuple[str, ...]:
    """The fields of ``record`` where ``path`` was looked for, as dotted paths: the
    deepest object on the path (``content.title`` when ``content.body`` is missing)."""
    holder, prefix = record, ""
    for key in path[:-1]:
        inner = holder.get(key)
        if not isinstance(inner, dict):
            break
        holder, prefix = inner, f"{prefix}{key}."
    return tuple(f"{prefix}{k}" for k in holder)


def _short(err: BaseException) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} (column {err.colno})"
    if isinstance(err, UnicodeDecodeError):
        return f"not valid UTF-8 at byte {err.start}"
    return str(err).split("\n", 1)[0]


def iter_lines(
    fh: BinaryIO, report: FileReport | None = None
) -> Iterator[tuple[int, bytes | bytearray]]:
    """Yield ``(line_number, line)`` for each non-blank line; split on ``\\n`` only.

    Iterating a binary file splits on ``b"\\n"`` alone, so U+2028/U+2029/U+0085 (raw in
    JSON strings) stay inside their record. Memory is one line at a time; a line of
    :data:`~arcleaner.run.bigjson.BIG_LINE` bytes or more comes as a ``bytearray``, which
    the cleaner empties once it has read the record (see :mod:`~arcleaner.run.bigjson`).
    Bytes read are added to ``report.bytes_in``.
    """
    number = 0
    while line := fh.readline(BIG_LINE):
        number += 1
        if len(line) == BIG_LINE and not line.endswith(b"\n"):
            line = _long_line(fh, line)
        if report is not None:
            report.bytes_in += len(line)
        if not line.isspace():
            yield number, line


def _long_line(fh: BinaryIO, head: bytes) -> bytearray:
    """The rest of a line that began with ``head``, read into a ``bytearray`` a piece at a
    time (it grows in place: the file's ``readline`` of all of it holds its pieces and
    their join, twice the line)."""
    line = bytearray(head)
    while not line.endswith(b"\n") and (more := fh.readline(bigjson.PIECE)):
        line += more
    return line


def open_input(path: Path) -> BinaryIO:
    """Open a JSONL file for reading; ``.gz`` (or gzip bytes) is decompressed."""
    fh = open(path, "rb")  # the caller closes it
    if path.name.endswith(".gz") or fh.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
        return gzip.GzipFile(fileobj=fh, mode="rb")  # type: ignore[return-value]
    return fh


def stdin_input() -> BinaryIO:
    """Binary stdin, decompressed when it starts with the gzip magic number."""
    raw = sys.stdin.buffer
    if raw.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


@dataclass(slots=True)
class _Outcome:
    """One record's outcome, as small as possible for the trip back from a worker."""

    number: int
    data: bytes | None = None  # the output line; None for a malformed line
    error: str | None = None
    lines_in: int = 0
    dropped: dict[str, int] | None = None
    empty: bool = False  # all boilerplate: the text is now empty
    changed: bool = False  # output line differs from the input line
    removed: list[Removal] | None = None  # only with explain
    fields: tuple[str, ...] | None = None  # no text field: the fields the record has
    fatal: bool = False  # cleaning it failed: the input stops
    doc: str | None = None  # the record's id (None: named by its line number)
    group: str | None = None  # its source, for the report
    chars_in: int = 0
    chars_removed: int = 0
    removed_records: bytes = b""  # with Collect.removed
    diff: bytes = b""  # with Collect.diff
    first_change: str | None = None  # with Collect.first_change (the first in a chunk)
    malformed: bool = False  # not a record (data: the line as it was, if kept)
    notes: tuple[str, ...] = ()  # what the filters had to tell (Result.notes)


@dataclass(frozen=True, slots=True)
class _State:
    """What a worker needs to clean a JSONL input's records (sent once per worker)."""

    pipeline: Pipeline
    options: JsonlOptions
    explain: bool
    site: str | None
    collect: Collect
    name: str  # the input's name, for records without an id
    group: str | None  # the records' source for the report when they name none


def _clean_chunk(chunk: list[tuple[int, bytes | bytearray]], state: _State) -> list[_Outcome]:
    pipeline, options, site, collect = state.pipeline, state.options, state.site, state.collect
    out: list[_Outcome] = []
    first_told = False
    keep_text = collect.diff or collect.first_change
    for number, line in chunk:
        try:
            cleaned = _clean_record(
                line, pipeline, options, site, state.group, keep_text=keep_text, hand_over=True
            )
        except NoText as err:  # kept as it was, so records stay aligned with the input
            data = bytes(line.rstrip(b"\r\n")) + b"\n"
            out.append(_Outcome(number, data=data, error=str(err), fields=err.fields))
            continue
        except MalformedRecord as err:
            kept = bytes(line.rstrip(b"\r\n")) + b"\n" if options.keep_malformed else None
            out.append(_Outcome(number, data=kept, error=str(err), malformed=True))
            continue
        except ArcleanError as err:  # a pattern timeout: back to the parent as a failure
            out.append(_Outcome(number, error=str(err), fatal=True))
            continue
        data, result = cleaned.data, cleaned.result
        o = _Outcome(
            number,
            data,
            lines_in=result.lines_in,
            dropped=result.counts() if result.removed else None,
            empty=cleaned.empty and bool(result.removed),
            changed=cleaned.changed,
            removed=result.removed if state.explain else None,
            doc=cleaned.record_id,
            group=cleaned.group,
            chars_in=cleaned.chars_in,
            chars_removed=sum(len(r.text) for r in result.removed),
            notes=tuple(result.notes),
        )
        if collect:
            doc = cleaned.record_id or f"{state.name}#{number}"
            if collect.removed and result.removed:
                o.removed_records = removed_records(doc, result.removed, cleaned.group)
            if collect.diff:
                assert cleaned.text is not None
                where = doc if cleaned.record_id is None else f"{state.name}#{number} ({doc})"
                o.diff = document_diff(where, cleaned.text, result).encode("utf-8", "replace")
            if collect.first_change and o.changed and not first_told:
                assert cleaned.text is not None
                first_told = True
                what = first_change(cleaned.text, result, pipeline.normalizers)
                o.first_change = what or "the JSON of the record is written differently"
        out.append(o)
    return out


# (--check names a record by its line in the file, and the change by its text's line)
_OF_ITS_TEXT = re.compile(r"^line (\d+):")


def _weigh(item: tuple[int, bytes | bytearray]) -> int:
    return len(item[1])


def _is_big(item: tuple[int, bytes | bytearray]) -> bool:
    return len(item[1]) >= BIG_LINE


def clean_jsonl_stream(
    src: BinaryIO,
    dst: BinaryIO | None,
    pipeline: Pipeline,
    options: JsonlOptions,
    *,
    report: FileReport,
    jobs: int = 1,
    start_method: str | None = None,
    flush_each: bool = False,
    explain: bool = False,
    site: str | None = None,
    on_record: Callable[[FileReport], None] | None = None,
    collect: Collect = Collect(),
    sink: AuditSink | None = None,
    group: str | None = None,
) -> FileReport:
    """Clean the records of ``src`` into ``dst`` (``None``: check only), in input order.

    ``site`` is the source of records whose source is not a field (see clean_record).
    ``collect`` says what to gather for an audit beside the counts (removed-lines
    records, diffs: written to ``sink`` in input order; what changes first: the
    report's ``first_change``). ``group``: the records' source in the report when
    neither ``--source-by`` nor ``metadata.source`` names one.

    Memory is bounded by the records in flight (a few chunks per worker), whatever the
    input size. ``flush_each`` flushes ``dst`` whenever the input has nothing ready, so
    a pipe reader sees each cleaned record as soon as it exists. Updates and returns
    ``report``; raises :class:`MalformedRecord` on a bad line when ``options.strict``,
    and :class:`MissingField` at the end when records lacked the text field and none had
    it (on a stream those records have passed through unchanged by then).
    ``on_record(report)`` is called after each line (for a progress bar: the report's
    ``bytes_in`` is what has been read so far).
    """
    idle: Callable[[], None] | None = dst.flush if (flush_each and dst is not None) else None
    outcomes = ordered_map(
        _clean_chunk,
        _reading(src, report),
        state=_State(pipeline, options, explain, site, collect, report.source, group),
        jobs=jobs,
        chunk_size=64,
        start_method=start_method,
        on_idle=idle,
        weigh=_weigh,
        inline=_is_big,
    )
    has_field = False  # some record has the text field (a string, or null)
    fields: dict[str, None] = {}  # what the records without it have, in order met
    with closing(outcomes):
        for o in outcomes:
            if on_record is not None:
                on_record(report)
            if o.malformed:
                message = f"{report.source}:{o.number}: {o.error}"
                if options.strict:
                    raise MalformedRecord(message + " (--strict)")
                report.malformed += 1
                if len(report.messages) < MAX_MESSAGES:
                    kept = "line kept as it was" if o.data is not None else "line skipped"
                    report.messages.append(f"{message}; {kept}")
                if o.data is not None:
                    report.bytes_out += len(o.data)
                    if dst is not None:
                        write_all(dst, o.data)
                o.data = None  # (written: see below)
                continue
            if o.error is not None and o.data is not None:  # no text: passed through
                if o.fields is None:
                    has_field = True
                elif len(fields) < MAX_FIELDS:
                    fields.update(dict.fromkeys(o.fields[: MAX_FIELDS - len(fields)]))
                report.no_text += 1
                if len(report.messages) < MAX_MESSAGES:
                    message = f"{report.source}:{o.number}: {o.error}"
                    report.messages.append(message + "; record passed through unchanged")
            elif o.error is not None:  # (fatal: cleaning the record failed)
                raise RecordFailed(f"{report.source}:{o.number}: {o.error}")
            assert o.data is not None
            has_field = has_field or o.error is None
            for note in o.notes:
                report.noted += 1
                if len(report.messages) < MAX_MESSAGES:
                    report.messages.append(f"{report.source}:{o.number}: {note}")
            doc = o.doc or f"{report.source}#{o.number}"
            report.losses.add(
                doc, o.group, o.chars_in, o.chars_removed, o.dropped or {}, o.lines_in
            )
            if sink is not None:
                sink.write("removed", o.removed_records)
                sink.write("diff", o.diff)
            if o.first_change is not None and report.first_change is None:
                where = f"the record on line {o.number}" + (f" ({o.doc})" if o.doc else "")
                what = _OF_ITS_TEXT.sub(r"line \1 of its text:", o.first_change, count=1)
                report.first_change = f"{where}, {what}"
            report.docs += 1
            report.bytes_out += len(o.data)
            report.lines_in += o.lines_in
            if o.dropped:
                report.add_dropped(o.dropped)
            report.empty_docs += o.empty
            report.changed |= o.changed
            if o.removed:
                report.removed.extend((f"{report.source}#{o.number}", r) for r in o.removed)
            if dst is not None:
                write_all(dst, o.data)
            # Written: the next record (it may be 50 MB) is cleaned while ``o`` is still
            # bound here and in the chunk it came in.
            o.data = None
    if report.no_text and not has_field:
        have = ", ".join(fields) + (", ..." if len(fields) >= MAX_FIELDS else "")
        raise MissingField(
            f"{report.source}: no record has the text field {options.text_field!r} "
            f"(the records have: {have or 'no fields'}); "
            "pass --text-field (text_field=) with one of them"
        )
    return report


def clean_jsonl(
    source: Path | str,
    dest: Path | str | None,
    pipeline: Pipeline,
    options: JsonlOptions | None = None,
    *,
    jobs: int = 1,
    start_method: str | None = None,
    check: bool = False,
    explain: bool = False,
    site: str | None = None,
    on_record: Callable[[FileReport], None] | None = None,
    collect: Collect = Collect(),
    sink: AuditSink | None = None,
    name: str | None = None,
    group: str | None = None,
) -> FileReport:
    """Clean a JSONL file (``"-"``: stdin) into ``dest`` (``"-"`` or ``None``: stdout).

    ``site``: the source of the file's records when it is not a field of each record.
    ``collect`` and ``sink``: see :func:`clean_jsonl_stream`. ``name``: the input's name
    in messages and the report (default: its path, or ``<stdin>``); ``group``: see
    :func:`clean_jsonl_stream`.

    A file output appears under its name only when complete (atomic), gzipped when
    its name ends in ``.gz``; stdout is written (and flushed) as records are cleaned.
    Returns the :class:`~arcleaner.run.report.FileReport`: an unreadable input or unwritable
    output is a ``failed`` report, not an exception. Raises :class:`MalformedRecord`
    under ``options.strict``, and :class:`MissingField` (one of them) when no record has
    the text field (a wrong field name; a file output is then not written either).
    """
    options = options or JsonlOptions()
    name = name or ("<stdin>" if str(source) == "-" else str(source))
    to_stdout = dest is None or str(dest) == "-"
    status = CHECKED if check else CLEANED
    report = FileReport(name, None if to_stdout else str(dest), status=status)
    try:
        src = stdin_input() if str(source) == "-" else open_input(Path(source))
    except OSError as err:
        report.status, report.error = FAILED, f"{name}: {err.strerror or err}"
        return report
    kw: dict[str, Any] = {"report": report, "jobs": jobs, "start_method": start_method}
    kw["explain"] = explain
    kw["site"] = site
    kw["on_record"] = on_record
    kw["collect"] = collect
    kw["sink"] = sink
    kw["group"] = group
    where = name
    try:
        if check:
            clean_jsonl_stream(src, None, pipeline, options, **kw)
        elif to_stdout:
            out = sys.stdout.buffer
            where = "<stdout>"
            clean_jsonl_stream(src, out, pipeline, options, flush_each=True, **kw)
            out.flush()
        else:
            path = Path(str(dest))
            where = str(path)
            with atomic_open(path) as fh:
                if path.name.endswith(".gz"):
                    # mtime=0 and no file name: the same input always gives the same bytes.
                    with gzip.GzipFile(fileobj=fh, mode="wb", filename="", mtime=0) as gz:
                        clean_jsonl_stream(src, gz, pipeline, options, **kw)  # type: ignore[arg-type]
                else:
                    clean_jsonl_stream(src, fh, pipeline, options, **kw)
    except _ReadError as err:
        report.status, report.error = FAILED, f"{name}: {err}"
    except (OSError, EOFError) as err:
        if isinstance(err, BrokenPipeError) and to_stdout:
            raise
        report.status = FAILED
        report.error = f"{where}: {getattr(err, 'strerror', None) or err}"
    finally:
        src.close()
    return report


class _ReadError(Exception):
    """Reading the input failed (truncated gzip, I/O error), as opposed to writing."""


def _reading(fh: BinaryIO, report: FileReport) -> Iterator[tuple[int, bytes | bytearray]]:
    try:
        yield from iter_lines(fh, report)
    except (OSError, EOFError) as err:
        raise _ReadError(getattr(err, "strerror", None) or err) from None
