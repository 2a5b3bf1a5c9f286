"""normalize-punctuation: Arabic marks between Arabic words, and the spacing around them.

Rules, applied only where an Arabic word is next to the mark, so Latin text, numbers
(``3,500``, ``2.5``, ``10:30``), URLs and e-mail addresses are untouched:

- ``,`` ``;`` between two Arabic words become ``،`` ``؛``; ``?`` after an Arabic word
  (not followed by Latin or a digit) becomes ``؟``; ``۔`` (Urdu full stop) becomes ``.``.
- ``%`` after an Arabic-Indic digit becomes ``٪``, ``٪`` after an ASCII digit ``%``.
- Repeated marks collapse: ``!!!`` -> ``!``, ``،،`` -> ``،``, ``؟؟`` -> ``؟`` (``؟!`` stays;
  dot runs such as ``...`` stay).
- No space before ``، ؛ ؟ ! . : ) ] } »``, one after when an Arabic letter follows
  (``فقط".معتبرا`` -> ``فقط". معتبرا``); no space after ``( [ {`` and ``«``. Ellipses,
  a dot before a digit (``.5``) and one-letter abbreviations (``ص.ب``) are left alone.
- ``quotes``: ``keep`` (default) leaves quotation marks as typed; ``angle`` makes
  ``“ ”`` and paired ``" "`` into ``« »``; ``straight`` makes ``« »`` and ``“ ”`` into ``"``.
  Quotes keep their pairing: a line with an odd number of ``"`` is not converted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .. import _chars as c
from ..keys import encode
from ..steps import Normalizer, one_of, option_docs
from ._encoded import alphabet_bytes, encoded

QUOTE_STYLES = ("keep", "angle", "straight")

_L = c.ARABIC_LETTERS
_AL = f"[{_L}{c.ARABIC_MARKS}]"  # the last character of an Arabic word
# Spaces and the blanks collapse-whitespace turns into spaces (a tab next to a mark is
# handled like a space, or the chain would not be idempotent).
_WS = "[ \t\f\v]"
# URLs and e-mail addresses are copied through untouched. Both patterns start with a
# literal (the scheme, ``www.``, ``@``) so re finds them fast; an address's local part is
# recovered by walking back from the ``@``.
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"«»]+", re.IGNORECASE)
_EMAIL_DOMAIN = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_LOCAL_PART = frozenset("._+-")


def may_hold_address(text: str) -> bool:
    """False when ``text`` surely holds no URL or e-mail address (a few substring tests:
    most texts are done with them); the patterns ignore case, and so does this."""
    if "@" in text or "://" in text:
        return True
    # (one-character tests first: most Arabic texts hold no w at all)
    return ("w" in text or "W" in text) and (
        "ww" in text or "WW" in text or "Ww" in text or "wW" in text
    )


def _protected(text: str) -> list[tuple[int, int]]:
    spans = []
    if "://" in text or "www." in text.lower():
        spans += [m.span() for m in _URL.finditer(text)]
    if "@" in text:
        for m in _EMAIL_DOMAIN.finditer(text):
            i = m.start()
            while i > 0 and (text[i - 1].isalnum() or text[i - 1] in _LOCAL_PART):
                i -= 1
            if i < m.start():
                spans.append((i, m.end()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


_URDU_STOP = c.ARABIC_FULL_STOP
_AL_CHAR = re.compile(_AL)
_MARKS = "\u060c\u061b\u061f!.:"
_CLOSING = "\u00bb)\\]}"
# Every pattern starts with the mark (or the space) it is about, so the regex engine
# skips ahead to those few characters instead of trying each Arabic letter; the context
# before the mark is then checked by a fixed-width lookbehind or in Python.
_REPEAT_AR = re.compile("([\u060c\u061b\u061f])\\1+")
_DOUBLED_AR = re.compile("\u060c\u060c|\u061b\u061b|\u061f\u061f")
_PCT_AR = re.compile(f"(?<=[{c.ARABIC_INDIC_DIGITS}])%")
_PCT_LATIN = re.compile(f"(?<=[0-9]){c.ARABIC_PERCENT}")
# A closing mark with a blank before it. The pattern starts at the mark (rare) and looks
# back for the blank; starting at the blank would try every space of the text.
_MARK_AFTER_BLANK = re.compile(f"[\u060c\u061b\u061f!)\\]}}\u00bb.:](?<={_WS}.)")
_AFTER_DIGIT_TOO = frozenset("\u060c\u061b\u061f!.:")
_BLANKS = frozenset(" \t\f\v")
# Spaces after an opening bracket or guillemet, before an Arabic word.
_SPACE_AFTER_OPEN = re.compile(f"([(\\[{{\u00ab]){_WS}+(?={_AL})")
# A mark (run) glued to the Arabic word that follows it.
# (One mark, not a run: a repeated class in front of the lookahead makes re try every
# position; the run is recovered by walking back in _glued.)
_GLUED = re.compile(f"[{_MARKS}{_CLOSING}](?=[{_L}]|[\u00ab(])")
_CLOSERS = '\u00bb)]"\u201d'
_RUN = _MARKS + "\u00bb)]}"
_MARK_SET = frozenset(
    chr(cp) for cp in range(0x0610, 0x0900) if re.match(f"[{c.ARABIC_MARKS}]", chr(cp))
)


def _after_arabic(s: str, i: int, skip: str = " \t\f\v", mark: str = "") -> bool:
    """Whether the last character before ``s[i]``, past any in ``skip``, ends an Arabic
    word (or, given ``mark``, is that mark)."""
    i -= 1
    while i >= 0 and s[i] in skip:
        i -= 1
    if mark:
        return i >= 0 and s[i] == mark
    return i >= 0 and _AL_CHAR.match(s, i) is not None


_LATIN_MARKS = re.compile("[!?,;][!?,;]*")  # not [...]+: that loses re's fast prefix scan
_AL_FOLLOWS = re.compile(f"{_WS}*{_AL}")
_LATIN_FOLLOWS = re.compile(f"{_WS}*[A-Za-z0-9]")
_TO_ARABIC = {",": c.ARABIC_COMMA, ";": c.ARABIC_SEMICOLON, "?": c.ARABIC_QUESTION_MARK}


def _latin_marks(match: re.Match[str]) -> str:
    """A run of ! ? , ; after an Arabic word: repeats collapse (``!!!`` -> ``!``), and a
    lone , ; before an Arabic word or a ? not before Latin becomes ، ؛ ؟."""
    s, i, end, run = match.string, match.start(), match.end(), match[0]
    arabic = _after_arabic(s, i)
    if not arabic and not _after_arabic(s, i, mark=c.RIGHT_GUILLEMET):
        return run
    if len(run) > 1:
        run = "".join(ch for k, ch in enumerate(run) if k == 0 or ch != run[k - 1])
    if not arabic:
        return run
    first = run[0]
    if first in ",;":
        if len(run) == 1 and _AL_FOLLOWS.match(s, end):
            return _TO_ARABIC[first]
    elif first == "?" and not (len(run) == 1 and _LATIN_FOLLOWS.match(s, end)):
        return _TO_ARABIC[first] + run[1:]
    return run


def _word_before(s: str, i: int) -> int:
    """Start of the word that ends at ``s[i - 1]``."""
    while i > 0 and (s[i - 1].isalnum() or s[i - 1] in _MARK_SET):
        i -= 1
    return i


def _word_after(s: str, i: int) -> int:
    """End of the word that starts at ``s[i]``."""
    while i < len(s) and (s[i].isalnum() or s[i] in _MARK_SET):
        i += 1
    return i


def _drop_blanks_before_marks(s: str) -> str:
    """No space before ، ؛ ؟ ! . : ) ] } » after an Arabic word (or, for the marks, a
    number); a dot or colon before a digit (``.5``, ``: 30``) and ``...`` stay apart."""
    out, last = [], 0
    for m in _MARK_AFTER_BLANK.finditer(s):
        i, mark = m.start(), m[0]
        after = s[i + 1 : i + 2]
        if mark in ".:" and ((after != "" and after in ".:") or after.isdecimal()):
            continue
        j = i - 1
        while j > 0 and s[j - 1] in _BLANKS:
            j -= 1
        if j <= last:
            continue
        before = s[j - 1]
        arabic = _AL_CHAR.match(before) is not None or before == c.RIGHT_GUILLEMET
        if arabic or (before.isdecimal() and mark in _AFTER_DIGIT_TOO):
            out.append(s[last:j])
            last = i
    if not out:
        return s
    out.append(s[last:])
    return "".join(out)


def _acronym(s: str, dot: int, end: int) -> bool:
    """A dot inside an abbreviation: بي.دبليو.سي, سي.إن.إن, ص.ب, أ.د.

    Part of a dotted chain (the dot is bare between two words, and so is another dot
    right before the word before, or right after the word after), or two words of at most
    two letters. Both dots of a chain must be bare between words, so each sees the other:
    otherwise one dot gets its space and the next run judges its neighbour anew
    (``ي.يييي.(`` and ``ر".ررر.ر`` gained a second space on a second run).
    """
    a = _word_before(s, dot)
    b = _word_after(s, end)
    if _bare(s, dot) and (
        (a > 1 and s[a - 1] == "." and _bare(s, a - 1)) or (s[b : b + 1] == "." and _bare(s, b))
    ):
        return True
    return dot - a <= 2 and b - end <= 2


# Domain endings written in Arabic after a site's name (الجزيرة.نت, بيت.كوم).
SITE_SUFFIXES = ("نت", "كوم")


def _bare(s: str, i: int) -> bool:
    """Whether the dot at ``s[i]`` stands between two words with nothing around it."""
    return 0 < i < len(s) - 1 and _is_word_char(s[i - 1]) and _is_word_char(s[i + 1])


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in _MARK_SET


def _site_name(s: str, end: int) -> bool:
    """الجزيرة.نت, بيت.كوم: a site name, not two sentences."""
    return any(
        s.startswith(suffix, end) and _word_after(s, end) == end + len(suffix)
        for suffix in SITE_SUFFIXES
    )


def _glued(match: re.Match[str]) -> str:
    mark = match[0]
    s, end = match.string, match.end()
    start = end - 1
    while start > 0 and s[start - 1] in _RUN:
        start -= 1
    run = s[start:end]
    if ".." in run or not _after_arabic(s, start, _CLOSERS):
        return mark  # an ellipsis (spacing around it is the writer's choice), or not Arabic
    if run == "." and (_acronym(s, start, end) or _site_name(s, end)):
        return mark
    return mark + " "


# Some sites write guillemets the other way round, »quote«: such a line is handled with
# the two swapped, so its quotes get the spacing of quotes rather than of closing marks.
_REVERSED_GUILLEMETS = re.compile("^[^\u00ab\n]*\u00bb", re.M)
_SWAP = str.maketrans("\u00ab\u00bb", "\u00bb\u00ab")


def _fix(part: str, data: bytes | None = None) -> str:
    """The rules on ``part``; ``data``: ``part`` in the 8-bit alphabet, when known (the
    steps that find nothing to do there are skipped, see :func:`_fix_line`)."""
    if "\u00bb" in part and _REVERSED_GUILLEMETS.search(part):
        return "\n".join(_line_fix(line)(line) for line in part.split("\n"))
    return _fix_line(part, data)


def _line_fix(line: str) -> Callable[..., str]:
    """The rules for a line whose guillemets face as they should, or the wrong way."""
    return _fix_swapped if _REVERSED_GUILLEMETS.match(line) else _fix_line


# What the last steps of _fix_line look for, on the text in the 8-bit alphabet: one
# translate maps each class of characters they are about to one byte, and a step is
# skipped when no pair of classes it looks for is next to another there (each pair finds
# a superset of the places its step's pattern matches: the step would change nothing).
# A bytes ``in`` runs at GB/s, a regex over the str at a few hundred MB/s.
_BLANK, _MARK, _OPEN, _LETTER = b" ", b"\x01", b"\x02", b"\x03"


def _class_table() -> bytes:
    table = bytearray(range(256))
    for byte in b"\x01\x02\x03":
        table[byte] = 0  # (control characters: not in any class)
    for chars, to in (
        (" \t\f\v", _BLANK),
        ("\u060c\u061b\u061f!)\\]}\u00bb.:", _MARK),  # (= _MARKS + _CLOSING)
        ("(\\[{\u00ab", _OPEN),
        (_L, _LETTER),
    ):
        for byte in alphabet_bytes(f"[{chars}]"):
            table[byte] = to[0]
    return bytes(table)


_CLASSES = _class_table()
_OPEN_SCREEN = _OPEN + _BLANK  # _SPACE_AFTER_OPEN
_MARK_AFTER_BLANK_SCREEN = _BLANK + _MARK  # _MARK_AFTER_BLANK
_GLUED_SCREENS = (_MARK + _LETTER, _MARK + _OPEN)  # _GLUED (« and ( are openers)
_DOUBLED_BYTES = tuple(
    data for data in (encode(ch + ch) for ch in "\u060c\u061b\u061f") if data is not None
)


def _fix_line(part: str, data: bytes | None = None) -> str:
    # Guards are single-character ``in`` tests (several GB/s); two-character ones such as
    # "( " are ten times slower on Arabic text, where spaces are everywhere. ``data`` is
    # ``part`` in the 8-bit alphabet while no step has changed it (else None).
    if _URDU_STOP in part:
        part, data = part.replace(_URDU_STOP, "."), None
    comma, semicolon, question = "," in part, ";" in part, "?" in part
    if comma or semicolon or question or "!" in part:
        # One pass for the Latin marks: repeats collapse, then , ; ? become Arabic.
        fixed = _LATIN_MARKS.sub(_latin_marks, part)
        if fixed != part:
            part, data = fixed, None
    # After the conversions, which can put ، next to ، (as in "كلمة ،, كلمة").
    if data is not None:
        doubled = any(d[:1] in data and d in data for d in _DOUBLED_BYTES)  # (memchr first)
    else:
        doubled = _DOUBLED_AR.search(part) is not None
    if comma or semicolon or question or doubled:
        fixed = _REPEAT_AR.sub(r"\1", part)
        if fixed != part:
            part, data = fixed, None
    if "%" in part or c.ARABIC_PERCENT in part:
        fixed = _PCT_LATIN.sub("%", _PCT_AR.sub(c.ARABIC_PERCENT, part))
        if fixed != part:
            part, data = fixed, None
    classes = data.translate(_CLASSES) if data is not None else None
    if "(" in part or "\u00ab" in part or "[" in part or "{" in part:
        if classes is None or _OPEN_SCREEN in classes:
            fixed = _SPACE_AFTER_OPEN.sub(r"\1", part)
            if fixed != part:
                part, classes = fixed, None
    if classes is None or _MARK_AFTER_BLANK_SCREEN in classes:
        fixed = _drop_blanks_before_marks(part)
        if fixed != part:
            part, classes = fixed, None
    if classes is None or any(pair in classes for pair in _GLUED_SCREENS):
        part = _GLUED.sub(_glued, part)
    return part


def _pair_straight_quotes(line: str) -> str:
    if line.count('"') % 2:
        return line  # unpaired: converting would break the pairing
    return _pair_from(line, True)[0]


def _pair_from(text: str, opening: bool) -> tuple[str, bool]:
    """Each ``"`` of ``text`` a « or a », in turn, the first an opening one if
    ``opening``; and whether the next one after would open."""
    out = []
    for piece in text.split('"')[:-1]:
        out.append(piece + (c.LEFT_GUILLEMET if opening else c.RIGHT_GUILLEMET))
        opening = not opening
    out.append(text.rsplit('"', 1)[-1])
    return "".join(out), opening


def _quotes(text: str, style: str, pairs: bool = True) -> str:
    """``text`` with its quotation marks made ``style``; ``pairs``: straight quotes too,
    paired line by line (``angle``)."""
    if style == "angle":
        text = text.replace(c.LEFT_DOUBLE_QUOTE, c.LEFT_GUILLEMET)
        text = text.replace(c.RIGHT_DOUBLE_QUOTE, c.RIGHT_GUILLEMET)
        if pairs and '"' in text:
            text = "\n".join(_pair_straight_quotes(line) for line in text.split("\n"))
    elif style == "straight":
        for q in (c.LEFT_GUILLEMET, c.RIGHT_GUILLEMET, c.LEFT_DOUBLE_QUOTE, c.RIGHT_DOUBLE_QUOTE):
            text = text.replace(q, '"')
    return text


@dataclass(frozen=True)
class NormalizePunctuation(Normalizer):
    """Arabic punctuation between Arabic words, one space after a mark and none before.

    >>> NormalizePunctuation()('قال الوزير , إن الخطة "فقط".معتبرا أنها ناجحة !!! لماذا?')
    'قال الوزير، إن الخطة "فقط". معتبرا أنها ناجحة! لماذا؟'
    >>> NormalizePunctuation()("بلغ 3,500 دولار أي 2.5% من www.site.com/a,b")
    'بلغ 3,500 دولار أي 2.5% من www.site.com/a,b'

    ``quotes``: ``keep`` (default), ``angle`` (« »), or ``straight`` ("). Rules and
    their exceptions are in the module docstring.
    """

    name = "normalize-punctuation"
    description = "Arabic ، ؛ ؟ between Arabic words, no space before a mark, one after"
    line_local = True
    option_help = option_docs(
        quotes='quotation marks: keep (as typed), angle (« ») or straight (")',
    )

    quotes: str = "keep"

    def validate(self) -> None:
        one_of(self, "quotes", QUOTE_STYLES)

    def __call__(self, text: str) -> str:
        if self.quotes != "keep":
            text = _quotes(text, self.quotes)
        if not may_hold_address(text):
            return _once(text, _fix)  # (the whole text at once)
        # Line by line: the direction of a line's guillemets is the line's own.
        return "\n".join(_fix_around_addresses(line, _line_fix(line)) for line in text.split("\n"))

    def slicer(self, slices: Sequence[str]) -> Callable[[str], str] | None:
        """Whether the line's guillemets are the wrong way round is decided on the whole
        line (its first guillemet), and how its straight quotes pair under
        ``quotes="angle"`` (the slices are rewritten in order)."""
        straight = self.quotes == "angle" and any('"' in s for s in slices)
        # (straight quotes are paired over the line: opening or closing by the count of
        # those before; an odd count leaves them all)
        pairs = straight and sum(s.count('"') for s in slices) % 2 == 0
        opening = [True]
        fix = _fix_swapped if _opens_reversed(slices, self.quotes, pairs) else _fix_line

        def rewrite(text: str) -> str:
            if self.quotes != "keep":
                text = _quotes(text, self.quotes, pairs=False)
                if pairs and '"' in text:
                    text, opening[0] = _pair_from(text, opening[0])
            return _rewrite(text, fix)

        return rewrite


def _rewrite(text: str, fix: Callable[..., str]) -> str:
    """``fix`` on ``text``, around its URLs and e-mail addresses if it may hold one."""
    return _fix_around_addresses(text, fix) if may_hold_address(text) else _once(text, fix)


def _once(text: str, fix: Callable[..., str]) -> str:
    """``fix`` on a text with no address; the same object when nothing changes (see
    ``_encoded``)."""
    fixed = fix(text, encoded(text))
    return text if fixed == text else fixed


def _fix_around_addresses(line: str, fix: Callable[..., str]) -> str:
    """``fix`` on (part of) a line outside its URLs and e-mail addresses, which stay as
    they are.

    A fix can make a new address or URL (a space dropped before a dot turns "ط@ط .J"
    into the address "ط@ط.J"), which a second run would protect and judge anew: repeat
    until nothing changes (only text with an @ or a URL pays)."""
    for _ in range(_ROUNDS):
        fixed = _fix_unprotected(line, fix)
        if fixed == line:
            break
        line = fixed
    return line


_ROUNDS = 4


def _opens_reversed(slices: Sequence[str], quotes: str, pairs: bool = False) -> bool:
    """Whether the first guillemet of a line given as slices is a », once its quotes are
    made ``quotes`` (``angle`` turns “ ” into « », and with ``pairs`` the first " into «;
    ``straight`` leaves none)."""
    if quotes == "straight":
        return False
    marks = "\u00ab\u00bb\u201c\u201d" if quotes == "angle" else "\u00ab\u00bb"
    marks += '"' if pairs else ""
    for s in slices:
        found = [i for i in map(s.find, marks) if i >= 0]
        if found:
            return s[min(found)] in "\u00bb\u201d"
    return False


def _fix_swapped(part: str, data: bytes | None = None) -> str:
    """:func:`_fix_line` of part of a line whose guillemets are the wrong way round."""
    return _fix_line(part.translate(_SWAP)).translate(_SWAP)


def _fix_unprotected(text: str, fix: Callable[..., str]) -> str:
    """``fix`` on the text between URLs and e-mail addresses, which stay as they are."""
    out, last = [], 0
    for a, b in _protected(text):
        out += [fix(text[last:a]), text[a:b]]
        last = b
    out.append(fix(text[last:]))
    return "".join(out)
