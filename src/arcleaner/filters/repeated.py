"""drop-repeated-lines: later copies of a line already seen in the document."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import regex

from ..document import Decision, Document, Line
from ..keys import match_key, packed
from ..steps import Filter, at_least, option_docs

# A site name glued to a headline: "<headline> - الشرق الأوسط", "سكاي نيوز عربية | <headline>".
_SITE_SEPARATOR = regex.compile(r"\s+(?:[-–—|:»«•]|::)\s+")
# Numbered list items repeat legitimately (the same player in several top-3 lists).
_LIST_ITEM = regex.compile(r"^\s*[\d٠-٩]{1,2}\s*[-.)]")
# A short statement that ends with a full stop ("التوقيت: غرينتش + 3 ساعات.") repeats in
# fact sheets; headlines do not end with one.
_SHORT_STATEMENT_WORDS = 8
_FULL_STOP = regex.compile(r"[.!][\s\"'»”)]*$")


# The stdlib engine scans a line for one of a few characters ~20x faster than
# frozenset.isdisjoint(line), which hashes every character.
_SEPARATOR_CHAR = re.compile("[-–—|:»«•]")


def _core_key(text: str, max_site_words: int) -> str:
    """The key of a line's ``text`` without a short site-name prefix or suffix, or ''."""
    if not _SEPARATOR_CHAR.search(text):
        return ""
    # Two parts, or none: one separator (found, and no other after it) in the stripped
    # text, read in place: a split, or a strip, would copy a long line (a one-line page).
    lo, hi = 0, len(text)
    while lo < hi and text[lo].isspace():  # (what str.strip takes)
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    sep = _SITE_SEPARATOR.search(text, lo, hi)
    if sep is None or _SITE_SEPARATOR.search(text, sep.end(), hi) is not None:
        return ""
    parts = [text[lo : sep.start()], text[sep.end() : hi]]
    if all(_more_words(p, max_site_words) for p in parts):
        return ""  # (most lines: a paragraph with one dash; no key computed for it)
    keys = [match_key(p) for p in parts]
    words = [k.count(" ") + 1 if k else 0 for k in keys]
    short = 0 if words[0] <= words[1] else 1
    if words[short] > max_site_words or words[1 - short] < 3:
        return ""
    return keys[1 - short]


def _more_words(text: str, n: int) -> bool:
    """Whether the match key of ``text`` surely has more than ``n`` words: more than ``n``
    of its tokens hold a letter or digit, and a key never has fewer words than that."""
    count = 0
    for token in text.split():
        if any(map(str.isalnum, token)):
            count += 1
            if count > n:
                return True
    return False


