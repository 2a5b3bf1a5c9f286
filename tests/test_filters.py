"""Behaviour of the built-in filters on small documents written for these tests."""

from __future__ import annotations

import pytest

from arcleaner import Pipeline
from arcleaner.features import INDEX, page_features
from arcleaner.filters import DropSiteChrome
from arcleaner.lexicon import LexiconError, compile_entries, parse
from arcleaner.resources import Resources

PARA = (
    "وقال وزير الخارجية في مؤتمر صحافي عقده مساء أمس إن المحادثات مع الجانب الآخر "
    "ما زالت مستمرة، وإن الطرفين اتفقا على عقد جولة جديدة في الأسبوع المقبل."
)
PARA2 = (
    "وأضاف أن الحكومة تدرس عدة مقترحات لتخفيف الأعباء عن المواطنين، من بينها خفض "
    "الرسوم على السلع الأساسية وزيادة الدعم المقدم للأسر محدودة الدخل في المحافظات."
)


def removed_by(text: str, name: str) -> list[str]:
    return [r.text for r in Pipeline.default().run(text).removed if r.filter == name]


@pytest.mark.parametrize(
    "line",
    [
        "اقرأ أيضاً:",
        "للمزيد: الحكومة تعلن خطة جديدة للنقل العام",
        "شارك",
        "تابعونا على",
        "الكلمات الدالة: الاقتصاد، التضخم",
        "(رويترز)",
        "(أ ف ب)",
        "© REUTERS",
        "-------------",
        "https://example.com/news/123",
        "info@example.com",
        "photo_2024.jpg",
        "2025-03-14 | 10:25",
        "جميع الحقوق محفوظة © 2025",
        "All Rights Reserved.",
        "We use cookies to improve your experience",
        "Share on Facebook",
        "أضف تعليقك",
        "** جميع المقالات المنشورة تمثل رأي كتابها فقط.",
        "غائم جزئيا",
        "الأكثر قراءة",
        "منذ ساعتين",
        "قبل 5 دقائق",
        "l قبل 3 ساعات",
    ],
)
def test_chrome_lines_dropped_with_family(line):
    result = Pipeline(["drop-site-chrome"], []).run(f"{PARA}\n{line}\n{PARA2}")
    assert [r.text for r in result.removed] == [line]
    assert result.removed[0].reason.startswith("site chrome (")


@pytest.mark.parametrize(
    "line",
    [
        PARA,
        "للمزيد من المعلومات حول البرنامج يمكن مراجعة الموقع الرسمي للوزارة والاطلاع على الشروط.",
        "وشارك في الاجتماع ممثلون عن عشر دول عربية.",
        "كتب الروائي ثلاث روايات خلال عامين.",
        "اشترك في المؤتمر أكثر من مئتي باحث.",
        "قبل 5 سنوات وقعت الحادثة في المدينة نفسها.",
        "شارك على مدى ثلاثة أيام أكثر من ألف باحث في المؤتمر الدولي.",
        "سجل الدخول إلى المستشفى أكثر من مئة مصاب خلال يومين بسبب موجة الحر.",
        # Reported news holding a disclaimer's, a footer's or a prompt's phrase.
        "وقال المتحدث باسم الحكومة إن هذه التصريحات لا تعبر عن رأي الحكومة الرسمي.",
        "وأكدت جمعية المصارف في بيان أن الحقوق محفوظة لجميع المودعين دون استثناء.",
        "كما أعلنت الوزارة أن تطبيقها الجديد متاح على متجر آبل ومتجر جوجل.",
        "وأطلقت وزارة المالية النشرة البريدية الأسبوعية لإطلاع المواطنين على آخر القرارات.",
        "التصريحات لا تمثل وجهة نظر الحكومة الرسمية، بحسب المتحدث باسمها.",
        # Sentences that begin as a prompt or a label would, or hold a footer's phrase.
        "نشر في الجريدة الرسمية نص القانون كاملا صباح اليوم.",
        "الأكثر تداولا كان سهم البنك الأهلي بقيمة 320 مليون جنيه.",
        "حمل تطبيق المراسلة الجديد أكثر من ثلاثة ملايين مستخدم في يومين فقط.",
        "وأكد المحامي أن الحقوق محفوظة للورثة حتى سبعين عاما بعد الوفاة.",
        "حقوق النشر محفوظة للمؤلف لمدة خمسين عاما بعد وفاته.",
        "نشر في الموقع الرسمي للوزارة تقرير مفصل عن الإصابات.",
        "لا توجد تعليقات رسمية من وزارة الخارجية على التقرير حتى الآن.",
        "الطبعة الأولى نفدت خلال أسبوعين فقط.",
        "لكن هذه الأرقام لا تعبر عن رأي الشارع الحقيقي في المدينة.",
        # Dates inside sentences.
        "تنطلق الانتخابات يوم الأحد 12 أكتوبر 2025.",
        "وصدر الحكم بتاريخ 12/3/2025.",
        "وأعلنت الوزارة تسجيل إصابات جديدة.",
    ],
)
def test_prose_using_chrome_words_is_kept(line):
    assert Pipeline.default().clean(f"{PARA2}\n{line}") == f"{PARA2}\n{line}"


