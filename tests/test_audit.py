"""Auditing a run: --save-removed, --diff, what --check says, and the report's losses;
through the real ``arclean`` on the project's own text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from arcleaner import Pipeline
from arcleaner.run import BatchOptions, CleanJob, FileReport, Watcher, run_job

from conftest import ARCLEAN, FIXTURES, arclean

PROMPT = "لم تشترك بعد"


def article(i: int, prompts: int = 1) -> str:
    """A distinct article with boilerplate: a repeated title and paywall prompts; its
    second paragraph has a double space that collapse-whitespace fixes."""
    title = f"عنوان الخبر رقم {i} في الصفحة"
    body = f"الفقرة الأولى من الخبر {i}.\nالفقرة  الثانية من الخبر {i}."
    return f"{title}\n{body}\n{title}\n" + f"{PROMPT}\n" * prompts


def make_tree(root: Path, n: int) -> Path:
    for i in range(n):
        folder = root / ("bbc" if i % 2 else "cnn")
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:03d}.txt").write_text(article(i), "utf-8")
    (root / "clean.txt").write_text("نص نظيف تماما.\n", "utf-8")
    return root


def records_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_save_removed_for_a_tree_in_input_order_at_any_jobs(tmp_path):
    raw = make_tree(tmp_path / "raw", 30)
    outputs = {}
    for jobs in ("1", "2"):
        removed = tmp_path / f"removed-{jobs}.jsonl"
        proc = arclean(
            str(raw), "-o", str(tmp_path / f"out{jobs}"), "-j", jobs, "--save-removed",
            str(removed), "--explain", "-q",
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outputs[jobs] = removed.read_bytes()
    assert outputs["1"] == outputs["2"]
    recs = records_of(tmp_path / "removed-2.jsonl")
    assert len(recs) == 60  # a repeated title and a prompt in each of the 30 articles
    docs = [r["doc"] for r in recs]
    assert docs == sorted(docs) and docs[0] == "bbc/001.txt"  # the walk's order
    first = recs[0]
    assert first == {
        "doc": "bbc/001.txt",
        "line": 4,
        "filter": "drop-repeated-lines",
        "reason": "repeats line 1",
        "text": "عنوان الخبر رقم 1 في الصفحة",
        "source": "bbc",
    }
    assert {r["filter"] for r in recs} == {"drop-repeated-lines", "drop-subscription-prompts"}
    # The same removals --explain tells on stderr, one for one.
    explained = [line for line in proc.stderr.decode().splitlines() if ": drop-" in line]
    assert len(explained) == len(recs)


def test_save_removed_for_jsonl_stream_and_shards_spills_and_cleans_up(tmp_path):
    # Enough removals that a shard's records spill from the worker's memory to a file.
    lines = [
        json.dumps({"id": f"r{i}", "text": article(i, prompts=12)}, ensure_ascii=False)
        for i in range(700)
    ]
    data = ("\n".join(lines) + "\n").encode()
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "a.jsonl").write_bytes(data)
    (shards / "b.jsonl").write_bytes(data[: len(data) // 3].rsplit(b"\n", 1)[0] + b"\n")
    spool = tmp_path / "tmp"
    spool.mkdir()
    env = {**os.environ, "TMPDIR": str(spool)}
    stream = tmp_path / "stream.jsonl"
    proc = arclean(
        "--jsonl", "-j", "2", "--save-removed", str(stream), "--check", input=data, env=env
    )
    assert proc.returncode == 1, proc.stderr  # --check: the records would change
    recs = records_of(stream)
    assert len(recs) == 700 * 13 and recs[0]["doc"] == "r0" and recs[-1]["doc"] == "r699"
    assert stream.stat().st_size > 1 << 20
    batch = tmp_path / "batch.jsonl"
    proc = arclean(str(shards), "--jsonl", "-o", str(tmp_path / "out"), "-j", "2",
                   "--save-removed", str(batch), env=env)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert batch.read_bytes().startswith(stream.read_bytes())  # a.jsonl first, same records
    shard_b = len((shards / "b.jsonl").read_bytes().splitlines())
    assert len(records_of(batch)) == len(recs) + shard_b * 13
    assert list(spool.iterdir()) == []  # the workers' spill files are gone


def test_diff_of_a_tree_writes_nothing_else_and_applies(tmp_path):
    raw = make_tree(tmp_path / "raw", 6)
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    proc = arclean("--diff", str(raw), "-j", "2", "-q", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    diff = proc.stdout.decode()
    assert diff.startswith("--- bbc/001.txt\t(input)\n+++ bbc/001.txt\t(cleaned)\n")
    assert "@@ -1,5 +1,3 @@ removed: 4 drop-repeated-lines, 5 drop-subscription-prompts\n" in diff
    assert "-الفقرة  الثانية من الخبر 1.\n+الفقرة الثانية من الخبر 1.\n" in diff
    assert "clean.txt" not in diff  # unchanged documents have no diff
    assert {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]
    # The diff turns each input into its output.
    if shutil.which("patch") is None:
        pytest.skip("patch is not installed")
    copy = tmp_path / "copy"
    shutil.copytree(raw, copy)
    subprocess.run(["patch", "-s", "-p0", "-d", str(copy)], input=proc.stdout, check=True)
    cleaned = tmp_path / "cleaned"
    assert arclean(str(raw), "-o", str(cleaned), "-q").returncode == 0
    for path in cleaned.rglob("*.txt"):
        assert (copy / path.relative_to(cleaned)).read_bytes() == path.read_bytes()
    shutil.rmtree(copy)
    shutil.rmtree(cleaned)


def test_diff_check_exit_codes_and_streams(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("نص نظيف تماما.\n", "utf-8")
    proc = arclean("--diff", "--check", str(clean))
    assert (proc.returncode, proc.stdout) == (0, b"")
    proc = arclean("--diff", "--check", input=article(7).encode())
    assert proc.returncode == 1 and proc.stdout.startswith(b"--- <stdin>\t(input)")
    record = json.dumps({"id": "x1", "text": article(8)}, ensure_ascii=False) + "\n"
    proc = arclean("--diff", "--jsonl", input=record.encode())
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("--- <stdin>#1 (x1)\t(input)\n")
    proc = arclean("--diff", str(clean), "-o", str(tmp_path / "out.txt"))
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1
    assert not (tmp_path / "out.txt").exists()


def test_check_names_what_changes_first(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(f"خبر اليوم هنا\n{PROMPT}\nنص الخبر،  وهو طويل.\n", "utf-8")
    proc = arclean("--check", str(page))
    assert proc.returncode == 1
    assert proc.stderr.decode() == (
        f"arclean: would change {page}: line 2: drop-subscription-prompts "
        f"(subscription prompt, start: {PROMPT[:-4]} (subscription.txt:7))\n"
    )
    record = json.dumps({"id": "k", "text": "نص سليم.\nنص ثان  هنا."}, ensure_ascii=False)
    jsonl = tmp_path / "c.jsonl"
    same = json.dumps({"id": "j", "text": "نص سليم."}, ensure_ascii=False)
    # (a blank line before it: the file's line 3 is its second record)
    jsonl.write_text(f"{same}\n\n{record}\n", "utf-8")
    proc = arclean("--check", str(jsonl))
    assert proc.stderr.decode() == (
        f"arclean: would change {jsonl}: the record on line 3 (k), "
        "line 2 of its text: collapse-whitespace\n"
    )


def test_report_losses_per_source_and_most_removed(tmp_path):
    raw = make_tree(tmp_path / "raw", 10)
    (raw / "bbc" / "all-boilerplate.txt").write_text(f"{PROMPT}\n", "utf-8")
    report = tmp_path / "run.json"
    proc = arclean(str(raw), "-o", str(tmp_path / "out"), "--report", str(report), "-q")
    assert proc.returncode == 0, proc.stderr
    rep = json.loads(report.read_text("utf-8"))
    losses = rep["summary"]["losses"]
    assert sum(losses["share_histogram"]) == rep["summary"]["docs"] == 12
    assert losses["share_histogram"][0] == 1  # clean.txt lost nothing
    by = losses["by_source"]
    assert set(by) == {"bbc", "cnn", "(none)"} and by["(none)"]["docs"] == 1
    assert by["bbc"]["dropped"] == {"drop-repeated-lines": 5, "drop-subscription-prompts": 6}
    total = sum(sum(s["dropped"].values()) for s in by.values())
    assert total == rep["summary"]["lines_dropped"]
    top = losses["most_removed"][0]
    assert top == {
        "doc": "bbc/all-boilerplate.txt",
        "source": "bbc",
        "share": 1.0,
        "chars_removed": len(PROMPT),
        "removals": 1,
    }
    assert losses["chars_removed"] == sum(s["chars_removed"] for s in by.values())


def test_outputs_never_overwrite_an_input_or_each_other(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(article(1), "utf-8")
    for flag in ("--save-removed", "--report"):
        proc = arclean(str(page), flag, str(page))
        assert proc.returncode == 2 and b"refusing to overwrite input" in proc.stderr
        assert page.read_text("utf-8") == article(1)
    same = str(tmp_path / "out.txt")
    proc = arclean(str(page), "-o", same, "--save-removed", same)
    assert proc.returncode == 2 and b"name the same file" in proc.stderr
    proc = arclean(str(page), "--report", same, "--save-removed", same)
    assert proc.returncode == 2 and not (tmp_path / "out.txt").exists()
    # A device is no file to overwrite: every output may go to /dev/null.
    proc = arclean(
        str(page), "-o", "/dev/null", "--save-removed", "/dev/null", "--report", "/dev/null"
    )
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr


def test_the_library_call_runs_a_job_with_a_watcher(tmp_path):
    class Seen(Watcher):
        def __init__(self) -> None:
            self.files: list[FileReport] = []

        def file_done(self, report: FileReport) -> None:
            self.files.append(report)

    raw = make_tree(tmp_path / "raw", 4)
    seen = Seen()
    job = CleanJob(
        inputs=(raw,),
        options=BatchOptions(check=True),
        jobs=1,
        save_removed=tmp_path / "removed.jsonl",
        config={"preset": "safe"},
    )
    summary = run_job(job, watcher=seen)
    assert summary.files == 5 and summary.changed == 4  # (clean.txt is clean)
    assert seen.files[0].first_change == "line 3: collapse-whitespace"  # (a double space)
    assert len(records_of(tmp_path / "removed.jsonl")) == 8
    assert Pipeline.from_config(job.config).filters[-1].name == "drop-repeated-lines"


def test_fixture_removals_match_the_library():
    raw = FIXTURES / "cases" / "headline-paywall.raw.txt"
    proc = arclean(str(raw), "--save-removed", "/dev/stdout", "--check")
    result = Pipeline.default().run(raw.read_text("utf-8"))
    got = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(r["line"], r["filter"]) for r in got] == [(r.line, r.filter) for r in result.removed]


def test_removed_lines_to_stdout_redirected_to_a_file_follow_the_text(tmp_path):
    # `--save-removed /dev/stdout > file`: /dev/stdout leads to the file the cleaned text
    # is going to; opening it anew would truncate it and write over the text.
    raw = FIXTURES / "cases" / "headline-paywall.raw.txt"
    expected_text = arclean(str(raw)).stdout
    for mode in ("wb", "ab"):
        out = tmp_path / f"out-{mode}.txt"
        out.write_bytes(b"kept from before\n")
        with out.open(mode) as fh:
            proc = subprocess.run(
                [str(ARCLEAN), str(raw), "--save-removed", "/dev/stdout", "-q"],
                stdout=fh,
                stderr=subprocess.PIPE,
            )
        assert proc.returncode == 0, proc.stderr
        data = out.read_bytes()
        before = b"kept from before\n" if mode == "ab" else b""
        assert data.startswith(before + expected_text), data[:200]
        records = [json.loads(x) for x in data[len(before + expected_text) :].splitlines()]
        assert records and all(r["doc"].endswith("headline-paywall.raw.txt") for r in records)
    assert os.path.islink("/dev/stdout")
