"""Site profiles: per source, in how many documents each line key occurs.

A profile is what ``arclean learn`` writes and ``drop-corpus-repeats`` reads. Per source
(a site: a top folder, a JSONL field, a URL host) it holds the number of distinct
documents, a count-min sketch of document frequencies over the keys of
:mod:`arcleaner.templates` (lines, sentence units, start and end templates; digits
masked), the most frequent keys with their text (to show and to explain), and the
64-bit fingerprints of the documents counted (so exact duplicates count once, also
when two shard profiles are merged).

Profiles merge: ``a.merge(b)`` adds ``b``'s counts into ``a``, and the sketches of two
shards add up to exactly the sketch of the whole corpus (:mod:`arcleaner.sketch`).

The lookup API, for filters and feature tables (all O(depth), no I/O):

- :meth:`SiteProfile.line_stats` ``(source, match_key) -> Stats(docs, share)``: a
  whole line or sentence unit;
- :meth:`SiteProfile.template_stats` ``(source, text, "start" | "end")``: the longest
  template of a line's start or end, with its span and stats;
- :meth:`SiteProfile.key_stats` ``(source, profile_key)``: any key of
  :mod:`arcleaner.templates`; :meth:`SiteProfile.documents` ``(source)``.

>>> from arcleaner import match_key
>>> p = SiteProfile()
>>> for text in ["خبر أول.\\nاقرأ أيضا", "خبر ثان.\\nاقرأ أيضا", "خبر ثالث."]:
...     p.add_text(text, "bbc")
True
True
True
>>> p.line_stats("bbc", match_key("اقرأ أيضاً"))
Stats(docs=2, share=0.6666666666666666)
>>> p.line_stats("cnn", match_key("اقرأ أيضاً"))
Stats(docs=0, share=0.0)
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .errors import ConfigError
from .sketch import DEPTH, WIDTH, Sketch, key_hash
from .templates import EDGE_LINES, Template, doc_keys, end_templates, line_key, start_templates

FORMAT = "arclean-site-profile"
VERSION = 1
# Keys kept with their text per source (the rest is only in the sketch); while learning
# the table may grow to TOP_SLACK times this before it is pruned to the most frequent.
TOP_SIZE = 1000
TOP_SLACK = 4
KINDS = {"L": "line", "S": "start", "E": "end", "T": "tail"}


class Stats(NamedTuple):
    """How often a key occurs in a source: documents, and their share of the source's."""

    docs: int
    share: float


ZERO = Stats(0, 0.0)


@dataclass
class SourceCounts:
    """The counts of one source."""

    documents: int = 0
    pairs: int = 0  # (document, key) pairs counted: the N of the sketch's error bound
    sketch: Sketch = field(default_factory=Sketch)
    top: dict[int, str] = field(default_factory=dict)  # key hash -> key text
    fingerprints: set[int] = field(default_factory=set)
    pruned: int = 0  # times the top table was pruned (its tail is then approximate)

    def add(self, keys: set[str], top_size: int) -> None:
        sketch, top = self.sketch, self.top
        self.documents += 1
        self.pairs += len(keys)
        for key in keys:
            h = key_hash(key)
            sketch.add(h)
            if h not in top:
                top[h] = key
        if len(top) > TOP_SLACK * top_size:
            self.prune(top_size)

    def prune(self, size: int) -> None:
        """Keep the ``size`` keys with the highest estimates (ties: lower hash first)."""
        ranked = sorted(self.top.items(), key=lambda kv: (-self.sketch.estimate(kv[0]), kv[0]))
        self.top = dict(ranked[:size])
        self.pruned += 1

    def ranked(self) -> list[tuple[str, int]]:
        """``(key, docs)`` of the table, most frequent first (ties by key)."""
        est = self.sketch.estimate
        return sorted(((k, est(h)) for h, k in self.top.items()), key=lambda kd: (-kd[1], kd[0]))


