"""Corpus learning: site profiles, drop-corpus-repeats, and the commands around them."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from arcleaner import Pipeline
from arcleaner.errors import ConfigError
from arcleaner.learn import learn_documents, learn_paths
from arcleaner.profile import SiteProfile
from arcleaner.resources import Resources
from arcleaner.units import split_units

from conftest import arclean
from corpus_gen import (
    ALPHA_DISCLAIMER,
    BETA_CONTACT,
    FOLLOW_UP,
    GAMMA_SERVICE,
    WIRE_FORMULA,
    records,
    write_jsonl,
    write_tree,
)

RECORDS = records()


def _docs(recs):
    return [(r["text"], r["metadata"]["source"]) for r in recs]


@pytest.fixture(scope="module")
def profile() -> SiteProfile:
    return learn_documents(_docs(RECORDS), source_by="field:metadata.source").finish()


@pytest.fixture(scope="module")
def cleaned(profile):
    pipe = Pipeline.default(resources=Resources(profile=profile))
    return [(r, pipe.run(r["text"], r["metadata"]["source"])) for r in RECORDS]


def test_profile_finds_the_planted_chrome_and_templates(profile):
    tops = {site: {text for _, text, _ in profile.top(site, 30)} for site in profile.sources}
    assert "هذه الزاويه تصدر كل اسبوع بالتعاون مع دار النشر الوطنيه" in tops["alpha"]
    assert "مكتب العاصمه - * :" in tops["alpha"]  # the byline, whatever the name
    assert "للتواصل مع فريق التحرير راسلونا عبر البريد الالكتروني للموقع" in tops["beta"]
    assert "المصدر الاصلي :" in tops["beta"]
    assert "خدمه الاخبار العاجله متاحه علي مدار الساعه" in tops["gamma"]


def test_planted_chrome_is_removed_and_recurring_content_kept(cleaned):
    had = {"disclaimer": 0, "byline": 0, "contact": 0, "trailer": 0, "service": 0}
    for rec, result in cleaned:
        text, out = rec["text"], result.text
        if ALPHA_DISCLAIMER in text:
            had["disclaimer"] += 1
            assert ALPHA_DISCLAIMER not in out
        if "مكتب العاصمة -" in text:
            had["byline"] += 1
            assert "مكتب العاصمة" not in out
        if BETA_CONTACT in text:
            had["contact"] += 1
            assert "للتواصل مع فريق التحرير" not in out
        if "المصدر الأصلي:" in text:
            had["trailer"] += 1
            assert "المصدر الأصلي" not in out
        if GAMMA_SERVICE in text:
            had["service"] += 1
            assert GAMMA_SERVICE not in out
        # Recurring but real: syndicated wire copy and a shared background paragraph.
        if WIRE_FORMULA in text:
            assert WIRE_FORMULA in out, rec["id"]
        if FOLLOW_UP in text:
            assert FOLLOW_UP in out, rec["id"]
    assert min(had.values()) >= 40, had


def test_removals_say_why_with_the_numbers(cleaned):
    reasons = [
        r.reason for _, res in cleaned for r in res.removed if r.filter == "drop-corpus-repeats"
    ]
    assert reasons
    for reason in reasons:
        assert re.search(r": in [\d,]+ of [\d,]+ documents of (alpha|beta|gamma)$", reason)


def test_a_one_line_article_is_cut_only_at_its_ends(cleaned):
    for rec, result in cleaned:
        if rec["metadata"]["source"] != "beta" or BETA_CONTACT not in rec["text"]:
            continue
        for r in result.removed:
            if r.filter == "drop-corpus-repeats":
                assert r.span is not None
                assert r.span[1] == len(rec["text"]) or r.span[0] == 0
        assert result.text.startswith(rec["text"][:40])


def test_no_source_no_profile_lookup(profile):
    # (drop-by-context left out: it may judge the line on its own, which is not asked here)
    pipe = Pipeline.from_config(
        {"disable": ["drop-by-context"]}, resources=Resources(profile=profile)
    )
    text = RECORDS[0]["text"] + "\n" + ALPHA_DISCLAIMER
    assert ALPHA_DISCLAIMER in pipe.clean(text)  # no source: left alone
    assert ALPHA_DISCLAIMER in pipe.clean(text, "unknown-site")
    assert ALPHA_DISCLAIMER not in pipe.clean(text, "alpha")


def test_profile_round_trips_through_its_file(profile, tmp_path):
    path = tmp_path / "site.profile"
    profile.save(path)
    back = SiteProfile.load(path)
    assert back == profile
    assert back.source_by == "field:metadata.source"
    assert back.top("alpha", 5) == profile.top("alpha", 5)
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "arclean-site-profile" and data["version"] == 1


def test_two_shard_profiles_merge_into_the_whole(profile):
    docs = _docs(RECORDS)
    a = learn_documents(docs[::2], source_by="field:metadata.source")
    b = learn_documents(docs[1::2], source_by="field:metadata.source")
    merged = a.merge(b).finish()
    assert merged == profile
    assert merged.overlap == 0


def test_exact_duplicates_count_once():
    docs = _docs(RECORDS[:30])
    once = learn_documents(docs).finish()
    twice = learn_documents(docs + docs).finish()
    assert twice.same_counts(once)
    assert twice.duplicates == 30


def test_merge_reports_documents_counted_in_two_shards():
    docs = _docs(RECORDS[:30])
    a, b = learn_documents(docs[:20]), learn_documents(docs[10:])
    assert a.merge(b).overlap == 10


@settings(deadline=None, max_examples=60)
@given(st.text(alphabet=st.sampled_from(list("اب ت.؟!،:\n3»")), max_size=80))
def test_units_cover_the_line_and_join_back(text):
    line = text.replace("\n", " ")
    units = split_units(line)
    assert units[0].start == 0 or not line[: units[0].start].strip()
    for u, v in itertools.pairwise(units):
        assert u.next == v.start and not line[u.end : u.next].strip()
    rebuilt = "".join(line[u.start : u.next] for u in units)
    assert rebuilt.rstrip() == line[units[0].start :].rstrip()


def test_units_keep_numbers_abbreviations_and_ellipses():
    line = "ارتفع المؤشر 3.5 نقطة. قال د. محمد إن الوضع... مستقر؟ نعم! انتهى"
    got = [line[u.start : u.end] for u in split_units(line)]
    assert got == ["ارتفع المؤشر 3.5 نقطة.", "قال د. محمد إن الوضع... مستقر؟", "نعم!", "انتهى"]


def test_pyarabic_sentence_tokenize_does_not_fit():
    # Pinned so the README's reasons stay true (see arcleaner.units).
    from pyarabic.araby import sentence_tokenize

    got = sentence_tokenize("قال الوزير، في بيان: إن النمو بلغ 3.5 بالمئة. وأضاف")
    assert got == ["قال الوزير،", "في بيان:", "إن النمو بلغ 3.5 بالمئة.", "وأضاف"]  # clauses
    assert "".join(got) != "قال الوزير، في بيان: إن النمو بلغ 3.5 بالمئة. وأضاف"  # spaces lost
    forty = " ".join(f"جملة{i}." for i in range(40))
    assert len(sentence_tokenize(forty)) == 33  # count=re.UNICODE: at most 32 splits


def test_bad_profiles_are_config_errors(tmp_path):
    with pytest.raises(ConfigError, match="cannot read profile"):
        Pipeline.default(resources=Resources(profile=tmp_path / "missing.profile"))
    bad = tmp_path / "bad.profile"
    bad.write_text('{"format": "arclean-site-profile", "version": 1, "sketch": {}}', "utf-8")
    with pytest.raises(ConfigError, match="corrupt site profile"):
        Pipeline.from_config({"profile": str(bad)})
    with pytest.raises(ConfigError, match="needs a site profile"):
        Pipeline(["drop-corpus-repeats"])


def test_config_profile_key_adds_the_filter(profile, tmp_path):
    path = tmp_path / "p.profile"
    profile.save(path)
    pipe = Pipeline.from_config({"profile": str(path)})
    names = [f.name for f in pipe.filters]
    assert names.index("drop-corpus-repeats") == names.index("drop-by-context") - 1
    assert pipe.describe()["profile"]["sources"] == 3


# -- the real command ---------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_jsonl(tmp_path_factory) -> Path:
    return write_jsonl(tmp_path_factory.mktemp("corpus") / "in.jsonl", RECORDS)


def test_cli_learn_then_clean_a_jsonl_stream(corpus_jsonl, tmp_path):
    prof = tmp_path / "site.profile"
    r = arclean("learn", str(corpus_jsonl), "-o", str(prof), "--source-by", "field:metadata.source")
    assert r.returncode == 0, r.stderr
    assert b"3 sources" in r.stderr
    shown = arclean("profile", "show", str(prof), "--top", "5")
    assert shown.returncode == 0
    assert "هذه الزاويه تصدر كل اسبوع" in shown.stdout.decode()
    # The command line of the issue, as written: the source field comes from the profile.
    r = arclean("--jsonl", "--profile", str(prof), "-j", "2", input=corpus_jsonl.read_bytes())
    assert r.returncode == 0, r.stderr
    out = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert len(out) == len(RECORDS)
    text = "\n".join(o["text"] for o in out)
    assert ALPHA_DISCLAIMER not in text and GAMMA_SERVICE not in text
    assert BETA_CONTACT not in text
    assert text.count(FOLLOW_UP) == 8
    plain = arclean("--jsonl", input=corpus_jsonl.read_bytes())
    assert ALPHA_DISCLAIMER in plain.stdout.decode()


def test_cli_learn_in_a_batch_equals_a_profile_learned_first(tmp_path):
    raw = write_tree(tmp_path / "raw", RECORDS[:300])
    prof = tmp_path / "dir.profile"
    assert arclean("learn", str(raw), "-o", str(prof), "-q").returncode == 0
    assert SiteProfile.load(prof).source_by == "dir"
    a = arclean(str(raw), "-o", str(tmp_path / "a"), "--learn", "-q", "-j", "2")
    b = arclean(str(raw), "-o", str(tmp_path / "b"), "--profile", str(prof), "-q", "-j", "1")
    assert a.returncode == b.returncode == 0, (a.stderr, b.stderr)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.txt"))
    assert len(files) == 300
    for f in files:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes()
    gone = sum(ALPHA_DISCLAIMER not in (tmp_path / "a" / f).read_text("utf-8") for f in files)
    assert gone == 300


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_bad_profile_is_a_usage_error(tmp_path, jobs):
    bad = tmp_path / "bad.profile"
    bad.write_bytes(b"\x00not json")
    r = arclean("--jsonl", "--profile", str(bad), "-j", jobs, input=b'{"text": "x"}\n')
    assert r.returncode == 2
    assert r.stderr.decode().startswith("arclean: error: ") and b"Traceback" not in r.stderr
    r = arclean("--profile", str(tmp_path / "none.profile"), "-j", jobs, input=b"x")
    assert r.returncode == 2 and b"cannot read profile" in r.stderr


def test_cli_learn_refuses_stdin_with_learn_and_overwriting_an_input(corpus_jsonl, tmp_path):
    r = arclean("--jsonl", "--learn", input=b'{"text": "x"}\n')
    assert r.returncode == 2 and b"stdin can be read once" in r.stderr
    r = arclean("learn", str(corpus_jsonl), "-o", str(corpus_jsonl))
    assert r.returncode == 2 and b"refusing to overwrite" in r.stderr
    r = arclean("learn", str(corpus_jsonl), "-o", str(tmp_path / "p"), "--source-by", "host")
    assert r.returncode == 2


def test_learn_paths_reads_gzip_and_url_hosts(tmp_path):
    import gzip

    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in RECORDS[:30]:
            site = r["metadata"]["source"]
            rec = {"text": r["text"], "url": f"https://www.{site}.example/a/{r['id']}"}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    prof = learn_paths([path], "url:url")
    assert sorted(prof.sources) == ["alpha.example", "beta.example", "gamma.example"]


def test_a_dateline_stays_and_an_agency_credit_prefix_goes():
    from corpus_gen import records as make

    bodies = [r["text"].split("\n")[1] for r in make(per_site=60, seed=5) if "\n" in r["text"]]
    dated = [f"دبي، الإمارات العربية المتحدة (CNN)-- {b}" for b in bodies[:60]]
    credited = [f"الرياض - واس: {b}" for b in bodies[60:120]]
    profile = learn_documents([(t, "site") for t in dated + credited]).finish()
    pipe = Pipeline.default(resources=Resources(profile=profile))
    assert pipe.clean(dated[0], "site").startswith("دبي، الإمارات العربية المتحدة (CNN)")
    out = pipe.clean(credited[0], "site")
    assert not out.startswith("الرياض") and out == credited[0].split(": ", 1)[1]
    cut = Pipeline.default(
        resources=Resources(profile=profile), **{"drop-corpus-repeats": {"cut_dateline": True}}
    )
    assert not cut.clean(dated[0], "site").startswith("دبي")


PIECES = [
    ALPHA_DISCLAIMER,
    BETA_CONTACT,
    GAMMA_SERVICE,
    WIRE_FORMULA,
    "مكتب العاصمة - ليلى يوسف: ",
    "المصدر الأصلي: ",
    "أعلنت الوزارة خطة النقل.",
    "رقم 12:30",
    "\n",
    ". ",
    "؟ ",
    " - ",
    ": ",
]


# VT, FF, FS-RS and NEL become line breaks only in normalize-unicode, after the filters
# (Document.from_text splits on CR, U+2028 and U+2029): text holding them can be cleaned
# further on a second pass with any filter, so they are left out here.
_TEXT = st.text(alphabet=st.characters(blacklist_characters="\x0b\x0c\x1c\x1d\x1e\x85"))


@settings(deadline=None, max_examples=80)
@given(
    st.lists(st.sampled_from(PIECES) | _TEXT.filter(lambda t: len(t) <= 12), max_size=12),
    st.sampled_from(["alpha", "beta", "gamma", None]),
)
# Each was left for a second cleaning to find: a trailer written two or three times,
# glued to the word before it; a dateline repeated; a control character or a word-less
# unit where a sentence ends (normalize-unicode deletes it, and the units change); the
# punctuation left of a line whose words all went; an opening bracket glued to a "?".
@example(["المصدر الأصلي: ", "هذه الزاوية تصدر كل أسبوع بالتعاون مع دار النشر الوطنية"] * 2, "beta")
@example(["هذه الزاوية تصدر كل أسبوع بالتعاون مع دار النشر الوطنية", "المصدر الأصلي: "] * 3, "beta")
@example(
    ["مكتب العاصمة - ليلى يوسف: "] * 2
    + ["هذه الزاوية تصدر كل أسبوع بالتعاون مع دار النشر الوطنية"] * 2,
    "alpha",
)
@example(
    [
        ":\x1b",
        ". ",
        "للتواصل مع فريق التحرير راسلونا عبر البريد الإلكتروني للموقع.",
        "هذه الزاوية تصدر كل أسبوع بالتعاون مع دار النشر الوطنية",
    ],
    "beta",
)
@example(["مكتب العاصمة - ليلى يوسف: ", ". ", ". "], "alpha")
@example(["هذه الزاوية تصدر كل أسبوع بالتعاون مع دار النشر الوطنية", "?\x1b(0"], "alpha")
def test_with_a_profile_the_pipeline_never_raises_and_is_idempotent(profile, parts, source):
    pipe = _pipe(profile)
    once = pipe.clean("".join(parts), source)
    assert pipe.clean(once, source) == once


_PIPES: dict[int, Pipeline] = {}


def _pipe(profile: SiteProfile) -> Pipeline:
    if id(profile) not in _PIPES:
        _PIPES[id(profile)] = Pipeline.default(resources=Resources(profile=profile))
    return _PIPES[id(profile)]


@settings(deadline=None, max_examples=40)
@given(
    st.lists(st.text(max_size=6), max_size=60),
    st.lists(st.text(max_size=6), max_size=60),
    st.sampled_from([2, 4, 1 << 10]),
)
def test_sketches_add_exactly_and_never_undercount(a, b, width):
    from collections import Counter

    from arcleaner.sketch import Sketch, key_hash

    left, right, whole = Sketch(3, width), Sketch(3, width), Sketch(3, width)
    for keys, part in ((a, left), (b, right)):
        for k in keys:
            part.add(key_hash(k))
            whole.add(key_hash(k))
    left.merge(right)
    assert left == whole
    assert Sketch.from_bytes(whole.to_bytes(), 3, width) == whole
    for k, n in Counter(a + b).items():
        assert whole.estimate(key_hash(k)) >= n


def test_cli_profile_merge_of_two_shards(tmp_path):
    recs = RECORDS[:240]
    a = write_jsonl(tmp_path / "a.jsonl", recs[::2])
    b = write_jsonl(tmp_path / "b.jsonl", recs[1::2])
    whole = write_jsonl(tmp_path / "whole.jsonl", recs)
    for src in (a, b, whole):
        r = arclean("learn", str(src), "-o", str(src.with_suffix(".profile")), "-q")
        assert r.returncode == 0, r.stderr
    out = tmp_path / "merged.profile"
    r = arclean(
        "profile",
        "merge",
        str(a.with_suffix(".profile")),
        str(b.with_suffix(".profile")),
        "-o",
        str(out),
    )
    assert r.returncode == 0 and not r.stderr
    merged, one = SiteProfile.load(out), SiteProfile.load(whole.with_suffix(".profile"))
    assert merged.same_counts(one)
    for s in one.sources:  # the display tables agree above their edge
        assert [t for t in merged.top(s, 50) if t[2].docs >= 5] == [
            t for t in one.top(s, 50) if t[2].docs >= 5
        ]
    # The same shard twice: every document was counted by both, and the merge says so.
    r = arclean(
        "profile",
        "merge",
        str(a.with_suffix(".profile")),
        str(a.with_suffix(".profile")),
        "-o",
        str(tmp_path / "twice.profile"),
    )
    assert r.returncode == 0 and b"120 documents were counted in more than one shard" in r.stderr


def test_an_end_label_inside_a_clause_is_not_cut():
    # The site's trailer "المصدر: <title>" ends most articles; a last sentence that
    # quotes a source ("وقال المصدر: إن ...") is the article's, not a trailer.
    from corpus_gen import records as make

    bodies = [r["text"].split("\n")[1] for r in make(per_site=60, seed=7) if "\n" in r["text"]]
    docs = [f"{b}\nاقرأ المزيد. المصدر: خبر رقم {i} عن الطقس" for i, b in enumerate(bodies[:80])]
    profile = learn_documents([(t, "site") for t in docs]).finish()
    pipe = Pipeline.default(resources=Resources(profile=profile))
    assert "المصدر" not in pipe.clean(f"{bodies[90]}\nانتهى. المصدر: خبر آخر", "site")
    quote = "وقال المصدر: إن الاجتماع سيعقد غدا في العاصمة لبحث الخطة"
    assert pipe.clean(f"{bodies[90]}\n{quote}", "site").endswith(quote)
