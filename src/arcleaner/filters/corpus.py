"""drop-corpus-repeats: a site's chrome, learned by counting across its documents.

A site repeats its chrome in thousands of articles: a disclaimer, a contact trailer, a
byline prefix, a "read more" line. No lexicon names them all; a site profile
(``arclean learn``, :mod:`arcleaner.profile`) counts, per source, the documents in which
each line, sentence unit and edge template occurs. This filter looks each line of a
document up in the counts of the document's own source and removes:

- a whole line whose key is in at least ``min_docs`` documents of the source and at
  least the share of them that its length asks for (below);
- the leading and trailing sentence units of a long line (a one-line article) that are
  that frequent, as a cut at the start or the end: never a unit in the middle;
- a frequent start template (``كتب - فلان:``, a site's dateline prefix with
  ``cut_dateline``) on the first ``EDGE_LINES`` lines, and a frequent end template
  (``رابط الخبر: <title>``, ``- العربية.نت``) on the last ones.

The share a key needs grows with its length: ``min_share`` for lines of up to
``short_words`` words, ``min_share * words / short_words`` above (and so does the
``min_docs`` floor), so a long sentence that follow-up stories repeat (a background
paragraph) needs a much higher share than a short chrome line. A key that two or more
*other* sources also repeat (``syndicated``) is wire copy, kept: chrome is one site's.
Every removal says why, with the numbers:
``repeated line: in 866 of 3,815 documents of bbc``.

Documents without a source, or of a source the profile does not know, are left alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ..document import Decision, Document
from ..errors import ConfigError
from ..keys import match_key
from ..profile import SiteProfile, Stats
from ..resources import Resources
from ..steps import Filter, at_least, option_docs, within
from ..templates import (
    _SENTENCE_END,
    EDGE_LINES,
    Template,
    end_templates,
    mask,
    start_templates,
)
from ..units import Unit, split_units
from .spans import _DATELINE

# The longest rest of a line after a start label that still counts as the label's field.
FIELD_WORDS = 15

# A start head that ends with a news agency in brackets is a dateline ("دبي، الإمارات
# (CNN)--", also when the scraper broke the brackets: "(CNN--").
_AGENCY_END = re.compile(
    r"(?:^| )(?:cnn|bbc|رويترز|ا ف ب|afp|ap|reuters|د ب ا|الاناضول|واس|وام|قنا|كونا|بنا|سانا)"
    r"(?: [-:|/])?(?: \* [-:|/])?$"
)


_ROUNDS = 4  # looks at what the cuts left of a line, at most


def _worded(units: list[Unit], text: str) -> tuple[list[Unit], list[str]]:
    """``units`` with each that holds no word (":.", a stray mark or control) joined to
    the one after it (the last to the one before): it is no sentence of its own, and a
    cleaned text, which has lost the control, would not split there. With the units,
    their match keys (a word-less part adds nothing to a key)."""
    out: list[Unit] = []
    keys: list[str] = []
    carry: int | None = None  # start of word-less units waiting for the next one
    for u in units:
        key = match_key(text[u.start : u.end])
        if not key:
            carry = u.start if carry is None else carry
            continue
        out.append(u if carry is None else Unit(carry, u.end, u.next))
        keys.append(key)
        carry = None
    if carry is not None:
        if out:
            last = out.pop()
            out.append(Unit(last.start, units[-1].end, units[-1].next))
        else:
            out, keys = [Unit(carry, units[-1].end, units[-1].next)], [""]
    return out, keys


def _is_field(rest: str) -> bool:
    """A short rest that does not read as a sentence: the field of a label, not prose."""
    return len(rest.split()) <= FIELD_WORDS and not _SENTENCE_END.search(rest)


def _is_dateline(t: Template, seg: str) -> bool:
    """A place and an agency in brackets (also when the scraper broke them): the
    article's own dateline. An agency credit without brackets (``الرياض - واس:``) is
    a glued credit, cut like a byline."""
    head = seg[: t.end]
    return bool(_DATELINE.match(head) or ("(" in head and _AGENCY_END.search(t.key)))


@dataclass(frozen=True)
class DropCorpusRepeats(Filter):
    """Drop lines and cut start/end spans that repeat across a source's documents.

    Needs a site profile in the pipeline's resources (``--profile FILE``, ``--learn``,
    ``profile = "FILE"`` in a config, or ``Resources(profile=...)``). ``min_docs`` and
    ``min_share`` are the floors a key must reach in its source (see the module doc);
    ``short_words`` is the length up to which ``min_share`` applies unscaled. A key that
    ``syndicated`` other sources also carry (``min_docs`` documents each) is kept: wire
    copy, not one site's chrome (0: no such check).
    ``cut_dateline`` also cuts a frequent opening dateline such as ``دبي، الإمارات
    العربية المتحدة (CNN)--`` (off: like drop-glued-boilerplate, it is the article's).
    """

    reads_encoded = False
    name = "drop-corpus-repeats"
    description = (
        "drop lines and cut start/end spans that repeat across many documents of their "
        "source (needs a site profile)"
    )
    option_help = option_docs(
        min_docs="a key goes only if it occurs in at least this many documents of its source",
        min_share="...and in at least this share of them (both scaled up for keys longer "
        "than short_words)",
        short_words="keys of up to this many words need min_docs and min_share as they "
        "are; a longer key needs words / short_words times more",
        syndicated="keep a key that this many other sources also carry (min_docs "
        "documents each): wire copy, not chrome; 0: no such check",
        cut_dateline="also cut a frequent opening dateline such as "
        "'دبي، الإمارات العربية المتحدة (CNN)--' (off: it is the article's)",
    )

    min_docs: int = 5
    min_share: float = 0.002
    short_words: int = 8
    syndicated: int = 2
    cut_dateline: bool = False
    _profile: SiteProfile | None = field(default=None, init=False, compare=False, repr=False)

    def validate(self) -> None:
        at_least(self, "min_docs", 2)
        within(self, "min_share", 0.0, 1.0)
        if self.min_share == 0:
            raise ConfigError(f"{self.name}: min_share must be above 0, not 0")
        at_least(self, "short_words", 1)
        at_least(self, "syndicated", 0)

    def bind(self, resources: Resources) -> DropCorpusRepeats:
        profile = resources.site_profile()
        if profile is None:
            raise ConfigError(
                "drop-corpus-repeats needs a site profile: give --profile FILE (learn one "
                "with 'arclean learn'), --learn, or profile = \"FILE\" in the config"
            )
        return self.with_loaded(_profile=profile)  # type: ignore[return-value]

    def needed(self, words: int, documents: int) -> int:
        """Documents a key of ``words`` words needs in a source of ``documents``: both
        floors grow with the key's length beyond ``short_words``."""
        scale = max(1.0, words / self.short_words)
        floor = math.ceil(self.min_docs * scale - 1e-9)
        return max(floor, math.ceil(self.min_share * scale * documents - 1e-9))

    def _syndicated(self, profile: SiteProfile, source: str, key: str) -> int:
        """How many other sources also have ``key`` in ``min_docs`` documents or more."""
        if not self.syndicated:
            return 0
        return sum(
            1
            for other in profile.sources
            if other != source and profile.key_stats(other, key).docs >= self.min_docs
        )

    def decide(self, doc: Document) -> Iterator[Decision]:
        profile, source = self._profile, doc.source
        if profile is None or source is None:
            return
        total = profile.documents(source)
        if total < self.min_docs:
            return
        content = list(doc.content())
        n = len(content)

        def why(kind: str, st: Stats) -> str:
            return f"{kind}: in {st.docs:,} of {total:,} documents of {source}"

        floors: dict[int, int] = {}

        def frequent(key: str, words: int) -> Stats | None:
            st = profile.key_stats(source, key)
            floor = floors.get(words)
            if floor is None:
                floor = floors[words] = self.needed(words, total)
            if st.docs < floor:
                return None
            # Chrome is one site's; a sentence that many sites carry is syndicated copy.
            if self.syndicated and self._syndicated(profile, source, key) >= self.syndicated:
                return None
            return st

        for pos, (i, line) in enumerate(content):
            edge_start, edge_end = pos < EDGE_LINES, pos >= n - EDGE_LINES
            text, begin, end = line.text, 0, len(line.text)
            key, words = line.key, line.words
            lead_why = trail_why = gone = ""
            # What a cut leaves is looked at again (a trailer written twice, glued to the
            # word before it): a second cleaning would find what this one left.
            for _ in range(_ROUNDS):
                got = self._cuts(text[begin:end], key, words, edge_start, edge_end, frequent, why)
                if isinstance(got, str):  # what is left is chrome too: the line goes
                    gone = got
                    break
                lead, l_why, trail, t_why = got
                if not l_why and not t_why:
                    break
                lead_why, trail_why = lead_why or l_why, trail_why or t_why
                end = begin + trail if t_why else end
                begin = begin + lead if l_why else begin
                key = match_key(text[begin:end])
                if not key:  # (no word is left: what remains is the chrome's punctuation)
                    gone = lead_why or trail_why
                    break
                words = key.count(" ") + 1
            if gone:
                yield Decision(i, gone)
                continue
            if begin and lead_why:
                yield Decision(i, lead_why, 0, begin)
            if end < len(text) and trail_why:
                yield Decision(i, trail_why, end, len(text))

    def _cuts(
        self,
        text: str,
        key: str,
        words: int,
        edge_start: bool,
        edge_end: bool,
        frequent: Callable[[str, int], Stats | None],
        why: Callable[[str, Stats], str],
    ) -> str | tuple[int, str, int, str]:
        """What goes of one line (or of what earlier cuts left of it): the reason when
        all of it goes, else ``(lead, why, trail, why)``: ``text[:lead]`` and
        ``text[trail:]`` go for those reasons (an empty reason: nothing goes there)."""
        st = frequent("L " + mask(key), words)
        if st is not None:
            return why("repeated line", st)
        units, unit_keys = _worded(split_units(text), text)
        lead, trail = 0, len(text)
        lead_why = trail_why = ""
        first, last = 0, len(units) - 1
        # Whole sentence units at the edges of a long line (never one in the middle).
        while first <= last and len(units) > 1:
            u, ukey = units[first], unit_keys[first]
            st = frequent("L " + mask(ukey), ukey.count(" ") + 1 if ukey else 0)
            if st is None:
                break
            lead, lead_why = u.next, why("repeated sentence at the start", st)
            first += 1
        if first > last:  # every sentence of the line repeats: the line goes
            return lead_why.replace(" at the start", "s")
        while last > first:
            u, ukey = units[last], unit_keys[last]
            st = frequent("L " + mask(ukey), ukey.count(" ") + 1 if ukey else 0)
            if st is not None:
                trail, trail_why = u.start, why("repeated sentence at the end", st)
                last -= 1
                continue
            if edge_end:
                # A trailer that fills the last unit ("المصدر: <title>") lets the
                # check go on to the unit before it.
                seg = text[u.start : trail]
                hit = self._best(end_templates(seg), frequent, seg, start=False)
                if hit is not None and hit[0].start == 0:
                    t, st = hit
                    trail, trail_why = u.start, why(f"end template «{t.key[2:]}»", st)
                    last -= 1
                    continue
            break
        # Templates of the edge lines: the longest frequent one wins.
        if edge_start:
            seg = text[lead : units[first].end]
            hit = self._best(start_templates(seg), frequent, seg, start=True)
            if hit is not None:
                t, st = hit
                lead, lead_why = lead + t.end, why(f"start template «{t.key[2:]}»", st)
                if first == last and _is_field(text[lead:trail]):
                    # "اقرأ: <title>": the label is chrome and so is its short field.
                    return lead_why + ", with its field"
        if edge_end:
            base = max(units[last].start, lead)
            seg = text[base:trail]
            hit = self._best(end_templates(seg), frequent, seg, start=False)
            if hit is not None:
                t, st = hit
                trail, trail_why = base + t.start, why(f"end template «{t.key[2:]}»", st)
        return lead, lead_why, max(trail, lead), trail_why

    def _best(
        self,
        found: list[Template],
        frequent: Callable[[str, int], Stats | None],
        seg: str,
        *,
        start: bool,
    ) -> tuple[Template, Stats] | None:
        best: tuple[Template, Stats] | None = None
        for t in found:
            st = frequent(t.key, t.words)
            if st is None:
                continue
            if start and not self.cut_dateline and _is_dateline(t, seg):
                continue
            span = t.end if start else len(seg) - t.start
            if best is None or span > (best[0].end if start else len(seg) - best[0].start):
                best = (t, st)
        return best
