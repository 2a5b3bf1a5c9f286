"""Big JSONL records: their long strings parsed and written a piece at a time give what
``json`` gives for the whole line, and a big record through the real ``arclean`` (in a
worker pool or not) is cleaned as a small one would be, with nothing lost."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcleaner import Pipeline
from arcleaner.run import bigjson

from conftest import arclean

SETTINGS = settings(
    deadline=None, max_examples=int(os.environ.get("ARCLEAN_HYPOTHESIS_EXAMPLES", "300"))
)
# Strings with what a piece may not be cut inside: escapes, quotes, backslashes, UTF-8 of
# every width, surrogate pairs and lone surrogates; and the spaces pieces are cut before.
STRINGS = st.lists(
    st.one_of(
        st.sampled_from(["نص", " ", "  ", '"', "\\", "\\u", "\n", "\t", "😀", "é", "\ud800"]),
        st.characters(),
    ),
    max_size=40,
).map("".join)
VALUES = st.recursive(
    st.one_of(STRINGS, st.integers(), st.none(), st.booleans()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(STRINGS, inner, max_size=4)
    ),
    max_leaves=8,
)
RECORDS = st.dictionaries(STRINGS, VALUES, max_size=4).map(lambda r: {**r, "text": r.get("text")})
FORMS = st.sampled_from([(True, None), (False, None), (False, (",", ":")), (True, (" , ", " : "))])


def dumped(record: object, form: tuple[bool, tuple[str, str] | None]) -> bytes:
    ascii_only, separators = form
    text = json.dumps(record, ensure_ascii=ascii_only, separators=separators)
    return text.encode("utf-8", "surrogatepass")


@SETTINGS
@given(RECORDS, FORMS, st.integers(2, 30), st.integers(1, 12), st.booleans())
def test_long_strings_parsed_apart_agree_with_json(record, form, big, piece, take) -> None:
    line = bytearray(dumped(record, form))
    whole = json.loads(line)
    parsed, long = bigjson.loads(line, big)
    if long is None:
        assert parsed == whole
        return
    k = long.index(parsed["text"])
    long.restore(parsed, k)
    if k is not None:
        long.check(k, piece)
        parsed["text"] = long.take(k, piece) if take else long.decode(k, piece)
    assert parsed == whole


@SETTINGS
@given(STRINGS, st.integers(1, 12))
def test_a_string_outside_any_object_is_parsed_whole(text: str, big: int) -> None:
    line = json.dumps(text).encode()
    assert bigjson.loads(line, big) == (text, None)


@SETTINGS
@given(RECORDS, st.integers(1, 12))
def test_a_text_written_in_pieces_agrees_with_json(record: dict, piece: int) -> None:
    record["text"] = record["text"] if isinstance(record["text"], str) else "نص"
    try:
        expected = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:  # a lone surrogate: every record is then written escaped
        expected = json.dumps(record).encode("ascii") + b"\n"
    text = record["text"]
    assert bigjson.dumps_utf8(record, record, "text", piece=piece) == expected
    assert record["text"] is text
    # The text as a result's blocks, handed over: each written and let go in turn.
    cut = piece + 2
    chunks = [text[i : i + cut] for i in range(0, len(text), cut)]
    assert bigjson.dumps_utf8(record, record, "text", chunks, piece) == expected
    assert chunks == [] and record["text"] is text


@pytest.mark.parametrize(
    "line",
    [
        b'{"text": "' + b"a b " * 10 + b'\\x"}',  # an invalid escape
        b'{"text": "' + b"a b " * 10 + b'\x01"}',  # a raw control character
        b'{"text": "' + b"a b " * 10 + b"\xff" + b'"}',  # not UTF-8
        b'{"text": "' + b"a b " * 10,  # cut off
        # in a field that is not read: the text is null, or its key comes again
        b'{"text": null, "html": "' + b"a b " * 10 + b'\xff"}',
        b'{"html": "' + b"a b " * 10 + b'\\x", "html": "x", "text": "ok"}',
    ],
)
def test_a_long_string_that_is_not_json_raises_as_json_does(line: bytes) -> None:
    with pytest.raises(ValueError) as whole:
        json.loads(line)
    with pytest.raises(ValueError) as got:
        bigjson.loads(line, 8)
    assert type(got.value) is type(whole.value) and str(got.value) == str(whole.value)


def big_text() -> str:
    """A little more than a big line (bigjson.BIG_LINE) of news sentences, with a prompt
    to remove."""
    lines, size = ["لم تشترك بعد"], 0
    while size < bigjson.BIG_LINE:
        lines.append(f"وقال المتحدث في المؤتمر رقم {len(lines)} إن الاقتصاد سينمو هذا العام.")
        size += len(lines[-1].encode()) + 1
    return "\n".join(lines)


def test_a_big_record_is_cleaned_as_a_small_one_in_a_pool_or_not(tmp_path: Path) -> None:
    text = big_text()
    small = {"id": "s", "text": "نص الخبر.\nلم تشترك بعد"}
    records = [small, {"id": "big", "text": text, "metadata": {"n": 1}}, small]
    src = tmp_path / "in.jsonl"
    # (as json.dumps writes by default: the big line is every Arabic letter escaped)
    src.write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records))
    pipeline = Pipeline.default()
    cleaned = [{**r, "text": pipeline.clean(r["text"])} for r in records]
    expected = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in cleaned)
    for jobs in ("1", "2"):
        out = arclean("-q", "-j", jobs, str(src))
        assert out.returncode == 0, out.stderr
        assert out.stdout == expected


def test_a_big_record_is_named_and_sourced_by_its_long_strings_too() -> None:
    from arcleaner.run.jsonl import JsonlOptions, _clean_record

    long_id = "وثيقة " * (bigjson.BIG_LINE // 10)
    record = {"id": long_id, "text": "نص الخبر.", "metadata": {"source": long_id[:40]}}
    line = bytearray(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    cleaned = _clean_record(line, Pipeline.default(), JsonlOptions(), None, hand_over=True)
    assert cleaned.record_id == long_id and cleaned.group == long_id[:40]
    assert cleaned.data == json.dumps(record, ensure_ascii=False).encode() + b"\n"
    assert not cleaned.changed and line == b""


def test_a_big_line_that_is_not_json_is_kept_whole_in_place(tmp_path: Path) -> None:
    # (an invalid escape at the end of its text: found before anything is taken out)
    line = json.dumps({"id": "big", "text": big_text()}, ensure_ascii=False).encode()
    bad = line[:-2] + b'\\x"}'
    good = json.dumps({"id": "s", "text": "نص الخبر.\nلم تشترك بعد"}, ensure_ascii=False)
    src = tmp_path / "in.jsonl"
    src.write_bytes(bad + b"\n" + good.encode() + b"\n")
    out = arclean("--in-place", str(src))
    assert b"in.jsonl:1: invalid JSON: Invalid \\escape" in out.stderr
    lines = src.read_bytes().split(b"\n")
    assert lines[0] == bad
    assert json.loads(lines[1])["text"] == "نص الخبر."


_READ: list[int] = []  # the items read so far (in this process)


def _where(chunk: list[int], state: None) -> list[tuple[int, int, int]]:
    return [(item, os.getpid(), max(_READ, default=-1)) for item in chunk]


def _reading(n: int):
    for i in range(n):
        _READ.append(i)
        yield i


def test_items_said_inline_run_in_this_process_in_their_turn() -> None:
    from arcleaner._parallel import ordered_map

    _READ.clear()
    big = {0, 7, 14, 21, 22, 35}
    got = list(
        ordered_map(_where, _reading(40), state=None, jobs=2, chunk_size=3, inline=big.__contains__)
    )
    assert [item for item, _, _ in got] == list(range(40))
    assert {item for item, pid, _ in got if pid == os.getpid()} == big
    # Nothing is read past an item cleaned here before it is done (the next may be big).
    assert all(read == item for item, pid, read in got if item in big)
