"""What the fuzz campaign (benchmarks/fuzz.py) found, each pinned as it was found.

Invariants over every documented choice: the output is valid UTF-8 with no control
character but ``\\n``, and the normalizer chain is idempotent.
"""

from __future__ import annotations

import json
import re

import pytest

from arcleaner import Pipeline, clean_bytes
from arcleaner.run.jsonl import JsonlOptions, clean_record

_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
CHOICES = [
    {},
    {"diacritics": "keep"},
    {"diacritics": "keep-shadda", "quotes": "angle"},
    {"digits": "ascii", "fold_letters": True, "quotes": "straight", "keep_zwnj": True},
]


def chain(choice: dict) -> Pipeline:
    return Pipeline([], Pipeline.default(**choice).normalizers)


@pytest.mark.parametrize("choice", CHOICES, ids=str)
@pytest.mark.parametrize(
    "text",
    [
        # Removing an Arabic mark let two Latin marks reorder and compose (c + U+065E +
        # U+0301 + U+0327): strip-tashkeel now ends with NFC when it removed anything.
        "c\u065e\u0301\u0327",
        "\u066ac\ufe71\u200f\u065e\u0301\u08e2\u0327!",
        # A dot judged part of a dotted abbreviation on the first run but not the
        # second (ے.ےےے.( gained a space each run): normalize-punctuation.
        "\u06d2.\u06d2\u06d2\u06d2.(",
        "ي.يييي.(",
        # The same with a quote before the first dot (it saw the second, not vice versa).
        'ر".ررر.ر',
        # Dropping the space before a dot made an e-mail address (ط@ط.J), which the second
        # run protected, judging the rest anew.
        "ط@ط .J\u0651.تتU",
        # A character a later step deletes (a control, ZWSP, tatweel, a mark) hid a tag
        # or an entity from strip-html-leftovers, and the second run found it.
        "<\x0eb>",
        "<A\x10\n>",
        "x<\u200bb>y",
        "<&#8203;b>نص",
        "&am\u0640p;",
        # ...however many of them there are; and a name that is no entity keeps them.
        "&J" + "\x16" * 50 + "J;",
        "&J" + "\x16" * 20 + "\u200c" + "\x16" * 20 + "J;",
        "<" + "\u200b" * 300 + "b>",
    ],
)
def test_chain_idempotent_on_fuzz_findings(choice, text):
    p = chain(choice)
    once = p.clean(text)
    assert p.clean(once) == once


@pytest.mark.parametrize("text", ["&#٧;", "&#x٦٤;ب", "&#۱۶۱۴;"])
def test_numeric_references_in_eastern_digits(text):
    # normalize-digits made an ASCII reference (&#7;) for the next run to decode: such a
    # reference is decoded on the first run, like one in ASCII digits.
    p = chain({"digits": "ascii"})
    once = p.clean(text)
    assert "&" not in once and p.clean(once) == once


@pytest.mark.parametrize("choice", CHOICES, ids=str)
def test_no_control_characters_or_surrogates_in_output(choice):
    p = Pipeline.default(**choice)
    # C0/C1 controls (from forced Latin-1 decoding or JSON escapes) and DEL are deleted;
    # tab becomes a space; a surrogate pair is joined, a lone surrogate becomes U+FFFD.
    out = p.clean("نص\x07 الخبر\x00\x1b[31m\x7f\x9b\tو\ud83d\ude00 \ud800")
    assert out == "نص الخبر[31m و\U0001f600 \ufffd"
    assert not _CONTROL.search(out)
    out.encode("utf-8")


def test_jsonl_escapes_cannot_put_controls_or_surrogates_in_the_text():
    line = json.dumps({"id": 1, "text": "\u0080\u00d5\udb98\udfd9\u0097K\ud964?\u001d"})
    data, _ = clean_record(line.encode(), Pipeline.default(), JsonlOptions())
    text = json.loads(data)["text"]
    assert text == "Õ\U000f63d9K\ufffd?"  # (U+001D is a line break, then trimmed)
    data.decode("utf-8")


def test_mojibake_repair_leaves_no_c1_controls():
    # Latin-1 read of UTF-8 bytes outside Arabic leaves C1 characters ftfy cannot place.
    raw = "Û\x9eq \x90Â\x81\nمرحبا بكم".encode()
    out, _ = clean_bytes(raw, Pipeline.default())
    assert not _CONTROL.search(out.decode("utf-8").rstrip("\n"))
