"""Bad settings fail when the pipeline is built: exit 2, one line naming the step and the
option, at any -j, for streams, files and JSONL, before anything is written."""

from __future__ import annotations

import pytest

from arcleaner import ConfigError, Pipeline, default_registry

from conftest import FIXTURES, arclean

RAW = FIXTURES / "cases" / "headline-paywall.raw.txt"
RECORD = '{"id": 1, "text": "نص الخبر.\\nلم تشترك بعد"}\n'.encode()


def one_error_line(proc) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert err.startswith("arclean: error: ")
    return err.strip()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_missing_lexicon_file_is_a_usage_error_at_any_jobs(tmp_path, jobs):
    bad = ("--set", "drop-site-chrome.lexicon_files=/missing.txt", "-j", jobs)
    want = (
        "drop-site-chrome: cannot read lexicon /missing.txt: No such file or directory "
        "(see 'arclean --help')"
    )
    shard = tmp_path / "x.jsonl"
    shard.write_bytes(RECORD * 3)
    runs = {
        "jsonl stream": arclean("--jsonl", *bad, input=RECORD * 3),
        "text stream": arclean(*bad, input=RAW.read_bytes()),
        "files": arclean(*bad, str(RAW), str(shard), "-o", str(tmp_path / "out")),
        "folder": arclean(*bad, str(tmp_path), "--jsonl", "-o", str(tmp_path.parent / "o2")),
    }
    for what, proc in runs.items():
        assert one_error_line(proc).endswith(want), what
        assert proc.stdout == b"", what
    assert not (tmp_path / "out").exists() and not (tmp_path.parent / "o2").exists()


# Every option of every built-in step, with a value out of its range or of the wrong type.
BAD_VALUES = [
    ("drop-repeated-lines", "min_words", "-5", "min_words must be at least 1, not -5"),
    ("drop-repeated-lines", "max_site_words", "-1", "max_site_words must be at least 0"),
    ("drop-subscription-prompts", "max_words", "0", "max_words must be at least 1, not 0"),
    ("drop-site-chrome", "max_words", "-3", "max_words must be at least 1, not -3"),
    ("drop-site-chrome", "keep_sentences", "maybe", "expected true or false"),
    ("drop-subscription-prompts", "keep_sentences", "2", "expected true or false"),
    ("drop-glued-boilerplate", "min_rest_words", "0", "min_rest_words must be at least 1"),
    ("drop-glued-boilerplate", "cut_dateline", "maybe", "expected true or false"),
    ("drop-by-context", "threshold", "1.5", "threshold must be between 0.0 and 1.0, not 1.5"),
    ("drop-by-context", "threshold", "nan", "threshold must be a number, not nan"),
    ("drop-by-context", "prose_threshold", "-0.1", "prose_threshold must be between 0.0"),
    ("drop-by-context", "model", "/no/such/weights.json", "model must be a weights file"),
    ("drop-by-context", "without_evidence", "maybe", "expected true or false"),
    ("drop-by-context", "max_lines", "-1", "max_lines must be at least 0, not -1"),
    ("drop-corpus-repeats", "min_docs", "1", "min_docs must be at least 2, not 1"),
    ("drop-corpus-repeats", "min_share", "2", "min_share must be between 0.0 and 1.0, not 2.0"),
    ("drop-corpus-repeats", "short_words", "0", "short_words must be at least 1, not 0"),
    ("drop-corpus-repeats", "syndicated", "-1", "syndicated must be at least 0, not -1"),
    ("drop-corpus-repeats", "cut_dateline", "maybe", "expected true or false"),
    ("strip-tashkeel", "level", "half", "level must be one of strip, keep-shadda, keep"),
    ("normalize-punctuation", "quotes", "curly", "quotes must be one of keep, angle"),
    ("normalize-unicode", "keep_zwnj", "2", "expected true or false"),
]


def test_out_of_range_options_are_usage_errors():
    for step, option, value, message in BAD_VALUES[:1] + BAD_VALUES[9:10]:
        proc = arclean("--set", f"{step}.{option}={value}", input="نص".encode())
        line = one_error_line(proc)
        assert line == f"arclean: error: {step}: {message} (see 'arclean --help')"


@pytest.mark.parametrize(("step", "option", "value", "message"), BAD_VALUES)
def test_every_bad_value_names_step_and_option(step, option, value, message):
    # What --set runs (a string value, coerced to the option's type), without a process each.
    kind = "normalizer" if step.startswith(("strip-", "normalize-")) else "filter"
    with pytest.raises(ConfigError) as err:
        default_registry().create(kind, step, **{option: value})
    assert str(err.value).startswith(f"{step}: {option}") and message in str(err.value)


def test_every_builtin_option_has_a_bad_value_case():
    covered = {(step, option) for step, option, _, _ in BAD_VALUES}
    for kind in ("filter", "normalizer"):
        for info in default_registry().steps(kind):
            if info.origin != "builtin" or info.name in ("fold-letters", "normalize-digits"):
                continue  # (their options: below, through a config file)
            for option, default in info.options.items():
                if isinstance(default, tuple):
                    continue  # lists: any strings; checked when loaded (below)
                assert (info.name, option) in covered, (info.name, option)


def test_wrong_types_from_a_config_file(tmp_path):
    cases = {
        "[options.drop-site-chrome]\nmax_words = true\n": "max_words must be a whole number",
        "[options.drop-site-chrome]\nextra = 5\n": "extra must be a list of strings, not 5",
        "[options.drop-site-chrome]\nextra = ['bogus']\n": "drop-site-chrome: config:1: expected",
        "normalizers = ['fold-letters']\n[options.fold-letters]\nhamza = 'yes please'\n": (
            "fold-letters: hamza: expected true or false"
        ),
        "normalizers = ['normalize-digits']\n[options.normalize-digits]\nto = 'roman'\n": (
            "normalize-digits: to must be one of ascii, arabic-indic, not 'roman'"
        ),
    }
    for text, message in cases.items():
        config = tmp_path / "c.toml"
        config.write_text(text, "utf-8")
        line = one_error_line(arclean("--config", str(config), input=b"x"))
        assert message in line, (text, line)


def test_python_construction_checks_too():
    from arcleaner.filters import DropRepeatedLines, DropSiteChrome

    with pytest.raises(ConfigError, match=r"^drop-repeated-lines: min_words must be at least 1"):
        DropRepeatedLines(min_words=-5)
    with pytest.raises(ConfigError, match=r"^drop-site-chrome: max_words must be a whole number"):
        DropSiteChrome(max_words="12")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"^drop-site-chrome: cannot read lexicon /nope"):
        Pipeline([DropSiteChrome(lexicon_files=("/nope",))])
