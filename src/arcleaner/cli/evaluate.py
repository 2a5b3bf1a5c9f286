"""``arclean eval``: clean pages and score them against gold text or snippets."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ArcleanError, ConfigError
from ..run.stream import describe, read_input
from ..textio import decode
from .config import build_pipeline, check_encoding


@click.command(
    "eval", short_help="Score cleaned pages against gold text (files, or folders of pages)."
)
@click.argument("raws", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--gold",
    "golds",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Gold for each RAW, in order: article text (title included), or a .json file "
    "with must_contain / must_not_contain snippets (repeatable).",
)
@click.option(
    "--as-is", is_flag=True, help="Score the RAW files as they are (e.g. another tool's output)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--encoding",
    callback=check_encoding,
    help="Input encoding (default: UTF-8, or what a BOM says).",
)
@click.option("--disable", multiple=True, metavar="STEP", help="Leave a step out (repeatable).")
@click.option(
    "--set", "sets", multiple=True, metavar="STEP.OPTION=VALUE", help="Set a step option."
)
@click.option(
    "--config", type=click.Path(path_type=Path, dir_okay=False), help="TOML pipeline config."
)
def eval_cmd(
    raws: tuple[Path, ...],
    golds: tuple[Path, ...],
    as_is: bool,
    as_json: bool,
    encoding: str | None,
    disable: tuple[str, ...],
    sets: tuple[str, ...],
    config: Path | None,
) -> None:
    """Clean each RAW file and score it against its gold: token precision, recall, F1.

    Tokens are the word runs of the match keys (diacritics, hamza seats, punctuation do
    not count). Prints one row per page, the means, and how many pages lost content
    (recall < 0.95). A .json gold holds snippets, checked instead of scored.

    \b
    Examples:
      arclean eval page.raw.txt --gold page.gold.txt
      arclean eval a.txt b.txt --gold a.gold.txt --gold b.snippets.json
      arclean eval --as-is other-tool.txt --gold page.gold.txt
    """
    import json

    from ..evaluate import check_snippets, score, summarize

    if len(raws) != len(golds):
        raise ConfigError(f"{len(raws)} RAW files but {len(golds)} --gold files; give one each")
    pipeline = None if as_is else build_pipeline(config, disable, sets, None)
    scores, rows = [], []
    for raw_path, gold_path in zip(raws, golds, strict=True):
        texts = []
        for path in (raw_path, gold_path):
            try:
                texts.append(decode(read_input(path), encoding, source=str(path)))
            except OSError as err:
                raise ArcleanError(describe(err, str(path))) from None
        raw, gold = texts
        out = raw if pipeline is None else pipeline.clean(raw)
        name = str(raw_path)
        if gold_path.suffix == ".json":
            try:
                snip = json.loads(gold)
                check = check_snippets(out, snip["must_contain"], snip["must_not_contain"])
            except (ValueError, KeyError, TypeError):
                raise ConfigError(
                    f"{gold_path}: a .json gold needs must_contain and must_not_contain lists"
                ) from None
            rows.append(
                {
                    "page": name,
                    "passed": check.passed,
                    "total": check.total,
                    "missing": list(check.missing),
                    "leaked": list(check.leaked),
                }
            )
        else:
            s = score(out, gold, name)
            scores.append(s)
            rows.append({"page": name, "precision": s.precision, "recall": s.recall, "f1": s.f1})
    summary = summarize(scores).as_dict() if scores else None
    if as_json:
        click.echo(json.dumps({"pages": rows, "mean": summary}, ensure_ascii=False, indent=1))
        return
    width = max(len(r["page"]) for r in rows)
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
        lost = round(summary["lost_share"] * summary["pages"])
        click.echo(
            f"{'mean':<{width}}  {p:9.3f}  {rec:6.3f}  {f1:.3f}"
            f"  ({summary['pages']} pages; recall < 0.95 on {lost})"
        )
