"""``arclean inspect``: each character of a text, and what cleaning does to it."""

from __future__ import annotations

import json
import sys

import click

from ..charinfo import inspect_text, visible
from ..errors import ConfigError
from ..pipeline import Pipeline
from ..textio import decode
from .config import PipelineFlags, encoding_option, pipeline_options


@click.command(
    "inspect", short_help="Each character of a text: code point, name, and what cleaning does."
)
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print it all as JSON.")
@encoding_option("Encoding of stdin, when TEXT is '-'")
@pipeline_options
def inspect_cmd(text: str, as_json: bool, encoding: str | None, flags: PipelineFlags) -> None:
    """Show each character of TEXT ('-': read it from stdin) with its code point, Unicode
    name and category, invisible ones made visible (<RLM>, <ZWNJ>, <NBSP>; marks on a
    dotted circle), and what each normalizer of the chain does to it. Then the text
    after each normalizer, the cleaned text, the match key of each line, and what the
    filters remove: the tool for a line that looks clean but does not match.

    \b
    Examples:
      arclean inspect $'اشـترك\\u200f الآن'     # (bash: \\u200f is an RLM)
      pbpaste | arclean inspect -
      arclean inspect --encoding windows-1256 - < old-page.txt
      arclean inspect --preset search 'إلى ٣ مدارس'
    """
    text = _read_text(text, encoding)
    if not text:
        raise ConfigError("inspect: the text is empty")
    seen = inspect_text(text, Pipeline.from_config(flags.resolve()))
    if as_json:
        out = {
            **seen,
            "chars": [info.as_dict() for info in seen["chars"]],
            "steps": dict(seen["steps"]),
            "removed": [r.as_dict() for r in seen["removed"]],
        }
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    chars = seen["chars"]
    hidden = sum(info.invisible and info.char != " " for info in chars)
    click.echo(f"{len(chars)} characters, {hidden} invisible (besides spaces)")
    width = max(len(info.shown) for info in chars)
    name_width = min(44, max(len(info.name) for info in chars))
    # The Arabic name of each Arabic letter or mark, when the text has any.
    ar_width = max(len(info.arabic_name) for info in chars)
    ar_head = f"{'arabic':<{ar_width}}  " if ar_width else ""
    click.echo(
        f"{'#':>4}  {'char':<{width}}  {'code':<8} cat {'name':<{name_width}}  {ar_head}cleaning"
    )
    for info in chars:
        does = "; ".join(f"{step}: {what}" for step, what in info.effects)
        ar = f"{info.arabic_name:<{ar_width}}  " if ar_width else ""
        click.echo(
            f"{info.index:>4}  {info.shown:<{width}}  {info.code:<8} {info.category:<3} "
            f"{info.name:<{name_width}}  {ar}{does}".rstrip()
        )
    click.echo("\nnormalizers on the whole text, in turn:")
    step_width = max((len(name) for name, _ in seen["steps"]), default=0)
    for name, after in seen["steps"]:
        shown = "(no change)" if after is None else _quoted(after)
        click.echo(f"  {name:<{step_width}}  {shown}")
    click.echo(f"\ncleaned:   {_quoted(seen['cleaned'])}")
    for number, key in enumerate(seen["keys"], 1):
        label = "match key:" if len(seen["keys"]) == 1 else f"key {number}:"
        click.echo(f"{label:<10} {_quoted(key)}")
    for r in seen["removed"]:
        cut = f" [{r.span[0]}:{r.span[1]}]" if r.span else ""
        click.echo(f"removed:   line {r.line}{cut} by {r.filter} ({r.reason})")


def _read_text(text: str, encoding: str | None) -> str:
    """TEXT itself, or stdin decoded as cleaning decodes a file (``encoding`` forces a
    codec) when TEXT is '-'. An argument is already text: ``--encoding`` would be
    ignored there, so it is a usage error rather than a silent no-op."""
    if text != "-":
        if encoding is not None:
            raise ConfigError("inspect: --encoding applies to '-' (stdin), not to TEXT")
        return text
    return decode(sys.stdin.buffer.read(), encoding, source="<stdin>").removesuffix("\n")


def _quoted(text: str) -> str:
    """``text`` in quotes, each invisible character (but the plain space) named."""
    return f'"{visible(text)}"'
