"""The registry of named steps: built-ins, plus third-party steps from entry points.

Third-party packages register steps under the entry-point groups ``arcleaner.filters``
and ``arcleaner.normalizers``; the entry point's name is the step's name and its object
is a :class:`~arcleaner.steps.Filter` / :class:`~arcleaner.steps.Normalizer` subclass or
a plain function (``doc -> decisions`` or ``str -> str``).
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from typing import Any

from .errors import ArcleanError, ConfigError, UnknownStepError
from .filters import (
    DropByContext,
    DropCorpusRepeats,
    DropGluedBoilerplate,
    DropRepeatedLines,
    DropSiteChrome,
    DropSubscriptionPrompts,
)
from .normalizers import (
    CollapseWhitespace,
    FoldLetters,
    NormalizeDigits,
    NormalizeLetters,
    NormalizePunctuation,
    NormalizeUnicode,
    StripHtmlLeftovers,
    StripTashkeel,
    StripTatweel,
)
from .steps import Filter, FunctionFilter, FunctionNormalizer, Normalizer

BUILTIN_FILTERS: tuple[type[Filter], ...] = (
    DropSubscriptionPrompts,
    DropSiteChrome,
    DropGluedBoilerplate,
    DropRepeatedLines,
    DropByContext,
    DropCorpusRepeats,
)
BUILTIN_NORMALIZERS: tuple[type[Normalizer], ...] = (
    StripHtmlLeftovers,
    NormalizeUnicode,
    StripTashkeel,
    StripTatweel,
    NormalizeLetters,
    FoldLetters,
    NormalizeDigits,
    NormalizePunctuation,
    CollapseWhitespace,
)
GROUPS = {"filter": "arcleaner.filters", "normalizer": "arcleaner.normalizers"}


@dataclass(frozen=True, slots=True)
class StepInfo:
    """What the registry knows of one step."""

    kind: str
    name: str
    factory: Callable[..., Filter | Normalizer]
    description: str
    lossy: bool
    origin: str

    def create(self, **options: Any) -> Filter | Normalizer:
        """Build the step with ``options``; unknown options raise ConfigError."""
        valid = _option_defaults(self.factory)
        unknown = set(options) - set(valid)
        if unknown:
            raise ConfigError(
                f"{self.name}: unknown option {', '.join(sorted(unknown))} "
                f"(options: {', '.join(valid) or 'none'})"
            )
        try:
            return self.factory(**{k: _coerce(v, valid[k], k) for k, v in options.items()})
        except ConfigError as err:  # every message names the step (a plugin's may not)
            raise ConfigError(named(self.name, err)) from None
        except ArcleanError:
            raise
        except (TypeError, ValueError) as err:
            raise ConfigError(f"{self.name}: {err}") from None

    @property
    def options(self) -> dict[str, Any]:
        return _option_defaults(self.factory)

    @property
    def option_help(self) -> dict[str, str]:
        """A line on what each option does (empty for an option the step leaves
        undocumented, as a plain-function step does)."""
        docs = getattr(self.factory, "option_help", None) or {}
        return {name: docs.get(name, "") for name in self.options}


def named(step: str, err: BaseException) -> str:
    """The message of ``err`` starting with the step's name (added when missing)."""
    message = str(err)
    return message if message.startswith(f"{step}: ") else f"{step}: {message}"


def _option_defaults(factory: Callable[..., object]) -> dict[str, Any]:
    if dataclasses.is_dataclass(factory):
        return {
            f.name: f.default if f.default is not dataclasses.MISSING else None
            for f in dataclasses.fields(factory)
            if f.init
        }
    return {}


def _coerce(value: Any, default: Any, name: str = "option") -> Any:
    """Turn a string option (from the CLI) into the type of the option's default."""
    if not isinstance(value, str) or isinstance(default, str) or default is None:
        if isinstance(default, tuple) and isinstance(value, list):
            return tuple(value)
        return value
    if isinstance(default, bool):
        low = value.lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{name}: expected true or false, not {value!r}")
    for kind, what in ((int, "a whole number"), (float, "a number")):
        if isinstance(default, kind):
            try:
                return kind(value)
            except ValueError:
                raise ValueError(f"{name}: expected {what}, not {value!r}") from None
    if isinstance(default, tuple):
        # Items are separated by "|"; "\\|" is a "|" inside one (a re: alternation).
        items = re.split(r"(?<!\\)\|", value)
        return tuple(v.replace("\\|", "|") for v in items if v)
    return value


