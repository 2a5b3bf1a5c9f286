"""Hard-wrapped text: paragraphs that a converter broke into lines of a fixed width.

html2text wraps at 78 columns, w3m at 80, lynx and links at about 76 (with a margin of
three spaces), pandoc and mail at 72: each line of such a paragraph is a piece of a
sentence, with no full stop, and read alone it looks like a menu entry or a teaser, not
like prose. A line was wrapped at width ``W`` when it fits in ``W`` columns and the next
line's first word would not have: ``columns(line) <= W < columns(line) + 1 +
len(word)``. A text is hard-wrapped when one width explains the breaks of nearly all
its lines that come near that width; its wrapped lines are then read as the paragraphs
they were.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

#: The widths looked for: converters wrap at 60 to 100 columns; below 40 a line is too
#: short to tell a wrap from an item of a list.
MIN_WIDTH, MAX_WIDTH = 40, 200
#: The lines that come near a width: within this many columns of it. Nearly all such
#: lines of a wrapped paragraph break there because the next word did not fit; in a
#: list of titles, one a line, a third to a half do, by chance.
NEAR = 12
#: A hard-wrapped text: one width explains at least this share of the breaks near it
#: (a line with no full stop, followed by a word at its margin), and lines just past
#: it break at most this share as often (a wrapped line never passes the width; the
#: verses of a poem and a list of titles fall on both sides of any) ...
MIN_NEAR_SHARE, MAX_PAST_SHARE = 0.75, 0.15
#: ... (0.85 of them when fewer than ``MANY`` breaks are explained)
MIN_FEW_NEAR_SHARE = 0.85
#: ... and at least ``MANY`` breaks, or ``MIN_WRAPS`` that are also this share of all
#: the breaks between two lines of text: a page not wrapped has a few breaks that
#: look like wraps by chance (3 or 4 at one width on the real pages), amid its menus
#: and lists (at most 0.27 of its breaks); a short wrapped article has few breaks, and
#: most of them are wraps. A list of titles of one length looks wrapped at 40 to 50:
#: below ``WIDE`` a short text needs ``MIN_NARROW_WRAPS``.
MANY, MIN_WRAPS, MIN_NARROW_WRAPS, WIDE = 10, 3, 5, 60
MIN_PAIR_SHARE = 0.4
#: The most lines of a wrapped paragraph read as one: a longer run (a wrapped text with
#: no blank line in it) is read a block of this many at a time, so that no one decision
#: takes a whole document and no joined text is as big as it.
MAX_PARAGRAPH = 60
#: A line that ends a sentence says nothing of wrapping: a page of paragraphs, one a
#: line, is all such lines (a wrapped line ends one only where a sentence happened to).
SENTENCE_ENDS = ".!?\u061f:\u2026\u06d4"
# What may close a sentence after its full stop.
_CLOSERS = "\"')]}\u00bb\u201d\u2019"
#: What opens a list item, a quote or a heading as lynx, pandoc, html2text and w3m
#: write them: a line that opens with one starts its own block.
BULLETS = frozenset("*-+\u2022\u25cf\u25aa\u00b7o#>|")
# Characters that take no column on a terminal (Arabic marks, format controls): w3m and
# lynx wrap by columns.
_NO_COLUMN = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _columns(text: str) -> int:
    """The columns ``text`` takes on a terminal."""
    return len(text) - len(_NO_COLUMN.findall(text))


def _hard_break(text: str) -> bool:
    """Whether ``text`` ends with two spaces after its words: html2text's mark of a
    ``<br>`` (a list of links, one a line), where a paragraph does not go on."""
    return text.endswith("  ") and not text.isspace()


def _bullet(word: str) -> bool:
    """True for a list item's mark: one of :data:`BULLETS` alone, or "1." / "12)"."""
    if len(word) == 1:
        return word in BULLETS
    return len(word) <= 4 and word[-1] in ".)" and word[:-1].isdigit()


def _margin(text: str) -> int:
    """The text's indentation (lynx and links indent every paragraph by three spaces)."""
    if not text[:1].isspace():
        return 0  # (most lines: no copy made)
    return len(text) - len(text.lstrip())


def _goes_on(text: str, following: str) -> int:
    """The length of ``following``'s first word when ``following`` may go on the
    paragraph of ``text``: a word at the same margin as ``text``'s (or, under a list
    item, at its text's: a wrapped item), not a bullet; else 0."""
    at = _margin(following)
    rest = following[at : at + 64].split(None, 1)  # (no word is longer: no copy of a line)
    word = rest[0] if rest else ""
    if not word or _bullet(word):
        return 0
    margin = _margin(text)
    if at != margin:
        opening = text[margin : margin + 8].split(None, 1)[0]
        if not _bullet(opening):
            return 0
        if at != len(text) - len(text[margin + len(opening) :].lstrip()):
            return 0  # (not at the item's text either)
    return len(word)


