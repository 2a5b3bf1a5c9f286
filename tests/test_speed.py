"""Every fast path agrees with the plain path beside it (over arbitrary text)."""

from __future__ import annotations

import dataclasses
import itertools
import os
import subprocess
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from arcleaner import keys
from arcleaner.steps import Normalizer

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
            assert keys.plain(text) == regex_plain(text), hex(ord(ch))


@SETTINGS
@given(NEWS_TEXT)
def test_match_key_agrees_with_the_plain_path(text: str) -> None:
    assert keys.match_key(text) == plain_key(text)


def regex_plain(text: str) -> str:
    """keys.plain on the regex path (its fast path encodes the text in the alphabet)."""
    import unicodedata

    text = keys._PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)
    return keys._BARE.sub("", text).strip()


@SETTINGS
@given(NEWS_TEXT)
def test_plain_agrees_with_the_regex_path(text: str) -> None:
    assert keys.plain(text) == regex_plain(text)


@SETTINGS
@given(st.lists(NEWS_TEXT.map(lambda t: t.replace("\n", " ")), max_size=8))
def test_keys_and_plains_of_lines_agree_with_each_line_alone(lines: list[str]) -> None:
    got = keys.line_keys(lines)
    assert got.keys == [plain_key(line) for line in lines]
    assert got.plains == [keys.plain(line) for line in lines]
    if got.encoded is not None:  # the lines' keys and their plain texts, not stripped
        # (a line with a character outside the alphabet: its key and its plain text,
        # stripped, with such characters as spaces, for the lexicon screens)
        key_bytes, plain_bytes = got.encoded
        inside = [keys.encode(line) is not None for line in lines]
        screened = [
            k if ok else keys._OUTSIDE.sub(" ", k) for k, ok in zip(got.keys, inside, strict=True)
        ]
        assert keys.decode(key_bytes).split("\n") == (screened if lines else [""])
        bare = [
            keys._BARE.sub("", line) if ok else keys._OUTSIDE.sub(" ", keys.plain(line))
            for line, ok in zip(lines, inside, strict=True)
        ]
        assert keys.decode(plain_bytes).split("\n") == (bare if lines else [""])


@SETTINGS
@given(st.lists(NEWS_TEXT.map(lambda t: t.replace("\n", " ")), max_size=12), st.integers(1, 60))
def test_keying_lines_in_blocks_agrees_with_one_block(lines: list[str], size: int) -> None:
    whole = keys.line_keys(lines)
    saved = keys._BLOCK_CHARS
    keys._BLOCK_CHARS = size  # (blocks of a few characters: most lines end one)
    try:
        blocked = keys.line_keys(lines)
    finally:
        keys._BLOCK_CHARS = saved
    assert (blocked.keys, blocked.plains) == (whole.keys, whole.plains)
    # (a line longer than a block with a character outside the alphabet leaves the
    # document without an encoded form: the one-line 50 MB page holds no copy of it)
    if blocked.encoded is not None and whole.encoded is not None:
        assert blocked.encoded == whole.encoded


# ------------------------------------------------------------------ lexicon screens

# Pieces of lines: what the packaged lexicons look for (phrases as written, and texts
# their patterns match), words of an article, marks, digits and spaces.
PIECES = [
    *("اقرأ أيضاً", "اقرأ أيضا:", "للمزيد:", "للمزيد -", "قد يهمك..", "عاجل:", "شارك", "تويتر"),
    *("جميع الحقوق محفوظة", "حقوق النشر محفوظة", "© REUTERS", "(رويترز)", "(أ ف ب)", "(أرشيفية)"),
    *("لا تعبر عن رأي", "تمثل رأي كتابها", "تعكس بالضرورة وجهة نظر", "نستخدم ملفات تعريف الارتباط"),
    *("cookies", "CNN بالعربية لا يمكنها التأكد", "الكلمات الدالة:", "كتب - محمد:", "By John"),
    *("12", "2026-01-08 | 12:42", "08:30 م", "بيروت 14° غائم", "الجمعة 8 فيفري 2019", "(GMT+0400)"),
    *("http://x.com/a", "www.site.com", "a@b.com", "صورة.jpg", "-----", "منذ 5 دقائق", "Home /"),
    *("لم تشترك بعد", "اشترك الآن", "النشرة البريدية", "حمل تطبيق", "اشترك في نشرتنا اليومية"),
    *("قال", "الوزير", "إن", "الخطة", "ستبدأ", "في", "الربيع", "المقبل", "وأضاف", "المحادثات"),
    *(" ", "  ", "،", ".", ":", "-", "|", "(", ")", "«", "»", "ـ", "\u064e", "\u200f", "3"),
]
LINES = st.lists(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=45).map(" ".join),
    min_size=1,
    max_size=12,
)


def _lexicons() -> list[tuple[object, int]]:
    from arcleaner.lexicon import compile_entries, parse
    from arcleaner.resources import default_resources

    res = default_resources()
    user = compile_entries(
        "user",
        parse(
            "line: شارك\nstart(20): قال الوزير\ncontains: الخطة\nre: ^\\d+ الربيع\n"
            "raw(40): \\(GMT\nraw: (?<!ا)لخطة\nre: ال(وزير|خطة)$\ncontains(3): في",
            "user.txt",
            user=True,
        )
        + parse("start: ستبدأ\nre(50): الربيع المقبل\nraw: ^-+$\nraw: ©", "own.txt"),
    )
    return [(res.lexicon("chrome"), 12), (res.lexicon("subscription"), 30), (user, 10)]


