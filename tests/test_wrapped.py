"""Hard-wrapped text (html2text, w3m, mail): found by its width, judged by paragraph."""

from __future__ import annotations

import textwrap
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcleaner import Pipeline
from arcleaner.wrapped import MAX_WIDTH, MIN_WIDTH, Wrapping, find_wrapping

from conftest import FIXTURES

# Paragraphs of our own, one a line, as a scraper that keeps paragraphs gives them.
PARAGRAPHS = [
    "أعلنت هيئة النقل العام أمس عن خطة لتوسيع شبكة الحافلات الكهربائية في العاصمة خلال "
    "السنوات الثلاث المقبلة، بإضافة مئتي حافلة جديدة وأربعين محطة شحن موزعة على الأحياء "
    "الشرقية والجنوبية التي تعاني من ضعف الخدمة منذ سنوات",
    "وقال رئيس الهيئة إن الخطة تهدف إلى خفض زمن الانتظار في المحطات إلى عشر دقائق في "
    "ساعات الذروة، وإلى تقليل الانبعاثات الناتجة عن وسائل النقل القديمة التي يعود بعضها "
    "إلى أكثر من عشرين عاما",
    "وأضاف أن الحافلات الجديدة ستكون مجهزة بأنظمة دفع إلكتروني وشاشات لعرض مواعيد الوصول، "
    "وأن تذكرة الركوب ستبقى بسعرها الحالي حتى نهاية العام المقبل على الأقل",
]


def wrapped(width: int) -> list[str]:
    """The paragraphs wrapped at ``width``, a blank line between them."""
    lines: list[str] = []
    for para in PARAGRAPHS:
        lines += [*textwrap.wrap(para, width), ""]
    return lines


@pytest.mark.parametrize("width", [60, 72, 78, 80])
def test_finds_the_width_and_joins_each_paragraph(width):
    lines = wrapped(width)
    found = find_wrapping(lines)
    # (the width found explains every break: it is at least the longest line, and it may
    # be wider than the one used, up to where the shortest next word would have fitted)
    assert found is not None and max(len(line) for line in lines) <= found.width
    # Every break inside a paragraph is a wrap at the width found; no paragraph goes on
    # across the blank line after it.
    joins = [found.joins(a, b) for a, b in pairwise(lines)]
    inside = [bool(a and b) for a, b in pairwise(lines)]
    assert joins == inside


def test_too_few_wraps_say_nothing():
    # Two breaks are too few to tell from chance; three, with no other break, do.
    two = wrapped(120)
    two = two[: two.index("", two.index("") + 1)]  # (the first two paragraphs)
    assert sum(1 for line in two if line) == 4
    assert find_wrapping(two) is None
    assert find_wrapping(wrapped(120)) == Wrapping(120, False)


def test_one_paragraph_a_line_is_not_wrapped():
    assert find_wrapping(PARAGRAPHS) is None
    assert find_wrapping("\n\n".join(PARAGRAPHS).split("\n")) is None


@pytest.mark.parametrize(
    "raw", sorted(FIXTURES.glob("cases/*.raw.txt")), ids=lambda p: p.name.removesuffix(".raw.txt")
)
def test_the_fixture_pages_that_were_not_wrapped_are_not_found_wrapped(raw):
    found = find_wrapping(raw.read_text("utf-8").split("\n"))
    assert (found is not None) == raw.name.startswith("hard-wrapped")


def test_a_list_of_titles_is_not_wrapped():
    # Teaser titles one under the other: each break could be a wrap at some width, but
    # no one width explains most of them.
    titles = [
        "ارتفاع أسعار الخضروات في الأسواق المحلية مع بداية موسم الشتاء",
        "افتتاح معرض الكتاب الدولي بمشاركة أكثر من ثلاثمئة دار نشر",
        "الأرصاد تتوقع طقسا غائما مع فرص لسقوط أمطار خفيفة",
        "المنتخب الوطني يبدأ معسكره التدريبي استعدادا للتصفيات القارية",
        "وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا الموسمية في المدارس",
        "البنك المركزي يبقي أسعار الفائدة دون تغيير للمرة الثالثة",
        "افتتاح أول مكتبة عامة رقمية في المدينة القديمة",
    ]
    assert find_wrapping(titles) is None


@settings(deadline=None, max_examples=200)
@given(st.lists(st.text(alphabet="ابت ثجح.،\u061f x", max_size=120), max_size=40))
def test_never_fails_and_stays_in_its_range(lines):
    found = find_wrapping(lines)
    assert found is None or MIN_WIDTH <= found.width <= MAX_WIDTH
    for a, b in pairwise(lines):
        if (found or Wrapping(80, True)).joins(a, b):
            assert len(a.rstrip()) >= MIN_WIDTH and b[:1].strip()


def test_a_hard_wrapped_page_keeps_every_line_of_its_article():
    # Read line by line, the pieces of a wrapped paragraph look like teasers and the
    # sections after the first like a list far from the article: drop-by-context took
    # whole paragraphs of the later sections before it read paragraphs whole.
    raw = (FIXTURES / "cases" / "hard-wrapped-roundup.raw.txt").read_text("utf-8")
    result = Pipeline.default().run(raw)
    kept = set(result.text.split("\n"))
    for line in raw.split("\n"):
        if len(line) >= 40 and "،" in line:  # (the lines of the wrapped paragraphs)
            assert line in kept


