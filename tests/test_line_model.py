"""The feature table, the line model and its decoder, and drop-by-context built on them."""

from __future__ import annotations

import json

import pytest

from arcleaner import ConfigError, Pipeline
from arcleaner.features import DESCRIPTIONS, INDEX, NAMES, page_features
from arcleaner.filters import DropByContext
from arcleaner.resources import Resources
from arcleaner.sequence import ALLOWED, FORMAT, STATES, LineModel

from conftest import FIXTURES, arclean

RES = Resources()
BODY = (
    "أعلنت وزارة الصحة، اليوم الأحد، تسجيل إصابات جديدة بالحمى في ثلاث محافظات، ودعت "
    "المواطنين إلى مراجعة المراكز الصحية عند ظهور الأعراض.",
    "وقال مدير المستشفى إن الوضع تحت السيطرة، وإن الفرق الطبية تتابع الحالات في المحافظات "
    "الثلاث على مدار الساعة.",
)
PAGE = [
    "* الرئيسية",
    "* أخبار",
    "* رياضة",
    "الوزارة تسجل إصابات جديدة بالحمى في ثلاث محافظات",
    "الأحد، 5 نيسان 2020 09:22 مساءً",
    *BODY,
    "أخبار ذات صلة",
    "ارتفاع أسعار الذهب محليا...",
    "موجة حر تضرب المنطقة نهاية الأسبوع...",
]


def test_every_feature_is_named_and_described():
    assert len(NAMES) == len(set(NAMES)) == len(DESCRIPTIONS)
    rows = page_features(PAGE, RES)
    assert len(rows) == len(PAGE) and all(len(r) == len(NAMES) for r in rows)
    assert all(isinstance(v, float) for r in rows for v in r)


def test_row_shapes():
    rows = page_features([*PAGE[:3], "", *PAGE[3:]], RES)
    blank = rows[3]
    assert blank[INDEX["bias"]] == 1.0 and sum(blank) == 1.0  # a blank line: bias only
    menu, headline, date, body = rows[0], rows[4], rows[5], rows[6]
    assert menu[INDEX["bullet"]] == 1.0 and menu[INDEX["short"]] == 1.0
    assert date[INDEX["date"]] == 1.0
    assert body[INDEX["prose"]] == 1.0 and body[INDEX["in_article"]] == 1.0
    # The headline: before the article, in its words, its date next: the headline slot.
    assert headline[INDEX["headline_slot"]] == 1.0 and headline[INDEX["next_date"]] == 1.0
    assert headline[INDEX["article_overlap"]] > 0.5
    assert menu[INDEX["headline_slot"]] == 0.0
    related = rows[-1]
    assert related[INDEX["after_article"]] == 1.0 and related[INDEX["end_ellipsis"]] == 1.0
    assert related[INDEX["list_header"]] == 1.0


def test_a_list_the_article_introduces_is_marked():
    rows = page_features(
        [
            BODY[0],
            "وجاءت نتائج الفرق في المجموعة الأولى كما يلي:",
            "1- مصر",
            "2- تونس",
            "3- المغرب",
        ],
        RES,
    )
    assert [r[INDEX["introduced"]] for r in rows] == [0.0, 0.0, 1.0, 1.0, 1.0]


def test_a_headline_inside_a_breadcrumb_is_a_repeat_on_the_page():
    title = "الوزارة تسجل إصابات جديدة بالحمى"
    rows = page_features([f"الرئيسية > أخبار > {title}", title, *BODY], RES)
    assert rows[0][INDEX["title_repeat"]] == rows[1][INDEX["title_repeat"]] == 1.0
    assert rows[1][INDEX["headline_slot"]] == 1.0  # the crumb is not the headline


def model(weights: dict[str, float], **kw) -> LineModel:
    trans = {f"{STATES[a]}>{STATES[b]}": 0.5 for a, b in ALLOWED}
    trans["after>after"] = 1.0
    return LineModel(
        tuple(weights), tuple(weights.values()), trans, {"before": 0.5, "article": 0.5}, **kw
    )


