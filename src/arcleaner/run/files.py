"""Cleaning one input file (a text document, or a JSONL file of records) as a job says:
what each worker process runs."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .._parallel import stop_point
from ..atomic import is_temp_name, write_atomic
from ..errors import ArcleanError, DecodeError
from ..pipeline import Pipeline, Result
from ..textio import decode, encode_utf8, encode_utf8_buffer, looks_like_html, same_bytes
from .audit import Spool, Spooled, document_diff, first_change, removed_records, text_chars
from .jsonl import MalformedRecord, clean_jsonl, is_jsonl_name
from .options import BatchOptions
from .plan import Job
from .report import CHECKED, FAILED, UNCHANGED, UP_TO_DATE, FileReport


def output_bytes(text: str) -> bytes:
    """The bytes written for a cleaned text: UTF-8, ending in one newline (empty stays empty)."""
    return encode_utf8(text, b"\n") if text else b""


def clean_bytes(
    data: bytes,
    pipeline: Pipeline,
    encoding: str | None = None,
    *,
    source: str = "<input>",
    site: str | None = None,
    on_stage: Callable[[int, str], None] | None = None,
) -> tuple[bytes, Result]:
    """Decode, clean and encode one text document; raises DecodeError for bad bytes.
    ``source`` names the input in messages; ``site`` is the document's source (site);
    ``on_stage``: see :meth:`Pipeline.run <arcleaner.pipeline.Pipeline.run>`."""
    text = decode(data, encoding, source=source)
    result = pipeline.run(text, site, on_stage=on_stage)
    return output_bytes(result.text), result


class CleanedText(NamedTuple):
    """One cleaned text document and what its report needs of the input."""

    out: bytes | bytearray  # the output bytes (:func:`output_bytes`; a big one: a bytearray)
    result: Result  # its text handed over to ``out`` unless kept (``keep_text``)
    bytes_in: int  # the size of the input
    changed: bool  # whether ``out`` differs from the input bytes
    chars_in: int  # the input text's characters, line breaks left out (text_chars)
    text: str | None  # the input text, only when kept for an audit
    html: bool = False  # the input is an HTML page, not its text (looks_like_html)


def clean_text_input(
    given: list[bytes],
    pipeline: Pipeline,
    encoding: str | None = None,
    *,
    keep_text: bool = False,
    source: str = "<input>",
    site: str | None = None,
    on_stage: Callable[[int, str], None] | None = None,
) -> CleanedText:
    """:func:`clean_bytes` for the CLI, which hands the input bytes over in ``given`` (a
    one-item list, emptied here) and keeps the decoded text only when ``keep_text`` (an
    audit: ``--check``'s first change, ``--diff``).

    What the report needs of the input (its size, whether the output differs, the count
    of its characters) is taken up front; then neither the bytes nor the text are held
    while :meth:`Pipeline.run <arcleaner.pipeline.Pipeline.run>` works, which holds the
    lines instead. For a 50 MB document with one emoji that is 50 MB of bytes and a
    110 MB ``str`` less for the whole run. Raises DecodeError for bad bytes."""
    data = given.pop()
    size = len(data)
    same_as_input = same_bytes(data)
    text = decode(data, encoding, source=source)
    del data
    chars = text_chars(text)
    html = looks_like_html(text)
    kept = text if keep_text else None
    handed = [text]
    del text
    # Python 3.11 moves a call's arguments into the callee's frame: with no reference
    # here, run() frees the text once it has split it into lines.
    result = pipeline.run(handed.pop(), site, on_stage=on_stage)
    # The output is written and let go: unless an audit reads the result's text, it is
    # handed over, and each block of a big one let go as it is encoded.
    chunks = result.chunks() if keep_text else result.take_chunks()
    out = encode_utf8_buffer(chunks, b"\n") if any(chunks) else b""
    changed = not same_as_input(out)
    return CleanedText(out, result, size, changed, chars, kept, html)


def fill_text_report(
    rep: FileReport,
    cleaned: CleanedText,
    pipeline: Pipeline,
    options: BatchOptions,
    group: str | None = None,
) -> None:
    """Fill ``rep`` for one cleaned text document: counts, losses and (as ``options``
    asks) the removals for ``--explain``, what changes first, the audit output (which
    need ``cleaned.text``: see :func:`keeps_text`)."""
    out, result, text = cleaned.out, cleaned.result, cleaned.text
    rep.bytes_in, rep.bytes_out, rep.docs = cleaned.bytes_in, len(out), 1
    rep.lines_in = result.lines_in
    counts = result.counts()
    rep.add_dropped(counts)
    rep.empty_docs = int(not out and bool(result.removed))
    rep.changed = cleaned.changed
    rep.messages += [f"{rep.source}: {note}" for note in result.notes]
    if cleaned.html:
        rep.messages.append(
            f"{rep.source}: looks like an HTML page, not its text; arclean cleans text "
            "(extract it first: trafilatura, html2text or w3m -dump)"
        )
    removed_chars = sum(len(r.text) for r in result.removed)
    rep.losses.add(rep.source, group, cleaned.chars_in, removed_chars, counts, result.lines_in)
    if options.explain:
        rep.removed = [(rep.source, r) for r in result.removed]
    collect = options.collect
    if collect.first_change and rep.changed:
        assert text is not None, "keeps_text(options) decides whether the text is kept"
        rep.first_change = first_change(text, result, pipeline.normalizers) or (
            "the bytes only (encoding, line endings or the final newline)"
        )
    if collect.removed or collect.diff:
        rep.audit = Spooled(
            removed_records(rep.source, result.removed, group) if collect.removed else b"",
            document_diff(rep.source, text, result).encode("utf-8", "replace")
            if collect.diff and text is not None
            else b"",
        )


def keeps_text(options: BatchOptions) -> bool:
    """Whether :func:`fill_text_report` needs the input text (an audit that shows it)."""
    return options.collect.first_change or options.collect.diff


def clean_job(job: Job, pipeline: Pipeline, options: BatchOptions) -> FileReport:
    """Clean one file as ``job`` says; a problem becomes a ``failed`` report, never raises
    (except ``KeyboardInterrupt``/``SystemExit``, after removing any temporary file)."""
    if job.error is not None:
        return FileReport(job.name, None, FAILED, job.error)
    try:
        src = os.stat(job.source)
        if job.dest is not None:
            try:
                out: os.stat_result | None = os.stat(job.dest)
            except FileNotFoundError:
                out = None
            if out is None:
                parent = os.path.dirname(job.dest) or "."
                if not os.path.isdir(parent):
                    os.makedirs(parent, exist_ok=True)
            elif (out.st_dev, out.st_ino) == (src.st_dev, src.st_ino):
                raise ArcleanError(f"{job.name}: refusing to overwrite an input with its output")
            elif job.since_ns is not None and out.st_mtime_ns >= max(
                src.st_mtime_ns, job.since_ns
            ):  # complete (renamed into place) and newer than the input and the config
                return FileReport(
                    job.name, job.dest, UP_TO_DATE, bytes_in=src.st_size, bytes_out=out.st_size
                )
        if options.force_jsonl or is_jsonl_name(job.source):
            return _clean_jsonl_job(job, pipeline, options)
        return _clean_text_job(job, pipeline, options)
    except OSError as err:
        where = err.filename if isinstance(err.filename, str) else job.name
        if is_temp_name(os.path.basename(where)):  # say which output, not which temp file
            where = os.path.join(os.path.dirname(where), os.path.basename(job.dest or job.source))
        elif where in (job.source, os.path.realpath(job.source)):
            where = job.name  # (in place, the resolved path is written)
        return FileReport(job.name, job.dest, FAILED, f"{where}: {err.strerror or err}")
    except ArcleanError as err:
        message = str(err)
        if not message.startswith(job.name):  # (a pattern timeout names no file)
            message = f"{job.name}: {message}"
        return FileReport(job.name, job.dest, FAILED, message)


def _clean_text_job(job: Job, pipeline: Pipeline, options: BatchOptions) -> FileReport:
    rep = FileReport(job.name, job.dest)
    with open(job.source, "rb") as fh:
        given = [fh.read()]
    size = len(given[0])
    try:
        cleaned = clean_text_input(
            given,
            pipeline,
            options.encoding,
            keep_text=keeps_text(options),
            source=job.name,
            site=job.site,
        )
    except DecodeError as err:
        return FileReport(job.name, job.dest, FAILED, str(err), bytes_in=size)
    fill_text_report(rep, cleaned, pipeline, options, job.site or job.group)
    out = cleaned.out
    if options.check:
        rep.status = CHECKED
    elif options.in_place:
        if rep.changed:  # through a symlink to the file it names; its mode is kept
            write_atomic(Path(os.path.realpath(job.source)), out)
        else:
            rep.status = UNCHANGED
    elif job.dest is not None:
        write_atomic(Path(job.dest), out)
    return rep


def _clean_jsonl_job(job: Job, pipeline: Pipeline, options: BatchOptions) -> FileReport:
    dest = job.dest
    jsonl = options.jsonl
    if options.in_place:
        dest = os.path.realpath(job.source)  # a symlink stays one
        # (an input is never rewritten without its malformed lines: they stay as they are)
        jsonl = dataclasses.replace(jsonl, keep_malformed=True)
    spool = Spool(options.spool_dir) if (options.save_removed or options.diff) else None
    try:
        rep = clean_jsonl(
            job.source,
            dest if not options.check else None,
            pipeline,
            jsonl,
            check=options.check or options.in_place,
            explain=options.explain,
            site=job.site,
            group=job.group,
            collect=options.collect,
            sink=None if options.in_place else spool,
            name=job.name,
        )
        if options.in_place and rep.changed and rep.status != FAILED:
            # Two passes keep "unchanged files are not touched" simple and exact.
            rep = clean_jsonl(
                job.source,
                dest,
                pipeline,
                jsonl,
                explain=options.explain,
                site=job.site,
                group=job.group,
                collect=options.collect,
                sink=spool,
                name=job.name,
            )
        elif options.in_place and rep.status != FAILED:
            rep.status = UNCHANGED
    except MalformedRecord as err:  # --strict, or no record has the text field
        return FileReport(job.name, job.dest, FAILED, _named(str(err), job))
    if rep.malformed and job.dest is not None and job.since_ns is not None:
        # Written without its malformed lines: keep it, but older than the state file,
        # so a resumed run redoes it and reports those lines (and exit 123) again.
        with contextlib.suppress(OSError):
            os.utime(job.dest, ns=(job.since_ns - 1, job.since_ns - 1))
    rep.source, rep.output = job.name, job.dest
    if rep.error:
        rep.error = _named(rep.error, job)
    if spool is not None:
        rep.audit = spool.seal()
    return rep


def _named(message: str, job: Job) -> str:
    """``message`` with the input named as in the rest of the batch (``news/a.jsonl``)."""
    if message.startswith(job.source):
        return job.name + message[len(job.source) :]
    return message


def clean_chunk(chunk: list[Job], state: tuple[Pipeline, BatchOptions]) -> list[FileReport]:
    pipeline, options = state
    out = []
    for job in chunk:
        stop_point()
        out.append(clean_job(job, pipeline, options))
    return out
