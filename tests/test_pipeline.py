"""The library API: pipeline construction, config, decisions, pickling."""

from __future__ import annotations

import multiprocessing
import pickle
import re
from pathlib import Path

import pytest

from arcleaner import (
    ArcleanError,
    ConfigError,
    Decision,
    Pipeline,
    Result,
    UnknownStepError,
    match_key,
)
from arcleaner.filters import DropRepeatedLines
from arcleaner.normalizers import StripTashkeel

DOC = "عنوان الخبر الأول\nنص الخبر الأول.\nعنوان الخبر الأول\nاشترك الآن"


def test_default_removes_and_records():
    result = Pipeline.default().run(DOC)
    assert isinstance(result, Result)
    assert result.text == "عنوان الخبر الأول\nنص الخبر الأول."
    assert [(r.line, r.filter, r.text) for r in result.removed] == [
        (3, "drop-repeated-lines", "عنوان الخبر الأول"),
        (4, "drop-subscription-prompts", "اشترك الآن"),
    ]
    assert result.counts() == {"drop-repeated-lines": 1, "drop-subscription-prompts": 1}
    assert result.lines_in == 4
    # Lines as a reader counts them: a final line break ends the last line, no new one.
    assert [Pipeline.default().run(t).lines_in for t in ("", "a", "a\n", "a\nb\n")] == [0, 1, 1, 2]


def test_pickle_round_trip_equal():
    p = Pipeline.default(**{"strip-tashkeel": {"level": "keep-shadda"}})
    q = pickle.loads(pickle.dumps(p))
    assert q == p and q is not p
    assert q.clean(DOC) == p.clean(DOC)
    assert q != Pipeline.default()


def _clean_in_worker(args):
    pipeline, text = args
    return pipeline.clean(text)


def test_works_in_spawned_worker():
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(1) as pool:
        out = pool.map(_clean_in_worker, [(Pipeline.default(), DOC)])
    assert out == [Pipeline.default().clean(DOC)]


def test_plain_functions_as_steps():
    def drop_english(doc):
        for i, line in doc.content():
            if line.text.isascii():
                yield Decision(i, "latin-only line")

    p = Pipeline([drop_english], [str.strip])
    result = p.run("Menu\nنص عربي\n")
    assert result.text == "نص عربي"
    assert result.removed[0].filter == "drop-english"


def test_cut_leading_and_trailing_spans():
    def cut_edges(doc):
        for i, line in doc.content():
            if line.text.startswith("كتب:"):
                yield Decision(i, "byline", start=0, end=4)
            if line.text.endswith("المزيد"):
                yield Decision(i, "read more", start=len(line.text) - len("...المزيد"))

    result = Pipeline([cut_edges], []).run("كتب: أعلنت الوزارة خطة جديدة...المزيد")
    assert result.text == "أعلنت الوزارة خطة جديدة"
    assert [(r.text, r.span) for r in result.removed] == [("كتب:", (0, 4)), ("...المزيد", (28, 37))]


def test_cut_in_the_middle_is_a_bug():
    def bad(doc):
        yield Decision(0, "middle", start=2, end=3)

    with pytest.raises(ArcleanError, match="must touch the start or the end"):
        Pipeline([bad], []).run("abcdef")


def test_from_config_disable_and_options():
    p = Pipeline.from_config(
        {"disable": ["drop-repeated-lines"], "options": {"strip-tashkeel": {"level": "keep"}}}
    )
    assert "drop-repeated-lines" not in [s.name for s in p.filters]
    assert p.clean("مُحتمَل\nمُحتمَل\nمُحتمَل كثيرا") == "مُحتمَل\nمُحتمَل\nمُحتمَل كثيرا"
    assert p.describe()["options"]["strip-tashkeel"] == {"level": "keep"}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"disable": ["drop-repeated-line"]}, "did you mean 'drop-repeated-lines'"),
        ({"options": {"strip-tashkeel": {"levle": "keep"}}}, "unknown option levle"),
        ({"options": {"strip-tashkeel": {"level": "half"}}}, "level must be one of"),
        ({"filterz": []}, "unknown config key filterz"),
    ],
)
def test_config_errors_are_clear(config, message):
    with pytest.raises((ConfigError, UnknownStepError), match=message):
        Pipeline.from_config(config)