LEXICONS = _lexicons()


@SETTINGS
@given(LINES, st.data())
def test_matching_a_document_at_once_agrees_with_each_line(lines, data) -> None:
    from arcleaner.document import Document, Line

    doc = Document.from_text("\n".join(lines))
    kept = [ln for ln in doc.lines if not ln.blank]
    # As later filters see it: some lines gone, some cut (a span at an end removed).
    kept = [ln for ln in kept if data.draw(st.booleans(), "keep") or len(kept) < 2]
    for i, ln in enumerate(kept):
        cut = data.draw(st.integers(0, 3), "cut")
        if cut and len(ln.text) > cut:
            rest = ln.text[cut:] if i % 2 else ln.text[:-cut]
            if rest.strip():
                kept[i] = Line(ln.number, rest.strip())
    kept = [ln for ln in kept if not ln.blank]
    keys_ = [ln.key for ln in kept]
    words = [ln.words for ln in kept]
    plains = [ln.plain_text() for ln in kept]
    numbers = [ln.number for ln in kept]
    for lex, max_words in LEXICONS:
        for limit in (max_words, None):
            want = {}
            for i in range(len(kept)):
                raw = plains[i] if lex.needs_raw(words[i], limit) else ""
                entry = lex.match(keys_[i], limit, raw, words[i])
                if entry is not None:
                    want[i] = entry
            for encoded in (doc.encoded, None):
                got = lex.match_lines(keys_, words, plains, limit, numbers=numbers, encoded=encoded)
                assert got == want, (lex.name, limit, encoded is None)


# ------------------------------------------------------------------ normalizers on bytes

# Normalizers with a fast path on the 8-bit text (arcleaner.normalizers._encoded), and
# text rich in what they change: marks, invisibles, odd spaces, punctuation and blanks.
NORMALIZER_TEXT = st.lists(
    st.one_of(
        st.sampled_from(keys.ALPHABET),
        st.sampled_from(
            [
                *"\u064e\u0651\u0650\u064b\u0654\u0653\u0670\u200c\u200d\u200f\xa0\xad\x1f\r\x0b",
                *'،؛؟!.:)]}»([{«%٪,;?"ـ',
                *("ی", "ک", "ٱ", " ", "  ", "\t", "\n", "\n\n\n", "اللغة", "كتب", "3", "a"),
                *("www.x.com", "a@b.co", "الـ CNN", "۔", "😀", ".الخبر", "قال:", "،و", ")ب"),
                *("»(", "( ف", " ،", "ص.ب", "؟؟", "5 %", "٣%"),
            ]
        ),
    ),
    max_size=40,
).map("".join)


def _normalizers() -> list:
    from arcleaner.normalizers import (
        CollapseWhitespace,
        NormalizeLetters,
        NormalizePunctuation,
        NormalizeUnicode,
        StripTashkeel,
    )

    return [
        NormalizeUnicode(),
        NormalizeUnicode(keep_zwnj=True),
        StripTashkeel(),
        StripTashkeel(level="keep-shadda"),
        StripTashkeel(level="keep"),
        NormalizeLetters(),
        NormalizePunctuation(),
        CollapseWhitespace(),
    ]


NORMALIZERS = _normalizers()


@SETTINGS
@given(NORMALIZER_TEXT)
def test_normalizers_on_the_8bit_text_agree_with_the_plain_path(text: str) -> None:
    import importlib

    from arcleaner.normalizers import _encoded

    modules = [
        importlib.import_module(f"arcleaner.normalizers.{name}")
        for name in ("diacritics", "unicode", "letters", "punctuation", "whitespace")
    ]
    for norm in NORMALIZERS:
        _encoded.forget()
        fast = norm(text)
        saved = [m.encoded for m in modules]
        try:
            for m in modules:
                m.encoded = lambda _text: None  # every step on its plain path
            plain = norm(text)
        finally:
            for m, f in zip(modules, saved, strict=True):
                m.encoded = f
        assert fast == plain, norm.name
        assert norm(fast) == fast, norm.name  # (and the fast path keeps it idempotent)


# ------------------------------------------------------------------ the feature table

URL_TEXT = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.sampled_from(["://", "@", ".", "www", "WWW.", ".COM", ".ſ", "http", ".jpg", "."]),
        st.characters(),
    ),
    max_size=20,
).map("".join)


@SETTINGS
@given(URL_TEXT)
def test_url_hint_finds_every_url(text: str) -> None:
    from arcleaner import features

    assert features._has_url(text) == (features._URL.search(text) is not None)


@SETTINGS
@given(st.lists(st.sampled_from([*PIECES, "|", "│", "¦", " | ", "\t¦", "x"]), max_size=12))
def test_pipes_after_the_bar_tests_agree_with_the_pattern(pieces: list[str]) -> None:
    from arcleaner import features

    text = "".join(pieces)
    assert features._has_pipes(text) == (features._PIPES.search(text) is not None)


