"""The ``arclean`` commands and options (click), and the entry point."""

from __future__ import annotations

import json
import os
import signal
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path

import click

from .. import __version__
from ..errors import ArcleanError, ConfigError
from ..registry import default_registry
from ..run import BatchOptions, CleanJob, run_job
from ..run.jsonl import JsonlOptions
from ..run.stream import OutputFailed, ReaderGone, describe
from .config import check_encoding, check_source_by, pipeline_config
from .console import ConsoleWatcher
from .evaluate import eval_cmd
from .exits import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PIPE,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    exit_code,
    fail,
)
from .learn import learn_cmd, profile_cmd


class _DefaultGroup(click.Group):
    """``arclean ARGS`` means ``arclean clean ARGS`` unless ARGS starts with a command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = ["clean", *args]
        return super().parse_args(ctx, args)


class _CleanCommand(click.Command):
    """Cleaning is ``arclean`` itself: its help is the command's help, and lists the
    other commands (all of them, as registered on the group)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("arclean", "[OPTIONS] [FILE]...")

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (f"arclean {name}", cmd.get_short_help_str(limit=90))
            for name, cmd in sorted(cli.commands.items())
            if cmd is not self and not cmd.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
        formatter.write_paragraph()
        formatter.write_text("'arclean COMMAND --help' tells more about each.")


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Clean scraped Arabic news text."""


@cli.command(
    "clean",
    cls=_CleanCommand,
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(),  # a str: Path() would drop the trailing slash that means "folder"
    help="Output file (one input) or directory (a folder input, several inputs, or a name "
    "ending in /). Default: stdout.",
)
@click.option(
    "--explain", is_flag=True, help="Print every removal (line, filter, reason) on stderr."
)
@click.option(
    "--diacritics",
    type=click.Choice(["strip", "keep-shadda", "keep"]),
    help="Diacritics policy (default: strip).",
)
@click.option(
    "--digits",
    type=click.Choice(["ascii", "arabic-indic"]),
    help="Convert digits to one set (default: keep as typed).",
)
@click.option(
    "--fold-letters",
    is_flag=True,
    help="Fold alef variants, alef maqsura, taa marbuta (lossy; for search).",
)
@click.option(
    "--quotes",
    type=click.Choice(["keep", "angle", "straight"]),
    help='Quotation marks: keep (default), angle « », straight ".',
)
@click.option("--keep-zwnj", is_flag=True, help="Keep ZWNJ (Persian/Urdu spelling needs it).")
@click.option(
    "--encoding",
    callback=check_encoding,
    help="Input encoding (default: UTF-8, a BOM, or windows-1256/ISO-8859-6 when certain).",
)
@click.option(
    "--disable", multiple=True, metavar="STEP", help="Leave a step out of the chain (repeatable)."
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="STEP.OPTION=VALUE",
    help="Set a step option, e.g. drop-repeated-lines.min_words=5 (repeatable).",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="TOML file: filters, normalizers, disable, [options.STEP].",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 if cleaning would change any input."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes for folders, several files and JSONL (default: the CPU count).",
)
@click.option(
    "--glob",
    "globs",
    multiple=True,
    metavar="PATTERN",
    help="Files to clean inside folders (repeatable; default *.txt, with --jsonl "
    "*.jsonl and *.jsonl.gz). A pattern with '/' matches the path inside the folder.",
)
@click.option(
    "--exclude",
    "excludes",
    multiple=True,
    metavar="PATTERN",
    help="Files or folders to skip inside folders (repeatable).",
)
@click.option(
    "--in-place", is_flag=True, help="Rewrite inputs that change (atomically); leave the rest."
)
@click.option(
    "--no-resume",
    is_flag=True,
    help="Redo every file, even outputs that are complete and up to date.",
)
@click.option(
    "--report",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write a JSON report: per file, totals, arclean version and configuration.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option(
    "--jsonl",
    is_flag=True,
    help="Read JSONL (one JSON document a line); automatic for *.jsonl and *.jsonl.gz.",
)
@click.option(
    "--text-field",
    default="text",
    show_default=True,
    metavar="PATH",
    help="JSONL field to clean; a dotted path for nested ones (content.body).",
)
@click.option(
    "--annotate",
    is_flag=True,
    help="JSONL: add each removal (line, filter, reason, text) as metadata.arclean_removed.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="JSONL: a malformed line stops that input (default: report it, skip it, go on).",
)
@click.option(
    "--profile",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A site profile (from 'arclean learn'): drop-corpus-repeats removes each "
    "source's repeated lines and templates.",
)
@click.option(
    "--learn",
    is_flag=True,
    help="Learn a site profile from the inputs in a first pass, then clean with it "
    "(folders and files; not stdin).",
)
@click.option(
    "--source-by",
    callback=check_source_by,
    metavar="dir|field:PATH|url:PATH",
    help="Where a document's source is (default: what the profile was learned with).",
)
@click.version_option(__version__, "-V", "--version", prog_name="arclean")
def clean_cmd(
    files: tuple[Path, ...],
    output: str | None,
    explain: bool,
    diacritics: str | None,
    digits: str | None,
    fold_letters: bool,
    quotes: str | None,
    keep_zwnj: bool,
    encoding: str | None,
    disable: tuple[str, ...],
    sets: tuple[str, ...],
    config: Path | None,
    check: bool,
    jobs: int | None,
    globs: tuple[str, ...],
    excludes: tuple[str, ...],
    in_place: bool,
    no_resume: bool,
    report: Path | None,
    quiet: bool,
    jsonl: bool,
    text_field: str,
    annotate: bool,
    strict: bool,
    profile: Path | None,
    learn: bool,
    source_by: str | None,
) -> None:
    """Remove boilerplate from scraped Arabic news text and normalize it.

    Reads FILEs (or stdin when none, or '-'), writes clean UTF-8 text to stdout or to -o.

    \b
    Examples:
      cat raw.txt | arclean > clean.txt
      arclean page.txt -o page.clean.txt
      arclean a.txt b.txt -o clean/
      arclean --explain page.txt > /dev/null      # why each line was removed
      arclean --diacritics keep-shadda --disable drop-repeated-lines page.txt
      arclean raw_dir/ -o clean_dir/ -j 4 --report report.json
      cat corpus.jsonl | arclean --jsonl > clean.jsonl
      arclean learn corpus.jsonl -o site.profile --source-by field:metadata.source
      arclean --jsonl --profile site.profile < corpus.jsonl > clean.jsonl
      arclean raw_dir/ -o clean_dir/ --learn      # learn the sites, then clean
    """
    if learn and profile is not None:
        raise ConfigError("--learn learns a profile; it cannot be used with --profile")
    config_dict = pipeline_config(
        config,
        disable,
        sets,
        diacritics,
        digits=digits,
        fold_letters=fold_letters,
        quotes=quotes,
        keep_zwnj=keep_zwnj,
        profile=profile,
    )
    options = BatchOptions(
        encoding=encoding,
        jsonl=JsonlOptions(
            text_field=text_field, annotate=annotate, strict=strict, source_by=source_by
        ),
        force_jsonl=jsonl,
        check=check,
        in_place=in_place,
        resume=not no_resume,
        explain=explain,
    )
    job = CleanJob(
        inputs=tuple(files) or (Path("-"),),
        output=output,
        config=config_dict,
        options=options,
        include=globs,
        exclude=excludes,
        jobs=jobs,
        report=report,
        learn=learn,
        start_method=os.environ.get("ARCLEAN_START_METHOD") or None,
    )
    watcher = ConsoleWatcher(quiet=quiet, explain=explain, check=check)
    summary = run_job(job, watcher=watcher)
    if job.is_batch:
        watcher.summary(summary)
    raise SystemExit(exit_code(summary, check))


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
                line = f"{key} = {_toml_value(default)}: {helps.get(key) or '(undocumented)'}"
                click.echo(
                    textwrap.fill(line, 100, initial_indent=" " * 5, subsequent_indent=" " * 9)
                )
        click.echo()
    click.echo("Options: --set STEP.OPTION=VALUE, or [options.STEP] in a config file.")


_OPT, _MORE = " " * 5, " " * 9  # indents of an option line and of its continuation


def _toml_value(value: object) -> str:
    """An option's default as it is written in a config file."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


