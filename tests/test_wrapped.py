"""Hard-wrapped text (html2text, w3m, mail): found by its width, judged by paragraph."""

from __future__ import annotations

import textwrap
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcleaner import Pipeline
from arcleaner.wrapped import MAX_WIDTH, MIN_WIDTH, wrap_width, wraps

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
    found = wrap_width(lines)
    assert 0 < found <= width
    # Every break inside a paragraph is a wrap at the width found; no paragraph goes on
    # across the blank line after it.
    joins = [wraps(a, b, found) for a, b in pairwise(lines)]
    inside = [bool(a and b) for a, b in pairwise(lines)]
    assert joins == inside


def test_too_few_wraps_say_nothing():
    # At 100 the three paragraphs break three times: too few to tell from chance.
    assert wrap_width(wrapped(100)) == 0


def test_one_paragraph_a_line_is_not_wrapped():
    assert wrap_width(PARAGRAPHS) == 0
    assert wrap_width("\n\n".join(PARAGRAPHS).split("\n")) == 0


@pytest.mark.parametrize(
    "raw", sorted(FIXTURES.glob("cases/*.raw.txt")), ids=lambda p: p.name.removesuffix(".raw.txt")
)
def test_the_fixture_pages_that_were_not_wrapped_are_not_found_wrapped(raw):
    found = wrap_width(raw.read_text("utf-8").split("\n"))
    assert bool(found) == raw.name.startswith("hard-wrapped")


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
    assert wrap_width(titles) == 0


@settings(deadline=None, max_examples=200)
@given(st.lists(st.text(alphabet="ابت ثجح.،\u061f x", max_size=120), max_size=40))
def test_never_fails_and_stays_in_its_range(lines):
    found = wrap_width(lines)
    assert found == 0 or MIN_WIDTH <= found <= MAX_WIDTH
    for a, b in pairwise(lines):
        if wraps(a, b, found or 80):
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
