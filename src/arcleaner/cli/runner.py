"""One ``arclean`` invocation: streams (stdin, single files) and batches (folders, several
files, ``--in-place``), with the messages, progress and exit code the command gives."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import stat
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..atomic import write_atomic
from ..document import Removal
from ..errors import ArcleanError, ConfigError
from ..pipeline import Pipeline
from ..run import BatchOptions, clean_bytes, clean_paths, describe_options, plan_paths
from ..run.jsonl import MalformedRecord, clean_jsonl
from ..run.jsonl import is_jsonl_name as jsonl_name
from ..run.report import FileReport, ReportWriter, Summary
from ..textio import write_all
from .console import Progress, StreamProgress, summary_table

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_INTERRUPTED, EXIT_PIPE = (
    0,
    1,
    2,
    123,
    130,
    141,
)


class _ReaderGone(Exception):
    """stdout's reader went away (``arclean big.txt | head``); not an error of ours."""


class _OutputFailed(Exception):
    """stdout cannot be written (a full disk): reported in one line, exit 123."""


def _explain(source: str, removed: list[Removal]) -> None:
    for r in removed:
        text = r.text if len(r.text) <= 90 else r.text[:87] + "..."
        where = f"{source}:{r.line}" + (f"[{r.span[0]}:{r.span[1]}]" if r.span else "")
        click.echo(f"{where}: {r.filter}: {r.reason}: {text}", err=True)


def _fail(message: str) -> None:
    click.echo(f"arclean: error: {message}", err=True)


class _Run:
    """One ``arclean`` invocation: runs the library calls, shows progress and problems."""

    def __init__(
        self,
        pipeline: Pipeline,
        options: BatchOptions,
        jobs: int,
        quiet: bool,
        report: Path | None,
    ) -> None:
        self.pipeline, self.options, self.jobs = pipeline, options, jobs
        self.quiet, self.report = quiet, report
        self.summary = Summary()
        self.start_method = os.environ.get("ARCLEAN_START_METHOD") or None
        methods = multiprocessing.get_all_start_methods()
        if self.start_method is not None and self.start_method not in methods:
            raise ConfigError(
                f"ARCLEAN_START_METHOD={self.start_method!r}: not a start method here "
                f"(one of {', '.join(methods)})"
            )
        self.fancy = not quiet and sys.stderr.isatty()

    def on_file(self, rep: FileReport) -> None:
        """Tell about one finished input: its removals (--explain) and its problems."""
        if self.options.explain:
            for where, removal in rep.removed:
                _explain(where, [removal])
        for message in rep.messages:
            click.echo(f"arclean: warning: {message}", err=True)
        more = rep.malformed + rep.no_text - len(rep.messages)
        if more > 0:
            click.echo(
                f"arclean: warning: {rep.source}: {more} more records with problems", err=True
            )
        if rep.error:
            _fail(rep.error)
        elif self.options.check and rep.changed and not self.quiet:
            click.echo(f"arclean: would change {rep.source}", err=True)

    # Streams: stdin or single files to stdout or one output file.
    def stream(self, inputs: list[Path], output: Path | None) -> None:
        targets = _targets(inputs, output)
        writer = self._report_writer(
            {"inputs": [str(p) for p in inputs], **describe_options(self.options)}
        )
        started = time.perf_counter()
        try:
            for src, dest in zip(inputs, targets, strict=True):
                is_jsonl = self.options.force_jsonl or jsonl_name(str(src))
                if is_jsonl:
                    rep = self._stream_jsonl(src, dest)
                else:
                    rep = self._stream_text(src, dest)
                self.summary.add(rep)
                if writer is not None:
                    writer.add(rep)
                self.on_file(rep)
            if not self.options.check and output is None:
                _write_stdout(b"", flush=True)
        except BaseException as exc:
            if writer is not None:
                writer.abort(exc)
            raise
        self.summary.seconds = time.perf_counter() - started
        if writer is not None:
            writer.close(self.summary)

    def _stream_progress(self, src: Path, records_to_stdout: bool) -> StreamProgress | None:
        """A progress bar for one stream on a terminal; none when records go to the same
        terminal as they are cleaned (they would be drawn through the bar)."""
        if not self.fancy or (records_to_stdout and sys.stdout.isatty()):
            return None
        name = "<stdin>" if str(src) == "-" else src.name
        return StreamProgress(name, _size(src))

    def _stream_jsonl(self, src: Path, dest: Path | None) -> FileReport:
        to_stdout = dest is None and not self.options.check
        progress = self._stream_progress(src, to_stdout)
        try:
            return clean_jsonl(
                "-" if str(src) == "-" else src,
                dest,
                self.pipeline,
                self.options.jsonl,
                jobs=self.jobs,
                start_method=self.start_method,
                check=self.options.check,
                explain=self.options.explain,
                on_record=None if progress is None else lambda rep: progress.read(rep.bytes_in),
            )
        except BrokenPipeError:
            raise _ReaderGone from None
        except MalformedRecord as err:  # --strict
            name = "<stdin>" if str(src) == "-" else str(src)
            return FileReport(name, str(dest) if dest else None, status="failed", error=str(err))
        finally:
            if progress is not None:
                progress.close()

    def _stream_text(self, src: Path, dest: Path | None) -> FileReport:
        name = "<stdin>" if str(src) == "-" else str(src)
        rep = FileReport(name, str(dest) if dest else None)
        progress = self._stream_progress(src, records_to_stdout=False)
        try:
            data = _read(src, None if progress is None else progress.read)
            on_stage = None
            if progress is not None:
                count = len(self.pipeline.stages())
                size = len(data)

                def on_stage(index: int, stage: str) -> None:
                    progress.stage(size, index, count, stage)

            out, result = clean_bytes(
                data, self.pipeline, self.options.encoding, source=name, on_stage=on_stage
            )
        except (OSError, ArcleanError) as err:
            rep.status, rep.error = "failed", _describe(err, name)
            return rep
        finally:
            if progress is not None:
                progress.close()  # before the output goes to a terminal
        rep.bytes_in, rep.bytes_out, rep.docs, rep.lines_in = (
            len(data),
            len(out),
            1,
            result.lines_in,
        )
        rep.add_dropped(result.counts())
        rep.empty_docs = int(not out and bool(result.removed))
        rep.changed = out != data
        if self.options.explain:
            rep.removed = [(name, r) for r in result.removed]
        if self.options.check:
            rep.status = "checked"
        elif dest is None:
            _write_stdout(out)
        else:
            try:
                write_atomic(dest, out)
            except OSError as err:
                rep.status, rep.error = "failed", _describe(err, str(dest))
        return rep

    # Batch: folders, several files into a folder, --in-place.
    def batch(
        self,
        inputs: list[Path],
        output: Path | None,
        globs: tuple[str, ...],
        excludes: tuple[str, ...],
    ) -> None:
        if any(str(p) == "-" for p in inputs):
            if self.options.in_place:
                raise ConfigError("--in-place rewrites files; stdin has none (give FILEs)")
            raise ConfigError("stdin cannot be mixed with folders or written to a folder")
        opts = self.options
        if output is None and not (opts.check or opts.in_place):
            raise ConfigError("a folder input needs -o OUTPUT_DIR (or --in-place, or --check)")
        include = globs or None

        def run(on_file: Callable[[FileReport], None]) -> Summary:
            return clean_paths(
                inputs,
                output,
                self.pipeline,
                opts,
                include=include,
                exclude=excludes,
                jobs=self.jobs,
                start_method=self.start_method,
                report=self.report,
                on_file=on_file,
            )

        if not self.fancy:
            self.summary = run(self.on_file)
        else:
            plan = plan_paths(inputs, output, include=include, exclude=excludes, options=opts)
            with Progress(plan) as progress:

                def both(rep: FileReport) -> None:
                    self.on_file(rep)
                    progress.advance(rep)

                self.summary = run(both)
        if not self.quiet:
            self._show_summary()

    def _report_writer(self, options: dict[str, Any]) -> ReportWriter | None:
        if self.report is None:
            return None
        return ReportWriter(
            self.report, version=__version__, config=self.pipeline.describe(), options=options
        )

    def _show_summary(self) -> None:
        if not self.fancy:
            click.echo(f"arclean: {self.summary.line()}", err=True)
            return
        summary_table(self.summary)

    def exit(self) -> None:
        if self.summary.files == 0 and not self.quiet:
            click.echo("arclean: warning: no input files (check --glob / --exclude)", err=True)
        if self.summary.failed or self.summary.malformed:
            raise SystemExit(EXIT_SOME_FAILED)
        if self.options.check and self.summary.changed:
            raise SystemExit(EXIT_CHANGED)


