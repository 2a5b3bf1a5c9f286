"""Lexicons: boilerplate phrase lists shipped as data files, matched on match keys.

A lexicon file has one entry a line, then two spaces, ``#`` and where it was seen::

    line: لم تشترك بعد  # paywall footer, Asharq Al-Awsat
    start: حمل تطبيق  # app prompts, many sites
    contains: نشرتنا البريدية  # newsletter boxes
    re: ^تابعونا على \\w+$  # follow bars

``line`` matches a whole line, ``start`` a line that begins with the phrase, ``contains``
the phrase anywhere, ``re`` a regular expression over the line's match key, ``raw`` a
regular expression over the line as written (for punctuation that keys drop). A user's
``re`` / ``raw`` entry (from a config or a lexicon file) runs with a time limit of
``PATTERN_TIMEOUT`` seconds a line, so a pattern that backtracks without end
(``(a|aa)+$``) cannot hang a run: :class:`~arcleaner.errors.PatternTimeout` names it.
Phrases are folded with :func:`~arcleaner.keys.match_key`, so spelling variants need no
entries of their own; the letters and digits of an ``re`` pattern are folded as keys fold
them (:func:`~arcleaner.keys.fold_letters`: ``دقائق`` finds the key's ``دقايق``).
``start``, ``contains``, ``re`` and ``raw`` entries only match short lines (the caller's
``max_words``); ``contains(40): P`` raises that limit for one entry. A line ``## name``
starts a family: the entries below it carry that name (used in reasons).
"""

from __future__ import annotations

import bisect
import math
import re
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import regex

from . import screen
from .errors import LexiconError, PatternTimeout
from .keys import fold_letters, match_key, size_blocks

