"""``arclean learn`` and ``arclean profile show|merge``: site profiles from the command line."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import ConfigError
from ..profile import SiteProfile, iter_sources
from ..run.job import learn_inputs
from .config import check_not_empty, encoding_option, glob_options
from .console import ConsoleWatcher
from .exits import EXIT_SOME_FAILED
from .groups import CommandGroup


def check_not_input(output: Path, inputs: list[Path]) -> None:
    """Refuse an output file that is one of the inputs."""
    if not output.exists():
        return
    for src in inputs:
        if str(src) != "-" and src.exists() and os.path.samefile(src, output):
            raise ConfigError(
                f"refusing to overwrite input {src} (output {output} is the same file)"
            )


@click.command("learn", short_help="Learn a site profile: the lines each source repeats.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),  # (a str: checked for '' before it is a Path)
    callback=check_not_empty,
    help="The profile file to write.",
)
@click.option(
    "--source-by",
    metavar="dir|field:PATH|url:PATH",
    help="Where a document's source is: its top folder under the input (dir), a JSONL "
    "field (field:metadata.source) or the host of a URL field (url:metadata.url). "
    "Default: dir for folders of text files, else field:metadata.source.",
)
@click.option("--jsonl", is_flag=True, help="Read JSONL (automatic for *.jsonl, *.jsonl.gz).")
@click.option("--text-field", default="text", show_default=True, metavar="PATH")
@glob_options("Files inside folders (repeatable; default as cleaning reads them).")
@encoding_option("Input encoding of text files")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def learn_cmd(
    inputs: tuple[Path, ...],
    output: str,
    source_by: str | None,
    jsonl: bool,
    text_field: str,
    globs: tuple[str, ...],
    excludes: tuple[str, ...],
    encoding: str | None,
    quiet: bool,
) -> None:
    """Learn a site profile: per source, how many documents each line key occurs in.

    INPUTs are those of cleaning: text files, folders, JSONL (.gz), '-' for JSONL on
    stdin. Clean with it: arclean --profile FILE ...

    \b
    Examples:
      arclean learn corpus.jsonl.gz -o site.profile --source-by field:metadata.source
      arclean learn raw_dir/ -o site.profile            # sources: the top folders
      arclean profile show site.profile
    """
    path = Path(output)
    check_not_input(path, list(inputs))
    profile, report = learn_inputs(
        list(inputs),
        source_by,
        text_field=text_field,
        jsonl=jsonl,
        include=globs,
        exclude=excludes,
        encoding=encoding,
        watcher=ConsoleWatcher(quiet=quiet),
    )
    profile.save(path)
    if report.failed or report.malformed:
        raise SystemExit(EXIT_SOME_FAILED)


@click.group("profile", cls=CommandGroup, short_help="Show or merge site profiles.")
def profile_cmd() -> None:
    """Inspect and merge site profiles."""


@profile_cmd.command("show")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--top", default=15, show_default=True, type=click.IntRange(min=0))
@click.option("--source", "only", multiple=True, metavar="NAME", help="Only these sources.")
def show_cmd(path: Path, top: int, only: tuple[str, ...]) -> None:
    """Print each source's documents, error bound and most frequent lines and templates."""
    profile = SiteProfile.load(path)
    missing = [s for s in only if s not in profile.sources]
    if missing:
        known = ", ".join(sorted(profile.sources))
        raise ConfigError(f"no source {', '.join(missing)} in {path} (sources: {known})")
    total = sum(sc.documents for sc in profile.sources.values())
    click.echo(
        f"{path}: {len(profile.sources)} sources by {profile.source_by}, {total:,} documents "
        f"({profile.duplicates:,} exact duplicates skipped; sketch {profile.depth}x"
        f"{profile.width})"
    )
    for name, sc in iter_sources(profile):
        if only and name not in only:
            continue
        excess, prob = profile.error_bound(name)
        click.echo(
            f"\n{name}: {sc.documents:,} documents, {sc.pairs:,} keys counted; counts are "
            f"over by more than {excess:.1f} with probability {prob:.3f}"
        )
        for kind, text, st in profile.top(name, top):
            click.echo(f"  {st.docs:>7,} {st.share:>7.2%}  {kind:<5}  {text}")


@profile_cmd.command("merge")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False))
def merge_cmd(paths: tuple[Path, ...], output: Path) -> None:
    """Merge the profiles of shards into the profile of the whole corpus."""
    check_not_input(output, list(paths))
    merged = SiteProfile.load(paths[0])
    for p in paths[1:]:
        merged.merge(SiteProfile.load(p))
    merged.finish().save(output)
    if merged.overlap:
        click.echo(
            f"arclean: warning: {merged.overlap:,} documents were counted in more than one "
            "shard (exact duplicates across shards count once per shard)",
            err=True,
        )
