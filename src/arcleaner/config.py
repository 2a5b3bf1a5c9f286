"""Configuration files and presets: where a run's pipeline configuration comes from.

A configuration is a mapping in the shape :meth:`Pipeline.from_config
<arcleaner.pipeline.Pipeline.from_config>` takes: ``preset``, ``filters``,
``normalizers``, ``disable``, ``options`` (step -> options) and ``profile``. It is read
from ``arclean.toml``, or from the ``[tool.arclean]`` table of ``pyproject.toml``, found
in the working directory or the nearest folder above it that has one
(:func:`find_config`), so a project cleans the same way without flags.

A **preset** is a named starting point that the rest of the configuration refines:

>>> sorted(PRESETS)
['news', 'safe', 'search']
>>> expand_preset({"preset": "safe"})["filters"]
['drop-subscription-prompts', 'drop-site-chrome', 'drop-repeated-lines']
>>> digits = {"normalize-digits": {"to": "arabic-indic"}}
>>> cfg = expand_preset({"preset": "search", "options": digits})
>>> cfg["options"]["normalize-digits"], "fold-letters" in cfg["normalizers"]
({'to': 'arabic-indic'}, True)

:func:`to_toml` writes a configuration back as a file that reads to the same pipeline.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ArcleanError, ConfigError

if TYPE_CHECKING:
    from .pipeline import Pipeline

CONFIG_FILE = "arclean.toml"
PYPROJECT = "pyproject.toml"
DEFAULT_PRESET = "news"
KEYS = ("preset", "filters", "normalizers", "disable", "options", "profile")

PRESET_HELP: dict[str, str] = {
    "news": "the default chain: every boilerplate filter (with drop-corpus-repeats when a "
    "profile is given), diacritics stripped, nothing folded",
    "safe": "nothing lossy, only certain boilerplate: the lexicon and repeated-line filters "
    "(no line model, no glued-span cuts, no corpus repeats); diacritics kept (only put in "
    "order), ZWNJ kept",
    "search": "news plus fold-letters (alef variants, alef maqsura, taa marbuta) and digits "
    "to ASCII: lossy, for search indexes and matching",
}


def _presets() -> dict[str, dict[str, Any]]:
    from .pipeline import apply_choices

    return {
        "news": {},
        "safe": {
            "filters": ["drop-subscription-prompts", "drop-site-chrome", "drop-repeated-lines"],
            "options": {
                "strip-tashkeel": {"level": "keep"},
                "normalize-unicode": {"keep_zwnj": True},
            },
        },
        "search": apply_choices({}, digits="ascii", fold_letters=True),
    }


PRESETS = tuple(PRESET_HELP)  # names, in the order shown


def preset_config(name: str) -> dict[str, Any]:
    """The configuration a preset stands for (``news``: the default, empty)."""
    try:
        return _presets()[name]
    except KeyError:
        raise ConfigError(f"unknown preset {name!r} (presets: {', '.join(PRESETS)})") from None


def expand_preset(config: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` with its ``preset`` (default ``news``) spelled out under it: the
    config's ``filters`` and ``normalizers`` replace the preset's, its ``options`` refine
    the preset's step by step, ``disable`` adds to it. The result has no ``preset`` key.
    """
    cfg = dict(config)
    name = cfg.pop("preset", None) or DEFAULT_PRESET
    if not isinstance(name, str):
        raise ConfigError(f"preset must be a name, not {name!r} (presets: {', '.join(PRESETS)})")
    base = preset_config(name)
    out: dict[str, Any] = {**base, **{k: v for k, v in cfg.items() if k != "options"}}
    options = {step: dict(opts) for step, opts in (base.get("options") or {}).items()}
    for step, opts in (cfg.get("options") or {}).items():
        if not isinstance(opts, Mapping):
            raise ConfigError(f"options.{step} must be a table of options, not {opts!r}")
        options.setdefault(step, {}).update(opts)
    if options or "options" in cfg:
        out["options"] = options
    if "disable" in base or "disable" in cfg:
        out["disable"] = [*base.get("disable", ()), *cfg.get("disable", ())]
    if "filters" in base and "filters" not in cfg and cfg.get("profile") is not None:
        raise ConfigError(
            f"the {name} preset leaves drop-corpus-repeats out, so a profile would not be "
            "used: choose another preset, or list the filters (with drop-corpus-repeats)"
        )
    return out


def resolve_config(
    config: Mapping[str, Any] | None = None,
    *,
    preset: str | None = None,
    disable: tuple[str, ...] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
    profile: Any = None,
    diacritics: str | None = None,
    digits: str | None = None,
    fold_letters: bool = False,
    quotes: str | None = None,
    keep_zwnj: bool = False,
) -> dict[str, Any]:
    """The effective configuration: ``config`` (a file's) with choices made on top of it,
    as the command line's flags make them, and its preset spelled out.

    ``preset`` replaces the file's; ``disable`` adds to its list; ``options`` refine its
    options step by step; ``profile`` (a path or a SiteProfile) replaces its profile; the
    normalization choices are those of :func:`~arcleaner.pipeline.apply_choices`.

    >>> cfg = resolve_config({"preset": "safe"}, diacritics="strip")
    >>> cfg["options"]["strip-tashkeel"], cfg["filters"][-1]
    ({'level': 'strip'}, 'drop-repeated-lines')
    """
    from .pipeline import apply_choices

    cfg = dict(config or {})
    if preset is not None:
        cfg["preset"] = preset
    if profile is not None:
        cfg["profile"] = profile
    merged = {step: dict(opts) for step, opts in (cfg.get("options") or {}).items()}
    for step, opts in (options or {}).items():
        merged.setdefault(step, {}).update(opts)
    cfg["options"] = merged
    cfg["disable"] = [*cfg.get("disable", []), *disable]
    return apply_choices(
        expand_preset(cfg),
        diacritics=diacritics,
        digits=digits,
        fold_letters=fold_letters,
        quotes=quotes,
        keep_zwnj=keep_zwnj,
    )


