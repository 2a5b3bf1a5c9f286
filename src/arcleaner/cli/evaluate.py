"""``arclean eval``: clean pages and score them against gold text or snippets."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import ConfigError
from ..evaluate import Page, evaluate_pages, find_pages
from ..pipeline import Pipeline
from .config import PipelineFlags, encoding_option, pipeline_options
from .console import ConsoleWatcher


@click.command(
    "eval", short_help="Score cleaned pages against gold text (files, or folders of pages)."
)
@click.argument("raws", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--gold",
    "golds",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Gold for each RAW, in order: article text (title included), or a .json file "
    "with must_contain / must_not_contain snippets (repeatable). Default: NAME.gold.txt "
    "(or NAME.gold.json) beside each NAME.raw.txt.",
)
@click.option(
    "--as-is", is_flag=True, help="Score the RAW files as they are (e.g. another tool's output)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@encoding_option()
@pipeline_options
def eval_cmd(
    raws: tuple[Path, ...],
    golds: tuple[Path, ...],
    as_is: bool,
    as_json: bool,
    encoding: str | None,
    flags: PipelineFlags,
) -> None:
    """Clean each page and score it against its gold: token precision, recall, F1.

    RAWs are NAME.raw.txt files or folders of them (searched to any depth), each paired
    by name with NAME.gold.txt (the article text) or NAME.gold.json (snippets); or any
    files, with one --gold each, in order. Tokens are the word runs of the match keys
    (diacritics, hamza seats, punctuation do not count). Prints one row per page, the
    means, and how many pages lost content (recall < 0.95). A .json gold holds snippets,
    checked instead of scored. Every option of cleaning that decides the text applies.

    \b
    Examples:
      arclean eval pages/                          # every NAME.raw.txt with its gold
      arclean eval pages/ --json --diacritics keep-shadda
      arclean eval page.raw.txt --gold page.gold.txt
      arclean eval a.txt b.txt --gold a.gold.txt --gold b.snippets.json
      arclean eval --as-is other-tool.txt --gold page.gold.txt
    """
    if golds:
        if len(raws) != len(golds):
            raise ConfigError(f"{len(raws)} RAW files but {len(golds)} --gold files; give one each")
        if any(p.is_dir() for p in raws):
            raise ConfigError("a folder pairs its pages by name: give it without --gold")
        pages = [Page(str(r), r, g) for r, g in zip(raws, golds, strict=True)]
    else:
        pages, unlabelled = find_pages(raws)
        for raw in unlabelled:
            ConsoleWatcher().warn(f"{raw}: no gold beside it (NAME.gold.txt or .gold.json)")
        if not pages:
            raise ConfigError("no page with a gold to score")
    pipeline = None if as_is else Pipeline.from_config(flags.resolve())
    result = evaluate_pages(pages, pipeline, encoding)
    rows, summary = result["pages"], result["mean"]
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    width = max(len("page"), len("mean"), *(len(r["page"]) for r in rows))
    click.echo(f"{'page':<{width}}  precision  recall  F1")
    for r in rows:
        if "f1" in r:
            p, rec, f1 = r["precision"], r["recall"], r["f1"]
            click.echo(f"{r['page']:<{width}}  {p:9.3f}  {rec:6.3f}  {f1:.3f}")
        else:
            bad = "; ".join(f"{k}: {', '.join(r[k])}" for k in ("missing", "leaked") if r[k])
            click.echo(f"{r['page']:<{width}}  snippets {r['passed']}/{r['total']} {bad}".rstrip())
    if summary:
        p, rec, f1 = summary["precision"], summary["recall"], summary["f1"]
        n = summary["pages"]
        lost = round(summary["lost_share"] * n)
        click.echo(
            f"{'mean':<{width}}  {p:9.3f}  {rec:6.3f}  {f1:.3f}"
            f"  ({n} page{'' if n == 1 else 's'}; recall < 0.95 on {lost})"
        )