class Registry:
    """Named filters and normalizers. Build one with :func:`default_registry`."""

    def __init__(self) -> None:
        self._steps: dict[str, dict[str, StepInfo]] = {"filter": {}, "normalizer": {}}

    def add(
        self,
        kind: str,
        obj: object,
        name: str | None = None,
        origin: str = "user",
        *,
        replace: bool = False,
    ) -> None:
        """Register a step class or a plain function under ``name`` (default: its own).

        A name that another package (or arcleaner itself) registered is refused unless
        ``replace``: a plugin must not silently take the place of ``drop-site-chrome``
        in every pipeline of the process. Registering again from the same origin (a
        notebook cell run twice) replaces the step."""
        _check_kind(kind)
        info = _info(kind, obj, name, origin)
        old = self._steps[kind].get(info.name)
        if old is not None and old.origin != origin and not replace:
            raise ConfigError(
                f"{kind} {info.name!r} is registered already (from {old.origin}); "
                "pass replace=True to replace it, or give yours another name"
            )
        self._steps[kind][info.name] = info

    def get(self, kind: str, name: str) -> StepInfo:
        """The step ``name`` of ``kind``; unknown names suggest the closest real one."""
        _check_kind(kind)
        try:
            return self._steps[kind][name]
        except KeyError:
            raise UnknownStepError(kind, name, list(self._steps[kind])) from None

    def create(self, kind: str, name: str, **options: Any) -> Filter | Normalizer:
        return self.get(kind, name).create(**options)

    def steps(self, kind: str) -> list[StepInfo]:
        """Registered steps of ``kind``, in registration order."""
        return list(self._steps[kind].values())

    def load_entry_points(self) -> None:
        """Find, load and validate third-party steps, in a deterministic order."""
        for kind, group in GROUPS.items():
            for ep in sorted(metadata.entry_points(group=group), key=lambda e: e.name):
                dist = ep.dist.name if ep.dist else ep.value
                try:
                    obj = ep.load()
                except Exception as err:  # a broken plugin must name itself
                    raise ArcleanError(
                        f"cannot load {kind} {ep.name!r} from package {dist}: {err}"
                    ) from err
                try:
                    self.add(kind, obj, ep.name, origin=dist)
                except ConfigError:
                    raise ArcleanError(
                        f"package {dist} registers the {kind} {ep.name!r}, a name arcleaner "
                        "or another package has taken: the package must give it another name"
                    ) from None


def _check_kind(kind: str) -> None:
    if kind not in GROUPS:
        raise ConfigError(f"a step's kind is 'filter' or 'normalizer', not {kind!r}")


def _info(kind: str, obj: object, name: str | None, origin: str) -> StepInfo:
    base = Filter if kind == "filter" else Normalizer
    if inspect.isclass(obj) and issubclass(obj, base):
        step_name = name or obj.name
        return StepInfo(kind, step_name, obj, obj.description, obj.lossy, origin)
    if callable(obj) and not inspect.isclass(obj):
        wrapper = FunctionFilter if kind == "filter" else FunctionNormalizer
        doc = (inspect.getdoc(obj) or "").split("\n", 1)[0]
        step_name = name or getattr(obj, "__name__", "custom").replace("_", "-")
        factory = functools.partial(wrapper, obj, label=step_name)
        return StepInfo(kind, step_name, factory, doc, False, origin)
    raise ArcleanError(
        f"{kind} {name!r} from {origin} is neither a {base.__name__} subclass nor a function"
    )


@functools.cache
def default_registry() -> Registry:
    """Built-in steps plus every installed entry point (loaded once per process)."""
    reg = Registry()
    for cls in BUILTIN_FILTERS:
        reg.add("filter", cls, origin="builtin")
    for ncls in BUILTIN_NORMALIZERS:
        reg.add("normalizer", ncls, origin="builtin")
    reg.load_entry_points()
    return reg
