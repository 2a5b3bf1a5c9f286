"""JSONL corpora through the real ``arclean``: pass-through, streams, gzip, bad lines."""

from __future__ import annotations

import gzip
import json
import os
import select
import subprocess
import time
from pathlib import Path

import pytest

from arcleaner import JsonlOptions, MalformedRecord, Pipeline, clean_record
from arcleaner._chars import LINE_SEPARATOR, NEXT_LINE, PARAGRAPH_SEPARATOR
from arcleaner.run.jsonl import NoText

from conftest import ARCLEAN, SHARED, arclean, arclean_into_head, need_shared

ANT = SHARED / "corpus" / "ant-multisource" / "ant_v2.1_multisource.jsonl.gz"
PROMPT = "لم تشترك بعد"


def record(i: int, **extra: object) -> dict:
    title = f"عنوان الخبر رقم {i} في الصفحة"
    text = f"{title}\nنص الخبر {i} المهم.\n{title}\n{PROMPT}"
    return {"id": f"doc-{i}", "text": text, "metadata": {"source": "test", "n": i}, **extra}


def clean_text(i: int) -> str:
    return f"عنوان الخبر رقم {i} في الصفحة\nنص الخبر {i} المهم."


def jsonl(records: list[dict]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def read_jsonl(data: bytes) -> list[dict]:
    return [json.loads(line) for line in data.split(b"\n") if line]


def test_stdin_stream_passes_other_fields_through_in_order():
    recs = [
        {"url": "https://x.test/1", "text": record(1)["text"], "score": 0.5, "tags": ["a", "ب"]},
        {"id": 2, "text": "", "metadata": None},  # empty text stays an (empty) record
        {"text": PROMPT, "id": "all-boilerplate"},
    ]
    proc = arclean("--jsonl", "-q", input=jsonl(recs))
    assert proc.returncode == 0, proc.stderr
    out = read_jsonl(proc.stdout)
    assert [list(r) for r in out] == [list(r) for r in recs]  # same keys, same order
    assert out[0] == {**recs[0], "text": clean_text(1)}
    assert out[1] == recs[1]
    assert out[2] == {"text": "", "id": "all-boilerplate"}


def test_report_counts_all_boilerplate_documents(tmp_path):
    rep = tmp_path / "rep.json"
    proc = arclean("--jsonl", "--report", str(rep), input=jsonl([record(1), {"text": PROMPT}]))
    assert proc.returncode == 0 and proc.stdout.count(b"\n") == 2
    summary = json.loads(rep.read_text("utf-8"))["summary"]
    assert summary["docs"] == 2 and summary["empty_docs"] == 1
    assert summary["dropped"] == {"drop-repeated-lines": 1, "drop-subscription-prompts": 2}


def test_dotted_text_field():
    recs = [{"id": 1, "content": {"title": "t", "body": record(1)["text"]}, "text": PROMPT}]
    proc = arclean("--jsonl", "--text-field", "content.body", input=jsonl(recs))
    out = read_jsonl(proc.stdout)[0]
    assert out["content"] == {"title": "t", "body": clean_text(1)}
    assert out["text"] == PROMPT  # not the chosen field: untouched


def test_annotate_records_removals_in_metadata():
    proc = arclean("--jsonl", "--annotate", input=jsonl([record(1), {"text": "نص."}]))
    first, second = read_jsonl(proc.stdout)
    removed = first["metadata"]["arclean_removed"]
    assert [(r["line"], r["filter"]) for r in removed] == [
        (3, "drop-repeated-lines"),
        (4, "drop-subscription-prompts"),
    ]
    assert removed[1]["text"] == PROMPT and removed[1]["reason"]
    assert first["metadata"]["source"] == "test"  # existing metadata kept
    assert second == {"text": "نص.", "metadata": {"arclean_removed": []}}


def test_separators_inside_strings_never_split_records():
    odd = f"الفقرة الأولى{PARAGRAPH_SEPARATOR}الفقرة الثانية{LINE_SEPARATOR}ثالثة{NEXT_LINE}رابعة"
    recs = [{"id": 1, "text": odd, "title": f"عنوان{PARAGRAPH_SEPARATOR}فرعي"}, record(2)]
    for jobs in ("1", "2"):
        proc = arclean("--jsonl", "-j", jobs, input=jsonl(recs))
        assert proc.returncode == 0, proc.stderr
        out = read_jsonl(proc.stdout)
        assert len(out) == 2 and out[0]["title"] == recs[0]["title"]
        # A U+2029 in the text is a paragraph break once cleaned (DESIGN: lines).
        assert out[0]["text"].split("\n")[:2] == ["الفقرة الأولى", "الفقرة الثانية"]


def test_ant_records_with_u2029_stay_whole():
    need_shared(ANT)
    with gzip.open(ANT, "rb") as fh:
        lines = [line for line in fh if "\u2029".encode() in line]
    # The corpus has 7 raw U+2029, inside the strings of a few records.
    assert sum(line.count("\u2029".encode()) for line in lines) == 7
    proc = arclean("--jsonl", "-j", "2", input=b"".join(lines))
    out = read_jsonl(proc.stdout)
    assert [r["id"] for r in out] == [json.loads(line)["id"] for line in lines]


def test_records_without_text_pass_through_and_null_metadata_takes_annotations(tmp_path):
    src = tmp_path / "shard.jsonl"
    lines = [
        {"id": 1, "text": None, "metadata": {"url": "u1"}},
        {"id": 2, "title": "بلا نص"},
        {"id": 3, "text": record(3)["text"], "metadata": None},
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    proc = arclean(str(src), "--annotate")
    assert proc.returncode == 0, proc.stderr
    out = read_jsonl(proc.stdout)
    assert out[:2] == lines[:2]  # unchanged, in place: the output stays aligned
    assert out[2]["text"] == clean_text(3) and out[2]["metadata"]["arclean_removed"]
    assert proc.stderr.decode().count("record passed through unchanged") == 2


def test_dotted_path_through_a_string_is_malformed_not_missing():
    options = JsonlOptions(text_field="body.text")
    with pytest.raises(MalformedRecord, match="'body' is a str, not an object"):
        clean_record(b'{"body": "text"}', Pipeline.default(), options)
    with pytest.raises(NoText):
        clean_record(b'{"body": null}', Pipeline.default(), options)


def test_malformed_lines_reported_skipped_counted_or_strict(tmp_path):
    src = tmp_path / "shard.jsonl"
    src.write_bytes(
        jsonl([record(1)])
        + b'{"id": 2, "text": \n'
        + b"[1, 2]\n"
        + b'{"id": 4}\n'
        + b'{"id": 5, "text": "\xff"}\n'
        + b"\n"
        + jsonl([record(6)])
        + '{"id": 7, "text": "نص مقطوع\n'.encode()
    )
    proc = arclean(str(src))
    assert proc.returncode == 123
    err = proc.stderr.decode().strip().split("\n")
    assert err[0].startswith(f"arclean: warning: {src}:2: invalid JSON: ")
    # (a string cut off at the line's end is said so, not "Invalid control character")
    assert err[4] == (
        f"arclean: warning: {src}:8: invalid JSON: Unterminated string starting at "
        "(column 19); line skipped"
    )
    assert err[1] == f"arclean: warning: {src}:3: not a JSON object but list; line skipped"
    assert err[2] == (
        f"arclean: warning: {src}:4: text field 'text' is missing or null; "
        "record passed through unchanged"
    )
    assert err[3].startswith(f"arclean: warning: {src}:5: invalid JSON: not valid UTF-8")
    assert [r["id"] for r in read_jsonl(proc.stdout)] == ["doc-1", 4, "doc-6"]
    out = tmp_path / "clean.jsonl"
    rep = tmp_path / "rep.json"
    proc = arclean(str(src), "-o", str(out), "--report", str(rep))
    assert proc.returncode == 123 and len(read_jsonl(out.read_bytes())) == 3
    summary = json.loads(rep.read_text())["summary"]
    assert (summary["malformed"], summary["no_text"]) == (4, 1)
    out.unlink()
    proc = arclean(str(src), "-o", str(out), "--strict")
    assert proc.returncode == 123
    assert proc.stderr.decode().startswith(f"arclean: error: {src}:2: invalid JSON")
    assert "(--strict)" in proc.stderr.decode()
    assert not out.exists() and list(tmp_path.glob(".*")) == []


def test_gzip_in_and_out_by_suffix_and_folders_of_shards(tmp_path):
    raw = tmp_path / "shards"
    (raw / "part").mkdir(parents=True)
    plain = jsonl([record(i) for i in range(50)])
    (raw / "a.jsonl").write_bytes(plain)
    with gzip.open(raw / "part" / "b.jsonl.gz", "wb") as fh:
        fh.write(plain)
    (raw / "skip.txt").write_text("not a shard")
    out = tmp_path / "out"
    proc = arclean(str(raw), "-o", str(out), "--jsonl", "-j", "2")
    assert proc.returncode == 0, proc.stderr
    assert "2 files, 100 documents (2 cleaned)" in proc.stderr.decode()
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [
        ".arclean-state.json",
        "a.jsonl",
        "b.jsonl.gz",
    ]
    expected = arclean("--jsonl", input=plain).stdout
    assert (out / "a.jsonl").read_bytes() == expected
    assert gzip.decompress((out / "part" / "b.jsonl.gz").read_bytes()) == expected
    # gzipped stdin is recognised by its magic number
    assert arclean("--jsonl", input=gzip.compress(plain)).stdout == expected
    # the same output at any -j, gzip included (no timestamp in the gzip header)
    out1 = tmp_path / "out1"
    arclean(str(raw), "-o", str(out1), "--jsonl", "-j", "1", "-q")
    assert (out1 / "part" / "b.jsonl.gz").read_bytes() == (out / "part" / "b.jsonl.gz").read_bytes()


def test_same_output_at_any_jobs_on_ant():
    need_shared(ANT)
    with gzip.open(ANT, "rb") as fh:
        data = b"".join(line for _, line in zip(range(1500), fh, strict=False))
    one = arclean("--jsonl", "-j", "1", "-q", input=data)
    two = arclean("--jsonl", "-j", "2", "-q", input=data)
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and one.stdout.count(b"\n") == 1500


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_stream_writes_before_input_ends(jobs):
    p = subprocess.Popen(
        [str(ARCLEAN), "--jsonl", "-j", jobs],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        for i in range(3):
            p.stdin.write(jsonl([record(i)]))
            p.stdin.flush()
            ready, _, _ = select.select([p.stdout], [], [], 30)
            assert ready, f"no output for record {i} while the input is still open"
            line = p.stdout.readline()
            assert json.loads(line)["text"] == clean_text(i)
        assert p.poll() is None  # still reading: the input has not ended
    finally:
        p.stdin.close()
        p.wait(timeout=30)
    assert p.returncode == 0


def test_big_jsonl_into_head_is_quiet(tmp_path):
    big = tmp_path / "big.jsonl"
    big.write_bytes(jsonl([record(i) for i in range(20000)]))
    proc = arclean_into_head(f"-j 2 '{big}'")
    assert proc.stderr == b""
    first, code = proc.stdout.decode().strip().split("\n")
    assert json.loads(first)["id"] == "doc-0" and code == "141"  # truncated: never 0


def test_jsonl_to_a_full_disk(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full does not exist here")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [str(ARCLEAN), "--jsonl"],
            input=jsonl([record(i) for i in range(2000)]),
            stdout=full,
            stderr=subprocess.PIPE,
        )
    assert proc.returncode == 123
    assert proc.stderr.decode().startswith("arclean: error: <stdout>: No space left on device")
    assert "Traceback" not in proc.stderr.decode()


def test_interrupted_stream_exits_130():
    p = subprocess.Popen(
        [str(ARCLEAN), "--jsonl", "-j", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    p.stdin.write(jsonl([record(1)]))
    p.stdin.flush()
    assert select.select([p.stdout], [], [], 30)[0]
    os.killpg(p.pid, 15)
    _, err = p.communicate(timeout=30)
    assert p.returncode == 130 and err.decode().strip() == "arclean: interrupted"
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(p.pid, 0)


def test_clean_record_library_call():
    line = json.dumps(record(3), ensure_ascii=False).encode()
    out, result = clean_record(line, Pipeline.default(), JsonlOptions(annotate=True))
    rec = json.loads(out)
    assert rec["text"] == clean_text(3) and out.endswith(b"\n")
    assert len(rec["metadata"]["arclean_removed"]) == len(result.removed) == 2


def test_clean_record_gives_bytes_and_keeps_the_text_of_a_big_record():
    """A text of more than a million characters is written from the result's blocks;
    the library call still gives bytes, and a result that still holds its text."""
    text = "\n\n".join(f"الفقرة رقم {i} من نص الخبر الطويل." for i in range(40_000))
    out, result = clean_record(
        json.dumps({"text": text}).encode(), Pipeline.default(), JsonlOptions()
    )
    assert type(out) is bytes and json.loads(out)["text"] == result.text == text


def test_a_big_record_that_changes_is_told_and_cleaned_in_place(tmp_path):
    """A record of more than a million characters (written from the result's blocks into
    a bytearray) and under the big-line size: --check says it changes, --in-place
    cleans it, and a second --check finds nothing to change."""
    body = "\n".join(f"الفقرة رقم {i} من نص الخبر الطويل." for i in range(30_000))
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": body + "\nلم تشترك بعد"}, ensure_ascii=False) + "\n")
    assert arclean("--check", "-q", str(path)).returncode == 1
    proc = arclean("--in-place", "-q", str(path))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(path.read_bytes())["text"] == body
    assert arclean("--check", "-q", str(path)).returncode == 0


def test_in_place_jsonl_keeps_its_malformed_lines(tmp_path):
    """--in-place never rewrites an input without some of its lines: a line that is no
    record (bad JSON, a list, a number for the text) stays as it was, and is reported."""
    path = tmp_path / "mixed.jsonl"
    bad = [b"not json", b'{"text": 12345}', b"[1, 2]"]
    path.write_bytes(jsonl([record(1)]) + b"\n".join(bad) + b"\n" + jsonl([record(2)]))
    proc = arclean(str(path), "--in-place")
    assert proc.returncode == 123, proc.stderr
    lines = path.read_bytes().split(b"\n")
    assert lines[1:4] == bad and lines[-1] == b""
    assert json.loads(lines[0])["text"] == clean_text(1)
    assert json.loads(lines[4])["text"] == clean_text(2)
    warnings = [ln for ln in proc.stderr.decode().splitlines() if "warning:" in ln]
    assert len(warnings) == 3 and all(ln.endswith("; line kept as it was") for ln in warnings)


def test_in_place_jsonl_writes_records_without_blank_lines_and_with_lf(tmp_path):
    """What the README says of JSONL line ends: blank lines hold no record and are not
    written; a CRLF record comes out ending with LF, also when rewritten in place."""
    path = tmp_path / "crlf.jsonl"
    rows = [json.dumps(r, ensure_ascii=False).encode() for r in (record(1), record(2))]
    path.write_bytes(rows[0] + b"\r\n\r\n" + rows[1] + b"\r\n")
    proc = arclean(str(path), "--in-place", "-q")
    assert proc.returncode == 0, proc.stderr
    data = path.read_bytes()
    assert b"\r" not in data and data.count(b"\n") == 2 and data.endswith(b"\n")
    assert [r["text"] for r in read_jsonl(data)] == [clean_text(1), clean_text(2)]


def test_in_place_jsonl_rewrites_only_changed(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    dirty, clean = raw / "dirty.jsonl", raw / "clean.jsonl"
    dirty.write_bytes(jsonl([record(1)]))
    clean.write_bytes(jsonl([{"id": 1, "text": "نص نظيف."}]))
    os.utime(clean, ns=(10**9, 10**9))
    proc = arclean(str(raw), "--in-place", "--jsonl", "-q")
    assert proc.returncode == 0, proc.stderr
    assert read_jsonl(dirty.read_bytes())[0]["text"] == clean_text(1)
    assert clean.stat().st_mtime_ns == 10**9


def test_a_record_whose_text_stays_is_written_as_it_came(tmp_path):
    """A record arclean leaves as it was comes out byte for byte (compact, escaped,
    any key order) and does not count as changed; one it cleans is written anew."""
    same = [
        b'{"text":"\xd9\x86\xd8\xb5 \xd8\xb3\xd9\x84\xd9\x8a\xd9\x85.","id":"a"}',
        json.dumps({"id": "b", "text": "نص سليم آخر."}).encode(),  # (every letter escaped)
    ]
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join(same) + b"\n")
    proc = arclean("--check", str(path))
    assert (proc.returncode, proc.stderr) == (0, b"")
    proc = arclean(str(path), "-q")
    assert proc.stdout == path.read_bytes()
    changed = json.dumps({"id": "c", "text": "نص  سليم."}).encode()
    path.write_bytes(b"\n".join([*same, changed]) + b"\r\n")
    proc = arclean(str(path), "-q")
    assert (
        proc.stdout
        == b"\n".join(same)
        + b'\n{"id": "c", "text": "\xd9\x86\xd8\xb5 \xd8\xb3\xd9\x84\xd9\x8a\xd9\x85."}\n'
    )
    out, result = clean_record(same[1], Pipeline.default(), JsonlOptions())
    assert (out, result.removed) == (same[1] + b"\n", [])
    # Written anew though the text stays: a surrogate encoded in the bytes (json.loads
    # lets it pass; written escaped, as valid UTF-8), a BOM, the text field named twice
    # (the first, uncleaned, would reach a reader that takes the first).
    surrogate = b'{"title": "x\xed\xa0\x80y", "text": "\xd9\x86\xd8\xb5."}'
    bom = b'\xef\xbb\xbf{"text":"\xd9\x86\xd8\xb5."}'
    twice = '{"text":"نص الخبر.\\nلم تشترك بعد","text":"نص الخبر."}'.encode()
    for line, want in (
        (surrogate, b'{"title": "x\\ud800y", "text": "\\u0646\\u0635."}\n'),
        (bom, '{"text": "نص."}\n'.encode()),
        (twice, '{"text": "نص الخبر."}\n'.encode()),
    ):
        assert clean_record(line, Pipeline.default(), JsonlOptions())[0] == want
    path.write_bytes(twice + b"\n")
    assert arclean("--check", str(path)).returncode == 1
