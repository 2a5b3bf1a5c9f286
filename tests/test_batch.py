"""Folders at scale: the real ``arclean`` on generated trees (parallel, resumable, safe)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from arcleaner import (
    BatchOptions,
    ConfigError,
    Pipeline,
    __version__,
    atomic,
    clean_paths,
    clean_tree,
)

from conftest import (
    ARCLEAN,
    FIXTURES,
    arclean,
    arclean_into_head,
    run_on_a_terminal,
    unprivileged,
)

RAW = (FIXTURES / "cases" / "headline-paywall.raw.txt").read_text("utf-8")
CLEAN = (FIXTURES / "cases" / "headline-paywall.clean.txt").read_text("utf-8")
PROMPT = "لم تشترك بعد"


def article(i: int, paragraphs: int = 3) -> str:
    """A distinct little article with boilerplate: a paywall prompt and a repeated title."""
    title = f"عنوان الخبر رقم {i} في الصفحة"
    body = "\n".join(
        f"الفقرة {p} من الخبر {i} تقول شيئا مهما عن الموضوع." for p in range(paragraphs)
    )
    return f"{title}\n{body}\n{title}\n{PROMPT}\n"


def files_of(root: Path) -> dict[str, bytes]:
    """Every regular file under root (relative posix path -> bytes), state file excluded."""
    out = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != ".arclean-state.json":
            out[path.relative_to(root).as_posix()] = path.read_bytes()
    return out


def temp_names(root: Path) -> list[str]:
    return [p.name for p in root.rglob("*.arclean-part")]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    (raw / "أخبار" / "سياسة").mkdir(parents=True)
    (raw / "sport").mkdir()
    (raw / "a.txt").write_text(RAW, "utf-8")
    (raw / "أخبار" / "خبر ١.txt").write_text(article(1), "utf-8")
    (raw / "أخبار" / "سياسة" / "deep.txt").write_text(article(2), "utf-8")
    (raw / "sport" / "empty.txt").write_bytes(b"")
    (raw / "sport" / "boiler.txt").write_text(f"{PROMPT}\n", "utf-8")
    (raw / "sport" / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (raw / "sport" / "latin1.txt").write_bytes("café\n".encode("latin-1"))
    (raw / "notes.html").write_text(RAW, "utf-8")  # not *.txt: not an input
    return raw


def test_tree_mirrored_bad_files_reported_report_json(tree, tmp_path):
    out, report = tmp_path / "clean", tmp_path / "report.json"
    proc = arclean(str(tree), "-o", str(out), "--report", str(report), "-j", "2")
    assert proc.returncode == 123
    err = proc.stderr.decode().strip().split("\n")
    assert err[0] == "arclean: error: sport/image.txt: binary file (NUL bytes), not text"
    assert err[1].startswith("arclean: error: sport/latin1.txt: not valid utf-8 at byte 3")
    assert err[1].endswith("not Arabic in a legacy code page; pass --encoding (e.g. latin-1)")
    assert err[2].startswith("arclean: 7 files (5 cleaned, 2 failed);")
    assert "1 all-boilerplate documents left empty" in err[2] and len(err) == 3
    got = files_of(out)
    assert sorted(got) == [
        "a.txt",
        "sport/boiler.txt",
        "sport/empty.txt",
        "أخبار/خبر ١.txt",
        "أخبار/سياسة/deep.txt",
    ]
    assert got["a.txt"].decode() == CLEAN
    assert got["sport/boiler.txt"] == b"" and got["sport/empty.txt"] == b""
    # Each output is what cleaning that file alone gives.
    for rel, data in got.items():
        assert arclean(str(tree / rel)).stdout == data, rel
    rep = json.loads(report.read_text("utf-8"))
    assert rep["arclean"] == __version__
    assert rep["config"] == json.loads(json.dumps(Pipeline.default().describe()))
    # Everything else that decides the outputs, so the run can be repeated.
    opts = rep["options"]
    assert (opts["include"], opts["exclude"], opts["encoding"]) == (["*.txt"], [], None)
    assert opts["jsonl"] == {
        "text_field": "text",
        "annotate": False,
        "strict": False,
        "source_by": None,
    }
    by_source = {f["source"]: f for f in rep["files"]}
    assert by_source["sport/image.txt"]["status"] == "failed"
    assert by_source["sport/boiler.txt"]["empty_docs"] == 1
    assert by_source["a.txt"]["dropped"] == {
        "drop-repeated-lines": 1,
        "drop-subscription-prompts": 2,
    }
    assert rep["summary"]["files"] == 7 and rep["summary"]["failed"] == 2
    assert rep["summary"]["empty_docs"] == 1
    assert temp_names(out) == []


def test_glob_exclude_and_symlinks(tree, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(RAW, "utf-8")
    (tree / "escape.txt").symlink_to(outside)  # leaves the tree: not followed
    (tree / "inside.txt").symlink_to(tree / "a.txt")  # stays inside: followed
    (tree / "loop").symlink_to(tree)  # a folder loop: not entered again
    out = tmp_path / "clean"
    proc = arclean(
        str(tree), "-o", str(out), "--glob", "*.txt", "--glob", "*.html", "--exclude", "sport"
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(files_of(out)) == [
        "a.txt",
        "inside.txt",
        "notes.html",
        "أخبار/خبر ١.txt",
        "أخبار/سياسة/deep.txt",
    ]
    proc = arclean(str(tree), "-o", str(tmp_path / "c2"), "--glob", "أخبار/*/*.txt")
    assert sorted(files_of(tmp_path / "c2")) == ["أخبار/سياسة/deep.txt"]


def make_corpus(root: Path, n: int, paragraphs: int = 3) -> Path:
    for i in range(n):
        folder = root / f"d{i % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:05d}.txt").write_text(article(i, paragraphs), "utf-8")
    return root


def test_same_output_at_any_jobs_and_under_spawn(tmp_path):
    raw = make_corpus(tmp_path / "raw", 120)
    runs = {}
    for name, jobs, env in (
        ("j1", "1", {}),
        ("j2", "2", {}),
        ("spawn", "2", {"ARCLEAN_START_METHOD": "spawn"}),
        ("forkserver", "3", {"ARCLEAN_START_METHOD": "forkserver"}),
    ):
        out = tmp_path / name
        proc = arclean(str(raw), "-o", str(out), "-j", jobs, "-q", env={**os.environ, **env})
        assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
        runs[name] = files_of(out)
    assert len(runs["j1"]) == 120
    assert runs["j1"] == runs["j2"] == runs["spawn"] == runs["forkserver"]
    env = {**os.environ, "ARCLEAN_START_METHOD": "bogus"}
    proc = arclean(str(raw), "-o", str(tmp_path / "bogus"), env=env)
    assert proc.returncode == 2 and proc.stderr.decode().startswith(
        "arclean: error: ARCLEAN_START_METHOD='bogus': not a start method here"
    )


def test_library_clean_tree_under_spawn(tmp_path):
    raw = make_corpus(tmp_path / "raw", 20)
    seen = []
    summary = clean_tree(
        raw,
        tmp_path / "out",
        Pipeline.default(),
        BatchOptions(),
        jobs=2,
        start_method="spawn",
        on_file=seen.append,
    )
    assert summary.files == 20 and summary.failed == 0
    assert summary.dropped == {"drop-subscription-prompts": 20, "drop-repeated-lines": 20}
    assert [r.source for r in seen] == sorted(r.source for r in seen)  # walk order kept


def test_library_clean_paths_files_and_folders_into_one_folder(tree, tmp_path):
    loose = tmp_path / "loose.txt"
    loose.write_text(RAW, "utf-8")
    out = tmp_path / "out"
    summary = clean_paths([loose, tree / "أخبار"], out, Pipeline.default(), jobs=1)
    assert summary.files == 3 and summary.failed == 0
    assert sorted(files_of(out)) == ["loose.txt", "أخبار/خبر ١.txt", "أخبار/سياسة/deep.txt"]
    assert (out / "loose.txt").read_text("utf-8") == CLEAN
    twin = tmp_path / "twin" / "loose.txt"
    twin.parent.mkdir()
    twin.write_text(RAW, "utf-8")
    with pytest.raises(ConfigError, match="would both be written to"):
        clean_paths([loose, twin], tmp_path / "out2", Pipeline.default(), jobs=1)
    with pytest.raises(ConfigError, match="inside the input folder"):
        clean_paths([loose, tree], tree / "sub", Pipeline.default(), jobs=1)


def test_two_inputs_with_one_name_are_refused_before_anything_is_written(tmp_path):
    for a, b in (("p/news", "q/news"), ("p/news", "q/news.txt")):
        one, two = tmp_path / a, tmp_path / b
        one.mkdir(parents=True)
        (one / "x.txt").write_text(RAW, "utf-8")
        if b.endswith(".txt"):  # a folder "news" and a file "news"
            two = two.with_suffix("")
            two.parent.mkdir(parents=True, exist_ok=True)
            two.write_text(RAW, "utf-8")
        else:
            two.mkdir(parents=True)
            (two / "x.txt").write_text(RAW, "utf-8")
        out = tmp_path / "out"
        proc = arclean(str(one), str(two), "-o", str(out))
        assert proc.returncode == 2, proc.stderr
        assert b"would both be written to" in proc.stderr
        assert not out.exists()
        shutil.rmtree(tmp_path / "p")
        shutil.rmtree(tmp_path / "q")


def test_refuses_output_inside_input(tree):
    before = files_of(tree)
    for out in (tree, tree / "sport", tree / "new" / "deeper"):
        proc = arclean(str(tree), "-o", str(out))
        assert proc.returncode == 2
        assert b"refusing to write into the input" in proc.stderr
    assert files_of(tree) == before and not (tree / "new").exists()


def test_no_output_is_written_over_an_input_or_inside_an_input_folder(tmp_path):
    """An output folder that holds an input folder: a file whose output would land on an
    input, or inside an input folder, is not cleaned (one error line, exit 123) and the
    others are (``arclean e -o .`` wrote ``e/e/a.txt`` over the input ``e/a.txt``, a
    new-user pass found; a review found the same through a symlinked input folder,
    another input's folder, and a file input beside a folder), as text or JSONL."""
    top = tmp_path / "e"
    (top / "e").mkdir(parents=True)
    (top / "a.txt").write_text("أصل&nbsp;١\n", "utf-8")
    (top / "e" / "a.txt").write_text("الداخلي&nbsp;٢\n", "utf-8")
    before = files_of(top)
    proc = arclean("e", "-o", ".", cwd=tmp_path)
    assert proc.returncode == 123, proc.stderr
    assert proc.stderr.decode().startswith(
        "arclean: error: e/e/a.txt: not cleaned: its output e/a.txt would be inside the "
        f"input folder {top}; "
    )
    assert files_of(top) == before and (tmp_path / "a.txt").read_text("utf-8") == "أصل ١\n"
    jsonl = tmp_path / "j"
    (jsonl / "j").mkdir(parents=True)
    for path in (jsonl / "a.jsonl", jsonl / "j" / "a.jsonl"):
        path.write_text('{"text": "نص&nbsp;الخبر"}\n', "utf-8")
    proc = arclean("j", "-o", ".", "--jsonl", cwd=tmp_path)
    assert proc.returncode == 123 and b"j/j/a.jsonl: not cleaned" in proc.stderr
    assert (jsonl / "a.jsonl").read_text("utf-8") == '{"text": "نص&nbsp;الخبر"}\n'
    # (through a symlink to the input folder; another input's folder; a file input)
    link = tmp_path / "s"
    (tmp_path / "real" / "s" / "s").mkdir(parents=True)
    (tmp_path / "real" / "s" / "a.txt").write_text("A\n", "utf-8")
    (tmp_path / "real" / "s" / "s" / "a.txt").write_text("B\n", "utf-8")
    link.symlink_to(tmp_path / "real" / "s")
    proc = arclean("s", "-o", ".", cwd=tmp_path)
    assert proc.returncode == 123 and b"s/s/a.txt: not cleaned" in proc.stderr
    assert (tmp_path / "real" / "s" / "a.txt").read_text("utf-8") == "A\n"
    (tmp_path / "x" / "a").mkdir(parents=True)
    (tmp_path / "x" / "a" / "f.txt").write_text("X\n", "utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f.txt").write_text("ORIG\n", "utf-8")
    proc = arclean("x/a", "a/f.txt", "-o", ".", cwd=tmp_path)
    assert proc.returncode == 123, proc.stderr
    assert b"x/a/f.txt: not cleaned: its output a/f.txt would be the input" in proc.stderr
    assert (tmp_path / "a" / "f.txt").read_text("utf-8") == "ORIG\n"
    # (nor a report or removed-lines file over a file the run reads in an input folder;
    # a review found --report e/a.txt written over that input, exit 0; a new file there,
    # or one the run does not read, may be written)
    for flag in ("--report", "--save-removed"):
        proc = arclean("e", "-o", "out", flag, "e/a.txt", cwd=tmp_path)
        assert proc.returncode == 2, proc.stderr
        assert f"refusing to overwrite input e/a.txt ({flag}; inside".encode() in proc.stderr
        assert files_of(top) == before
    proc = arclean("e", "-o", "out", "--report", "e/run.json", cwd=tmp_path)
    assert proc.returncode == 0 and (top / "run.json").is_file(), proc.stderr
    (top / "run.json").unlink()
    # (and a run where nothing lands inside the input is not refused: e/e is a file)
    shutil.rmtree(top / "e")
    (top / "e").write_text("x", "utf-8")
    (tmp_path / "a.txt").unlink()
    proc = arclean("e", "-o", ".", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "a.txt").read_text("utf-8") == "أصل ١\n"


def test_folder_needs_an_output(tree):
    proc = arclean(str(tree))
    assert proc.returncode == 2 and b"needs -o OUTPUT_DIR" in proc.stderr


def test_output_with_a_trailing_slash_is_a_folder(tmp_path):
    src = tmp_path / "خبر.txt"
    src.write_text(RAW, "utf-8")
    proc = arclean(str(src), "-o", f"{tmp_path / 'new'}/")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "new" / "خبر.txt").read_text("utf-8") == CLEAN
    proc = arclean(str(src), "-o", str(tmp_path / "plain"))  # no slash: a file
    assert proc.returncode == 0 and (tmp_path / "plain").read_text("utf-8") == CLEAN


