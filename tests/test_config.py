"""Configuration without flags (arclean.toml, [tool.arclean]), presets, and
``arclean config show``: through the real ``arclean``, on the project's own text."""

from __future__ import annotations

import tomllib

from arcleaner import Pipeline
from arcleaner.config import effective_config, expand_preset, to_toml

from conftest import FIXTURES, arclean

HEADLINE = "خبر مهم جدا عن المياه اليوم"
PAGE = f"{HEADLINE}\nقال الوزير إن المشروع سيبدأ العام المقبل.\n{HEADLINE}\n".encode()


def _body(shown: bytes) -> str:
    """A shown configuration without its comment header (it names where it came from)."""
    return "".join(line for line in shown.decode().splitlines(True) if not line.startswith("#"))


def test_arclean_toml_is_found_from_a_subfolder_and_no_config_ignores_it(tmp_path):
    (tmp_path / "arclean.toml").write_text('disable = ["drop-repeated-lines"]\n', "utf-8")
    deep = tmp_path / "corpus" / "2024"
    deep.mkdir(parents=True)
    found = arclean(input=PAGE, cwd=deep)
    assert found.returncode == 0, found.stderr
    assert found.stdout.decode().count(HEADLINE) == 2  # the repeat stays: the step is off
    ignored = arclean("--no-config", input=PAGE, cwd=deep)
    assert ignored.stdout.decode().count(HEADLINE) == 1


def test_pyproject_tool_table_is_found_and_a_pyproject_without_one_is_passed_over(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.arclean]\npreset = "search"\n', "utf-8"
    )
    project = tmp_path / "sub"
    (project / "deep").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "y"\n', "utf-8")
    proc = arclean(input="ذهب إلى ٣ مدارس.\n".encode(), cwd=project / "deep")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "ذهب الي 3 مدارس.\n"  # search folds letters and digits
    shown = arclean("config", "show", cwd=project / "deep").stdout.decode()
    assert f"config file {tmp_path / 'pyproject.toml'}" in shown
    assert 'preset = "search"' in shown


def test_config_show_reads_back_to_the_same_cleaning(tmp_path):
    flags = ("--preset", "search", "--set", "drop-repeated-lines.min_words=5")
    flags += ("--diacritics", "keep-shadda", "--quotes", "angle")
    shown = arclean("config", "show", "--no-config", *flags, cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    config = tomllib.loads(shown.stdout.decode())
    assert config["options"]["drop-repeated-lines"]["min_words"] == 5
    assert config["options"]["strip-tashkeel"]["level"] == "keep-shadda"
    (tmp_path / "arclean.toml").write_bytes(shown.stdout)
    again = arclean("config", "show", cwd=tmp_path)
    assert _body(again.stdout) == _body(shown.stdout)
    raw = (FIXTURES / "cases" / "news-page-chrome.raw.txt").read_bytes()
    with_flags = arclean("--no-config", *flags, input=raw, cwd=tmp_path)
    with_file = arclean(input=raw, cwd=tmp_path)
    assert with_flags.returncode == with_file.returncode == 0
    assert with_flags.stdout == with_file.stdout


def test_presets_in_python_round_trip():
    for name in ("news", "safe", "search"):
        pipeline = Pipeline.from_config({"preset": name})
        text = to_toml(effective_config(pipeline, preset=name))
        assert Pipeline.from_config(tomllib.loads(text)) == pipeline
    assert expand_preset({"preset": "safe", "filters": ["drop-site-chrome"]})["filters"] == [
        "drop-site-chrome"
    ]


def test_safe_preset_keeps_what_is_lossy_and_drops_only_certain_boilerplate(tmp_path):
    shown = tomllib.loads(arclean("config", "show", "--preset", "safe").stdout.decode())
    assert shown["filters"] == [
        "drop-subscription-prompts",
        "drop-site-chrome",
        "drop-repeated-lines",
    ]
    assert shown["options"]["strip-tashkeel"]["level"] == "keep"
    assert shown["options"]["normalize-unicode"]["keep_zwnj"] is True
    assert not {"fold-letters", "normalize-digits"} & set(shown["normalizers"])
    page = "قال الوزيرُ إنّ المشروعَ سيبدأ.\nلم تشترك بعد\n".encode()
    safe = arclean("--preset", "safe", input=page)
    assert safe.stdout.decode() == "قال الوزيرُ إنّ المشروعَ سيبدأ.\n"
    assert arclean(input=page).stdout.decode() == "قال الوزير إن المشروع سيبدأ.\n"


def test_search_preset_folds_letters_and_digits():
    proc = arclean("--preset", "search", input="مدرسة إلى ٢٠٢٤\n".encode())
    assert proc.stdout.decode() == "مدرسه الي 2024\n"


def test_config_mistakes_are_one_line_usage_errors(tmp_path):
    (tmp_path / "arclean.toml").write_text("colour = 1\n", "utf-8")
    proc = arclean(input=PAGE, cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1
    assert err.startswith(f"arclean: error: {tmp_path / 'arclean.toml'}: unknown key colour")
    (tmp_path / "arclean.toml").write_text('preset = "fast"\n', "utf-8")
    proc = arclean(input=PAGE, cwd=tmp_path)
    assert proc.returncode == 2 and "unknown preset 'fast'" in proc.stderr.decode()
    profile = tmp_path / "site.profile"
    proc = arclean("--no-config", "--preset", "safe", "--profile", str(profile), input=PAGE)
    assert proc.returncode == 2 and "leaves drop-corpus-repeats out" in proc.stderr.decode()


def test_a_mistake_in_a_found_file_names_the_file(tmp_path):
    found = tmp_path / "arclean.toml"
    for text, message in (
        ('preset = "bogus"\n', "unknown preset 'bogus' (presets: news, safe, search)"),
        (
            '[options.strip-tashkeel]\nlevel = "bogus"\n',
            "strip-tashkeel: level must be one of strip, keep-shadda, keep, not 'bogus'",
        ),
        (
            '[options.strip-tashkeel]\nlevell = "keep"\n',
            "strip-tashkeel: unknown option levell (options: level)",
        ),
    ):
        found.write_text(text, "utf-8")
        proc = arclean(input=PAGE, cwd=tmp_path)
        assert proc.returncode == 2
        assert (
            proc.stderr.decode() == f"arclean: error: {found}: {message} (see 'arclean --help')\n"
        ), text
    # The file alone is checked: options for a step a flag turns on are not a mistake.
    found.write_text('[options.normalize-digits]\nto = "arabic-indic"\n', "utf-8")
    proc = arclean("--digits", "ascii", input="عام 2024\n".encode(), cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.decode() == "عام 2024\n", proc.stderr
    # A mistake on the command line is not the file's.
    found.write_text("", "utf-8")
    proc = arclean("--preset", "safe", "--set", "strip-tashkeel.level=bogus", cwd=tmp_path)
    assert proc.returncode == 2 and str(found) not in proc.stderr.decode()
