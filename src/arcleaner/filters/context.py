"""drop-by-context: keep the article's stretch of the page, drop what surrounds it.

A jusText-style second pass for plain text. Each remaining line is classified by its own
features (length, share of Arabic letters, function-word density, sentence punctuation);
lines that earlier filters removed count as boilerplate evidence. Article paragraphs
("good" lines) form blocks; a run of lines between two good lines is kept (subheadings,
list items, interview questions) unless it holds boilerplate evidence, which makes it an
inline box (related links, an ad) that splits the article. Blocks far from the main block
and small next to it (a teaser, a related title that reads like a sentence) go. After
the article, lines stay up to the first boilerplate evidence (a closing list, a headline
some scrapers put last); before it, only the headline stays: the headline-like lines just
before the article, and the one nearest the article that the page repeats elsewhere
(breadcrumb, share text). A page with no good line is left alone.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

import regex

from ..document import Decision, Document, Line
from ..resources import Resources, default_resources
from ..steps import Filter, at_least, within


class Kind(Enum):
    """What a line looks like on its own."""

    GOOD = "article prose"
    SENTENCE = "short sentence"
    NEAR = "headline-like line"
    SHORT = "short line"
    BAD = "boilerplate"


class Item(NamedTuple):
    """One line of the page as the context pass sees it (``index`` None: removed)."""

    number: int
    index: int | None
    kind: Kind
    words: int
    key: str = ""


Seq = list[Item]

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LETTER = regex.compile(r"\p{L}")
# Sentence evidence: the line ends like a sentence (quotes and brackets may follow).
# A trailing ellipsis is not: it marks a truncated teaser title ("... عن البلوك 9...").
_TERMINAL = re.compile(r"(?<![.…])[.!?؟:؛][\s\"'»”)\]]*$")
# A statement ends with a full stop; related-link titles end bare, with "؟" or "...".
_FULL_STOP = re.compile(r"(?<![.…])[.!][\s\"'»”)\]]*$")
_QUOTE = re.compile(r"[\"«»“”]")
_COMMA = re.compile(r"[،,؛;]")
_PIPES = re.compile(r"\s[|│¦]\s")
# Word lists (resources/words/): comment rules, terms of use and privacy notices use the
# policy vocabulary *and* speak as the site (site-voice); news about privacy uses the
# vocabulary in the third person, often with reported speech. "About us" blurbs use the
# about vocabulary.
_WORD_LISTS = ("stopwords", "policy", "about", "reported", "site-voice")


@dataclass(frozen=True)
class DropByContext(Filter):
    """Drop lines outside the article's stretch of the page, judged by their neighbours.

    In a page of ``القائمة / رياضة / اقتصاد / <headline> / <date> / <paragraphs> /
    الأكثر قراءة / <titles>``, the menu, the date and the most-read titles go while the
    headline and paragraphs stay; a short subheading between two paragraphs stays.
    ``good_words`` is the length from which a line with sentence evidence counts as
    article prose; ``min_share`` is how much of the largest block a distant block needs
    to be kept; ``near`` is how many lines count as "next to" the main block.
    """

    name = "drop-by-context"
    description = "keep the article's stretch; drop menus, lists and teasers around it"

    good_words: int = 12
    min_share: float = 0.15
    near: int = 8
    title_skip: int = 8
    _words: dict[str, frozenset[str]] | None = field(
        default=None, init=False, compare=False, repr=False
    )

    def validate(self) -> None:
        at_least(self, "good_words", 1)
        within(self, "min_share", 0.0, 1.0)
        at_least(self, "near", 0)
        at_least(self, "title_skip", 0)

    def bind(self, resources: Resources) -> DropByContext:
        words = {name: resources.words(name) for name in _WORD_LISTS}
        return self.with_loaded(_words=words)  # type: ignore[return-value]

    def classify(self, line: Line) -> Kind:
        """The kind of ``line`` from its own features."""
        w = self._words or self.bind(default_resources())._words
        assert w is not None
        text = line.text.strip()
        words = line.words
        if (
            ("|" in text or "│" in text or "¦" in text)
            and _PIPES.search(text)
            and (text.count("|") >= 2 or words <= 12)
        ):
            return Kind.BAD
        tail = text[-12:]  # end-anchored patterns need only the line's end
        terminal = bool(_TERMINAL.search(tail))
        if words <= 8 and not terminal:
            letters = len(_LETTER.findall(text))
            arabic = len(_ARABIC_LETTER.findall(text)) / letters if letters else 1.0
            if arabic < 0.3 and not any(ch.isdigit() for ch in text):
                # Latin chrome on an Arabic page ("CNN en Español"); a line with figures
                # in it ("FHD+ 2220×1080") is more likely a spec or a score of the article.
                return Kind.BAD
        keys = line.key.split(" ")
        if (
            not w["site-voice"].isdisjoint(keys)
            and len(w["policy"].intersection(keys)) >= 2
            and w["reported"].isdisjoint(keys)
            and not _QUOTE.search(text)
        ):
            return Kind.BAD
        if len(w["about"].intersection(keys)) >= 3 and w["reported"].isdisjoint(keys):
            return Kind.BAD
        commas = len(_COMMA.findall(text))
        if words >= 30 and (terminal or commas >= 2):
            return Kind.GOOD
        if words >= self.good_words and terminal and commas:
            return Kind.GOOD
        # A long statement with a full stop is prose even when it is all names and
        # nouns (a news lead); link titles are rarely that long and end bare.
        if words >= 15 and _FULL_STOP.search(tail):
            return Kind.GOOD
        if words >= self.good_words and (terminal or commas or words >= 30):
            # Arabic glues many function words to the next word (و، ب، ل، ف), so a
            # free-standing function-word share of 7% already marks running prose.
            stop = sum(map(w["stopwords"].__contains__, keys)) / len(keys)
            if stop >= 0.07:
                return Kind.GOOD
        if words <= 3 and not terminal:
            return Kind.SHORT
        if words >= 5 and _FULL_STOP.search(tail):
            return Kind.SENTENCE
        return Kind.NEAR

    def decide(self, doc: Document) -> Iterator[Decision]:
        # The page as a sequence of items in input order; removed lines (index None)
        # are boilerplate evidence.
        seq: Seq = [
            Item(ln.number, i, self.classify(ln), ln.words, ln.key) for i, ln in doc.content()
        ]
        # Removed lines are evidence of boilerplate, except rules (-----, ****), which
        # sites also use to set off a poem or a fact box inside the article.
        seq += [Item(n, None, Kind.BAD, 0, key) for n, key in doc.dropped.items() if key]
        seq.sort(key=lambda t: t[0])
        good = [p for p, item in enumerate(seq) if item.kind is Kind.GOOD]
        if not good or len(good) == len(seq):
            return  # no prose to anchor on, or nothing but prose
        keep: dict[int, str] = {}  # position in seq -> why it stays
        blocks = self._blocks(seq, good)
        main = max(blocks, key=lambda b: b[2])
        kept_blocks = self._keep_blocks(seq, blocks, main)
        for start, end, _ in kept_blocks:
            for p in range(start, end + 1):
                if seq[p][2] is not Kind.BAD:
                    keep[p] = "in the article"
        evidence = self._evidence(seq)
        self._keep_after_blocks(seq, kept_blocks, evidence, keep)
        self._keep_between_blocks(seq, kept_blocks, evidence, keep)
        self._keep_title(seq, kept_blocks[0][0], keep)
        self._keep_repeated_title(seq, main[0], keep)
        # A few lines that open the document with no boilerplate among them are the
        # article's own opening (a dateline, a column's first words), not a menu.
        head = range(kept_blocks[0][0])
        if len(head) <= 5 and not any(evidence[p] for p in head):
            for p in head:
                keep.setdefault(p, "opening lines, no boilerplate before the article")
        for p, item in enumerate(seq):
            index, kind = item.index, item.kind
            if index is None or p in keep:
                continue
            where = "before the article" if p < kept_blocks[0][0] else "outside the article"
            if kept_blocks[0][1] < p < kept_blocks[-1][0]:
                where = "in a box between article blocks"
            yield Decision(index, f"{kind.value} {where}")

    def _keep_after_blocks(
        self,
        seq: Seq,
        kept_blocks: list[tuple[int, int, int]],
        evidence: list[bool],
        keep: dict[int, str],
    ) -> None:
        """Walking out of a kept block, lines stay until the first boilerplate evidence:
        a list or headline that ends an article stays, a related box after its header
        goes. Not backwards: a menu often runs straight into the headline."""
        for _, end, _ in kept_blocks:
            self._extend(range(end + 1, len(seq)), seq, evidence, keep)
            # A statement soon after a block (past a caption, a credit, a rule) is still
            # the article's: its last sentence, a closing remark.
            seen = 0
            for p in range(end + 1, len(seq)):
                if seq[p].kind is Kind.GOOD or seen >= 4:
                    break
                if seq[p].index is None:
                    continue
                seen += 1
                if seq[p].kind is Kind.SENTENCE:
                    keep.setdefault(p, "sentence next to the article")

    @staticmethod
    def _keep_between_blocks(
        seq: Seq,
        kept_blocks: list[tuple[int, int, int]],
        evidence: list[bool],
        keep: dict[int, str],
    ) -> None:
        """Between article blocks keep statements, the subheading right before a block,
        and whole long stretches with little boilerplate (a vote list, a fact sheet):
        only a short run after boilerplate evidence is an inline box."""
        first, last = kept_blocks[0][0], kept_blocks[-1][1]
        for p in range(first, last + 1):
            if seq[p].kind is Kind.SENTENCE:
                keep.setdefault(p, "sentence between article blocks")
            if seq[p].kind is Kind.SHORT and p + 1 < len(seq) and seq[p + 1].kind is Kind.GOOD:
                keep.setdefault(p, "subheading")
        for (_, a_end, _), (b_start, _, _) in itertools.pairwise(kept_blocks):
            gap = range(a_end + 1, b_start)
            lines = [p for p in gap if seq[p].index is not None]
            bad = sum(evidence[p] for p in gap)
            if len(lines) > 12 and bad < 0.2 * len(gap):
                for p in lines:
                    if not evidence[p]:
                        keep.setdefault(p, "long run between article blocks")

    @staticmethod
    def _keep_repeated_title(seq: Seq, start: int, keep: dict[int, str]) -> None:
        """Keep the headline-like line nearest before the main block whose words recur
        elsewhere on the page (in a breadcrumb, a share text, after the body): pages
        repeat their own headline, not the titles of other articles."""
        for p in range(start - 1, max(start - 40, 0) - 1, -1):
            item = seq[p]
            if item.index is None or item.kind is not Kind.NEAR or item.words < 3:
                continue
            if any(q != p and item.key in other.key for q, other in enumerate(seq)):
                keep.setdefault(p, "headline (repeated on the page)")
                return

    @staticmethod
    def _evidence(seq: Seq) -> list[bool]:
        """Boilerplate evidence per position: removed or boilerplate lines, and tag
        clouds: runs of three or more one-word lines whose words mostly come from the
        article itself. A run of new words (the countries of a group) is a list of the
        article and stays."""
        ev = [item.kind is Kind.BAD for item in seq]
        prose = {w for item in seq if item.words >= 4 for w in item.key.split(" ")}
        run: list[int] = []
        for p, item in enumerate([*seq, Item(0, None, Kind.BAD, 0)]):
            if p < len(seq) and item.kind is Kind.SHORT and item.words == 1:
                run.append(p)
                continue
            if len(run) >= 3 and sum(seq[q].key in prose for q in run) >= 0.6 * len(run):
                for q in run:
                    ev[q] = True
            run = []
        return ev

    @staticmethod
    def _extend(
        positions: range,
        seq: Seq,
        evidence: list[bool],
        keep: dict[int, str],
    ) -> None:
        for p in positions:
            if evidence[p] or seq[p][2] is Kind.GOOD:
                return
            keep.setdefault(p, "next to the article, no boilerplate between")

    def _blocks(self, seq: Seq, good: list[int]) -> list[tuple[int, int, int]]:
        """Runs of good lines not split by a box: (first, last position, words of prose)."""
        blocks: list[tuple[int, int, int]] = []
        start = prev = good[0]
        for p in good[1:]:
            gap = [seq[q][2] for q in range(prev + 1, p)]
            bad = sum(k is Kind.BAD for k in gap)
            weak = sum(k is not Kind.BAD for k in gap)
            # A lone subheading next to one removed line is not a box; more is.
            if bad and (bad >= 2 or weak >= 2):
                blocks.append((start, prev, 0))
                start = p
            prev = p
        blocks.append((start, prev, 0))
        return [(s, e, self._mass(seq, s, e)) for s, e, _ in blocks]

    def _keep_blocks(
        self, seq: Seq, blocks: list[tuple[int, int, int]], main: tuple[int, int, int]
    ) -> list[tuple[int, int, int]]:
        """The main block, blocks with a fair share of its prose, blocks lying between
        kept ones, and blocks within ``near`` lines (not counting removed ones) of a kept
        one, repeatedly: an article split by a caption and a related box is one article."""
        content = [0]
        for item in seq:
            content.append(content[-1] + (item.index is not None))

        def gap(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
            lo, hi = (a[1], b[0]) if a[1] < b[0] else (b[1], a[0])
            return content[hi] - content[lo + 1]

        kept = {b for b in blocks if b is main or b[2] >= self.min_share * main[2]}
        grew = True
        while grew:
            grew = False
            for b in blocks:
                if b not in kept and any(gap(b, k) <= self.near for k in kept):
                    kept.add(b)
                    grew = True
        first = min(b[0] for b in kept)
        last = max(b[1] for b in kept)
        return sorted(b for b in blocks if b in kept or first < b[0] < last)

    @staticmethod
    def _mass(seq: Seq, start: int, end: int) -> int:
        """Words of article prose in a block."""
        return sum(seq[p].words for p in range(start, end + 1) if seq[p].kind is Kind.GOOD)

    def _keep_title(self, seq: Seq, first: int, keep: dict[int, str]) -> None:
        """Keep the headline: the nearest headline-like lines before the article."""
        skipped = taken = since = 0
        p = first - 1
        while p >= 0 and taken < 3:
            kind = seq[p][2]
            if kind in (Kind.NEAR, Kind.SENTENCE):
                keep[p] = "headline"
                taken += 1
                since = 0
            elif seq[p].index is None and not taken:
                pass  # removed lines (date, byline, share bar) between headline and text
            else:
                skipped += 1
                since += 1
                # Before the first headline line, a date, category and share bar may
                # sit between it and the article; after it, only a short stretch.
                if skipped > self.title_skip or (taken and since > 3):
                    break
            p -= 1
