"""Built-in normalizers: pure, idempotent ``str -> str`` rewrites of kept text."""

from .diacritics import StripTashkeel
from .digits import NormalizeDigits
from .letters import FoldLetters, NormalizeLetters
from .markup import StripHtmlLeftovers
from .punctuation import NormalizePunctuation
from .tatweel import StripTatweel
from .unicode import NormalizeUnicode
from .whitespace import CollapseWhitespace

__all__ = [
    "CollapseWhitespace",
    "FoldLetters",
    "NormalizeDigits",
    "NormalizeLetters",
    "NormalizePunctuation",
    "NormalizeUnicode",
    "StripHtmlLeftovers",
    "StripTashkeel",
    "StripTatweel",
]
