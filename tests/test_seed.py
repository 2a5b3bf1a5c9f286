"""The seed article (third-party, read from ../shared) must come out right."""

from __future__ import annotations

from arcleaner import Pipeline
from arcleaner.pipeline import DEFAULT_NORMALIZERS

from conftest import SEED, arclean, need_shared


def expected_seed() -> str:
    """The seed's first 16 lines (body, headline, sub-headline) through today's normalizers."""
    lines = need_shared(SEED).read_text("utf-8").split("\n")[:16]
    return Pipeline(filters=[], normalizers=DEFAULT_NORMALIZERS).clean("\n".join(lines))


def test_seed_cli_stdin():
    expected = expected_seed()
    proc = arclean(input=SEED.read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == expected + "\n"
    assert len(expected.split("\n")) == 16


def test_seed_removals_name_their_filter():
    result = Pipeline.default().run(need_shared(SEED).read_text("utf-8"))
    assert result.text == expected_seed()
    got = [(r.line, r.filter) for r in result.removed]
    assert got == [
        (17, "drop-repeated-lines"),
        (18, "drop-subscription-prompts"),
        (19, "drop-subscription-prompts"),
    ]
    assert "repeats line 15" in result.removed[0].reason
    assert all(r.span is None and r.text for r in result.removed)


def test_seed_diacritics_and_tatweel_stripped():
    out = Pipeline.default().clean(need_shared(SEED).read_text("utf-8"))
    assert "\N{ARABIC TATWEEL}" not in out
    assert not any("\u064b" <= ch <= "\u0652" for ch in out)
