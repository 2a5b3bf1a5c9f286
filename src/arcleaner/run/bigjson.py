"""Big JSONL records in bounded memory: their long strings decoded and the text field
encoded a piece at a time.

``json.loads`` of a 50 MB line holds the line, a ``str`` of all of it and the string it
is building, and ``json.dumps`` of the cleaned record makes the whole output line as a
``str`` before its bytes: a 50 MB record took 420 to 600 MB. Here the strings of
:data:`BIG_STRING` bytes or more are cut out of the line before the rest is parsed (a
marker stands in their place) and decoded in pieces cut before a space, where no escape
or UTF-8 sequence can be cut; a long text is written back in pieces too. JSON escapes
one character at a time, so the pieces give the very ``str`` and bytes the whole would.

A reader hands a line of :data:`BIG_LINE` bytes or more over as a ``bytearray`` (see
:func:`arcleaner.run.jsonl.iter_lines`), one object the cleaner can empty for every
holder once the text is out of it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Any

from ..textio import taken_pieces

#: A JSONL line this long (bytes) or longer is read into a ``bytearray``.
BIG_LINE = 1 << 23
#: A JSON string this long (bytes, with its quotes) or longer is parsed apart.
BIG_STRING = 1 << 20
#: About this many bytes (or characters) a piece.
PIECE = 1 << 20

_BACKSLASH = ord("\\")
# A lone surrogate (a JSON "\ud800" escape) in a text: UTF-8 cannot hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")
_BLANKS = re.compile(rb"[ \t\r\n]*")
_KEY_AFTER = re.compile(rb"[ \t\r\n]*:")


class LongStrings:
    """The long strings of a line, each standing in the parsed record as a marker."""

    __slots__ = ("line", "prefix", "spans")

    def __init__(self, line: bytes | bytearray, spans: list[tuple[int, int]], prefix: str):
        self.line = line
        self.spans = spans  # each string's bytes, quotes included
        self.prefix = prefix

    def index(self, value: object) -> int | None:
        """Which long string ``value`` stands for (None: it is an ordinary value)."""
        if isinstance(value, str) and value.startswith(self.prefix):
            return int(value[len(self.prefix) :])
        return None

    def decode(self, k: int, piece: int = PIECE) -> str:
        """The ``k``-th long string, decoded a piece of about ``piece`` bytes at a time."""
        return "".join(self._pieces(k, piece))

    def check(self, k: int, piece: int = PIECE) -> None:
        """Raise as ``json.loads`` does if the ``k``-th long string is not JSON (what
        :func:`loads` makes sure of for each, before :meth:`take` leaves no line to write
        back as it was)."""
        for _ in self._pieces(k, piece):
            pass

    def _pieces(self, k: int, piece: int) -> Iterator[str]:
        start, end = self.spans[k]
        start, end = start + 1, end - 1  # (inside the quotes)
        while start < end:
            cut = self.line.find(b" ", start + piece, end) if end - start > piece else -1
            cut = end if cut < 0 else cut
            yield json.loads(b'"' + self.line[start:cut] + b'"')
            start = cut

    def take(self, k: int, piece: int = PIECE) -> str:
        """The ``k``-th long string, decoded from its end a piece at a time, the line
        (a ``bytearray``) cut short before each piece: its bytes go as its text comes,
        and the line ends where the string began."""
        start, end = self.spans[k]
        line = self.line
        assert isinstance(line, bytearray)
        del line[end - 1 :]  # (the closing quote and what follows: parsed already)
        pieces = []
        while len(line) > start + 1:
            size = len(line) - start - 1
            cut = line.rfind(b" ", start + 1, len(line) - piece) if size > piece else -1
            cut = start + 1 if cut < 0 else cut
            pieces.append(json.loads(b'"' + line[cut:] + b'"'))
            del line[cut:]
        pieces.reverse()
        return "".join(pieces)

    def restore(self, record: Any, skip: int | None) -> None:
        """Put each long string but the ``skip``-th back into ``record``, decoded."""
        stack = [record]
        while stack:
            node = stack.pop()
            pairs = node.items() if isinstance(node, dict) else enumerate(node)
            for at, value in list(pairs):
                k = self.index(value)
                if k is not None and k != skip:
                    node[at] = self.decode(k)
                elif isinstance(value, dict | list):
                    stack.append(value)


def loads(line: bytes | bytearray, big: int = BIG_STRING) -> tuple[Any, LongStrings | None]:
    """``json.loads(line)``, with each string value of ``big`` bytes or more inside an
    object or array left in the line (checked to be JSON) and a marker in its place
    (None when there is none). A line that is not
    JSON raises as ``json.loads`` of all of it does."""
    spans: list[tuple[int, int]] = []
    parts: list[bytes | bytearray] = []
    prefix = f"\x00arclean-{os.urandom(8).hex()}-"
    pos = at = 0
    first = _BLANKS.match(line).end()  # type: ignore[union-attr]  # (a value inside nothing stays)
    while (at := line.find(b'"', at)) >= 0:
        end = _string_end(line, at)
        if end < 0:
            break  # (not JSON: the parse below says why)
        if end - at >= big and at > first and _KEY_AFTER.match(line, end) is None:
            parts += [line[pos:at], json.dumps(f"{prefix}{len(spans)}").encode()]
            spans.append((at, end))
            pos = end
        at = end
    if not spans:
        return json.loads(line), None
    parts.append(line[pos:])
    long = LongStrings(line, spans, prefix)
    try:
        record = json.loads(b"".join(parts))
        del parts
        for k in range(len(spans)):
            # Each long string is JSON too (decoded a piece at a time, kept nowhere): a
            # record that holds a bad one, even where no field is read (a duplicate key),
            # is not JSON, as json.loads says.
            long.check(k)
    except (ValueError, RecursionError):
        return json.loads(line), None  # (raises: the error as the whole line gives it)
    return record, long


def _string_end(line: bytes | bytearray, start: int) -> int:
    """Where the JSON string opening at ``line[start]`` ends (after its closing quote),
    or -1 when it does not."""
    at = start + 1
    while (at := line.find(b'"', at)) >= 0:
        back = at
        while line[back - 1] == _BACKSLASH:
            back -= 1
        if (at - back) % 2 == 0:  # (an even run of backslashes escapes no quote)
            return at + 1
        at += 1
    return -1


def dumps_utf8(
    record: Any,
    holder: dict[str, Any],
    field: str,
    chunks: list[str] | None = None,
    piece: int = PIECE,
) -> bytearray:
    """``json.dumps(record, ensure_ascii=False)`` as UTF-8 with a line break, the text
    ``holder[field]`` (a dict inside ``record``) encoded a piece of ``piece`` characters
    at a time, into one buffer that grows in place. ``chunks``: pieces that join to the
    text to write there instead (:meth:`Result.take_chunks
    <arcleaner.pipeline.Result.take_chunks>`), emptied as they are written, each let go
    once its bytes are in. A lone surrogate, which UTF-8 cannot hold, makes it
    ``json.dumps(record)`` (every character outside ASCII escaped), as for any record."""
    saved = holder[field]
    chunks = [saved] if chunks is None else chunks
    holder[field] = marker = f"\x00arclean-{os.urandom(8).hex()}"
    try:
        ascii_only = any(_SURROGATE.search(chunk) for chunk in chunks)
        while True:
            head, tail = json.dumps(record, ensure_ascii=ascii_only).split(
                json.dumps(marker)[1:-1], 1
            )
            try:
                out, end = bytearray(head.encode("utf-8")), tail.encode("utf-8") + b"\n"
                break
            except UnicodeEncodeError:  # (in another field)
                ascii_only = True
        for text in taken_pieces(chunks, piece):
            out += json.dumps(text, ensure_ascii=ascii_only)[1:-1].encode("utf-8")
        out += end
        return out
    finally:
        holder[field] = saved
