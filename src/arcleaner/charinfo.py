"""What a piece of text is made of, character by character, and what cleaning does to it:
the tool for a line that looks clean but does not match.

Each character gets its code point, Unicode name and category, its Arabic name where it
is a letter or mark of the Arabic alphabet (pyarabic's table: ``تطويل``, ``شدة``, ``همزة
على الألف``, the names Arabic grammar gives them), a visible form (an invisible one is
named, ``<RLM>``; a mark is shown on a dotted circle), and what each
normalizer would do to it, tried between two plain letters in an Arabic line
(``ب…ب في``), so a rule that looks at its neighbours or its line sees Arabic there:

>>> from arcleaner import Pipeline
>>> normalizers = Pipeline.default().normalizers
>>> for info in describe_chars("اشـترك\\u200f", normalizers)[2:]:
...     print(info.code, info.shown, info.name, info.effects)
U+0640 ـ ARABIC TATWEEL (('strip-tatweel', 'deleted'),)
U+062A ت ARABIC LETTER TEH ()
U+0631 ر ARABIC LETTER REH ()
U+0643 ك ARABIC LETTER KAF ()
U+200F <RLM> RIGHT-TO-LEFT MARK (('normalize-unicode', 'deleted'),)

:func:`inspect_text` adds what the whole text becomes step by step, its cleaned form,
its match key, and whether a filter removes it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pyarabic import araby

from . import _chars as c
from .keys import match_key

if TYPE_CHECKING:
    from .pipeline import Pipeline
    from .steps import Normalizer

# Short names shown in place of characters that draw nothing.
_SHORT = {
    "\t": "TAB",
    "\n": "LF",
    "\x0b": "VT",
    "\x0c": "FF",
    "\r": "CR",
    " ": "SP",
    c.NEXT_LINE: "NEL",
    "\N{NO-BREAK SPACE}": "NBSP",
    "\N{SOFT HYPHEN}": "SHY",
    "\N{ARABIC LETTER MARK}": "ALM",
    "\N{ZERO WIDTH SPACE}": "ZWSP",
    c.ZWNJ: "ZWNJ",
    c.ZWJ: "ZWJ",
    "\N{LEFT-TO-RIGHT MARK}": "LRM",
    "\N{RIGHT-TO-LEFT MARK}": "RLM",
    c.LINE_SEPARATOR: "LS",
    c.PARAGRAPH_SEPARATOR: "PS",
    "\N{LEFT-TO-RIGHT EMBEDDING}": "LRE",
    "\N{RIGHT-TO-LEFT EMBEDDING}": "RLE",
    "\N{POP DIRECTIONAL FORMATTING}": "PDF",
    "\N{LEFT-TO-RIGHT OVERRIDE}": "LRO",
    "\N{RIGHT-TO-LEFT OVERRIDE}": "RLO",
    "\N{NARROW NO-BREAK SPACE}": "NNBSP",
    "\N{WORD JOINER}": "WJ",
    "\N{LEFT-TO-RIGHT ISOLATE}": "LRI",
    "\N{RIGHT-TO-LEFT ISOLATE}": "RLI",
    "\N{FIRST STRONG ISOLATE}": "FSI",
    "\N{POP DIRECTIONAL ISOLATE}": "PDI",
    c.BOM: "BOM",
}
# Names Python's unicodedata has none for (control characters).
_CONTROL_NAMES = {
    "\x00": "NULL",
    "\t": "CHARACTER TABULATION",
    "\n": "LINE FEED",
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\r": "CARRIAGE RETURN",
    "\x1b": "ESCAPE",
    "\x7f": "DELETE",
    c.NEXT_LINE: "NEXT LINE",
}
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"}
# Marks are shown on this, as Unicode's charts show them.
_DOTTED_CIRCLE = "\N{DOTTED CIRCLE}"
# A plain letter no normalizer touches: the neighbours a character is tried between, and
# a word that makes the line Arabic (normalize-letters leaves Persian lines alone).
_BEH = "\N{ARABIC LETTER BEH}"
_BEFORE, _AFTER = _BEH, _BEH + " في"


@dataclass(frozen=True, slots=True)
class CharInfo:
    """One character: where it is, what it is, and what each normalizer does to it."""

    index: int
    char: str
    code: str  # U+0644
    name: str
    category: str  # the Unicode general category, e.g. Lo, Mn, Cf
    shown: str  # a visible form: the character, <RLM>, or a mark on a dotted circle
    effects: tuple[tuple[str, str], ...] = field(default=())  # (normalizer, what it does)
    arabic_name: str = ""  # the Arabic name of an Arabic letter or mark (pyarabic), or ""

    @property
    def invisible(self) -> bool:
        return self.shown.startswith("<")

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "char": self.char,
            "code": self.code,
            "name": self.name,
            "category": self.category,
            "arabic_name": self.arabic_name,
            "shown": self.shown,
            "effects": dict(self.effects),
        }


def code_point(ch: str) -> str:
    """``U+0644`` (four hex digits at least)."""
    return f"U+{ord(ch):04X}"


def char_name(ch: str) -> str:
    """The Unicode name, or a description where Unicode gives none."""
    name = unicodedata.name(ch, "")
    if name:
        return name
    category = unicodedata.category(ch)
    if category == "Cc":
        return _CONTROL_NAMES.get(ch, "<control>")
    return {"Cs": "<surrogate>", "Co": "<private use>", "Cn": "<unassigned>"}.get(
        category, "<no name>"
    )


def arabic_name(ch: str) -> str:
    """The name Arabic gives ``ch`` if it is a letter, mark or tatweel of the Arabic
    alphabet (``باء``, ``فتحة``, ``همزة على الألف``), else ``""``."""
    return araby.name(ch) if len(ch) == 1 else ""


def shown(ch: str) -> str:
    """A visible form of ``ch``: itself, ``<NAME>`` for what draws nothing, or a mark on
    a dotted circle."""
    category = unicodedata.category(ch)
    if ch in _SHORT:
        return f"<{_SHORT[ch]}>"
    if category in _INVISIBLE_CATEGORIES:
        return f"<{code_point(ch)}>"
    if category in ("Mn", "Me", "Mc"):
        return _DOTTED_CIRCLE + ch
    return ch


def visible(text: str, spaces: bool = False) -> str:
    """``text`` with every invisible character replaced by its visible form (plain spaces
    too, when ``spaces``)."""
    return "".join(
        shown(ch) if shown(ch).startswith("<") and (spaces or ch != " ") else ch for ch in text
    )


def effect(step: Normalizer, ch: str) -> str | None:
    """What ``step`` does to ``ch`` between two plain Arabic letters; ``None``: nothing."""
    probe = f"{_BEFORE}{ch}{_AFTER}"
    try:
        out = step(probe)
    except Exception as err:  # a plugin's bug must not hide the rest of the table
        return f"raises {type(err).__name__}"
    if out == probe:
        return None
    if out.startswith(_BEFORE) and out.endswith(_AFTER) and len(out) >= len(probe) - 1:
        middle = out[len(_BEFORE) : len(out) - len(_AFTER)]
        if not middle:
            return "deleted"
        codes = " ".join(code_point(x) for x in middle)
        return f"-> {visible(middle, spaces=True)} ({codes})"
    return f"-> {visible(out, spaces=True)} (in {visible(probe, spaces=True)})"


def describe_chars(text: str, normalizers: Sequence[Normalizer] = ()) -> list[CharInfo]:
    """One :class:`CharInfo` per character of ``text``, with each normalizer's effect."""
    out = []
    cache: dict[str, tuple[tuple[str, str], ...]] = {}
    for i, ch in enumerate(text):
        if ch not in cache:
            found = ((n.name, effect(n, ch)) for n in normalizers)
            cache[ch] = tuple((name, what) for name, what in found if what is not None)
        out.append(
            CharInfo(
                i,
                ch,
                code_point(ch),
                char_name(ch),
                unicodedata.category(ch),
                shown(ch),
                cache[ch],
                arabic_name(ch),
            )
        )
    return out


def inspect_text(text: str, pipeline: Pipeline) -> dict[str, Any]:
    """Everything :command:`arclean inspect` shows of ``text``: each character
    (:func:`describe_chars`), the text after each normalizer in turn (``None`` where a
    step changes nothing), the cleaned text, each line's match key, and what the
    filters remove."""
    steps: list[tuple[str, str | None]] = []
    current = text
    for step in pipeline.normalizers:
        after = step(current)
        steps.append((step.name, after if after != current else None))
        current = after
    result = pipeline.run(text)
    return {
        "text": text,
        "chars": describe_chars(text, pipeline.normalizers),
        "steps": steps,
        "normalized": current,
        "cleaned": result.text,
        "keys": [match_key(line) for line in text.split("\n")],
        "removed": result.removed,
    }


__all__ = [
    "CharInfo",
    "arabic_name",
    "char_name",
    "code_point",
    "describe_chars",
    "inspect_text",
    "shown",
    "visible",
]
