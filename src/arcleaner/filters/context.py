"""drop-by-context: the line model reads the whole page and drops what is not the article.

Each line (the lines earlier filters removed included, as evidence) gets its row of the
feature table (:mod:`arcleaner.features`); the trained line model scores it and the
decoder reads the page as chrome, article (with boxes inside it), chrome
(:mod:`arcleaner.sequence`), giving each line the probability that it is boilerplate
given the whole page. A line goes when that probability reaches ``threshold``; a line
of article prose needs ``prose_threshold``, so where the model is unsure the article
keeps its sentences. Every removal says where the line sits and which features weighed.
"""

from __future__ import annotations

import heapq
import re
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from ..document import Decision, Document
from ..errors import ConfigError
from ..features import INDEX, NAMES, PageLines, Table, plain_prose, row_bits
from ..resources import Resources, default_resources
from ..sequence import LineModel
from ..steps import Filter, at_least, option_docs, within
from ..wrapped import MAX_PARAGRAPH, find_wrapping

MODEL_NAME = "line-model"


#: The most lines of text of a page (``max_lines``; blank lines not counted): the real
#: pages hold 47 to 426 (1,105 hard-wrapped by html2text, 1,775 with the blank ones). ANT's
#: articles run together lose 0.1-1.6% of their words to the model at 3,000 lines,
#: 12-15% at 28,000-35,000.
MAX_PAGE_LINES = 5000


def page_lines(doc: Document) -> int:
    """The lines of text of the page ``doc`` was read from, kept or removed (blank lines
    are not counted: a render may hold one between every two lines)."""
    return len(doc.content_indexes()) + len(doc.dropped)


class PageItems(NamedTuple):
    """The page in input order as the table sees it (:func:`page_items`): the kept and
    the removed lines, each hard-wrapped paragraph made one item. Held as columns, not
    an object a line: a 50 MB page of short lines has 500,000 of them."""

    #: each item's text, key and whether a filter removed it
    shapes: PageLines
    #: each item's input line number (a paragraph's: its first line's)
    numbers: array[int]
    #: each item's index in ``doc.lines`` (a paragraph's: its first line's); -1 when removed
    where: array[int]
    #: each item's last index in ``doc.lines`` (-1 when removed), or None when the page
    #: is not hard-wrapped (every item is one line)
    last: array[int] | None


def page_items(doc: Document) -> PageItems:
    """``doc``'s kept and removed lines in input order, each paragraph of a hard-wrapped
    page (:mod:`arcleaner.wrapped`) made one item: its lines stripped and joined by
    spaces, at its first line."""
    lines = PageLines()
    numbers, where = array("l"), array("l")
    kept = ((ln.number, i, ln) for i, ln in enumerate(doc.lines))
    removed = ((n, -1, ln) for n, ln in sorted(doc.dropped.items()))
    for number, i, ln in heapq.merge(kept, removed, key=itemgetter(0)):
        lines.append(ln.text, ln.key, i < 0)
        numbers.append(number)
        where.append(i)
    wrapping = find_wrapping(lines.texts)
    if wrapping is None:
        return PageItems(lines, numbers, where, None)
    texts, keys = lines.texts, lines.keys
    joined = PageLines()
    out_numbers, out_where, last = array("l"), array("l"), array("l")
    k, count = 0, len(texts)
    while k < count:
        j = k
        if where[k] >= 0:
            # (kept lines in a row: consecutive numbers, consecutive indexes)
            while (
                j + 1 - k < MAX_PARAGRAPH
                and j + 1 < count
                and where[j + 1] >= 0
                and numbers[j + 1] == numbers[j] + 1
                and wrapping.joins(texts[j], texts[j + 1])
            ):
                j += 1
        if j > k:
            text = " ".join(texts[q].strip() for q in range(k, j + 1))
            key = " ".join(keys[q] for q in range(k, j + 1) if keys[q])
            joined.append(text, key, False)
        else:
            joined.append(texts[k], keys[k], bool(lines.dropped[k]))
        out_numbers.append(numbers[k])
        out_where.append(where[k])
        last.append(-1 if where[k] < 0 else where[k] + j - k)
        k = j + 1
    return PageItems(joined, out_numbers, out_where, last)


