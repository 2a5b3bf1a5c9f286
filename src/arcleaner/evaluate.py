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

A folder of labelled pages (``NAME.raw.txt`` beside ``NAME.gold.txt``, or a snippet file
``NAME.gold.json``) is paired by :func:`find_pages` and scored by :func:`evaluate_pages`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ArcleanError, ConfigError
from .keys import match_key
from .textio import decode

if TYPE_CHECKING:
    from .pipeline import Pipeline

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


RAW_SUFFIX = ".raw.txt"
#: Gold files beside ``NAME.raw.txt``, in the order looked for: the article text, or
#: snippets (``must_contain`` / ``must_not_contain``) in JSON.
GOLD_SUFFIXES = (".gold.txt", ".gold.json", ".gold_snippets.json")


@dataclass(frozen=True, slots=True)
class Page:
    """A labelled page: its name (``NAME`` of ``NAME.raw.txt``), raw text file and gold."""

    name: str
    raw: Path
    gold: Path

    @property
    def snippets(self) -> bool:
        """True when the gold is snippets (a ``.json`` file), not the article text."""
        return self.gold.suffix == ".json"


def gold_for(raw: Path) -> Path | None:
    """The gold file beside ``NAME.raw.txt`` (``NAME.gold.txt``, ``.gold.json`` or
    ``.gold_snippets.json``), or ``None``."""
    if not raw.name.endswith(RAW_SUFFIX):
        return None
    stem = raw.name[: -len(RAW_SUFFIX)]
    for suffix in GOLD_SUFFIXES:
        gold = raw.with_name(stem + suffix)
        if gold.is_file():
            return gold
    return None


def find_pages(paths: Sequence[Path | str]) -> tuple[list[Page], list[Path]]:
    """Pair every ``NAME.raw.txt`` in ``paths`` (files, or folders searched to any
    depth, names sorted) with its gold by name; return the pages and the raw files that
    have no gold. A file that is not ``NAME.raw.txt``, or is missing, is a ConfigError.
    """
    pages: list[Page] = []
    unlabelled: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            raws = sorted(path.rglob("*" + RAW_SUFFIX))
            if not raws:
                raise ConfigError(f"{path}/: no *{RAW_SUFFIX} page in this folder")
            base = path
        elif path.is_file() and path.name.endswith(RAW_SUFFIX):
            raws, base = [path], path.parent
        elif path.exists():
            raise ConfigError(
                f"{path}: not NAME{RAW_SUFFIX}; give its gold with --gold, or name the "
                f"pair NAME{RAW_SUFFIX} and NAME.gold.txt"
            )
        else:
            raise ConfigError(f"{path}: no such file or folder")
        for raw in raws:
            gold = gold_for(raw)
            if gold is None:
                unlabelled.append(raw)
                continue
            if path.is_dir():  # named inside the folder (and by the folder, among several)
                name = raw.relative_to(base).as_posix()[: -len(RAW_SUFFIX)]
                name = f"{path.name}/{name}" if len(paths) > 1 else name
            else:
                name = str(raw)[: -len(RAW_SUFFIX)]
            pages.append(Page(name, raw, gold))
    return pages, unlabelled


def _read(path: Path, encoding: str | None) -> str:
    try:
        return decode(path.read_bytes(), encoding, source=str(path))
    except OSError as err:
        raise ArcleanError(f"{path}: {err.strerror or err}") from None


def evaluate_pages(
    pages: Sequence[Page], pipeline: Pipeline | None, encoding: str | None = None
) -> dict[str, Any]:
    """Clean each page with ``pipeline`` (``None``: score the raw text as it is) and score
    it against its gold; return ``{"pages": [row, ...], "mean": summary or None}``: a
    text gold's row has precision, recall and F1, a snippet gold's row the snippets
    passed, missing and leaked (see :func:`score`, :func:`check_snippets`)."""
    scores: list[Score] = []
    rows: list[dict[str, Any]] = []
    for page in pages:
        raw, gold = _read(page.raw, encoding), _read(page.gold, encoding)
        out = raw if pipeline is None else pipeline.clean(raw)
        if page.snippets:
            try:
                snip = json.loads(gold)
                check = check_snippets(out, snip["must_contain"], snip["must_not_contain"])
            except (ValueError, KeyError, TypeError):
                raise ConfigError(
                    f"{page.gold}: a .json gold needs must_contain and must_not_contain lists"
                ) from None
            rows.append(
                {
                    "page": page.name,
                    "passed": check.passed,
                    "total": check.total,
                    "missing": list(check.missing),
                    "leaked": list(check.leaked),
                }
            )
        else:
            s = score(out, gold, page.name)
            scores.append(s)
            rows.append(
                {"page": page.name, "precision": s.precision, "recall": s.recall, "f1": s.f1}
            )
    return {"pages": rows, "mean": summarize(scores).as_dict() if scores else None}
