"""normalize-unicode: NFC, presentation forms, invisible characters, odd spaces, line ends.

Presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF) are glyph shapes that PDF extraction
and old web pages leave behind: ``ﻻ`` is the word ``لا``, ``ﺍﻟﺴﻼﻡ`` is ``السلام``. They
become base letters through NFKC applied to those code points only (blanket NFKC is
wrong: it also rewrites superscripts, fractions, full-width Latin...). The reviewed
exceptions:

============  =========================  ===============================================
code point    NFKC would give            what we do, and why
============  =========================  ===============================================
U+FDFC ﷼      ``ریال`` (Persian yeh)     keep: a currency sign, not a word; NFKC would
                                         plant a Persian letter in Arabic text
U+FDFA ﷺ      ``صلى الله عليه وسلم``     keep: a one-glyph honorific; expanding it adds
                                         four words the writer did not type
U+FDFB ﷻ      ``جل جلاله``               keep: same reason as U+FDFA
U+FDFD ﷽      (no decomposition)         keep: the basmala as a single symbol
U+FDFE-FDFF   (no decomposition)         keep: honorific symbols
U+FDF0-FDF1   ``صلے`` / ``قلے``          keep: Quranic pause signs, not words
U+FDF2-FDF9   ``الله``, ``محمد``, ...    fold: word ligatures, the word is what was meant
U+FE70-FE7F   space + haraka /           isolated forms: the bare haraka (no space, so
              tatweel + haraka           it stays on the letter before); medial forms:
                                         tatweel + haraka (NFKC). strip-tashkeel then
                                         removes or keeps the haraka like any other
U+FE73        (no decomposition)         keep: tail fragment, no text meaning to recover
============  =========================  ===============================================

Invisible characters are deleted, never turned into a space: real news has RLM inside
decimals (``5.<RLM>7``) and ZWSP inside words, and a space would split them. ZWJ is kept
only inside an emoji sequence (between two pictographs, e.g. 👨 ZWJ 👩 ZWJ 👧), where it is part
of the character. **ZWNJ** is deleted by default: Arabic spelling never needs it (in
Arabic news it is keyboard noise inside words), but Persian and Urdu spelling does
(``می<ZWNJ>خواهم``), so ``keep_zwnj=True`` (CLI ``--keep-zwnj``) keeps it.

Control characters other than line breaks and tab (NUL, BEL, ESC, DEL, the C1 block
U+0080-U+009F) are deleted too: they draw nothing, and a terminal may act on them. A
surrogate pair (a str from JSON ``"\\ud83d\\ude00"`` escapes can hold one) becomes the
character it encodes; a lone surrogate, which no UTF-8 output can hold, becomes U+FFFD.

U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, NEL, form feed, vertical tab and CR
(``\\r\\n`` and a lone ``\\r``) become ``\\n``: Python's ``splitlines`` treats all of them
as line ends, so leaving them would make line numbers disagree between tools.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from .. import _chars as c
from ..keys import ALPHABET
from ..steps import Normalizer, option_docs
from ._encoded import alphabet_bytes, decoded, encoded, forget, holds_any
from ._pieces import by_pieces, is_long_line

_KEEP_PRESENTATION = frozenset("\ufdfc\ufdfa\ufdfb\ufdfd\ufdfe\ufdff\ufdf0\ufdf1\ufe73")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_INVISIBLE = re.compile(f"[{c.INVISIBLE}{c.CONTROLS}]+")
_SURROGATE = re.compile(f"[{c.SURROGATES}]")
_ODD_SPACES = re.compile(f"[{c.ODD_SPACES}]")
_LINE_BREAKS = re.compile(f"\r\n|[{c.LINE_BREAKS}]")
# One scan for "is there anything to do at all"; most lines of real text need nothing.
_ANY = re.compile(
    f"[\ufb50-\ufdff\ufe70-\ufefe{c.INVISIBLE}{c.CONTROLS}{c.SURROGATES}{c.ODD_SPACES}"
    f"{c.LINE_BREAKS}]"
)
# What may stand on either side of a ZWJ that belongs to an emoji sequence: a pictograph,
# or the emoji variation selector / a skin-tone modifier that ends the previous element.
_EMOJI_BEFORE = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]")
_EMOJI_AFTER = regex.compile(r"\p{Extended_Pictographic}")


def _fold_one(ch: str) -> str:
    if ch in _KEEP_PRESENTATION:
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    # U+FE70, FE72, ... isolated harakat: NFKC puts a space before the mark, which would
    # tear it off the letter it was typed after.
    return folded[1:] if folded[:1] == " " and len(folded) == 2 else folded


def _fold_presentation(match: re.Match[str]) -> str:
    return "".join(_fold_one(ch) for ch in match[0])


def _invisible_dropper(keep_zwnj: bool):
    def drop(match: re.Match[str]) -> str:
        run = match[0]
        s, start, end = match.string, match.start(), match.end()
        out = []
        for ch in run:
            if ch == c.ZWNJ and keep_zwnj:
                out.append(ch)
            elif (
                ch == c.ZWJ
                and run == c.ZWJ
                and start > 0
                and end < len(s)
                and _EMOJI_BEFORE.match(s, start - 1)
                and _EMOJI_AFTER.match(s, end)
            ):
                out.append(ch)
        return "".join(out)

    return drop


# The fast path (text in the 8-bit alphabet, which has no presentation form and no
# surrogate): invisible characters and controls other than ZWJ and ZWNJ are deleted and
# odd spaces become a space with one translate; text with a line break to rewrite, a ZWJ
# or a ZWNJ takes the plain path.
_ANY_BYTES = alphabet_bytes(_ANY.pattern)
_SLOW_BYTES = alphabet_bytes(f"[{c.LINE_BREAKS}{c.ZWJ}{c.ZWNJ}]")
_DELETED_BYTES = bytes(b for b in alphabet_bytes(_INVISIBLE.pattern) if b not in _SLOW_BYTES)
_SPACE_TABLE = bytes(
    ord(" ") if b in alphabet_bytes(_ODD_SPACES.pattern) else b for b in range(256)
)
assert ALPHABET[ord(" ")] == " "

_DROP = _invisible_dropper(False)
_DROP_KEEP_ZWNJ = _invisible_dropper(True)


def nfc(text: str) -> str:
    """NFC, applied only to the lines that need it (whole-text NFC is slow on Arabic)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return "\n".join(
        line if unicodedata.is_normalized("NFC", line) else unicodedata.normalize("NFC", line)
        for line in text.split("\n")
    )


