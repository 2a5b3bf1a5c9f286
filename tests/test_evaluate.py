"""The scorer: hand-computed precision, recall and F1, aggregates and snippet checks."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arcleaner.evaluate import check_snippets, score, summarize, tokens


def test_tokens_fold_marks_hamza_tatweel_and_punctuation():
    assert tokens("إشـــترك الآنَ!") == tokens("اشترك الان")
    assert tokens("قال: «نعم»، ثم مضى.") == tokens("قال نعم ثم مضى")
    # Digits are unified: Eastern Arabic and ASCII are one token.
    assert tokens("عام ٢٠١٨") == tokens("عام 2018")


def test_tokens_are_a_multiset_across_lines():
    assert tokens("خبر عاجل\nخبر")["خبر"] == 2
    assert sum(tokens("").values()) == 0


def test_perfect_output():
    s = score("العنوان\nنص الخبر كاملا.", "العنوان\nنص الخبر كاملا")
    assert (s.precision, s.recall, s.f1) == (1.0, 1.0, 1.0)
    assert not s.lost


def test_extra_chrome_costs_precision_only():
    # gold: 4 tokens; output: those 4 plus 2 menu tokens -> P = 4/6, R = 1.
    s = score("الرئيسية رياضة\nأعلن الوزير اليوم القرار", "أعلن الوزير اليوم القرار")
    assert (s.out_tokens, s.gold_tokens, s.overlap) == (6, 4, 4)
    assert s.precision == pytest.approx(4 / 6)
    assert s.recall == 1.0
    assert s.f1 == pytest.approx(2 * (4 / 6) / (4 / 6 + 1))


def test_lost_paragraph_costs_recall():
    # gold 8 tokens, output keeps 4 of them: P = 1, R = 0.5, F1 = 2/3.
    gold = "الفقرة الأولى من الخبر\nالفقرة الثانية من الخبر"
    s = score("الفقرة الأولى من الخبر", gold)
    assert (s.precision, s.recall) == (1.0, 0.5)
    assert s.f1 == pytest.approx(2 / 3)
    assert s.lost


def test_multiset_a_repeated_headline_counts_twice():
    # The headline kept twice: out = 3 + 3 + 2 tokens, gold = 3 + 2; overlap 5.
    s = score("مقتل ثلاثة أشخاص\nنص قصير\nمقتل ثلاثة أشخاص", "مقتل ثلاثة أشخاص\nنص قصير")
    assert (s.out_tokens, s.gold_tokens, s.overlap) == (8, 5, 5)
    assert s.precision == pytest.approx(5 / 8)


def test_empty_output_and_empty_gold():
    s = score("", "نص الخبر")
    assert (s.precision, s.recall, s.f1) == (1.0, 0.0, 0.0)
    assert s.lost
    assert score("", "").f1 == 1.0


def test_recall_exactly_at_threshold_is_not_lost():
    gold = " ".join(f"كلمة{i}" for i in range(20))
    out = " ".join(f"كلمة{i}" for i in range(19))  # 19/20 = 0.95
    assert score(out, gold).recall == 0.95
    assert not score(out, gold).lost


def test_summarize_macro_averages():
    a = score("أ ب ج د", "أ ب ج د")  # P 1, R 1
    b = score("أ ب س ص", "أ ب ج د")  # P .5, R .5
    s = summarize([a, b])
    assert s.pages == 2
    assert (s.precision, s.recall, s.f1) == (0.75, 0.75, 0.75)
    assert s.lost_share == 0.5
    assert summarize([]).pages == 0


def test_snippets_pass_and_fail():
    out = "منذ بدء الحراك الشعبي\nفي كل المجالات\nإضافة تعليق جديد"
    ok = check_snippets(out, ["منذ بدء", "كل المجالات"], ["غائم جزئيا"])
    assert ok.ok and ok.passed == 3 and ok.total == 3
    bad = check_snippets(out, ["وماذا عن حقيقة"], ["إضافة تعليق جديد"])
    assert bad.missing == ("وماذا عن حقيقة",)
    assert bad.leaked == ("إضافة تعليق جديد",)
    assert bad.passed == 0 and not bad.ok


def test_snippets_compare_on_keys_and_whole_words():
    # Hamza seat and diacritics do not matter; a word inside another word does not match.
    assert check_snippets("أعلنت الوزارةُ", ["اعلنت الوزارة"]).ok
    assert not check_snippets("منذر بدء", ["منذ بدء"]).ok


@settings(deadline=None, max_examples=60)
@given(st.lists(st.sampled_from(["خبر", "عاجل", "الوزير", "قال", "اليوم", "2018"]), max_size=12))
def test_scores_bounded_and_self_score_perfect(words):
    text = " ".join(words)
    s = score(text, "قال الوزير اليوم خبر")
    assert 0.0 <= s.precision <= 1.0 and 0.0 <= s.recall <= 1.0 and 0.0 <= s.f1 <= 1.0
    assert math.isclose(score(text, text).f1, 1.0)