@dataclass(frozen=True)
class DropByContext(Filter):
    """Drop lines that the line model, reading the whole page, calls boilerplate.

    In a page of ``القائمة / رياضة / اقتصاد / <headline> / <date> / <paragraphs> /
    الأكثر قراءة / <titles>``, the menu, the date and the most-read titles go while the
    headline and paragraphs stay; a short subheading between two paragraphs stays.
    ``threshold``: the probability of boilerplate from which a line goes (higher keeps
    more); ``prose_threshold``: the same for a line of article prose (punctuated, with
    function words) or any line of 25 words or more, kept higher because losing a
    sentence costs more than keeping a line of chrome; ``model``: a weights file to use
    instead of the packaged model (``benchmarks/train_line_model.py`` writes one);
    ``without_evidence``: also judge pages where no earlier filter removed anything
    (off: such a text is taken as clean, which keeps corpus documents whole and fast);
    ``max_lines``: a text of more lines of text than this (blank lines not counted) is
    no page but documents run together (a page has hundreds; 10 MB of articles in one
    file, 28,000): the model finds one article in a page and would take the others for
    boilerplate, so it judges none of such a text and says so in a note of the result
    (0: no limit).
    """

    reads_encoded = False
    name = "drop-by-context"
    description = "line model over the page: keep the article, drop menus, lists and teasers"
    option_help = option_docs(
        threshold="probability of boilerplate from which a line goes (higher keeps more)",
        prose_threshold="the same for article prose (punctuated, with function words) "
        "and lines of 25 words or more: a lost sentence costs more than a kept menu line",
        model="a line-model weights file to use instead of the packaged one "
        "(benchmarks/train_line_model.py writes one); empty: the packaged model",
        without_evidence="also judge pages where no earlier filter removed anything "
        "(off: such a text is taken as clean, which keeps corpus documents whole)",
        max_lines="a text of more lines of text than this (blank ones not counted) is "
        "documents run together, not a page: none of it is judged (the model finds one "
        "article a page), and a note says so; 0: no limit",
    )

    threshold: float = 0.5
    prose_threshold: float = 0.97
    model: str = ""
    without_evidence: bool = False
    max_lines: int = MAX_PAGE_LINES
    _table: Table | None = field(default=None, init=False, compare=False, repr=False)
    _model: LineModel | None = field(default=None, init=False, compare=False, repr=False)

    def validate(self) -> None:
        at_least(self, "max_lines", 0)
        within(self, "threshold", 0.0, 1.0)
        within(self, "prose_threshold", 0.0, 1.0)
        if self.model and not Path(self.model).is_file():
            raise ConfigError(
                f"{self.name}: model must be a weights file, not {self.model!r} (no such file)"
            )

    def too_long(self, lines: int) -> bool:
        """Whether ``lines`` lines of text are more than a page (see ``max_lines``)."""
        return 0 < self.max_lines < lines

    def bind(self, resources: Resources) -> DropByContext:
        if self.model:
            resources = Resources(profile=resources.profile, models={MODEL_NAME: self.model})
        where = self.model or f"packaged {MODEL_NAME}"
        model = LineModel.from_dict(resources.model_data(MODEL_NAME), where).aligned(NAMES)
        return self.with_loaded(_table=Table(resources), _model=model)  # type: ignore[return-value]

    def decide(self, doc: Document) -> Iterator[Decision]:
        bound = self if self._model is not None else self.bind(default_resources())
        table, model = bound._table, bound._model
        assert table is not None and model is not None
        if not doc.dropped and not self.without_evidence:
            # No line of the page is boilerplate for certain (no lexicon phrase, no
            # repeat): a clean text, such as most corpus documents are. The model is
            # for pages, where some chrome always gives itself away.
            return
        stop = table.stopwords
        # (over the lines as they are: no filter follows to reuse doc.content()'s cache)
        if all(plain_prose(ln.text, ln.key, stop, ln.words) for ln in doc.lines if not ln.blank):
            # Nothing but prose is left: it is all article; the lines a lexicon took are
            # gone already.
            return
        lines = page_lines(doc)
        if self.too_long(lines):
            # Many documents in one text (see max_lines): said, as a note of the result.
            doc.notes.append(
                f"{lines:,} lines of text, more than a page ({self.max_lines:,}): "
                "drop-by-context judged none of them (documents run together: clean one "
                "document a file, or a JSONL record each, to have each page judged)"
            )
            return
        # (a hard-wrapped paragraph is judged whole: its lines are pieces of sentences)
        shapes, _, where, last = page_items(doc)
        # The table is made a row at a time (a 50 MB page has 150,000 lines) and kept as
        # little: each line's score, what the decision reads of its row (bits of a
        # number) and the names of the features that weighed most (for its reason).
        page = table.page(shapes)
        content = page.content
        if not content:
            return
        logits = array("d")
        flags = array("L")
        tops: list[tuple[str, ...]] = []
        names: dict[tuple[str, ...], tuple[str, ...]] = {}  # (one tuple per combination)
        # Removed lines are boilerplate for certain; the headline slot is article for
        # certain (the feature table finds it: see features._headline_slot).
        forced: list[bool | None] = []
        slot = INDEX["headline_slot"]
        any_prose = False
        for p, i in enumerate(content):
            row = page.row(p)
            logits.append(model.logit(row))
            forced.append(True if shapes.dropped[i] else False if row[slot] else None)
            bits = row_bits(row, _FLAG_COLUMNS)
            if row[_POLICY] >= 1.0:
                bits |= _POLICY_TEXT
            any_prose = any_prose or bool(bits & _PROSE)
            flags.append(bits)
            if where[i] < 0:
                tops.append(())  # (a removed line: never decided on again)
                continue
            top = tuple(name for name, _ in model.contributions(row, 3))
            tops.append(names.setdefault(top, top))
        # A short opening with no boilerplate in it is the article's own (a dateline, a
        # column's first words), not a menu.
        opening = page.features.start <= 5
        # The dek under the headline's date and share bar is the article's as the one
        # right under the headline is (the dek feature).
        dek = page.features.dek
        overlap = page.features.overlap
        del page, names  # (before the lists below are made: a big page's peak)
        lists = _lists_in_article(
            flags,
            forced,
            [shapes.texts[i] for i in content],
            [shapes.keys[i] for i in content],
            overlap,
        )
        del overlap
        if all(forced):
            return
        if not any_prose:
            # No prose at all: no article to judge lines against (a short text, a
            # headline with its dek); what is not certain boilerplate stays.
            return
        probs = model.decode(logits, forced)
        del logits, forced
        reasons: dict[str, str] = {}  # (one string per reason: most removals share one)
        for p, i in enumerate(content):
            index = where[i]
            if index < 0:
                continue
            f = flags[p]
            # A sentence or a list item that the article introduced, after the article
            # (or opening a short page) with no boilerplate between it and the article,
            # is the article's own: an interview's short answers, a closing list.
            beside = not f & _EVIDENCE and (f & _AFTER or (f & _BEFORE and opening))
            if beside and f & (_END_STOP | _END_MARK | _INTRODUCED):
                continue
            # So is a list the article introduces inside its stretch (prose before and
            # after it): the conditions of a call, the cast of a film, a team's line-up.
            # (the line that introduces it too: the next line is one of its items)
            nxt = flags[p + 1] if p + 1 < len(flags) else 0
            if f & _IN_ARTICLE and (f & _INTRODUCED or nxt & _INTRODUCED):
                continue
            # And a list or a table inside that stretch, of the article's kind, with its
            # short heading: a recipe's ingredients, a phone's specs, a bulletin's
            # temperatures (see _lists_in_article).
            if p in lists:
                continue
            # And so is a sentence inside that stretch: a column's "ثم سكت." or "لا.", a
            # short question put to the reader ("هل هذا معقول؟"). Chrome inside an
            # article is a label, a caption or a link, with no full stop; a related
            # link may be a question, but a longer one.
            if f & _IN_ARTICLE and not f & (_POLICY_TEXT | _ABOUT):
                if f & _END_STOP or (f & _END_MARK and shapes.keys[i].count(" ") < 3):
                    continue
            # A sentence of the article costs more than a line of chrome: prose and long
            # lines need more certainty, and so do the lines that follow the article (or
            # open a short page) with no boilerplate between them and it: a closing
            # list, an interview's short answers.
            long_text = f & _LONG and not f & (_POLICY_TEXT | _ABOUT)
            # A line an earlier filter cut a byline or trailer from is a sentence with
            # that boilerplate glued to it (see drop-glued-boilerplate).
            end = index if last is None else last[i]
            was_cut = any(doc.lines[q].number in doc.cut for q in range(index, end + 1))
            sure = f & (_PROSE | _SUBHEADING | _DEK) or long_text or was_cut or p == dek
            limit = self.prose_threshold if sure else self.threshold
            if probs[p] >= limit:
                reason = _reason(tops[p], probs[p])
                if end > index:
                    reason += f" (a paragraph wrapped over {end - index + 1} lines)"
                reason = reasons.setdefault(reason, reason)
                for q in range(index, end + 1):
                    yield Decision(q, reason)


