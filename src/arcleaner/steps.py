"""The two kinds of pipeline step: filters decide, normalizers rewrite.

Both are frozen dataclasses, so a step's options are its fields (config keys equal
parameter names), steps compare equal by value, and pipelines of them pickle. A step is
checked when it is made: every option must have the type of its default, and
:meth:`Filter.validate` / :meth:`Normalizer.validate` check the ranges, so a bad value
from a config file, ``--set`` or Python fails at once (exit 2 on the command line), with
a message naming the step and the option, never halfway through a corpus.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import MISSING, dataclass, fields
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from .document import Decision, Document
from .errors import ConfigError

if TYPE_CHECKING:
    from .resources import Resources


class Filter:
    """Marks lines (or a leading/trailing span of a line) to remove, with a reason.

    Subclasses are frozen dataclasses (their options are fields: a pipeline then pickles
    and compares by value), set ``name`` (kebab-case, ``drop-*``), ``description`` and
    ``option_help`` (a line on each option, see :func:`option_docs`) and implement
    :meth:`decide`. A filter never edits text: the pipeline applies its decisions.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    lossy: ClassVar[bool] = False
    option_help: ClassVar[Mapping[str, str]] = MappingProxyType({})
    #: Whether :meth:`decide` reads :attr:`Document.encoded
    #: <arcleaner.document.Document.encoded>` (the joined 8-bit keys and plain texts, as
    #: much memory as the text). Once no filter still to run does, the pipeline lets go
    #: of it, and of the plain texts the lines hold (:meth:`Line.plain_text
    #: <arcleaner.document.Line.plain_text>` makes one again if asked); a filter that
    #: never reads it says so (True, the default, keeps it).
    reads_encoded: ClassVar[bool] = True

    def __post_init__(self) -> None:
        check_types(self)
        self.validate()

    def validate(self) -> None:
        """Raise :class:`~arcleaner.errors.ConfigError` for an option out of its range
        (see :func:`at_least`, :func:`within`, :func:`one_of`); the default accepts all."""

    def decide(self, doc: Document) -> Iterable[Decision]:
        raise NotImplementedError

    def bind(self, resources: Resources) -> Filter:
        """This filter, ready to run with ``resources``; the pipeline calls it when built.

        A filter that needs lexicons, word lists or model weights loads them here (see
        :meth:`with_loaded`), so a bad file fails before the first document. The default
        needs nothing and returns ``self``.
        """
        return self

    def with_loaded(self, **loaded: Any) -> Filter:
        """A copy of this filter carrying ``loaded`` resources in its non-option fields
        (declared ``field(init=False, compare=False)``): options and equality unchanged."""
        new = copy.copy(self)
        for name, value in loaded.items():
            object.__setattr__(new, name, value)
        return new

    def options(self) -> dict[str, Any]:
        """The step's configuration, as config keys and values."""
        return _options(self)


class Normalizer:
    """Rewrites kept text: a pure, total, idempotent ``str -> str``.

    Subclasses set ``name`` (``strip-*``, ``normalize-*``, ``fold-*``, ``collapse-*``),
    ``description``, ``lossy`` (True when information is merged away) and
    ``option_help`` (a line on each option, see :func:`option_docs`).
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    lossy: ClassVar[bool] = False
    option_help: ClassVar[Mapping[str, str]] = MappingProxyType({})
    #: True when the step rewrites each line on its own: ``step(a + brk + b) ==
    #: step(a) + brk + step(b)`` for a break ``brk`` of one line break or two (a blank
    #: line) whenever the last line of ``a`` and the first of ``b`` each hold a character
    #: that is not a space, and ``a`` ends and ``b`` begins with none of the characters
    #: some step makes a line break (CR, a form feed, U+2028...; see
    #: :func:`~arcleaner.pipeline.line_blocks`). The pipeline then gives a big text to it
    #: a block of lines at a time, so that one block's copies are alive rather than the
    #: whole text's. False (the default) always gets the whole text; a subclass says it
    #: again (it may change what a step does).
    line_local: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "line_local" not in cls.__dict__:
            cls.line_local = False
        if "slicer" not in cls.__dict__:
            cls.slicer = Normalizer.slicer  # type: ignore[method-assign]
        if "cut_ok" not in cls.__dict__:
            cls.cut_ok = Normalizer.cut_ok  # type: ignore[method-assign]

    def cut_ok(self, before: str, after: str) -> bool:
        """Whether the step may take ``before`` and ``after``, two blocks of a big text,
        apart: ``step(before + brk + after) == step(before) + brk + step(after)`` for
        the break ``brk`` between them, a cut :func:`~arcleaner.pipeline.line_blocks`
        may make. ``line_local`` (the default) says so for every such cut; a step that
        is not may say it of some (strip-html-leftovers: where no tag can be open). A
        subclass says it again, as ``line_local``. Where to cut is chosen asking it of a
        block's last 4,096 characters or more; the blocks are then given to the step
        apart only if it says so of the whole block before the cut."""
        return self.line_local

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str] | None:
        """How a line-local step rewrites one long line held as ``slices``, cut at single
        spaces between two letters (see :func:`~arcleaner.pipeline.line_blocks`; the
        first may begin and the last end with blank lines): a function ``f`` with
        ``step(" ".join(slices)) == " ".join(map(f, slices))``, or
        None (the default) when the step needs the line whole. ``f`` is called once on
        each slice, in order. Decisions a step takes on the whole line are taken here,
        over the slices; a one-line document of 50 MB is then rewritten a slice at a
        time. A subclass says it again, as ``line_local``.
        """
        return None

    def __post_init__(self) -> None:
        check_types(self)
        self.validate()

    def validate(self) -> None:
        """Raise :class:`~arcleaner.errors.ConfigError` for an option out of its range
        (see :func:`at_least`, :func:`within`, :func:`one_of`); the default accepts all."""

    def __call__(self, text: str) -> str:
        raise NotImplementedError

    def options(self) -> dict[str, Any]:
        """The step's configuration, as config keys and values."""
        return _options(self)