@dataclass(frozen=True)
class NormalizeUnicode(Normalizer):
    """Put text in one Unicode form without losing a letter.

    >>> NormalizeUnicode()("ﻻ\\u200fبد\\u00a0من\\r\\nذلك")
    'لابد من\\nذلك'

    NFC (composes ``ا`` + hamza above into ``أ``, orders marks), presentation forms to
    base letters (table in the module docstring), zero-width characters, bidi controls,
    BOM and soft hyphen deleted, NBSP and other odd spaces to a plain space, every line
    break to ``\\n``. ``keep_zwnj`` keeps ZWNJ, which Persian spelling needs; leaving it
    off glues ``می<ZWNJ>خواهم`` into ``میخواهم``.
    """

    name = "normalize-unicode"
    description = "NFC, presentation forms to letters, drop invisible chars, odd spaces to space"
    line_local = True
    option_help = option_docs(
        keep_zwnj="keep ZWNJ (U+200C), which Persian and Urdu spelling needs (off: deleted)",
    )

    keep_zwnj: bool = False

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str]:
        return self  # (every rule is local at a space between two letters)

    def __call__(self, text: str) -> str:
        if is_long_line(text):
            # Every step is local at a space: a class of characters, a surrogate pair, a
            # CRLF, a run of presentation forms, a ZWJ between two pictographs, NFC.
            return by_pieces(self._whole, text)
        return self._whole(text)

    def _whole(self, text: str) -> str:
        data = encoded(text)
        if data is not None:
            if not holds_any(data, _ANY_BYTES):
                return nfc(text)
            if not holds_any(data, _SLOW_BYTES):
                fixed = data.translate(_SPACE_TABLE, _DELETED_BYTES)
                forget()  # (the old bytes: a big text's are big)
                del data
                return nfc(decoded(fixed))
        elif not _ANY.search(text):
            return nfc(text)
        if _SURROGATE.search(text):
            text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        if _LINE_BREAKS.search(text):
            text = _LINE_BREAKS.sub("\n", text)
        if _PRESENTATION.search(text):
            text = _PRESENTATION.sub(_fold_presentation, text)
        if _INVISIBLE.search(text):
            text = _INVISIBLE.sub(_DROP_KEEP_ZWNJ if self.keep_zwnj else _DROP, text)
        if _ODD_SPACES.search(text):
            text = _ODD_SPACES.sub(" ", text)
        return nfc(text)