# What the decision reads of a row, as bits: each (bit, column) is set when the column
# is not 0; _POLICY_TEXT when the policy column is 1 or more (terms or privacy text).
(
    _PROSE,
    _LONG,
    _ABOUT,
    _SUBHEADING,
    _DEK,
    _AFTER,
    _BEFORE,
    _EVIDENCE,
    _END_STOP,
    _END_MARK,
    _INTRODUCED,
    _IN_ARTICLE,
    _POLICY_TEXT,
    _BULLET,
    _LEXICON,
    _LISTED,
    _COLON_LEAD,
) = (1 << b for b in range(17))
_FLAG_COLUMNS = tuple(
    (bit, INDEX[name])
    for bit, name in (
        (_PROSE, "prose"),
        (_LONG, "long"),
        (_ABOUT, "about"),
        (_SUBHEADING, "subheading"),
        (_DEK, "dek"),
        (_AFTER, "after_article"),
        (_BEFORE, "before_article"),
        (_EVIDENCE, "evidence_between"),
        (_END_STOP, "end_stop"),
        (_END_MARK, "end_mark"),
        (_INTRODUCED, "introduced"),
        (_IN_ARTICLE, "in_article"),
        (_BULLET, "bullet"),
        (_LEXICON, "lexicon"),
        (_LISTED, "list_header"),
        (_COLON_LEAD, "colon_lead"),
    )
)
_POLICY = INDEX["policy"]


