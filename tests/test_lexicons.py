"""Lexicons are general patterns, parse cleanly, and ship in the package."""

from __future__ import annotations

from importlib import resources

import pytest

from arcleaner import lexicon, match_key

from conftest import SEED, SHARED, need_shared

NAMES = sorted(
    p.name.removesuffix(".txt")
    for p in resources.files("arcleaner.lexicons").iterdir()
    if p.name.endswith(".txt") and p.name != "stopwords.txt"
)


@pytest.mark.parametrize("name", NAMES)
def test_lexicon_parses_and_every_entry_says_where_it_was_seen(name):
    text = resources.files("arcleaner.lexicons").joinpath(f"{name}.txt").read_text("utf-8")
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
