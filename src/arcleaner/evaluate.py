"""Score cleaned text against gold article text: the token-level metric of the design.

Tokens are the ``\\w+`` runs of the match keys (so diacritics, tatweel, hamza seats and
punctuation do not count as differences). Precision, recall and F1 are computed over
token *multisets*: a paragraph kept twice costs precision, a paragraph lost costs
recall. Recall matters more than precision (losing the article is worse than keeping a
menu), so the aggregate also reports the share of pages whose recall is below 0.95.

>>> s = score("عاجل\\nأعلنت الوزارةُ تسجيلَ إصابات", "أعلنت الوزارة تسجيل إصابات")
>>> (s.precision, s.recall)
(0.8, 1.0)

Pages with no full gold (only snippets) are checked with :func:`check_snippets`: every
``must_contain`` snippet must appear in the output and no ``must_not_contain`` snippet
may, both compared on match keys:

>>> check_snippets("الخبر كاملا", must_contain=["الخبر"], must_not_contain=["غائم جزئيا"]).ok
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .keys import match_key

_TOKEN = re.compile(r"\w+")

#: Recall below this means content was lost on that page.
LOSS_RECALL = 0.95


def tokens(text: str) -> Counter[str]:
    """The token multiset of ``text``: ``\\w+`` runs of each line's match key.

    >>> sorted(tokens("إشـترك الآنَ! اشترك").items())
    [('اشترك', 2), ('الان', 1)]
    """
    out: Counter[str] = Counter()
    for line in text.split("\n"):
        out.update(_TOKEN.findall(match_key(line)))
    return out


@dataclass(frozen=True, slots=True)
class Score:
    """Token precision, recall and F1 of one page, with the counts they come from."""

    name: str
    out_tokens: int
    gold_tokens: int
    overlap: int

    @property
    def precision(self) -> float:
        # An empty output keeps nothing wrong: precision 1 (recall carries the loss).
        return self.overlap / self.out_tokens if self.out_tokens else 1.0

    @property
    def recall(self) -> float:
        return self.overlap / self.gold_tokens if self.gold_tokens else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lost(self) -> bool:
        """True when recall is below :data:`LOSS_RECALL` (content was lost)."""
        return self.recall < LOSS_RECALL


def score(output: str, gold: str, name: str = "") -> Score:
    """Score ``output`` (cleaned text) against ``gold`` (the article text, title included)."""
    out, ref = tokens(output), tokens(gold)
    overlap = sum((out & ref).values())
    return Score(name, sum(out.values()), sum(ref.values()), overlap)


@dataclass(frozen=True, slots=True)
class Summary:
    """Mean precision, recall and F1 over pages, and the share of pages that lost content."""

    pages: int
    precision: float
    recall: float
    f1: float
    lost_share: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "pages": self.pages,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "lost_share": self.lost_share,
        }


def summarize(scores: Iterable[Score]) -> Summary:
    """Macro averages (each page counts once, whatever its length).

    >>> summarize([score("a b", "a b"), score("a", "a b")]).as_dict()
    {'pages': 2, 'precision': 1.0, 'recall': 0.75, 'f1': 0.8333333333333333, 'lost_share': 0.5}
    """
    items = list(scores)
    n = len(items)
    if not n:
        return Summary(0, 0.0, 0.0, 0.0, 0.0)
    return Summary(
        n,
        sum(s.precision for s in items) / n,
        sum(s.recall for s in items) / n,
        sum(s.f1 for s in items) / n,
        sum(s.lost for s in items) / n,
    )


@dataclass(frozen=True, slots=True)
class SnippetCheck:
    """Which snippets of a snippet-only gold failed: missing ones, and leaked ones."""

    missing: tuple[str, ...] = field(default=())
    leaked: tuple[str, ...] = field(default=())
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.missing and not self.leaked

    @property
    def passed(self) -> int:
        return self.total - len(self.missing) - len(self.leaked)


def _contains(haystack_key: str, snippet: str) -> bool:
    # Compare on word boundaries of the keys, so "منذ" does not match inside "منذر".
    needle = match_key(snippet)
    return bool(needle) and f" {needle} " in f" {haystack_key} "


def check_snippets(
    output: str, must_contain: Sequence[str] = (), must_not_contain: Sequence[str] = ()
) -> SnippetCheck:
    """Check snippet gold on match keys: each line of ``output`` is searched separately.

    >>> c = check_snippets("منذ بدء الحراك\\nغائم جزئياً", ["منذ بدء"], ["غائم جزئيا"])
    >>> (c.ok, c.leaked)
    (False, ('غائم جزئيا',))
    """
    keys = [match_key(line) for line in output.split("\n")]
    missing = tuple(s for s in must_contain if not any(_contains(k, s) for k in keys))
    leaked = tuple(s for s in must_not_contain if any(_contains(k, s) for k in keys))
    return SnippetCheck(missing, leaked, len(must_contain) + len(must_not_contain))
