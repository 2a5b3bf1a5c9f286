"""Differential tests: our stripping and folding against pyarabic and CAMeL Tools.

Every code point of U+0600-U+06FF, U+0750-U+077F, U+08A0-U+08FF and the presentation-form
blocks goes through both sides, between two letters and after an alef. Each disagreement
must fall in a range of DOCUMENTED (mirrored by the README table "How arcleaner differs
from pyarabic and CAMeL Tools"), and each documented range must still disagree somewhere,
so the table neither hides a new difference nor keeps a stale one.
"""

from __future__ import annotations

import unicodedata

import pyarabic.araby as araby
import pytest

from arcleaner.normalizers import FoldLetters, StripTashkeel, StripTatweel

from conftest import ROOT

BLOCKS = [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]
CODE_POINTS = [
    cp for a, b in BLOCKS for cp in range(a, b + 1) if unicodedata.category(chr(cp)) != "Cn"
]
CONTEXTS = ("كتب{}علم", "قرا{}ة")  # between two letters; after an alef (hamza composes)

# (first, last, why ours is right) per comparison; the README table says the same.
HONORIFICS = (0x0610, 0x061A, "honorific and small high signs are diacritics")
VOWEL_SIGNS = (0x0656, 0x065F, "other vowel signs are diacritics")
QURANIC = (0x06D6, 0x06ED, "Quranic annotation marks and small waw/yeh are not letters")
EXTENDED = (0x08CA, 0x08FF, "Extended-A/B marks (open tanween...) are diacritics")
NUMBER_SIGNS = (0x0600, 0x0605, "signs written over a number, not text")
HAMZA = (0x0653, 0x0655, "after an alef the combining hamza/maddah composes (NFC): ا+ٔ is أ")
DOCUMENTED: dict[str, list[tuple[int, int, str]]] = {
    "pyarabic strip_tashkeel+strip_tatweel": [
        NUMBER_SIGNS,
        HONORIFICS,
        HAMZA,
        VOWEL_SIGNS,
        (0x0670, 0x0670, "superscript alef is a diacritic (هذا, not هٰذا)"),
        QURANIC,
        EXTENDED,
    ],
    "CAMeL dediac_ar": [NUMBER_SIGNS, HONORIFICS, HAMZA, VOWEL_SIGNS, QURANIC, EXTENDED],
    "CAMeL normalize_alef/alef_maksura/teh_marbuta": [
        HAMZA,
        (0x0672, 0x0673, "ٲ ٳ are alef with a hamza: folded like أ إ"),
    ],
}


def _camel():
    try:
        from camel_tools.utils.dediac import dediac_ar
        from camel_tools.utils.normalize import (
            normalize_alef_ar,
            normalize_alef_maksura_ar,
            normalize_teh_marbuta_ar,
        )
    except ImportError:
        pytest.skip(
            "camel_tools is not importable: pip install --no-deps camel-tools==1.6.0 emoji six"
        )

    def fold(w: str) -> str:
        return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(w)))

    return dediac_ar, fold


def _comparison(index: int):
    """(name, ours, theirs); the CAMeL ones skip, with the reason, when it is absent."""
    strip, tatweel, fold = StripTashkeel(), StripTatweel(), FoldLetters()
    if index == 0:
        return (
            "pyarabic strip_tashkeel+strip_tatweel",
            lambda w: tatweel(strip(w)),
            lambda w: araby.strip_tatweel(araby.strip_tashkeel(w)),
        )
    dediac_ar, camel_fold = _camel()
    if index == 1:
        return "CAMeL dediac_ar", strip, dediac_ar
    return "CAMeL normalize_alef/alef_maksura/teh_marbuta", fold, camel_fold


def _documented(name: str, cp: int) -> bool:
    return any(a <= cp <= b for a, b, _ in DOCUMENTED[name])


@pytest.mark.parametrize("index", [0, 1, 2], ids=list(DOCUMENTED))
def test_every_disagreement_is_documented(index):
    name, ours, theirs = _comparison(index)
    disagree = set()
    for cp in CODE_POINTS:
        for ctx in CONTEXTS:
            word = ctx.format(chr(cp))
            if ours(word) != theirs(word):
                disagree.add(cp)
    undocumented = [
        f"U+{cp:04X} {araby.name(chr(cp)) or unicodedata.name(chr(cp), '?')}"
        for cp in sorted(disagree)
        if not _documented(name, cp)
    ]
    assert not undocumented, f"{name}: undocumented disagreements: {undocumented}"
    stale = [why for a, b, why in DOCUMENTED[name] if not any(a <= cp <= b for cp in disagree)]
    assert not stale, f"{name}: documented but no longer different: {stale}"


def test_readme_lists_every_documented_reason():
    readme = (ROOT / "README.md").read_text("utf-8")
    for rows in DOCUMENTED.values():
        for first, _last, _why in rows:
            assert f"U+{first:04X}" in readme, f"U+{first:04X}"


def test_we_agree_on_the_common_harakat():
    """Where the peers are right we must agree: U+064B-U+0652 on letters, and tatweel."""
    dediac_ar, _ = _camel()
    word = "مُحَمَّدٌ يَكْتُبُ رِسَالَةً"
    assert StripTashkeel()(word) == araby.strip_tashkeel(word) == dediac_ar(word)
    assert StripTatweel()("اشـــترك") == araby.strip_tatweel("اشـــترك")


def test_we_do_not_inherit_peer_bugs():
    # pyarabic.strip_diacritics drops the hamza of ئ in decomposed text: رئيس -> رييس.
    decomposed = unicodedata.normalize("NFD", "رئيس")
    assert araby.strip_diacritics(decomposed) == "رييس"
    assert StripTashkeel()(decomposed) == "رئيس"
    # pyarabic.normalize_alef turns على into علا; our fold never maps ى to ا.
    assert FoldLetters()("على") == "علي"