def _inside_another_everywhere(keys_: list[str], wordcount: list[int], limit: int = 40):
    """features._inside_another as it was: every word pair of every line indexed."""

    pairs: dict[str, list[int]] = {}
    for p, key in enumerate(keys_):
        if wordcount[p] > 60:
            continue
        for a, b in itertools.pairwise(key.split(" ")):
            bucket = pairs.setdefault(f"{a} {b}", [])
            if not bucket or bucket[-1] != p:
                bucket.append(p)
    out = [False] * len(keys_)
    for p, key in enumerate(keys_):
        if not 3 <= wordcount[p] <= 30:
            continue
        first = key.split(" ", 2)
        for q in pairs.get(f"{first[0]} {first[1]}", ())[:limit]:
            if q != p and keys_[q] != key and key in keys_[q]:
                out[p] = out[q] = True
                break
    return out


@SETTINGS
@given(
    st.lists(
        st.lists(st.sampled_from(["أ", "ب", "ج", "د", "هـ"]), max_size=35).map(" ".join),
        max_size=30,
    ),
    st.integers(1, 5),
)
def test_indexing_only_first_pairs_agrees_with_indexing_every_pair(lines, limit) -> None:
    from arcleaner import features

    wordcount = [k.count(" ") + 1 if k else 0 for k in lines]
    got = features._inside_another(lines, wordcount, limit)
    assert got == _inside_another_everywhere(lines, wordcount, limit)


@SETTINGS
@given(
    st.one_of(NEWS_TEXT, st.binary(max_size=60)),
    st.sampled_from(["", "\r\n", "\n"]),
    st.booleans(),
)
def test_cleaning_handed_over_bytes_agrees_with_clean_bytes(
    text: str | bytes, ending: str, keep: bool
) -> None:
    """The CLI's clean_text_input (the input bytes handed over, the report's facts taken
    up front) gives clean_bytes's output, and the size, change and character count that
    the bytes and the text give; the result's text is handed over to the output unless
    an audit keeps it."""
    from arcleaner import Pipeline, clean_bytes
    from arcleaner.errors import DecodeError
    from arcleaner.run.audit import text_chars
    from arcleaner.run.files import clean_text_input
    from arcleaner.textio import decode

    # (a lone surrogate from st.characters() becomes bytes no decoder accepts)
    data = text if isinstance(text, bytes) else (text + ending).encode("utf-8", "surrogatepass")
    pipeline = Pipeline.default()
    try:
        out, result = clean_bytes(data, pipeline)
    except DecodeError:
        return
    given = [data]
    cleaned = clean_text_input(given, pipeline, keep_text=keep)
    assert given == []
    assert cleaned.out == out
    if keep:
        assert cleaned.result.text == result.text
    else:
        with pytest.raises(ValueError, match="handed over"):
            cleaned.result.text  # noqa: B018
    assert cleaned.result.removed == result.removed
    assert cleaned.bytes_in == len(data) and cleaned.changed == (out != data)
    decoded = decode(data, None, source="<input>")
    assert cleaned.chars_in == text_chars(decoded)
    assert cleaned.text == (decoded if keep else None)


LONG_LINE = st.lists(
    st.one_of(
        st.sampled_from(["  ", " ", "Σ", "ΑΣ", "ς", "ﷺ", "ﻻ", "ﺑ", "\ufeff", "İ", "\u064e", "😀"]),
        NEWS_TEXT.map(lambda t: t.replace("\n", " ")),
    ),
    max_size=12,
).map("".join)


@SETTINGS
@given(LONG_LINE, st.integers(1, 12))
def test_keying_a_long_line_in_slices_agrees_with_the_whole_line(line: str, size: int) -> None:
    """A long line keyed and stripped slice by slice (cut at spaces) gives the key of the
    plain path and the plain text of the whole line."""
    assert keys.long_line_key(line, size) == plain_key(line)
    assert keys.long_line_plain(line, size) == keys.plain(line)


def test_a_long_line_is_keyed_in_slices_as_a_whole(monkeypatch) -> None:
    """line_keys takes the slice path for a line longer than a block (and agrees)."""
    line = "اَلسَّلام عَلَيكم Σ 😀 ﷺ " * 50
    whole = keys.line_keys([line, "ب"])
    monkeypatch.setattr(keys, "_BLOCK_CHARS", 64)
    sliced = keys.line_keys([line, "ب"])
    assert (sliced.keys, sliced.plains) == (whole.keys, whole.plains)
    assert sliced.encoded is None  # (see test_keying_lines_in_blocks_agrees_with_one_block)
    assert len(keys.space_slices(line, 64)) > 10


def test_a_long_line_gets_its_plain_text_only_when_asked(monkeypatch) -> None:
    """A line too long for any entry that reads plain texts gets none up front (on the
    plain path and the encoded one); asked, it is the same; cleaning is the same."""
    from arcleaner import Pipeline
    from arcleaner.document import Document

    page = [
        "عاجل: اقرأ أيضا",
        "اَلسَّلام عَلَيكم Σ 😀 ﷺ " * 50,
        "قال الوزير إن الخطة نجحت في تحقيق أهدافها " * 20,
        "تابعونا على فيسبوك",
    ]
    whole = Pipeline.default().run("\n".join(page))
    monkeypatch.setattr(keys, "LAZY_PLAIN_CHARS", 64)
    for line in page[1:3]:
        got = keys.line_keys([line, "ب"])
        assert got.plains == [None, "ب"]
        assert Document.from_lines([line]).lines[0].plain_text() == keys.plain(line)
    assert Pipeline.default().run("\n".join(page)) == whole


