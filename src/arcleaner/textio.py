"""Decoding input bytes to text, never silently garbled.

The order of questions asked of a file's bytes:

1. ``encoding`` given (``--encoding``): decode strictly with it, nothing else (the user
   asked for that codec: it fails only when the bytes are not valid in it).
2. A byte-order mark: UTF-8-sig, UTF-16 or UTF-32, as the mark says.
2b. No mark, but NUL bytes: UTF-16 (or UTF-32) without a BOM puts them in one place of
   every code unit (the high byte of each ASCII character, every other byte), and the
   other high bytes are those of one script (0x06 for Arabic), where a binary file or
   UTF-8 text with a stray NUL scatters them. With that pattern, the bytes are decoded
   in that codec if the result is clean text (no control or unassigned characters), and
   otherwise refused with the codec named. Without it, NUL bytes mark a binary file,
   unless the bytes are valid UTF-8 and the NULs rare (see 3).
3. Valid UTF-8: it is UTF-8, also with a rare NUL byte (at most one in ``_RARE_NUL``
   bytes, or one in a shorter file: a control character the normalizer deletes). Arabic
   that was once mis-decoded as cp1252 / Latin-1 and saved again (mojibake such as
   ``Ø§Ù„``) is repaired with ftfy, line by line, and only where the repaired line is
   Arabic and no mojibake is left in it.
4. Mostly UTF-8 (its non-ASCII bytes are mostly valid UTF-8 sequences) with a few
   invalid bytes: an error naming the first bad byte offset. windows-1256 decodes almost
   any bytes, so a UTF-8 file with a broken byte must not be "detected" as it.
5. Otherwise the two legacy Arabic code pages, windows-1256 and ISO-8859-6, are tried;
   one is accepted only with real evidence: at least ``MIN_LETTERS`` Arabic letters,
   (almost) no character that is neither ASCII nor Arabic, and no sign of the wrong code
   page (Latin letters inside Arabic words, tanween in the middle of a word, marks with
   no letter). Both code pages share ء..ض but differ on the rest, so real text decoded
   with the wrong one shows those signs.
6. No confident answer: :class:`~arcleaner.errors.DecodeError`, one line naming the file
   and ``--encoding``, with a codec to try only where it fits: ``windows-1256`` when the
   bytes read as Arabic in it (a file too short to be certain of), ``latin-1`` when they
   do not.

Detection is hand-written rather than charset-normalizer's: there are only two candidate
code pages, and charset-normalizer guesses confidently on inputs with no evidence (five
Arabic letters in windows-1256 come back as cp932), which is exactly what we must refuse.
"""

from __future__ import annotations

import codecs
import errno
import functools
import hashlib
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from . import _chars as c
from .errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
LEGACY = ("windows-1256", "iso-8859-6")
MIN_LETTERS = 20

_UTF8_SEQ = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_ASCII_BYTE = re.compile(rb"[\x00-\x7f]")
_COUNT_SLICE = 1 << 20
_AR_LETTER = re.compile(f"[{c.ARABIC_LETTERS}]")
# Non-ASCII characters that real Arabic text in these code pages contains besides Arabic.
_EXPECTED = re.compile(
    f"[{c.ARABIC_LETTERS}{c.ARABIC_MARKS}{c.TATWEEL}\u060c\u061b\u061f\u066a-\u066c"
    "\u0660-\u0669\u00a0\u00ab\u00bb\u00d7\u00f7\u2013\u2014\u2018\u2019\u201c\u201d\u2026"
    "\u200c-\u200f]"
)
_WRONG_PAGE = re.compile(
    # a Latin-1 letter inside an Arabic word, on either side
    f"[{c.ARABIC_LETTERS}][\u00c0-\u00ff]|[\u00c0-\u00ff][{c.ARABIC_LETTERS}]"
    # tanween only ends a word; in mid-word it is a mis-decoded letter
    f"|[\u064b-\u064d][{c.ARABIC_LETTERS}]"
    # a mark after a space or at a line start has no letter
    f"|(?:^|[\\s\\d])[{c.ARABIC_MARKS}]",
    re.M,
)
# UTF-8 Arabic (lead bytes D8-DB) read as cp1252/Latin-1: Ø Ù Ú Û followed by a
# continuation byte's Latin-1 / cp1252 character.
_MOJIBAKE = re.compile(
    "[\u00d8\u00d9\u00da\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a"
    "\u20ac\u2122]"
)


