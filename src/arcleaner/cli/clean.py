"""``arclean [OPTIONS] [FILE]...``: cleaning, the command's default. Flags become a
:class:`~arcleaner.run.CleanJob`; :func:`~arcleaner.run.run_job` runs it."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .. import __version__
from ..errors import ConfigError
from ..run import BatchOptions, CleanJob, run_job
from ..run.jsonl import JsonlOptions
from .config import (
    PipelineFlags,
    check_not_empty,
    check_source_by,
    encoding_option,
    glob_options,
    pipeline_options,
)
from .console import ConsoleWatcher
from .exits import exit_code


class CleanCommand(click.Command):
    """Cleaning is ``arclean`` itself: its help is the command's help, and lists the
    other commands (all of them, as registered on the group)."""

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("arclean", "[OPTIONS] [FILE]...")

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        group = ctx.parent.command if ctx.parent is not None else None
        commands = getattr(group, "commands", {})
        rows = [
            (f"arclean {name}", cmd.get_short_help_str(limit=90))
            for name, cmd in sorted(commands.items())
            if cmd is not self and not cmd.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
            formatter.write_paragraph()
            formatter.write_text("'arclean COMMAND --help' tells more about each.")


@click.command("clean", cls=CleanCommand)
@click.argument(
    "files", nargs=-1, type=click.Path(path_type=Path, allow_dash=True, readable=False)
)  # (readable=False: an unreadable file is one error line, the others go on)
@click.option(
    "-o",
    "--output",
    type=click.Path(),  # a str: Path() would drop the trailing slash that means "folder"
    callback=check_not_empty,
    help="Output file (one input) or directory (a folder input, several inputs, or a name "
    "ending in /). Default: stdout.",
)
@click.option(
    "--explain", is_flag=True, help="Print every removal (line, filter, reason) on stderr."
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 if cleaning would change any input, and say what changes "
    "first in each.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Write nothing but a unified diff of each changed document on stdout, each hunk "
    "naming the filters of its removed lines (with --check: exit 1 if any differ).",
)
@click.option(
    "--save-removed",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write every removed line or span as JSONL (doc, line, filter, reason, text), "
    "in input order.",
)
@pipeline_options
@encoding_option()
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes for folders, several files and JSONL (default: the CPU count).",
)
@glob_options(
    "Files to clean inside folders (repeatable; default *.txt, with --jsonl "
    "*.jsonl and *.jsonl.gz). A pattern with '/' matches the path inside the folder."
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
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Only warnings and errors on stderr: no progress bar, no summary, and no "
    "'would change' lines for --check (its exit status still tells).",
)
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
    check: bool,
    diff: bool,
    save_removed: Path | None,
    flags: PipelineFlags,
    encoding: str | None,
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
      arclean --diff raw_dir/ | less              # review what a run would change
      arclean raw_dir/ -o clean/ --report run.json --save-removed removed.jsonl
      arclean report run.json -o report.html      # ...and see it on one page
      arclean --diacritics keep-shadda --disable drop-repeated-lines page.txt
      arclean --preset safe page.txt              # nothing lossy, only certain boilerplate
      arclean raw_dir/ -o clean_dir/ -j 4 --report report.json
      cat corpus.jsonl | arclean --jsonl > clean.jsonl
      arclean learn corpus.jsonl -o site.profile --source-by field:metadata.source
      arclean --jsonl --profile site.profile < corpus.jsonl > clean.jsonl
      arclean raw_dir/ -o clean_dir/ --learn      # learn the sites, then clean
    """
    if learn and flags.profile is not None:
        raise ConfigError("--learn learns a profile; it cannot be used with --profile")
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
        diff=diff,
    )
    job = CleanJob(
        inputs=tuple(files) or (Path("-"),),
        output=output,
        config=flags.resolve(),
        options=options,
        include=globs,
        exclude=excludes,
        jobs=jobs,
        report=report,
        learn=learn,
        start_method=os.environ.get("ARCLEAN_START_METHOD") or None,
        config_file=str(flags.config_file() or "") or None,
        save_removed=save_removed,
    )
    watcher = ConsoleWatcher(quiet=quiet, explain=explain, check=check)
    summary = run_job(job, watcher=watcher)
    if job.is_batch:
        watcher.summary(summary)
    raise SystemExit(exit_code(summary, check))
