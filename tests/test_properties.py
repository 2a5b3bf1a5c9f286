"""Invariants of every normalizer and the default chain, over arbitrary text."""

from __future__ import annotations

import os
import re
import unicodedata

import pytest
import regex
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from arcleaner import Pipeline, _chars, default_registry
from arcleaner.normalizers import StripHtmlLeftovers
from arcleaner.pipeline import DEFAULT_NORMALIZERS

ARABIC_HEAVY = st.lists(
    st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0x0750, max_codepoint=0x077F),
        st.characters(min_codepoint=0x08A0, max_codepoint=0x08FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
        st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
        st.sampled_from(
            list(
                ' \n\t\r.,،؛؟!?:;"«»()-%٪٫٬<>&#;/@'
                "\u200b\u200c\u200d\u200e\u200f\u202b\u2067\u00a0\u00ad\u2028\u2029\ufe0f"
            )
        ),
        st.sampled_from(
            [
                *("👨", "👩", "😀", "🏳", "a", "Z", "3", "٣", "۳", "ـ", "ال", "<br>", "&amp;"),
                "&#1575;",
                "الـ ",
                "http://x.com/a,b",
                "a@b.com",
                "ی",
                "ک",
                "ة",
                "هٰ",
                "\u0627\u0654",
                "...",
            ]
        ),
        st.characters(),
    ),
    max_size=60,
).map("".join)
# ARCLEAN_HYPOTHESIS_EXAMPLES raises the count for a longer hunt (the suite stays fast).
SETTINGS = settings(
    deadline=None, max_examples=int(os.environ.get("ARCLEAN_HYPOTHESIS_EXAMPLES", "300"))
)
OPTION_VARIANTS = {
    "strip-tashkeel": [{"level": "strip"}, {"level": "keep-shadda"}, {"level": "keep"}],
    "normalize-unicode": [{}, {"keep_zwnj": True}],
    "normalize-punctuation": [{}, {"quotes": "angle"}, {"quotes": "straight"}],
    "normalize-digits": [{"to": "ascii"}, {"to": "arabic-indic"}],
    "fold-letters": [{}, {"hamza": True}],
}
NORMALIZERS = [
    (info.name, options)
    for info in default_registry().steps("normalizer")
    if info.origin == "builtin"
    for options in OPTION_VARIANTS.get(info.name, [{}])
]

_MARKS = re.compile(f"[{_chars.ARABIC_MARKS}]+")
_BIDI = re.compile(f"[{_chars.BIDI_CONTROLS}]")
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060-\u2064\ufeff\u00ad]")
_EMOJI_BEFORE = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Modifier}\ufe0f]")
_EMOJI_AFTER = regex.compile(r"\p{Extended_Pictographic}")
_LETTERS = re.compile(f"[{_chars.ARABIC_LETTERS}]")
# The documented letter mappings (normalize-letters), folded the same way on both sides.
_FOLD = str.maketrans(
    {"\u06a9": "ك", "\u06cc": "ي", "\u06d0": "ي", "\u06d2": "ي", "ى": "ي", "\u06c1": "ه"}
    | {"\u06be": "ه", "\u06d5": "ه", "\u06c3": "ة", "\u0671": "ا"}
)


def _check_clean(out: str, keep_zwnj: bool = False) -> None:
    assert "\r" not in out and "\N{ARABIC TATWEEL}" not in out
    assert not _BIDI.search(out)
    for m in _ZERO_WIDTH.finditer(out):
        ch, i = m[0], m.start()
        if ch == _chars.ZWNJ:
            assert keep_zwnj, "ZWNJ left without keep_zwnj"
            continue
        assert ch == _chars.ZWJ, f"zero-width U+{ord(ch):04X} left"
        assert i > 0 and _EMOJI_BEFORE.match(out, i - 1) and _EMOJI_AFTER.match(out, i + 1)
    for m in _MARKS.finditer(out):
        i = m.start()
        assert i > 0, "Arabic mark at the start"
        before = out[i - 1]
        assert before.isalnum() or unicodedata.category(before).startswith("M"), (
            f"Arabic mark after {before!r}"
        )


def _base_letters(text: str) -> str:
    return "".join(_LETTERS.findall(unicodedata.normalize("NFKD", text))).translate(_FOLD)


@pytest.mark.parametrize(("name", "options"), NORMALIZERS, ids=lambda v: str(v))
@SETTINGS
@given(text=ARABIC_HEAVY)
def test_normalizer_total_and_idempotent(name, options, text):
    step = default_registry().create("normalizer", name, **options)
    once = step(text)
    assert isinstance(once, str)
    assert step(once) == once


