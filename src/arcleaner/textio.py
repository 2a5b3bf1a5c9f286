"""Decoding input bytes to text, never silently garbled.

The order of questions asked of a file's bytes:

1. ``encoding`` given (``--encoding``): decode strictly with it, nothing else.
2. A byte-order mark: UTF-8-sig, UTF-16 or UTF-32, as the mark says.
3. Valid UTF-8: it is UTF-8. Arabic that was once mis-decoded as cp1252 / Latin-1 and
   saved again (mojibake such as ``Ø§Ù„``) is repaired with ftfy, line by line, and only
   where the repaired line is Arabic and no mojibake is left in it.
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
   and ``--encoding``.

Detection is hand-written rather than charset-normalizer's: there are only two candidate
code pages, and charset-normalizer guesses confidently on inputs with no evidence (five
Arabic letters in windows-1256 come back as cp932), which is exactly what we must refuse.
"""

from __future__ import annotations

import codecs
import errno
import re
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
_HIGH = re.compile(rb"[\x80-\xff]")
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
        wide = codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
        if not wide:  # (in UTF-16 and UTF-32 text NUL bytes are normal)
            _refuse_binary(data, source)
        return _strict(data, encoding, source)
    bom = sniff_bom(data)
    if bom:
        return _strict(data, bom, source)
    _refuse_binary(data, source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return _not_utf8(data, err, source)
    return repair_mojibake(text)


def is_text_encoding(name: str) -> bool:
    """Whether ``name`` is a codec that decodes bytes to text (``codecs`` also knows
    bytes-to-bytes ones such as rot13, base64 and zlib, which ``bytes.decode`` refuses)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return bool(getattr(info, "_is_text_encoding", True))


def _refuse_binary(data: bytes, source: str) -> None:
    # A forced single-byte codec would decode anything: NUL bytes mark a binary file.
    if b"\x00" in data[:8192]:
        raise DecodeError(f"{source}: binary file (NUL bytes), not text")


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        codecs.lookup(codec)
    except LookupError:
        raise DecodeError(f"{source}: unknown encoding {codec!r}") from None
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise _invalid(data, err, source) from None


def _invalid(data: bytes, err: UnicodeDecodeError, source: str) -> DecodeError:
    """The one-line error for bytes that are not valid in the codec they claim."""
    return DecodeError(
        f"{source}: not valid {err.encoding} at byte {err.start} "
        f"({data[err.start : err.start + 4]!r}); pass --encoding if the file uses another one"
    )


def _not_utf8(data: bytes, err: UnicodeDecodeError, source: str) -> str:
    high = len(_HIGH.findall(data))
    in_utf8 = sum(len(m) for m in _UTF8_SEQ.findall(data))
    if in_utf8 * 2 >= high:
        raise _invalid(data, err, source)
    found = [(codec, text) for codec in LEGACY if (text := _plausible(data, codec)) is not None]
    if len({text for _, text in found}) == 1:
        return found[0][1]
    if found:
        why, hint = "could be either windows-1256 or iso-8859-6", "--encoding windows-1256"
    else:  # not convincingly Arabic in either code page: do not suggest one
        why, hint = "and not Arabic in a legacy code page", "--encoding (e.g. latin-1)"
    raise DecodeError(f"{source}: not valid utf-8 at byte {err.start}, {why}; pass {hint}")


def _plausible(data: bytes, codec: str) -> str | None:
    """``data`` decoded with ``codec`` if the result is convincingly Arabic text."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    letters = len(_AR_LETTER.findall(text))
    if letters < MIN_LETTERS:
        return None
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    unexpected = non_ascii - len(_EXPECTED.findall(text))
    wrong = len(_WRONG_PAGE.findall(text))
    if unexpected * 50 > letters or wrong * 200 > letters:
        return None
    return text


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


def write_all(out: BinaryIO, data: bytes) -> None:
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
