"""Screens: which lines of a document could hold any of many patterns, in few passes.

A lexicon has hundreds of entries and a document hundreds of lines, and almost no line
matches any entry. Rather than try every entry on every line, a lexicon reads a whole
document's lines (joined by line breaks) with a few *screens*, each finding a superset of
the lines some entries match; only those lines are then matched entry by entry. Two
kinds of screen:

* :class:`Anchored`: patterns that must match at the start of a line (``^...`` entries
  and ``start`` phrases), as one regex whose every branch follows a line break. The
  regex engine goes from line break to line break (one known character: a tight loop)
  and tries the branches there; phrases sharing a beginning are tried once (a trie).
* :class:`Literals`: texts one of which a line must hold (a ``contains`` phrase, the
  required texts of a pattern). The regex engine is slow to look for the first
  characters of many texts at once (it tests a character class at every place, some
  5 ns a character), fast to look for one known character (about 1 ns). So on text in
  the 8-bit alphabet of :mod:`arcleaner.keys`, one ``bytes.translate`` turns the rarest
  character of every text into one same byte; a regex looks for that byte, then the
  characters after it, then checks the whole text behind (a lookbehind of fixed width).
  It stops at few places, and what it finds is a superset (the translation merges
  characters). Elsewhere one regex looks for the texts' cheapest tails.

>>> lit = Literals([("محفوظه", 40), ("cookies", 60)])
>>> sorted(lit.lines(["جميع الحقوق محفوظه 2024", "نص الخبر", "we use cookies"]))
[0, 2]
>>> sorted(Anchored([("pattern", r"\\d{1,2}$"), ("start", "اقرا ايضا")]).lines(
...     ["12", "اقرا ايضا مقالا", "اقرا ايضاح", "العدد 12"]))
[0, 1]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from .keys import ALPHABET, encode

# Characters of keys and plain texts, most frequent first (the ANT corpus); any other is
# rarer than all of these.
FREQUENT = ' اليمونرتهبعدفسقكحةجأشطصخضز،ثذإ.غى"ءئظ0123456789ؤآ)(:\xa0/_#-%؟,nceaiotsrlmhdup'
# A text starting at one of the characters before this one would stop the engine too
# often: its entry is better matched on every line within its word limit.
TOO_COMMON = FREQUENT.index("ع")
# The byte every first character becomes in the translated text.
_MARK = 0


def rank(ch: str) -> int:
    """How rare ``ch`` is in keys and plain texts (higher: rarer)."""
    found = FREQUENT.find(ch)
    return len(FREQUENT) if found < 0 else found


def _share(ch: str) -> float:
    """A rough share of ``ch`` among the characters of news text (by its rank: the
    space is 15%, ب 3%, ف 2%, ظ a few in ten thousand)."""
    return 0.15 * 0.85 ** rank(ch)


_LINE = 200  # characters in a line of news text, roughly


def chance(text: str) -> float:
    """The chance that a line of news text holds ``text``, roughly."""
    out = float(_LINE)
    for ch in text:
        out *= _share(ch)
    return min(out, 1.0)


def cost(text: str) -> float:
    """What looking for ``text`` in a line costs, roughly: the engine stops at each
    place its first character is, and a line it is found in (by chance, in a word of
    the article) is then matched entry by entry, which costs about a hundred stops."""
    return _LINE * _share(text[0]) + 100 * chance(text)


def rarest_tail(text: str, least: int = 3) -> str:
    """The tail of ``text`` (``least`` characters long at least, or all of a shorter
    text) that costs least to look for: every line holding ``text`` holds it."""
    last = max(len(text) - least, 0)
    return min((text[i:] for i in range(last + 1)), key=cost)


def _anchor(text: str) -> int:
    """Where in ``text`` (two characters or more) to look for it from: its rarest
    character, the one nearer the middle among equals."""
    mid = (len(text) - 1) / 2
    return min(range(len(text)), key=lambda i: (_share(text[i]), abs(i - mid)))


def trie(words: Iterable[str], end: str = "") -> str:
    """A pattern matching any of ``words`` then ``end``, shared beginnings tried once
    (``end=""``: a word that begins a longer one stands for both)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        if "" in node and not end:
            return ""
        alts = [re.escape(ch) + emit(child) for ch, child in node.items() if ch]
        if "" in node:
            alts.append(end)
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return emit(root)


def joined_lines(texts: Sequence[str]) -> str:
    """The lines as the screens search them: each after a line break. Made in one copy
    (``"\\n" + "\\n".join(texts)`` makes two), once for all the screens of a document:
    a 50 MB document's copy is a hundred megabytes."""
    return "\n".join(["", *texts])


def _lines_hit(screen: re.Pattern, joined: str | bytes, nl: str | bytes) -> set[int]:
    """Indexes of the lines of ``joined`` (lines after a leading ``nl``, joined by it) in
    which ``screen`` finds something; a find that runs on past a line break counts for
    the line it starts in, and the next search starts at the next line's break."""
    found: set[int] = set()
    m = screen.search(joined)
    line, pos = 0, 0
    while m is not None:
        start = m.start()
        line += joined.count(nl, pos + 1, start + 1)  # (breaks passed since the last find)
        found.add(line)
        pos = joined.find(nl, start + 1)  # the break that starts the next line
        if pos < 0:
            break
        line += 1
        m = screen.search(joined, pos)
    return found


