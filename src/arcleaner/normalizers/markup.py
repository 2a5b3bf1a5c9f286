"""strip-html-leftovers: entities and stray tags that scrapers leave in the text.

Only what is unambiguous is touched: an entity must end with ``;`` and be a real HTML5
name or a valid numeric reference (``AT&T`` and ``&copy2020`` stay), and a tag must be
a known HTML tag name right after ``<`` (``a < b > c`` and ``<نص>`` stay). Block tags
(``<br>``, ``</p>``, ``<div ...>``) become a space, so the words on either side stay
apart; inline tags (``<b>``, ``</span>``) are removed. A tag is at most
:data:`TAG_MAX` characters long: a stray ``<p`` is not read to a ``>`` a page later,
with the article between taken for its attributes.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.entities import html5

from .. import _chars as c
from ..steps import Normalizer

_BLOCK = (
    "address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|"
    "header|hr|li|main|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul"
)
_INLINE = "a|abbr|b|big|cite|code|em|font|i|img|ins|del|mark|q|s|small|span|strong|sub|sup|u"
#: The most characters read as a tag's attributes (a tag may span lines): real tags hold
#: a few hundred, attributes and all (1,151 the longest in the corpus's pages).
ATTRS_MAX = 2000
#: The longest tag: "</", the longest name, a space, the attributes and "/>".
TAG_MAX = ATTRS_MAX + 15
# (the same tags as "(?:\s+[^<>]*?)?\s*/?>": a tag ends at the first ">" after its name)
_ATTRS = f"(?:\\s[^<>]{{0,{ATTRS_MAX}}}?)?/?>"
# (names fold ASCII case only: under IGNORECASE alone "ſ" is "s" and "ı" is "i", which
# _ANY below does not see, so "<ſpan>" went only when another tag was in the text)
_TAG = re.compile(f"<(/?)(?a:(?:({_BLOCK})|{_INLINE})){_ATTRS}", re.IGNORECASE)
# A numeric reference may be written in Arabic-Indic or Persian digits: normalize-digits
# would make one of ASCII digits out of it (&#٧; -> &#7;) for the next run to decode.
_DIGITS = f"0-9{c.ARABIC_INDIC_DIGITS}{c.PERSIAN_DIGITS}"
_ENTITY = re.compile(
    f"&(?:#[{_DIGITS}]{{1,7}}|#[xX][{_DIGITS}a-fA-F]{{1,6}}|[A-Za-z][A-Za-z0-9]{{1,31}});"
)
_ANY = re.compile(r"&[#A-Za-z]|<[/A-Za-z]")
# Characters a later step deletes (normalize-unicode, strip-tatweel, strip-tashkeel). One
# inside a tag or an entity (<\x0eb>, &am<ZWSP>p;) hides it from this step, and the next
# run would find it: such a tag or entity is read as if they were not there.
_H = f"{c.INVISIBLE}{c.CONTROLS}{c.TATWEEL}{c.ARABIC_MARKS}"
_HIDDEN = re.compile(f"[{_H}]")
# A tag or entity with hidden characters anywhere in it; the length bounds count only
# the other characters (the hidden ones are outside those classes, so no backtracking).
_CANDIDATE = re.compile(
    f"<(?:[{_H}]*[^<>{_H}]){{1,200}}[{_H}]*>|&(?:[{_H}]*[^&;\\s<>{_H}]){{1,40}}[{_H}]*;"
)


# What no tag or entity may touch in the text before a cut (see StripHtmlLeftovers.cut_ok).
_OPEN = re.compile("[<>&;]")
_WINDOW = 2048  # (longer than any tag)
_TAGGED = 4096  # (the same with whole tags in it: see StripHtmlLeftovers.cut_ok)


def _hidden(text: str, start: int) -> int:
    """How many hidden characters ``text`` holds from ``start`` on."""
    return sum(1 for _ in _HIDDEN.finditer(text, start))


def _unhide(match: re.Match[str]) -> str:
    found = match[0]
    if not _HIDDEN.search(found):
        return found
    bare = _HIDDEN.sub("", found)
    if _TAG.fullmatch(bare):
        return bare
    entity = _ENTITY.fullmatch(bare)
    return bare if entity and _entity(entity) != bare else found  # (only a real one)


def _entity(match: re.Match[str]) -> str:
    ref = match[0]
    if ref[1] != "#":
        return html5.get(ref[1:], ref)
    cp = int(ref[3:-1], 16) if ref[2] in "xX" else int(ref[2:-1])  # (int reads ٧ and ۷)
    # NUL, surrogates and out-of-range numbers are not characters: leave the text alone.
    if cp == 0 or 0xD800 <= cp <= 0xDFFF or cp > 0x10FFFF:
        return ref
    return chr(cp)


def _tag(match: re.Match[str]) -> str:
    return " " if match[2] else ""


@dataclass(frozen=True)
class StripHtmlLeftovers(Normalizer):
    """Decode HTML entities and remove stray HTML tags.

    >>> StripHtmlLeftovers()("قال&nbsp;الوزير<br>إن &quot;الاتفاق&quot; <b>نهائي</b>&#46;")
    'قال\\xa0الوزير إن "الاتفاق" نهائي.'

    Decoding repeats until nothing changes, so a doubly escaped ``&amp;quot;`` ends as
    ``"`` and the step stays idempotent. ``&nbsp;`` gives NBSP, which normalize-unicode
    turns into a space.
    """

    name = "strip-html-leftovers"
    description = "decode HTML entities (&quot; &#1575;), remove stray tags (<br>, </p>)"

    def cut_ok(self, before: str, after: str) -> bool:
        """True where no tag or entity can be open across the cut: the last 2,048
        characters of ``before`` (more than :data:`TAG_MAX`) hold no ``<``, ``>``,
        ``&`` or ``;``, and more than 200 that are not hidden. A match then neither
        begins, ends nor fits in them (a tag is shorter, and a hidden-character
        candidate holds at most 200 others), in this pass or any after (they are never
        changed), so none reaches across the cut.

        Or (markup on every line, ``<br>`` or ``</p>``) the last 4,096 hold whole tags
        (past the end of one they may begin in), no ``&`` or ``;``, and without their
        tags neither ``<`` nor ``>`` and more than TAG_MAX characters that are not
        hidden. The first pass then removes those tags as the text's pass would (a match
        from before them cannot reach their first ``<``), and what is left of the window
        holds no ``<>&;`` and more characters than any tag can: no later match begins in
        it, nor crosses it, not even one from a ``&lt;`` decoded before it (TAG_MAX
        counts the longest name, the slashes and a space beside ATTRS_MAX: keep it so)."""
        start = len(before) - _WINDOW
        if start < 0:
            return False
        if _OPEN.search(before, start) is None:
            return _WINDOW - _hidden(before, start) > 200
        start = len(before) - _TAGGED
        if start < 0 or "&" in (window := before[start:]) or ";" in window:
            return False
        # (the end of a tag the window begins in: a match from before ends there)
        lt, gt = window.find("<"), window.find(">")
        rest = _TAG.sub("", window[gt + 1 :] if 0 <= gt and not 0 <= lt < gt else window)
        return "<" not in rest and ">" not in rest and len(rest) - _hidden(rest, 0) > TAG_MAX

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str] | None:
        """Each slice on its own where every cut between them is one :meth:`cut_ok`
        allows; else None (the line whole)."""
        pairs = itertools.pairwise(slices)
        return self if all(self.cut_ok(a, b) for a, b in pairs) else None

    def __call__(self, text: str) -> str:
        if "&" not in text and "<" not in text:
            return text
        while True:
            if _HIDDEN.search(text):
                text = _CANDIDATE.sub(_unhide, text)
            if not _ANY.search(text):
                break
            new = _ENTITY.sub(_entity, _TAG.sub(_tag, text))
            if new == text:
                break
            text = new
        return text
