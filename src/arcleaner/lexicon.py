"""Lexicons: boilerplate phrase lists shipped as data files, matched on match keys.

A lexicon file has one entry a line, then two spaces, ``#`` and where it was seen::

    line: لم تشترك بعد  # paywall footer, Asharq Al-Awsat
    start: حمل تطبيق  # app prompts, many sites
    contains: نشرتنا البريدية  # newsletter boxes
    re: ^تابعونا على \\w+$  # follow bars

``line`` matches a whole line, ``start`` a line that begins with the phrase, ``contains``
the phrase anywhere, ``re`` a regular expression over the line's match key. Phrases are
folded with :func:`~arcleaner.keys.match_key`, so spelling variants need no entries of
their own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import regex

from .errors import LexiconError
from .keys import match_key

KINDS = ("line", "start", "contains", "re")


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: its kind, its pattern (folded) and where it came from."""

    kind: str
    pattern: str
    source: str
    text: str = ""

    def describe(self) -> str:
        """The entry as written in its file, and where: for removal reasons."""
        return f"{self.kind}: {self.text or self.pattern} ({self.source})"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Entries of one lexicon, indexed for matching a key in time linear in its words.

    Phrases are looked up as word n-grams in dicts (a regex alternation over many
    phrases costs a scan per phrase); only ``re`` entries run as regular expressions.
    """

    name: str
    entries: tuple[Entry, ...]
    _line: dict[str, Entry]
    _start: dict[str, list[tuple[list[str], Entry]]]
    _contains: dict[str, list[tuple[list[str], Entry]]]
    _res: tuple[tuple[regex.Pattern[str], Entry], ...]

    def match(self, key: str, max_words: int | None = None) -> Entry | None:
        """The entry matching the match key ``key``, or None.

        ``start`` and ``contains`` entries only match keys of at most ``max_words``
        words; ``line`` and ``re`` entries carry their own anchoring.
        """
        hit = self._line.get(key)
        if hit is not None:
            return hit
        if (self._start or self._contains) and key:
            words = key.split(" ")
            if max_words is None or len(words) <= max_words:
                for phrase, entry in self._start.get(words[0], ()):
                    if words[: len(phrase)] == phrase:
                        return entry
                for i, word in enumerate(words):
                    for phrase, entry in self._contains.get(word, ()):
                        if words[i : i + len(phrase)] == phrase:
                            return entry
        for pattern, entry in self._res:
            if pattern.search(key):
                return entry
        return None


def parse(text: str, source: str) -> tuple[Entry, ...]:
    """Parse lexicon text; ``source`` names the file in error messages."""
    entries = []
    for n, raw in enumerate(text.splitlines(), 1):
        body = raw.split("  #", 1)[0].strip()
        if not body or body.startswith("#"):
            continue
        kind, sep, value = body.partition(":")
        kind, value = kind.strip(), value.strip()
        if not sep or kind not in KINDS or not value:
            raise LexiconError(
                f"{source}:{n}: expected 'KIND: PHRASE' with KIND one of {', '.join(KINDS)}"
            )
        written = value
        if kind != "re":
            value = match_key(value)
        else:
            try:
                regex.compile(value)
            except regex.error as err:
                raise LexiconError(f"{source}:{n}: bad regular expression: {err}") from None
        entries.append(Entry(kind, value, f"{source}:{n}", written))
    return tuple(entries)


def compile_entries(name: str, entries: tuple[Entry, ...]) -> Lexicon:
    """Index entries into a lexicon; the first entry of a phrase wins."""
    by_kind: dict[str, dict[str, Entry]] = {"line": {}, "start": {}, "contains": {}}
    res = []
    for e in entries:
        if e.kind == "re":
            res.append((regex.compile(e.pattern), e))
        else:
            by_kind[e.kind].setdefault(e.pattern, e)
    # start/contains phrases are indexed by their first word.
    index: dict[str, dict[str, list[tuple[list[str], Entry]]]] = {"start": {}, "contains": {}}
    for kind, table in index.items():
        for phrase, e in by_kind[kind].items():
            words = phrase.split(" ")
            table.setdefault(words[0], []).append((words, e))
    return Lexicon(name, entries, by_kind["line"], index["start"], index["contains"], tuple(res))


@functools.cache
def load(name: str, extra: tuple[str, ...] = (), files: tuple[str, ...] = ()) -> Lexicon:
    """Load the packaged lexicon ``name`` plus user entries and user lexicon files."""
    try:
        text = resources.files("arcleaner.lexicons").joinpath(f"{name}.txt").read_text("utf-8")
    except FileNotFoundError:
        raise LexiconError(f"no packaged lexicon named {name!r}") from None
    entries = parse(text, f"{name}.txt")
    for path in files:
        try:
            entries += parse(Path(path).read_text("utf-8"), path)
        except OSError as err:
            raise LexiconError(f"cannot read lexicon {path}: {err.strerror}") from None
    if extra:
        entries += parse("\n".join(extra), "config")
    return compile_entries(name, entries)