@pytest.mark.parametrize(
    "headline",
    [
        "سعر الدولار اليوم الثلاثاء 18 مارس 2025",
        "مواقيت الصلاة اليوم الجمعة 28 مارس 2025",
        "حظك اليوم وتوقعات الأبراج الاثنين 31 مارس 2025",
    ],
)
def test_a_headline_ending_with_a_weekday_date_is_kept(headline):
    # The date entry takes a date alone, or after a label or a separator, not a title's end.
    page = (
        f"{headline}\n{PARA2}\nنشر في: الجمعة 8 فيفري 2019 - 10:30\nمجتمع | الإثنين 18 أغسطس 2025"
    )
    assert Pipeline.default().clean(page) == f"{headline}\n{PARA2}"


@pytest.mark.parametrize(
    "intro",
    ["وكتبت وزارة الاتصالات على حسابها في منصة إكس:", "وقال المتحدث باسم الوزارة:"],
)
def test_a_line_the_article_quotes_is_kept(intro):
    # A ticker's label opens the quoted post; a list's short header introduces no quote.
    quote = "عاجل: إطلاق الاستراتيجية الوطنية للذكاء الاصطناعي بمشاركة خمسين جهة حكومية."
    page = f"{PARA}\n{intro}\n{quote}\n{PARA2}"
    assert Pipeline.default().clean(page) == page
    ticker = f"{PARA}\nآخر الأخبار:\n{quote}\n{PARA2}"
    assert Pipeline.default().clean(ticker) == f"{PARA}\n{PARA2}"
    # Where the embed a clause introduces was not scraped, what follows is no quote.
    for before, after in (
        ("وفيما يلي أهم البنود التي جرى الاتفاق عليها:", "اقرأ أيضا: عقوبات جديدة على طهران"),
        (intro, "ويشار إلى أن CNN بالعربية لا يمكنها التأكد من صحة الصور المتداولة على المنصات."),
        (intro, "------------"),
    ):
        out = Pipeline.default().clean(f"{PARA}\n{before}\n{after}\n{PARA2}")
        assert after not in out.split("\n"), out


