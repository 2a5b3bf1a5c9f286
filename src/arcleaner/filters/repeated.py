"""drop-repeated-lines: later copies of a line already seen in the document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..document import Decision, Document
from ..steps import Filter


@dataclass(frozen=True)
class DropRepeatedLines(Filter):
    """Drop a line whose match key equals an earlier line's; the first copy stays.

    Scraped pages repeat the headline (page title, share text, breadcrumb), so
    ``أياد علاوي: «داعش» يبدأ`` twice becomes once. ``min_words`` keeps short
    repeats (a one-word answer in an interview, "نعم.") out of its reach: a kept
    repeat is a small fault, a lost line of the article a big one.
    """

    name = "drop-repeated-lines"
    description = "drop later copies of a line repeated in the document (same match key)"

    min_words: int = 3

    def decide(self, doc: Document) -> Iterator[Decision]:
        seen: dict[str, int] = {}
        for i, line in doc.content():
            if line.words < self.min_words:
                continue
            first = seen.setdefault(line.key, line.number)
            if first != line.number:
                yield Decision(i, f"repeats line {first}")
