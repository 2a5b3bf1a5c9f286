"""Streams: stdin, or single files, to stdout or one output file, written as they are read.

A text document is read whole (one document is the unit of cleaning); a JSONL stream
flows record by record through worker processes, each cleaned record written (and
flushed) as soon as it and those before it are done.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..atomic import write_atomic
from ..errors import ArcleanError, ConfigError, OutputFailed
from ..pipeline import Pipeline
from ..textio import write_all
from .audit import AuditWriter
from .files import clean_text_input, fill_text_report, keeps_text
from .jsonl import MalformedRecord, clean_jsonl, is_jsonl_name
from .options import BatchOptions
from .report import CHECKED, FAILED, FileReport
from .watch import StreamWatch, Watcher


class ReaderGone(Exception):
    """stdout's reader went away (``arclean big.txt | head``); not an error of ours."""


def write_stdout(out: BinaryIO, data: bytes | bytearray, flush: bool = False) -> None:
    """Write ``data`` to stdout; a closed pipe is :class:`ReaderGone`, any other error
    :class:`OutputFailed` (click would turn EPIPE into a silent exit 1, which reads as
    "--check found changes")."""
    try:
        write_all(out, data)
        if flush:
            out.flush()
    except BrokenPipeError:
        raise ReaderGone from None
    except OSError as err:
        raise OutputFailed(f"<stdout>: {err.strerror or err}") from None


def stream_targets(inputs: list[Path], output: Path | None) -> list[Path | None]:
    """Where each streamed input goes: stdout, or the one output file (several inputs and
    output folders go through the batch runner); refuses to write over the input."""
    if output is None:
        return [None] * len(inputs)
    (src,) = inputs
    if str(src) != "-" and output.exists() and src.exists() and os.path.samefile(src, output):
        raise ConfigError(f"refusing to overwrite input {src} (output {output} is the same file)")
    return [output]


def describe(err: BaseException, name: str) -> str:
    """A one-line reason naming ``name`` (an OSError's own words, without Python's)."""
    if isinstance(err, OSError):
        return f"{name}: {err.strerror or err}"
    message = str(err)
    return message if message.startswith(name) else f"{name}: {message}"


_CHUNK = 1 << 20


def read_input(src: Path, on_read: Callable[[int], None] | None = None) -> bytes:
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


def input_size(src: Path) -> int | None:
    """The size of a regular file (stdin redirected from one too); None for a pipe or
    a gzipped file (its records are counted uncompressed)."""
    try:
        st = os.fstat(sys.stdin.fileno()) if str(src) == "-" else os.stat(src)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(st.st_mode) or str(src).endswith(".gz"):
        return None
    return st.st_size


class StreamRun:
    """Cleans streamed inputs, one at a time: :meth:`clean` returns each one's report."""

    def __init__(
        self,
        pipeline: Pipeline,
        options: BatchOptions,
        *,
        jobs: int,
        start_method: str | None,
        watcher: Watcher,
        sink: AuditWriter | None = None,
    ) -> None:
        self.pipeline, self.options, self.jobs = pipeline, options, jobs
        self.start_method, self.watcher, self.sink = start_method, watcher, sink

    def clean(self, src: Path, dest: Path | None) -> FileReport:
        """Clean one input (``-``: stdin) into ``dest`` (``None``: stdout)."""
        if self.options.force_jsonl or is_jsonl_name(str(src)):
            return self._jsonl(src, dest)
        return self._text(src, dest)

    def _watch(self, src: Path, records_to_stdout: bool) -> StreamWatch | None:
        name = "<stdin>" if str(src) == "-" else src.name
        return self.watcher.stream(name, input_size(src), records_to_stdout)

    def _jsonl(self, src: Path, dest: Path | None) -> FileReport:
        to_stdout = dest is None and not self.options.check
        watch = self._watch(src, to_stdout)
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
                on_record=None if watch is None else lambda rep: watch.read(rep.bytes_in),
                collect=self.options.collect,
                sink=self.sink,
            )
        except BrokenPipeError:
            raise ReaderGone from None
        except MalformedRecord as err:  # --strict
            name = "<stdin>" if str(src) == "-" else str(src)
            return FileReport(name, str(dest) if dest else None, status=FAILED, error=str(err))
        finally:
            if watch is not None:
                watch.close()

    def _text(self, src: Path, dest: Path | None) -> FileReport:
        name = "<stdin>" if str(src) == "-" else str(src)
        rep = FileReport(name, str(dest) if dest else None)
        watch = self._watch(src, records_to_stdout=False)
        try:
            given = [read_input(src, None if watch is None else watch.read)]
            on_stage = None
            if watch is not None:
                count = len(self.pipeline.stages())
                size = len(given[0])

                def on_stage(index: int, stage: str) -> None:
                    watch.stage(size, index, count, stage)

            cleaned = clean_text_input(
                given,
                self.pipeline,
                self.options.encoding,
                keep_text=keeps_text(self.options),
                source=name,
                on_stage=on_stage,
            )
        except (OSError, ArcleanError) as err:
            rep.status, rep.error = FAILED, describe(err, name)
            return rep
        finally:
            if watch is not None:
                watch.close()  # before the output goes to a terminal
        fill_text_report(rep, cleaned, self.pipeline, self.options)
        out = cleaned.out
        if self.sink is not None:
            self.sink.add(rep.audit)
            rep.audit = None
        if self.options.check:
            rep.status = CHECKED
        elif dest is None:
            write_stdout(sys.stdout.buffer, out)
        else:
            try:
                write_atomic(dest, out)
            except OSError as err:
                rep.status, rep.error = FAILED, describe(err, str(dest))
        return rep
