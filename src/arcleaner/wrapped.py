"""Hard-wrapped text: paragraphs that a converter broke into lines of a fixed width.

html2text wraps at 78 characters, w3m and lynx dumps at 80, mail at 72: each line of
such a paragraph is a piece of a sentence, with no full stop, and read alone it looks
like a menu entry or a teaser, not like prose. A line was wrapped at width ``W`` when it
fits in ``W`` and the next line's first word would not have: ``len(line) <= W <
len(line) + 1 + len(word)``. A text is hard-wrapped when one width explains most of the
line breaks that could be wraps; its wrapped lines are then read as the paragraphs
they were.
"""

from __future__ import annotations

from collections.abc import Sequence

#: The widths looked for: converters wrap at 60 to 100 characters; below 40 a line is
#: too short to tell a wrap from an item of a list.
MIN_WIDTH, MAX_WIDTH = 40, 200
#: A hard-wrapped text has at least this many wrapped lines ...
MIN_WRAPS = 5
#: ... they are at least this share of the breaks that could be wraps (a line of
#: ``MIN_WIDTH`` or more, with no full stop, followed by a word): on a page that was not
#: wrapped such breaks (a teaser title over the next) fall at any width ...
MIN_SHARE = 0.75
#: ... and at least this share of all breaks between two lines of text: a list of
#: titles of much the same length, one a line, can look wrapped, but not beside the
#: menu and the other lists around it. (Pages rendered by html2text: 0.75 to 1; pages
#: whose chrome is a line an item and whose article is wrapped: about 0.5; the real
#: and test pages, which were not wrapped: 0.27 at most.)
MIN_PAIR_SHARE = 0.4
#: A line that ends a sentence says nothing of wrapping: a page of paragraphs, one a
#: line, is all such lines (a wrapped line ends one only where a sentence happened to).
SENTENCE_ENDS = ".!?\u061f:\u2026\u06d4"


def _first_word(text: str) -> int:
    """The length of the first word of ``text`` (0 for a blank or indented line: an
    indented line starts a quote or a list item, not the rest of a paragraph)."""
    if not text or text[0].isspace():
        return 0
    end = text.find(" ")
    return len(text) if end < 0 else end


def wrap_width(texts: Sequence[str]) -> int:
    """The width the lines ``texts`` (in page order) were wrapped at, or 0 when they were
    not hard-wrapped: the width that explains the most line breaks, if it explains
    enough of them."""
    # Each break that could be a wrap is one at every width from its line's length to
    # that length plus the next word: count, per width, the breaks it explains (a sweep
    # over the intervals).
    diff = [0] * (MAX_WIDTH + 2)
    breaks = pairs = 0
    for i in range(len(texts) - 1):
        text = texts[i].rstrip()
        n, word = len(text), _first_word(texts[i + 1])
        pairs += bool(n and word)
        if word and MIN_WIDTH <= n <= MAX_WIDTH and text[-1] not in SENTENCE_ENDS:
            breaks += 1
            diff[n] += 1
            diff[min(n + word, MAX_WIDTH) + 1] -= 1
    best, width, running = 0, 0, 0
    for w in range(MAX_WIDTH + 1):
        running += diff[w]
        if running > best:
            best, width = running, w
    enough = best >= MIN_WRAPS and best >= MIN_SHARE * breaks and best >= MIN_PAIR_SHARE * pairs
    return width if enough else 0


def wraps(text: str, following: str, width: int) -> bool:
    """True when ``following`` goes on the paragraph that ``text`` began, in a text
    wrapped at ``width`` (a line that ends a sentence included: the paragraph may go on)."""
    n = len(text.rstrip())
    word = _first_word(following)
    return bool(word) and n >= MIN_WIDTH and n <= width < n + 1 + word
