"""A new user's mistakes and a machine's faults, through the real ``arclean``: each is loud
(one line naming what and where), clean (no traceback, nothing half-written) and loses
nothing (what was not cleaned is named, exit 123)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import ARCLEAN, FIXTURES, arclean, run_on_a_terminal, unprivileged

RAW = FIXTURES / "cases" / "headline-paywall.raw.txt"


def test_unreadable_folders_are_failures_not_silence():
    prefix = unprivileged()
    base = Path(tempfile.mkdtemp(prefix="arclean-walk-"))
    try:
        base.chmod(0o777)
        raw = base / "raw"
        for rel in ("d0/a.txt", "d1/b.txt", "d2/c.txt", "d3/sub/z.txt", "d3/y.txt"):
            (raw / rel).parent.mkdir(parents=True, exist_ok=True)
            (raw / rel).write_text("نص الخبر.\n", "utf-8")
        for path in [raw, *raw.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o666)
        (raw / "d1").chmod(0)  # cannot be listed
        (raw / "d3").chmod(0o444)  # listed, but nothing inside can be opened
        proc = subprocess.run(
            [*prefix, str(ARCLEAN), str(raw), "-o", str(base / "out"), "-j", "2"],
            capture_output=True,
            timeout=120,
        )
        err = proc.stderr.decode().strip().split("\n")
        assert proc.returncode == 123, err
        assert err[:3] == [
            "arclean: error: d1/: cannot read this folder (Permission denied); "
            "its files were not cleaned",
            "arclean: error: d3/sub/: cannot read this folder (Permission denied); "
            "its files were not cleaned",
            "arclean: error: d3/y.txt: Permission denied",
        ]
        assert err[3].startswith("arclean: 5 files (2 cleaned, 3 failed)")
        assert sorted(p.name for p in (base / "out").rglob("*.txt")) == ["a.txt", "c.txt"]
    finally:
        (raw / "d1").chmod(0o777)
        (raw / "d3").chmod(0o777)
        shutil.rmtree(base)


def test_a_text_field_no_record_has_fails_that_input(tmp_path):
    records = [
        {"id": 1, "text": "نص الخبر.\nلم تشترك بعد", "metadata": {"site": "x"}},
        {"id": 2, "text": "خبر آخر.", "url": "u"},
    ]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    want = (
        "no record has the text field 'txt' (the records have: id, text, metadata, url); "
        "pass --text-field (text_field=) with one of them"
    )
    # A stream: the records have passed through unchanged, then the error, exit 123.
    proc = arclean("--jsonl", "--text-field", "txt", input=data)
    assert proc.returncode == 123 and proc.stdout == data
    assert proc.stderr.decode() == f"arclean: error: <stdin>: {want}\n"
    # A file: its output is not written. A folder of shards at -j 2: that shard fails,
    # the others are cleaned.
    shards = tmp_path / "shards"
    shards.mkdir()
    (shards / "a.jsonl").write_bytes(data)
    (shards / "b.jsonl").write_text('{"id": 3, "txt": "نص."}\n', "utf-8")
    proc = arclean(str(shards / "a.jsonl"), "--text-field", "txt", "-o", str(tmp_path / "a"))
    assert proc.returncode == 123 and not (tmp_path / "a").exists()
    assert proc.stderr.decode() == f"arclean: error: {shards / 'a.jsonl'}: {want}\n"
    out = tmp_path / "out"
    proc = arclean(str(shards), "--jsonl", "--text-field", "txt", "-o", str(out), "-j", "2")
    err = proc.stderr.decode().strip().split("\n")
    assert proc.returncode == 123 and err[0] == f"arclean: error: a.jsonl: {want}"
    assert err[1].startswith("arclean: 2 files (1 cleaned, 1 failed)") and len(err) == 2
    assert sorted(p.name for p in out.iterdir()) == [".arclean-state.json", "b.jsonl"]
    # Some records without the field (or with null) are still passed through and warned.
    proc = arclean("--jsonl", input=data + b'{"id": 4}\n{"id": 5, "text": null}\n')
    assert proc.returncode == 0 and proc.stderr.count(b"passed through unchanged") == 2


def test_files_into_their_own_folder_are_refused_before_anything_is_written(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(RAW.read_bytes())
    b.write_text("نص آخر.\n", "utf-8")
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "c.txt").write_bytes(RAW.read_bytes())
    before = sorted(p.name for p in tmp_path.rglob("*"))
    for args in (
        [str(a), str(b), "-o", str(tmp_path)],
        [str(a), "-o", f"{tmp_path}/"],
        ["news", "a.txt", "-o", "."],  # news/ would be mirrored onto itself
    ):
        proc = arclean(*args, "-j", "2", cwd=tmp_path)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and err.count("\n") == 1, err
        assert err.startswith("arclean: error: refusing to "), err
        assert sorted(p.name for p in tmp_path.rglob("*")) == before  # no state file
    assert a.read_bytes() == RAW.read_bytes()


def test_hints_point_the_right_way(tmp_path):
    # A short windows-1256 file is not guessed, but the hint names windows-1256: latin-1
    # would turn it into mojibake. Latin-1 French still gets the latin-1 hint.
    short = tmp_path / "short.txt"
    short.write_bytes("مرحبا بكم".encode("windows-1256"))
    french = tmp_path / "fr.txt"
    french.write_bytes("café crème".encode("latin-1"))
    proc = arclean(str(short), str(french), "-o", str(tmp_path / "out"))
    err = proc.stderr.decode().split("\n")
    assert proc.returncode == 123
    assert err[0] == (
        f"arclean: error: {short}: not valid utf-8 at byte 0, too short to be sure of its "
        "code page, but it reads as Arabic in windows-1256; pass --encoding windows-1256"
    )
    assert err[1].endswith("not Arabic in a legacy code page; pass --encoding (e.g. latin-1)")
    # UTF-16 (and UTF-32) without a byte-order mark is told by its NUL bytes and decoded.
    text = "نص الخبر الأول.\nسطر ثان مع English words.\n"
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le"):
        proc = arclean(input=text.encode(codec))
        assert proc.returncode == 0 and proc.stdout.decode() == text, codec
    # ...or named, when it does not decode as text in it.
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"\x89\x00P\x00N\x00G\x00\x01\x00\x02\x00")
    proc = arclean(str(odd))
    assert proc.returncode == 123 and b"as in utf-16-le text without a byte-order" in proc.stderr
    # Usage errors: one line, pointing at a help that exists (clean is a hidden command).
    for args, where in ((["--bogus"], "arclean --help"), (["eval", "--bogus"], "eval --help")):
        proc = arclean(*args)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and err.count("\n") == 1, err
        assert err.startswith("arclean: error: No such option '--bogus'") and where in err
        assert "'arclean clean" not in err


_EMPTY = "empty (an unset variable in a script?)"


def test_every_usage_error_says_where_its_help_is(tmp_path):
    # Our own usage errors (not only click's parser's) carry the hint, naming the help of
    # the command that was running; a group without its command names its commands.
    page = tmp_path / "page.txt"
    page.write_text("نص الخبر.\n", "utf-8")
    steps = "drop-repeated-lines: min_words must be at least 1, not -5"
    for args, message in (
        (["--set", "drop-repeated-lines.min_words=-5", "page.txt"], steps),
        (["page.txt", "-o", "page.txt"], "refusing to overwrite input page.txt (-o page.txt)"),
        (
            ["--save-removed", "missing/dir/x.jsonl", "page.txt"],
            "missing/dir/x.jsonl: No such file or directory (--save-removed)",
        ),
        (
            ["--report", "missing/dir/run.json", "page.txt", "-o", "out.txt"],
            "missing/dir/run.json: No such file or directory (--report)",
        ),
        # (a folder, or '' (the current folder), is found before the run, not at its end)
        (["--report", "", "page.txt", "-o", "out.txt"], ".: a folder, not a file (--report)"),
        (
            ["--in-place", "-o", "x", "page.txt"],
            "--in-place rewrites the inputs; it cannot be used with -o",
        ),
        # (an empty name: -o '' was the current folder, --glob '' matched nothing)
        (["page.txt", "-o", ""], "Invalid value for '-o' / '--output': " + _EMPTY),
        ([".", "--glob", "", "-o", "out"], "Invalid value for '--glob': " + _EMPTY),
        (  # (it was ignored: a new-user pass found nothing written where -o said)
            ["--check", "-o", "x", "page.txt"],
            "--check writes nothing, it only tells what would change: it cannot be used with -o",
        ),
    ):
        proc = arclean(*args, cwd=tmp_path)
        assert proc.returncode == 2, args
        assert proc.stderr.decode() == f"arclean: error: {message} (see 'arclean --help')\n"
    for args, help_of in (
        (["--set", "nosuch.x=1", "page.txt"], "arclean"),
        (["--disable", "nosuch", "page.txt"], "arclean"),
        (["eval", "page.txt", "--gold", "page.txt", "--disable", "nosuch"], "arclean eval"),
        (["config", "show", "--disable", "nosuch"], "arclean config show"),
        (["inspect", "--disable", "nosuch", "نص"], "arclean inspect"),
    ):
        proc = arclean(*args, cwd=tmp_path)
        err = proc.stderr.decode()
        assert proc.returncode == 2 and err.count("\n") == 1, args
        assert err.startswith("arclean: error: unknown step 'nosuch'"), err
        assert err.endswith(f" (see '{help_of} --help')\n"), err
    proc = arclean("learn", "page.txt", "-o", "", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        f"arclean: error: Invalid value for '-o' / '--output': {_EMPTY} "
        "(see 'arclean learn --help')\n"
    )
    proc = arclean("learn", "page.txt", "-o", "page.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        "arclean: error: refusing to overwrite input page.txt (output page.txt is the same "
        "file) (see 'arclean learn --help')\n"
    )
    for group, commands in (("config", "show"), ("profile", "merge, show")):
        proc = arclean(group)
        assert proc.returncode == 2
        assert proc.stderr.decode() == (
            f"arclean: error: arclean {group} needs a command: {commands} "
            f"(see 'arclean {group} --help')\n"
        )


def test_a_mistyped_command_is_not_a_missing_file(tmp_path):
    # A bare first word that is no file here is a command mistyped: a usage error.
    commands = "(commands: config, eval, filters, inspect, learn, profile, report)"
    for word, hint in (("nosuchcmd", ""), ("evl", "; did you mean 'eval'?")):
        proc = arclean(word, cwd=tmp_path)
        assert proc.returncode == 2
        assert proc.stderr.decode() == (
            f"arclean: error: no file or command {word!r}{hint} {commands} (see 'arclean --help')\n"
        )
    # A missing file with a path-like name is a missing input, as is a later argument;
    # a bare word that names a file is that file.
    for args in (["somefile.txt"], ["-q", "nosuchcmd"]):
        proc = arclean(*args, cwd=tmp_path)
        assert proc.returncode == 123
        assert proc.stderr.decode() == (f"arclean: error: {args[-1]}: No such file or directory\n")
    (tmp_path / "evl").write_text("نص الخبر.\n", "utf-8")
    proc = arclean("evl", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.decode() == "نص الخبر.\n"


def test_a_stray_nul_is_text_and_encoding_is_obeyed(tmp_path):
    # UTF-8 Arabic with one NUL byte (at an odd offset, as UTF-16 would have it) is UTF-8
    # text, the NUL a control character that is deleted; it is not UTF-16 or binary.
    text = "مرحبا بكم في الخبر.\n"
    data = text.encode("utf-8")
    nul = tmp_path / "nul.txt"
    nul.write_bytes(data[:17] + b"\x00" + data[17:])
    assert len(nul.read_bytes()) == 36
    for args in ([str(nul)], ["--encoding", "utf-8", str(nul)]):
        proc = arclean(*args)
        assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
        assert proc.stdout.decode() == text
    # An explicit --encoding is obeyed, NUL bytes or not: UTF-16 text read as latin-1 is
    # what the user asked for; a codec the bytes are not valid in is named.
    utf16 = "نص الخبر.\n".encode("utf-16-le")
    proc = arclean("--encoding", "latin-1", input=utf16)
    assert proc.returncode == 0 and proc.stdout.decode() == "F5 'D.(1.\n"
    proc = arclean("--encoding", "utf-16-le", str(nul))
    assert proc.returncode == 123
    assert proc.stderr.decode() == (
        f"arclean: error: {nul}: not valid utf-16-le at byte 10 (b' \\xd8\\xa8\\xd9'); "
        "the file is valid utf-8: pass --encoding utf-8\n"
    )
    # UTF-8 with a character cut in two (lynx does it in a form): the error says how to
    # drop the broken bytes, with or without --encoding utf-8.
    broken = tmp_path / "broken.txt"
    broken.write_bytes(text.encode("utf-8")[:4] + b"\xd8 " + text.encode("utf-8")[4:])
    for args in ([str(broken)], ["--encoding", "utf-8", str(broken)]):
        proc = arclean(*args)
        assert proc.returncode == 123
        assert proc.stderr.decode() == (
            f"arclean: error: {broken}: not valid utf-8 at byte 4 (b'\\xd8 \\xd8\\xad'); "
            "the file is utf-8 with broken bytes: drop them (iconv -c -f utf-8 -t utf-8), "
            "or pass --encoding if it uses another one\n"
        )
    proc = arclean("--encoding", "ascii", str(broken))
    assert proc.stderr.decode().endswith(
        "the file is utf-8 with broken bytes: drop them (iconv -c -f utf-8 -t utf-8), "
        "or pass --encoding if it uses another one\n"
    )
    # Without --encoding, NUL bytes that are neither rare nor UTF-16's mark a binary file.
    tar = tmp_path / "a.tar"
    tar.write_bytes(b"a.txt" + b"\x00" * 95 + "نص.\n".encode())
    proc = arclean(str(tar))
    assert proc.returncode == 123
    assert proc.stderr.decode() == f"arclean: error: {tar}: binary file (NUL bytes), not text\n"


def big_article_text(size: int, chrome_every: int = 0) -> str:
    """Distinct Arabic paragraphs (no repeats for the filters to drop) of about ``size``
    bytes as UTF-8; ``chrome_every``: a share button every that many lines, so the line
    model reads the page (the slowest path: the bar must outlast its 0.3 s delay however
    fast the common path gets): with a title-like line after each button."""
    words = "قال وزير الخارجية في مؤتمر صحفي إن المحادثات ستستمر الأسبوع المقبل بين".split()
    out, n, i = [], 0, 0
    while n < size:
        line = " ".join(words[(i + k) % len(words)] for k in range(14)) + f" رقم {i}."
        if chrome_every and i % chrome_every == 0:
            line = "شارك"
        elif chrome_every and i % chrome_every == 1:
            line = f"عنوان قصة أخرى رقم {i}"
        out.append(line)
        n += len(line.encode()) + 1
        i += 1
    return "\n".join(out) + "\n"


def plain(shown: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)


def test_a_single_big_input_on_a_terminal_gets_a_progress_bar(tmp_path):
    # The bar shows at once (ARCLEAN_PROGRESS_DELAY=0): how long cleaning takes depends
    # on the machine, and a fast one beats the usual 0.3 s wait.
    now = {"ARCLEAN_PROGRESS_DELAY": "0"}
    big = tmp_path / "big.txt"
    big.write_text(big_article_text(3_000_000, chrome_every=20), "utf-8")
    # A file, and stdin redirected from it: the bar (name, MB of the total, the stage).
    code, shown = run_on_a_terminal(str(big), env=now)
    shown = plain(shown)
    assert code == 0 and "cleaning big.txt" in shown and "/3.0 MB" in shown, shown[-300:]
    with big.open("rb") as fh:
        code, shown = run_on_a_terminal(stdin=fh, env=now)
    shown = plain(shown)
    assert code == 0 and "cleaning <stdin>" in shown and "/3.0 MB" in shown, shown[-300:]
    # A JSONL stream too, as its records are read.
    shard = tmp_path / "big.jsonl"
    lines = big_article_text(2_000_000, chrome_every=10).split("\n")
    with shard.open("w", encoding="utf-8") as fh:
        for i in range(0, len(lines), 10):
            fh.write(json.dumps({"id": i, "text": "\n".join(lines[i : i + 10])}) + "\n")
    code, shown = run_on_a_terminal(str(shard), "-j", "1", env=now)
    shown = plain(shown)
    assert code == 0 and "cleaning big.jsonl" in shown, shown[-300:]
    # A small stream shows nothing: by default the bar waits 0.3 s before it appears...
    small = tmp_path / "small.txt"
    small.write_bytes(RAW.read_bytes())
    with small.open("rb") as fh:
        assert run_on_a_terminal(stdin=fh) == (0, "")
    # ...and a wait of an hour is a wait of an hour (nothing shows on the big file).
    # (--set: 3 MB of articles is more than a page, which arclean warns of)
    quiet = ("--set", "drop-by-context.max_lines=0")
    assert run_on_a_terminal(str(big), *quiet, env={"ARCLEAN_PROGRESS_DELAY": "3599"}) == (0, "")


def test_a_user_pattern_that_backtracks_without_end_cannot_hang_a_run(tmp_path):
    config = tmp_path / "slow.toml"
    config.write_text('[options.drop-site-chrome]\nextra = ["re: ^(a|aa)+$"]\n', "utf-8")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("نص الخبر الأول.\n" + "a" * 60 + "b\n", "utf-8")
    (raw / "b.jsonl").write_text(
        json.dumps({"id": 1, "text": "نص."}) + "\n" + json.dumps({"id": 2, "text": "a" * 60 + "b"}),
        "utf-8",
    )
    (raw / "c.txt").write_bytes(RAW.read_bytes())
    out = tmp_path / "out"
    proc = arclean(
        str(raw), "-o", str(out), "--glob", "*.txt", "--glob", "*.jsonl", "--config", str(config),
        "-j", "2",
    )  # fmt: skip
    err = proc.stderr.decode().strip().split("\n")
    entry = (
        "drop-site-chrome: line {}: lexicon entry re: ^(a|aa)+$ (config:1) ran over 1 s on one "
        "line; simplify it (nested repeats such as (a|aa)+ backtrack without end)"
    )
    assert proc.returncode == 123, err
    assert err[0] == "arclean: error: a.txt: " + entry.format(2)
    assert err[1] == "arclean: error: b.jsonl:2: " + entry.format(1)
    assert err[2].startswith("arclean: 3 files (1 cleaned, 2 failed)")
    assert sorted(p.name for p in out.iterdir()) == [".arclean-state.json", "c.txt"]


def _explode(doc):
    """A filter with a bug: it raises on a line holding 'boom'."""
    for _, line in doc.content():
        if "boom" in line.text:
            raise ValueError("boom")
    return []


def test_a_step_that_raises_fails_that_input_only(tmp_path):
    from arcleaner import Pipeline, clean_paths

    pipeline = Pipeline([_explode, *Pipeline.default().filters], Pipeline.default().normalizers)
    (tmp_path / "a.txt").write_text("نص boom\n", "utf-8")
    (tmp_path / "b.jsonl").write_text(
        '{"id": 1, "text": "نص."}\n{"id": 2, "text": "boom"}\n', "utf-8"
    )
    (tmp_path / "c.txt").write_bytes(RAW.read_bytes())
    reports = []
    summary = clean_paths(
        [tmp_path / n for n in ("a.txt", "b.jsonl", "c.txt")],
        tmp_path / "out",
        pipeline,
        jobs=2,
        on_file=reports.append,
    )
    bug = "step -explode failed: ValueError: boom (a bug in that step)"  # (a user's step)
    assert [(r.status, r.error) for r in reports] == [
        ("failed", f"{tmp_path / 'a.txt'}: {bug}"),
        ("failed", f"{tmp_path / 'b.jsonl'}:2: {bug}"),
        ("cleaned", None),
    ]
    assert summary.failed == 2 and (tmp_path / "out" / "c.txt").exists()
    assert not (tmp_path / "out" / "a.txt").exists()
    assert not (tmp_path / "out" / "b.jsonl").exists()
