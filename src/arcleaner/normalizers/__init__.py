"""Built-in normalizers: pure, idempotent ``str -> str`` rewrites of kept text."""

from .diacritics import StripTashkeel
from .tatweel import StripTatweel
from .unicode import NormalizeUnicode
from .whitespace import CollapseWhitespace

__all__ = ["CollapseWhitespace", "NormalizeUnicode", "StripTashkeel", "StripTatweel"]
