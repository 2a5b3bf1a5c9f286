"""Invariants of every normalizer and the default chain, over arbitrary text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcleaner import Pipeline, default_registry
from arcleaner.pipeline import DEFAULT_NORMALIZERS

ARABIC_HEAVY = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0x0750, max_codepoint=0x077F),
        st.characters(min_codepoint=0x08A0, max_codepoint=0x08FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
        st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
        st.sampled_from(list(' \n\t\r.,،؛؟!?"«»()-\u200b\u200c\u200d\u200f\u00a0\u2029')),
        st.characters(),
    ),
    max_size=80,
)
SETTINGS = settings(deadline=None, max_examples=300)
NORMALIZERS = [
    (info.name, options)
    for info in default_registry().steps("normalizer")
    if info.origin == "builtin"
    for options in (
        [{}]
        if info.name != "strip-tashkeel"
        else [{"level": "strip"}, {"level": "keep-shadda"}, {"level": "keep"}]
    )
]


@pytest.mark.parametrize(("name", "options"), NORMALIZERS, ids=lambda v: str(v))
@SETTINGS
@given(text=ARABIC_HEAVY)
def test_normalizer_total_and_idempotent(name, options, text):
    step = default_registry().create("normalizer", name, **options)
    once = step(text)
    assert isinstance(once, str)
    assert step(once) == once


@SETTINGS
@given(text=ARABIC_HEAVY)
def test_default_normalizer_chain_idempotent(text):
    chain = Pipeline(filters=[], normalizers=DEFAULT_NORMALIZERS)
    once = chain.clean(text)
    assert chain.clean(once) == once
    assert "\r" not in once and "\N{ARABIC TATWEEL}" not in once


@SETTINGS
@given(text=ARABIC_HEAVY)
def test_default_pipeline_never_raises(text):
    result = Pipeline.default().run(text)
    assert isinstance(result.text, str)
    for r in result.removed:
        assert r.line >= 1 and r.filter and r.reason