@pytest.mark.parametrize("keep_zwnj", [False, True])
@SETTINGS
@given(text=ARABIC_HEAVY)
def test_default_normalizer_chain(keep_zwnj, text):
    chain = Pipeline(
        filters=[],
        normalizers=[
            default_registry().create(
                "normalizer", n, **({"keep_zwnj": True} if keep_zwnj and "unicode" in n else {})
            )
            for n in DEFAULT_NORMALIZERS
        ],
    )
    once = chain.clean(text)
    assert chain.clean(once) == once
    _check_clean(once, keep_zwnj)
    # No base letter is lost or changed, except by the documented mappings (presentation
    # forms, keyboard-artefact letters) and by removing HTML tags.
    assert _base_letters(once) == _base_letters(StripHtmlLeftovers()(text))


@SETTINGS
@given(text=ARABIC_HEAVY)
# Found by the fuzz campaign: a removed mark let Latin marks compose on the second run;
# a dot judged part of an abbreviation on the first run only.
@example(text="c\u065e\u0301\u0327")
@example(text="\u06d2.\u06d2\u06d2\u06d2.(")
def test_opt_in_choices_keep_the_chain_idempotent(text):
    # The normalizer chain with every opt-in choice. (The filters judge raw lines, so on
    # arbitrary strings a second run may judge a line anew, e.g. "۰<br>" becomes "0", a
    # bare counter; whole-pipeline idempotence is pinned on realistic text by the golden
    # cases in test_golden.py.)
    chosen = Pipeline.default(digits="ascii", fold_letters=True, quotes="angle", diacritics="keep")
    p = Pipeline(filters=[], normalizers=chosen.normalizers)
    once = p.clean(text)
    assert p.clean(once) == once


@SETTINGS
@given(text=ARABIC_HEAVY)
def test_default_pipeline_never_raises(text):
    result = Pipeline.default().run(text)
    assert isinstance(result.text, str)
    for r in result.removed:
        assert r.line >= 1 and r.filter and r.reason


# Characters a block of lines may start or end with (line_blocks never cuts next to
# one that some step makes a line break): letters, a mark, tatweel, digits, quotes,
# brackets, entity and tag characters, spaces, tabs, invisible characters.
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_EDGE = st.one_of(
    st.sampled_from(list("اأبةىیکـً٣3aZ.،؟!»«)(\"'&;<>%@/ـ😀ﻻ \t\u00a0\u200d\u200f\ufe0f")),
    st.characters(blacklist_characters=_BREAKS),
)
LINE_LOCAL = [
    (name, options)
    for name, options in NORMALIZERS
    if default_registry().create("normalizer", name).line_local
]


def test_line_local_is_declared_where_the_pipeline_needs_it():
    """Every default normalizer but strip-html-leftovers is line-local (a big text is
    normalized a block at a time); markup is not: a tag may span a line break."""
    assert {name for name, _ in LINE_LOCAL} >= set(DEFAULT_NORMALIZERS) - {"strip-html-leftovers"}
    step = StripHtmlLeftovers()
    text = 'نص <br\nclass="x"> نص'
    assert step(text) != "\n".join(step(line) for line in text.split("\n"))


# Markup that may reach across a cut: tags (open, closed, spanning lines), entities that
# decode to "<" or ">", a tag inside a tag, hidden characters inside both.
_MARKUP = st.lists(
    st.sampled_from(
        [
            *("<", ">", "&", ";", "/", " ", "\n", "br", "div", "p", "b", 'class="x"', "="),
            *("&lt;", "&gt;", "&amp;", "&#60;", "&#x3e;", "<b>", "</p>", "\u200b", "\u064e"),
            *("ـ", "نص", "قال", "a", "ſ", "ı", "İ"),  # (letters IGNORECASE folds to ASCII)
        ]
    ),
    max_size=12,
).map("".join)


def _filler(words: int) -> str:
    """Article text with no markup character: what lies before most cuts."""
    return " ".join(["قال الوزير إنَّ الاتفاق نهائيٌّ،"] * words)


