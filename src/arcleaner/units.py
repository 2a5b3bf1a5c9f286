"""Sentence units of a line: how long one-line articles are split for corpus decisions.

A quarter of the articles in real Saudi news corpora are one line: their paragraphs were
joined with ``". "``. Site chrome then sits inside that line as its first or last
sentences. :func:`split_units` cuts a line after a sentence end (``.`` ``!`` ``?`` ``؟``,
closing quotes and brackets included) followed by white space, and keeps the offsets,
so the pieces join back exactly as they were:

>>> line = "نص الخبر الأول. وقال الوزير: «نعم». جميع المقالات تمثل رأي كتابها فقط."
>>> [line[u.start:u.end] for u in split_units(line)]
['نص الخبر الأول.', 'وقال الوزير: «نعم».', 'جميع المقالات تمثل رأي كتابها فقط.']

A full stop between digits (``3.5``), an ellipsis (``...`` / ``…``: a trailing
"read more" or a pause, not an end), a one-letter abbreviation (``د. محمد``), a dotted
abbreviation (``سي.إن.إن``) and a site name (``العربية.نت``) do not end a unit; ``،``
``؛`` and ``:`` never do (they join clauses of one sentence). A full stop glued to the
next Arabic word (``للموقع.هذه``) does, as normalize-punctuation will space it.

pyarabic's ``sentence_tokenize`` does not fit this job (measured in
``benchmarks/units.py``, pinned in ``tests/test_corpus.py``): it also splits after every
``،`` ``,`` ``:`` ``;`` (clauses, not sentences), drops the white space it splits on (the
line cannot be joined back), and passes ``re.UNICODE`` as ``re.sub``'s *count*, so it
stops splitting after 32 marks.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import _chars as c
from .normalizers.punctuation import SITE_SUFFIXES

# A sentence end: one or more end marks (not an ellipsis), closing quotes or brackets,
# then white space, or directly an Arabic letter ("للموقع.هذه": normalize-punctuation
# puts a space there, so the cleaned text splits the same way and a second cleaning
# changes nothing); so does an opening « or ( glued to the mark ("الوطنية?(0"). The
# mark must follow a letter, digit or closing mark, so "3 . 5" or a lone "." is not an
# end either.
_END = re.compile(
    r"(?<![.…])(?:[.!?" + c.ARABIC_QUESTION_MARK + r"]|[!?" + c.ARABIC_QUESTION_MARK + r"]{2,})"
    r"(?![.…])[\"'»”)\]"
    + c.INVISIBLE
    + c.CONTROLS  # (normalize-unicode deletes these)
    + r"]*(\s+|(?=["
    + c.ARABIC_LETTERS
    + r"«(]))"
)
_SPACE = re.compile(r"\s")
_TRAILING_MARKS = re.compile(r"[.!?؟»\"”)'\]]+$")


def _glued_word_break(text: str, dot: int, after: int) -> bool:
    """Whether a full stop glued to the next Arabic word ends a sentence, as
    normalize-punctuation decides: not in a dotted abbreviation (سي.إن.إن, ص.ب) or a
    site name (الجزيرة.نت)."""
    a = max(text.rfind(" ", 0, dot), text.rfind("\t", 0, dot)) + 1  # word before starts
    m = _SPACE.search(text, after)
    b = m.start() if m else len(text)  # end of the word after
    before, word_after = text[a:dot], text[after:b]
    if "." in before or "." in _TRAILING_MARKS.sub("", word_after):
        return False  # a dotted chain
    for suffix in SITE_SUFFIXES:  # الجزيرة.نت, بيت.كوم
        rest = word_after[len(suffix) :]
        if word_after.startswith(suffix) and not (rest[:1].isalpha() or rest[:1].isdigit()):
            return False
    letters_before = sum(ch.isalpha() for ch in before)
    letters_after = sum(ch.isalpha() for ch in word_after)
    return letters_before > 2 or letters_after > 2


class Unit(NamedTuple):
    """A sentence unit of a line: ``text[start:end]``, then white space up to ``next``."""

    start: int
    end: int
    next: int


def split_units(text: str) -> list[Unit]:
    """The sentence units of ``text`` (one line), in order; one unit when none ends early.

    Units cover the line: each unit's ``next`` is the next unit's ``start``, and the
    white space between them (``text[end:next]``) belongs to neither.
    """
    out: list[Unit] = []
    start = 0
    n = len(text)
    for m in _END.finditer(text):
        end, nxt = m.start(1), m.end(1)
        if nxt >= n:
            break  # the line's own end
        p = m.start()
        if p - 1 >= start and not text[p - 1].isspace() and (p < 2 or text[p - 2].isspace()):
            continue  # "د." "أ." : a one-letter abbreviation, the sentence goes on
        if end == nxt and text[p] == "." and not _glued_word_break(text, p, end):
            continue
        if end > start:
            out.append(Unit(start, end, nxt))
            start = nxt
    tail = text[start:].rstrip()
    if tail or not out:
        out.append(Unit(start, start + len(tail), n))
    return out


__all__ = ["Unit", "split_units"]
