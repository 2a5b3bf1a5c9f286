"""What the command shows on a terminal: the progress bars (a batch's, a stream's) and
the summary table (rich)."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable

from ..run import Job
from ..run.report import UP_TO_DATE, FileReport, Summary


class Progress:
    """A rich progress bar on stderr: files, MB, rate and ETA (terminal only)."""

    def __init__(self, plan: Iterable[Job]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        # A first pass counts files and bytes (stat only, flat memory) for the ETA.
        files = size = 0
        for job in plan:
            files += 1
            if job.error is not None:
                continue
            try:
                size += os.stat(job.source).st_size
            except OSError:
                pass
        self.bar = Progress(
            TextColumn("[bold]cleaning"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[done]}/{task.fields[files]} files"),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.files = self.bar.add_task("files", total=size or 1, files=files, done=0)
        self.done = 0
        self.total_files = files
        self.size = size

    def advance(self, rep: FileReport) -> None:
        self.done += 1
        if rep.status == UP_TO_DATE:
            # Skipped, not cleaned: leave its bytes out, or a resumed run would show the
            # rate of stat() calls (GB/s) and a wrong time remaining.
            self.size -= rep.bytes_in
            self.bar.update(self.files, total=max(self.size, 1), done=self.done)
        else:
            self.bar.update(self.files, advance=rep.bytes_in, done=self.done)

    def __enter__(self) -> Progress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)  # type: ignore[arg-type]


def summary_table(summary: Summary) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="arclean summary", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("files", str(summary.files))
    for status, n in sorted(summary.statuses.items()):
        table.add_row(f"  {status}", str(n))
    table.add_row("documents", str(summary.docs))
    table.add_row("  all boilerplate (left empty)", str(summary.empty_docs))
    table.add_row("MB in", f"{summary.bytes_in / 1e6:.1f}")
    table.add_row("MB out", f"{summary.bytes_out / 1e6:.1f}")
    table.add_row("lines in", str(summary.lines_in))
    table.add_row("lines dropped", str(summary.lines_dropped))
    for name, n in sorted(summary.dropped.items()):
        table.add_row(f"  {name}", str(n))
    if summary.malformed:
        table.add_row("malformed JSONL lines", str(summary.malformed))
    if summary.no_text:
        table.add_row("JSONL records without text (kept)", str(summary.no_text))
    table.add_row("failures", str(summary.failed))
    rate = summary.bytes_in / 1e6 / summary.seconds if summary.seconds else 0.0
    table.add_row("time", f"{summary.seconds:.1f} s ({rate:.1f} MB/s)")
    Console(stderr=True).print(table)


class StreamProgress:
    """A progress bar on stderr for one stream: stdin, a single big file, a JSONL file.

    It appears only once the stream has taken ``DELAY`` seconds, so a small input shows
    nothing; it is transient, and :meth:`close` removes it before the output of a text
    document is written. ``total`` (bytes) is ``None`` when unknown (a pipe).
    """

    DELAY = 0.3

    def __init__(self, name: str, total: int | None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        self.bar = Progress(
            TextColumn("[bold]cleaning[/] {task.fields[name]}"),
            BarColumn(bar_width=12),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.fields[stage]}"),
            console=Console(stderr=True),
            transient=True,
        )
        self.task = self.bar.add_task(name, total=total, name=name, stage="")
        self._lock = threading.Lock()
        self._shown = self._closed = False
        self._last = 0.0
        self._timer = threading.Timer(self.DELAY, self._show)
        self._timer.daemon = True
        self._timer.start()

    def _show(self) -> None:
        with self._lock:
            if not self._closed:
                self.bar.start()
                self._shown = True

    def read(self, done: int) -> None:
        """Bytes read so far; at most ten updates a second. (A gzipped stream yields more
        bytes than its size: the total is then unknown.)"""
        now = time.monotonic()
        if now - self._last >= 0.1:
            self._last = now
            total = self.bar.tasks[0].total
            if total is not None and done > total:
                self.bar.update(self.task, total=None)
            self.bar.update(self.task, completed=done)

    def stage(self, size: int, index: int, count: int, name: str) -> None:
        """Stage ``index`` of ``count`` of cleaning one document of ``size`` bytes."""
        self.bar.update(self.task, total=size, completed=size * index // count, stage=name)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._timer.cancel()
            if self._shown:
                self.bar.stop()

    def __enter__(self) -> StreamProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
