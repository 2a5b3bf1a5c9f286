"""strip-tashkeel: Arabic diacritics (harakat, tanween, shadda, sukun, Quranic marks)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

from .. import _chars as c
from ..errors import ConfigError
from ..steps import Normalizer
from .unicode import nfc

LEVELS = ("strip", "keep-shadda", "keep")

_ALL = regex.compile(f"[{c.HARAKAT}{c.OTHER_MARKS}]+|[{c.QURANIC_SYMBOLS}]+")
_ALL_BUT_SHADDA = regex.compile(f"[\u064b-\u0650\u0652{c.OTHER_MARKS}]+|[{c.QURANIC_SYMBOLS}]+")
_MARKS = re.compile(f"[{c.HARAKAT}{c.HAMZA_MARKS}{c.OTHER_MARKS}]+")
_HAMZA = re.compile(f"[{c.HAMZA_MARKS}]")
_BASE = regex.compile(r"[\p{L}\p{M}\p{N}]")


def _drop_stray(match: re.Match[str]) -> str:
    """A run of marks with no letter before it has nothing to sit on: drop it."""
    i = match.start()
    return match[0] if i and _BASE.match(match.string, i - 1) else ""


_DOUBLED = re.compile(f"([{c.HARAKAT}{c.OTHER_MARKS}])\\1+")


@dataclass(frozen=True)
class StripTashkeel(Normalizer):
    """Remove Arabic diacritics; base letters are never touched.

    ``level="strip"`` (default) removes harakat, tanween, sukun, shadda, superscript alef
    and Quranic marks: ``مُحتمَل`` -> ``محتمل``. ``keep-shadda`` keeps the shadda, ``keep``
    keeps every mark but puts them in canonical (NFC) order and drops stray marks that
    have no base letter. Combining hamza and maddah are composed by NFC (``ا`` + U+0654
    -> ``أ``), never deleted, so ``رئيس`` never becomes ``رييس``.
    """

    name = "strip-tashkeel"
    description = "remove Arabic diacritics (level: strip | keep-shadda | keep)"

    level: str = "strip"

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ConfigError(
                f"strip-tashkeel: level must be one of {', '.join(LEVELS)}, not {self.level!r}"
            )

    def __call__(self, text: str) -> str:
        text = nfc(text)
        if self.level == "strip":
            text = _ALL.sub("", text)
        elif self.level == "keep-shadda":
            text = _ALL_BUT_SHADDA.sub("", text)
        else:
            text = _DOUBLED.sub(r"\1", text)
        if self.level == "strip" and not _HAMZA.search(text):
            return text  # no mark is left that could be stray
        return _MARKS.sub(_drop_stray, text)
