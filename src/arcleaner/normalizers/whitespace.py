"""collapse-whitespace: spaces, blank lines, and line ends."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..steps import Normalizer

_SPACES = re.compile(r"[ \t\f\v]{2,}|[\t\f\v]")
_EDGES = re.compile(r" *\n *")
_BLANKS = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class CollapseWhitespace(Normalizer):
    """Collapse runs of spaces and tabs to one space, trim each line, keep at most one
    blank line between paragraphs, and drop blank lines at the start and end."""

    name = "collapse-whitespace"
    description = "one space between words, at most one blank line, no edge spaces"

    def __call__(self, text: str) -> str:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if "  " in text or "\t" in text or "\f" in text or "\v" in text:
            text = _SPACES.sub(" ", text)
        if " \n" in text or "\n " in text:
            text = _EDGES.sub("\n", text)
        if "\n\n\n" in text:
            text = _BLANKS.sub("\n\n", text)
        return text.strip(" \n")
