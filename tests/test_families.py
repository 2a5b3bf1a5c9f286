"""The ANT family detectors behind benchmarks/ant_families.py and the composite gold pool.

Examples are written for this test in the shape corpus/README.md describes (not copied).
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from _families import FAMILIES, family_lines, family_of


@pytest.mark.parametrize(
    ("line", "family"),
    [
        ("يمكنكم تسلّم إشعارات بأهم الأخبار بعد تحميل تطبيق بي بي سي عربي.", "bbc-app-prompt"),
        ("** جميع المقالات المنشورة تمثل رأي كتابها فقط.", "alarabiya-disclaimer"),
        ("للمزيد: وزير الخارجية يزور العاصمة الأسبوع المقبل", "france24-lilmazid"),
        ("للمزيد - مهرجان سينمائي يفتتح دورته الجديدة", "france24-lilmazid"),
        ("اقرأ أيضاً: ارتفاع أسعار النفط", "iqra-aydan"),
        ("إقرأ ايضا", "iqra-aydan"),
        ("علماً أن CNN بالعربية لا يمكنها التأكد من صحة الصور المتداولة.", "cnn-verification"),
        ("هذا المقال بقلم فلان، والآراء الواردة أدناه تعبر عن رأي الكاتب.", "cnn-opinion"),
        ("-------------------", "separator"),
        ("____", "separator"),
        ("فرانس24/ أ ف ب", "agency-credit"),
        ("فرانس 24 / أ ف ب / رويترز", "agency-credit"),
        ("*نقلاً عن صحيفة عربية", "reprint-credit"),
    ],
)
def test_family_of_known_shapes(line, family):
    assert family in FAMILIES
    assert family_of(line) == family


@pytest.mark.parametrize(
    "line",
    [
        "وقالت الوزارة إنها بحاجة للمزيد من الاستثمارات في قطاع الطاقة.",
        "للمزيد من المعلومات اتصل الوزير بنظيره الفرنسي مساء الأحد وبحث معه الأزمة.",
        "نقل عن مصادر مطلعة قولها إن الاجتماع سيعقد غدا في العاصمة بحضور ممثلين عن الطرفين.",
        "أعلنت وكالة رويترز أن مراسلها أفرج عنه بعد أسبوعين من الاحتجاز.",
        "",
    ],
)
def test_prose_is_no_family(line):
    assert family_of(line) is None


def test_iqra_header_owns_the_titles_under_it():
    lines = [
        "نص الفقرة الأولى من الخبر.",
        "اقرأ أيضاً:",
        "عنوان خبر مرتبط أول",
        "عنوان خبر مرتبط ثان",
        "وتابع المتحدث قائلا إن الأمر سيحسم خلال أيام.",
    ]
    assert family_lines(lines) == [(1, "iqra-aydan"), (2, "iqra-aydan"), (3, "iqra-aydan")]