class Anchored:
    """Patterns matched at the start of a line: ``("pattern", regex)`` (MULTILINE, so
    ``$`` ends each line) and ``("start", phrase)`` (a phrase that is the line's first
    word or words)."""

    __slots__ = ("first", "regex")

    def __init__(self, branches: Iterable[tuple[str, str]]) -> None:
        branches = list(dict.fromkeys(branches))
        alts = [f"(?:{text})" for kind, text in branches if kind == "pattern"]
        starts = [text for kind, text in branches if kind == "start"]
        if starts:
            alts.append(trie(starts, "(?: |$)"))
        self.regex = re.compile(f"\n(?:{'|'.join(alts)})", re.MULTILINE) if alts else None
        # The branches at the start of one line given alone (no lookaround reaches the
        # break before it: lexicon entries with one are not screened).
        self.first = re.compile(f"(?:{'|'.join(alts)})", re.MULTILINE) if alts else None

    def finds(self, line: str) -> bool:
        """Whether a branch matches at the start of ``line`` (one line, no copy made)."""
        return self.first is not None and self.first.match(line) is not None

    def lines(self, texts: Sequence[str], joined: str | None = None) -> set[int]:
        """Indexes of the ``texts`` (lines, without breaks) where a branch matches;
        ``joined``: :func:`joined_lines` of them, when the caller has it already."""
        if self.regex is None or not texts:
            return set()
        return _lines_hit(self.regex, joined_lines(texts) if joined is None else joined, "\n")


class Literals:
    """Texts one of which a line must hold to be found, each with the longest line (in
    words) it is looked for in.

    On text in the 8-bit alphabet, each text is looked for from its rarest character
    (all of them one byte after a ``bytes.translate``), then the characters after it,
    and those before it behind it (a lookbehind of fixed width): the engine stops at few
    places. Otherwise (and for the short lines of a document, a small part of its text)
    one regex over the text looks for the texts' tails that cost least
    (:func:`rarest_tail`, ``least`` characters at least).
    """

    __slots__ = ("_bytes", "_chars", "_table", "limit", "regex")

    def __init__(self, texts: Iterable[tuple[str, float]], least: int = 3) -> None:
        limits: dict[str, float] = {}
        for text, limit in texts:
            if text:
                limits[text] = max(limits.get(text, -1.0), limit)
        self.limit = max(limits.values(), default=-1.0)
        tails = sorted({rarest_tail(t, least) for t in limits})
        self.regex = re.compile(trie(tails)) if tails else None
        self._table: bytes | None = None
        self._bytes: re.Pattern[bytes] | None = None
        self._chars: tuple[tuple[bytes, float], ...] = ()
        encoded = {t: encode(t) for t in limits}
        if not limits or any(e is None or b"\n" in e for e in encoded.values()):
            return
        # The rarest byte of every text becomes _MARK (a many-to-one mapping: the
        # found places are a superset, and the rest of each text is mapped alike). A
        # text of one character has nothing around it to tell it apart: it is found on
        # its own.
        self._chars = tuple((e, limits[t]) for t, e in encoded.items() if len(e) == 1)  # type: ignore[arg-type]
        longer = [t for t, e in encoded.items() if len(e) > 1]  # type: ignore[arg-type]
        anchors = {t: _anchor(t) for t in longer}
        table = bytearray(range(256))
        for t in longer:
            table[encoded[t][anchors[t]]] = _MARK  # type: ignore[index]
        self._table = bytes(table)
        # After the mark: the characters that follow (grouped by the first of them, a
        # quick test), then the whole text behind (a lookbehind of fixed width).
        groups: dict[int, set[bytes]] = {}
        last: set[bytes] = set()  # texts whose rarest character ends them
        for t in longer:
            e = encoded[t].translate(self._table)  # type: ignore[union-attr]
            k = anchors[t]
            behind = b"(?<=" + re.escape(e) + b")" if k else b""
            if k + 1 < len(e):
                groups.setdefault(e[k + 1], set()).add(re.escape(e[k + 2 :]) + behind)
            else:
                last.add(behind)
        if groups or last:
            alts = [
                re.escape(bytes([first])) + b"(?:" + b"|".join(sorted(rests)) + b")"
                for first, rests in sorted(groups.items())
            ] + sorted(last)
            self._bytes = re.compile(
                re.escape(bytes([_MARK])) + b"(?:" + b"|".join(alts) + b")", re.DOTALL
            )

    def lines(self, texts: Sequence[str], joined: str | None = None) -> set[int]:
        """Indexes of the ``texts`` (lines, without breaks) that hold one of the texts;
        ``joined``: :func:`joined_lines` of them, when the caller has it already."""
        if self.regex is None or not texts:
            return set()
        return _lines_hit(self.regex, joined_lines(texts) if joined is None else joined, "\n")

    def finds(self, line: str) -> bool:
        """Whether ``line`` (one line, searched without a copy) holds one of the texts."""
        return self.regex is not None and self.regex.search(line) is not None

    def encoded_lines(self, data: bytes) -> dict[int, float] | None:
        """For lines joined by ``\\n`` and encoded in the 8-bit alphabet: the index of each
        line that holds one of the texts, and the longest line the texts found there
        are looked for in (None when this screen has no encoded form)."""
        if self._table is None:
            return None if self.regex is not None else {}
        found: dict[int, float] = {}
        if self._bytes is not None:
            hits = _lines_hit(self._bytes, b"\n" + data.translate(self._table), b"\n")
            found = dict.fromkeys(hits, self.limit)
        for ch, limit in self._chars:
            line, start = 0, 0  # the line that starts at ``start``
            pos = data.find(ch)
            while pos >= 0:
                line += data.count(b"\n", start, pos)
                found[line] = max(found.get(line, -1.0), limit)
                start = data.find(b"\n", pos) + 1
                if not start:
                    break
                line += 1
                pos = data.find(ch, start)
        return found


__all__ = ["ALPHABET", "Anchored", "Literals", "cost", "rank", "rarest_tail", "trie"]
