"""strip-tatweel: the kashida (U+0640) that stretches words for layout."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import _chars as c
from ..steps import Normalizer
from .unicode import nfc

# The article (with its proclitics و ف ب ك ل, and the contracted لل) written with a
# tatweel before a Latin word or a number: الـ CNN, بالـ20, للـ BBC. The writer detached
# the article only because the next word is in another script; it is one word, so the
# article is joined to it: الCNN, بال20. The pattern starts at the tatweel (fast to find);
# the word before it is checked in Python.
_BEFORE_LATIN = re.compile(f"{c.TATWEEL}+ *(?=[A-Za-z0-9])")
_ARTICLE = re.compile("(?:[وف]?[بكل]?ال|[وف]?لل)")


def _join_article(match: re.Match[str]) -> str:
    s, i = match.string, match.start()
    j = i
    while j > 0 and (s[j - 1].isalpha() or s[j - 1] in _MARK_CHARS) and s[j - 1] != c.TATWEEL:
        j -= 1
    return "" if _ARTICLE.fullmatch(s, j, i) else match[0]


# A tatweel that carries a mark: the mark moves to the letter before it, or, when no
# letter comes before the whole run of tatweels and marks, the run goes (its marks would
# be stray).
_CARRIER = re.compile(
    f"(?:^|(?<=[^\\w{c.ARABIC_MARKS}]|_))[{c.TATWEEL}{c.ARABIC_MARKS}]*{c.TATWEEL}"
    f"[{c.TATWEEL}{c.ARABIC_MARKS}]*"
)
_MARK_AFTER = re.compile(f"{c.TATWEEL}[{c.ARABIC_MARKS}]")
_MARK_CHARS = frozenset(
    chr(cp) for cp in range(0x0610, 0x08FF) if re.match(f"[{c.ARABIC_MARKS}]", chr(cp))
)


@dataclass(frozen=True)
class StripTatweel(Normalizer):
    """Remove every tatweel: ``اشـــترك`` -> ``اشترك``, ``لـ«القاعدة»`` -> ``ل«القاعدة»``.

    >>> StripTatweel()("اشـــترك في الـ CNN والـ20 الأولى")
    'اشترك في الCNN وال20 الأولى'

    Tatweel carries no letter, so removing it loses nothing; it is a word character
    to ``\\w``, so left in place it would split or spoil word matching downstream.
    Where it joins the article ``ال`` to a Latin word or a number (``الـ CNN``,
    ``الـ20``), the article is glued to that word (``الCNN``, ``ال20``), keeping one
    word as the writer meant; a bare ``ال CNN`` would leave an article with no noun.
    """

    name = "strip-tatweel"
    description = "remove tatweel (kashida, U+0640); الـ CNN becomes الCNN"
    line_local = True

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str]:
        """A line with a tatweel that carries a mark is composed (NFC) whole, so then
        every slice is; the rest is local at a space between two letters."""
        if any(_MARK_AFTER.search(s) for s in slices):
            return lambda part: _strip_carriers(_BEFORE_LATIN.sub(_join_article, part))
        return self

    def __call__(self, text: str) -> str:
        if c.TATWEEL not in text:
            return text
        if _MARK_AFTER.search(text) is None:
            return _BEFORE_LATIN.sub(_join_article, text).replace(c.TATWEEL, "")
        return "\n".join(_strip_marked(line) for line in text.split("\n"))


def _strip_marked(line: str) -> str:
    """The tatweels of a line gone, those that carry marks too (see ``_CARRIER``)."""
    if c.TATWEEL not in line:
        return line
    line = _BEFORE_LATIN.sub(_join_article, line)
    if _MARK_AFTER.search(line) is None:
        return line.replace(c.TATWEEL, "")
    return _strip_carriers(line)


def _strip_carriers(line: str) -> str:
    """The tatweels of a line with a mark after one gone, the marks moved (``_CARRIER``)."""
    line = _CARRIER.sub("", line)  # (one step at a time: a big line's copies are big)
    line = line.replace(c.TATWEEL, "")
    # A mark that moved from the tatweel onto the letter before may compose with it
    # (اـٔ -> أ): NFC, of this line only (the others are left as they are).
    return nfc(line)
