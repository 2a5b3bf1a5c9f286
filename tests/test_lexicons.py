"""Lexicons are general patterns, parse cleanly, and ship in the package."""

from __future__ import annotations

from importlib import resources

import pytest
import regex

from arcleaner import lexicon, match_key
from arcleaner.lexicon import required_texts
from arcleaner.resources import packaged_names

from conftest import FIXTURES, SEED, SHARED, need_shared

NAMES = packaged_names("lexicons")


@pytest.mark.parametrize("name", NAMES)
def test_lexicon_parses_and_every_entry_says_where_it_was_seen(name):
    text = (
        resources.files("arcleaner.resources").joinpath(f"lexicons/{name}.txt").read_text("utf-8")
    )
    lex = lexicon.load(name)
    assert lex.entries
    for raw in text.splitlines():
        body = raw.strip()
        if body and not body.startswith("#"):
            assert "  # " in raw, f"{name}.txt entry without a comment: {raw!r}"


@pytest.mark.parametrize("name", NAMES)
def test_no_entry_is_a_long_line_copied_from_the_dev_pages_or_the_seed(name):
    dev = need_shared(SHARED / "corpus" / "pages-dev")
    lines = [*dev.glob("*.raw.txt"), SEED]
    keys = {match_key(ln) for f in lines for ln in f.read_text("utf-8").split("\n")}
    for entry in lexicon.load(name).entries:
        if entry.kind in ("line", "start", "contains") and entry.pattern.count(" ") >= 3:
            assert entry.pattern not in keys, f"{entry.source} copies a dev-page line"


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"^اخر تحديث \d", ("اخر تحديث ",)),
        (r"ab+c", ("ab",)),  # "abbc" has no "abc"
        (r"xab?c", ("xa",)),
        (r"a{1,3}bc", ("bc",)),
        (r"(ab){2}", ("ab",)),
        (r"(abc){0,2}d", ("d",)),
        (r"(abc){,2}d", ("d",)),
        (r"(?:abc){e<=1}d", ("d",)),  # fuzzy: "abc" may be misspelt
        (r"(abc)?d", ("d",)),
        (r"(abc)*d", ("d",)),
        (r"(ab|cd)e", ("ab", "cd")),
        (r"(ab|cd)ef", ("ef",)),  # a tie: one text beats two
        (r"(ab|)ef", ("ef",)),  # an empty branch needs nothing
        (r"(ab|c)efg", ("efg",)),  # the group's shortest text is shorter
        (r"ab|cd", ("ab", "cd")),
        (r"ab|\d", ()),
        (r"[(|]abc", ("abc",)),
        (r"[]x]abc", ("abc",)),
        (r"\|abc\(", ("|abc(",)),  # an escaped mark stands for itself
        (r"(?i)abc", ()),
        (r"(?=x)abc", ()),
        (r"(?P<n>ab)c", ()),
        (r"\p{Lu}abc", ("abc",)),
        (r"^\d{1,2}$", ()),
    ],
)
def test_required_texts_is_a_safe_pre_test(pattern, needed):
    assert required_texts(pattern) == needed
    # Whatever the pattern matches contains one of the texts.
    for sample in (
        "abc",
        "abbc",
        "xac",
        "xabc",
        "aaabc",
        "ababd",
        "d",
        "cdef",
        "efg",
        "cefg",
        "abcd",
        "abd",
        "|abc(",
        "Xabc",
        "(abc",
        "ef",
        "اخر تحديث 1",
    ):
        if regex.search(pattern, sample):
            assert not needed or any(t in sample for t in needed), (pattern, sample)


def test_pre_test_changes_no_decision_on_the_fixtures():
    # The same lexicon with every pre-test turned off must match exactly the same lines.
    from dataclasses import replace

    from arcleaner.document import Document
    from arcleaner.keys import plain

    lex = lexicon.load("chrome")
    ungated = replace(
        lex,
        _res=tuple((p, e, ()) for p, e, _ in lex._res),
        _raws=tuple((k, tuple((p, e, ()) for p, e, _ in g)) for k, g in lex._raws),
    )
    lines = [
        line
        for path in sorted((FIXTURES / "cases").glob("*.raw.txt"))
        for _, line in Document.from_text(path.read_text("utf-8")).content()
    ]
    assert len(lines) > 50
    for line in lines:
        raw = plain(line.text)
        assert lex.match(line.key, 12, raw) is ungated.match(line.key, 12, raw), line.text
