"""The real ``arclean`` command, run as a subprocess on real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from arcleaner import __version__

from conftest import ARCLEAN, FIXTURES, arclean, arclean_into_head

RAW = FIXTURES / "cases" / "headline-paywall.raw.txt"
CLEAN = FIXTURES / "cases" / "headline-paywall.clean.txt"


def test_stdin_to_stdout():
    proc = arclean(input=RAW.read_bytes())
    assert proc.returncode == 0 and proc.stderr == b""
    assert proc.stdout == CLEAN.read_bytes()


def test_file_to_stdout_and_python_m():
    a = arclean(str(RAW))
    b = subprocess.run([sys.executable, "-m", "arcleaner", str(RAW)], capture_output=True)
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout == CLEAN.read_bytes()


def test_output_file(tmp_path):
    out = tmp_path / "out.txt"
    proc = arclean(str(RAW), "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == b""
    assert out.read_bytes() == CLEAN.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temp file left


def test_several_files_to_directory(tmp_path):
    raws = sorted((FIXTURES / "cases").glob("*.raw.txt"))
    proc = arclean(*map(str, raws), "-o", str(tmp_path / "clean"))
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (tmp_path / "clean").iterdir())
    # The hidden state file records the configuration fingerprint, for resuming.
    assert names == [".arclean-state.json", *(r.name for r in raws)]


def test_output_is_utf8_with_lf(tmp_path):
    src = tmp_path / "crlf.txt"
    src.write_bytes("سطر أول\r\nسطر ثان\r\n".encode("utf-16"))
    proc = arclean(str(src))
    assert proc.returncode == 0
    assert proc.stdout == "سطر أول\nسطر ثان\n".encode()


def test_help_has_examples():
    proc = arclean("--help")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "Usage: arclean" in out and "Examples:" in out and "--explain" in out


def test_help_lists_every_command():
    from arcleaner.cli import cli

    out = arclean("--help").stdout.decode()
    names = [name for name in cli.commands if name != "clean"]
    assert "eval" in names and "filters" in names
    for name in names:
        assert f"arclean {name} " in out, name


def test_version():
    proc = arclean("--version")
    assert proc.returncode == 0 and __version__ in proc.stdout.decode()


def test_filters_lists_every_step():
    proc = arclean("filters")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    for name in (
        "drop-repeated-lines",
        "drop-subscription-prompts",
        "strip-tashkeel",
        "strip-tatweel",
        "normalize-unicode",
        "collapse-whitespace",
    ):
        assert name in out


def test_filters_documents_every_option():
    from arcleaner import default_registry

    reg = default_registry()
    text = arclean("filters").stdout.decode()
    assert "(undocumented)" not in text
    for kind in ("filter", "normalizer"):
        for info in reg.steps(kind):
            if info.origin != "builtin":
                continue
            assert set(info.option_help) == set(info.options), info.name
            block = text.split(f" {info.name} ", 1)[1].split("\n * ", 1)[0]
            for key, help_ in info.option_help.items():
                assert len(help_) >= 10, (info.name, key)
                assert f"     {key} = " in block, (info.name, key)
    assert "threshold = 0.5: probability of boilerplate" in text


def test_explain_goes_to_stderr():
    proc = arclean("--explain", str(RAW))
    assert proc.returncode == 0
    err = proc.stderr.decode()
    assert f"{RAW}:7: drop-repeated-lines: repeats line 5" in err
    assert f"{RAW}:8: drop-subscription-prompts" in err
    assert proc.stdout == CLEAN.read_bytes()


def test_missing_file_one_line_error_and_others_still_cleaned(tmp_path):
    out = tmp_path / "o"
    proc = arclean(str(tmp_path / "missing.txt"), str(RAW), "-o", str(out))
    assert proc.returncode == 123
    lines = proc.stderr.decode().strip().split("\n")
    # One line for the failure, then the batch summary line.
    assert len(lines) == 2 and "missing.txt: No such file or directory" in lines[0]
    assert lines[1].startswith("arclean: 2 files (1 cleaned, 1 failed)")
    assert (out / RAW.name).read_bytes() == CLEAN.read_bytes()


def test_invalid_utf8_names_offset(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("نص سليم ".encode() + b"\xff\xfe broken")
    proc = arclean(str(bad))
    assert proc.returncode == 123
    err = proc.stderr.decode()
    assert "bad.txt: not valid utf-8 at byte 14" in err and "--encoding" in err
    assert "Traceback" not in err


def test_binary_file_refused(tmp_path):
    binary = tmp_path / "img.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    proc = arclean(str(binary))
    assert proc.returncode == 123 and b"binary file" in proc.stderr


def test_refuses_to_overwrite_input(tmp_path):
    src = tmp_path / "page.txt"
    src.write_bytes(RAW.read_bytes())
    proc = arclean(str(src), "-o", str(src))
    assert proc.returncode == 2 and b"refusing to overwrite input" in proc.stderr
    assert src.read_bytes() == RAW.read_bytes()


def test_usage_errors_exit_2():
    proc = arclean("--disable", "drop-repeated-line", str(RAW))
    assert proc.returncode == 2
    assert b"did you mean 'drop-repeated-lines'" in proc.stderr
    assert arclean("--no-such-flag").returncode == 2


def test_set_and_diacritics_options():
    text = "قال: «مُحتمَل جدًّا»\n".encode()
    assert arclean("--diacritics", "keep", input=text).stdout == text
    assert (
        arclean("--diacritics", "keep-shadda", input=text).stdout == "قال: «محتمل جدّا»\n".encode()
    )
    assert arclean("--set", "strip-tashkeel.level=keep", input=text).stdout == text


def test_config_file(tmp_path):
    cfg = tmp_path / "arclean.toml"
    cfg.write_text('disable = ["drop-repeated-lines"]\n[options.strip-tashkeel]\nlevel = "keep"\n')
    proc = arclean("--config", str(cfg), input="أ ب ج\nأ ب ج\nمُحتمَل\n".encode())
    assert proc.stdout == "أ ب ج\nأ ب ج\nمُحتمَل\n".encode()
    bad = tmp_path / "bad.toml"
    bad.write_text("disable = [")
    proc = arclean("--config", str(bad), input=b"x")
    assert proc.returncode == 2 and b"invalid TOML" in proc.stderr


def test_check_mode():
    proc = arclean("--check", str(CLEAN))
    assert proc.returncode == 0 and b"would change" not in proc.stderr
    proc = arclean("--check", str(RAW))
    assert proc.returncode == 1 and proc.stdout == b""
    # It names what changes first: here a diacritic on line 2 (before the removals).
    line = f"arclean: would change {RAW}: line 2: strip-tashkeel"
    assert proc.stderr.decode().splitlines()[0] == line
    # --quiet: the exit status alone tells (as its help says).
    proc = arclean("--check", "-q", str(RAW))
    assert proc.returncode == 1 and proc.stderr == b"" and proc.stdout == b""


def test_bad_option_values_name_the_option():
    for setting, expected in (
        ("drop-repeated-lines.min_words=abc", "min_words: expected a whole number, not 'abc'"),
        ("drop-by-context.threshold=x", "threshold: expected a number, not 'x'"),
    ):
        proc = arclean("--set", setting, input="نص\n".encode())
        assert proc.returncode == 2 and expected in proc.stderr.decode()


def test_a_list_option_takes_a_pipe_inside_an_item_escaped():
    """--set splits a list option on "|"; "\\|" is a "|" inside an item (a re: entry's
    alternation), so such an entry can be given without a config file."""
    text = "نص الخبر.\nادعمونا اليوم\nساندونا اليوم\n".encode()
    entry = r"drop-subscription-prompts.extra=re: ^(ادعمونا\|ساندونا) اليوم$|line: شكرا"
    proc = arclean("--set", entry, input=text)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "نص الخبر.\n"


def test_in_place_on_stdin_says_what_is_wrong():
    proc = arclean("--in-place", input="نص\n".encode())
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == (
        "arclean: error: --in-place rewrites files; stdin has none (give FILEs) "
        "(see 'arclean --help')"
    )


def test_no_input_files_is_warned(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.md").write_text("نص\n", "utf-8")
    proc = arclean(str(tmp_path / "in"), "-o", str(tmp_path / "out"))
    assert proc.returncode == 0
    assert "arclean: warning: no input files (check --glob / --exclude)" in proc.stderr.decode()


def test_empty_input():
    proc = arclean(input=b"")
    assert proc.returncode == 0 and proc.stdout == b""


def test_broken_pipe_is_quiet(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(RAW.read_bytes() * 2000)
    files = [str(big)] * 20
    # (--set: a file of 2,000 pages is more than a page, which arclean warns of)
    proc = arclean_into_head(
        " ".join(files) + " --set drop-by-context.max_lines=0", "-c 100 > /dev/null"
    )
    assert proc.stderr == b""
    assert proc.stdout.strip() in (b"0", b"141")


def test_a_big_output_is_written_whole(tmp_path):
    """A text of more than textio._PIECE characters is encoded into one buffer a piece
    at a time (held once, not as pieces and their join): the same bytes as the library
    gives, written to a file and to stdout."""
    from arcleaner import Pipeline, clean_bytes, textio

    line = "وقال المتحدث في الاجتماع رقم {} إن الوزارة تعمل على خطة جديدة للنقل. 😀"
    count = textio._PIECE // len(line) + 10
    data = "\n".join(line.format(i) for i in range(count)).encode("utf-8")
    big = tmp_path / "big.txt"
    big.write_bytes(data)
    expected, _ = clean_bytes(data, Pipeline.default())
    assert len(expected.decode("utf-8")) > textio._PIECE
    proc = arclean(str(big), "-o", str(tmp_path / "out.txt"))
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.txt").read_bytes() == expected
    assert arclean(str(big)).stdout == expected


_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الحكومة تقر الموازنة</title>
<script>window.dataLayer = window.dataLayer || [];</script></head>
<body><nav><a href="/">الرئيسية</a> <a href="/sport">رياضة</a></nav>
<article><h1>الحكومة تقر الموازنة الجديدة</h1>
<p>أقر مجلس الوزراء في جلسته اليوم مشروع الموازنة العامة للعام المقبل.</p></article>
</body></html>
"""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_an_html_page_is_cleaned_with_a_warning(tmp_path, encoding):
    """A whole HTML page given as text: cleaned as text (exit 0), with one line on
    stderr saying it is markup and how to get its text; text with a stray tag is not."""
    page = tmp_path / "page.html"
    page.write_bytes(_PAGE.encode(encoding))
    proc = arclean(str(page))
    assert proc.returncode == 0 and proc.stdout
    lines = proc.stderr.decode().splitlines()
    assert lines == [
        f"arclean: warning: {page}: looks like an HTML page, not its text; arclean cleans "
        "text (extract it first: trafilatura, html2text or w3m -dump)"
    ]
    text = tmp_path / "text.txt"
    text.write_text("الحكومة تقر الموازنة<br>\nأقر مجلس الوزراء مشروع الموازنة.\n", "utf-8")
    proc = arclean(str(text))
    assert proc.returncode == 0 and proc.stderr == b""
    # A batch's report holds the warning with the file it was told of, and draws.
    out, run = tmp_path / "out", tmp_path / "run.json"
    proc = arclean(str(page), str(text), "-o", str(out), "--report", str(run), "-q")
    assert proc.returncode == 0, proc.stderr
    files = {Path(f["source"]).name: f for f in json.loads(run.read_text("utf-8"))["files"]}
    assert files["page.html"]["messages"] == [lines[0].removeprefix("arclean: warning: ")]
    assert "messages" not in files["text.txt"]
    drawn = arclean("report", str(run), "-o", str(tmp_path / "run.html"))
    assert drawn.returncode == 0, drawn.stderr
    shown = (tmp_path / "run.html").read_text("utf-8")
    assert "<h2>Warnings (1)</h2>" in shown and "looks like an HTML page, not its text" in shown


@pytest.mark.parametrize("signame", ["SIGINT", "SIGTERM"])
def test_interrupt_exits_130(signame):
    import signal
    import time

    p = subprocess.Popen([str(ARCLEAN)], stdin=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)  # let the interpreter start and block on stdin
    p.send_signal(getattr(signal, signame))
    _, err = p.communicate(timeout=30)
    assert p.returncode == 130
    assert err == b"arclean: interrupted\n"  # one line, no blank one before it