class Wrapping(NamedTuple):
    """How a text was wrapped: at ``width``, counted in characters (html2text, Python's
    textwrap) or in terminal columns (w3m, lynx, pandoc: an Arabic mark takes none)."""

    width: int
    columns: bool

    def joins(self, text: str, following: str) -> bool:
        """True when ``following`` goes on the paragraph that ``text`` began (a line that
        ends a sentence included: the paragraph may go on)."""
        if _hard_break(text):
            return False
        text = text.rstrip()
        if len(text) < MIN_WIDTH:
            return False
        n = _columns(text) if self.columns else len(text)
        if not MIN_WIDTH <= n <= self.width:
            return False
        word = _goes_on(text, following)
        return bool(word) and self.width < n + 1 + word


def find_wrapping(texts: Sequence[str]) -> Wrapping | None:
    """How the lines ``texts`` (in page order) were hard-wrapped, or None when they were
    not: the width that explains the most line breaks, if it explains nearly all the
    breaks near it, in characters or in columns."""
    # Each break that could be a wrap is one at every width from its line's length to
    # that plus the next word: count, per width, the breaks it explains (a sweep over
    # the intervals), and the breaks of lines of each length; in both measures.
    diffs = ([0] * (MAX_WIDTH + 2), [0] * (MAX_WIDTH + 2))
    lengths = ([0] * (MAX_WIDTH + 1), [0] * (MAX_WIDTH + 1))
    paired = bytearray(len(texts))  # (the lines on either side of such a break)
    pairs = 0
    # (each line's columns, counted once, where either count below reads them)
    stripped = [t.rstrip() for t in texts]
    columns = [
        _columns(t) if MIN_WIDTH <= len(t) <= MAX_WIDTH + 2 * NEAR else len(t) for t in stripped
    ]
    for i in range(len(texts) - 1):
        text = stripped[i]
        if not text:
            continue
        word = _goes_on(text, texts[i + 1])
        if not word:
            continue
        pairs += 1
        paired[i] = paired[i + 1] = 1
        if _hard_break(texts[i]):
            continue
        if len(text) >= MIN_WIDTH and text.rstrip(_CLOSERS)[-1:] not in SENTENCE_ENDS:
            chars = len(text)
            for n, diff, at in zip(
                (chars, columns[i] if chars <= MAX_WIDTH + NEAR else chars),
                diffs,
                lengths,
                strict=True,
            ):
                if MIN_WIDTH <= n <= MAX_WIDTH:
                    at[n] += 1
                    diff[n] += 1
                    diff[min(n + word, MAX_WIDTH) + 1] -= 1
    # Every line on either side of a break, by length: a line of a wrapped paragraph
    # never passes the width, whatever follows it (the last of a run of titles may).
    every = ([0] * (MAX_WIDTH + NEAR + 1), [0] * (MAX_WIDTH + NEAR + 1))
    for i in itertools.compress(range(len(texts)), paired):
        chars = len(stripped[i])
        if MIN_WIDTH < chars <= MAX_WIDTH + 2 * NEAR:
            for n, at in zip((chars, columns[i]), every, strict=True):
                if n <= MAX_WIDTH + NEAR:
                    at[n] += 1
    found: Wrapping | None = None
    most = 0
    for columns, diff, at, lines in zip((False, True), diffs, lengths, every, strict=True):
        best, width = _widest(diff)
        if best > most and _wrapped(best, width, at, lines, pairs):
            found, most = Wrapping(width, columns), best
    return found


def _widest(diff: list[int]) -> tuple[int, int]:
    """The most breaks one width explains, and that width (the widest of a tie: every
    width of it explains those breaks, and lines just past the width count against it)."""
    best, width, running = 0, 0, 0
    for w in range(MAX_WIDTH + 1):
        running += diff[w]
        if running and running >= best:
            best, width = running, w
    return best, width


def _wrapped(best: int, width: int, at: list[int], lines: list[int], pairs: int) -> bool:
    """Whether ``best`` breaks explained at ``width`` make a hard-wrapped text (``at``:
    the breaks by line length; ``lines``: the lines on either side of a break, by
    length; ``pairs``: all breaks between two lines of text)."""
    near = sum(at[max(0, width - NEAR) : width + 1])
    past = sum(lines[width + 1 : width + NEAR + 1])
    # (a few breaks are a small sample: a list of titles may have four of five near a
    # width explained by chance; a short wrapped text has them all)
    share = MIN_NEAR_SHARE if best >= MANY else MIN_FEW_NEAR_SHARE
    if not best or best < share * near or past > MAX_PAST_SHARE * best:
        return False
    least = MIN_WRAPS if width >= WIDE else MIN_NARROW_WRAPS
    return best >= MANY or (best >= least and best >= MIN_PAIR_SHARE * pairs)