KINDS = ("line", "start", "contains", "re", "raw")
# Seconds a user's pattern may run on one line (packaged patterns are ours, and tested).
PATTERN_TIMEOUT = 1.0
_KIND = regex.compile(r"^(line|start|contains|re|raw)(?:\((\d+)\))?$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: its kind, its pattern (folded) and where it came from."""

    kind: str
    pattern: str
    source: str
    text: str = ""
    family: str = ""
    max_words: int | None = None
    user: bool = False  # from a config or a user's file: run with a time limit

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
    _res: tuple[_Compiled, ...]
    _raws: tuple[tuple[int | None, tuple[_Compiled, ...]], ...] = ()
    _longest: int = 0  # the highest per-entry word limit
    _raw_longest: int = 0  # the highest word limit of a raw entry
    # For match_lines: each contains/re/raw entry with its screen branches (see
    # _screen_branches), the entries no screen stands for (matched on every line within
    # their limit), and the screens built for each caller's word limit.
    _screenable: tuple[tuple[Entry, tuple[tuple[str, str], ...]], ...] = ()
    _unscreened: tuple[Entry, ...] = ()
    _screens: dict[int | None, _Screens] = field(default_factory=dict, compare=False)
    # The start/contains/re/raw entries with a word limit of their own, in file order,
    # each with its compiled pattern (re/raw) or None: see limited_match.
    _limited: tuple[tuple[Entry, regex.Pattern[str] | None], ...] = ()

    def limited_match(self, key: str, words: int, raw: str = "") -> Entry | None:
        """The first ``start``, ``contains``, ``re`` or ``raw`` entry with a word limit of
        its own (``contains(40): P``) that matches a line of ``words`` words, its match
        ``key`` and ``raw`` text; None when none does. Such entries are written for
        chrome that reads as prose (a disclaimer), so a line that :meth:`match` answers
        with an entry for short lines may still be one of theirs (see
        :func:`~arcleaner.filters._lexical.is_sentence`)."""
        padded = f" {key} "
        for entry, pattern in self._limited:
            if entry.max_words is not None and words > entry.max_words:
                continue
            if entry.kind == "start":
                hit = padded.startswith(f" {entry.pattern} ")
            elif entry.kind == "contains":
                hit = f" {entry.pattern} " in padded
            else:
                text = key if entry.kind == "re" else raw
                assert pattern is not None
                hit = bool(text) and (
                    _timed(pattern, entry, text) if entry.user else pattern.search(text) is not None
                )
            if hit:
                return entry
        return None

    def needs_raw(self, words: int, max_words: int | None) -> bool:
        """Whether a line of ``words`` words could match a raw entry (so the caller can
        skip preparing the raw text of long lines)."""
        if not self._raws:
            return False
        return max_words is None or words <= max(max_words, self._raw_longest)

    def match(
        self, key: str, max_words: int | None = None, raw: str = "", words: int | None = None
    ) -> Entry | None:
        """The entry matching a line (its match ``key`` and ``raw`` text), or None.

        ``start``, ``contains``, ``re`` and ``raw`` entries only match lines of at most
        ``max_words`` words (or the entry's own limit); ``line`` entries match the whole
        line. ``words``: the key's word count when the caller has it (``Line.words``).
        """
        hit = self._line.get(key)
        if hit is not None:
            return hit
        n = words if words is not None else key.count(" ") + 1 if key else 0
        if max_words is not None and n > max(max_words, self._longest):
            return None  # too long for any entry
        words = key.split(" ") if key else []
        if words:
            for phrase, entry in self._start.get(words[0], ()):
                if words[: len(phrase)] == phrase and _fits(entry, n, max_words):
                    return entry
            # One C-level set test before the per-word scan: most lines hold no phrase.
            if self._contains and not self._contains.keys().isdisjoint(words):
                for i, word in enumerate(words):
                    for phrase, entry in self._contains.get(word, ()):
                        if words[i : i + len(phrase)] == phrase and _fits(entry, n, max_words):
                            return entry
        hit = self._first_re(key, n, max_words)
        if hit is None and raw:
            # Raw patterns grouped by their word limit; a long line skips whole groups.
            for limit, group in self._raws:
                if (limit if limit is not None else max_words or n) < n:
                    continue
                for pattern, entry, needed in group:
                    if _may_match(raw, needed) and (
                        _timed(pattern, entry, raw) if entry.user else pattern.search(raw)
                    ):
                        return entry
        return hit

    def match_lines(
        self,
        keys: Sequence[str],
        words: Sequence[int],
        plains: Sequence[str] | None = None,
        max_words: int | None = None,
        *,
        numbers: Sequence[int] | None = None,
        encoded: tuple[bytes, bytes] | None = None,
    ) -> dict[int, Entry]:
        """:meth:`match` for every line of a document at once: ``{index: entry}`` for the
        lines that match, the same answers as matching line by line.

        ``keys``, ``words`` and ``plains`` (the raw texts; None: no raw entries) are the
        lines' match keys, word counts and :func:`~arcleaner.keys.plain` texts. Most
        lines match nothing, so only the lines that could are matched: those whose key is
        a ``line`` phrase, those where a screen finds something (see :class:`_Screens`),
        and those within the word limit of an entry no screen stands for. ``encoded``:
        the keys and plain texts of the document as it was read, joined by line breaks,
        in the 8-bit alphabet (:attr:`arcleaner.document.Document.encoded`), with the
        input line ``numbers`` (1-based) of the lines given; a fast way to the literal
        screens.
        """
        # (a document's keys and plain texts are shorter than a block: nearly every one)
        small = all(
            lines is None or sum(map(len, lines)) + len(lines) < BLOCK_CHARS
            for lines in (keys, plains)
        )
        screens = self._screens.get(max_words)
        if screens is None:
            screens = self._screens[max_words] = _build_screens(self._screenable, max_words)
        line = self._line
        maybe = {i for i, key in enumerate(keys) if key in line}
        unscreened = _limit(self._unscreened, max_words)
        if unscreened >= 0:
            maybe.update(i for i, n in enumerate(words) if n <= unscreened)
        top = screens.top
        # (arrays, filled without a list between: a list of 500,000 indexes of a 50 MB
        # page is 20 MB of int objects)
        short = array("l", (i for i, n in enumerate(words) if n <= top))
        longer = len(short) < len(words)
        long = array("l", (i for i, n in enumerate(words) if n > top) if longer else ())
        for idx, band in ((short, screens.short), (long, screens.long)):
            if not idx:
                continue
            for which, lines in enumerate((keys, plains)):
                if lines is None:
                    continue
                anchored, literals = band[which]
                # The whole document's encoded text is searched at once when these lines
                # are a good part of it; a few short lines are cheaper on their own.
                hits = None
                if encoded is not None and 4 * len(idx) >= len(keys):
                    hits = literals.encoded_lines(encoded[which])
                # One joined copy of a block of lines for both screens, made only if one
                # needs it. A line that matches an entry holds a screen's find on its own,
                # so blocks keep every line the whole text would (a 50 MB document's
                # joined copy was a hundred megabytes).
                if anchored.regex is not None or (hits is None and literals.regex is not None):
                    for block in [idx] if small else _blocks(idx, lines):
                        if len(block) == 1:  # (one line, maybe 50 MB: searched as it is)
                            line_ = lines[block[0]]
                            if anchored.finds(line_) or (hits is None and literals.finds(line_)):
                                maybe.add(block[0])
                            continue
                        texts = [lines[i] for i in block]
                        joined = screen.joined_lines(texts)
                        maybe.update(block[j] for j in anchored.lines(texts, joined))
                        if hits is None:
                            maybe.update(block[j] for j in literals.lines(texts, joined))
                        del joined, texts  # (before the next block makes its copy)
                if hits is None:
                    continue
                assert numbers is not None
                for number, most in hits.items():
                    i = bisect.bisect_left(numbers, number + 1)
                    if i < len(numbers) and numbers[i] == number + 1 and words[i] <= most:
                        maybe.add(i)
        found = {}
        for i in sorted(maybe):
            n = words[i]
            raw = plains[i] if plains is not None and self.needs_raw(n, max_words) else ""
            entry = self.match(keys[i], max_words, raw, n)
            if entry is not None:
                found[i] = entry
        return found

    def _first_re(self, key: str, n: int, max_words: int | None) -> Entry | None:
        for pattern, entry, needed in self._res:  # in file order: the first match names it
            limit = entry.max_words if entry.max_words is not None else max_words
            if limit is not None and n > limit:
                continue  # (_fits inlined: this loop runs for most lines)
            # (A timeout costs 2-10x per call: only a user's pattern has one.)
            if _may_match(key, needed) and (
                _timed(pattern, entry, key) if entry.user else pattern.search(key)
            ):
                return entry
        return None


# Lines are screened in blocks of about this many characters (see Lexicon.match_lines).
BLOCK_CHARS = 1 << 20


def _blocks(idx: array[int], lines: Sequence[str]) -> Iterator[array[int]]:
    """``idx`` cut into runs whose ``lines`` hold about :data:`BLOCK_CHARS` characters
    each (:func:`~arcleaner.keys.line_blocks`), one run at a time."""
    spans = size_blocks((len(lines[i]) for i in idx), BLOCK_CHARS)
    return (idx[start:stop] for start, stop in spans)


def _timed(pattern: regex.Pattern[str], entry: Entry, text: str) -> bool:
    """``pattern.search(text)`` within ``PATTERN_TIMEOUT``, or PatternTimeout naming it."""
    try:
        return pattern.search(text, timeout=PATTERN_TIMEOUT) is not None
    except TimeoutError:
        raise PatternTimeout(
            f"lexicon entry {entry.describe()} ran over {PATTERN_TIMEOUT:g} s on one line; "
            "simplify it (nested repeats such as (a|aa)+ backtrack without end)"
        ) from None


# A compiled re/raw entry: its pattern, the entry, and the texts one of which every
# match contains (tested with `in` first: most lines are rejected without the regex).
_Compiled = tuple[regex.Pattern[str], Entry, tuple[str, ...]]


def required_texts(
    pattern: str, prefer: Callable[[tuple[str, ...]], Any] | None = None
) -> tuple[str, ...]:
    r"""Plain texts one of which every match of ``pattern`` contains; ``()`` when there
    are none or the pattern is beyond this simple reading.

    A literal run (escaped punctuation such as ``\(`` included), or a group that is not
    optional and whose every branch has required texts (their union), qualifies; the one
    ``prefer`` ranks highest wins (default: the longest shortest text). Escapes of
    letters (``\d``, ``\s``), classes and quantified characters end a run; any ``(?``
    construct other than ``(?:`` (flags, lookarounds) gives ``()``. So ``any(t in text
    for t in required)`` is a safe, cheap pre-test before the regex runs:

    >>> required_texts(r"^اخر تحديث \d")
    ('اخر تحديث ',)
    >>> required_texts(r"(نستخدم|باستخدامك).{0,60}(الكوكيز|cookies)")
    ('الكوكيز', 'cookies')
    >>> required_texts(r"\(GMT\s*[+-]"), required_texts(r"^\d+(\s\w+)?$")
    (('(GMT',), ())
    >>> required_texts(r"(?i)ab"), required_texts(r"ab?")
    ((), ('a',))
    """
    choose = prefer or _longest_shortest
    branches = _split_branches(pattern)
    if len(branches) > 1:
        union: list[str] = []
        for branch in branches:
            texts = required_texts(branch, choose)
            if not texts:
                return ()
            union.extend(texts)
        return tuple(dict.fromkeys(union))
    found: list[tuple[str, ...]] = []
    run, i = "", 0
    while i < len(pattern):
        ch = pattern[i]
        if ch in "?*{" and run:
            run = run[:-1]  # the character before is optional or repeated from zero
        if ch == "\\" and i + 1 < len(pattern) and not pattern[i + 1].isalnum():
            run += pattern[i + 1]  # an escaped mark stands for itself
            i += 2
            continue
        if ch not in "\\[]()|?*+{}.^$":
            run += ch
            i += 1
            continue
        if run:
            found.append((run,))
            run = ""
        if ch == "\\":
            i += 2  # an escape such as \d ends a run
        elif ch == "[":
            i = _skip(pattern, i)
        elif ch == "{":
            i = pattern.find("}", i) + 1 or len(pattern)
        elif ch == "(":
            if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
                return ()
            end = _skip(pattern, i)
            optional = pattern[end : end + 1] in ("?", "*") or (
                pattern.startswith("{", end) and not _AT_LEAST_ONCE.match(pattern, end)
            )
            inner = pattern[i + 1 : end - 1]
            texts = () if optional else required_texts(inner.removeprefix("?:"), choose)
            if texts:
                found.append(texts)
            i = end
        else:
            i += 1
    if run:
        found.append((run,))
    if not found:
        return ()
    return max(found, key=choose)


def _longest_shortest(texts: tuple[str, ...]) -> tuple[int, int]:
    return min(map(len, texts)), -len(texts)


def _skip(pattern: str, i: int) -> int:
    """The index after the group or class that opens at ``pattern[i]``."""
    close = ")" if pattern[i] == "(" else "]"
    j, depth = i + 1, 1
    if close == "]":
        j += pattern.startswith("^", j)
        j += pattern.startswith("]", j)  # a leading ] is a member
    while j < len(pattern) and depth:
        ch = pattern[j]
        if ch == "\\":
            j += 2
            continue
        if ch == "[" and close == ")":
            j = _skip(pattern, j)
            continue
        if ch == pattern[i]:
            depth += 1  # a nested group (or the regex module's nested set)
        elif ch == close:
            depth -= 1
        j += 1
    return j


def _split_branches(pattern: str) -> list[str]:
    """``pattern`` split at its top-level ``|``."""
    out, start, i = [], 0, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
        elif ch in "([":
            i = _skip(pattern, i)
        elif ch == "|":
            out.append(pattern[start:i])
            start = i = i + 1
        else:
            i += 1
    out.append(pattern[start:])
    return out


_MAX_NEEDED = 8
# A counted repeat that keeps a group: {2}, {1,3}, {2,}; not {0,2}, {,2} or fuzzy {e<=1}.
_AT_LEAST_ONCE = regex.compile(r"\{[1-9][0-9]*(,[0-9]*)?\}")


def _may_match(text: str, needed: tuple[str, ...]) -> bool:
    if not needed:
        return True
    for part in needed:
        if part in text:
            return True
    return False


def _group_by_limit(
    raws: list[_Compiled],
) -> tuple[tuple[int | None, tuple[_Compiled, ...]], ...]:
    """Raw patterns grouped by their own word limit (None: the caller's), in file order
    within a group; groups with higher limits first."""
    groups: dict[int | None, list[_Compiled]] = {}
    for compiled in raws:
        groups.setdefault(compiled[1].max_words, []).append(compiled)
    order = sorted(groups, key=lambda k: -(k or 0))
    return tuple((k, tuple(groups[k])) for k in order)


def _fits(entry: Entry, n: int, max_words: int | None) -> bool:
    limit = entry.max_words if entry.max_words is not None else max_words
    return limit is None or n <= limit


# ------------------------------------------------------------------ screens
#
# match_lines reads a document with screens (arcleaner.screen) that find a superset of
# the lines an entry could match: a ``start`` phrase and an anchored pattern (``^...``)
# as themselves after a line break, any other entry as the literal texts one of which
# each of its matches holds (required_texts). Those lines, and only those, are matched
# entry by entry, so the answers are those of matching every line.

# What an anchored pattern may not hold to run in a screen: lookarounds, atomic groups,
# inline flags and named groups ("(?" but "(?:"), possessive repeats (their meaning
# changes once the text goes on past the line), backreferences (group numbers shift in
# the joined screen) and the anchors of the whole text.
_UNSAFE = regex.compile(r"(?<!\\)\(\?(?!:)|[*+?}]\+|\\[1-9AZzGKL]|\\[pPNX]")


def _rarity(texts: tuple[str, ...]) -> float:
    """How cheap a screen looking for one of ``texts`` is (higher: cheaper)."""
    return -sum(screen.cost(screen.rarest_tail(t)) for t in texts)


def _screen_branches(entry: Entry) -> tuple[tuple[str, str], ...] | None:
    """What a screen looks for to find every line ``entry`` matches, as (kind, text): the
    entry itself at the start of a line (a ``start`` phrase, or an anchored ``pattern``:
    the text after its ``^``), or the ``literal`` texts one of which every match holds
    when they are cheap to look for. None when neither will do: a user's pattern (it
    runs with a time limit, line by line), a pattern the standard ``re`` cannot read or
    that holds what :data:`_UNSAFE` names, with no cheap texts."""
    if entry.user or entry.kind == "line":
        return None
    if entry.kind == "start":
        return (("start", entry.pattern),)
    if entry.kind == "contains":
        texts: tuple[str, ...] = (entry.pattern,)
    else:
        body = entry.pattern[1:]
        if entry.pattern.startswith("^") and not _UNSAFE.search(body):
            try:
                re.compile(body)
            except re.error:
                pass  # (regex-only syntax such as \p{Lu}: its texts, below)
            else:
                return (("pattern", body),)
        texts = required_texts(entry.pattern, _rarity)
    if texts and _cheap(texts, entry):
        return tuple(("literal", t) for t in texts)
    return None


def _cheap(texts: tuple[str, ...], entry: Entry) -> bool:
    """Whether a screen may look for ``texts``: not when a text starts at a common
    character (it would stop the regex engine everywhere) or is in many lines of an
    article by chance (each would then be matched entry by entry). An entry only for
    short lines (no limit of its own) is looked for in little text, where any text of
    two characters will do."""
    short = entry.max_words is None
    for tail in (screen.rarest_tail(t, 2 if short else 3) for t in texts):
        if short:
            if len(tail) < 2 and screen.rank(tail[0]) < screen.TOO_COMMON:
                return False
        elif screen.rank(tail[0]) < screen.TOO_COMMON or screen.chance(tail) > 0.02:
            return False
    return True


class _Screens(NamedTuple):
    """A lexicon's screens for one caller's word limit.

    ``short`` lines (up to ``top`` words: most entries' limit, often a small part of a
    text) are read with every entry's screen; longer lines only with the screens of
    the entries whose limit reaches past ``top`` (a few: cheap screens). Each band has,
    for the keys and for the plain texts of the lines, an anchored screen (patterns and
    start phrases) and a literal one (texts, each with the longest line it may match).
    """

    top: float
    short: tuple[tuple[screen.Anchored, screen.Literals], tuple[screen.Anchored, screen.Literals]]
    long: tuple[tuple[screen.Anchored, screen.Literals], tuple[screen.Anchored, screen.Literals]]


def _build_screens(
    screenable: tuple[tuple[Entry, tuple[tuple[str, str], ...]], ...], max_words: int | None
) -> _Screens:
    limit = {e: _limit((e,), max_words) for e, _ in screenable}
    # The short band reaches the lowest limits, up to twice the lowest (default limits
    # and the few a little above them).
    lowest = min(limit.values(), default=math.inf)
    top = max((v for v in limit.values() if v <= 2 * lowest), default=math.inf)

    def band(above: float, raw: bool) -> tuple[screen.Anchored, screen.Literals]:
        mine = [(e, found) for e, found in screenable if (e.kind == "raw") == raw]
        mine = [(e, found) for e, found in mine if limit[e] > above]
        anchored = screen.Anchored(b for _, found in mine for b in found if b[0] != "literal")
        texts = [(t, limit[e]) for e, found in mine for kind, t in found if kind == "literal"]
        return anchored, screen.Literals(texts)

    return _Screens(top, (band(-1, False), band(-1, True)), (band(top, False), band(top, True)))


def _limit(entries: tuple[Entry, ...], max_words: int | None) -> float:
    """The longest line any of ``entries`` may match (-1 for none)."""
    out: float = -1
    for e in entries:
        limit = e.max_words if e.max_words is not None else max_words
        out = max(out, math.inf if limit is None else limit)
    return out


def parse(text: str, source: str, *, user: bool = False) -> tuple[Entry, ...]:
    """Parse lexicon text; ``source`` names the file in error messages; ``user`` marks
    entries from a config or a user's file (their patterns run with a time limit)."""
    entries = []
    family = ""
    for n, raw in enumerate(text.splitlines(), 1):
        body = raw.split("  #", 1)[0].strip()
        if body.startswith("## "):
            family = body[3:].strip()
            continue
        if not body or body.startswith("#"):
            continue
        kind, sep, value = body.partition(":")
        kind, value = kind.strip(), value.strip()
        m = _KIND.match(kind)
        if not sep or m is None or not value:
            raise LexiconError(
                f"{source}:{n}: expected 'KIND: PHRASE' with KIND one of {', '.join(KINDS)}"
            )
        kind, limit = m[1], int(m[2]) if m[2] else None
        written = value
        if kind not in ("re", "raw"):
            value = match_key(value)
            if not value:  # ("line: !!!" would match every line of punctuation alone)
                raise LexiconError(
                    f"{source}:{n}: {written!r} has no letter or digit to match (a {kind} "
                    "phrase is matched on a line's letters and digits; use raw: for symbols)"
                )
        else:
            if kind == "re":  # (it reads keys: "دقائق" must find the key's "دقايق")
                value = fold_letters(value)
            try:
                regex.compile(value)
            except regex.error as err:
                raise LexiconError(f"{source}:{n}: bad regular expression: {err}") from None
        entries.append(Entry(kind, value, f"{source}:{n}", written, family, limit, user))
    return tuple(entries)


def compile_entries(name: str, entries: tuple[Entry, ...]) -> Lexicon:
    """Index entries into a lexicon; the first entry of a phrase wins."""
    by_kind: dict[str, dict[str, Entry]] = {"line": {}, "start": {}, "contains": {}}
    res: list[_Compiled] = []
    raws: list[_Compiled] = []
    limited: list[tuple[Entry, regex.Pattern[str] | None]] = []
    for e in entries:
        pattern = None
        if e.kind in ("re", "raw"):
            needed = required_texts(e.pattern)
            if len(needed) > _MAX_NEEDED:
                needed = ()  # so many `in` tests cost more than the regex
            pattern = regex.compile(e.pattern)
            (res if e.kind == "re" else raws).append((pattern, e, needed))
        else:
            by_kind[e.kind].setdefault(e.pattern, e)
        if e.max_words is not None and e.kind != "line":
            limited.append((e, pattern))
    # start/contains phrases are indexed by their first word.
    index: dict[str, dict[str, list[tuple[list[str], Entry]]]] = {"start": {}, "contains": {}}
    for kind, table in index.items():
        for phrase, e in by_kind[kind].items():
            words = phrase.split(" ")
            table.setdefault(words[0], []).append((words, e))
    longest = max((e.max_words or 0 for e in entries), default=0)
    raw_longest = max((e.max_words or 0 for _, e, _ in raws), default=0)
    screenable, unscreened = [], []
    for e in entries:
        if e.kind == "line":
            continue
        found = _screen_branches(e)
        if found is None:
            unscreened.append(e)
        else:
            screenable.append((e, found))
    return Lexicon(
        name,
        entries,
        by_kind["line"],
        index["start"],
        index["contains"],
        tuple(res),
        _group_by_limit(raws),
        longest,
        raw_longest,
        tuple(screenable),
        tuple(unscreened),
        _limited=tuple(limited),
    )


def load(name: str, extra: tuple[str, ...] = (), files: tuple[str, ...] = ()) -> Lexicon:
    """The packaged lexicon ``name`` plus user entries and user lexicon files (loaded once
    per process, through the shared :func:`~arcleaner.resources.default_resources`)."""
    from .resources import default_resources

    return default_resources().lexicon(name, tuple(extra), tuple(files))