class SiteProfile:
    """Per-source document frequencies of line keys; see the module doc."""

    def __init__(
        self,
        *,
        source_by: str | None = None,
        depth: int = DEPTH,
        width: int = WIDTH,
        top_size: int = TOP_SIZE,
    ) -> None:
        self.source_by = source_by
        self.depth, self.width, self.top_size = depth, width, top_size
        self.sources: dict[str, SourceCounts] = {}
        self.duplicates = 0  # exact duplicate documents skipped
        self.overlap = 0  # documents counted in two merged profiles (see merge)

    # -- learning ------------------------------------------------------------------
    def _counts(self, source: str) -> SourceCounts:
        sc = self.sources.get(source)
        if sc is None:
            sc = self.sources[source] = SourceCounts(sketch=Sketch(self.depth, self.width))
        return sc

    def add_keys(self, source: str, keys: Iterable[str], fingerprint: int) -> bool:
        """Count one document's keys (each once) unless its fingerprint was seen in
        ``source``: an exact duplicate counts once. Returns whether it was counted."""
        sc = self._counts(source)
        if fingerprint in sc.fingerprints:
            self.duplicates += 1
            return False
        sc.fingerprints.add(fingerprint)
        sc.add(set(keys), self.top_size)
        return True

    def add_text(self, text: str, source: str) -> bool:
        """Count the document ``text`` of ``source`` (see :func:`document_keys`)."""
        return self.add_keys(source, document_keys(text), fingerprint(text))

    def merge(self, other: SiteProfile) -> SiteProfile:
        """Add ``other``'s counts into this profile and return it.

        Sketches and document counts add exactly. A document that both profiles counted
        (same source and text, in two shards) was counted twice and cannot be taken out
        again; ``overlap`` counts such documents, so a merge of shards that were not
        deduplicated against each other says so (the Dask and datatrove learners keep
        shards disjoint). Sources and settings must agree (``ConfigError`` otherwise).
        """
        if (other.depth, other.width) != (self.depth, self.width):
            raise ConfigError("cannot merge profiles with different sketch shapes")
        if self.source_by != other.source_by and None not in (self.source_by, other.source_by):
            raise ConfigError(
                f"cannot merge a profile of sources by {other.source_by} into one by "
                f"{self.source_by}"
            )
        self.source_by = self.source_by or other.source_by
        self.duplicates += other.duplicates
        self.overlap += other.overlap
        for name, theirs in other.sources.items():
            mine = self._counts(name)
            self.overlap += len(mine.fingerprints & theirs.fingerprints)
            mine.documents += theirs.documents
            mine.pairs += theirs.pairs
            mine.sketch.merge(theirs.sketch)
            mine.fingerprints |= theirs.fingerprints
            for h, k in theirs.top.items():
                mine.top.setdefault(h, k)
            mine.pruned += theirs.pruned
            if len(mine.top) > TOP_SLACK * self.top_size:
                mine.prune(self.top_size)
        return self

    def finish(self) -> SiteProfile:
        """Prune every top table to ``top_size`` keys seen in at least two documents
        (the table is for showing and explaining; the counts are all in the sketch)."""
        for sc in self.sources.values():
            ranked = [(k, d) for k, d in sc.ranked() if d >= 2][: self.top_size]
            sc.top = {key_hash(k): k for k, _ in ranked}
        return self

    # -- lookups -------------------------------------------------------------------
    def documents(self, source: str | None) -> int:
        """Distinct documents counted for ``source`` (0 for an unknown source)."""
        sc = self.sources.get(source) if source is not None else None
        return sc.documents if sc is not None else 0

    def key_stats(self, source: str | None, key: str) -> Stats:
        """Stats of a profile key (``"L ..."``, ``"S ..."``, ``"E ..."``, ``"T ..."``)."""
        sc = self.sources.get(source) if source is not None else None
        if sc is None or not sc.documents:
            return ZERO
        docs = sc.sketch.estimate(key_hash(key))
        return Stats(docs, docs / sc.documents)

    def line_stats(self, source: str | None, key: str) -> Stats:
        """Stats of a line (or sentence unit) given its match key (digits are masked here)."""
        return self.key_stats(source, line_key(key))

    def template_stats(
        self, source: str | None, text: str, where: str = "start"
    ) -> tuple[Template, Stats] | None:
        """The most frequent template of ``text`` at its ``start`` or ``end``, with stats;
        ``None`` when it has none. (The filter applies its own thresholds per template.)"""
        found = start_templates(text) if where == "start" else end_templates(text)
        best = None
        for t in found:
            st = self.key_stats(source, t.key)
            if best is None or st.docs > best[1].docs:
                best = (t, st)
        return best

    def top(self, source: str, n: int = 20) -> list[tuple[str, str, Stats]]:
        """The ``n`` most frequent keys of ``source`` with text: ``(kind, text, stats)``."""
        sc = self.sources.get(source)
        if sc is None:
            return []
        out = []
        for key, docs in sc.ranked()[:n]:
            out.append((KINDS.get(key[:1], "?"), key[2:], Stats(docs, docs / sc.documents)))
        return out

    def error_bound(self, source: str) -> tuple[float, float]:
        """``(excess, probability)`` of the source's sketch (see :mod:`arcleaner.sketch`)."""
        sc = self.sources[source]
        return sc.sketch.error_bound(sc.pairs)

    # -- files ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The profile as a JSON-ready dict (the file format, version 1)."""
        from . import __version__

        sources = {}
        for name in sorted(self.sources):
            sc = self.sources[name]
            excess, prob = sc.sketch.error_bound(sc.pairs)
            sources[name] = {
                "documents": sc.documents,
                "pairs": sc.pairs,
                "error_bound": {"excess": round(excess, 2), "probability": round(prob, 4)},
                "pruned": sc.pruned,
                "top": [[k, d] for k, d in sc.ranked()],
                "sketch": sc.sketch.encode(),
                "fingerprints": _encode_fingerprints(sc.fingerprints),
            }
        return {
            "format": FORMAT,
            "version": VERSION,
            "arclean": __version__,
            "source_by": self.source_by,
            "sketch": {"depth": self.depth, "width": self.width, "hash": "blake2b-64"},
            "keys": "match key, digit runs as 0; L line, S start, E end, T tail template",
            "top_size": self.top_size,
            "documents": sum(sc.documents for sc in self.sources.values()),
            "duplicates": self.duplicates,
            "overlap": self.overlap,
            "sources": sources,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    def save(self, path: Path | str) -> None:
        """Write the profile atomically to ``path`` (JSON, UTF-8)."""
        from .atomic import write_atomic

        try:
            data = self.dumps().encode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate from a JSON escape in the corpus: keep it escaped.
            data = (json.dumps(self.to_dict(), indent=1) + "\n").encode("ascii")
        write_atomic(Path(path), data)

    @classmethod
    def from_dict(cls, data: Any, where: str = "profile") -> SiteProfile:
        """The profile of :meth:`to_dict`; ``ConfigError`` names what is wrong."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ConfigError(f"{where}: not an arclean site profile")
        if data.get("version") != VERSION:
            raise ConfigError(
                f"{where}: profile version {data.get('version')!r}; this arclean reads "
                f"version {VERSION} (learn it again with this arclean)"
            )
        try:
            sk = data["sketch"]
            p = cls(
                source_by=data.get("source_by"),
                depth=int(sk["depth"]),
                width=int(sk["width"]),
                top_size=int(data.get("top_size", TOP_SIZE)),
            )
            p.duplicates = int(data.get("duplicates", 0))
            p.overlap = int(data.get("overlap", 0))
            for name, s in data["sources"].items():
                sc = SourceCounts(
                    documents=int(s["documents"]),
                    pairs=int(s["pairs"]),
                    sketch=Sketch.decode(s["sketch"], p.depth, p.width),
                    top={key_hash(k): k for k, _ in s["top"]},
                    fingerprints=_decode_fingerprints(s["fingerprints"]),
                    pruned=int(s.get("pruned", 0)),
                )
                p.sources[str(name)] = sc
        except ConfigError as err:
            raise ConfigError(f"{where}: {err}") from None
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ConfigError(
                f"{where}: corrupt site profile ({type(err).__name__}: {err})"
            ) from None
        return p

    @classmethod
    def load(cls, path: Path | str) -> SiteProfile:
        """Read a profile file; a missing, unreadable or corrupt file is a ``ConfigError``."""
        try:
            text = Path(path).read_text("utf-8")
        except OSError as err:
            raise ConfigError(f"cannot read profile {path}: {err.strerror or err}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{path}: not an arclean site profile (not UTF-8 text)") from None
        try:
            data = json.loads(text)
        except ValueError as err:
            raise ConfigError(f"{path}: not an arclean site profile ({err})") from None
        return cls.from_dict(data, str(path))

    def digest(self) -> str:
        """A short hash of the counts (what decides cleaning), for resume fingerprints."""
        h = hashlib.sha256()
        h.update(f"{self.depth}x{self.width}".encode())
        for name in sorted(self.sources):
            sc = self.sources[name]
            h.update(f"\0{name}\0{sc.documents}\0".encode())
            h.update(sc.sketch.to_bytes())
        return h.hexdigest()[:16]

    def same_counts(self, other: SiteProfile) -> bool:
        """Whether two profiles hold the same counts (sketches, documents, fingerprints)."""
        if set(self.sources) != set(other.sources):
            return False
        for name, a in self.sources.items():
            b = other.sources[name]
            if (a.documents, a.pairs, a.fingerprints) != (b.documents, b.pairs, b.fingerprints):
                return False
            if a.sketch != b.sketch:
                return False
        return True

    def without_fingerprints(self) -> SiteProfile:
        """A lookup-only copy (sketches and top tables): what a cleaning pipeline carries."""
        p = SiteProfile(
            source_by=self.source_by, depth=self.depth, width=self.width, top_size=self.top_size
        )
        p.duplicates, p.overlap = self.duplicates, self.overlap
        for name, sc in self.sources.items():
            p.sources[name] = SourceCounts(
                sc.documents, sc.pairs, sc.sketch, dict(sc.top), set(), sc.pruned
            )
        return p

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SiteProfile):
            return NotImplemented
        return self.same_counts(other) and all(
            self.sources[n].top.keys() == other.sources[n].top.keys() for n in self.sources
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        parts = ", ".join(f"{n}: {sc.documents}" for n, sc in sorted(self.sources.items()))
        return f"SiteProfile({parts})"


def document_keys(text: str) -> set[str]:
    """The profile keys of one document (see :func:`arcleaner.templates.doc_keys`)."""
    from .document import Document

    doc = Document.from_text(text)
    lines = [(ln.text, ln.key) for _, ln in doc.content() if ln.key]
    return set(doc_keys(lines))


def fingerprint(text: str) -> int:
    """The 64-bit fingerprint of a document's exact text (duplicates count once)."""
    return key_hash(text)


def _encode_fingerprints(fps: set[int]) -> str:
    a = array("Q", sorted(fps))
    if a.itemsize != 8:  # pragma: no cover - no such platform in sight
        raise ConfigError("this platform has no 64-bit array type")
    return base64.b64encode(zlib.compress(a.tobytes(), 6)).decode("ascii")


def _decode_fingerprints(text: str) -> set[int]:
    try:
        raw = zlib.decompress(base64.b64decode(text.encode("ascii"), validate=True))
    except (ValueError, zlib.error) as err:
        raise ConfigError(f"fingerprints are corrupt ({err})") from None
    a = array("Q")
    if len(raw) % a.itemsize:
        raise ConfigError("fingerprints are corrupt (length)")
    a.frombytes(raw)
    return set(a)


def iter_sources(profile: SiteProfile) -> Iterator[tuple[str, SourceCounts]]:
    """Sources by number of documents, largest first."""
    yield from sorted(profile.sources.items(), key=lambda kv: (-kv[1].documents, kv[0]))


__all__ = [
    "EDGE_LINES",
    "FORMAT",
    "VERSION",
    "SiteProfile",
    "SourceCounts",
    "Stats",
    "document_keys",
    "fingerprint",
    "iter_sources",
]
