"""The match key of a line: the form every filter compares, computed once per line.

A key drops diacritics, tatweel, invisible characters and punctuation, folds alef/hamza
seats, yaa and taa marbuta, maps every digit to ASCII, lower-cases Latin letters and
collapses spaces, so that "اشترك الآن", "إشترك الآن!" and "اشـــترك الآن" share one key:

>>> match_key("إشـــترك الآنَ!") == match_key("اشترك الان")
True
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from . import _chars as c

# Marks, tatweel and invisibles vanish inside a word (tatweel is \w to regex, so it is
# listed explicitly); any other run of non-word characters becomes one space. The
# stdlib `re` is used here because it is the faster engine for plain classes.
_VANISH = f"{c.HARAKAT}{c.HAMZA_MARKS}{c.OTHER_MARKS}{c.QURANIC_SYMBOLS}{c.INVISIBLE}{c.TATWEEL}"
_DELETE = re.compile(f"[{_VANISH}]+")
# A plain text also loses the control characters (ESC, DEL, the C1 block) that
# normalize-unicode deletes, so that a raw pattern reads a line as it reads it cleaned.
_BARE = re.compile(f"[{_VANISH}{c.CONTROLS}]+")
# Punctuation and symbols as explicit ranges (ASCII, Latin-1 signs, Arabic marks of
# punctuation, general punctuation, arrows and symbols, CJK and presentation-form
# punctuation, emoji, control characters): a plain class runs three times faster than
# [^\w\s] on Arabic text and gives the same keys on the ANT corpus.
_SEPARATE = re.compile(
    "[\x00-\x09\x0b-\x1f!-/:-@\\[-`{-~\x7f-\xbf\xd7\xf7"
    "\u060c\u061b\u061e\u061f\u066a-\u066d\u06d4\u2010-\u2027\u2030-\u205e"
    "\u2190-\u2bff\u3000-\u303f\ufd3e\ufd3f\ufe10-\ufe6f\uff01-\uff0f"
    "\U0001f000-\U0001ffff]+"
)
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]+")

# str.translate is slow on non-ASCII text; a guarded replace per letter is much faster.
_FOLDS: tuple[tuple[str, str], ...] = (
    ("أ", "ا"),
    ("إ", "ا"),
    ("آ", "ا"),
    ("ٱ", "ا"),
    ("ى", "ي"),
    ("ئ", "ي"),
    ("ؤ", "و"),
    ("ة", "ه"),
    ("ک", "ك"),
    ("ی", "ي"),
    ("ې", "ي"),
    ("ے", "ي"),
    ("ہ", "ه"),
    ("ھ", "ه"),
    ("ە", "ه"),
    ("ۃ", "ه"),
    *((d, str(i)) for i, d in enumerate(c.ARABIC_INDIC_DIGITS)),
    *((d, str(i)) for i, d in enumerate(c.PERSIAN_DIGITS)),
)


def fold_letters(text: str) -> str:
    """``text`` with the letter and digit folds of a key (أ إ آ ٱ to ا, ى ئ to ي, ؤ to و,
    ة to ه, Persian letters, Arabic-Indic digits to ASCII) and nothing else: lexicon ``re``
    patterns are folded so, as they read keys (no fold is a regex metacharacter)."""
    for src, dst in _FOLDS:
        if src in text:
            text = text.replace(src, dst)
    return text


def _keys_of(text: str) -> str:
    """The plain path: ``text`` with every character as its key has it, runs of spaces
    not yet squeezed (any text)."""
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)
    # No NFC here (it runs at ~20 MB/s): a decomposed hamza or madda is a mark, and marks
    # are deleted, so ا + U+0654 and أ reach the same key through the alef fold anyway.
    return fold_letters(_SEPARATE.sub(" ", _DELETE.sub("", text))).lower()


# ------------------------------------------------------------------ the fast path
#
# Nearly every news text is written in a few hundred characters: ASCII, the Arabic
# letters, marks and digits, a little punctuation and a few invisible characters. Each
# of them has a key of at most one character (deleted, a space, itself, or one folded
# letter), so a text written only in them is keyed by a table: encode it in an 8-bit
# alphabet of these characters (a C charmap codec), map every byte to the byte of its
# key with one ``bytes.translate``, squeeze the spaces and decode. That is one pass where
# the plain path makes four regex passes and a split and a join per line, and it gives
# the same keys (``tests/test_speed.py`` checks every character of the alphabet and
# arbitrary texts). A text with any character outside the alphabet (presentation forms,
# emoji, other scripts) takes the plain path.


def _expand(chars: str) -> list[str]:
    """The characters of a class written as in a regex: ``"a-cx"`` -> a, b, c, x."""
    out, i = [], 0
    while i < len(chars):
        if i + 2 < len(chars) and chars[i + 1] == "-":
            out += map(chr, range(ord(chars[i]), ord(chars[i + 2]) + 1))
            i += 3
        else:
            out.append(chars[i])
            i += 1
    return out


# 256 characters, one per byte: ASCII, then the rest of what Arabic news is written in.
ALPHABET = "".join(
    _expand(
        "\x00-\x7f"  # ASCII, control characters and the line break included
        f"{c.ARABIC_COMMA}{c.ARABIC_SEMICOLON}{c.ARABIC_QUESTION_MARK}{c.ARABIC_FULL_STOP}"
        "\u0621-\u063a\u0640-\u064a"  # the letters, tatweel
        "\u064b-\u0655"  # harakat, shadda, sukun, the hamza and maddah marks
        "\u0660-\u066c"  # Arabic-Indic digits, percent sign, decimal and thousands marks
        "\u0670\u0671"  # superscript alef, alef wasla
        "پچژڤکگھہۃیېےە"  # Persian and Urdu keyboard letters
        "\xa0\xa9\xab\xad\xae\xb0\xb7\xba\xbb\xd7\xf7"  # Latin-1 signs, NBSP, soft hyphen
        "ÉéÑñÜüèàçêóáí"  # accented letters of names
        "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026"  # dashes, quotes, bullet, ellipsis
        f"\u200b-\u200f\u202a-\u202e\u2066-\u2069{c.BOM}\u061c"  # invisible, bidi controls
    )
)
assert len(ALPHABET) == len(set(ALPHABET)) == 256

_ENCODING = codecs.charmap_build(ALPHABET)


def _char_key(ch: str) -> str:
    """What the plain path makes of ``ch`` alone: ``""`` (deleted), ``" "`` or one character."""
    if ch == "\n":
        return ch
    return _keys_of(ch) if not ch.isspace() else " "


def _key_table() -> tuple[bytes, bytes]:
    table, deleted = bytearray(range(256)), bytearray()
    for byte, ch in enumerate(ALPHABET):
        key = _char_key(ch)
        if key == "":
            deleted.append(byte)
        else:
            table[byte] = ALPHABET.index(key)  # (a key outside the alphabet fails here)
    return bytes(table), bytes(deleted)


_KEY_TABLE, _DELETED = _key_table()
# What a plain text deletes, as alphabet bytes: what a key deletes, and the controls.
_PLAIN_DELETED = _DELETED + bytes(
    b for b, ch in enumerate(ALPHABET) if b not in _DELETED and _BARE.fullmatch(ch)
)
_SPACES = re.compile(b"  +")  # (a literal start: re finds it fast; " {2,}" is 2x slower)


def encode(text: str) -> bytes | None:
    """``text`` in the 8-bit :data:`ALPHABET`, or None when a character is outside it."""
    try:
        return codecs.charmap_encode(text, "strict", _ENCODING)[0]
    except UnicodeEncodeError:
        return None


def decode(data: bytes) -> str:
    """The text of bytes of the 8-bit :data:`ALPHABET` (the inverse of :func:`encode`)."""
    return codecs.charmap_decode(data, "strict", ALPHABET)[0]


def _fast_keys(data: bytes) -> bytes:
    """The keys of encoded text, still encoded, lines kept apart by their ``\\n``: one
    translate, then runs of spaces squeezed and spaces at line edges removed."""
    keys = _SPACES.sub(b" ", data.translate(_KEY_TABLE, _DELETED))
    if b" \n" in keys or b"\n " in keys:
        keys = keys.replace(b" \n", b"\n").replace(b"\n ", b"\n")
    return keys.strip(b" ")


def plain(text: str) -> str:
    """``text`` without diacritics, tatweel, invisible and control characters, punctuation kept:
    what raw lexicon patterns see, so "اقرأ أيضاً:" and a bare "3" behind a stray mark
    match the same way before and after normalization."""
    if len(text) > _BLOCK_CHARS and "\n" not in text:
        return long_line_plain(text)  # (the same text without the regex chain's copies)
    data = encode(text)
    if data is not None:  # (the fast path: see line_keys, which makes plains so)
        bare = data.translate(None, _PLAIN_DELETED)
        return (text if len(bare) == len(data) else decode(bare)).strip()
    if _PRESENTATION.search(text):
        text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)
    return _BARE.sub("", text).strip()


def match_key(text: str) -> str:
    """Return the comparison form of ``text`` (lossy on purpose; never shown to users)."""
    data = encode(text) if "\n" not in text else None
    if data is not None:
        return decode(_fast_keys(data))
    return " ".join(_keys_of(text).split())


def match_keys(lines: list[str]) -> list[str]:
    """Match keys of many lines at once (one pass over the joined text: much faster)."""
    return line_keys(lines).keys  # type: ignore[return-value]  # (not packed: all str)


class LineKeys(NamedTuple):
    """The match keys and plain texts of a document's lines, and (when every character
    is in the :data:`ALPHABET`) ``encoded``: the keys and the plain texts (not stripped)
    joined by line breaks, as bytes of the alphabet, for lexicon screens.

    Asked to ``pack`` a document longer than :data:`ENCODED_CHARS`, the keys are
    :func:`packed` (bytes of the alphabet where they can be) and no plain text is made
    up front: see :class:`arcleaner.document.PackedLine`.

    The plain text of a line longer than :data:`LAZY_PLAIN_CHARS` is None: made only if
    asked for (:meth:`Line.plain_text <arcleaner.document.Line.plain_text>`). Lexicon
    entries that read plain texts match short lines only, so it seldom is, and a one-line
    document of 50 MB does not hold a second copy of its text (110 MB) from the start."""

    keys: list[str | bytes]  # (bytes: a packed key; never unless asked to pack)
    plains: list[str | None]
    encoded: tuple[bytes, bytes] | None
    packed: bool = False


#: A line longer than this (in characters) gets no plain text up front (see LineKeys).
LAZY_PLAIN_CHARS = 1 << 20

#: A document longer than this (in characters) gets no ``encoded`` form (see LineKeys):
#: its keys and plain texts as bytes (as many as its characters) and the lexicon
#: screens' translated copy of each would put a 50 MB page of many lines 100 MB over
#: its memory bound; the screens read its lines a block at a time instead.
ENCODED_CHARS = 1 << 22


#: A key longer than this (in characters) is never :func:`packed`: each read of a packed
#: key decodes a copy, and a long line's key is read whole (a 50 MB one-line page's
#: would be 54 MB a read), where many short lines cost their packed keys' size.
PACKED_KEY_CHARS = 1 << 16


def packed(key: str) -> str | bytes:
    """``key`` as bytes of the :data:`ALPHABET` (one byte a character, where a str of
    Arabic letters takes two and 74 bytes besides), or itself when a character is
    outside it or it is longer than :data:`PACKED_KEY_CHARS`: a big document's keys, held
    so, take half their memory (:class:`arcleaner.document.PackedLine`)."""
    if len(key) <= PACKED_KEY_CHARS and (data := encode(key)) is not None:
        return data
    return key


# Lines are keyed in blocks of about this many characters: one pass over a block's joined
# text is as fast as over the whole document's, and a 50 MB document then never holds a
# whole-text copy (or the four a regex chain makes on the plain path) beside its lines.
_BLOCK_CHARS = 1 << 20


def line_blocks(lines: Sequence[str], chars: int) -> list[tuple[int, int]]:
    """``(start, stop)`` slices of ``lines`` holding about ``chars`` characters each (a
    longer line is a block of its own); together they cover every line."""
    return size_blocks(map(len, lines), chars)


def size_blocks(sizes: Iterable[int], chars: int) -> list[tuple[int, int]]:
    """:func:`line_blocks` of lines of these ``sizes`` (in characters), for lines not
    held as a list of str (a packed document's, cut by their keys' sizes)."""
    spans: list[tuple[int, int]] = []
    start = size = count = 0
    for i, length in enumerate(sizes):
        count = i + 1
        if length >= chars and i > start:  # (the lines before a long one: a block)
            spans.append((start, i))
            start, size = i, 0
        size += length + 1
        if size >= chars:
            spans.append((start, i + 1))
            start, size = i + 1, 0
    if start < count or not spans:
        spans.append((start, count))
    return spans


def space_slices(line: str, size: int) -> list[tuple[int, int]]:
    """``(start, stop)`` slices of ``line`` of about ``size`` characters each, every one
    but the first starting at a space (one slice when the line has no space to cut at).

    Every step of a key and of a plain text is local to a character or to a run of
    characters that holds no space (a class of marks, of punctuation, of presentation
    forms; a fold of one letter; ``lower``, whose final-sigma rule looks no further than
    the next space), so a line's key is the keys of its slices, and its plain text theirs
    joined."""
    spans: list[tuple[int, int]] = []
    start = 0
    while len(line) - start > size:
        cut = line.find(" ", start + size)
        if cut < 0:
            break
        spans.append((start, cut))
        start = cut
    spans.append((start, len(line)))
    return spans


def long_line_key(line: str, size: int = _BLOCK_CHARS) -> str:
    """:func:`match_key` of a line on the plain path, slice by slice (:func:`space_slices`):
    a one-line 50 MB document is keyed without the regex chain's whole-line copies and
    the list of every word of it that squeezing the spaces made at once (~350 MB)."""
    words = []
    for start, stop in space_slices(line, size):
        if key := " ".join(_keys_of(line[start:stop]).split()):
            words.append(key)
    return " ".join(words)


def long_line_plain(line: str, size: int = _BLOCK_CHARS) -> str:
    """:func:`plain` of a line, slice by slice (:func:`space_slices`); a line with nothing to
    delete gives its own text (stripped), as :func:`plain` does, not a copy."""
    parts = []
    changed = False
    for start, stop in space_slices(line, size):
        piece = line[start:stop]
        if _PRESENTATION.search(piece):
            piece = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m[0]), piece)
            changed = True
        bare = _BARE.sub("", piece)
        changed = changed or len(bare) != stop - start
        parts.append(bare)
    return "".join(parts).strip() if changed else line.strip()


def _lazy(line: str, plain_text: str) -> str | None:
    return None if len(line) > LAZY_PLAIN_CHARS else plain_text


def _line_plain(line: str) -> str | None:
    """:func:`plain` of a line; None for a long one (see :class:`LineKeys`)."""
    return None if len(line) > LAZY_PLAIN_CHARS else plain(line)


def line_keys(lines: list[str], pack: bool = False) -> LineKeys:
    """The :func:`match_key` and :func:`plain` text of every line, in one pass over the
    joined text of each block of lines (a key never reaches across a line break, so the
    blocks give the keys the whole text would).

    A line with a character outside the :data:`ALPHABET` (an emoji, a presentation form)
    takes the plain path on its own; the rest of its block keeps the fast one, and
    ``encoded`` holds that line's key and plain text with those characters as spaces
    (no lexicon screen looks for one: its finds stay a superset). One emoji made every
    line of a document take the plain path, three times slower. ``pack``: see
    :class:`LineKeys`."""
    if not lines or any("\n" in line for line in lines):
        return LineKeys([match_key(line) for line in lines], [plain(ln) for ln in lines], None)
    keys: list[str | bytes] = []
    plains: list[str | None] = []
    key_parts: list[bytes] = []
    bare_parts: list[bytes] = []
    # (a big document's encoded form, twice its size in bytes, and the screens' copies
    # of it cost more memory than they save time: see ENCODED_CHARS)
    keep = sum(map(len, lines)) <= ENCODED_CHARS
    pack = pack and not keep
    for start, stop in line_blocks(lines, _BLOCK_CHARS):
        block = lines[start:stop]
        data = encode("\n".join(block))
        outside: list[int] = []
        long_line = stop - start == 1 and len(block[0]) > _BLOCK_CHARS
        if data is None and pack and long_line:  # (keyed in slices)
            keys.append(packed(long_line_key(block[0], _BLOCK_CHARS)))
            plains.append(None)
            continue
        if data is None and pack:
            # The lines with a character outside the alphabet are keyed on their own
            # below; in the block's bytes, a '?' stands for each such character.
            outside = [i for i, line in enumerate(block) if _OUTSIDE.search(line)]
            data = codecs.charmap_encode("\n".join(block), "replace", _ENCODING)[0]
        if data is None:
            # (a big document: the plain path held less, see _plain_line_keys; a long
            # line, a block of its own, is keyed in slices there)
            if not keep or long_line:
                return _plain_line_keys(lines)
            parts = [encode(line) for line in block]
            outside = [i for i, part in enumerate(parts) if part is None]
            data = b"\n".join(part or b"" for part in parts)  # (those lines empty here)
            del parts
        key_bytes = _fast_keys(data)
        if pack:  # (the keys as they are, but a long one: see PACKED_KEY_CHARS)
            packed_keys: list[str | bytes] = [
                k if len(k) <= PACKED_KEY_CHARS else decode(k) for k in key_bytes.split(b"\n")
            ]
            for i in outside:
                packed_keys[i] = packed(match_key(block[i]))
            keys += packed_keys
            plains += [None] * (stop - start)
            continue
        block_keys = decode(key_bytes).split("\n")
        bare = data.translate(None, _PLAIN_DELETED)
        deleted = len(data) - len(bare)
        del data  # (freed as it is used)
        if stop - start == 1 and len(block[0]) > LAZY_PLAIN_CHARS:
            block_plains: list[str | None] = [None]  # (a long line: see LineKeys)
        elif not deleted and not outside:  # (nothing to delete: the lines as they are)
            block_plains = [_lazy(line, line.strip()) for line in block]
        else:
            # (a line with nothing deleted keeps its own text: no second copy is held)
            block_plains = [
                _lazy(line, q if (q := p.strip()) != (t := line.strip()) else t)
                for p, line in zip(decode(bare).split("\n"), block, strict=True)
            ]
        if outside:
            key_lines, bare_lines = key_bytes.split(b"\n"), bare.split(b"\n")
            for i in outside:
                block_keys[i] = match_key(block[i])
                block_plains[i] = _line_plain(block[i])
                key_lines[i] = _screened(block_keys[i])
                bare_lines[i] = _screened(block_plains[i] or "")
            key_bytes, bare = b"\n".join(key_lines), b"\n".join(bare_lines)
        keys += block_keys
        plains += block_plains
        if keep:
            key_parts.append(key_bytes)
            bare_parts.append(bare)
        del key_bytes, bare
    if not keep:
        return LineKeys(keys, plains, None, pack)
    return LineKeys(keys, plains, (b"\n".join(key_parts), b"\n".join(bare_parts)))


def _plain_line_keys(lines: list[str]) -> LineKeys:
    """:func:`line_keys` on the plain path, a block of lines at a time: a big document
    (over ENCODED_CHARS) with a character outside the alphabet. (A 50 MB page of many
    lines peaked 16 MB higher on the fast path with that line on the plain one, for
    no reason found yet; its one long line, a block of its own, takes it too.)"""
    keys: list[str | bytes] = []
    for start, stop in line_blocks(lines, _BLOCK_CHARS):
        if stop - start == 1 and len(lines[start]) > _BLOCK_CHARS:  # (a long line)
            keys.append(long_line_key(lines[start], _BLOCK_CHARS))
            continue
        block = _keys_of("\n".join(lines[start:stop])).split("\n")
        keys += [" ".join(k.split()) for k in block]
    return LineKeys(keys, [_line_plain(line) for line in lines], None)


_OUTSIDE = re.compile("[^" + "".join(map(re.escape, ALPHABET)) + "]")


def _screened(text: str) -> bytes:
    """``text`` (a key or a plain text of one line) in the alphabet for the lexicon
    screens, each character outside it a space: a screen looks for texts in the
    alphabet, so none is lost, and none spans a line break."""
    data = encode(_OUTSIDE.sub(" ", text))
    assert data is not None
    return data
