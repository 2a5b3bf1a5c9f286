"""The two kinds of pipeline step: filters decide, normalizers rewrite.

Both are frozen dataclasses, so a step's options are its fields (config keys equal
parameter names), steps compare equal by value, and pipelines of them pickle.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar

from .document import Decision, Document

if TYPE_CHECKING:
    from .resources import Resources


class Filter:
    """Marks lines (or a leading/trailing span of a line) to remove, with a reason.

    Subclasses set ``name`` (kebab-case, ``drop-*``) and ``description`` and implement
    :meth:`decide`. A filter never edits text: the pipeline applies its decisions.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    lossy: ClassVar[bool] = False

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
    ``description`` and ``lossy`` (True when information is merged away).
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    lossy: ClassVar[bool] = False

    def __call__(self, text: str) -> str:
        raise NotImplementedError

    def options(self) -> dict[str, Any]:
        """The step's configuration, as config keys and values."""
        return _options(self)


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
