"""The click classes the commands share: a group that needs one of its commands, and
the context that remembers which command an error came from (for the help it names)."""

from __future__ import annotations

import contextlib
from typing import Any

import click


class CommandGroup(click.Group):
    """A group of commands (``arclean config``, ``arclean profile``). Given no command, it
    is a one-line usage error naming them, not click's whole help squashed into a line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args:
            names = ", ".join(sorted(self.commands))
            raise click.UsageError(f"{ctx.command_path} needs a command: {names}", ctx)
        return super().parse_args(ctx, args)


class ErrorContext(click.Context):
    """A context that marks an error its command raises with the command's path
    (``arclean eval``): the error reaches ``main`` after every context has closed, and
    its one line points at the help of the command that was running."""

    def invoke(self, callback: Any, /, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().invoke(callback, *args, **kwargs)
        except Exception as exc:
            if not hasattr(exc, "arclean_command"):
                with contextlib.suppress(AttributeError):  # (a class with __slots__)
                    exc.arclean_command = self.command_path  # type: ignore[attr-defined]
            raise


def use_error_context(command: click.Command) -> None:
    """Give ``command`` and every command under it an :class:`ErrorContext`."""
    command.context_class = ErrorContext
    for sub in getattr(command, "commands", {}).values():
        use_error_context(sub)
