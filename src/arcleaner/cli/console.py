"""What the command shows on a terminal: the progress bar and the summary table (rich)."""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..batch import Job
from ..report import UP_TO_DATE, FileReport, Summary


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