def test_a_wrapped_teaser_goes_whole_and_says_so():
    teaser = textwrap.wrap(
        "وزير الموارد المائية يتفقد أعمال الصيانة في سد الوادي الكبير ويعد بإنهاء المشروع "
        "قبل موسم الأمطار المقبل في المحافظات الشمالية",
        78,
    )
    assert len(teaser) == 2
    raw = (FIXTURES / "cases" / "hard-wrapped-article.raw.txt").read_text("utf-8")
    page = raw.replace("شارك الخبر:", "اقرأ أيضا\n" + "\n".join(teaser) + "\n\nشارك الخبر:")
    result = Pipeline.default().run(page)
    by_text = {r.text: r for r in result.removed}
    first, second = (by_text[t] for t in teaser)
    assert first.filter == second.filter == "drop-by-context"
    assert second.line == first.line + 1
    assert first.reason == second.reason
    assert first.reason.endswith("(a paragraph wrapped over 2 lines)")
    assert "صادق العام الماضي على قرض" in result.text  # (the article is all there)


def test_a_margin_and_marks_as_lynx_and_w3m_write_them():
    # lynx indents every paragraph by three spaces and, like w3m, wraps by columns: an
    # Arabic mark takes none.
    marked = [p.replace("الحافلات", "الحافلاتِ").replace("المحطات", "المحطّات") for p in PARAGRAPHS]
    lines: list[str] = []
    for para in marked:
        width, line = 72, ""
        for word in para.split():
            grown = f"{line} {word}" if line else word
            if len(grown) - grown.count("\u0650") - grown.count("\u0651") > width - 3:
                lines.append("   " + line)
                line = word
            else:
                line = grown
        lines += ["   " + line, ""]
    found = find_wrapping(lines)
    assert found is not None
    joins = [found.joins(a, b) for a, b in pairwise(lines)]
    assert joins == [bool(a and b) for a, b in pairwise(lines)]
    # Counted in columns, a line of marks is shorter than its characters.
    assert Wrapping(50, True).joins("ب" + "\u064e" * 45 + " " + "ت" * 47, "كلمة")
    assert not Wrapping(50, False).joins("ب" + "\u064e" * 45 + " " + "ت" * 47, "كلمة")
    # A list item's wrapped text goes on at the item's text, not at its bullet.
    item = "   * " + lines[0].strip().rsplit(" ", 1)[0]
    assert found.joins(item, "     " + lines[1].strip())
    assert not found.joins(lines[0], "   * " + lines[1].strip())


def test_a_hard_line_break_is_no_wrap():
    # html2text ends a line with two spaces where the page had <br>: a list of links,
    # one title a line, each as long as a wrapped line may be.
    lines = wrapped(78)
    found = find_wrapping(lines)
    assert found is not None and found.joins(lines[0], lines[1])
    assert not found.joins(lines[0] + "  ", lines[1])


def test_a_long_run_of_wrapped_lines_is_read_in_blocks():
    from arcleaner.document import Document
    from arcleaner.filters.context import page_items
    from arcleaner.wrapped import MAX_PARAGRAPH

    text = " ".join(PARAGRAPHS * 40)
    doc = Document.from_text("\n".join(textwrap.wrap(text, 78)))
    _, _, where, last = page_items(doc)
    assert last is not None
    spans = [end - index + 1 for index, end in zip(where, last, strict=True)]
    assert sum(spans) == len(doc.lines)
    assert max(spans) == MAX_PARAGRAPH


def test_a_wrapped_sentence_keeps_its_phrase_of_chrome():
    # A ruling that quotes the copyright notice: the piece of the sentence that holds
    # the phrase has no full stop of its own, its paragraph does.
    ruling = (
        "وقالت المحكمة إن عبارة «جميع الحقوق محفوظة» المطبوعة على غلاف الكتاب لا تنقل أي "
        "حق إلى الناشر، وإنما تحمي حقوق صاحبها الأصلي وهو المؤلف الذي لم يوقع على أي تنازل."
    )
    lines = []
    for para in [*PARAGRAPHS, ruling]:
        lines += [*textwrap.wrap(para, 78), ""]
    page = "\n".join(["الرئيسية", *lines, "جميع الحقوق محفوظة © 2025"])
    result = Pipeline.default().run(page)
    assert "«جميع الحقوق محفوظة»" in result.text
    assert [r.text for r in result.removed] == ["الرئيسية", "جميع الحقوق محفوظة © 2025"]


def test_a_long_link_is_no_prose():
    # lynx -dump lists a page's links after it, an ad's of 1,500 characters among them:
    # its punctuation splits it into hundreds of words, but it is no article.
    raw = (FIXTURES / "cases" / "hard-wrapped-article.raw.txt").read_text("utf-8")
    link = "https://ads.example.com/pagead/ads?" + "&".join(f"k{i}=v{i}.x,y" for i in range(300))
    page = raw + "\nReferences\n\n   1. https://example.com/\n   2. " + link + "\n"
    out = Pipeline.default().clean(page)
    assert "أعلنت وزارة الموارد المائية، صباح الأحد" in out
    assert "صادق العام الماضي على قرض" in out


def test_long_titles_after_an_article_are_not_a_wrapped_paragraph():
    # Four titles of about 80 characters, one a line, under paragraphs set apart by
    # blank lines: three of their breaks fit one width by chance, but the last title
    # is longer than it, which no line of a wrapped paragraph is.
    titles = [
        "الحكومة توافق على مشروع قانون جديد لتنظيم الإيجارات السكنية في المدن الكبرى",
        "وزير المالية يعلن موعد صرف رواتب الموظفين لشهر مارس قبل حلول عيد الفطر المبارك",
        "انخفاض معدل البطالة إلى أدنى مستوى له منذ خمس سنوات بحسب بيانات الإحصاء الرسمية",
        "البورصة تغلق على ارتفاع جماعي لمؤشراتها بدعم من مشتريات المستثمرين الأجانب والعرب",
    ]
    page = [line for para in PARAGRAPHS for line in (para, "")] + titles
    assert find_wrapping(page) is None
