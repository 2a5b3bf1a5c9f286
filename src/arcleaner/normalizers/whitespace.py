"""collapse-whitespace: spaces, blank lines, and line ends."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..steps import Normalizer
from ._encoded import encoded

_SPACES = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")
_EDGES = re.compile(r" *\n *")
_BLANKS = re.compile(r"\n{3,}")
# Anything the steps below would change but the ends (in the 8-bit alphabet, whose
# ASCII bytes are ASCII: a bytes ``in`` is many times faster than a str one).
_WORK = (b"\r", b"\t", b"\f", b"\v", b"  ", b" \n", b"\n ", b"\n\n\n")


@dataclass(frozen=True)
class CollapseWhitespace(Normalizer):
    """Collapse runs of spaces and tabs to one space, trim each line, keep at most one
    blank line between paragraphs, and drop blank lines at the start and end."""

    name = "collapse-whitespace"
    description = "one space between words, at most one blank line, no edge spaces"
    line_local = True

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str]:
        return self  # (every rule is local at a space between two letters)

    def __call__(self, text: str) -> str:
        data = encoded(text)
        if data is not None and not any(w in data for w in _WORK):
            return text.strip(" \n")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "  " in text or "\t" in text or "\f" in text or "\v" in text:
            text = _SPACES.sub(" ", text)
        if " \n" in text or "\n " in text:
            text = _EDGES.sub("\n", text)
        if "\n\n\n" in text:
            text = _BLANKS.sub("\n\n", text)
        return text.strip(" \n")
