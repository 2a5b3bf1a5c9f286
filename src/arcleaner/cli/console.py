"""What the command shows on stderr: messages as a run goes (:class:`ConsoleWatcher`),
the progress bars (a batch's, a stream's) and the summary (a rich table on a terminal,
one line otherwise)."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterable

import click

from ..document import Removal
from ..run import Job
from ..run.report import UP_TO_DATE, FileReport, Summary
from ..run.watch import Watcher
from .exits import fail


def explain(source: str, removed: list[Removal]) -> None:
    """One line per removal on stderr: ``where: filter: reason: text``."""
    for r in removed:
        text = r.text if len(r.text) <= 90 else r.text[:87] + "..."
        where = f"{source}:{r.line}" + (f"[{r.span[0]}:{r.span[1]}]" if r.span else "")
        click.echo(f"{where}: {r.filter}: {r.reason}: {text}", err=True)


class ConsoleWatcher(Watcher):
    """Tells a run on stderr: removals (``explain``), problems, what ``check`` found, and
    progress bars on a terminal (none when ``quiet``)."""

    def __init__(self, *, quiet: bool = False, explain: bool = False, check: bool = False):
        self.quiet, self.explain, self.check = quiet, explain, check
        self.fancy = not quiet and sys.stderr.isatty()

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(f"arclean: {message}", err=True)

    def warn(self, message: str, *, minor: bool = False) -> None:
        if not (minor and self.quiet):
            click.echo(f"arclean: warning: {message}", err=True)

    def file_done(self, report: FileReport) -> None:
        if self.explain:
            for where, removal in report.removed:
                explain(where, [removal])
        for message in report.messages:
            self.warn(message)
        more = report.malformed + report.no_text + report.noted - len(report.messages)
        if more > 0:
            self.warn(f"{report.source}: {more} more records with problems or notes")
        if report.error:
            fail(report.error)
        elif self.check and report.changed and not self.quiet:
            why = f": {report.first_change}" if report.first_change else ""
            click.echo(f"arclean: would change {report.source}{why}", err=True)

    def batch(self, plan: Callable[[], Iterable[Job]]) -> Progress | None:
        return Progress(plan()) if self.fancy else None

    def stream(self, name: str, size: int | None, records_to_stdout: bool) -> StreamProgress | None:
        # None when records go to the same terminal as they are cleaned (they would be
        # drawn through the bar).
        if not self.fancy or (records_to_stdout and sys.stdout.isatty()):
            return None
        return StreamProgress(name, size)

    def summary(self, summary: Summary) -> None:
        """The batch summary: a table on a terminal, one line otherwise."""
        if self.quiet:
            return
        if self.fancy:
            summary_table(summary)
        else:
            click.echo(f"arclean: {summary.line()}", err=True)


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


def progress_delay(default: float) -> float:
    """Seconds before a stream's bar appears: ``ARCLEAN_PROGRESS_DELAY`` if it is a
    number of seconds (0 shows it at once), else ``default``."""
    try:
        delay = float(os.environ.get("ARCLEAN_PROGRESS_DELAY", ""))
    except ValueError:
        return default
    return delay if 0 <= delay < 3600 else default


class StreamProgress:
    """A progress bar on stderr for one stream: stdin, a single big file, a JSONL file.

    It appears only once the stream has taken ``DELAY`` seconds (the environment's
    ``ARCLEAN_PROGRESS_DELAY`` when it is a number of seconds), so a small input shows
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
        self._timer = threading.Timer(progress_delay(self.DELAY), self._show)
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
