"""normalize-unicode: NFC, presentation forms, invisible characters and odd spaces."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import regex

from .. import _chars as c
from ..steps import Normalizer

# Presentation forms become base letters via NFKC on those code points only. The rial
# sign and the two phrase ligatures stay as they are (NFKC would give a Persian
# spelling or a whole phrase); U+FE70-U+FE7F are isolated harakat, folded like the rest.
_KEEP_PRESENTATION = {"\ufdfc", "\ufdfa", "\ufdfd"}
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")
_INVISIBLE = re.compile(f"[{c.INVISIBLE}]")
_ODD_SPACES = re.compile(f"[{c.ODD_SPACES}]")
# One scan for "is there anything to do at all"; most lines of real text need nothing.
_ANY = re.compile(f"[\ufb50-\ufdff\ufe70-\ufefe{c.INVISIBLE}{c.ODD_SPACES}]")
_SYMBOL = regex.compile(r"[^\p{L}\p{M}\p{N}\s]")


def _drop_invisible(match: re.Match[str], keep_zwnj: bool = False) -> str:
    """Delete an invisible character, except ZWJ inside an emoji sequence (and ZWNJ on ask)."""
    ch = match[0]
    if ch == c.ZWNJ and keep_zwnj:
        return ch
    if ch == c.ZWJ:
        s, i = match.string, match.start()
        if 0 < i < len(s) - 1 and _SYMBOL.match(s, i - 1) and _SYMBOL.match(s, i + 1):
            return ch
    return ""


def _drop_invisible_keep_zwnj(match: re.Match[str]) -> str:
    return _drop_invisible(match, keep_zwnj=True)


def nfc(text: str) -> str:
    """NFC, applied only to the lines that need it (whole-text NFC is slow on Arabic)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return "\n".join(
        line if unicodedata.is_normalized("NFC", line) else unicodedata.normalize("NFC", line)
        for line in text.split("\n")
    )


def _fold_presentation(match: re.Match[str]) -> str:
    return "".join(
        ch if ch in _KEEP_PRESENTATION else unicodedata.normalize("NFKC", ch) for ch in match[0]
    )


@dataclass(frozen=True)
class NormalizeUnicode(Normalizer):
    """Put text in one Unicode form without losing a letter.

    NFC (composes ``ا`` + hamza above into ``أ``, orders marks), presentation forms to
    base letters (``ﻻ`` -> ``لا``), zero-width characters, bidi controls, BOM and soft
    hyphen deleted (never spaced: RLM sits inside decimals), NBSP and other odd spaces to
    a plain space. ``keep_zwnj`` keeps ZWNJ, which Persian spelling needs.
    """

    name = "normalize-unicode"
    description = "NFC, presentation forms to letters, drop invisible chars, odd spaces to space"

    keep_zwnj: bool = False

    def __call__(self, text: str) -> str:
        if not _ANY.search(text):
            return nfc(text)
        if _PRESENTATION.search(text):
            text = _PRESENTATION.sub(_fold_presentation, text)
        if _INVISIBLE.search(text):
            keep = _drop_invisible_keep_zwnj if self.keep_zwnj else _drop_invisible
            text = _INVISIBLE.sub(keep, text)
        if _ODD_SPACES.search(text):
            text = _ODD_SPACES.sub(" ", text)
        return nfc(text)