def test_a_column_is_kept_whole_with_its_title_and_short_sentences():
    # A column's one-word answers and short questions sit between its paragraphs (they
    # were taken for a menu: "in a run of short lines"); the chrome around it still goes.
    column = [
        "حين سألت جاري عن أحوال الحي، قال إن الناس تغيروا كثيرا في السنوات الأخيرة، "
        "وإن أحدا لم يعد يسأل عن أحد.",
        "سألته: لماذا؟",
        "قال: لأننا تعبنا.",
        "ثم سكت.",
        "هل هذا معقول؟",
        "لا.",
        "أبدا.",
        "لكنه صحيح.",
        "نحن نمر ببعضنا كل صباح، ونلقي التحية على عجل، ثم يمضي كل منا إلى شأنه كأن "
        "الآخر لم يكن موجودا أصلا.",
        "فماذا بعد؟",
        "المزيد من العزلة؟",
        "أم بداية اللقاء؟",
        "أظن أن الجواب عندنا نحن، في أن نطرق باب الجار مرة واحدة في الأسبوع على الأقل، "
        "وأن نسأله عن حاله.",
        "كان أبي يفعل ذلك.",
        "وما زال.",
    ]
    chrome = ["الرئيسية", "مقالات الرأي", "بقلم: سمير الخطيب", "21 مارس 2025",
              "مقالات أخرى للكاتب", "عن الذاكرة والمدن", "رسالة إلى صديق قديم", "شارك",
              "طباعة", "جميع الحقوق محفوظة"]  # fmt: skip
    # (the column's title comes after its byline and date, and shares no word with it)
    title = "الجيرة ليست عادة قديمة"
    page = [*chrome[:4], title, *column, *chrome[4:]]
    assert Pipeline.default().clean("\n".join(page)).split("\n") == [title, *column]


def test_context_keeps_article_and_headline_drops_menu_and_related():
    page = "\n".join(
        [
            "الرئيسية",
            "أخبار",
            "رياضة",
            "اقتصاد",
            "منوعات",
            "الوزير: المحادثات مستمرة والجولة المقبلة الأسبوع القادم",
            "2025-01-02 | 09:00",
            PARA,
            "موقف الحكومة",
            PARA2,
            "الأكثر قراءة",
            "منتخب الشباب يتأهل إلى نهائي البطولة الإقليمية",
            "ارتفاع درجات الحرارة في معظم المناطق نهاية الأسبوع",
        ]
    )
    out = Pipeline.default().clean(page).split("\n")
    assert out == [
        "الوزير: المحادثات مستمرة والجولة المقبلة الأسبوع القادم",
        PARA,
        "موقف الحكومة",
        PARA2,
    ]


def test_context_keeps_trailing_list_without_boilerplate_evidence():
    doc = "\n".join([PARA, PARA2, "أبرز المرشحين:", "1- محمد علي", "2- أحمد حسن", "3- سارة خالد"])
    assert Pipeline.default().clean(doc) == doc


def test_context_leaves_a_page_without_prose_alone():
    doc = "عنوان قصير\nسطر آخر قصير\nثالث"
    assert Pipeline(["drop-by-context"], []).clean(doc) == doc


def test_policy_prose_is_boilerplate_but_news_about_privacy_is_not():
    """A comment rule speaks as the site ("we reserve the right"); news about privacy
    reports it: only the first carries the policy feature and cannot anchor the article."""
    rules = "نرحب بتعليقاتكم على موقعنا، ونحتفظ بالحق في حذف أي تعليق مخالف لشروط الاستخدام."
    news = "وقالت الشركة إنها عدلت سياسة الخصوصية لتمنح المستخدمين حق حذف بياناتهم من الموقع."
    rows = page_features([rules, news], Resources())
    assert rows[0][INDEX["policy"]] >= 1.0 and rows[0][INDEX["prose"]] == 0.0
    assert rows[1][INDEX["policy"]] < 1.0 and rows[1][INDEX["prose"]] == 1.0


def test_lexicon_syntax_errors_name_file_and_line():
    with pytest.raises(LexiconError, match=r"x\.txt:2"):
        parse("line: ok\nwhat: nope", "x.txt")
    with pytest.raises(LexiconError, match="bad regular expression"):
        parse("re: (unclosed", "x.txt")
    # A phrase of symbols alone folds to an empty key, which every line of punctuation
    # (a rule, "***", an empty line's key) has: refused, not a filter that takes them all.
    for kind in ("line", "start", "contains(3)"):
        with pytest.raises(LexiconError, match=r"x\.txt:1: '!!!' has no letter or digit"):
            parse(f"{kind}: !!!", "x.txt")
    assert parse("raw: ^!!!$", "x.txt")[0].pattern == "^!!!$"


