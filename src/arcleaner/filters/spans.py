"""drop-glued-boilerplate: bylines and trailers glued to a line of the article.

Scraped single-line articles carry boilerplate with a variable part inside the line: a
byline or agency prefix (``كتب - فلان:``) and a trailer (``...المزيد``, ``الكلمات
الدالة: <tags>``, ``رابط الخبر: <title>``). The sentence stays; only the span goes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import regex

from .. import _chars as c
from ..document import Decision, Document
from ..steps import Filter, at_least, option_docs

# Diacritics and tatweel may sit between the letters of a marker word.
_MARKS = f"[{c.HARAKAT}{c.TATWEEL}]*"


def _word(text: str) -> str:
    """A pattern for ``text`` that tolerates diacritics/tatweel and hamza seats on alef."""
    out = []
    for ch in text:
        if ch == " ":
            out.append(r"\s+")
        elif ch in "اأإآ":
            out.append("[اأإآ]" + _MARKS)
        elif ch in "ةه":
            out.append("[ةه]" + _MARKS)
        elif ch in "يى":
            out.append("[يى]" + _MARKS)
        else:
            out.append(regex.escape(ch) + _MARKS)
    return "".join(out)


def _any(*words: str) -> str:
    return "(?:" + "|".join(_word(w) for w in words) + ")"


# "كتب - محمد علي:" / "بقلم: ..." / "إعداد: ... -" at the start, name of at most 6 words.
_BYLINE = regex.compile(
    rf"^\s*{_any('كتب', 'كتبت', 'بقلم', 'اعداد', 'تقرير', 'متابعة', 'تحرير')}"
    r"\s*[:\-–—]\s*(?:[^\s:،,.\-–—]+\s+){0,5}?[^\s:،,.\-–—]+\s*[:\-–—]\s*"
)
# "...المزيد", "… اقرأ المزيد", "Read more" at the end; or, after a sentence's end, the
# explicit "اقرأ المزيد" / "read more" (a bare "المزيد" or "التفاصيل" there may be the
# sentence's own last word, so it needs the ellipsis).
_MORE = regex.compile(
    rf"(?:\s*(?:\.{{2,}}|…)\s*(?:{_any('اقرا المزيد', 'المزيد', 'للمزيد', 'التفاصيل')}|read more)"
    rf"|(?<=[.!؟?»\"])\s+(?:{_word('اقرا المزيد')}|read more))"
    r"\s*[.»]?\s*$",
    regex.IGNORECASE,
)
# "الكلمات الدالة: ...", "رابط الخبر: ...", "Tags: ..." to the end of the line.
_TRAILER_WORDS = _any(
    "الكلمات الدالة", "كلمات مفتاحية", "الوسوم", "وسوم", "رابط الخبر", "رابط مختصر", "رابط المقال"
)
_TRAILER = regex.compile(
    rf"(?<=[.!؟?»\"]\s*|\s)(?:{_TRAILER_WORDS}|tags)\s*:\s*[^.!؟?]*$", regex.IGNORECASE
)
# "دمشق، سوريا (CNN) --": belongs to the article by default (``cut_dateline`` cuts it).
_DATELINE = regex.compile(
    r"^\s*[^\n().،,]{0,40}[،,]?[^\n().]{0,30}\(\s*(?:CNN|رويترز|أ\s*ف\s*ب|ا\s*ف\s*ب|AFP|AP|"
    r"Reuters|د\s*ب\s*أ|الأناضول|واس|وام|قنا|كونا)\s*\)\s*[-–—]+\s*"
)


# Cheap key checks before the regexes run (most lines carry no trailer at all).
_MORE_ENDINGS = ("المزيد", "للمزيد", "التفاصيل", "more")
_TRAILER_STEMS = ("الداله", "مفتاحيه", "وسوم", "رابط", "tags")


@dataclass(frozen=True)
class DropGluedBoilerplate(Filter):
    """Cut bylines at the start and read-more/tags/link trailers at the end of a line.

    ``كتب - سامي يوسف: أعلنت الوزارة ...الخطة...المزيد`` becomes ``أعلنت الوزارة
    ...الخطة``. A cut needs ``min_rest_words`` words left, so a line that is all byline
    is left to drop-site-chrome. ``cut_dateline`` also cuts an opening dateline such as
    ``دمشق، سوريا (CNN) --`` (off: it is part of the article).
    """

    reads_encoded = False
    name = "drop-glued-boilerplate"
    description = "cut bylines glued to the start and read-more/tags trailers glued to the end"
    option_help = option_docs(
        min_rest_words="a cut must leave at least this many words (a line that is all "
        "byline is left to drop-site-chrome)",
        cut_dateline="also cut an opening dateline such as 'دمشق، سوريا (CNN) --' "
        "(off: it is part of the article)",
    )

    min_rest_words: int = 4
    cut_dateline: bool = False

    def validate(self) -> None:
        at_least(self, "min_rest_words", 1)

    def decide(self, doc: Document) -> Iterator[Decision]:
        for i, line in doc.content():
            text = line.text
            start, end = 0, len(text)
            found: list[Decision] = []
            for rx, why in ((_BYLINE, "byline"), (_DATELINE, "dateline")):
                if rx is _DATELINE and not self.cut_dateline:
                    continue
                m = rx.match(text, start)
                if m and len(text[m.end() :].split()) >= self.min_rest_words:
                    found.append(Decision(i, f"{why} glued to the start", 0, m.end()))
                    start = m.end()
            key = line.key
            for rx, why in ((_MORE, "read-more link"), (_TRAILER, "tags/link trailer")):
                if rx is _MORE and not key.endswith(_MORE_ENDINGS):
                    continue
                if rx is _TRAILER and (
                    ":" not in text or not any(w in key for w in _TRAILER_STEMS)
                ):
                    continue
                m = rx.search(text, start, end)
                if m and len(text[start : m.start()].split()) >= self.min_rest_words:
                    found.append(Decision(i, f"{why} glued to the end", m.start(), len(text)))
                    end = m.start()
            yield from found