LETTERS_LINE = st.lists(
    st.one_of(
        LONG_LINE,
        st.sampled_from(["ٱ", "ک", "ی", "ې", "ے", "ہ", "ھ", "ە", "ۃ", "ي", "ى", "\u0654", "ا"]),
        st.sampled_from(["\u200d", "👨", "\ud83d", "\ude00", "\r", "\r\n", "\u00a0", "ﻻ"]),
    ),
    max_size=10,
).map(lambda parts: "".join(parts).replace("\n", " ").replace("\r", " "))


@SETTINGS
@given(LETTERS_LINE, st.integers(1, 12))
def test_normalizing_a_long_line_in_slices_agrees_with_the_whole_line(line: str, size: int) -> None:
    """normalize-unicode and normalize-letters give a line normalized in slices (cut at
    spaces, as a long line is) what they give it whole."""
    from arcleaner.normalizers import _pieces
    from arcleaner.normalizers.letters import NormalizeLetters
    from arcleaner.normalizers.unicode import NormalizeUnicode

    steps = [NormalizeUnicode(), NormalizeUnicode(keep_zwnj=True), NormalizeLetters()]
    whole = [step(line) for step in steps]
    saved = _pieces.PIECE_CHARS
    _pieces.PIECE_CHARS = size
    try:
        assert [step(line) for step in steps] == whole
    finally:
        _pieces.PIECE_CHARS = saved


@SETTINGS
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.sampled_from([0.0, 1.0, -0.0, 0.5]),
                st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
            ),
            min_size=40,
            max_size=60,
        ),
        max_size=5,
    )
)
def test_line_model_sums_agree_with_the_plain_formula(rows: list[list[float]]) -> None:
    """The line model's logits and contributions (map over the products) are the
    floats the plain generator gives, in the same order."""
    from arcleaner.features import NAMES
    from arcleaner.resources import default_resources
    from arcleaner.sequence import LineModel

    data = default_resources().model_data("line-model")
    model = LineModel.from_dict(data, "packaged").aligned(NAMES)
    w = model.weights
    plain = [sum(a * b for a, b in zip(w, row, strict=False)) for row in rows]
    assert model.logits(rows) == plain
    for row in rows:
        parts = [(n, a * x) for n, a, x in zip(model.names, w, row, strict=False)]
        parts = [p for p in parts if p[1] > 0 and p[0] != "bias"]
        parts.sort(key=lambda p: -p[1])
        assert model.contributions(row, 3) == parts[:3]


@SETTINGS
@given(NEWS_TEXT)
def test_script_counts_agree_with_the_plain_path(text: str) -> None:
    """The line model's counts of Arabic letters, Latin letters and digits on the 8-bit
    text are those findall gives (the plain path, for text outside the alphabet)."""
    from arcleaner import features

    plain = tuple(
        len(regex.findall(text)) for regex in (features._ARABIC, features._LATIN, features._DIGIT)
    )
    assert features._script_counts(text) == plain


# ------------------------------------------------------------------ drop-by-context


@SETTINGS
@given(LINES, st.integers(1, 60))
def test_screening_lines_in_blocks_agrees_with_one_block(lines, size) -> None:
    """Lexicon screens over blocks of a few characters find what one pass over all the
    lines finds (a 50 MB document is screened a megabyte at a time)."""
    from arcleaner import lexicon
    from arcleaner.document import Document

    doc = Document.from_text("\n".join(lines))
    kept = [ln for ln in doc.lines if not ln.blank]
    keys_ = [ln.key for ln in kept]
    words = [ln.words for ln in kept]
    plains = [ln.plain_text() for ln in kept]
    for lex, max_words in LEXICONS:
        whole = lex.match_lines(keys_, words, plains, max_words)
        saved = lexicon.BLOCK_CHARS
        lexicon.BLOCK_CHARS = size
        try:
            blocked = lex.match_lines(keys_, words, plains, max_words)
        finally:
            lexicon.BLOCK_CHARS = saved
        assert blocked == whole


def _table():
    from arcleaner.features import Table
    from arcleaner.resources import default_resources

    return Table(default_resources())


TABLE = _table()
# A page: lines of the lexicons' phrases, article words and marks (LINES), blank lines,
# and lines an earlier filter removed.
PAGE = st.lists(
    st.tuples(
        st.one_of(
            st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map(" ".join),
            st.just(""),
            st.sampled_from(
                [
                    "قال الوزير إن الخطة، التي أعلنت أمس، ستبدأ في الربيع المقبل وتشمل كل "
                    "المحافظات دون استثناء.",
                    "وأضاف أن المحادثات مستمرة، وأن الاتفاق قريب جدا كما قال الوزير في الخطة.",
                    "الرئيسية",
                    "الخطة ستبدأ في الربيع",
                    "الأكثر قراءة:",
                ]
            ),
        ),
        st.booleans(),
    ),
    max_size=30,
)