def test_in_place_rewrites_only_changed_files(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    dirty, clean = raw / "dirty.txt", raw / "clean.txt"
    dirty.write_text(RAW, "utf-8")
    clean.write_text(CLEAN, "utf-8")
    os.utime(clean, ns=(1_000_000_000, 1_000_000_000))
    ino = clean.stat().st_ino
    proc = arclean(str(raw), "--in-place", "-q")
    assert proc.returncode == 0, proc.stderr
    assert dirty.read_text("utf-8") == CLEAN
    assert clean.stat().st_mtime_ns == 1_000_000_000 and clean.stat().st_ino == ino
    assert sorted(p.name for p in raw.iterdir()) == ["clean.txt", "dirty.txt"]
    proc = arclean(str(raw), "--in-place", "-o", str(tmp_path / "x"))
    assert proc.returncode == 2


def test_in_place_keeps_permissions_and_symlinks(tmp_path):
    private, script, target = tmp_path / "private.txt", tmp_path / "run.txt", tmp_path / "t"
    shard = tmp_path / "shard.jsonl"
    for path in (private, script):
        path.write_text(RAW, "utf-8")
    private.chmod(0o600)
    script.chmod(0o755)
    target.mkdir()
    (target / "real.txt").write_text(RAW, "utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target / "real.txt")
    shard.write_text(json.dumps({"id": 1, "text": RAW}, ensure_ascii=False) + "\n", "utf-8")
    shard.chmod(0o640)
    jlink = tmp_path / "jlink.jsonl"
    jlink.symlink_to(shard)
    for path in (private, script, link, jlink):
        proc = arclean(str(path), "--in-place", "-q")
        assert proc.returncode == 0, proc.stderr
    assert private.read_text("utf-8") == script.read_text("utf-8") == CLEAN
    assert (private.stat().st_mode & 0o777, script.stat().st_mode & 0o777) == (0o600, 0o755)
    assert link.is_symlink() and (target / "real.txt").read_text("utf-8") == CLEAN
    assert jlink.is_symlink() and shard.stat().st_mode & 0o777 == 0o640
    assert json.loads(shard.read_text("utf-8"))["text"] + "\n" == CLEAN
    assert temp_names(tmp_path) == []


def test_check_mode_on_a_folder(tree, tmp_path):
    (tree / "sport" / "image.txt").unlink()
    (tree / "sport" / "latin1.txt").unlink()
    proc = arclean(str(tree), "--check", "-q")
    assert proc.returncode == 1 and proc.stdout == b""
    clean = tmp_path / "c"
    clean.mkdir()
    (clean / "x.txt").write_text(CLEAN, "utf-8")
    assert arclean(str(clean), "--check", "-q").returncode == 0


def report_statuses(path: Path) -> dict[str, str]:
    return {f["source"]: f["status"] for f in json.loads(path.read_text("utf-8"))["files"]}


def test_resume_reports_malformed_jsonl_lines_again(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    good = json.dumps({"id": 1, "text": RAW}, ensure_ascii=False)
    (raw / "a.jsonl").write_text(f"{good}\n{{broken\n", "utf-8")
    (raw / "b.jsonl").write_text(f"{good}\n", "utf-8")
    out, rep = tmp_path / "out", tmp_path / "rep.json"
    for _ in range(2):  # the rerun must not hide the bad line behind "up to date"
        proc = arclean(str(raw), "-o", str(out), "--jsonl", "--report", str(rep))
        assert proc.returncode == 123, proc.stderr
        assert "a.jsonl:2: invalid JSON" in proc.stderr.decode()
        assert len((out / "a.jsonl").read_text("utf-8").splitlines()) == 1
    assert report_statuses(rep) == {"a.jsonl": "cleaned", "b.jsonl": "up-to-date"}


def test_resume_skips_up_to_date_and_redoes_stale(tmp_path):
    raw = make_corpus(tmp_path / "raw", 10)
    out, rep = tmp_path / "out", tmp_path / "rep.json"
    assert arclean(str(raw), "-o", str(out), "-q").returncode == 0
    first = files_of(out)
    proc = arclean(str(raw), "-o", str(out), "--report", str(rep))
    assert set(report_statuses(rep).values()) == {"up-to-date"}
    assert "(10 up-to-date)" in proc.stderr.decode()
    # A newer input is redone, the others are not.
    changed = raw / "d3" / "00003.txt"
    # A new paragraph inside the body (an edit of the article itself).
    changed.write_text(article(3).replace("\n", "\nسطر جديد في الخبر.\n", 1), "utf-8")
    arclean(str(raw), "-o", str(out), "--report", str(rep), "-q")
    statuses = report_statuses(rep)
    assert statuses.pop("d3/00003.txt") == "cleaned"
    assert set(statuses.values()) == {"up-to-date"}
    assert "\nسطر جديد في الخبر.\n" in (out / "d3" / "00003.txt").read_text("utf-8")
    # A different configuration makes every output stale.
    arclean(str(raw), "-o", str(out), "--report", str(rep), "--diacritics", "keep", "-q")
    assert set(report_statuses(rep).values()) == {"cleaned"}
    arclean(str(raw), "-o", str(out), "--report", str(rep), "--diacritics", "keep", "-q")
    assert set(report_statuses(rep).values()) == {"up-to-date"}
    arclean(str(raw), "-o", str(out), "--report", str(rep), "--diacritics", "keep", "--no-resume")
    assert set(report_statuses(rep).values()) == {"cleaned"}
    assert sorted(files_of(out)) == sorted(first)


def test_a_run_made_again_leaves_the_removed_lines_file_as_it_was(tmp_path):
    """Made again with nothing to clean, a run would have replaced the removed-lines
    file by an empty one (the first run's audit lost); it leaves it and says so."""
    raw = make_corpus(tmp_path / "raw", 5)
    out, removed = tmp_path / "out", tmp_path / "removed.jsonl"
    assert arclean(str(raw), "-o", str(out), "--save-removed", str(removed)).returncode == 0
    first = removed.read_bytes()
    assert first.count(b"\n") == 10  # (each article: its repeated title and its prompt)
    proc = arclean(str(raw), "-o", str(out), "--save-removed", str(removed))
    assert proc.returncode == 0 and removed.read_bytes() == first
    assert f"all 5 outputs were up to date: nothing was cleaned, and {removed} is left as it" in (
        proc.stderr.decode()
    )
    assert sorted(os.listdir(tmp_path)) == ["out", "raw", "removed.jsonl"]  # (no temp file)
    # A file not there before is written (empty), and the message says why it is empty.
    other = tmp_path / "other.jsonl"
    proc = arclean(str(raw), "-o", str(out), "--save-removed", str(other))
    assert proc.returncode == 0 and other.read_bytes() == b""
    assert f"their removals are not in {other}" in proc.stderr.decode()


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM", "SIGKILL"])
def test_interrupted_run_then_resume_equals_uninterrupted(tmp_path, signame):
    # Enough work that the batch is still running when the 10th output appears.
    raw = make_corpus(tmp_path / "raw", 300, paragraphs=400)
    ref = tmp_path / "ref"
    assert arclean(str(raw), "-o", str(ref), "-q", "-j", "2").returncode == 0
    expected = files_of(ref)
    out = tmp_path / "out"
    spool = tmp_path / "tmp"  # where workers would spill their removed lines
    spool.mkdir()
    audit = [
        *("--save-removed", str(tmp_path / "removed.jsonl")),
        *("--report", str(tmp_path / "partial.json")),
    ]
    p = subprocess.Popen(
        [str(ARCLEAN), str(raw), "-o", str(out), "-j", "2", "-q", *audit],
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a terminal would make it
        env={**os.environ, "TMPDIR": str(spool)},
    )
    deadline = time.monotonic() + 60
    while len([f for f in out.rglob("*.txt") if f.is_file()]) < 10:
        assert p.poll() is None, "the batch finished before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    os.killpg(p.pid, getattr(signal, signame))
    _, err = p.communicate(timeout=60)
    if signame == "SIGKILL":  # no chance to clean up: O_TMPFILE leaves nothing to clean
        assert p.returncode == -signal.SIGKILL and err == b""
    else:
        assert p.returncode == 130
        assert err.decode().strip() == "arclean: interrupted"
    if signame == "SIGKILL":
        wait_until_gone(p.pid)
    else:
        with pytest.raises(ProcessLookupError):  # the parent waited for its workers
            os.killpg(p.pid, 0)
    if signame != "SIGKILL" or atomic._ANONYMOUS:
        assert temp_names(out) == []
        # Neither the removed lines nor the report of an interrupted run is published.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw", "ref", "tmp"]
    if signame != "SIGKILL":
        assert list(spool.iterdir()) == []
    partial = files_of(out)
    assert 10 <= len(partial) < len(expected)
    for rel, data in partial.items():
        assert data == expected[rel], rel  # every output present is complete
    rep = tmp_path / "rep.json"
    proc = arclean(str(raw), "-o", str(out), "-j", "2", "--report", str(rep))
    assert proc.returncode == 0
    assert files_of(out) == expected
    statuses = list(report_statuses(rep).values())
    assert statuses.count("up-to-date") >= len(partial) - 2  # (outputs being renamed)
    assert statuses.count("cleaned") == len(expected) - statuses.count("up-to-date")


def running_in_group(pgid: int) -> list[int]:
    """Processes of a process group that still run (zombies, dead but not yet reaped by
    whichever init adopted them, do not count)."""
    alive = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                alive.append(int(entry))
    return alive


def wait_until_gone(pgid: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while running_in_group(pgid):
        assert time.monotonic() < deadline, f"still running: {running_in_group(pgid)}"
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see workers")
def test_workers_leave_when_the_parent_is_killed(tmp_path):
    # SIGKILL to the parent alone (the OOM killer's way): its workers must not linger.
    raw = make_corpus(tmp_path / "raw", 300, paragraphs=400)
    out = tmp_path / "out"
    p = subprocess.Popen(
        [str(ARCLEAN), str(raw), "-o", str(out), "-j", "2", "-q"], start_new_session=True
    )
    deadline = time.monotonic() + 60
    while len([f for f in out.rglob("*.txt") if f.is_file()]) < 10:
        assert p.poll() is None and time.monotonic() < deadline
        time.sleep(0.005)
    assert len(running_in_group(p.pid)) >= 3  # the parent, two workers (and a forkserver)
    p.kill()
    p.wait()
    wait_until_gone(p.pid)
    assert temp_names(out) == [] or not atomic._ANONYMOUS


def test_big_file_into_head_is_quiet(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(article(1, paragraphs=40000), "utf-8")
    proc = arclean_into_head(f"'{big}'")
    assert proc.stderr == b""
    first, code = proc.stdout.decode().strip().split("\n")
    # Megabytes of output into a 64 KB pipe: arclean cannot have finished, so it must
    # say the reader went away (141), never 0 for a truncated output.
    assert first == "عنوان الخبر رقم 1 في الصفحة" and code == "141"


def test_a_closed_stderr_is_a_reader_gone_too(tmp_path):
    """--explain writes to stderr: when its reader goes away (``2>&1 >/dev/null | head``)
    that is exit 141, as for stdout, never 1 ("--check found changes")."""
    big = tmp_path / "big.txt"
    big.write_text(article(1, paragraphs=10) * 3000, "utf-8")
    proc = arclean_into_head(f"--explain '{big}' 2>&1 >/dev/null")
    first, code = proc.stdout.decode().strip().split("\n")
    assert first.startswith(f"{big}:") and code == "141"


def test_a_removed_lines_reader_gone_is_141(tmp_path):
    """--save-removed /dev/stdout | head: the reader of the removed lines went away, a
    quiet 141 (not 'Broken pipe' named as a failed output)."""
    big = tmp_path / "big.txt"
    big.write_text(article(1, paragraphs=10) * 3000, "utf-8")
    proc = arclean_into_head(f"'{big}' -o '{tmp_path / 'out.txt'}' --save-removed /dev/stdout")
    first, code = proc.stdout.decode().strip().split("\n")
    assert json.loads(first)["filter"] and code == "141" and proc.stderr == b""


def test_stdout_on_a_full_disk(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full does not exist here")
    src = tmp_path / "a.txt"
    src.write_text(article(1, paragraphs=3000), "utf-8")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([str(ARCLEAN), str(src)], stdout=full, stderr=subprocess.PIPE)
    assert proc.returncode == 123
    assert proc.stderr.decode() == "arclean: error: <stdout>: No space left on device\n"


@pytest.mark.parametrize("option", ["--report", "--save-removed"])
def test_a_side_file_on_a_full_disk_is_named(tmp_path, option):
    """A report or removed-lines file that cannot be written is an output that failed
    (exit 123, the file and its option named), not a usage error; the cleaned text
    written before it stays."""
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full does not exist here")
    src = tmp_path / "a.txt"
    src.write_text(article(1, paragraphs=30), "utf-8")
    proc = arclean(str(src), option, "/dev/full")
    assert proc.returncode == 123
    want = f"arclean: error: /dev/full: No space left on device ({option})\n"
    assert proc.stderr.decode() == want
    assert proc.stdout.decode().startswith("عنوان الخبر رقم 1 في الصفحة\n")


def test_a_removed_lines_file_on_a_full_disk_stops_a_jsonl_run_cleanly(tmp_path):
    """The records' removals go to --save-removed as they come: a full disk there stops
    the run naming that file (not the cleaned output), and no output is half-written."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mnt)]).returncode:
        pytest.skip("cannot mount a tmpfs here (no CAP_SYS_ADMIN in this container)")
    try:
        src = tmp_path / "in.jsonl"
        rows = [{"id": i, "text": article(i, paragraphs=3)} for i in range(300)]
        src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        out, removed = tmp_path / "out.jsonl", mnt / "removed.jsonl"
        proc = arclean(str(src), "-o", str(out), "--save-removed", str(removed))
        assert proc.returncode == 123
        assert proc.stderr.decode() == (
            f"arclean: error: {removed}: No space left on device (--save-removed)\n"
        )
        assert os.listdir(mnt) == [] and sorted(os.listdir(tmp_path)) == ["in.jsonl", "small"]
    finally:
        subprocess.run(["umount", str(mnt)])


def test_files_on_a_full_disk(tmp_path):
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    mnt = tmp_path / "small"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)])
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (no CAP_SYS_ADMIN in this container)")
    try:
        raw = make_corpus(tmp_path / "raw", 12, paragraphs=120)
        proc = arclean(str(raw), "-o", str(mnt / "out"), "-j", "2")
        assert proc.returncode == 123
        err = proc.stderr.decode().strip().split("\n")
        assert all(e.endswith("No space left on device") for e in err[:-1]) and len(err) > 2
        assert "Traceback" not in proc.stderr.decode()
        assert temp_names(mnt) == []
        expected = {}
        for rel, data in files_of(mnt / "out").items():  # what was written is complete
            expected[rel] = arclean(str(raw / rel)).stdout
            assert data == expected[rel], rel
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_unreadable_input_and_read_only_output_folder():
    prefix = unprivileged()

    def as_nobody(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([*prefix, str(ARCLEAN), *args], capture_output=True, timeout=120)

    # pytest's tmp_path is private to root; this folder must be usable by 'nobody'.
    base = Path(tempfile.mkdtemp(prefix="arclean-perm-"))
    try:
        base.chmod(0o777)
        raw = make_corpus(base / "raw", 4)
        secret = raw / "d0" / "00000.txt"
        for path in [raw, *raw.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o666)
        secret.chmod(0)
        out = base / "out"
        proc = as_nobody(str(raw), "-o", str(out), "-j", "2")
        assert proc.returncode == 123, proc.stderr
        err = proc.stderr.decode().strip().split("\n")
        assert err[0] == "arclean: error: d0/00000.txt: Permission denied"
        assert sorted(files_of(out)) == ["d1/00001.txt", "d2/00002.txt", "d3/00003.txt"]
        # The same file named among others: one line for it, the others are cleaned.
        named = [str(raw / d / f"0000{i}.txt") for i, d in enumerate(["d0", "d1", "d2"])]
        proc = as_nobody(*named, "-o", str(base / "named"))
        assert proc.returncode == 123, proc.stderr
        err = proc.stderr.decode().strip().split("\n")
        assert err[0] == f"arclean: error: {secret}: Permission denied", err
        assert sorted(files_of(base / "named")) == ["00001.txt", "00002.txt"]
        # A read-only output folder: every write fails, one line each, nothing left behind.
        ro = base / "ro"
        ro.mkdir(mode=0o555)
        ro.chmod(0o555)
        secret.chmod(0o666)
        proc = as_nobody(str(raw), "-o", str(ro), "-j", "2")
        assert proc.returncode == 123, proc.stderr
        err = proc.stderr.decode().strip().split("\n")
        assert err[-1].startswith("arclean: 4 files (4 failed)")
        assert len(err) == 5 and all(e.endswith(": Permission denied") for e in err[:-1])
        assert f"arclean: error: {ro}/d0: Permission denied" in err
        assert list(ro.iterdir()) == []
        # A folder one may write into but not list (-wx): a plain open() works there,
        # and so must arclean's atomic write.
        wx = base / "wx"
        wx.mkdir()
        wx.chmod(0o333)
        proc = as_nobody(str(secret), "-o", str(wx / "out.txt"))
        assert proc.returncode == 0, proc.stderr
        assert (wx / "out.txt").read_bytes() == arclean(str(secret)).stdout
    finally:
        shutil.rmtree(base)


def test_progress_counts_only_cleaned_bytes(tmp_path):
    # A resumed run skips files: their bytes leave the total instead of adding to the
    # done part, so the rate and time remaining describe the cleaning (not GB/s of stat).
    from arcleaner.cli.console import Progress
    from arcleaner.run import plan_tree
    from arcleaner.run.report import UP_TO_DATE, FileReport

    raw = make_corpus(tmp_path / "raw", 4)
    jobs = list(plan_tree(raw, tmp_path / "out"))
    sizes = [Path(j.source).stat().st_size for j in jobs]
    progress = Progress(jobs)
    task = progress.bar.tasks[0]
    assert task.total == sum(sizes)
    progress.advance(FileReport(jobs[0].name, status=UP_TO_DATE, bytes_in=sizes[0]))
    progress.advance(FileReport(jobs[1].name, bytes_in=sizes[1]))
    assert (task.completed, task.total) == (sizes[1], sum(sizes) - sizes[0])
    assert task.fields["done"] == 2


def test_progress_and_summary_table_only_on_a_terminal(tmp_path):
    raw = make_corpus(tmp_path / "raw", 30)
    code, shown = run_on_a_terminal(str(raw), "-o", str(tmp_path / "a"))
    assert code == 0
    assert "cleaning" in shown and "30/30 files" in shown  # the progress bar
    assert "arclean summary" in shown and "drop-subscription-prompts" in shown
    code, shown = run_on_a_terminal(str(raw), "-o", str(tmp_path / "b"), "--quiet")
    assert code == 0 and shown == ""
    proc = arclean(str(raw), "-o", str(tmp_path / "c"))  # not a terminal: one plain line
    lines = proc.stderr.decode().strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("arclean: 30 files (30 cleaned);")
    assert "\x1b" not in proc.stderr.decode()
    assert arclean(str(raw), "-o", str(tmp_path / "d"), "-q").stderr == b""


def _chunk_sizes(chunk: list[int], state: None) -> list[int]:
    return [len(chunk)] * len(chunk)


def test_big_files_go_to_workers_one_chunk_each(tmp_path):
    # Chunks end at 1 MB of input: eight 5 MB files made one chunk, so one worker of two
    # did all the work and the progress bar stood still until the end.
    from arcleaner._parallel import ordered_map
    from arcleaner.run.batch import _file_size
    from arcleaner.run.plan import Job

    sizes = [3 << 20, 3 << 20, 10, 10, 3 << 20]
    jobs = []
    for i, size in enumerate(sizes):
        (tmp_path / f"{i}.txt").write_bytes(b"x" * size)
        jobs.append(Job(str(tmp_path / f"{i}.txt"), None, f"{i}.txt"))
    assert [_file_size(j) for j in jobs] == sizes
    assert _file_size(Job(str(tmp_path / "gone.txt"), None, "gone.txt")) == 0
    got = list(ordered_map(_chunk_sizes, jobs, state=None, jobs=2, chunk_size=16, weigh=_file_size))
    assert len(got) == 5 and got[0] == got[1] == 1  # (the small ones may share a chunk)


def test_stopping_workers_drains_a_task_pipe_left_mid_message():
    """When the workers are stopped (the output pipe closed: ``arclean -j 2 | head``),
    the task pipe is drained as raw bytes until the sender is done: a worker stopped in
    the middle of reading a task left the rest of it, which read as messages announced a
    length that never came, and ``arclean`` hung (seen once in the suite)."""
    import multiprocessing
    import struct
    import threading

    from arcleaner._parallel import _drain

    r, w = multiprocessing.Pipe(duplex=False)
    # The rest of a message a worker began to read (no header of its own left), then a
    # task the sender is still writing, bigger than the pipe holds.
    os.write(w.fileno(), b"y" * 10)
    sender = threading.Thread(target=w.send_bytes, args=(b"z" * (1 << 20),), daemon=True)
    sender.start()
    drainer = threading.Thread(target=_drain, args=(r, sender), daemon=True)
    drainer.start()
    drainer.join(30)
    assert not drainer.is_alive() and not sender.is_alive()
    assert struct.unpack("!i", b"yyyy")[0] > 1 << 30  # (what recv_bytes would wait for)
