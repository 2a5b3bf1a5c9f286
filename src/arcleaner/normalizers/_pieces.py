"""A long line normalized piece by piece.

A document that lost its line breaks is one line of tens of MB; a normalizer's regex
passes over it each make a whole copy (and ``re.sub`` a list of every piece between its
matches), several at once. Where a normalizer's every step is local to a character or to
a run of characters that holds no space (see :func:`arcleaner.keys.space_slices`), the
line is normalized slice by slice, each slice but the first starting at a space, and the
results joined: the same text, with one slice's copies alive at a time.
"""

from __future__ import annotations

from collections.abc import Callable

from ..keys import space_slices

#: A line longer than this (in characters) is normalized in slices of about this size.
PIECE_CHARS = 1 << 20


def is_long_line(text: str) -> bool:
    """Whether ``text`` is one line long enough to normalize in slices: more than twice
    the slice size (the pipeline's slices of a long line, a little over it, are not cut
    again)."""
    return len(text) > 2 * PIECE_CHARS and "\n" not in text


def by_pieces(step: Callable[[str], str], line: str) -> str:
    """``step`` applied to ``line`` slice by slice (``step`` must be local at spaces)."""
    return "".join(step(line[start:stop]) for start, stop in space_slices(line, PIECE_CHARS))