@SETTINGS
@given(
    head=_MARKUP,
    extra=st.integers(0, 3),
    end=_MARKUP,
    brk=st.sampled_from(["\n", "\n\n", " "]),
    b=_MARKUP,
    tail=ARABIC_HEAVY,
)
@example(head="<div", extra=0, end="", brk="\n", b='class="x">', tail="")  # (a tag left open)
@example(head="&lt;br", extra=0, end="", brk="\n", b="&gt;", tail="")  # (one made of entities)
def test_markup_is_cut_only_where_no_tag_can_be_open(head, extra, end, brk, b, tail):
    """What strip-html-leftovers' ``cut_ok`` promises (the blocks of a big text are given
    to it apart there): the step of the text joined is the step of each side joined.
    The text before the cut ends with more than twice TAG_MAX characters of article."""
    from arcleaner.normalizers.markup import TAG_MAX

    step = StripHtmlLeftovers()
    filler = _filler(2 * TAG_MAX // 30 + 2 + extra)
    a, b = head + filler + end, b + tail
    ok = step.cut_ok(a, b)
    if re.search("[<>&;]", end) is None:  # (the last characters before the cut)
        assert ok
    if ok:
        assert step(a + brk + b) == step(a) + brk + step(b)
        assert step.slicer([a, b]) is step


def test_markup_is_not_cut_where_a_tag_may_be_open():
    """Next to markup, or after too few characters, the cut is refused (the blocks are
    joined for the step), and a line of slices is taken whole."""
    step = StripHtmlLeftovers()
    filler = _filler(1200)
    assert step.cut_ok(filler, "نص")
    for end in ("<div", "&lt;div", "<b", "<b>&amp", "&amp", ";", "<b>>", "<<b>", "<b\u200b>"):
        assert not step.cut_ok(filler + end, 'class="x">'), end
    assert step(filler + "<div\nclass='x'>") == filler + " "  # (the tag it saw whole)
    assert not step.cut_ok("نص " * 100, "نص")  # (too short to tell)
    assert not step.cut_ok("\u200b" * 20000, "نص")  # (hidden characters only)
    assert step.slicer([filler + "<br", ">نص"]) is None


# Whole tags that may close every line of a text (see test_markup_on_every_line_...).
_WHOLE = ("<br>", "</p>", '<p class="x">', "<b>", "</span>", "<BR/>", "")


@SETTINGS
@given(
    # (now and then any markup, which may leave a tag open, in a line)
    tags=st.lists(st.one_of(st.sampled_from(_WHOLE), _MARKUP), min_size=1, max_size=8),
    lines=st.integers(130, 250),
    end=_MARKUP,
    brk=st.sampled_from(["\n", "\n\n"]),
    b=_MARKUP,
    tail=ARABIC_HEAVY,
)
@example(tags=["<br>"], lines=130, end="", brk="\n", b="", tail="")
@example(tags=["<b>"], lines=130, end="<", brk="\n", b="br>", tail="")  # (a tag left open)
@example(tags=["<b>"], lines=130, end="&lt;", brk="\n", b="br&gt;", tail="")
def test_markup_on_every_line_is_cut_between_whole_tags(tags, lines, end, brk, b, tail):
    """cut_ok's second case: lines that each end with a whole tag (a page's ``<br>``)
    may be cut between; what the step makes of them joined is what it makes of each
    side, and a text of whole tags only is always cut."""
    step = StripHtmlLeftovers()
    text = "\n".join(f"قال الوزير إنَّ الاتفاق نهائيٌّ{tags[i % len(tags)]}" for i in range(lines))
    a, b = text + end, b + tail
    ok = step.cut_ok(a, b)
    if not end and all(tag in _WHOLE for tag in tags):
        assert ok
    if ok:
        assert step(a + brk + b) == step(a) + brk + step(b)


def test_a_tag_name_is_ascii():
    """A tag's name is ASCII: "ſ" is no "s" (nor "ı" an "i"), whether or not a real tag is in
    the text too (it was then removed with it)."""
    step = StripHtmlLeftovers()
    assert step("<ſpan>نص") == "<ſpan>نص"
    assert step("<ſpan>نص <b>قال</b> <IMG src=x>") == "<ſpan>نص قال "


def test_tag_max_holds_the_longest_tag():
    """cut_ok's second case counts on it: TAG_MAX is "</", the longest tag name, a space,
    ATTRS_MAX characters of attributes and "/>" (a tag made of a decoded "&lt;" could
    otherwise run through a window's leftovers to a ">" after the cut)."""
    from arcleaner import pipeline
    from arcleaner.normalizers import markup

    names = (markup._BLOCK + "|" + markup._INLINE).replace("h[1-6]", "h1").split("|")
    assert markup.TAG_MAX >= len("</") + max(map(len, names)) + 1 + markup.ATTRS_MAX + 2
    assert markup._TAGGED - markup.TAG_MAX > markup._WINDOW // 2  # (room for the tags)
    assert pipeline.CUT_TAIL >= markup._TAGGED  # (_render shows cut_ok that much)


def test_a_tag_is_at_most_tag_max_characters():
    """A stray "<p" is not read to a ">" far after it, the article between taken for its
    attributes; a long real tag over several lines still goes."""
    from arcleaner.normalizers.markup import TAG_MAX

    step = StripHtmlLeftovers()
    article = "<p " + "ب" * TAG_MAX + "> نص"
    assert step(article) == article
    tag = '<a href="https://example.com/a" \n class="share"\n data-text="' + "ن" * 1100 + '">'
    assert step("قبل" + tag + "بعد") == "قبلبعد"


@pytest.mark.parametrize(("name", "options"), LINE_LOCAL, ids=lambda v: str(v))
@SETTINGS
@given(
    a=ARABIC_HEAVY,
    end=_EDGE,
    brk=st.sampled_from(["\n", "\n\n"]),
    start=_EDGE,
    b=ARABIC_HEAVY,
)
@example(a="WWW.ب,ب", end="ب", brk="\n", start="@", b="")  # (an address in capitals)
@example(a="اـ", end="َ", brk="\n", start="ا", b="\u06dd\u0654ـ")  # (tatweel after a mark)
def test_line_local_steps_change_each_line_alone(name, options, a, end, brk, start, b):
    """What ``line_local`` promises, at the cuts :func:`line_blocks` makes: the step of
    two lines (or paragraphs) joined is the two lines' steps joined."""
    from arcleaner.pipeline import _cut_ok

    step = default_registry().create("normalizer", name, **options)
    a, b = a + end, start + b
    assume(_cut_ok(a, len(a), b, 0))  # (a line on either side with a non-space in it)
    assert step(a + brk + b) == step(a) + brk + step(b)


# The letters line_blocks cuts a long line next to (at a single space between two).
_LETTER_EDGE = st.sampled_from(list("ابتةجىيهوكلمنسعأإآءئؤaZq09"))
_IN_LINE = ARABIC_HEAVY.map(lambda t: t.replace("\n", " ").replace("\r", " "))


@pytest.mark.parametrize(("name", "options"), LINE_LOCAL, ids=lambda v: str(v))
@SETTINGS
@given(
    pieces=st.lists(st.tuples(_LETTER_EDGE, _IN_LINE, _LETTER_EDGE), min_size=1, max_size=4),
    head=_IN_LINE,
    tail=_IN_LINE,
    blank=st.tuples(*[st.sampled_from(["", "\n", " \n", "\n\n", "\n \t\n", "\n "])] * 2),
)
@example(  # (guillemets the wrong way round, an address between them)
    pieces=[("ب", "»قال« a@b.com «هو", "ب"), ("ب", "» ثم", "ت")], head="", tail="", blank=("", "")
)
@example(  # (straight quotes paired across slices, under quotes=angle)
    pieces=[("ب", ' "قال ', "ب"), ("ب", ' هو" و"ب ', "ت"), ("ت", '" ثم', "ت")],
    head="",
    tail="",
    blank=("\n", " \n"),
)
@example(  # (a tatweel that carries a mark: the line is composed whole, NFC)
    pieces=[("ا", "ـ\u08ca", "ا"), ("ا", "", "ا")], head="", tail="\u064b\u08ca", blank=("", "")
)
def test_slicers_agree_with_the_whole_line(name, options, pieces, head, tail, blank):
    """What ``slicer`` promises, at the cuts :func:`line_blocks` makes in a long line
    (single spaces between two letters): the slices' function joined is the step of
    the whole line."""
    step = default_registry().create("normalizer", name, **options)
    slices = [a + mid + b for a, mid, b in pieces]
    slices[0], slices[-1] = head + slices[0], slices[-1] + tail
    # (blank lines before and after the line: a step emptied the line beside it)
    slices[0], slices[-1] = blank[0] + slices[0], slices[-1] + blank[1]
    fix = step.slicer(slices)
    assert fix is not None  # (every default step takes a long line in slices)
    assert " ".join(fix(s) for s in slices) == step(" ".join(slices))


def test_every_line_local_default_step_can_take_a_line_in_slices():
    """A one-line 50 MB document goes through the default chain a slice at a time only
    if every line-local step of it has a slicer (the others take the line whole)."""
    for name in DEFAULT_NORMALIZERS:
        step = default_registry().create("normalizer", name)
        assert not step.line_local or step.slicer(["نص", "آخر"]) is not None, name


def test_a_subclass_is_line_local_only_when_it_says_so():
    from arcleaner.normalizers import NormalizePunctuation

    class Shout(NormalizePunctuation):
        def __call__(self, text: str) -> str:
            return text.upper() if "!" in text else text

    class Local(NormalizePunctuation):
        line_local = True

    assert NormalizePunctuation.line_local and Local.line_local and not Shout.line_local
    # (so is a step's slicer: the subclass's own, or none)
    assert Shout().slicer(["نص"]) is None and Local().slicer(["نص"]) is None
