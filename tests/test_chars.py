"""The code-point tables in arcleaner._chars, cross-checked with unicodedata and pyarabic."""

from __future__ import annotations

import re
import unicodedata
import warnings

import pyarabic.araby as araby

from arcleaner import _chars as c

ARABIC_BLOCKS = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF)]
MARK = re.compile(f"[{c.ARABIC_MARKS}]")
SYMBOL = re.compile(f"[{c.QURANIC_SYMBOLS}{c.QURANIC_SPACERS}]")
LETTER = re.compile(f"[{c.ARABIC_LETTERS}]")
# Members of the mark table that Unicode does not class as marks, on purpose.
NOT_MN_ON_PURPOSE = {"\u06e5", "\u06e6"}  # small waw / yeh: Lm, but Quranic annotation


def _block_chars():
    for a, b in ARABIC_BLOCKS:
        for cp in range(a, b + 1):
            yield chr(cp)


def test_mark_table_holds_only_marks():
    for ch in _block_chars():
        if MARK.match(ch) and ch not in NOT_MN_ON_PURPOSE:
            assert unicodedata.category(ch) == "Mn", f"U+{ord(ch):04X} in ARABIC_MARKS"


def test_every_arabic_mark_is_in_a_table():
    """Report (without failing) marks a newer Unicode adds, so the table can grow."""
    missing = [
        f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}"
        for ch in _block_chars()
        if unicodedata.category(ch) in ("Mn", "Me", "Mc") and not MARK.match(ch)
    ]
    if missing:
        warnings.warn(f"Arabic marks not in arcleaner._chars: {missing}", stacklevel=1)
    # On the Unicode this project was built on, the table is complete.
    if unicodedata.unidata_version <= "15.0.0":
        assert not missing


def test_letter_table_holds_only_letters():
    for ch in _block_chars():
        if LETTER.match(ch):
            assert unicodedata.category(ch) == "Lo", f"U+{ord(ch):04X} {unicodedata.name(ch)}"
        elif unicodedata.category(ch) == "Lo":
            raise AssertionError(f"letter U+{ord(ch):04X} {unicodedata.name(ch)} not in table")


def test_symbols_are_not_letters_or_marks():
    for ch in _block_chars():
        if SYMBOL.match(ch):
            assert unicodedata.category(ch) in ("Cf", "So", "Mn"), f"U+{ord(ch):04X}"


def test_pyarabic_named_sets_agree():
    """pyarabic's named sets are right for these: its tashkeel and letters are ours."""
    assert all(MARK.match(ch) for ch in araby.TASHKEEL)
    assert all(MARK.match(ch) for ch in araby.HARAKAT + araby.TANWIN + (araby.SHADDA,))
    assert all(LETTER.match(ch) for ch in araby.LETTERS if ch != araby.TATWEEL)
    assert c.TATWEEL == araby.TATWEEL and c.SHADDA == araby.SHADDA