@SETTINGS
@given(PAGE)
def test_a_page_made_a_row_at_a_time_agrees_with_the_table(page) -> None:
    """drop-by-context's compact table (own features as arrays, page features filled
    per row, lexicon families screened at once) gives the rows of the whole table, and
    each line's own features and family are those it has alone."""
    from arcleaner.features import OWN_COLUMNS, LineShape, own_features
    from arcleaner.keys import match_key

    shapes = [LineShape(t, match_key(t), dropped) for t, dropped in page]
    rows = TABLE.rows(shapes)
    compact = TABLE.page(shapes)
    assert list(compact.content) == [i for i, s in enumerate(shapes) if s.key or s.text.strip()]
    for p, i in enumerate(compact.content):
        assert compact.row(p) == rows[i]
        alone, _ = own_features(shapes[i], TABLE.words, TABLE.lexicons)
        assert alone[:OWN_COLUMNS] == rows[i][:OWN_COLUMNS]


def test_a_hit_of_a_nameless_lexicon_counts_in_the_table() -> None:
    """A lexicon hit sets the lexicon column though the entry has no family and its
    lexicon no name (the family is then ""), on the line's own and in a table."""
    from arcleaner.features import INDEX, LineShape, Table, own_features
    from arcleaner.lexicon import compile_entries, parse
    from arcleaner.resources import default_resources

    table = Table(default_resources())
    table.lexicons = [compile_entries("", parse("line: شارك", "own.txt"))]
    shape = LineShape("شارك", "شارك")
    alone, family = own_features(shape, table.words, table.lexicons)
    assert (alone[INDEX["lexicon"]], family) == (1.0, "")
    assert table.rows([shape])[0][INDEX["lexicon"]] == 1.0
    assert table.page([shape]).row(0)[INDEX["lexicon"]] == 1.0


def _decode_plain(model, logits, forced) -> list[float]:
    """LineModel.decode as first written: every sum over all four states."""
    import math

    from arcleaner.sequence import ALLOWED, STATES, _norm, _softplus

    boiler = (True, False, True, True)
    n = len(logits)
    if not n:
        return []
    trans = [[0.0] * 4 for _ in range(4)]
    for a, b in ALLOWED:
        trans[a][b] = model.transitions.get(f"{STATES[a]}>{STATES[b]}", 0.0)
    start = [model.start.get(s, 0.0) for s in STATES]
    emit = []
    lp_b, lp_c = math.log(model.prior), math.log(1.0 - model.prior)
    for z, hard in zip(logits, forced, strict=True):
        if hard is not None:
            emit.append((0.0, 1.0) if hard is False else (1.0, 0.0))
            continue
        lb = -_softplus(-z) - lp_b
        lc = -_softplus(z) - lp_c
        top = max(lb, lc)
        emit.append((math.exp(model.emission * (lb - top)), math.exp(model.emission * (lc - top))))
    fwd = []
    alpha = _norm([start[s] * emit[0][0 if boiler[s] else 1] for s in range(4)])
    fwd.append(alpha)
    for i in range(1, n):
        eb, ec = emit[i]
        nxt = []
        for s in range(4):
            total = sum(alpha[r] * trans[r][s] for r in range(4))
            nxt.append(total * (eb if boiler[s] else ec))
        alpha = _norm(nxt)
        fwd.append(alpha)
    beta = [1.0] * 4
    out = [0.0] * n
    for i in range(n - 1, -1, -1):
        post = [fwd[i][s] * beta[s] for s in range(4)]
        total = sum(post) or 1.0
        out[i] = (post[0] + post[2] + post[3]) / total
        if i:
            eb, ec = emit[i]
            beta = _norm(
                [
                    sum(trans[r][s] * (eb if boiler[s] else ec) * beta[s] for s in range(4))
                    for r in range(4)
                ]
            )
    return out


PROBABILITY = st.floats(0.0, 1.0, allow_nan=False)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.floats(-40.0, 40.0, allow_nan=False),
            st.sampled_from([None, None, True, False]),
        ),
        max_size=40,
    ),
    st.lists(PROBABILITY, min_size=8, max_size=8),
    st.lists(PROBABILITY, min_size=4, max_size=4),
    st.floats(0.01, 0.99),
    st.floats(0.05, 3.0),
)
def test_decoding_over_the_allowed_moves_agrees_with_every_move(
    lines, moves, start, prior, emission
) -> None:
    """The decoder's sums over the allowed moves only give the floats of the sums over
    all four states (the packaged model's weights and random ones)."""
    from arcleaner.resources import default_resources
    from arcleaner.sequence import ALLOWED, STATES, LineModel

    packaged = LineModel.from_dict(default_resources().model_data("line-model"), "packaged")
    random = LineModel(
        ("bias",),
        (0.0,),
        {f"{STATES[a]}>{STATES[b]}": w for (a, b), w in zip(ALLOWED, moves, strict=True)},
        dict(zip(STATES, start, strict=True)),
        prior,
        emission,
    )
    logits = [z for z, _ in lines]
    forced = [f for _, f in lines]
    for model in (packaged, random):
        assert model.decode(logits, forced) == _decode_plain(model, logits, forced)