cli.add_command(eval_cmd)
cli.add_command(learn_cmd)
cli.add_command(profile_cmd)


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
    except click.Abort:
        click.echo("arclean: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.UsageError as exc:
        fail(_usage_message(exc))
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("arclean: interrupted", err=True)
        return EXIT_INTERRUPTED
    except (BrokenPipeError, ReaderGone):
        _silence_stdout()
        return EXIT_PIPE
    except OutputFailed as exc:
        fail(str(exc))
        _silence_stdout()
        return EXIT_SOME_FAILED
    except ArcleanError as exc:
        fail(str(exc))
        return EXIT_USAGE
    except OSError as exc:  # e.g. an output folder that cannot be created
        fail(describe(exc, str(exc.filename or "arclean")))
        return EXIT_USAGE
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    return EXIT_OK


def _usage_message(exc: click.UsageError) -> str:
    """A usage error in one line, pointing at the help of the command the user typed:
    ``arclean --help`` for cleaning (``clean`` is implied, and hidden), ``arclean eval
    --help`` for eval."""
    ctx = exc.ctx
    command = "arclean"
    if ctx is not None and ctx.command is not clean_cmd and ctx.command is not cli:
        command = ctx.command_path
    message = exc.format_message().replace("\n", " ")
    return f"{message} (see '{command} --help')"


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the reader gone that flush would raise again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """Console-script entry point; SIGTERM is handled like Ctrl-C (clean up, exit 130)."""
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
