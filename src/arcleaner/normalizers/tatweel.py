"""strip-tatweel: the kashida (U+0640) that stretches words for layout."""

from __future__ import annotations

from dataclasses import dataclass

from .. import _chars as c
from ..steps import Normalizer


@dataclass(frozen=True)
class StripTatweel(Normalizer):
    """Remove every tatweel: ``اشـــترك`` -> ``اشترك``, ``لـ«القاعدة»`` -> ``ل«القاعدة»``.

    Tatweel carries no letter, so removing it loses nothing; it is a word character
    to ``\\w``, so left in place it would split or spoil word matching downstream.
    """

    name = "strip-tatweel"
    description = "remove tatweel (kashida, U+0640)"

    def __call__(self, text: str) -> str:
        return text.replace(c.TATWEEL, "") if c.TATWEEL in text else text
