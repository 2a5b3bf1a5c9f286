"""Cleaning arclean's own output changes nothing, for every documented choice, on real
text: the project's golden cases, and (when ../shared is beside the checkout) the seed,
the dev and real pages and a sample of ANT articles."""

from __future__ import annotations

import gzip
import itertools
import json
import random

import pytest

from arcleaner import Pipeline

from conftest import FIXTURES, SEED, SHARED, arclean

# The documented choices (--diacritics, --digits, --fold-letters, --quotes, --keep-zwnj):
# every value of each, and every pair of diacritics level with quote style and with digit
# target, in nine pipelines (all 108 combinations run in benchmarks/fuzz.py).
_LEVELS = ("strip", "keep-shadda", "keep")
_DIGITS = (None, "ascii", "arabic-indic")
_QUOTES = ("keep", "angle", "straight")
CHOICES = [
    {
        "diacritics": _LEVELS[i],
        "digits": _DIGITS[(i + j) % 3],
        "fold_letters": bool((i + j) % 2),
        "quotes": _QUOTES[j],
        "keep_zwnj": bool(j % 2),
    }
    for i in range(3)
    for j in range(3)
]


def real_texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(FIXTURES.glob("cases/*.raw.txt"))]
    pages = sorted((SHARED / "corpus").glob("pages-*/*.raw.txt"))
    texts += [p.read_text("utf-8") for p in [*pages, SEED] if p.exists()]
    ant = SHARED / "corpus" / "ant-multisource" / "ant_v2.1_multisource.jsonl.gz"
    if ant.exists():
        with gzip.open(ant, "rt", encoding="utf-8") as fh:
            articles = [json.loads(line)["text"] for line in itertools.islice(fh, 3000)]
        texts += random.Random(0).sample(articles, 12)
    return texts


TEXTS = real_texts()


@pytest.mark.parametrize("choice", CHOICES, ids=lambda c: "-".join(map(str, c.values())))
def test_cleaning_the_output_changes_nothing(choice):
    pipeline = Pipeline.default(**choice)
    for i, text in enumerate(TEXTS):
        once = pipeline.clean(text)
        assert pipeline.clean(once) == once, f"text {i}"


def test_arclean_output_cleans_to_itself():
    # The real command, with every opt-in choice, on the golden cases and on lines the
    # fuzz campaign found changing on a second run (each inside a sentence, so the
    # filters keep it).
    found = ["c\u065e\u0301\u0327", "ے.ےےے.(", 'ر".ررر.ر', "ط@ط .J\u0651.تتU"]
    text = "\n".join(
        [
            *(p.read_text("utf-8") for p in sorted(FIXTURES.glob("cases/*.raw.txt"))),
            *(f"قال المتحدث في بيان رسمي اليوم إن {f} كان في النص الأصلي للخبر." for f in found),
        ]
    )
    flags = ["--diacritics", "keep", "--digits", "ascii", "--fold-letters", "--quotes", "angle"]
    once = arclean(*flags, input=text.encode())
    twice = arclean(*flags, input=once.stdout)
    assert once.returncode == twice.returncode == 0
    assert twice.stdout == once.stdout