def test_lexicon_kinds_and_limits():
    lex = compile_entries(
        "t", parse("## fam\nstart: اقرأ أيضا\ncontains(3): حقوق النشر\nraw: ^-+$", "t")
    )
    assert lex.match("اقرا ايضا هذا", 5).family == "fam"
    assert lex.match("كل حقوق النشر", 5) is not None
    assert lex.match("كل حقوق النشر محفوظه هنا", 10) is None  # over the entry's own limit
    assert lex.match("", 5, raw="-----").kind == "raw"


def test_user_extra_entries():
    p = Pipeline.default(**{"drop-site-chrome": {"extra": ("line: شريط الأخبار",)}})
    assert p.clean(f"{PARA}\nشريط الأخبار") == PARA


@pytest.mark.parametrize(
    "line",
    [
        "شارك على فيسبوك",
        "سجّل الدخول وانضم إلى المحادثة",
        # The site speaks (نحتفظ، موقعنا): no sentence of reported news, however it ends.
        "وأكد الموقع أنه نحتفظ بحق حذف التعليقات المسيئة وجميع الحقوق محفوظة لموقعنا.",
        # No verb of a statement: a disclaimer, not news.
        "جميع المقالات والآراء المنشورة لا تعبر عن رأي إدارة التحرير وإنما عن كتابها.",
        # Sentences, but the site speaks to its reader.
        "يمكنكم استلام إشعارات بأهم الموضوعات بعد تحميل تطبيقنا على هاتفكم المحمول.",
        "We use cookies to improve your experience on our website today.",
        "نشر في: الجمعة 8 فيفري 2019 - 10:30",
        "لا توجد تعليقات على هذا المقال.",
        "لا توجد تعليقات حتى الآن. كن أول من يعلق.",
        # Sentences matched first by an entry for short lines, then by one with a limit
        # of its own written for chrome that reads as prose.
        "المقالات المنشورة لا تعبر عن رأي إدارة التحرير بل عن آراء كتابها.",
        "Copyright 2024 The News Company. All rights reserved.",
        "جميع الحقوق محفوظة لصحيفة الخبر اليومية وفقا للقانون.",
        "الحقوق محفوظة لشركة الخبر للإعلام والنشر 2024.",
        "تم نشره السبت 23 حزيران / يونيو 2018 13:12 مساء",
    ],
)
def test_prompts_and_disclaimers_still_go(line):
    assert Pipeline.default().clean(f"{PARA2}\n{line}") == PARA2


def test_a_byline_mark_before_a_number_is_no_byline():
    chrome = Pipeline(["drop-site-chrome"], [])
    assert chrome.clean(f"{PARA}\nإعداد: 30 دقيقة") == f"{PARA}\nإعداد: 30 دقيقة"
    assert chrome.clean(f"{PARA}\nإعداد: سارة يوسف") == PARA


def test_a_sentence_is_one_with_invisible_marks_or_blanks_after_its_stop():
    line = "نشر في الجريدة الرسمية نص القانون كاملا صباح اليوم."
    for tail in ("\u200f", "   ", "\xa0\u200f "):
        assert not Pipeline.default().run(f"{PARA2}\n{line}{tail}").removed, repr(tail)


def test_keep_sentences_can_be_turned_off():
    off = Pipeline.default(**{"drop-site-chrome": {"keep_sentences": False}})
    for line in (
        "وقال المتحدث إن التصريحات لا تعبر عن رأي الحكومة.",
        "نشر في الجريدة الرسمية نص القانون كاملا صباح اليوم.",
    ):
        assert off.clean(f"{PARA2}\n{line}") == PARA2


def test_re_entries_are_folded_as_keys_are():
    # A key reads "دقايق", "مده" and "3" for "دقائق", "مدة" and "٣": a pattern written
    # as the words are spelled finds them, and reasons show it as written.
    entry = "re: ^مدة القراءة ٣ دقائق$"
    result = Pipeline([DropSiteChrome(extra=(entry,))], []).run(f"{PARA}\nمدة القراءة 3 دقائق")
    assert [r.text for r in result.removed] == ["مدة القراءة 3 دقائق"]
    assert entry in result.removed[0].reason


