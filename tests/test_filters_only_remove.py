"""Filters only remove: before normalization, every output line is an input line or a
documented cut of one (a leading or trailing span, then the edges' spaces), and every
Removal's text is exactly what was removed, at the line and span it names."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from arcleaner import Pipeline
from arcleaner.document import Document, Line
from arcleaner.resources import Resources

_RES = Resources()
PHRASES = sorted(
    {e.text for name in ("chrome", "subscription") for e in _RES.lexicon(name).entries} - {""}
)
PROSE = [
    "قال وزير الخارجية في مؤتمر صحفي إن المحادثات ستستمر الأسبوع المقبل.",
    "وأضاف أن الحكومة تعمل على خطة جديدة لدعم الاقتصاد، بحسب رويترز.",
    "وأعلنت الوزارة تسجيل إصابات جديدة في عدد من المدن خلال اليوم.",
    "نعم.",
    "عنوان الخبر الرئيسي اليوم",
]
GLUED = [
    "كتب - سامي يوسف: ",
    "بقلم: محمد علي - ",
    "دمشق، سوريا (CNN) -- ",
]
TRAILERS = ["...المزيد", " … اقرأ المزيد", " الكلمات الدالة: سياسة، اقتصاد", " رابط الخبر: عنوان"]
LINE = st.one_of(
    st.sampled_from(PHRASES),
    st.sampled_from(PROSE),
    st.builds(
        lambda a, b, c: a + b + c,
        st.sampled_from(GLUED),
        st.sampled_from(PROSE),
        st.sampled_from(["", *TRAILERS]),
    ),
    st.builds(
        lambda p, s: f"{p} - {s}", st.sampled_from(PROSE), st.sampled_from(["الشرق", "بي بي سي"])
    ),
    st.sampled_from(["", "  ", "-----", "شارك", "|", "اقرأ أيضا:"]),
    st.text(st.sampled_from(list("ابتثجحخدذرسشص لم.،:-|ـَ\t")), max_size=30),
)
DOCS = st.lists(LINE, max_size=25).map("\n".join)
PIPELINES = [
    Pipeline(Pipeline.default().filters, []),
    Pipeline(
        Pipeline.default(
            **{
                "drop-glued-boilerplate": {"cut_dateline": True, "min_rest_words": 1},
                "drop-repeated-lines": {"min_words": 1},
            }
        ).filters,
        [],
    ),
]
SETTINGS = settings(
    deadline=None, max_examples=int(os.environ.get("ARCLEAN_HYPOTHESIS_EXAMPLES", "150"))
)


def replay(text: str, pipeline: Pipeline) -> str:
    """The output the removals describe, checking each against the text it names."""
    result = pipeline.run(text)
    lines = Document.from_text(text).lines
    current = {ln.number: ln.text for ln in lines}
    gone: set[int] = set()
    for step in pipeline.filters:
        by_line: dict[int, list] = {}
        for r in result.removed:
            if r.filter == step.name:
                by_line.setdefault(r.line, []).append(r)
        for number, removals in by_line.items():
            assert number not in gone, f"{step.name} removed from line {number}, gone already"
            text_now = current[number]
            whole = [r for r in removals if r.span is None]
            if whole:
                assert len(removals) == 1 and whole[0].text == text_now
                gone.add(number)
                continue
            lead, trail = 0, len(text_now)
            for r in removals:
                start, end = r.span
                assert text_now[start:end] == r.text, (step.name, number, r)
                assert start == 0 or end == len(text_now), "a cut touches an end"
                if start == 0:
                    lead = max(lead, end)
                else:
                    trail = min(trail, start)
            rest = text_now[lead:trail].strip() if lead < trail else ""
            if rest:
                current[number] = rest
            else:
                gone.add(number)
    out: list[Line] = []
    for ln in lines:
        if ln.number in gone:
            continue
        kept = Line(ln.number, current[ln.number])
        if kept.blank and (not out or out[-1].blank):
            continue
        out.append(kept)
    while out and out[-1].blank:
        out.pop()
    assert result.text == "\n".join(ln.text for ln in out)
    return result.text


@SETTINGS
@given(DOCS, st.integers(0, len(PIPELINES) - 1))
def test_filters_only_remove_what_they_record(text, which):
    out = replay(text, PIPELINES[which])
    inputs = [ln.text for ln in Document.from_text(text).lines]
    for line in out.split("\n"):
        assert any(line in original for original in inputs), line


def test_the_generator_reaches_every_filter():
    # The property is only as good as its inputs: each filter removes something here.
    text = "\n".join(
        [
            PROSE[4],
            "كتب - سامي يوسف: " + PROSE[0] + "...المزيد",
            "دمشق، سوريا (CNN) -- " + PROSE[1],
            "لم تشترك بعد",
            "شارك",
            PROSE[2],
            PROSE[4],
        ]
    )
    result = PIPELINES[1].run(text)
    assert {r.filter for r in result.removed} >= {
        "drop-subscription-prompts",
        "drop-glued-boilerplate",
        "drop-site-chrome",
        "drop-repeated-lines",
    }
    replay(text, PIPELINES[1])