@dataclass(frozen=True)
class DropRepeatedLines(Filter):
    """Drop a line that repeats an earlier one; the first copy stays.

    Scraped pages repeat the headline (page title, share text, breadcrumb): a later line
    goes when its match key equals an earlier line's, when it is the same headline with a
    short site name glued on (``<headline> - الشرق الأوسط``, ``سكاي نيوز عربية | <headline>``,
    up to ``max_site_words`` words), or when a short line is just the opening of the line
    that follows it (a headline the body repeats). ``min_words`` keeps short repeats (a
    one-word answer in an interview, "نعم.") out of its reach: a kept repeat is a small
    fault, a lost line of the article a big one.
    """

    reads_encoded = False
    name = "drop-repeated-lines"
    description = "drop later copies of a line (same key, or with a site name glued on)"
    option_help = option_docs(
        min_words="shorter lines are never dropped as repeats (a one-word answer, 'نعم.')",
        max_site_words="longest site name glued to a repeated headline that still makes "
        "it a repeat ('<headline> - الشرق الأوسط')",
    )

    min_words: int = 3
    max_site_words: int = 4

    def validate(self) -> None:
        at_least(self, "min_words", 1)
        at_least(self, "max_site_words", 0)

    def decide(self, doc: Document) -> Iterator[Decision]:
        lines = doc.lines
        content = doc.content_indexes()
        pack = doc.packed
        keyed: Iterable[tuple[int, str | bytes, str | bytes]] = self._keyed(doc)
        twice = None
        if pack:
            # A big document's keys are compared packed, as they are held, and only a
            # key whose hash comes twice is remembered: the keys seen were a dict of
            # every line's (25 MB for a 50 MB page). The lines that may repeat are found
            # once (their positions, and the few core keys).
            positions, cores = array("l"), dict[int, str | bytes]()
            for pos, _, core in keyed:
                positions.append(pos)
                if core:
                    cores[pos] = core
            twice = _Twice(
                v
                for pos in positions
                for v in (lines[content[pos]].packed_key(), cores.get(pos))
                if v
            )
            keyed = (
                (pos, lines[content[pos]].packed_key(), cores.get(pos, "")) for pos in positions
            )
        seen: dict[str | bytes, int] = {}
        for pos, key, core in keyed:
            i = content[pos]
            line = lines[i]
            first = seen.get(key) or (seen.get(core) if core else None)
            if first is not None:
                yield Decision(i, f"repeats line {first}")
                continue
            if twice is None or key in twice:
                seen.setdefault(key, line.number)
            if (
                core
                and core.count(b" " if type(core) is bytes else " ") + 1 >= self.min_words
                and (twice is None or core in twice)
            ):
                seen.setdefault(core, line.number)
            if pos + 1 < len(content) and line.words <= 25:
                nxt = lines[content[pos + 1]]
                if nxt.words > line.words + 3 and _opens(line, nxt, pack):
                    yield Decision(i, f"repeats the opening of line {nxt.number}")

    def _keyed(self, doc: Document) -> Iterator[tuple[int, str | bytes, str | bytes]]:
        """``(position in content, key, core key or "")`` of each line that may repeat an
        earlier one or be repeated; :meth:`Line.packed_key` forms in a packed document."""
        pack = doc.packed
        lines = doc.lines
        for pos, i in enumerate(doc.content_indexes()):
            line = lines[i]
            if line.words < self.min_words:
                continue
            text = line.text  # (read once: a packed line's is decoded)
            if _LIST_ITEM.match(text):
                continue
            if line.words < _SHORT_STATEMENT_WORDS and _FULL_STOP.search(text[-8:]):
                continue
            core: str | bytes = _core_key(text, self.max_site_words)
            if pack:
                yield pos, line.packed_key(), packed(core) if core else core
            else:
                yield pos, line.key, core


def _opens(line: Line, nxt: Line, pack: bool) -> bool:
    """Whether ``nxt``'s key starts with ``line``'s and a space (packed keys compare so
    too: packing maps each character to one byte, the space to itself)."""
    first, rest = (line.packed_key(), nxt.packed_key()) if pack else (line.key, nxt.key)
    if type(first) is not type(rest):
        first, rest = line.key, nxt.key
    return rest.startswith(first + (b" " if type(first) is bytes else " "))  # type: ignore[operator, arg-type]


class _Twice:
    """The hashes that come at least twice among ``values``, as bits of a table: a value
    whose bit is clear equals no other of them (a set bit may be two values sharing a
    bucket, which costs a needless dict entry, never a missed repeat)."""

    BITS = 1 << 23  # (2 MB of tables; 500,000 values set 6% of the bits)

    def __init__(self, values: Iterable[str | bytes]) -> None:
        once, twice = bytearray(self.BITS >> 3), bytearray(self.BITS >> 3)
        mask = self.BITS - 1
        for value in values:
            h = hash(value) & mask
            byte, bit = h >> 3, 1 << (h & 7)
            if once[byte] & bit:
                twice[byte] |= bit
            else:
                once[byte] |= bit
        self._bits = twice

    def __contains__(self, value: str | bytes) -> bool:
        h = hash(value) & (self.BITS - 1)
        return bool(self._bits[h >> 3] & 1 << (h & 7))
