"""The ``arclean`` commands and options (click), and the entry point."""

from __future__ import annotations

import difflib
import os
import re
import signal
import sys
import textwrap
from collections.abc import Sequence

import click

from .._memory import map_big_buffers
from ..config import toml_value
from ..errors import ArcleanError
from ..registry import default_registry
from ..run.stream import OutputFailed, ReaderGone, describe
from .chars import inspect_cmd
from .clean import clean_cmd
from .configure import config_cmd
from .evaluate import eval_cmd
from .exits import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    fail,
)
from .groups import use_error_context
from .learn import learn_cmd, profile_cmd
from .reporting import report_cmd


class _DefaultGroup(click.Group):
    """``arclean ARGS`` means ``arclean clean ARGS`` unless ARGS starts with a command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            if args and _mistyped_command(args[0]):
                raise click.UsageError(self._no_such(args[0]), ctx)
            args = ["clean", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        # click's main meets a KeyboardInterrupt with a blank line on stderr (to end a
        # terminal's ^C echo) before ours: it must not see one.
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise _Interrupted from None
        except BrokenPipeError:
            # (a reader of stdout or of stderr went away: click would make it exit 1,
            # which reads as "--check found changes")
            raise ReaderGone from None

    def _no_such(self, word: str) -> str:
        """The error for a first argument that is neither a file nor a command."""
        names = sorted(name for name in self.commands if name != "clean")
        close = difflib.get_close_matches(word, names, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"no file or command {word!r}{hint} (commands: {', '.join(names)})"


class _Interrupted(Exception):
    """Ctrl-C or SIGTERM during a command (a KeyboardInterrupt, renamed past click)."""


# A bare word: what a command looks like, and a file name rarely does (no dot, no slash).
_BARE_WORD = re.compile(r"[^\W\d_][\w-]*")


def _mistyped_command(first: str) -> bool:
    """Whether the first argument is meant as a command: a bare word (``evl``,
    ``nosuchcmd``) that is no file or folder here. A missing file with a path-like name
    (``page.txt``, ``news/a``) stays a missing input (exit 123), as is any name that
    exists."""
    return bool(_BARE_WORD.fullmatch(first)) and not os.path.lexists(first)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Clean scraped Arabic news text."""


_OPT, _MORE = " " * 5, " " * 9  # indents of an option line and of its continuation


@cli.command("filters", short_help="Every filter and normalizer, with what each option does.")
def filters_cmd() -> None:
    """List every registered filter and normalizer, the default chain marked with '*',
    and what each option does (with its default)."""
    from ..pipeline import DEFAULT_FILTERS, DEFAULT_NORMALIZERS

    reg = default_registry()
    defaults = {*DEFAULT_FILTERS, *DEFAULT_NORMALIZERS}
    for kind, title in (("filter", "Filters"), ("normalizer", "Normalizers")):
        click.echo(f"{title} (in default order; * = on by default):")
        steps = reg.steps(kind)
        order = list(DEFAULT_FILTERS if kind == "filter" else DEFAULT_NORMALIZERS)
        steps.sort(key=lambda s: order.index(s.name) if s.name in order else len(order))
        width = max(len(s.name) for s in steps)
        for s in steps:
            mark = "*" if s.name in defaults else " "
            tags = [
                t
                for t in (
                    "lossy" if s.lossy else "",
                    "" if s.origin == "builtin" else f"from {s.origin}",
                )
                if t
            ]
            extra = f" [{', '.join(tags)}]" if tags else ""
            click.echo(f" {mark} {s.name:<{width}}  {s.description}{extra}")
            helps = s.option_help
            for key, default in s.options.items():
                line = f"{key} = {toml_value(default)}: {helps.get(key) or '(undocumented)'}"
                click.echo(textwrap.fill(line, 100, initial_indent=_OPT, subsequent_indent=_MORE))
        click.echo()
    click.echo("Options: --set STEP.OPTION=VALUE, or [options.STEP] in a config file.")


cli.add_command(clean_cmd)
cli.add_command(config_cmd)
cli.add_command(eval_cmd)
cli.add_command(inspect_cmd)
cli.add_command(learn_cmd)
cli.add_command(profile_cmd)
cli.add_command(report_cmd)
use_error_context(cli)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``arclean`` with ``argv``; return the exit code instead of exiting."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="arclean",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:  # (while parsing: click has ended the line)
        click.echo("arclean: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:  # a usage error, or another of click's
        return _usage_error(exc.format_message(), exc)
    except (_Interrupted, KeyboardInterrupt):
        _interrupted()
        return EXIT_INTERRUPTED
    except (BrokenPipeError, ReaderGone):
        _silence_stdout()
        return EXIT_PIPE
    except OutputFailed as exc:
        fail(str(exc))
        _silence_stdout()
        return EXIT_SOME_FAILED
    except ArcleanError as exc:
        return _usage_error(str(exc), exc)
    except OSError as exc:  # e.g. an output folder that cannot be created
        return _usage_error(describe(exc, str(exc.filename or "arclean")), exc)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    return EXIT_OK


def _usage_error(message: str, exc: BaseException) -> int:
    """Exit 2, the one place a usage error is shown: one line, pointing at the help of
    the command the user typed."""
    fail(f"{' '.join(message.splitlines())} (see '{_help_command(exc)} --help')")
    return EXIT_USAGE


def _help_command(exc: BaseException) -> str:
    """The command whose help fits ``exc``: the one whose parsing failed (click's
    errors carry it) or whose run raised it (:class:`~.groups.ErrorContext` marks it);
    ``arclean`` for cleaning (``clean`` is implied, and hidden)."""
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else getattr(exc, "arclean_command", "arclean")
    return "arclean" if path == f"arclean {clean_cmd.name}" else path


def _interrupted() -> None:
    """Say so in one line; on a terminal, after ending the line its ^C echo began."""
    start = "\n" if sys.stderr.isatty() else ""
    click.echo(f"{start}arclean: interrupted", err=True)


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the reader gone that flush would raise again.
    # So would stderr's, when its reader is the one gone (--explain 2>&1 >/dev/null | head).
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    try:
        sys.stderr.flush()
    except OSError:
        os.dup2(devnull, sys.stderr.fileno())


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """Console-script entry point; SIGTERM is handled like Ctrl-C (clean up, exit 130);
    big buffers get mappings of their own (:mod:`arcleaner._memory`)."""
    signal.signal(signal.SIGTERM, _terminate)
    map_big_buffers()
    sys.exit(main())