def test_decoder_probabilities_and_forced_lines():
    m = model({"bias": 0.0})
    probs = m.decode([3.0, -3.0, 3.0, -3.0], [None, None, None, None])
    assert all(0.0 <= p <= 1.0 for p in probs)
    assert probs[0] > 0.5 > probs[1]
    forced = m.decode([3.0, 3.0, 3.0], [True, False, None])
    assert forced[0] == pytest.approx(1.0) and forced[1] == pytest.approx(0.0)
    assert m.decode([], []) == []


def test_model_json_round_trip_and_validation():
    m = model({"bias": 0.5, "short": 1.25}, prior=0.6, emission=0.8)
    back = LineModel.from_dict(json.loads(json.dumps(m.as_dict())))
    assert back == m
    bad = m.as_dict() | {"weights": [1.0]}
    with pytest.raises(ConfigError, match="2 feature names but 1 weights"):
        LineModel.from_dict(bad, "x.json")
    with pytest.raises(ConfigError, match="not a line model"):
        LineModel.from_dict({"format": "other"}, "x.json")
    with pytest.raises(ConfigError, match="unknown features: nope"):
        model({"bias": 0.0, "nope": 1.0}).aligned(NAMES)


def test_packaged_model_knows_the_table_and_says_how_it_was_made():
    data = RES.model_data("line-model")
    assert data["format"] == FORMAT
    m = LineModel.from_dict(data).aligned(NAMES)  # no unknown feature
    assert set(data["names"]) <= set(NAMES)
    assert data["script"] == "benchmarks/train_line_model.py"
    assert 0.0 < m.prior < 1.0


def test_removals_say_why_with_the_features_that_weighed():
    result = Pipeline.default().run("\n".join(PAGE))
    assert result.text.split("\n")[0] == PAGE[3]  # the headline stays
    assert all(line in result.text for line in BODY)
    by_model = [r for r in result.removed if r.filter == "drop-by-context"]
    assert by_model and all(r.reason.startswith("line model, p=") for r in by_model)
    descriptions = set(DESCRIPTIONS.values())
    for r in by_model:
        named = r.reason.split(": ", 1)[1].split("; ")
        assert named and all(part in descriptions for part in named), r.reason


def test_a_text_with_no_prose_or_no_evidence_is_left_to_the_other_filters():
    short = "خبر مهم جدا\nنص الخبر."
    assert Pipeline.default().clean(short) == short
    clean = "\n".join([*BODY, "الحارس: محمد علي", "الدفاع: سامي يوسف - خالد الحسن"])
    assert Pipeline.default().clean(clean) == clean


def test_option_ranges_and_a_bad_weights_file_fail_when_the_pipeline_is_built(tmp_path):
    with pytest.raises(ConfigError, match="threshold"):
        DropByContext(threshold=1.5)
    bad = tmp_path / "weights.json"
    bad.write_text('{"format": "arcleaner-line-model/1", "names": ["bias"]}', "utf-8")
    with pytest.raises(ConfigError, match=r"weights\.json: malformed line model"):
        Pipeline.default(**{"drop-by-context": {"model": str(bad)}})
    for j in ("1", "2"):
        proc = arclean(
            "-j",
            j,
            "--set",
            f"drop-by-context.model={bad}",
            input=b"\n".join(line.encode() for line in PAGE),
        )
        err = proc.stderr.decode()
        assert proc.returncode == 2 and err.count("\n") == 1, err
        assert "malformed line model" in err


def test_the_dek_under_the_date_and_share_bar_is_kept():
    # The dek is the article's whether it comes right under the headline or past its
    # date and share bar; the model, reading it as a line between chrome, gave it 0.92.
    # (a press release as a scraper gives it: its headline, then its date and share bar,
    # then its dek, a photo credit and the article)
    raw = (FIXTURES / "cases" / "press-release-dek.raw.txt").read_text("utf-8")
    result = Pipeline.default().run(raw)
    dek = "تتضمن الخطة الوطنية خفض الفاقد بنسبة النصف واستثمارات بمليار دولار."
    assert dek in result.text.split("\n")
    assert "هيئة المياه تطلق خطة وطنية لخفض الفاقد في شبكات التوزيع 2026-2030" in result.text
    assert "المنتخب الوطني يبدأ معسكره" not in result.text


