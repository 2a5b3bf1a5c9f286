"""Cleaning one input file (a text document, or a JSONL file of records) as a job says:
what each worker process runs."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from .._parallel import stop_point
from ..atomic import is_temp_name, write_atomic
from ..errors import ArcleanError, DecodeError
from ..pipeline import Pipeline, Result
from ..textio import decode
from .audit import Spool, Spooled, document_diff, first_change, removed_records, text_chars
from .jsonl import MalformedRecord, clean_jsonl, is_jsonl_name
from .options import BatchOptions
from .plan import Job
from .report import CHECKED, FAILED, UNCHANGED, UP_TO_DATE, FileReport


def output_bytes(text: str) -> bytes:
    """The bytes written for a cleaned text: UTF-8, ending in one newline (empty stays empty)."""
    return (text + "\n").encode("utf-8") if text else b""


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
    _, out, result = clean_text_bytes(
        data, pipeline, encoding, source=source, site=site, on_stage=on_stage
    )
    return out, result


def clean_text_bytes(
    data: bytes,
    pipeline: Pipeline,
    encoding: str | None = None,
    *,
    source: str = "<input>",
    site: str | None = None,
    on_stage: Callable[[int, str], None] | None = None,
) -> tuple[str, bytes, Result]:
    """:func:`clean_bytes`, also returning the decoded input text (for an audit)."""
    text = decode(data, encoding, source=source)
    result = pipeline.run(text, site, on_stage=on_stage)
    return text, output_bytes(result.text), result


def fill_text_report(
    rep: FileReport,
    data: bytes,
    text: str,
    out: bytes,
    result: Result,
    pipeline: Pipeline,
    options: BatchOptions,
    group: str | None = None,
) -> None:
    """Fill ``rep`` for one cleaned text document: counts, losses and (as ``options``
    asks) the removals for ``--explain``, what changes first, the audit output."""
    rep.bytes_in, rep.bytes_out, rep.docs = len(data), len(out), 1
    rep.lines_in = result.lines_in
    counts = result.counts()
    rep.add_dropped(counts)
    rep.empty_docs = int(not out and bool(result.removed))
    rep.changed = out != data
    removed_chars = sum(len(r.text) for r in result.removed)
    rep.losses.add(rep.source, group, text_chars(text), removed_chars, counts, result.lines_in)
    if options.explain:
        rep.removed = [(rep.source, r) for r in result.removed]
    collect = options.collect
    if collect.first_change and rep.changed:
        rep.first_change = first_change(text, result, pipeline.normalizers) or (
            "the bytes only (encoding, line endings or the final newline)"
        )
    if collect.removed or collect.diff:
        rep.audit = Spooled(
            removed_records(rep.source, result.removed, group) if collect.removed else b"",
            document_diff(rep.source, text, result).encode("utf-8", "replace")
            if collect.diff
            else b"",
        )


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
        data = fh.read()
    try:
        text, out, result = clean_text_bytes(
            data, pipeline, options.encoding, source=job.name, site=job.site
        )
    except DecodeError as err:
        return FileReport(job.name, job.dest, FAILED, str(err), bytes_in=len(data))
    fill_text_report(rep, data, text, out, result, pipeline, options, job.site or job.group)
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
    if options.in_place:
        dest = os.path.realpath(job.source)  # a symlink stays one
    spool = Spool(options.spool_dir) if (options.save_removed or options.diff) else None
    try:
        rep = clean_jsonl(
            job.source,
            dest if not options.check else None,
            pipeline,
            options.jsonl,
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
                options.jsonl,
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
