"""normalize-letters (keyboard artefacts, safe) and fold-letters (search folds, lossy).

``normalize-letters`` fixes letters that Persian and Urdu keyboards put into Arabic
text: they look (almost) like the Arabic letter but are different code points, so a
search for ``كتاب`` misses ``کتاب``:

======================================  =========================================
letter                                  becomes
======================================  =========================================
ک U+06A9 keheh                          ك
ی U+06CC, ې U+06D0, ے U+06D2 (yeh)      ي before an Arabic letter, ى at word end
ہ U+06C1, ھ U+06BE, ە U+06D5 (heh)      ه
ۃ U+06C3 (taa marbuta goal)             ة
ٱ U+0671 alef wasla                     ا
======================================  =========================================

Loan letters (پ چ ڤ گ ژ ڨ) stay: ``ڤيروس`` and ``گوگل`` are spelled that way on purpose.
A line is treated as Arabic only when it also has a letter Persian, Urdu and Kurdish
never use (ي ك ى ة); other lines (Persian, Urdu, Kurdish text) are left exactly as they
are. Alef wasla is Arabic-only and is always mapped.

``fold-letters`` merges letters for search and matching; it loses information (``مدرسة``
and ``مدرسه`` become one), so it is off by default and marked lossy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import _chars as c
from ..steps import Normalizer, option_docs
from ._encoded import alphabet_bytes, encoded, holds_any
from ._pieces import by_pieces, is_long_line
from .unicode import nfc

_KEHEH, _FARSI_YEH, _E, _YEH_BARREE = "\u06a9", "\u06cc", "\u06d0", "\u06d2"
_HEH_GOAL, _HEH_DOACHASHMEE, _AE, _TEH_GOAL = "\u06c1", "\u06be", "\u06d5", "\u06c3"
_ALEF_WASLA = "\N{ARABIC LETTER ALEF WASLA}"
_YEH, _ALEF_MAKSURA, _KAF, _HEH = "\u064a", "\u0649", "\u0643", "\u0647"
_TEH_MARBUTA, _ALEF = "\u0629", "\u0627"

_ARTEFACTS = re.compile(
    f"[{_KEHEH}{_FARSI_YEH}{_E}{_YEH_BARREE}{_HEH_GOAL}{_HEH_DOACHASHMEE}{_AE}{_TEH_GOAL}]"
)
_ARTEFACT_BYTES = alphabet_bytes(_ARTEFACTS.pattern)
_ARABIC_ONLY = re.compile(f"[{_YEH}{_KAF}{_ALEF_MAKSURA}{_TEH_MARBUTA}]")
_YEHS = f"{_FARSI_YEH}{_E}{_YEH_BARREE}"
_YEH_MEDIAL = re.compile(f"[{_YEHS}](?=[{c.ARABIC_MARKS}]*[{c.ARABIC_LETTERS}])")
_YEH_FINAL = re.compile(f"[{_YEHS}]")
_HEHS = re.compile(f"[{_HEH_GOAL}{_HEH_DOACHASHMEE}{_AE}]")


def _fix_line(line: str) -> str:
    """A line with alef wasla mapped and, if it is Arabic, its keyboard letters fixed."""
    arabic = _ARTEFACTS.search(line) is not None and _ARABIC_ONLY.search(line) is not None
    if not arabic and _ALEF_WASLA not in line:
        return line
    line = line.replace(_ALEF_WASLA, _ALEF)
    # A mapped letter may now compose with a hamza or maddah after it (ٱ + U+0653 -> آ,
    # ی + U+0654 -> ئ): NFC, of a changed line only (the others are left as they are).
    return nfc(_fix(line) if arabic else line)


def _fix(line: str) -> str:
    """The letters of a line taken as Arabic fixed (local at spaces: a yeh is medial
    when a letter follows it, marks between them)."""
    line = line.replace(_KEHEH, _KAF).replace(_TEH_GOAL, _TEH_MARBUTA)
    line = _HEHS.sub(_HEH, line)
    return _YEH_FINAL.sub(_ALEF_MAKSURA, _YEH_MEDIAL.sub(_YEH, line))


@dataclass(frozen=True)
class NormalizeLetters(Normalizer):
    """Persian/Urdu keyboard letters in Arabic text to the Arabic letters.

    >>> NormalizeLetters()("مدیر الشرکة فی ٱلمدينة")
    'مدير الشركة فى المدينة'
    >>> NormalizeLetters()("این یک کتاب است")  # Persian: left alone
    'این یک کتاب است'
    """

    name = "normalize-letters"
    description = "Persian/Urdu keyboard letters (ک ی ہ ۃ) and alef wasla to Arabic letters"
    line_local = True

    def __call__(self, text: str) -> str:
        if is_long_line(text):
            return self._long_line(text)
        if _ALEF_WASLA not in text:
            data = encoded(text)
            if data is not None:  # (the fast test: one translate of the 8-bit text)
                if not holds_any(data, _ARTEFACT_BYTES):
                    return text
            elif not _ARTEFACTS.search(text):
                return text
        fixed = "\n".join(_fix_line(line) for line in text.split("\n"))
        return text if fixed == text else fixed  # (the same object: see _encoded)

    def _long_line(self, line: str) -> str:
        """:meth:`__call__` of one long line, in slices (:mod:`._pieces`)."""
        fix = self.slicer([line])
        return line if fix is _same else by_pieces(fix, line)

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str]:
        """Whether the line is Arabic is decided on the whole line (all its slices); the
        rest is local at spaces."""
        arabic = any(_ARTEFACTS.search(s) for s in slices) and any(
            _ARABIC_ONLY.search(s) for s in slices
        )
        if not arabic and not any(_ALEF_WASLA in s for s in slices):
            return _same

        def piece(text: str) -> str:
            text = text.replace(_ALEF_WASLA, _ALEF)
            return nfc(_fix(text) if arabic else text)

        return piece


def _same(text: str) -> str:
    return text


_ALEFS = re.compile("[\u0622\u0623\u0625\u0671\u0672\u0673]")


@dataclass(frozen=True)
class FoldLetters(Normalizer):
    """Merge letter variants for search (lossy; off by default).

    >>> FoldLetters()("إلى مدرسة أحمد")
    'الي مدرسه احمد'
    >>> FoldLetters(taa_marbuta=False, hamza=True)("مسؤول رئيس")
    'مسوول رييس'

    ``alef``: أ إ آ ٱ ٲ ٳ to ا (the hamza and madda are lost). ``alef_maqsura``: ى to ي
    (never ى to ا, which turns على into علا). ``taa_marbuta``: ة to ه. ``hamza`` (off):
    ؤ to و and ئ to ي, the hamza seats; a standalone ء stays.
    """

    name = "fold-letters"
    description = "merge alef variants, alef maqsura, taa marbuta (and hamza seats)"
    line_local = True
    lossy = True
    option_help = option_docs(
        alef="أ إ آ ٱ ٲ ٳ to ا (the hamza and madda are lost)",
        alef_maqsura="ى to ي (never ى to ا, which would turn على into علا)",
        taa_marbuta="ة to ه (taa marbuta to haa)",
        hamza="the hamza seats ؤ to و and ئ to ي (a standalone ء stays)",
    )

    alef: bool = True
    alef_maqsura: bool = True
    taa_marbuta: bool = True
    hamza: bool = False

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str]:
        return self  # (every rule is local at a space between two letters)

    def __call__(self, text: str) -> str:
        text = self._fold(nfc(text))
        # A folded letter may compose with the mark after it (ٱ + maddah -> آ, ي + hamza
        # -> ئ): repeat until nothing changes (each round removes a mark, so it ends).
        while any(h in text for h in c.HAMZA_MARK_CHARS):
            again = self._fold(nfc(text))
            if again == text:
                break
            text = again
        return text

    def _fold(self, text: str) -> str:
        if self.alef:
            text = _ALEFS.sub(_ALEF, text)
        if self.alef_maqsura and _ALEF_MAKSURA in text:
            text = text.replace(_ALEF_MAKSURA, _YEH)
        if self.taa_marbuta and _TEH_MARBUTA in text:
            text = text.replace(_TEH_MARBUTA, _HEH)
        if self.hamza:
            text = text.replace("\u0624", "\u0648").replace("\u0626", _YEH)
        return text
