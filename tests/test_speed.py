"""Every fast path agrees with the plain path beside it (over arbitrary text)."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from arcleaner import keys

SETTINGS = settings(
    deadline=None, max_examples=int(os.environ.get("ARCLEAN_HYPOTHESIS_EXAMPLES", "300"))
)
# Mostly the characters of the 8-bit alphabet (so the fast paths run), some others (so
# the fallbacks run), and the edges: runs of spaces, line breaks, marks on nothing.
NEWS_TEXT = st.lists(
    st.one_of(
        st.sampled_from(keys.ALPHABET),
        st.sampled_from(list("  \n\n\t، .:\u064b\u0640\u200f")),
        st.sampled_from(["ال", "أ", "ة", "ى", "Ab", "٣", "ﻻ", "😀", "\u2009", "\u2028", "İ"]),
        st.characters(),
    ),
    max_size=80,
).map("".join)


def plain_key(text: str) -> str:
    return " ".join(keys._keys_of(text).split())


def test_every_alphabet_character_keys_as_on_the_plain_path() -> None:
    for ch in keys.ALPHABET:
        for text in (ch, f"ب{ch}ب", f" {ch} ", f"{ch}{ch}"):
            assert keys.match_key(text) == plain_key(text), hex(ord(ch))


@SETTINGS
@given(NEWS_TEXT)
def test_match_key_agrees_with_the_plain_path(text: str) -> None:
    assert keys.match_key(text) == plain_key(text)


@SETTINGS
@given(st.lists(NEWS_TEXT.map(lambda t: t.replace("\n", " ")), max_size=8))
def test_keys_and_plains_of_lines_agree_with_each_line_alone(lines: list[str]) -> None:
    got, plains = keys.keys_and_plains(lines, plains=True)
    assert got == [plain_key(line) for line in lines]
    assert plains == [keys.plain(line) for line in lines]