def test_a_list_of_the_article_inside_it_is_kept_with_its_heading():
    # A recipe's ingredients (short items under "المكونات") and a filling's: inside the
    # article's stretch, with no boilerplate in or over them. The model, reading each
    # item as a menu entry, took most of them; the read-also box after the article
    # still goes.
    raw = (FIXTURES / "cases" / "recipe-lists.raw.txt").read_text("utf-8")
    lines = Pipeline.default().clean(raw).split("\n")
    for kept in ("المكونات", "* نصف كيلو برغل ناعم", "* زيت زيتون", "الحشوة", "* كوب صنوبر محمص"):
        assert kept in lines
    assert "* طريقة عمل المقلوبة بالباذنجان والدجاج" not in lines


def test_a_table_of_the_article_inside_it_is_kept_with_its_heading():
    # A weather bulletin's table as inscriptis writes it (cells two spaces apart): the
    # model read its rows as a menu and kept one of five.
    raw = (FIXTURES / "cases" / "weather-table.raw.txt").read_text("utf-8")
    lines = Pipeline.default().clean(raw).split("\n")
    for kept in ("درجات الحرارة المتوقعة", "المدينة العظمى الصغرى", "عمان 14 7", "معان 11 3"):
        assert kept in lines
    assert "* إغلاق طرق في العاصمة بسبب تجمع مياه الأمطار" not in lines


def _recipe_with(box: list[str]) -> str:
    """The recipe fixture with ``box`` put between two paragraphs of its article."""
    raw = (FIXTURES / "cases" / "recipe-lists.raw.txt").read_text("utf-8")
    anchor = "  طريقة التحضير\n"
    return raw.replace(anchor, "\n".join(box) + "\n\n" + anchor)


def test_a_list_under_a_removed_header_or_of_other_things_is_not_kept():
    # A list inside the article goes when a filter removed the line above it (an ad's
    # label), and when its items speak of nothing the article does (networks to follow).
    ad = _recipe_with(["  إعلان", "    * عروض رمضان الحصرية", "    * خصم خمسين في المئة"])
    follow = _recipe_with(["  تابعونا", "    * فيسبوك", "    * يوتيوب", "    * انستغرام"])
    for page, items in ((ad, ("* عروض رمضان الحصرية",)), (follow, ("* فيسبوك", "* يوتيوب"))):
        lines = Pipeline.default().clean(page).split("\n")
        assert "* نصف كيلو برغل ناعم" in lines
        for item in items:
            assert item not in lines


def test_paragraphs_spaced_with_no_break_spaces_are_still_prose():
    # A page whose paragraphs space their words with U+00A0 (normalized only after the
    # filters): a URL is no prose, but those paragraphs are, and the menu still goes.
    raw = (FIXTURES / "cases" / "recipe-lists.raw.txt").read_text("utf-8")
    lines = raw.split("\n")
    spaced = "\n".join(ln.replace(" ", "\u00a0") if len(ln) > 80 else ln for ln in lines)
    out = Pipeline.default().clean(spaced)
    assert "* تكنولوجيا" not in out and "* مطبخ" not in out.split("\n")
    assert "تعد الكبة بالصينية" in out


def test_a_byline_with_its_date_is_not_taken_for_the_headline():
    # A headline in other words than the article's, its byline with a place the article
    # names and a date, a share bar, then a wrapped first paragraph: the byline was
    # taken for the headline (a title-like line its removed share bar "dates"), and the
    # headline went.
    lines = [
        "آخر الأخبار",
        "  • الأهلي يعلن قائمته لمواجهة الزمالك",
        "  • ارتفاع أسعار الذهب في التعاملات المسائية",
        "الرئيسية › أخبار مصر",
        "",
        "عاجل.. سكان الشمال يستيقظون على اهتزاز مفاجئ قبل الفجر",
        "",
        "مرسى مطروح - أحمد سمير السبت، 14 سبتمبر 2024 10:05 ص",
        "شارك فيسبوك تويتر واتساب تيليجرام",
        "",
        "أعلن المعهد القومي للبحوث الفلكية أن محطات الشبكة القومية للزلازل سجلت زلزالا",
        "بقوة 4.2 درجة على مقياس ريختر في الساعة الرابعة فجرا، على بعد 60 كيلومترا شمال "
        "مرسى مطروح.",
        "",
        "وأكد المعهد في بيان مقتضب أن الزلزال لم تسفر عنه أي خسائر في الأرواح أو الممتلكات، "
        "وأن عمقه بلغ عشرة كيلومترات تحت سطح البحر.",
    ]
    out = Pipeline.default().clean("\n".join(lines)).split("\n")
    assert out[0] == "عاجل.. سكان الشمال يستيقظون على اهتزاز مفاجئ قبل الفجر"
    assert "مرسى مطروح - أحمد سمير السبت، 14 سبتمبر 2024 10:05 ص" not in out


