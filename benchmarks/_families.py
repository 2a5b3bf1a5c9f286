"""The known boilerplate families of the ANT corpus (../shared/corpus/README.md), as detectors.

Used by ``ant_families.py`` (how many occurrences exist per family and site, and how
many the pipeline removed) and by ``composite.py`` (which picks only ANT articles with
none of them, so that an article's ``text`` can serve as gold as it stands).

The detectors work on whole lines and their match keys. They are measurement tools for
this corpus, not filters: they know the exact wording of each site's boilerplate.
"""

from __future__ import annotations

import re

from arcleaner.keys import match_key

#: Family name -> what it is (the README's wording), in report order.
FAMILIES: dict[str, str] = {
    "bbc-app-prompt": "BBC app prompt (يمكنكم استلام إشعارات ... تطبيق بي بي سي عربي)",
    "alarabiya-disclaimer": "Al Arabiya opinion disclaimer (** جميع المقالات المنشورة ...)",
    "france24-lilmazid": "France 24 related-link line (للمزيد: ...)",
    "iqra-aydan": "اقرأ أيضاً line, or block (header and the titles under it)",
    "cnn-verification": "CNN verification disclaimer (لا يمكنه التأكد ...)",
    "cnn-opinion": "CNN opinion disclaimer (هذا المقال بقلم ... الآراء الواردة)",
    "separator": "separator rule (-----)",
    "agency-credit": "agency credit line (فرانس24/ أ ف ب, رويترز, وكالات)",
    "reprint-credit": "reprint credit (*نقلاً عن ...)",
}

_SEPARATOR = re.compile(r"[-–—_=*•~.]{3,}")
_LILMAZID = re.compile(r"للمزيد\s*(?:[-–:،,.]|\.\.)")
_AGENCY = re.compile(
    r"(?:(?:المصدر|مصدر الصوره|الصوره) )?(?:فرانس ?24 )?"
    r"(?:(?:ا ف ب|رويترز|وكالات|ا ب|د ب ا|اسوشيتد برس|الاناضول|سبوتنيك|واس|وام|قنا)\s?)+"
)
_CNN_VERIFY = re.compile(r"cnn.{0,40}لا يمكن(?:ه|ها)? التاكد")
_CNN_OPINION = re.compile(r"^هذا المقال بقلم.{0,120}الاراء الوارده")
_REPRINT = re.compile(r"\*?\s*نقلا?ً? عن\b")


def family_of(text: str, key: str | None = None) -> str | None:
    """The family of one line, or None (``iqra-aydan`` blocks need :func:`family_lines`)."""
    stripped = text.strip()
    if not stripped:
        return None
    if _SEPARATOR.fullmatch(stripped):
        return "separator"
    key = match_key(text) if key is None else key
    if not key:
        return None
    if "تطبيق بي بي سي عربي" in key:
        return "bbc-app-prompt"
    if "جميع المقالات المنشوره تمثل راي كتابها" in key:
        return "alarabiya-disclaimer"
    if _LILMAZID.match(stripped):
        return "france24-lilmazid"
    if key.startswith("اقرا ايضا"):
        return "iqra-aydan"
    if _CNN_VERIFY.search(key):
        return "cnn-verification"
    if _CNN_OPINION.search(key):
        return "cnn-opinion"
    if _AGENCY.fullmatch(key):
        return "agency-credit"
    if _REPRINT.match(stripped) and key.count(" ") < 8:
        return "reprint-credit"
    return None


def _is_link_title(text: str) -> bool:
    # A related-link title under an "اقرأ أيضا" header: short, no sentence end.
    s = text.strip()
    return bool(s) and len(s.split()) <= 20 and not s.endswith((".", ":", "؟", "!"))


def family_lines(lines: list[str]) -> list[tuple[int, str]]:
    """``(index, family)`` for every boilerplate line of one article.

    An ``اقرأ أيضاً:`` header alone on its line owns the link titles under it (up to 8
    short lines without sentence punctuation).
    """
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        fam = family_of(lines[i])
        if fam is not None:
            out.append((i, fam))
            if fam == "iqra-aydan" and len(match_key(lines[i]).split()) <= 3:
                j = i + 1
                while j < len(lines) and j - i <= 8 and _is_link_title(lines[j]):
                    out.append((j, fam))
                    j += 1
                i = j
                continue
        i += 1
    return out