def test_chrome_is_a_dataclass_with_options():
    assert DropSiteChrome().options() == {
        "max_words": 12,
        "extra": (),
        "lexicon_files": (),
        "keep_sentences": True,
    }


@pytest.mark.parametrize(
    ("line", "kept", "cut"),
    [
        (
            "كتب - سامي يوسف: أعلنت وزارة الصحة عن خطة جديدة لمكافحة الأمراض...المزيد",
            "أعلنت وزارة الصحة عن خطة جديدة لمكافحة الأمراض",
            ["كتب - سامي يوسف: ", "...المزيد"],
        ),
        (
            "أعلنت الوزارة خطة جديدة للنقل العام. الكلمات الدالة: النقل، المدن، الوزارة",
            "أعلنت الوزارة خطة جديدة للنقل العام.",
            ["الكلمات الدالة: النقل، المدن، الوزارة"],
        ),
        (
            "بقلم: أحمد علي - يواجه الاقتصاد العالمي تحديات كبيرة هذا العام.",
            "يواجه الاقتصاد العالمي تحديات كبيرة هذا العام.",
            ["بقلم: أحمد علي - "],
        ),
    ],
)
def test_glued_spans_are_cut_and_the_sentence_kept(line, kept, cut):
    result = Pipeline.default().run(line)
    assert result.text == kept
    assert [r.text for r in result.removed] == cut
    assert all(r.filter == "drop-glued-boilerplate" and r.span for r in result.removed)


def test_dateline_stays_by_default_and_cut_on_request():
    line = "دمشق، سوريا (CNN) -- أكدت جهات معارضة أن فصائل مسلحة سيطرت على مستودعات للأسلحة."
    assert Pipeline.default().clean(line) == line
    cut = Pipeline.default(**{"drop-glued-boilerplate": {"cut_dateline": True}}).clean(line)
    assert cut == "أكدت جهات معارضة أن فصائل مسلحة سيطرت على مستودعات للأسلحة."


def test_prose_mentioning_more_is_not_cut():
    line = "أعلنت الوزارة عن المزيد من الإجراءات للحد من التضخم في الأسواق المحلية"
    assert Pipeline.default().clean(line) == line


def test_headline_with_site_name_is_a_repeat():
    doc = "\n".join(
        [
            "قمة الرياض تبحث الأزمة الاقتصادية - الشرق الأوسط",
            PARA,
            "سكاي نيوز عربية | قمة الرياض تبحث الأزمة الاقتصادية",
        ]
    )
    result = Pipeline(["drop-repeated-lines"], []).run(doc)
    assert [(r.line, r.reason) for r in result.removed] == [(3, "repeats line 1")]


def test_headline_repeated_as_the_body_opening():
    body = "الوزارة تطلق حملة تطعيم جديدة في جميع المحافظات ابتداء من الأسبوع المقبل."
    doc = "الوزارة تطلق حملة تطعيم جديدة\n" + body
    result = Pipeline(["drop-repeated-lines"], []).run(doc)
    assert result.text == doc.split("\n")[1]


def test_a_repeated_headline_with_a_site_name_is_found_past_edge_spaces():
    """drop-repeated-lines reads a line's text without the characters str.strip takes
    (U+001F among them), in place: the site name after the one separator goes."""
    text = "خبر مهم جدا اليوم\nنص الخبر هنا طويل بما يكفي\n  خبر مهم جدا اليوم - الجزيرة - \x1f"
    removed = Pipeline(["drop-repeated-lines"], []).run(text).removed
    assert [(r.line, r.reason) for r in removed] == [(3, "repeats line 1")]