def _write_stdout(data: bytes, flush: bool = False) -> None:
    # click turns EPIPE into a silent exit 1, which would read as "--check found changes".
    try:
        write_all(sys.stdout.buffer, data)
        if flush:
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise _ReaderGone from None
    except OSError as err:
        raise _OutputFailed(f"<stdout>: {err.strerror or err}") from None


_CHUNK = 1 << 20


def _read(src: Path, on_read: Callable[[int], None] | None = None) -> bytes:
    """All bytes of ``src`` (``-``: stdin), in chunks when someone follows the reading."""
    if str(src) != "-" and src.is_dir():
        raise ArcleanError(f"{src}: is a directory")
    if on_read is None:
        return sys.stdin.buffer.read() if str(src) == "-" else src.read_bytes()
    chunks: list[bytes] = []
    done = 0
    with contextlib.ExitStack() as stack:
        fh = sys.stdin.buffer if str(src) == "-" else stack.enter_context(open(src, "rb"))
        while chunk := fh.read(_CHUNK):
            chunks.append(chunk)
            done += len(chunk)
            on_read(done)
    return b"".join(chunks)


def _size(src: Path) -> int | None:
    """The size of a regular file (stdin redirected from one too); None for a pipe or
    a gzipped file (its records are counted uncompressed)."""
    try:
        st = os.fstat(sys.stdin.fileno()) if str(src) == "-" else os.stat(src)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode) or str(src).endswith(".gz"):
        return None
    return st.st_size


def _describe(err: BaseException, name: str) -> str:
    if isinstance(err, OSError):
        return f"{name}: {err.strerror or err}"
    message = str(err)
    return message if message.startswith(name) else f"{name}: {message}"


def _targets(inputs: list[Path], output: Path | None) -> list[Path | None]:
    """Where each streamed input goes: stdout, or the one output file (several inputs and
    output folders go through the batch runner); refuses to write over the input."""
    if output is None:
        return [None] * len(inputs)
    (src,) = inputs
    if str(src) != "-" and output.exists() and src.exists() and os.path.samefile(src, output):
        raise ConfigError(f"refusing to overwrite input {src} (output {output} is the same file)")
    return [output]
