"""The pipeline a command line asks for: a TOML config file merged with the flags."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from ..errors import ConfigError
from ..pipeline import Pipeline, apply_choices
from ..profile import SiteProfile
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


def pipeline_config(
    config: Path | None,
    disable: Sequence[str],
    sets: Sequence[str],
    diacritics: str | None,
    *,
    digits: str | None = None,
    fold_letters: bool = False,
    quotes: str | None = None,
    keep_zwnj: bool = False,
    profile: Path | SiteProfile | None = None,
) -> dict[str, Any]:
    """Merge a TOML config file and CLI flags into one pipeline config (the shape
    :meth:`Pipeline.from_config <arcleaner.pipeline.Pipeline.from_config>` takes).

    ``profile`` (``--profile FILE``, or a profile just learned by ``--learn``) wins over
    the config's ``profile`` key, whose relative path is read from the config's folder.
    """
    cfg: dict[str, Any] = {}
    if config is not None:
        try:
            cfg = tomllib.loads(config.read_text("utf-8"))
        except OSError as err:
            raise ConfigError(f"cannot read config {config}: {err.strerror}") from None
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{config}: invalid TOML: {err}") from None
        if isinstance(cfg.get("profile"), str):
            cfg["profile"] = str(config.parent / cfg["profile"])
    if profile is not None:
        cfg["profile"] = profile
    options: dict[str, dict[str, Any]] = {k: dict(v) for k, v in cfg.get("options", {}).items()}
    for step, opts in _parse_set(sets).items():
        options.setdefault(step, {}).update(opts)
    cfg["options"] = options
    cfg["disable"] = [*cfg.get("disable", []), *disable]
    return apply_choices(
        cfg,
        diacritics=diacritics or None,
        digits=digits,
        fold_letters=fold_letters,
        quotes=quotes,
        keep_zwnj=keep_zwnj,
    )


def build_pipeline(*args: Any, **kw: Any) -> Pipeline:
    """The pipeline of :func:`pipeline_config`'s configuration."""
    return Pipeline.from_config(pipeline_config(*args, **kw))


def check_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--encoding``: an unknown codec is a usage error at once, not a failure per file."""
    if value is not None:
        if not is_text_encoding(value):
            raise click.BadParameter(f"unknown text encoding {value!r}")
    return value


def check_source_by(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--source-by``: a bad spec is a usage error at once."""
    if value is not None:
        from ..sources import SourceBy

        try:
            SourceBy.parse(value)
        except ConfigError as err:
            raise click.BadParameter(str(err).split(": ", 1)[-1]) from None
    return value
