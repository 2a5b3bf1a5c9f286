"""strip-tashkeel: Arabic diacritics (harakat, tanween, shadda, sukun, Quranic marks).

Marks are matched by explicit code-point tables (``arcleaner._chars``), not by Unicode
category: ``\\p{Mn}`` would also strip Latin accents, and ``\\p{Script=Arabic}`` misses the
harakat. What each level removes:

=====================================================  =======  ===========  ======
marks                                                  strip    keep-shadda  keep
=====================================================  =======  ===========  ======
harakat, tanween, sukun (U+064B-U+0650, U+0652)        removed  removed      kept
shadda (U+0651)                                        removed  kept         kept
superscript alef U+0670, U+0656-U+065F, U+0610-U+061A  removed  removed      kept
Quranic marks U+06D6-U+06ED, Extended-A/B marks        removed  removed      kept
combining hamza / maddah (U+0653-U+0655)               NFC      NFC          NFC
Quranic symbols U+06DD, U+0600-U+0605, U+08E2          deleted  deleted      kept
rub el hizb U+06DE, sajdah U+06E9                      space    space        kept
a mark with no base letter before it                   removed  removed      removed
the same mark twice on one letter                      --       collapsed    collapsed
=====================================================  =======  ===========  ======

Combining hamza and maddah are composed by NFC (``ا`` + U+0654 -> ``أ``), never
deleted, so ``رئيس`` never becomes ``رييس`` (pyarabic's ``strip_diacritics`` does that).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import _chars as c
from ..steps import Normalizer, one_of, option_docs
from ._encoded import alphabet_bytes, decoded, encoded, forget, holds_any
from .unicode import nfc

LEVELS = ("strip", "keep-shadda", "keep")

_SPACERS = re.compile(f"[{c.QURANIC_SPACERS}]")
_ALL = re.compile(f"[{c.HARAKAT}{c.OTHER_MARKS}{c.QURANIC_SYMBOLS}]+")
_ALL_BUT_SHADDA = re.compile(f"[\u064b-\u0650\u0652{c.OTHER_MARKS}{c.QURANIC_SYMBOLS}]+")
_MARKS = re.compile(f"[{c.ARABIC_MARKS}]+")
# A run of marks is "on a letter" when the character before it is a letter, a digit or a
# non-Arabic mark (a base the font can draw it on); after a space or a punctuation mark it
# has nothing to sit on.
_STRAY = re.compile(f"(?:^|(?<=[^\\w{c.ARABIC_MARKS}]|_))[{c.ARABIC_MARKS}]+")
# The same classes as bytes of the 8-bit alphabet (for the fast path of StripTashkeel).
_STRIPPED_BYTES = {
    "strip": alphabet_bytes(_ALL.pattern),
    "keep-shadda": alphabet_bytes(_ALL_BUT_SHADDA.pattern),
}
_MARK_BYTES = alphabet_bytes(f"[{c.ARABIC_MARKS}]")
_DOUBLED = re.compile(f"([{c.ARABIC_MARKS}])[{c.ARABIC_MARKS}]*?\\1")


def _dedupe(match: re.Match[str]) -> str:
    """A run of marks in NFC order with each mark once (typing a fatha twice is a slip)."""
    seen: list[str] = []
    for ch in match[0]:
        if ch not in seen:
            seen.append(ch)
    return "".join(seen)


def drop_stray_marks(text: str) -> str:
    """Remove Arabic marks that follow no base letter (start of text, space, punctuation).

    >>> drop_stray_marks("كلمة ً أخرى")
    'كلمة  أخرى'
    """
    return _STRAY.sub("", text) if _MARKS.search(text) else text


@dataclass(frozen=True)
class StripTashkeel(Normalizer):
    """Remove Arabic diacritics; base letters are never touched.

    >>> StripTashkeel()("مُحتمَلٌ جدًّا")
    'محتمل جدا'
    >>> StripTashkeel(level="keep-shadda")("مُحتمَلٌ جدًّا")
    'محتمل جدّا'
    >>> StripTashkeel(level="keep")("جد\u0651\u0651\u064eا")  # NFC order, shadda once
    'جدَّا'

    ``level="strip"`` (default) removes harakat, tanween, sukun, shadda, superscript alef
    and Quranic marks (table in the module docstring); ``keep-shadda`` keeps the shadda
    (it doubles a consonant: ``علم`` / ``علّم``); ``keep`` keeps every mark but puts them
    in canonical (NFC) order, drops stray marks with no base letter and collapses a mark
    typed twice on one letter.
    """

    name = "strip-tashkeel"
    description = "remove Arabic diacritics (level: strip | keep-shadda | keep)"
    line_local = True
    option_help = option_docs(
        level="strip: every diacritic; keep-shadda: keep the shadda ('علّم'); keep: "
        "every mark, in canonical order, with stray and doubled marks fixed",
    )

    level: str = "strip"

    def validate(self) -> None:
        one_of(self, "level", LEVELS)

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str]:
        return self  # (every rule is local at a space between two letters)

    def __call__(self, text: str) -> str:
        text = nfc(text)
        fast = self._encoded(text)
        if fast is not None:
            return fast
        before = len(text)
        if self.level != "keep":
            # One pass removes the marks and the Quranic symbols together (speed: this is
            # the hot path of the default chain); the two spacer symbols first.
            if c.RUB_EL_HIZB in text or c.PLACE_OF_SAJDAH in text:
                text = _SPACERS.sub(" ", text)
            text = (_ALL if self.level == "strip" else _ALL_BUT_SHADDA).sub("", text)
        if _MARKS.search(text):  # (strip: only hamza marks NFC could not compose)
            text = _STRAY.sub("", nfc(text))
            if self.level != "strip" and _DOUBLED.search(text):
                text = _MARKS.sub(_dedupe, text)
        # A removed mark may have kept two characters from composing (ا + U+0610 + U+0654,
        # or a Latin c + U+065E + U+0301): NFC again, or a second run would compose them.
        return nfc(text) if len(text) != before else text

    def _encoded(self, text: str) -> str | None:
        """The fast path of :meth:`__call__` on NFC text in the 8-bit alphabet (None when
        the text is not, or holds a mark the strip levels keep: the plain path decides).
        Such text has no Quranic spacers; the marks are deleted with one translate."""
        if self.level == "keep":
            return None
        data = encoded(text)
        if data is None:
            return None
        bare = data.translate(None, _STRIPPED_BYTES[self.level])
        if holds_any(bare, _MARK_BYTES):
            return None
        if len(bare) == len(data):
            return text
        forget()  # (the bytes of the text it had: not needed any more; a big text's are big)
        del data
        return nfc(decoded(bare))