def option_docs(**docs: str) -> Mapping[str, str]:
    """A step's ``option_help``: one line per option saying what it does and what it risks
    (``arclean filters`` prints them; a test checks every option of every step has one).

    >>> option_docs(min_words="shorter lines are never dropped")["min_words"]
    'shorter lines are never dropped'
    """
    return MappingProxyType(docs)


def _bad(step: Any, option: str, wanted: str) -> ConfigError:
    return ConfigError(f"{step.name}: {option} must be {wanted}, not {getattr(step, option)!r}")


def check_types(step: Any) -> None:
    """Every option of a dataclass step has the type of its default: a flag is true or
    false, a count a whole number, a share a number, a text a string, a list a tuple of
    strings (a TOML list becomes a tuple in the registry). Options without a default,
    or with ``None``, are the step's own business."""
    if not hasattr(step, "__dataclass_fields__"):
        return
    for f in fields(step):
        if not f.init or f.default is MISSING or f.default is None:
            continue
        value, default = getattr(step, f.name), f.default
        if isinstance(default, bool):
            ok, wanted = isinstance(value, bool), "true or false"
        elif isinstance(default, int):
            ok, wanted = isinstance(value, int) and not isinstance(value, bool), "a whole number"
        elif isinstance(default, float):
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            ok, wanted = ok and math.isfinite(value), "a number"
        elif isinstance(default, str):
            ok, wanted = isinstance(value, str), "a string"
        elif isinstance(default, tuple):
            ok = isinstance(value, tuple) and all(isinstance(v, str) for v in value)
            wanted = "a list of strings"
        else:
            continue
        if not ok:
            raise _bad(step, f.name, wanted)


def at_least(step: Any, option: str, low: int) -> None:
    """Refuse ``step.option < low``: ``drop-repeated-lines: min_words must be at least 1,
    not -5``."""
    if getattr(step, option) < low:
        raise _bad(step, option, f"at least {low}")


def within(step: Any, option: str, low: float, high: float) -> None:
    """Refuse a value outside ``[low, high]``."""
    if not low <= getattr(step, option) <= high:
        raise _bad(step, option, f"between {low} and {high}")


def one_of(step: Any, option: str, choices: Iterable[str]) -> None:
    """Refuse a value that is not one of ``choices``."""
    choices = tuple(choices)
    if getattr(step, option) not in choices:
        raise _bad(step, option, f"one of {', '.join(choices)}")


def _options(step: object) -> dict[str, Any]:
    if not hasattr(step, "__dataclass_fields__"):
        return {}
    return {f.name: getattr(step, f.name) for f in fields(step) if f.init}  # type: ignore[arg-type]


@dataclass(frozen=True)
class FunctionFilter(Filter):
    """A plain function ``doc -> iterable of Decision`` used as a filter."""

    func: Callable[[Document], Iterable[Decision]]
    label: str = ""

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.label or getattr(self.func, "__name__", "custom").replace("_", "-")

    def decide(self, doc: Document) -> Iterable[Decision]:
        return self.func(doc)

    def options(self) -> dict[str, Any]:
        """None: the function is the step, not an option of it (a config names it)."""
        return {}


@dataclass(frozen=True)
class FunctionNormalizer(Normalizer):
    """A plain function ``str -> str`` used as a normalizer."""

    func: Callable[[str], str]
    label: str = ""

    @property
    def name(self) -> str:  # type: ignore[override]
        return self.label or getattr(self.func, "__name__", "custom").replace("_", "-")

    def __call__(self, text: str) -> str:
        return self.func(text)

    def options(self) -> dict[str, Any]:
        """None: the function is the step, not an option of it (a config names it)."""
        return {}