def test_a_text_longer_than_a_page_is_left_to_the_other_filters():
    # Documents run together (a corpus dump in one file) are no page: the model finds
    # one article in a page and takes the others for chrome, so past max_lines lines of
    # text (blank ones not counted) it judges none, and a note of the result says so.
    raw = (FIXTURES / "cases" / "news-page-chrome.raw.txt").read_text("utf-8")
    lines = sum(1 for line in raw.splitlines() if line.strip())
    for text in (raw, raw.replace("\n", "\n\n\n")):  # (blank lines do not count)
        for limit, judged in ((lines, True), (lines - 1, False), (0, True)):
            names = [*Pipeline.default().filters[:-1], DropByContext(max_lines=limit)]
            result = Pipeline(names).run(text)
            assert ("drop-by-context" in result.counts()) is judged, limit
            assert bool(result.notes) is not judged
            if not judged:
                assert result.notes[0].startswith(f"{lines:,} lines of text, more than a page")
    assert DropByContext().max_lines == 5000
    # A long text with nothing to judge (no boilerplate found) gets no note.
    clean = "\n".join(f"وقال الوزير إن المحادثات ستستمر الأسبوع المقبل رقم {i}." for i in range(60))
    names = [*Pipeline.default().filters[:-1], DropByContext(max_lines=10)]
    assert Pipeline(names).run(clean).notes == []


def test_arclean_warns_of_a_text_longer_than_a_page(tmp_path):
    # 5,200 lines of distinct paragraphs, with a share button and another story's title
    # every 20: one line on stderr says the text is more than a page, and only the
    # lexicon's share buttons go (drop-by-context judges no line of it).
    lines = []
    for i in range(5200):
        if i % 20 == 0:
            lines.append("شارك")
        elif i % 20 == 1:
            lines.append(f"عنوان قصة أخرى رقم {i}")
        else:
            lines.append(f"وقال الوزير في المؤتمر إن المحادثات ستستمر الأسبوع المقبل رقم {i}.")
    big = tmp_path / "run-together.txt"
    big.write_text("\n".join(lines) + "\n", "utf-8")
    proc = arclean(str(big))
    assert proc.returncode == 0
    assert proc.stderr.decode().splitlines() == [
        f"arclean: warning: {big}: 5,200 lines of text, more than a page (5,000): "
        "drop-by-context judged none of them (documents run together: clean one document a "
        "file, or a JSONL record each, to have each page judged)"
    ]
    kept = proc.stdout.decode().splitlines()
    assert kept == [line for line in lines if line != "شارك"]


def test_a_jsonl_record_longer_than_a_page_is_told_too(tmp_path):
    # The note of a record past max_lines (5 here) is a warning naming the record's line.
    raw = (FIXTURES / "cases" / "news-page-chrome.raw.txt").read_text("utf-8")
    lines = sum(1 for line in raw.splitlines() if line.strip())
    shard = tmp_path / "pages.jsonl"
    records = [{"id": "a", "text": "خبر قصير."}, {"id": "b", "text": raw}]
    shard.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    proc = arclean(str(shard), "--set", "drop-by-context.max_lines=5", "-j", "1")
    assert proc.returncode == 0
    assert proc.stderr.decode().splitlines() == [
        f"arclean: warning: {shard}:2: {lines:,} lines of text, more than a page (5): "
        "drop-by-context judged none of them (documents run together: clean one document a "
        "file, or a JSONL record each, to have each page judged)"
    ]