# The last lines of an article after a "read also" box inside it are short: a quote and
# a closing sentence that go on with the story (و, reported speech; all four went with
# the box), or an interview's questions and answers (س: ... ج: ...). Only the box goes.
_AFTER_A_BOX = {
    "sentences": [
        "النادي يتوج بلقب الدوري للمرة العاشرة",
        "توج النادي بلقب الدوري الممتاز للمرة العاشرة في تاريخه، بعد فوزه على منافسه "
        "بهدفين دون رد مساء الجمعة.",
        "سجل هدفي النادي المهاجم الأول في الدقيقة 23 والجناح في الدقيقة 78.",
        "اقرأ أيضا: المنافس يقيل مدربه بعد الخسارة الثالثة",
        "وقال مدرب النادي بعد المباراة:",
        '"اللقب للجماهير".',
        'وأضاف: "الفريق قدم موسما استثنائيا".',
        "ويستعد النادي للمشاركة في البطولة القارية.",
    ],
    "interview": [
        "مدير المهرجان: نريد جمهورا أوسع للسينما العربية",
        "في حوار خاص، يتحدث مدير مهرجان المدينة السينمائي عن دورته الجديدة وعن خطط "
        "التوسع في المدن الصغيرة، وعن التحديات التي تواجه صناعة السينما في المنطقة.",
        "س: كم فيلما يشارك في الدورة الجديدة؟",
        "ج: نحو ستين فيلما من اثنتي عشرة دولة.",
        "اقرأ أيضا: المهرجان يعلن لجنة التحكيم",
        "س: هل ستعرض الأفلام في مدن أخرى؟",
        "ج: نعم، في أربع مدن للمرة الأولى.",
        "س: كلمة أخيرة للجمهور؟",
        "ج: تعالوا إلى الصالات، فالسينما تعاش هناك.",
    ],
}


@pytest.mark.parametrize("kind", sorted(_AFTER_A_BOX))
def test_the_article_goes_on_past_a_box_inside_it(kind):
    lines = _AFTER_A_BOX[kind]
    box = next(line for line in lines if line.startswith("اقرأ أيضا"))
    assert [r.text for r in Pipeline.default().run("\n".join(lines)).removed] == [box]


def test_a_list_under_a_header_is_no_continuation_of_the_article():
    # An item that opens with و (وزارة) is no "و" of a sentence going on with the story:
    # the list under "الأكثر قراءة" goes whole.
    items = [
        "وزارة الصحة تسجل 50 إصابة جديدة.",
        "رحيل فنان كبير عن عمر ناهز الثمانين.",
        "الوكالة الفضائية تطلق قمرا جديدا.",
        "الأمير يستقبل وفدا رسميا من الخارج.",
    ]
    result = Pipeline.default().run("\n".join([PARA, PARA2, "الأكثر قراءة", *items]))
    assert [r.text for r in result.removed] == ["الأكثر قراءة", *items]


def test_a_list_the_article_introduces_inside_it_is_kept():
    # Short items (a film's cast) after a line of the article ending with ':' and
    # before more of it: the article's, however much they look like a menu.
    page = "\n".join(
        [
            "الرئيسية",
            "ثقافة",
            "فيلم سوداني يفوز بالجائزة الكبرى في مهرجان قرطاج السينمائي",
            PARA,
            "وشارك في بطولة الفيلم عدد من الممثلين الشباب، وهم:",
            "إيمان يوسف",
            "سيران رياك",
            "محمد الأمين",
            PARA2,
            "الجوائز:",  # (a short header of the list introduces it too)
            "أفضل فيلم",
            "أفضل ممثلة",
            "وقالت لجنة التحكيم في بيانها إن الفيلم قدم صورة صادقة عن حياة الناس في المدن "
            "الصغيرة، وإن أداء الممثلين كان لافتا في كل مشاهده.",
            "شارك",
        ]
    )
    removed = [r.text for r in Pipeline.default().run(page).removed]
    items = {"إيمان يوسف", "سيران رياك", "محمد الأمين", "الجوائز:", "أفضل فيلم", "أفضل ممثلة"}
    assert not items & set(removed), removed