def sniff_bom(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``data``, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def decode(data: bytes, encoding: str | None = None, *, source: str = "<input>") -> str:
    """Decode ``data`` to text, or raise :class:`~arcleaner.errors.DecodeError`.

    >>> decode("نص".encode("utf-8"))
    'نص'
    >>> decode("قال الرئيس في كلمة له إن الشعب لن يقبل بذلك".encode("windows-1256"))
    'قال الرئيس في كلمة له إن الشعب لن يقبل بذلك'
    >>> decode("السلام عليكم".encode("utf-8").decode("latin-1").encode("utf-8"))
    'السلام عليكم'

    ``encoding`` forces a codec. The detection rules are in the module docstring.
    """
    if encoding is not None:
        if not is_text_encoding(encoding):
            raise DecodeError(f"{source}: unknown text encoding {encoding!r}")
        return _strict(data, encoding, source, given=True)
    bom = sniff_bom(data)
    if bom:
        return _strict(data, bom, source)
    wide = sniff_wide(data)
    if wide is not None:
        return _wide(data, wide, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        _refuse_binary(data, source, allowed=0)
        return _not_utf8(data, err, source)
    _refuse_binary(data, source, allowed=1 + len(data[:_SAMPLE]) // _RARE_NUL)
    return repair_mojibake(text)


# A text of more characters than this is encoded a piece at a time (see below).
_PIECE = 1 << 22


def encode_utf8(text: str, end: bytes = b"") -> bytes:
    """``text.encode("utf-8") + end``, a big text a piece at a time: the encoder of a
    whole ``str`` of UCS-4 sets aside four bytes a character first (110 MB for a 50 MB
    page), and adding ``end`` after would copy the bytes again."""
    if len(text) <= _PIECE:
        return text.encode("utf-8") + end
    return b"".join([*(piece.encode("utf-8") for piece in taken_pieces([text], _PIECE)), end])


def encode_utf8_buffer(text: str | list[str], end: bytes = b"") -> bytes | bytearray:
    """:func:`encode_utf8` for output that is written and let go: a big text is encoded
    into one ``bytearray`` a piece at a time (it grows in place), where the pieces and
    their join hold the bytes twice (a 50 MB page: 50 MB less at the peak). ``text``
    may be a list of pieces that join to the text (:meth:`Result.take_chunks
    <arcleaner.pipeline.Result.take_chunks>`): it is emptied as they are encoded, so
    that each is let go once its bytes are in and the output is never held twice."""
    chunks = [text] if isinstance(text, str) else text
    if len(chunks) == 1 and len(chunks[0]) <= _PIECE:
        return chunks.pop().encode("utf-8") + end
    out = bytearray()
    for piece in taken_pieces(chunks, _PIECE):
        out += piece.encode("utf-8")
    out += end
    return out


def taken_pieces(chunks: list[str], size: int) -> Iterator[str]:
    """The text that ``chunks`` join to, a piece of at most ``size`` characters at a
    time; the list is emptied as they are given, so that each chunk is let go once its
    last piece is (a big output is then held once, as text or as bytes)."""
    chunks.reverse()
    while chunks:
        chunk = chunks.pop()
        for i in range(0, len(chunk), size):
            yield chunk[i : i + size]
        del chunk


def same_bytes(
    data: bytes | bytearray, size: int | None = None
) -> Callable[[bytes | bytearray], bool]:
    """A test of whether bytes are ``data[:size]`` (all of it by default), holding none of
    it: the input of a document is let go (or emptied) before its output exists. A
    sha256 of the input (1.8 GB/s: 30 ms for 50 MB), taken without a copy."""
    size = len(data) if size is None else size
    with memoryview(data) as view, view[:size] as part:
        digest = hashlib.sha256(part).digest()
    return lambda out: len(out) == size and hashlib.sha256(out).digest() == digest


def is_text_encoding(name: str) -> bool:
    """Whether ``name`` is a codec that decodes bytes to text (``codecs`` also knows
    bytes-to-bytes ones such as rot13, base64 and zlib, which ``bytes.decode`` refuses)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return bool(getattr(info, "_is_text_encoding", True))


def _refuse_binary(data: bytes, source: str, *, allowed: int) -> None:
    """Refuse ``data`` as a binary file when its first ``_SAMPLE`` bytes hold more than
    ``allowed`` NUL bytes: text has none, or (valid UTF-8 with a stray NUL) very few."""
    if data[:_SAMPLE].count(0) > allowed:
        raise DecodeError(f"{source}: binary file (NUL bytes), not text")


_SAMPLE = 8192
_RARE_NUL = 64  # valid UTF-8 with at most one NUL byte in this many is text
# (codec, code unit size, offsets in a unit that hold NUL for an ASCII or Arabic char)
_WIDE = (
    ("utf-32-le", 4, (2, 3)),
    ("utf-32-be", 4, (0, 1)),
    ("utf-16-le", 2, (1,)),
    ("utf-16-be", 2, (0,)),
)


def sniff_wide(data: bytes) -> str | None:
    r"""The codec of UTF-16 or UTF-32 text without a byte-order mark, told by where its
    NUL bytes are, or None.

    >>> sniff_wide("نص الخبر.\n".encode("utf-16-le")), sniff_wide(b"\x89PNG\x00\x00\x00\x0d")
    ('utf-16-le', None)

    In UTF-16-LE every ASCII character has a NUL high byte and an Arabic letter 0x06, so
    NUL bytes fall on odd offsets only, and the high bytes are NUL or 0x06; UTF-32 has
    two NUL bytes in each unit. A sample of at least four units with NULs only where the
    codec puts them, the other high bytes (nearly all) those of one script, and a length
    that is whole units, names the codec. (UTF-8 Arabic with a stray NUL has bytes of
    every kind there: it is not UTF-16.)
    """
    sample = data[:_SAMPLE]
    if b"\x00" not in sample:
        return None
    for codec, size, zeros in _WIDE:
        if len(data) % size:
            continue
        units = len(sample) // size
        at = [sample[k::size] for k in range(size)]
        if size == 2 and b"\x00" in at[1 - zeros[0]]:
            continue  # UTF-16: a NUL in the other byte of a unit is binary
        if size == 4 and any(at[k].count(0) != len(at[k]) for k in zeros):
            continue  # UTF-32: both high bytes are NUL in (almost) all text
        if units >= 4 and (size == 4 or _one_script(at[zeros[0]])):
            return codec
    return None


def _one_script(high: bytes) -> bool:
    """Whether the high bytes of UTF-16 code units are those of text: NUL (ASCII) and
    one other value (the script's block, 0x06 for Arabic) in three units of four."""
    others = high.replace(b"\x00", b"")
    top = max(others.count(b) for b in set(others)) if others else 0
    return (len(high) - len(others) + top) * 4 >= len(high) * 3


def _wide(data: bytes, codec: str, source: str) -> str:
    """Decode UTF-16/32 text found without a BOM, or refuse it naming the codec."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        text = None
    if text is not None and not _NOT_TEXT.search(text):
        return text
    raise DecodeError(
        f"{source}: NUL bytes as in {codec} text without a byte-order mark, but it does not "
        f"decode as {codec} text; if it is text, pass --encoding"
    )


# What text never holds: NUL and other control characters (line breaks and tab aside),
# surrogates, private-use and unassigned code points. Random bytes read as UTF-16 do.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ue000-\uf8ff\uffff]")


def _strict(data: bytes, codec: str, source: str, *, given: bool = False) -> str:
    try:
        codecs.lookup(codec)
    except LookupError:
        raise DecodeError(f"{source}: unknown encoding {codec!r}") from None
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise _invalid(data, err, source, given=given, codec=codec) from None


def _invalid(
    data: bytes,
    err: UnicodeDecodeError,
    source: str,
    *,
    given: bool = False,
    codec: str | None = None,
    mostly_utf8: bool | None = None,
) -> DecodeError:
    """The one-line error for bytes that are not valid in the codec they claim, or that
    ``--encoding`` named (``given``): a wrong codec, or UTF-8 that a tool broke. (Named
    as ``codec`` was: Python calls several code pages "charmap".)"""
    at = data[err.start : err.start + 4]
    where = f"{source}: not valid {codec or err.encoding} at byte {err.start} ({at!r})"
    if given and err.encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return DecodeError(f"{where}; the file is valid utf-8: pass --encoding utf-8")
    if _mostly_utf8(data) if mostly_utf8 is None else mostly_utf8:
        return DecodeError(
            f"{where}; the file is utf-8 with broken bytes: drop them "
            "(iconv -c -f utf-8 -t utf-8), or pass --encoding if it uses another one"
        )
    return DecodeError(f"{where}; pass --encoding if the file uses another one")


def _utf8_bytes(data: bytes) -> int:
    """How many bytes of ``data`` make valid UTF-8 sequences of two bytes or more, a
    megabyte at a time, cut at an ASCII byte (no sequence holds one): ``findall`` made
    an object a sequence (hundreds of MB for a broken UTF-8 file of ten)."""
    total = start = 0
    while start < len(data):
        ascii_byte = _ASCII_BYTE.search(data, start + _COUNT_SLICE)
        stop = ascii_byte.start() if ascii_byte is not None else len(data)
        piece = data[start:stop]
        total += len(piece) - len(_UTF8_SEQ.sub(b"", piece))
        start = stop
    return total


def _count(data: bytes, table: bytes) -> int:
    """How many bytes of ``data`` are in ``table`` (one C pass, no object a byte)."""
    return len(data) - len(data.translate(None, table))


@functools.cache
def _page_bytes(pattern: re.Pattern[str], codec: str) -> bytes:
    """The bytes that ``codec``, a one-byte code page, reads as a character ``pattern``
    matches: counted in the bytes, they count the characters of the decoded text."""
    found = bytearray()
    for byte in range(256):
        try:
            char = bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            continue
        if pattern.fullmatch(char):
            found.append(byte)
    return bytes(found)


def _mostly_utf8(data: bytes) -> bool:
    """Whether most of the non-ASCII bytes of ``data`` make valid UTF-8 sequences."""
    return _utf8_bytes(data) * 2 >= _count(data, _HIGH_BYTES)


def _not_utf8(data: bytes, err: UnicodeDecodeError, source: str) -> str:
    if _mostly_utf8(data):
        raise _invalid(data, err, source, mostly_utf8=True)  # (not counted again)
    # (one decoded text held at a time beside the next: the pages agree on most files)
    found: str | None = None
    either = False
    for codec in LEGACY:
        text = _plausible(data, codec)
        if text is not None and found is None:
            found = text
        elif text is not None:
            either = either or text != found
        del text
    if found is not None and not either:
        return found
    if found is not None:
        why, hint = "could be either windows-1256 or iso-8859-6", "--encoding windows-1256"
    elif arabic := [codec for codec in LEGACY if _reads_as_arabic(data, codec)]:
        # Too little text to be certain, but it is Arabic there: say so, never latin-1
        # (which would turn it into mojibake).
        why = f"too short to be sure of its code page, but it reads as Arabic in {arabic[0]}"
        hint = f"--encoding {arabic[0]}" + (f" (or {arabic[1]})" if len(arabic) > 1 else "")
    else:  # not Arabic in either code page: do not suggest one
        why, hint = "and not Arabic in a legacy code page", "--encoding (e.g. latin-1)"
    raise DecodeError(f"{source}: not valid utf-8 at byte {err.start}, {why}; pass {hint}")


def _plausible(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec`` if the result is convincingly Arabic text."""
    letters = _count(data, _page_bytes(_AR_LETTER, codec))
    if letters < MIN_LETTERS:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    unexpected = _count(data, _HIGH_BYTES) - _count(data, _page_bytes(_EXPECTED, codec))
    wrong = sum(1 for _ in _WRONG_PAGE.finditer(text))
    if unexpected * 50 > letters or wrong * 200 > letters:
        return None
    return text


# An ASCII letter glued to an Arabic one: Latin-1 text read as ISO-8859-6 (café -> cafى).
_LATIN_GLUED = re.compile(f"[A-Za-z][{c.ARABIC_LETTERS}]|[{c.ARABIC_LETTERS}][A-Za-z]")


def _reads_as_arabic(data: bytes, codec: str) -> bool:
    """Whether ``data`` in ``codec`` is Arabic with no sign against it, however short:
    every non-ASCII character one that Arabic text in that code page holds, at least two
    Arabic letters, none of the wrong-page signs. (For the hint only: too little
    evidence to decode without being told.)"""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return False
    letters = _count(data, _page_bytes(_AR_LETTER, codec))
    non_ascii = _count(data, _HIGH_BYTES)
    expected = _count(data, _page_bytes(_EXPECTED, codec))
    wrong = _WRONG_PAGE.search(text) or _LATIN_GLUED.search(text)
    return letters >= 2 and expected == non_ascii and not wrong


def repair_mojibake(text: str) -> str:
    """Repair UTF-8 Arabic that was decoded as cp1252 / Latin-1 and saved again.

    >>> repair_mojibake("Ø§Ù„Ø³Ù„Ø§Ù… Ø¹Ù„ÙŠÙƒÙ…")
    'السلام عليكم'

    Only lines with the telltale pairs (``Ø`` / ``Ù`` + a continuation character) are
    handed to ftfy, and its fix is kept only when the line then reads as Arabic with no
    mojibake left; anything else is returned unchanged.
    """
    # Arabic mojibake always has Ø or Ù (the lead bytes of U+0600-U+067F); two "in" tests
    # are ten times faster than the regex on the text that has none.
    if ("\u00d8" not in text and "\u00d9" not in text) or not _MOJIBAKE.search(text):
        return text
    import ftfy  # imported on demand: most input never needs it

    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE.search(line):
            fixed = ftfy.fix_encoding(line)
            if not _MOJIBAKE.search(fixed) and _AR_LETTER.search(fixed):
                lines[i] = fixed
    return "\n".join(lines)


# An HTML document's start (after its comments), and the tags of a page's markup.
_HTML_START = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)
# The whole opening tag (a ">" inside a quoted attribute does not end it; possessive:
# a tag with no ">" fails at once, not after trying every split), and markup.
_OPEN_TAG = re.compile(r"""<[A-Za-z]++(?:[^<>"']|"[^"]*+"|'[^']*+')*+>""")
_MARKUP = re.compile(r"<[/!A-Za-z]|&(?:#\d+|[A-Za-z]+);")
_HTML_TAG = re.compile(
    r"</?(?:a|p|div|span|script|style|meta|link|li|ul|ol|td|tr|table|img|h[1-6]|section"
    r"|article|nav|header|footer|iframe|form|input|button)\b[^<>]{0,500}>",
    re.I,
)
#: A text with this many tags in its first :data:`HTML_HEAD` characters is markup.
HTML_TAGS = 20
HTML_HEAD = 8192


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page rather than text taken from one: it opens as an
    HTML document does (after an XML declaration and comments: a doctype, or ``<html>``,
    ``<head>`` or ``<body>`` with markup or nothing after it on its line), or holds
    :data:`HTML_TAGS` tags or more in its first :data:`HTML_HEAD` characters (``<br>``
    not counted: scraped text keeps it, and strip-html-leftovers takes it out). arclean
    cleans a page's text; a page's markup comes out as text (scripts, styles,
    attributes), and nothing else would say so."""
    head = text[:HTML_HEAD].lstrip("\ufeff")
    start = head.lstrip()
    # (an XML declaration and comments skipped one by one: no pattern backtracks)
    while start.startswith(("<!--", "<?")):
        close = "-->" if start.startswith("<!--") else "?>"
        end = start.find(close)
        if end < 0:
            break
        start = start[end + len(close) :].lstrip()
    opening = _HTML_START.match(start)
    if opening is not None:
        if opening[0][1] == "!":
            return True
        # (a page's <html>, <head> or <body> ends its line or has markup after it on
        # that line; a line of text that names the tag goes on with words only:
        # "<html> وسم يفتح الصفحة")
        tag = _OPEN_TAG.match(start)
        rest = start[tag.end() :].split("\n", 1)[0] if tag is not None else ""
        if not rest.strip() or _MARKUP.search(rest):
            return True
    return len(_HTML_TAG.findall(head)) >= HTML_TAGS


def write_all(out: BinaryIO, data: bytes | bytearray) -> None:
    """Write every byte of ``data`` to ``out``, or raise.

    A buffered stream hands a write bigger than its buffer straight to the system, and
    when a pipe's reader goes away mid-write the system takes only part of it: the
    stream then returns the short count without an error, and the rest would be lost in
    silence (``arclean big.txt | head`` exiting 0). Writing the rest raises EPIPE.
    """
    view = memoryview(data)
    while view:
        n = out.write(view)
        if not n:  # (None: a non-blocking stream that would block)
            raise OSError(errno.EIO, "the output accepted no bytes")
        view = view[n:]
