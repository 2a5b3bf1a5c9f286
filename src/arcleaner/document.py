"""The document model: lines with match keys, and the removals filters record on them.

A document is the decoded input split on ``\\n`` (after CR, CRLF, U+2028 and U+2029 become
``\\n``). Filters see its lines, each with its 1-based input line number, its current
text and its match key; they answer with :class:`Decision` objects, which the pipeline
applies and records as :class:`Removal` objects.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import _chars as c
from .keys import decode, line_keys, match_key, packed, plain

_LINE_ENDS = re.compile(f"\r\n?|[\n{c.LINE_SEPARATOR}{c.PARAGRAPH_SEPARATOR}]")


@dataclass(slots=True)
class Line:
    """One line (or, for long one-line documents, one unit of a line) of a document.

    ``tail`` is the separator that followed this unit inside the same input line; it is
    empty for a whole line, so joining units with their tails gives the line back.
    ``words`` is counted from the key when the line is made: treat a line as fixed (a
    filter that cuts a line gets a new one from the pipeline). ``plain`` is
    :func:`arcleaner.keys.plain` of the text when the document computed it with the keys
    (``None``: not known; :meth:`plain_text` computes it).
    """

    number: int
    text: str
    key: str = field(default=None)  # type: ignore[assignment]  # None: compute it
    tail: str = ""
    plain: str | None = field(default=None, repr=False, compare=False)
    # Number of words in the match key: every filter asks, so it is counted once.
    words: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # An empty key given by Document.from_text (a rule such as "-----") is final;
        # only a missing one is computed, so no line's key is computed twice.
        if self.key is None:
            self.key = match_key(self.text)
        self.words = self.key.count(" ") + 1 if self.key else 0

    def plain_text(self) -> str:
        """The text without marks, tatweel and invisible characters, stripped (what raw
        lexicon patterns read)."""
        if self.plain is None:
            self.plain = plain(self.text)
        return self.plain

    @property
    def blank(self) -> bool:
        """True for a line with no visible text (a paragraph break)."""
        return not self.key and not self.text.strip()

    def packed_key(self) -> str | bytes:
        """The key as :func:`arcleaner.keys.packed` gives it: one form for the lines of a
        big document, packed or not, to compare and count without decoding them."""
        return packed(self.key)


# The slots that hold a line's text and key (a PackedLine's may hold bytes: see there).
_TEXT = Line.text  # type: ignore[attr-defined]
_KEY = Line.key  # type: ignore[attr-defined]


class PackedLine(Line):
    """A line of a big document held packed: its match key as bytes of the 8-bit
    alphabet of :mod:`arcleaner.keys` where it can be (a key over
    :data:`~arcleaner.keys.PACKED_KEY_CHARS` stays a str), and a short line's text as
    UTF-8 (:data:`PACKED_TEXT_CHARS`). A 50 MB page of 477,000 short lines held its
    texts in 90 MB of str and its keys in 89; packed, in 67 and 45.
    Reading :attr:`text` or :attr:`key` decodes it, as a str; the plain text is made
    when asked and not kept. It is a :class:`Line` in every other way
    (:meth:`Document.from_lines` makes them; filters need not know).
    """

    __slots__ = ()

    def __post_init__(self) -> None:
        key = _KEY.__get__(self)
        if key is None:  # (not given: computed, as a Line does)
            key = packed(match_key(self.text))
            _KEY.__set__(self, key)
        self.words = key.count(b" " if type(key) is bytes else " ") + 1 if key else 0

    def __eq__(self, other: object) -> bool:
        # (equal to a Line of the same fields, as the dataclass's own test of the class
        # would not have it)
        if not isinstance(other, Line):
            return NotImplemented
        fields = (self.number, self.text, self.key, self.tail)
        return fields == (other.number, other.text, other.key, other.tail)

    __hash__ = None  # type: ignore[assignment]  # (mutable, as a Line)

    @property  # type: ignore[override]
    def text(self) -> str:
        text = _TEXT.__get__(self)
        return text.decode("utf-8", "surrogatepass") if type(text) is bytes else text

    @text.setter
    def text(self, value: str | bytes) -> None:
        _TEXT.__set__(self, value)

    @property  # type: ignore[override]
    def key(self) -> str:
        key = _KEY.__get__(self)
        return decode(key) if type(key) is bytes else key

    @key.setter
    def key(self, value: str | bytes) -> None:
        _KEY.__set__(self, value)

    @property
    def blank(self) -> bool:
        return not _KEY.__get__(self) and not self.text.strip()

    def packed_key(self) -> str | bytes:
        return _KEY.__get__(self)

    def plain_text(self) -> str:
        # (not kept: a big document's plain texts were 14 MB beside its keys)
        return self.plain if self.plain is not None else plain(self.text)


#: A PackedLine holds its text as UTF-8 when it has at most this many characters: a str
#: costs 74 bytes besides its characters, which weighs on short lines, and each read of
#: a packed text decodes it, which weighs on long ones (a page of whole paragraphs a
#: line took 16% longer with every text packed, for little memory).
PACKED_TEXT_CHARS = 160


def _packed_text(text: str) -> str | bytes:
    """A PackedLine's text as it holds it: UTF-8 (a lone surrogate passed through, as
    a decoding error handler may leave one), or the str of a long line."""
    return text.encode("utf-8", "surrogatepass") if len(text) <= PACKED_TEXT_CHARS else text


@dataclass(frozen=True, slots=True)
class Decision:
    """A filter's verdict on ``doc.lines[index]``: drop it, or cut ``text[start:end]``.

    A cut must touch an end of the line (a leading byline, a trailing "read more").
    """

    index: int
    reason: str
    start: int | None = None
    end: int | None = None

    @property
    def is_cut(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(frozen=True, slots=True)
class Removal:
    """What a filter removed: a whole line (``span is None``) or a span of one."""

    line: int
    text: str
    filter: str
    reason: str
    span: tuple[int, int] | None = None

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "line": self.line,
            "filter": self.filter,
            "reason": self.reason,
            "text": self.text,
        }
        if self.span is not None:
            out["span"] = list(self.span)
        return out


def split_lines(text: str) -> list[str]:
    """The lines of ``text``; CR, CRLF, U+2028 and U+2029 all end a line."""
    if "\r" in text or c.LINE_SEPARATOR in text or c.PARAGRAPH_SEPARATOR in text:
        # (split at every line end: a copy of the text with them replaced first was a
        # second text alive, 40 MB for one CR in a 20 MB page; three `in` tests are 6x
        # faster than a search)
        return _LINE_ENDS.split(text)
    return text.split("\n")


@dataclass(slots=True)
class Document:
    """The lines of one document still kept by the filters run so far.

    ``dropped`` maps the input line numbers that earlier filters removed whole to those
    lines, so a later filter can use them as context (a short line between boilerplate
    is boilerplate; a headline repeated in a removed breadcrumb is the title).
    ``source`` names the site the document comes from (a JSONL field, a top folder, a URL
    host; ``None`` when unknown): drop-corpus-repeats looks lines up in its counts.
    ``cut`` holds the numbers of kept lines that a filter cut a span from (a byline or a
    read-more trailer glued to a sentence): the rest is the article's, a later filter
    needs more certainty to drop it.
    ``encoded`` holds the match keys and plain texts of the lines as the document was
    read, joined by line breaks, in the 8-bit alphabet of :mod:`arcleaner.keys` (None
    when a character is outside it, and once no filter still to run reads it: see
    :attr:`Filter.reads_encoded <arcleaner.steps.Filter.reads_encoded>`): lexicon
    screens search it, and find the lines by their numbers (a line a filter cut keeps
    its number, and its key is part of the key it had).
    """

    lines: list[Line]
    dropped: dict[int, Line] = field(default_factory=dict)
    source: str | None = None
    cut: frozenset[int] = frozenset()
    encoded: tuple[bytes, bytes] | None = field(default=None, repr=False, compare=False)
    #: What a filter has to tell about the document beside its removals, one line each
    #: ("30,000 lines, more than a page: drop-by-context judged none of them"): carried
    #: through the filters to :attr:`Result.notes <arcleaner.pipeline.Result.notes>`.
    notes: list[str] = field(default_factory=list, repr=False, compare=False)
    #: True when :meth:`from_lines` made :class:`PackedLine` objects (a big document):
    #: a filter that reads every line's key may then compare :meth:`Line.packed_key`.
    packed: bool = field(default=False, repr=False, compare=False)
    # content_indexes() of these lines, kept for the next filter (most filters leave a
    # document as it is); with the list and its length it was taken from, in case they
    # change.
    _content: tuple[list[Line], int, array[int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def from_text(cls, text: str, source: str | None = None) -> Document:
        """Split ``text`` into lines; CR, CRLF, U+2028 and U+2029 all end a line."""
        return cls.from_lines(split_lines(text), source)

    @classmethod
    def from_lines(
        cls, texts: list[str], source: str | None = None, *, consume: bool = False
    ) -> Document:
        """The document of the lines ``texts`` (from :func:`split_lines`), numbered from 1.

        Apart from :meth:`from_text` so that :meth:`Pipeline.run
        <arcleaner.pipeline.Pipeline.run>` can let go of a big document's text (110 MB
        for 50 MB of UTF-8 with one emoji) once its lines are split off; ``consume``:
        the caller lets go of ``texts`` too, and each is taken out of the list (None in
        its place) as a packed line is made of it, so that a big document's lines are
        not all held twice, as str and packed."""
        keys, plains, encoded, pack = line_keys(texts, pack=True)
        if not pack:
            lines = [
                Line(i, t, k, "", p)  # type: ignore[arg-type]  # (never bytes: not packed)
                for i, (t, k, p) in enumerate(zip(texts, keys, plains, strict=True), 1)
            ]
            return cls(lines, source=source, encoded=encoded)
        lines = []
        for i, (k, p) in enumerate(zip(keys, plains, strict=True)):
            t = texts[i]
            if consume:
                texts[i] = None  # type: ignore[call-overload]  # (let go: see above)
            lines.append(PackedLine(i + 1, _packed_text(t), k, "", p))  # type: ignore[arg-type]
        return cls(lines, source=source, encoded=encoded, packed=True)

    def keys_of(self, indexes: Iterable[int]) -> list[str]:
        """The keys of ``lines[i]`` for ``i`` in ``indexes``; a packed document's are
        decoded in one call (one a line, each read of :attr:`PackedLine.key` took as
        long as the lexicon filters' own work on the line)."""
        lines = self.lines
        if not self.packed:
            return [lines[i].key for i in indexes]
        held = [lines[i].packed_key() for i in indexes]
        if all(type(key) is bytes for key in held):
            return decode(b"\n".join(held)).split("\n") if held else []  # type: ignore[arg-type]
        return [decode(key) if type(key) is bytes else key for key in held]  # type: ignore[misc]

    def content(self) -> Iterator[tuple[int, Line]]:
        """Yield ``(index, line)`` for every non-blank line."""
        lines = self.lines
        return ((i, lines[i]) for i in self.content_indexes())

    def content_indexes(self) -> array[int]:
        """The indexes in :attr:`lines` of the non-blank lines (an array, not a tuple a
        line: a 50 MB page of short lines has 500,000 of them)."""
        seen = self._content
        if seen is None or seen[0] is not self.lines or seen[1] != len(self.lines):
            found = array("l", (i for i, line in enumerate(self.lines) if not line.blank))
            seen = self._content = (self.lines, len(self.lines), found)
        return seen[2]

    def render(self) -> str:
        """Join the kept lines back into text; units of one input line rejoin as they were."""
        return "\n".join(self.render_lines())

    def render_lines(self) -> list[str]:
        """The lines of :meth:`render`."""
        out: list[str] = []
        prev: Line | None = None
        for line in self.lines:
            if prev is not None and prev.number == line.number and prev.tail:
                out[-1] += prev.tail + line.text
            else:
                out.append(line.text)
            prev = line
        return out