def test_step_by_name_and_instance_equal():
    assert Pipeline(["drop-repeated-lines"], ["strip-tashkeel"]) == Pipeline(
        [DropRepeatedLines()], [StripTashkeel()]
    )


def test_match_key_folds_spelling_variants():
    assert match_key("إشـــترك الآنَ!") == match_key("اشترك الان") == "اشترك الان"
    assert match_key("مدرسة") == match_key("مدرسه")
    assert match_key("٢٠٢٤") == "2024"


def test_line_numbers_survive_crlf_and_separators():
    result = Pipeline.default().run("أ ب ج د\r\nنص\u2029أ ب ج د")
    assert result.removed[0].line == 3


def test_the_encoded_lines_are_kept_while_a_filter_still_to_run_reads_them() -> None:
    """A filter that does not say it never reads Document.encoded (a plugin's) gets it
    after the built-in filters; a pipeline of filters that never read it lets it go."""
    from dataclasses import dataclass

    from arcleaner.steps import Filter

    seen: list[bool] = []

    @dataclass(frozen=True)
    class Looks(Filter):
        name = "drop-nothing-but-look"

        def decide(self, doc):
            seen.append(doc.encoded is not None)
            return []

    @dataclass(frozen=True)
    class LooksNot(Looks):
        name = "drop-nothing-and-look-not"
        reads_encoded = False

    @dataclass(frozen=True)
    class LooksNotAgain(LooksNot):
        name = "drop-nothing-and-look-not-again"

    text = "خبر اليوم\nخبر اليوم\nنص الخبر."
    Pipeline([DropRepeatedLines(), Looks()], []).run(text)
    Pipeline([LooksNot(), Looks(), LooksNotAgain()], []).run(text)
    Pipeline([LooksNot()], []).run(text)
    assert seen == [True, True, True, False, False]


def test_a_filter_after_the_screens_inputs_are_released_still_gets_plain_texts() -> None:
    """Once no filter still to run reads Document.encoded, the lines' plain texts go too
    (a 50 MB page's are 26 MB); a later filter that asks for one gets it made anew."""
    from dataclasses import dataclass

    from arcleaner.keys import plain
    from arcleaner.steps import Filter

    seen: list[tuple[str | None, str, str]] = []

    @dataclass(frozen=True)
    class Reads(Filter):
        name = "drop-nothing-but-read"
        reads_encoded = False

        def decide(self, doc):
            for line in doc.lines:
                seen.append((line.plain, line.plain_text(), plain(line.text)))
            return []

    Pipeline(["drop-site-chrome", Reads()], []).run("اشـــترك  في الخَبَر\nنص الخبر.")
    assert [held for held, _, _ in seen] == [None, None]
    assert [(made, want) for _, made, want in seen] == [
        ("اشترك  في الخبر", "اشترك  في الخبر"),
        ("نص الخبر.", "نص الخبر."),
    ]


@pytest.mark.parametrize(
    ("filters", "normalizers", "message"),
    [
        ([lambda doc: None], [], "decide() returned None, not an iterable of Decision"),
        ([lambda doc: ["drop it"]], [], "decide() yielded a str, not a Decision"),
        ([], [lambda text: None], "returned a value of type NoneType, not a str"),
    ],
)
def test_a_users_step_of_the_wrong_shape_is_named(filters, normalizers, message) -> None:
    """A user's step that returns the wrong thing fails naming itself and what it gave,
    as a bug of that step (not of arcleaner), instead of a stray result or TypeError."""
    with pytest.raises(ArcleanError) as err:
        Pipeline(filters, normalizers).clean("نص الخبر.")
    assert str(err.value) == f"step <lambda> failed: TypeError: {message} (a bug in that step)"


def test_wrong_arguments_say_what_was_expected() -> None:
    with pytest.raises(TypeError, match=r"^Pipeline\.run cleans a str, not NoneType$"):
        Pipeline.default().clean(None)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"^a config is a mapping \(the TOML shape\), not a str$"):
        Pipeline.from_config("news")  # type: ignore[arg-type]


