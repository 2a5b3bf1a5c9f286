"""Golden text_in / text_out tables, one per normalizer: tests/normalize_cases/NAME.tsv.

Columns: options (``key=value``, comma-separated; empty for defaults), text_in, text_out
(``=`` means the text must come back unchanged), why. ``\\uXXXX``, ``\\n``, ``\\r`` and
``\\t`` are escapes, so no invisible character sits in the files. ``default-chain.tsv``
runs the whole default normalizer chain. Every row is also checked for idempotence.
"""

from __future__ import annotations

import re

import pytest

from arcleaner import Pipeline, default_registry
from arcleaner.pipeline import DEFAULT_NORMALIZERS

from conftest import ROOT

CASES = ROOT / "tests" / "normalize_cases"
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|[nrt])")


def _unescape(cell: str) -> str:
    def one(m: re.Match[str]) -> str:
        e = m[1]
        return {"n": "\n", "r": "\r", "t": "\t"}.get(e) or chr(int(e[1:], 16))

    return _ESCAPE.sub(one, cell)


def _rows():
    for path in sorted(CASES.glob("*.tsv")):
        for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
            if not line or line.startswith("#"):
                continue
            options, text_in, text_out, why = line.split("\t")
            text_in = _unescape(text_in)
            text_out = text_in if text_out == "=" else _unescape(text_out)
            yield pytest.param(
                path.stem, options, text_in, text_out, id=f"{path.stem}:{number}:{why}"
            )


def _step(name: str, options: str):
    if name == "default-chain":
        return Pipeline(filters=[], normalizers=DEFAULT_NORMALIZERS).clean
    opts = dict(kv.split("=", 1) for kv in options.split(",") if kv)
    return default_registry().create("normalizer", name, **opts)


def test_every_builtin_normalizer_has_a_table():
    names = {p.stem for p in CASES.glob("*.tsv")}
    for info in default_registry().steps("normalizer"):
        if info.origin == "builtin":
            assert info.name in names, info.name


@pytest.mark.parametrize(("name", "options", "text_in", "text_out"), list(_rows()))
def test_case(name, options, text_in, text_out):
    step = _step(name, options)
    out = step(text_in)
    assert out == text_out
    assert step(out) == out


def test_seed_punctuation_spacing():
    """The seed's `فقط".معتبرا` gets its space after the mark, and nothing else glued."""
    from conftest import SEED, need_shared

    out = Pipeline.default().clean(need_shared(SEED).read_text("utf-8"))
    assert 'فقط". معتبرا' in out
    assert 'فقط".معتبرا' not in out