@SETTINGS
@given(NEWS_TEXT, st.integers(0, 40))
@example(text="!\nال\x00\x00\x00", size=2)  # (a short line before a long one)
def test_line_blocks_rejoin_and_cut_only_between_visible_characters(text: str, size: int) -> None:
    """Blocks of lines are cut at line breaks where a cut may be; a long line (the only
    one between its cuts) at single spaces between two letters."""
    from arcleaner.pipeline import _cut_ok, _letter, line_blocks

    blocks = line_blocks(text, size)
    assert blocks.text() == text
    assert len(blocks.breaks) == len(blocks.parts) - 1
    at = 0  # (where the block after a break starts in the text)
    for i, (block, brk) in enumerate(zip(blocks.parts, blocks.breaks, strict=False)):
        after = blocks.parts[i + 1]
        at += len(block) + len(brk)
        line = text[at:].split("\n", 1)[0]
        # (a block may be short only before a long line: that line is cut apart)
        assert len(block) >= max(size, 1) or len(line) > 2 * max(size, 1)
        if brk == " ":
            assert _letter(block[-1]) and _letter(after[0])
            assert "\n" not in block and "\n" not in after  # (slices of one line)
        else:
            assert brk in ("\n", "\n\n") and _cut_ok(block, len(block), after, 0)


@SETTINGS
@given(NEWS_TEXT, st.integers(0, 40))
def test_kept_lines_render_into_blocks_cut_where_line_blocks_may_cut(text: str, size: int) -> None:
    """A big document's kept lines are rendered as blocks (never one text): they join
    to the whole rendering, and each cut is one line_blocks may make."""
    from arcleaner.document import Document
    from arcleaner.pipeline import _cut_ok, _render

    kept: list = []  # (the lines rendered: no blank line first, last or after another)
    for line in Document.from_text(text).lines:
        if not (line.blank and (not kept or kept[-1].blank)):
            kept.append(line)
    while kept and kept[-1].blank:
        kept.pop()
    blocks = _render(Document.from_text(text), size)
    assert blocks.text() == "\n".join(line.text for line in kept)
    for i, brk in enumerate(blocks.breaks):
        before, after = blocks.parts[i], blocks.parts[i + 1]
        assert brk in ("\n", "\n\n") and _cut_ok(before, len(before), after, 0)
        assert len(before) >= size


def test_blocks_are_cut_where_markup_may_be_cut_when_there_is_such_a_place() -> None:
    """Text with a stray tag every 60 lines, or a whole tag on every line: the blocks are
    cut where strip-html-leftovers may take them apart (no markup in the 2,048
    characters before the cut, or whole tags only in the 4,096), so that it need not
    join them; text with an entity on every line is still cut, for the others."""
    from arcleaner.document import Document
    from arcleaner.normalizers import StripHtmlLeftovers
    from arcleaner.pipeline import _render

    step = StripHtmlLeftovers()
    line = "قال الوزير إن الاتفاق نهائي وإن التوقيع سيتم في الأسبوع المقبل في العاصمة."
    sparse = "\n".join(line + ("<br>" if i % 60 == 0 else "") for i in range(1200))
    blocks = _render(Document.from_text(sparse), 10_000, [step])
    assert len(blocks.parts) > 3 and blocks.text() == sparse
    assert all(step.cut_ok(a, b) for a, b in itertools.pairwise(blocks.parts))
    dense = "\n".join(line + "<br>" for i in range(1200))
    blocks = _render(Document.from_text(dense), 10_000, [step])
    assert len(blocks.parts) > 3 and blocks.text() == dense
    assert all(step.cut_ok(a, b) for a, b in itertools.pairwise(blocks.parts))
    entities = "\n".join(line + "&nbsp;" for i in range(1200))
    blocks = _render(Document.from_text(entities), 10_000, [step])
    assert len(blocks.parts) > 3 and blocks.text() == entities
    assert not any(step.cut_ok(a, b) for a, b in itertools.pairwise(blocks.parts))


def test_a_big_result_is_held_in_blocks_until_its_text_is_read() -> None:
    """Result.chunks gives a big document's blocks, none joined; text joins them once;
    take_chunks hands them over (the CLI's output is then held once)."""
    from arcleaner import Pipeline, pipeline

    text = "\n\n".join(f"الفقرة رقم {i} من نص الخبر." for i in range(300))
    saved, pipeline.NORMALIZE_BLOCK_CHARS = pipeline.NORMALIZE_BLOCK_CHARS, 500
    try:
        result = Pipeline.default().run(text)
    finally:
        pipeline.NORMALIZE_BLOCK_CHARS = saved
    chunks = result.chunks()
    assert len(chunks) > 10 and "".join(chunks) == text
    assert result.take_chunks() == chunks
    with pytest.raises(ValueError, match="handed over"):
        result.text  # noqa: B018
    twin = Pipeline.default().run("نص آخر")
    twin.take_chunks()
    assert result == result and result != twin  # (no text to compare: itself only)
    assert "text=<handed over>" in repr(result)
    result.text = "نص"
    assert result.chunks() == ["نص"] and result.text == "نص"
    try:
        pipeline.NORMALIZE_BLOCK_CHARS = 500
        blocked = Pipeline.default().run(text)
    finally:
        pipeline.NORMALIZE_BLOCK_CHARS = saved
    assert blocked == Pipeline.default().run(text)  # (its text joined: the same)
    assert blocked.chunks() == [text]


