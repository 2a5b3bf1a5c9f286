"""Corpus keys of a document: its lines, sentence units and edge templates.

What ``arclean learn`` counts and ``drop-corpus-repeats`` looks up. A key is a line's
match key (diacritics, tatweel and punctuation gone, alef and hamza seats folded) with
every run of digits masked to ``0``, so ``الساعة 10:30`` and ``الساعة 9:05`` count as one
line. Each key carries its kind as a prefix:

- ``L`` a whole line, or one sentence unit of a line of several (:mod:`arcleaner.units`);
- ``S`` a **start template**: the head of a line up to a label mark (``:``, a spaced dash,
  ``|``, ``/``, ``--``), the rest being the variable part: a byline or dateline prefix
  such as ``كتب - فلان:`` or ``الرياض - واس -``. A second form skips the variable middle
  (``كتب - * :``), so a byline counts whatever the name;
- ``E`` an **end template**: a label of one to three words before a ``:`` near the end of
  a line, beginning a clause, followed by a short field that does not end like a
  sentence: ``رابط الخبر: <title>``, ``الكلمات الدالة: <tags>``;
- ``T`` a **constant tail** after a mark: ``- العربية.نت``, ``...المزيد``.

Templates are *anchored*: they are taken only from the first unit of the first
``EDGE_LINES`` lines (start) and the last unit of the last ``EDGE_LINES`` lines (end) of
a document, need their label mark, and an end field must not read as a sentence. So a
common opener in the body (``من جهة أخرى``, ``وأضاف:``) is never counted as chrome:

>>> [t.key for t in start_templates("كتب - سامي يوسف: أعلنت الوزارة اليوم عن الخطة")]
['S كتب -', 'S كتب سامي يوسف :', 'S كتب - * :']
>>> [t.key for t in end_templates("وانتهى الاجتماع. رابط الخبر: عنوان الخبر هنا")]
['E رابط الخبر :']
>>> [t.key for t in end_templates("وقال المصدر: إن الاجتماع سيعقد غدا")]
['E وقال المصدر :']
>>> end_templates("وأضاف: «سنواصل العمل حتى النهاية».")
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from .keys import match_key
from .units import split_units

# How many lines at each end of a document may carry a template.
EDGE_LINES = 2
# A start head has at most this many words; an end field at most FIELD_WORDS.
HEAD_WORDS = 10
FIELD_WORDS = 30
TAIL_WORDS = 5
LABEL_WORDS = 3

# Keys hold ASCII digits only (match_key maps every digit to ASCII).
_DIGITS = re.compile(r"[0-9]+")
# A label mark: a colon, a spaced dash / pipe / slash, or a dash run such as "--".
_MARK = re.compile(r"\s*(?:(?<!\d):(?!\d)|(?<=\s)[-–—|/]+(?=\s)|-{2,}|–{2,}|—)\s*")
# A colon that labels a field (not one inside a time such as 07:38).
_COLON = re.compile(r"(?<!\d):(?!\d)")
_MARK_CLASS = {":": ":", "|": "|", "/": "/"}
# An end field that reads as a sentence (a quote, a statement) is not a template field.
_SENTENCE_END = re.compile(r"[.!»\"”]\s*$")
# A mark before a constant tail: a spaced dash, a pipe, an ellipsis, an opening bracket.
_TAIL_MARK = re.compile(r"(?:\s[-–—|]+\s|\.{2,}|…|\s\()\s*")
_TOKEN = re.compile(r"\S+")
_CLAUSE_END = re.compile(r"[.!?؟،,؛;:]$")
# What a label of an end field follows: the end of a clause, a closing quote or bracket,
# or a spaced mark (a dash, a pipe).
_LABEL_AFTER = re.compile(r"(?:[.!?؟،,؛;:»\"”)\]]|^[-–—|/]+)$")


class Template(NamedTuple):
    """A template found in a line: its key and the span it covers (``start:end``)."""

    key: str
    start: int
    end: int
    words: int  # words in the constant part (what the share threshold is scaled by)


def mask(key: str) -> str:
    """A match key with every digit run as ``0`` (digits vary; the chrome does not)."""
    return _DIGITS.sub("0", key)


def line_key(key: str) -> str:
    """The profile key of a whole line or unit, from its match key."""
    return "L " + mask(key)


def _has_letter(key: str) -> bool:
    """Whether a key has a letter: a template of digits alone (``- 2018``) is a date."""
    return any(ch.isalpha() for ch in key)


def _mark(text: str) -> str:
    s = text.strip()
    return _MARK_CLASS.get(s[:1], "-") if s else "-"


def start_templates(text: str) -> list[Template]:
    """Start templates of a line (see the module doc), shortest head first."""
    out: list[Template] = []
    first: tuple[str, str] | None = None
    for m in _MARK.finditer(text):
        if m.start() == 0:
            continue
        head = mask(match_key(text[: m.start()]))
        words = head.count(" ") + 1 if head else 0
        if not _has_letter(head) or words > HEAD_WORDS:
            break
        mk = _mark(m.group())
        out.append(Template(f"S {head} {mk}", 0, m.end(), words))
        if first is None:
            first = (head, mk)
        else:
            out.append(Template(f"S {first[0]} {first[1]} * {mk}", 0, m.end(), words))
            break
    return out


def end_templates(text: str) -> list[Template]:
    """End templates of a line: labelled fields, then constant tails (see the module doc)."""
    out: list[Template] = []
    colons = [m.start() for m in _COLON.finditer(text)]
    colon = colons[-1] if colons else -1
    field = text[colon + 1 :].strip() if colon > 0 else ""
    if field and not _SENTENCE_END.search(field) and len(field.split()) <= FIELD_WORDS:
        # Only the last labelled field of a line, its label of one to three words that
        # begin a clause: in "وقال المصدر: إن ..." the words "المصدر:" are no label.
        tokens = list(_TOKEN.finditer(text, 0, colon))
        for j in range(len(tokens) - 1, max(len(tokens) - LABEL_WORDS, 0) - 1, -1):
            if _CLAUSE_END.search(tokens[j].group()):
                break  # the word ends the previous sentence or clause
            if j and not _LABEL_AFTER.search(tokens[j - 1].group()):
                continue  # the word before it is in the same clause
            start = tokens[j].start()
            label = mask(match_key(text[start:colon]))
            if _has_letter(label):
                out.append(Template(f"E {label} :", start, len(text), label.count(" ") + 1))
    tail_mark = None
    for m in _TAIL_MARK.finditer(text):
        tail_mark = m
    if tail_mark is not None and tail_mark.start() > 0:
        tail = mask(match_key(text[tail_mark.end() :]))
        words = tail.count(" ") + 1 if tail else 0
        if 0 < words <= TAIL_WORDS and _has_letter(tail):
            mk = _mark(tail_mark.group()) if "." not in tail_mark.group() else "..."
            out.append(Template(f"T {mk} {tail}", tail_mark.start(), len(text), words))
    return out


def doc_keys(lines: list[tuple[str, str]]) -> Iterator[str]:
    """Every profile key of one document, given its non-blank lines as ``(text, key)``.

    Whole lines, the sentence units of lines with several, and the templates of the
    edge lines (may repeat a key: the learner counts a key once per document).
    """
    n = len(lines)
    for pos, (text, key) in enumerate(lines):
        if key:
            yield line_key(key)
        units = split_units(text)
        if len(units) > 1:
            for u in units:
                unit_key = match_key(text[u.start : u.end])
                if unit_key:
                    yield line_key(unit_key)
        if pos < EDGE_LINES:
            first = units[0]
            for t in start_templates(text[first.start : first.end]):
                yield t.key
        if pos >= n - EDGE_LINES:
            last = units[-1]
            for t in end_templates(text[last.start : last.end]):
                yield t.key


__all__ = [
    "EDGE_LINES",
    "Template",
    "doc_keys",
    "end_templates",
    "line_key",
    "mask",
    "start_templates",
]
