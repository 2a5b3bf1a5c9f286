"""What a run tells as it goes: a :class:`Watcher` whose methods the run calls.

The default watcher tells nothing, so a library call is silent; the command line
subclasses it to draw progress bars and print messages on stderr. Nothing in the run
layer prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from .plan import Job
from .report import FileReport


class BatchWatch(Protocol):
    """Follows a batch: entered before the first file, told of each file as it ends."""

    def __enter__(self) -> BatchWatch: ...

    def __exit__(self, *exc: object) -> None: ...

    def advance(self, report: FileReport) -> None: ...


class StreamWatch(Protocol):
    """Follows one stream (stdin, one big file, a JSONL file)."""

    def read(self, done: int) -> None:
        """``done`` bytes of the input have been read."""

    def stage(self, size: int, index: int, count: int, name: str) -> None:
        """Stage ``index`` of ``count`` (named ``name``) of one ``size``-byte document."""

    def close(self) -> None:
        """The stream is read and cleaned; called before a text document is written."""


class Watcher:
    """Hooks a run calls; every one does nothing here."""

    def info(self, message: str) -> None:
        """A note on what the run did (what was learned, a summary)."""

    def warn(self, message: str, *, minor: bool = False) -> None:
        """Something the user should know that does not stop the run (``minor``: a hint
        that a quiet run leaves out, such as "no input files")."""

    def file_done(self, report: FileReport) -> None:
        """One input is finished (cleaned, checked, skipped or failed), in input order."""

    def batch(self, plan: Callable[[], Iterable[Job]]) -> BatchWatch | None:
        """A batch is about to start; ``plan()`` gives its jobs again (to count them)."""
        return None

    def stream(self, name: str, size: int | None, records_to_stdout: bool) -> StreamWatch | None:
        """A stream is about to be read: ``size`` bytes (``None``: unknown), and whether
        its records are written to stdout as they are cleaned."""
        return None