def test_library_mistakes_are_clear_errors_naming_what_is_wrong(tmp_path):
    # Found by a new user of the library: each was a bare TypeError, KeyError, a silent
    # no-op or a step that took a built-in's place.
    from arcleaner import ConfigError, Decision, Filter, default_registry
    from arcleaner.errors import StepFailed
    from arcleaner.htmlreport import load_report, sample_removed
    from arcleaner.run.job import CleanJob, run_job

    mistakes = {
        "preset='safe': each keyword names a step": lambda: Pipeline.default(preset="safe"),
        "drop-repeated-lines=5: each keyword": lambda: Pipeline.default(
            **{"drop-repeated-lines": 5}
        ),
        "filters is a list of steps, not 'drop-site-chrome'": lambda: Pipeline("drop-site-chrome"),
        "filters is a list of step names": lambda: Pipeline.from_config(
            {"filters": "drop-site-chrome"}
        ),
        "kind is 'filter' or 'normalizer', not 'filters'": lambda: default_registry().create(
            "filters", "drop-site-chrome"
        ),
        "filter 'drop-site-chrome' is registered already (from builtin)": lambda: (
            default_registry().add("filter", lambda doc: [], name="drop-site-chrome")
        ),
    }
    for message, mistake in mistakes.items():
        with pytest.raises(ConfigError, match=re.escape(message)):
            mistake()
    assert Pipeline.default().clean("نص الخبر.\nلم تشترك بعد") == "نص الخبر."

    class Nameless(Filter):
        def decide(self, doc):
            return []

    with pytest.raises(ConfigError, match="has no name"):
        Pipeline([Nameless()])

    def no_reason(doc):
        yield Decision(0, None)

    with pytest.raises(StepFailed, match="the reason None, not a text"):
        Pipeline([no_reason]).clean("نص")
    # Paths given as str, as library callers do.
    job = CleanJob(inputs=("a.txt",), report=str(tmp_path / "r.json"))
    assert job.inputs == (Path("a.txt"),) and job.report == tmp_path / "r.json"
    # An empty output is refused as the CLI refuses -o '' (it was the current folder).
    (tmp_path / "a.txt").write_text("نص\n", "utf-8")
    with pytest.raises(ConfigError, match="the output is empty"):
        run_job(CleanJob(inputs=(tmp_path / "a.txt",), output=""))
    (tmp_path / "removed.jsonl").write_text("")
    assert sample_removed(str(tmp_path / "removed.jsonl")) == ({}, 0)
    with pytest.raises(ConfigError, match="No such file"):
        load_report(str(tmp_path / "missing.json"))


def test_function_steps_describe_and_write_back_and_names_are_one_each():
    # Found by a new user of the library: a function step's describe() held the function
    # (to_toml failed on it), two steps of one name were taken (their options merged in
    # describe(), their removals under one name), and fold_letters="yes" was taken.
    from arcleaner import ConfigError
    from arcleaner.config import to_toml
    from arcleaner.steps import FunctionFilter

    def drop_latin(doc):
        return [Decision(i, "latin") for i, ln in doc.content() if ln.text.isascii()]

    p = Pipeline([drop_latin, "drop-repeated-lines"], [str.strip])
    described = p.describe()
    assert described["filters"] == ["drop-latin", "drop-repeated-lines"]
    assert described["normalizers"] == ["strip"]
    assert described["options"] == {"drop-repeated-lines": p.filters[1].options()}
    assert 'filters = ["drop-latin", "drop-repeated-lines"]' in to_toml(described)

    mistakes = {
        "two steps are named 'drop-repeated-lines': a pipeline runs each once": lambda: Pipeline(
            ["drop-repeated-lines", "drop-site-chrome", "drop-repeated-lines"]
        ),
        "fold_letters is True or False, not 'yes'": lambda: Pipeline.default(fold_letters="yes"),
        "keep_zwnj is True or False, not 1": lambda: Pipeline.default(keep_zwnj=1),
    }
    for message, mistake in mistakes.items():
        with pytest.raises(ConfigError, match=re.escape(message)):
            mistake()
    twice = Pipeline([drop_latin, FunctionFilter(drop_latin, label="drop-latin-again")])
    assert twice.clean("Menu\nنص") == "نص"
    # Plain functions have no options to collide: two lambdas are both "<lambda>".
    assert Pipeline([], [lambda t: t, lambda t: t.strip()]).clean(" نص ") == "نص"
    assert Pipeline.default(fold_letters=None, keep_zwnj=None) == Pipeline.default()