def test_a_long_line_is_cut_into_slices_between_its_neighbours() -> None:
    """A line of more than twice the block size, between two short lines, is cut at
    spaces between letters, never next to a tatweel or a mark."""
    from arcleaner.pipeline import line_blocks

    line = " ".join(["كلمة"] * 30 + ["الـ CNN", "سَ لام"] * 5 + ["نص"] * 30)
    text = f"عنوان\n\n{line}\nخاتمة"
    blocks = line_blocks(text, 40)
    assert blocks.text() == text
    assert blocks.breaks[0] == "\n\n" and blocks.breaks[-1] == "\n"
    assert blocks.parts[0] == "عنوان" and blocks.parts[-1] == "خاتمة"
    assert set(blocks.breaks[1:-1]) == {" "} and len(blocks.breaks) > 5
    for part in blocks.parts[1:-1]:
        assert part[0] not in "ـC" and part[-1] not in "ـَ"


def test_paragraphs_between_blank_lines_are_cut_into_blocks() -> None:
    """News is laid out as paragraphs with a blank line between them: a cut there too."""
    from arcleaner.pipeline import line_blocks

    text = "\n\n".join(f"الفقرة رقم {i}." for i in range(100))
    blocks = line_blocks(text, 100)
    assert len(blocks.parts) > 10 and set(blocks.breaks) == {"\n\n"}


class _Upper(Normalizer):
    """A user's line-local step with no slicer: a long line is joined again for it."""

    name = "upper"
    line_local = True

    def __call__(self, text: str) -> str:
        return text.upper()


@SETTINGS
@given(st.lists(NEWS_TEXT, max_size=12), st.integers(1, 40), st.sampled_from(["\n", " "]))
def test_normalizing_in_blocks_agrees_with_the_whole_text(
    lines: list[str], size: int, sep: str
) -> None:
    """A big text goes through the line-local normalizers a block of lines (or a slice
    of a long line: ``sep`` " ") at a time and through the others (markup, a user's
    function in the middle) whole: the same text."""
    from arcleaner import pipeline

    text = sep.join(lines)
    chains = [
        pipeline.Pipeline([], pipeline.DEFAULT_NORMALIZERS),
        pipeline.Pipeline([], ["normalize-unicode", lambda t: t[::-1], "collapse-whitespace"]),
        pipeline.Pipeline([], ["collapse-whitespace", "strip-tashkeel", "normalize-punctuation"]),
        pipeline.Pipeline([], ["normalize-letters", _Upper(), "strip-tatweel"]),
        pipeline.Pipeline.default(quotes="angle", digits="arabic-indic", fold_letters=True),
    ]
    whole = [chain.run(text).text for chain in chains]
    saved = pipeline.NORMALIZE_BLOCK_CHARS
    pipeline.NORMALIZE_BLOCK_CHARS = size
    try:
        assert [chain.run(text).text for chain in chains] == whole
    finally:
        pipeline.NORMALIZE_BLOCK_CHARS = saved


def test_arclean_gives_big_buffers_mappings_of_their_own() -> None:
    """The CLI sets glibc's mmap threshold (a 50 MB page's peak then is the memory in
    use, not where freed buffers fell) for itself and its workers, but never overrides
    a threshold the user set."""
    if not sys.platform.startswith("linux"):
        pytest.skip("glibc's mallopt: Linux only")
    code = (
        "import os; from arcleaner._memory import map_big_buffers as m; "
        "print(m(), os.environ.get('MALLOC_MMAP_THRESHOLD_'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_MMAP_THRESHOLD_"}
    fresh = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if fresh.stdout.startswith("False"):
        pytest.skip("the C library here is not glibc (no mallopt)")
    assert fresh.stdout == "True 1048576\n"
    env["MALLOC_MMAP_THRESHOLD_"] = "65536"
    user = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert user.stdout == "False 65536\n"


# A big document's lines hold packed keys (keys.packed; document.PackedLine), read through
# views (document.LineView), and drop-repeated-lines remembers only keys whose hash comes
# twice (repeated._Twice). Forced on small documents here, each must give what the plain
# lines give: the same keys and words, and the same cleaning, removals and all.
def _fixture_lines() -> list[str]:
    from conftest import FIXTURES

    return [
        line
        for path in sorted((FIXTURES / "cases").glob("*.raw.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


FIXTURE_LINES = _fixture_lines()
SITES = ["الشرق الأوسط", "سكاي نيوز عربية", "العربية.نت"]


@st.composite
def pages(draw: st.DrawFn) -> str:
    """A page of fixture lines, arbitrary lines, repeats and headlines with a site glued."""
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 30))):
        kind = draw(st.integers(0, 4))
        if kind == 0 or not lines:
            lines.append(draw(st.sampled_from(FIXTURE_LINES)))
        elif kind == 1:
            lines.append(draw(NEWS_TEXT).replace("\n", " "))
        elif kind == 2:
            lines.append(draw(st.sampled_from(lines)))
        elif kind == 3:
            site = draw(st.sampled_from(SITES))
            line = draw(st.sampled_from(lines))
            lines.append(f"{line} - {site}" if draw(st.booleans()) else f"{site} | {line}")
        else:
            lines.append("")
    return "\n".join(lines)


