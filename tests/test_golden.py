"""Golden cases: fixtures/cases/NAME.raw.txt -> NAME.clean.txt (absent: must not change)."""

from __future__ import annotations

import pytest

from arcleaner import Pipeline

from conftest import FIXTURES

CASES = sorted(FIXTURES.glob("cases/*.raw.txt"))


def expected_for(raw):
    clean = raw.with_name(raw.name.replace(".raw.txt", ".clean.txt"))
    return (clean if clean.exists() else raw).read_text("utf-8")


def test_there_are_cases():
    assert len(CASES) >= 4


@pytest.mark.parametrize("raw", CASES, ids=lambda p: p.name.removesuffix(".raw.txt"))
def test_golden(raw):
    out = Pipeline.default().clean(raw.read_text("utf-8"))
    assert out + "\n" == expected_for(raw)


@pytest.mark.parametrize("raw", CASES, ids=lambda p: p.name.removesuffix(".raw.txt"))
def test_golden_idempotent(raw):
    p = Pipeline.default()
    once = p.clean(raw.read_text("utf-8"))
    assert p.clean(once) == once
