"""The pipeline a command line asks for: a config file (given, or found) with the flags
on top. Every command that cleans takes the same pipeline flags (:func:`pipeline_options`)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import click

from ..config import PRESETS, find_config, read_config, resolve_config
from ..errors import ConfigError
from ..textio import is_text_encoding


def _parse_set(values: Sequence[str]) -> dict[str, dict[str, str]]:
    options: dict[str, dict[str, str]] = {}
    for item in values:
        target, eq, value = item.partition("=")
        step, dot, key = target.rpartition(".")
        if not eq or not dot or not step or not key:
            raise ConfigError(f"--set expects STEP.OPTION=VALUE, not {item!r}")
        options.setdefault(step, {})[key] = value
    return options


@dataclass(frozen=True, slots=True)
class PipelineFlags:
    """The flags that decide the pipeline, as given on the command line."""

    config: Path | None = None
    no_config: bool = False
    preset: str | None = None
    disable: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    diacritics: str | None = None
    digits: str | None = None
    fold_letters: bool = False
    quotes: str | None = None
    keep_zwnj: bool = False
    profile: Path | None = None

    def config_file(self) -> Path | None:
        """The config file that applies: ``--config``, else the one found from the
        working directory upward (none with ``--no-config``)."""
        if self.config is not None:
            return self.config
        return None if self.no_config else find_config()

    def resolve(self, profile: Any = None) -> dict[str, Any]:
        """The effective configuration (``profile``: one given in place of ``--profile``)."""
        path = self.config_file()
        return resolve_config(
            read_config(path) if path is not None else None,
            preset=self.preset,
            disable=self.disable,
            options=_parse_set(self.sets),
            profile=profile if profile is not None else self.profile,
            diacritics=self.diacritics,
            digits=self.digits,
            fold_letters=self.fold_letters,
            quotes=self.quotes,
            keep_zwnj=self.keep_zwnj,
        )


_FLAGS = [f.name for f in fields(PipelineFlags)]


def pipeline_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add the pipeline flags to a click command; it receives them as ``flags``."""

    @functools.wraps(func)
    def wrapper(**kw: Any) -> Any:
        values = {name: kw.pop(name) for name in _FLAGS}
        values["disable"], values["sets"] = tuple(values["disable"]), tuple(values["sets"])
        return func(flags=PipelineFlags(**values), **kw)

    decorators = [
        click.option(
            "--preset",
            type=click.Choice(PRESETS),
            help="Start from a named configuration: news (default), safe (nothing lossy, "
            "only certain boilerplate), search (news + letter and digit folding).",
        ),
        click.option(
            "--config",
            type=click.Path(path_type=Path, dir_okay=False),
            help="TOML file: preset, filters, normalizers, disable, [options.STEP], profile "
            "(default: arclean.toml or [tool.arclean] in pyproject.toml, found from here up).",
        ),
        click.option(
            "--no-config", is_flag=True, help="Do not look for arclean.toml / pyproject.toml."
        ),
        click.option(
            "--disable",
            multiple=True,
            metavar="STEP",
            help="Leave a step out of the chain (repeatable).",
        ),
        click.option(
            "--set",
            "sets",
            multiple=True,
            metavar="STEP.OPTION=VALUE",
            help="Set a step option, e.g. drop-repeated-lines.min_words=5 (repeatable); a "
            "list option takes items separated by |, and \\| is a | inside an item.",
        ),
        click.option(
            "--diacritics",
            type=click.Choice(["strip", "keep-shadda", "keep"]),
            help="Diacritics policy (default: strip).",
        ),
        click.option(
            "--digits",
            type=click.Choice(["ascii", "arabic-indic"]),
            help="Convert digits to one set (default: keep as typed).",
        ),
        click.option(
            "--fold-letters",
            is_flag=True,
            help="Fold alef variants, alef maqsura, taa marbuta (lossy; for search).",
        ),
        click.option(
            "--quotes",
            type=click.Choice(["keep", "angle", "straight"]),
            help='Quotation marks: keep (default), angle « », straight ".',
        ),
        click.option(
            "--keep-zwnj", is_flag=True, help="Keep ZWNJ (Persian/Urdu spelling needs it)."
        ),
        click.option(
            "--profile",
            type=click.Path(path_type=Path, dir_okay=False),
            help="A site profile (from 'arclean learn'): drop-corpus-repeats removes each "
            "source's repeated lines and templates.",
        ),
    ]
    for decorate in reversed(decorators):
        wrapper = decorate(wrapper)
    return wrapper


def check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--encoding``: an unknown codec is a usage error at once, not a failure per file."""
    if value is not None:
        if not is_text_encoding(value):
            raise click.BadParameter(f"unknown text encoding {value!r}")
    return value


def encoding_option(what: str = "Input encoding") -> Callable[[Any], Any]:
    """The ``--encoding`` option, with one help text for every command that reads text
    (cleaning, eval, inspect), so each says what decoding really does."""
    return click.option(
        "--encoding",
        callback=check_encoding,
        help=f"{what} (default: UTF-8, a BOM, or windows-1256/ISO-8859-6 when certain).",
    )


def check_not_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
    """An empty name or pattern is a usage error (an unset shell variable, ``-o "$OUT"``):
    ``-o ''`` was the current folder, ``--glob ''`` matched nothing."""
    values = value if isinstance(value, tuple) else (value,)
    if any(v == "" for v in values):
        raise click.BadParameter("empty (an unset variable in a script?)")
    return value


def glob_options(include_help: str) -> Callable[[Any], Any]:
    """``--glob`` and ``--exclude``, the files inside folders, for every command that
    walks them (cleaning, learning); an empty pattern is a usage error."""

    def decorate(f: Any) -> Any:
        f = click.option(
            "--exclude",
            "excludes",
            multiple=True,
            metavar="PATTERN",
            callback=check_not_empty,
            help="Files or folders to skip inside folders (repeatable).",
        )(f)
        return click.option(
            "--glob",
            "globs",
            multiple=True,
            metavar="PATTERN",
            callback=check_not_empty,
            help=include_help,
        )(f)

    return decorate


def check_source_by(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--source-by``: a bad spec is a usage error at once."""
    if value is not None:
        from ..sources import SourceBy

        try:
            SourceBy.parse(value)
        except ConfigError as err:
            raise click.BadParameter(str(err).split(": ", 1)[-1]) from None
    return value