def _lists_in_article(
    flags: array[int],
    dropped: list[bool | None],
    texts: list[str],
    keys: list[str],
    overlap: Sequence[float],
) -> set[int]:
    """The positions of the lists and tables inside the article's stretch (two items or
    rows or more) of the article's kind, with the line that heads one when it is short
    (4 words or fewer, no full stop) and no boilerplate. An item opens with a bullet; a
    row has cells (two spaces, a tab or a bar between them). The article's kind: each is
    short (5 words or fewer: an ingredient, a city and its temperatures), a "name:
    value" line (a specification) or a sentence, and none is boilerplate for certain, a
    lexicon hit, under a 'related' header or the site's own rules; and the list speaks
    of what the article does (half its items share a word with it: an ingredient the
    recipe's steps use) or the table holds figures. A box of other stories' titles (6 to
    12 words, no full stop) is not, nor one of trending topics or networks to follow."""
    rows = [_row(text) for text in texts]
    items = [bool(f & _BULLET) or row for f, row in zip(flags, rows, strict=True)]
    out: set[int] = set()
    n = len(flags)
    p = 0
    while p < n:
        if not (items[p] and flags[p] & _IN_ARTICLE):
            p += 1
            continue
        q = p
        while q < n and items[q] and flags[q] & _IN_ARTICLE:
            q += 1
        chrome = any(
            dropped[r] or flags[r] & (_LEXICON | _LISTED | _POLICY_TEXT | _ABOUT)
            for r in range(p, q)
        )
        ours = all(
            flags[r] & (_COLON_LEAD | _END_STOP) or keys[r].count(" ") < 5 for r in range(p, q)
        )
        # (nor over it: a header a filter removed, "إعلان" or "الوسوم:", heads chrome)
        over = p > 0 and dropped[p - 1]
        about = sum(overlap[r] > 0 for r in range(p, q)) * 2 >= q - p or any(
            rows[r] and any(ch.isdigit() for ch in texts[r]) for r in range(p, q)
        )
        if q - p >= 2 and ours and about and not chrome and not over:
            out.update(range(p, q))
            h = p - 1
            if (
                h >= 0
                and not dropped[h]
                and not flags[h] & (_LEXICON | _LISTED | _END_STOP)
                and not items[h]
                and keys[h]
                and keys[h].count(" ") < 4
            ):
                out.add(h)
        p = q
    return out


# Cells of a table row as text renderers write them: two spaces, a tab or a bar between.
_CELLS = re.compile(r"\S(?: {2,}|\t| ?[|\u2502] ?)\S")


def _row(text: str) -> bool:
    """Whether ``text`` is a table row: cells with two spaces, a tab or a bar between.
    (``in`` first: the pattern, tried at every character, is slow on a line of prose.)"""
    if "  " not in text and "\t" not in text and "|" not in text and "\u2502" not in text:
        return False
    return _CELLS.search(text.strip()) is not None


def _reason(names: tuple[str, ...], prob: float) -> str:
    """'line model, p=0.97: in a run of title-like lines; after the article' (``names``:
    the features that pushed the line most toward boilerplate)."""
    from ..features import DESCRIPTIONS

    parts = [DESCRIPTIONS[name] for name in names] or ["its neighbours are boilerplate"]
    return f"line model, p={prob:.2f}: " + "; ".join(parts)
