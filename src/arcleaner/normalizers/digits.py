"""normalize-digits: one digit set (off by default).

Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII, or ASCII and Persian digits to
Arabic-Indic. Separators are changed only between two digits: ``٦٫٥`` -> ``6.5`` and
``٣٬٥٠٠`` -> ``3,500`` (to ASCII); a ``٫`` or ``٬`` elsewhere, and every other mark between
digits (``2،5``, ``٢,٦``), is left as typed. Towards Arabic-Indic, digits that belong to a Latin
token (``MP3``, ``A4``, ``COVID-19``) and digits in URLs and e-mail addresses stay ASCII.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import _chars as c
from ..steps import Normalizer, one_of, option_docs
from .punctuation import may_hold_address

TARGETS = ("ascii", "arabic-indic")

_TO_ASCII = str.maketrans(c.ARABIC_INDIC_DIGITS + c.PERSIAN_DIGITS, c.ASCII_DIGITS * 2)
_TO_INDIC = str.maketrans(c.ASCII_DIGITS + c.PERSIAN_DIGITS, c.ARABIC_INDIC_DIGITS * 2)
_EASTERN = re.compile(f"[{c.ARABIC_INDIC_DIGITS}{c.PERSIAN_DIGITS}]")
_ANY_DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
_SEPARATOR = re.compile(
    f"(?<=[{_ANY_DIGIT}])[{c.ARABIC_DECIMAL_SEPARATOR}{c.ARABIC_THOUSANDS_SEPARATOR}]"
    f"(?=[{_ANY_DIGIT}])"
)
_WESTERN_RUN = re.compile("[0-9\u06f0-\u06f9]+")
_PROTECT = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def _separator(match: re.Match[str]) -> str:
    return "." if match[0] == c.ARABIC_DECIMAL_SEPARATOR else ","


@dataclass(frozen=True)
class NormalizeDigits(Normalizer):
    """Convert digits to one set: ``to="ascii"`` (default) or ``to="arabic-indic"``.

    >>> NormalizeDigits()("بلغ ٣٬٥٠٠ دولار، بنسبة ٦٫٥ ٪ في ۱۴۰۲")
    'بلغ 3,500 دولار، بنسبة 6.5 ٪ في 1402'
    >>> NormalizeDigits(to="arabic-indic")("عام 2024 وفيروس COVID-19")
    'عام ٢٠٢٤ وفيروس COVID-19'
    """

    name = "normalize-digits"
    description = "Arabic-Indic and Persian digits to ASCII (to=ascii) or the reverse"
    line_local = True
    lossy = True
    option_help = option_docs(
        to="ascii: Arabic-Indic and Persian digits to 0-9; arabic-indic: 0-9 and Persian "
        "digits to ٠-٩",
    )

    to: str = "ascii"

    def validate(self) -> None:
        one_of(self, "to", TARGETS)

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str]:
        return self  # (every rule is local at a space between two letters)

    def __call__(self, text: str) -> str:
        if self.to == "ascii":
            if not _EASTERN.search(text):
                return text
            text = _SEPARATOR.sub(_separator, text)
            return text.translate(_TO_ASCII)
        protected = [m.span() for m in _PROTECT.finditer(text)] if may_hold_address(text) else []

        def convert(m: re.Match[str]) -> str:
            s, i, j = m.string, m.start(), m.end()
            k = i - 1 if i > 1 and s[i - 1] == "-" else i  # COVID-19
            latin_before = k > 0 and s[k - 1].isascii() and s[k - 1].isalpha()
            latin_after = j < len(s) and s[j].isascii() and s[j].isalpha()
            if latin_before or latin_after or any(a <= i < b for a, b in protected):
                return m[0]
            return m[0].translate(_TO_INDIC)

        return _WESTERN_RUN.sub(convert, text)