class _Packed:
    """Every document packed (as if big), keys longer than ``key_chars`` left str, and
    drop-repeated-lines' table of ``bits`` bits (few: hashes share buckets)."""

    def __init__(
        self, key_chars: int, bits: int, text_chars: int = 160, block: int = 1 << 20
    ) -> None:
        from arcleaner import document
        from arcleaner.filters import repeated

        self.patches = [
            (keys, "ENCODED_CHARS", -1),
            (keys, "_BLOCK_CHARS", block),
            (keys, "PACKED_KEY_CHARS", key_chars),
            (document, "PACKED_TEXT_CHARS", text_chars),
            (repeated._Twice, "BITS", bits),
        ]

    def __enter__(self) -> None:
        self.saved = [(owner, name, getattr(owner, name)) for owner, name, _ in self.patches]
        for owner, name, value in self.patches:
            setattr(owner, name, value)

    def __exit__(self, *exc: object) -> None:
        for owner, name, value in self.saved:
            setattr(owner, name, value)


@SETTINGS
@given(
    pages(),
    st.sampled_from([8, 40, 1 << 16]),
    st.sampled_from([8, 64, 1 << 23]),
    st.sampled_from([10, 160]),
    st.sampled_from([64, 1 << 20]),
)
@example(
    "عنوان الخبر\nنص الخبر هنا اليوم\nعنوان الخبر - الشرق الأوسط\n😀 وجه\n😀 وجه", 8, 8, 10, 64
)
@example("😀" * 80 + " خطة جديدة لدعم المزارعين\nخطة جديدة لدعم المزارعين", 1 << 16, 8, 160, 64)
def test_a_packed_document_cleans_as_the_plain_one(
    page: str, key_chars: int, bits: int, text_chars: int, block: int
) -> None:
    """A page cleaned with packed lines gives the result (text, removals, notes) of its
    plain lines, rendered into blocks or not; its lines' texts, keys, words, blankness
    and plain texts are theirs."""
    from arcleaner import Pipeline, pipeline
    from arcleaner.document import _TEXT, Document, PackedLine, split_lines

    steps = Pipeline.default()
    saved, pipeline.NORMALIZE_BLOCK_CHARS = pipeline.NORMALIZE_BLOCK_CHARS, block
    try:
        plain_doc, want = Document.from_text(page), steps.run(page)
        assert all(type(line) is not PackedLine for line in plain_doc.lines)
        # (keyed in blocks of `block` characters too: a longer line is keyed in slices,
        # and one with a character outside the alphabet apart)
        with _Packed(key_chars, bits, text_chars, block):
            texts = split_lines(page)
            doc, got = Document.from_lines(texts, consume=True), steps.run(page)
            assert got == want
            assert doc.packed and all(type(line) is PackedLine for line in doc.lines)
            assert texts == [None] * len(texts)  # (consumed)
            for mine, theirs in zip(doc.lines, plain_doc.lines, strict=True):
                assert mine == theirs and theirs == mine
                again = dataclasses.replace(mine, key=None)  # (a key not given: computed)
                assert (again.key, again.words) == (theirs.key, theirs.words)
                assert mine.text == theirs.text
                assert isinstance(_TEXT.__get__(mine), bytes) == (len(theirs.text) <= text_chars)
                assert (mine.key, mine.words, mine.blank) == (
                    theirs.key,
                    theirs.words,
                    theirs.blank,
                )
                assert mine.plain_text() == theirs.plain_text()
                assert mine.packed_key() == theirs.packed_key()
                assert isinstance(mine.packed_key(), bytes) == (
                    len(theirs.key) <= key_chars and keys.encode(theirs.key) is not None
                )
            assert doc.keys_of(range(len(doc.lines))) == [ln.key for ln in plain_doc.lines]
    finally:
        pipeline.NORMALIZE_BLOCK_CHARS = saved


def test_every_fixture_cleans_packed_as_plain() -> None:
    """Each fixture page, packed with the fewest bits (every key shares a bucket) and
    with some (a mix), cleans as it does with plain lines."""
    from arcleaner import Pipeline

    from conftest import FIXTURES

    pipeline = Pipeline.default()
    for path in sorted((FIXTURES / "cases").glob("*.raw.txt")):
        text = path.read_text(encoding="utf-8")
        want = pipeline.run(text)
        for bits in (8, 256):
            with _Packed(1 << 16, bits):
                assert pipeline.run(text) == want, (path.name, bits)


def test_drop_repeated_lines_remembers_only_keys_that_may_repeat() -> None:
    """_Twice: a value that comes once among many has its bit clear (most of them, with
    the default table), every value that comes twice has it set."""
    from arcleaner.filters.repeated import _Twice

    values = [f"سطر رقم {i}" for i in range(10_000)] + ["مكرر", b"\xc7\xe1"]
    twice = _Twice(iter([*values, "مكرر", b"\xc7\xe1"]))
    assert "مكرر" in twice and b"\xc7\xe1" in twice
    assert sum(v in twice for v in values[:10_000]) < 100