def find_config(start: Path | None = None) -> Path | None:
    """The configuration file that applies in ``start`` (default: the working directory):
    ``arclean.toml``, or a ``pyproject.toml`` with a ``[tool.arclean]`` table, in
    ``start`` or the nearest folder above it that has one. ``None`` when there is none.
    """
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_FILE
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False  # someone else's broken file is not ours to refuse
    return isinstance(data.get("tool"), dict) and "arclean" in data["tool"]


def read_config(path: Path) -> dict[str, Any]:
    """The configuration in ``path`` (``arclean.toml``, any TOML file, or the
    ``[tool.arclean]`` table of a ``pyproject.toml``); a relative ``profile`` is read from
    the file's folder. Unknown keys, bad TOML and a mistake in a value (an unknown preset,
    step or option, a bad option value) are :class:`ConfigError`, naming the file."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as err:
        raise ConfigError(f"cannot read config {path}: {err.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: invalid TOML: {err}") from None
    where = str(path)
    if path.name == PYPROJECT:
        tool = data.get("tool")
        data = tool.get("arclean") if isinstance(tool, dict) else None
        where = f"{path} [tool.arclean]"
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: no [tool.arclean] table")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{where}: unknown key {', '.join(unknown)} (keys: {', '.join(KEYS)})")
    _check_file(data, where)
    if isinstance(data.get("profile"), str):
        data["profile"] = str(path.parent / data["profile"])
    return data


def _check_file(data: Mapping[str, Any], where: str) -> None:
    """Refuse a mistake in a config file's values (an unknown preset, step or option, a
    bad option value) with ``where``, the file, named: once the command line's flags are
    on top, the error could no longer say where the mistake is."""
    from .pipeline import check_config

    try:
        check_config(data)
    except ArcleanError as err:
        raise ConfigError(f"{where}: {err}") from None


def effective_config(
    pipeline: Pipeline, profile: str | Path | None = None, preset: str | None = None
) -> dict[str, Any]:
    """What ``pipeline`` runs, as a configuration: every step in order with every option
    (defaults included), ``profile`` (the site profile's file) when it has one, and the
    ``preset`` it started from (for the record: the lists and options say it all). Written
    with :func:`to_toml`, it reads back to an equal pipeline.

    >>> from arcleaner import Pipeline
    >>> cfg = effective_config(Pipeline.from_config({"preset": "safe"}))
    >>> Pipeline.from_config(cfg) == Pipeline.from_config({"preset": "safe"})
    True
    """
    described = pipeline.describe()
    out: dict[str, Any] = {
        "preset": preset,
        "filters": described["filters"],
        "normalizers": described["normalizers"],
    }
    if profile is not None and "profile" in described:
        out["profile"] = str(profile)
    out["options"] = described["options"]
    return out


def to_toml(config: Mapping[str, Any], header: str = "") -> str:
    """``config`` as a TOML file (``header``: a comment on top); reading it back gives
    the same configuration.

    >>> print(to_toml({"filters": ["drop-repeated-lines"], "options":
    ...     {"drop-repeated-lines": {"min_words": 5, "extra": ("a",)}}}))
    filters = ["drop-repeated-lines"]
    <BLANKLINE>
    [options.drop-repeated-lines]
    min_words = 5
    extra = ["a"]
    <BLANKLINE>
    """
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    for key in KEYS:
        if key != "options" and config.get(key) not in (None, [], ()):
            lines.append(_assignment(key, config[key]))
    for step, opts in (config.get("options") or {}).items():
        lines += ["", f"[options.{step}]"]
        lines += [_assignment(k, v) for k, v in opts.items()]
    return "\n".join(lines) + "\n"


def _assignment(key: str, value: object) -> str:
    """``key = value``; a long list one item a line."""
    line = f"{key} = {toml_value(value)}"
    if len(line) <= 88 or not isinstance(value, list | tuple):
        return line
    items = "".join(f"    {toml_value(v)},\n" for v in value)
    return f"{key} = [\n{items}]"


def toml_value(value: object) -> str:
    """One value as TOML: a string, number, boolean, or a list of them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value), ensure_ascii=False)  # (a TOML basic string)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise ConfigError(f"cannot write {value!r} to a config file")


__all__ = [
    "CONFIG_FILE",
    "PRESETS",
    "PRESET_HELP",
    "effective_config",
    "expand_preset",
    "find_config",
    "preset_config",
    "read_config",
    "resolve_config",
    "to_toml",
    "toml_value",
]
