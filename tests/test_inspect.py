"""``arclean inspect``: the real command shows each character and what cleaning does."""

from __future__ import annotations

import json
import re

from conftest import arclean

RLM, NBSP, FATHA = "\N{RIGHT-TO-LEFT MARK}", "\N{NO-BREAK SPACE}", "\N{ARABIC FATHA}"
TEXT = f"اشـترك{RLM} الآن{FATHA}{NBSP}ک"


def _row(out: str, code: str) -> str:
    (row,) = [line for line in out.splitlines() if f" {code} " in line]
    return re.sub(r" +", " ", row.strip())


def test_inspect_names_every_character_and_what_each_normalizer_does():
    proc = arclean("inspect", TEXT)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.decode()
    assert out.startswith("15 characters, 2 invisible (besides spaces)\n")
    assert _row(out, "U+200F") == (
        "6 <RLM> U+200F Cf RIGHT-TO-LEFT MARK normalize-unicode: deleted"
    )
    # Arabic letters and marks carry their Arabic names too (pyarabic's table).
    assert _row(out, "U+0640").endswith("ARABIC TATWEEL تطويل strip-tatweel: deleted")
    assert _row(out, "U+064E") == "12 ◌َ U+064E Mn ARABIC FATHA فتحة strip-tashkeel: deleted"
    assert _row(out, "U+0622") == "10 آ U+0622 Lo ARABIC LETTER ALEF WITH MADDA ABOVE ألف ممدودة"
    assert _row(out, "U+00A0").endswith("NO-BREAK SPACE normalize-unicode: -> <SP> (U+0020)")
    assert _row(out, "U+06A9").endswith("normalize-letters: -> ك (U+0643)")
    assert '  strip-tatweel          "اشترك الآنَ ک"' in out
    assert 'match key: "اشترك الان ك"' in out
    assert "removed:   line 1 by drop-subscription-prompts" in out


def test_inspect_reads_stdin_as_json_with_the_pipeline_flags():
    proc = arclean("inspect", "-", "--json", "--preset", "search", input="إلى\t٣\n".encode())
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    assert seen["text"] == "إلى\t٣"
    assert [c["shown"] for c in seen["chars"]] == ["إ", "ل", "ى", "<TAB>", "٣"]
    assert [c["arabic_name"] for c in seen["chars"]] == [
        "همزة تحت الألف",
        "لام",
        "ألف مقصورة",
        "",
        "",
    ]
    assert seen["chars"][0]["effects"] == {"fold-letters": "-> ا (U+0627)"}
    assert seen["chars"][4]["effects"] == {"normalize-digits": "-> 3 (U+0033)"}
    assert seen["cleaned"] == "الي 3"


def test_inspect_of_nothing_is_a_usage_error():
    proc = arclean("inspect", "-", input=b"")
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1


def test_inspect_reads_stdin_in_the_encoding_given():
    # Short windows-1256 is not guessed: the hint names --encoding, which inspect has.
    data = "مرحبا بكم".encode("windows-1256")
    proc = arclean("inspect", "-", input=data)
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        "arclean: error: <stdin>: not valid utf-8 at byte 0, too short to be sure of its "
        "code page, but it reads as Arabic in windows-1256; pass --encoding windows-1256 "
        "(see 'arclean inspect --help')\n"
    )
    proc = arclean("inspect", "--encoding", "windows-1256", "--json", "-", input=data)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["text"] == "مرحبا بكم"
    # TEXT is already text: an encoding for it would be ignored, so it is refused.
    proc = arclean("inspect", "--encoding", "windows-1256", "نص")
    assert proc.returncode == 2
    assert proc.stderr.decode() == (
        "arclean: error: inspect: --encoding applies to '-' (stdin), not to TEXT "
        "(see 'arclean inspect --help')\n"
    )


def test_every_encoding_option_says_what_decoding_does():
    default = "(default: UTF-8, a BOM, or windows-1256/ISO-8859-6 when certain)."
    for command in ([], ["eval"], ["inspect"], ["learn"]):
        proc = arclean(*command, "--help")
        assert proc.returncode == 0
        helps = " ".join(proc.stdout.decode().split())
        assert default in helps, command
        assert "or what a BOM says" not in helps
