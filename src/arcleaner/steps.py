"""The two kinds of pipeline step: filters decide, normalizers rewrite.

Both are frozen dataclasses, so a step's options are its fields (config keys equal
parameter names), steps compare equal by value, and pipelines of them pickle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from .document import Decision, Document


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

    def options(self) -> dict[str, Any]:
        """The step's configuration, as config keys and values."""
        return {f.name: getattr(self, f.name) for f in fields(self)} if _is_dc(self) else {}


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
        return {f.name: getattr(self, f.name) for f in fields(self)} if _is_dc(self) else {}


def _is_dc(obj: object) -> bool:
    return hasattr(obj, "__dataclass_fields__")


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
