"""Exit codes and the one-line error format: how every outcome leaves ``arclean``."""

from __future__ import annotations

import contextlib

import click

from ..run.report import Summary

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_INTERRUPTED, EXIT_PIPE = (
    0,
    1,
    2,
    123,
    130,
    141,
)


def fail(message: str) -> None:
    """An error in one line on stderr: ``arclean: error: MESSAGE`` (none when stderr's
    reader is gone: there is no one to tell)."""
    with contextlib.suppress(BrokenPipeError):
        click.echo(f"arclean: error: {message}", err=True)


def exit_code(summary: Summary, check: bool) -> int:
    """123 when an input failed (or had malformed records), else 1 when ``check`` found
    an input that cleaning would change, else 0."""
    if summary.failed or summary.malformed:
        return EXIT_SOME_FAILED
    if check and summary.changed:
        return EXIT_CHANGED
    return EXIT_OK
