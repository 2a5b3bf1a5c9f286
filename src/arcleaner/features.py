"""The feature table: every line's named features, computed once per document.

The line model (:mod:`arcleaner.sequence`) decides from these numbers, and explains a
removal by naming the features that weighed most, so each feature has a short name and a
phrase a person can read (:data:`DESCRIPTIONS`). A row holds the line's own shape
(length, Arabic share, sentence punctuation, function words, bullets, dates, URLs,
lexicon-family hits), its place in the page (position, distance to the densest prose,
before or after the article), what the page says about it (repeats, runs of short
title-like lines: link lists and menus) and its neighbours' shape. Lines that earlier
filters removed are in the table too (``dropped``): they are evidence for their
neighbours. One column is reserved for the corpus frequency of the line's key in its
site, filled when a site profile is given.

>>> from arcleaner.resources import Resources
>>> rows = page_features(["* الرئيسية", "* رياضة", "قال الوزير إن الخطة، التي أعلنت أمس، ستبدأ "
...     "في الربيع المقبل وتشمل كل المحافظات دون استثناء."], Resources())
>>> rows[0][INDEX["bullet"]], rows[2][INDEX["prose"]]
(1.0, 1.0)
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import overload

from .keys import ALPHABET, encode, match_key
from .resources import Resources

# ------------------------------------------------------------------ the columns

#: Feature name -> what it means when it weighs toward boilerplate (used in reasons).
DESCRIPTIONS: dict[str, str] = {
    "bias": "prior",
    "words": "length in words",
    "short": "a short line (3 words or fewer)",
    "long": "a long line (25 words or more)",
    "arabic": "share of Arabic letters",
    "latin": "mostly Latin letters",
    "digits": "share of digits",
    "end_stop": "ends with a full stop",
    "end_mark": "ends with ? : or ؛",
    "end_ellipsis": "ends with '...' (a cut-off title)",
    "commas": "commas per word",
    "function_words": "share of function words",
    "bullet": "starts with a bullet (* + •)",
    "bare": "no words (a bare bullet or mark)",
    "date": "a date or time",
    "url": "a URL, e-mail or file name",
    "pipes": "items separated by |",
    "colon_lead": "a short 'name:' lead",
    "quote": "holds a quotation",
    "policy": "terms, privacy or comment-rules vocabulary",
    "about": "the site describing itself",
    "reported": "reported speech (قال، أضاف)",
    "chrome_words": "words of menus, share bars and widgets",
    "lexicon": "a boilerplate-lexicon phrase",
    "dropped": "removed by an earlier filter",
    "prose": "article prose (long, punctuated, function words)",
    "position": "position in the page",
    "repeat": "repeated on the page",
    "title_repeat": "its words recur in another line of the page",
    "title_run": "in a run of title-like lines (a link list)",
    "short_run": "in a run of short lines (a menu)",
    "prose_near": "article prose nearby",
    "before_article": "before the article",
    "after_article": "after the article",
    "article_distance": "distance from the article",
    "in_article": "inside the article's stretch",
    "blank_around": "set off by blank lines",
    "article_overlap": "shares words with the article",
    "headline_slot": "where the headline sits (title-like, near the article, its words)",
    "next_date": "a date or byline follows it",
    "dek": "the line right under the headline, in the article's words",
    "subheading": "a short line that heads a paragraph of the article",
    "list_header": "under a 'related' or 'latest news' header",
    "introduced": "in a list that a sentence of the article introduces (ends with ':')",
    "evidence_between": "boilerplate between it and the article",
    "corpus": "frequent in the site's other documents",
}
NAMES: tuple[str, ...] = tuple(DESCRIPTIONS)
INDEX: dict[str, int] = {name: i for i, name in enumerate(NAMES)}

# ------------------------------------------------------------------ line shapes

_ARABIC = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_DIGIT = re.compile(r"\d")


def _class_bytes(regex: re.Pattern[str]) -> bytes:
    """The bytes of the 8-bit :data:`~arcleaner.keys.ALPHABET` whose characters
    ``regex`` (a one-character class) matches."""
    return bytes(i for i, ch in enumerate(ALPHABET) if regex.fullmatch(ch))


_ARABIC_BYTES, _LATIN_BYTES, _DIGIT_BYTES = map(_class_bytes, (_ARABIC, _LATIN, _DIGIT))


def _script_counts(sample: str) -> tuple[int, int, int]:
    """The Arabic letters, Latin letters and digits of ``sample``: on its 8-bit form
    (nearly every line) a ``bytes.translate`` apiece, where ``findall`` made a string
    of every character it counted; the plain path otherwise."""
    data = encode(sample)
    if data is None:
        return (
            len(_ARABIC.findall(sample)),
            len(_LATIN.findall(sample)),
            len(_DIGIT.findall(sample)),
        )
    n = len(data)
    return (
        n - len(data.translate(None, _ARABIC_BYTES)),
        n - len(data.translate(None, _LATIN_BYTES)),
        n - len(data.translate(None, _DIGIT_BYTES)),
    )


_TERMINAL_STOP = re.compile(r"(?<![.…])[.!][\s\"'»”)\]]*$")
_TERMINAL_MARK = re.compile(r"[?؟:؛][\s\"'»”)\]]*$")
_ELLIPSIS = re.compile(r"(?:\.{2,}|…)[\s\"'»”)\]]*$")
_BULLET = re.compile(r"^\s*(?:[*+•▪●◦·-]\s|[*+•▪●◦·]$|[*+•▪●◦·-]{1,3}\s*$)")
_PIPES = re.compile(r"\s[|│¦]\s|^[|│¦]|[|│¦]$")
_URL = re.compile(
    r"https?://|www\.|\b[\w.-]+@[\w-]+\.\w|\.(?:jpe?g|png|gif|webp|html?|php|aspx?)\b|"
    r"\b[\w-]+\.(?:com|net|org|tv|info|news)\b",
    re.IGNORECASE,
)
# Every match of _URL holds "://", "@", "www." or a dot followed by a letter: these are
# found with ``in`` tests and patterns that start with a known character (the engine
# skips to it), where _URL tries its patterns at every word of the line.
_WWW = re.compile(r"www\.", re.IGNORECASE)  # (only w and W match w here)
_DOT_LETTER = re.compile(r"\.[^\W\d_]", re.IGNORECASE)


def _has_url(text: str) -> bool:
    """Whether ``text`` holds a URL, an e-mail address or a file name (:data:`_URL`)."""
    hint = (
        "@" in text
        or "://" in text
        or ("." in text and _DOT_LETTER.search(text) is not None)
        or (("w" in text or "W" in text) and _WWW.search(text) is not None)
    )
    return hint and _URL.search(text) is not None


def _has_pipes(text: str) -> bool:
    """:data:`_PIPES` in ``text``, after ``in`` tests for its three bars (most lines hold
    none, and the pattern is tried at every character)."""
    return ("|" in text or "│" in text or "¦" in text) and _PIPES.search(text) is not None


_DATE_SHAPE = re.compile(
    r"\b\d{1,4}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b"
)
_COLON_LEAD = re.compile(r"^\s*[^\s:.،,]+(?:\s+[^\s:.،,]+){0,2}\s*:\s*\S")
_QUOTE = re.compile(r"[\"«»“”]")
_WORD = re.compile(r"\w+")

_SAMPLE_CHARS = 400
_SAMPLE_WORDS = 80
#: The word lists the table reads (resources/words/).
WORD_LISTS = (
    "stopwords",
    "policy",
    "about",
    "reported",
    "site-voice",
    "date-words",
    "chrome-words",
)
#: The lexicons whose phrases count as a hit at any length.
LEXICONS = ("chrome", "subscription")


@dataclass(frozen=True, slots=True)
class LineShape:
    """What the table needs of one line: its text, key and whether a filter removed it."""

    text: str
    key: str
    dropped: bool = False


class PageLines(Sequence[LineShape]):
    """The shapes of a page's lines held as three columns (texts, keys, removed or not),
    each :class:`LineShape` made when asked for: a 50 MB page has 400,000 lines, and an
    object a line costs some 60 bytes more than its place in three lists."""

    __slots__ = ("dropped", "keys", "texts")

    def __init__(self, shapes: Iterable[LineShape] = ()) -> None:
        self.texts: list[str] = []
        self.keys: list[str] = []
        self.dropped = bytearray()
        for shape in shapes:
            self.append(shape.text, shape.key, shape.dropped)

    def append(self, text: str, key: str, dropped: bool) -> None:
        """Add a line at the end."""
        self.texts.append(text)
        self.keys.append(key)
        self.dropped.append(dropped)

    def __len__(self) -> int:
        return len(self.texts)

    @overload
    def __getitem__(self, i: int) -> LineShape: ...
    @overload
    def __getitem__(self, i: slice) -> list[LineShape]: ...
    def __getitem__(self, i: int | slice) -> LineShape | list[LineShape]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return LineShape(self.texts[i], self.keys[i], bool(self.dropped[i]))


def _texts_and_keys(shapes: Sequence[LineShape]) -> tuple[Sequence[str], Sequence[str]]:
    """The texts and keys of ``shapes``, as held (:class:`PageLines`) or as lists."""
    if isinstance(shapes, PageLines):
        return shapes.texts, shapes.keys
    return [s.text for s in shapes], [s.key for s in shapes]


# The two values of a yes-or-no feature. Most columns are one of them, and a row holding
# these shared objects, rather than a float made per cell, is a third of the size: the
# table of a 50 MB document holds hundreds of thousands of rows at once.
_FLOAT = (0.0, 1.0)


@functools.lru_cache(maxsize=4096)
def _sigmoid_free_log(n: int) -> float:
    """log(1 + n) / 4 (cached: one shared float per count, see :data:`_FLOAT`)."""
    return math.log1p(n) / 4.0


@functools.lru_cache(maxsize=4096)
def _closeness(distance: int) -> float:
    """1 / (1 + distance) (cached: one shared float per distance)."""
    return 1.0 / (1.0 + distance)


# Column indexes of the own features, by name (rows are plain lists: fast to fill).
(
    _BIAS,
    _WORDS,
    _SHORT,
    _LONG,
    _ARABIC_SHARE,
    _LATIN_MOST,
    _DIGITS,
    _END_STOP,
    _END_MARK,
    _END_ELLIPSIS,
    _COMMAS,
    _FUNCTION,
    _BULLET_AT,
    _BARE,
    _DATE,
    _URL_AT,
    _PIPES_AT,
    _COLON,
    _QUOTED,
    _POLICY,
    _ABOUT,
    _REPORTED,
    _CHROME,
    _LEXICON,
    _DROPPED,
    _PROSE,
) = (INDEX[name] for name in NAMES[: NAMES.index("prose") + 1])
#: A row's own features are its first columns, up to ``prose``; the page's come after
#: (and ``corpus``, last).
OWN_COLUMNS = _PROSE + 1
#: The lexicon families whose hit on a short line heads a list of other stories.
LIST_HEADER_FAMILIES = frozenset({"related-links", "ticker"})


def own_features(
    shape: LineShape,
    words: dict[str, frozenset[str]],
    lexicons: list,
    *,
    known: bool = False,
    family: str | None = None,
) -> tuple[list[float], str]:
    """The features of a line on its own (the first part of a row), and the lexicon
    family its key hits (``""`` for none). With ``known``, the lexicons are not looked
    up: ``family`` is the hit :func:`lexicon_families` found (None: no entry matched)."""
    text = shape.text.strip()
    key = shape.key
    tokens = key.split(" ") if key else []
    n = len(tokens)
    # Shares are taken on a line's opening (a paragraph's first 80 words say as much as
    # all of them), so a long line costs no more than a short one.
    sample = text[:_SAMPLE_CHARS]
    words_sample = tokens[:_SAMPLE_WORDS]
    m = len(words_sample)
    row = [0.0] * len(NAMES)
    row[_BIAS] = 1.0
    row[_WORDS] = _sigmoid_free_log(n)
    row[_SHORT] = _FLOAT[n <= 3]
    row[_LONG] = _FLOAT[n >= 25]
    arabic, latin, digits = _script_counts(sample)
    letters = arabic + latin
    row[_ARABIC_SHARE] = arabic / letters if letters else 0.0
    row[_LATIN_MOST] = _FLOAT[latin > arabic]
    row[_DIGITS] = digits / (letters + digits) if letters + digits else 0.0
    tail = text[-12:]
    stop_end = bool(_TERMINAL_STOP.search(tail))
    mark_end = bool(_TERMINAL_MARK.search(tail))
    row[_END_STOP] = _FLOAT[stop_end]
    row[_END_MARK] = _FLOAT[mark_end]
    row[_END_ELLIPSIS] = _FLOAT[bool(_ELLIPSIS.search(tail))]
    commas = min(_commas(text) / n, 0.5) * 2 if n else 0.0
    row[_COMMAS] = commas
    function = sum(map(words["stopwords"].__contains__, words_sample)) / m if m else 0.0
    row[_FUNCTION] = function
    row[_BULLET_AT] = _FLOAT[bool(_BULLET.match(text))]
    row[_BARE] = _FLOAT[n == 0]
    if n:
        dates = words["date-words"]
        datey = sum(map(dates.__contains__, words_sample)) + sum(map(str.isdigit, words_sample))
        datey /= m
        row[_DATE] = _FLOAT[datey >= 0.6 or (n <= 8 and bool(_DATE_SHAPE.search(text)))]
    row[_URL_AT] = _FLOAT[_has_url(sample)]
    row[_PIPES_AT] = _FLOAT[_has_pipes(sample)]
    row[_COLON] = _FLOAT[n >= 3 and bool(_COLON_LEAD.match(text))]
    row[_QUOTED] = _FLOAT[bool(_QUOTE.search(sample))]
    reported = bool(words["reported"].intersection(tokens))
    policy = len(words["policy"].intersection(tokens))
    voice = bool(words["site-voice"].intersection(tokens))
    policy_text = policy >= 2 and voice and not reported
    row[_POLICY] = _FLOAT[policy_text] + 0.5 * _FLOAT[policy >= 2]
    about = len(words["about"].intersection(tokens)) >= 3 and not reported
    row[_ABOUT] = _FLOAT[about]
    row[_REPORTED] = _FLOAT[reported]
    row[_CHROME] = sum(map(words["chrome-words"].__contains__, words_sample)) / m if m else 0.0
    if not known:
        family = None
        if n and n <= _LEXICON_WORDS:
            for lex in lexicons:
                entry = lex.match(key)
                if entry is not None:
                    family = entry.family or lex.name
                    break
    if family is not None:
        row[_LEXICON] = 1.0
    row[_DROPPED] = _FLOAT[shape.dropped]
    prose = _is_prose(n, stop_end, mark_end, commas, function) and not _glued(text, n)
    # A policy or about-us text is well punctuated too, and so are the bulleted rules
    # of a comment box: they never anchor the article.
    row[_PROSE] = _FLOAT[
        prose and not shape.dropped and not policy_text and not about and not row[_BULLET_AT]
    ]
    return row, family or ""


# The longest line whose key is looked up in the lexicons (a paragraph holds no phrase).
_LEXICON_WORDS = 40


def lexicon_families(keys: Sequence[str], lexicons: list) -> list[str | None]:
    """For each key, the family of the first of ``lexicons`` with an entry it matches
    (None for none; keys of more than 40 words are not looked up): the answers of
    :func:`own_features`, each lexicon screening all the keys at once
    (:meth:`~arcleaner.lexicon.Lexicon.match_lines`) rather than one key at a time."""
    out: list[str | None] = [None] * len(keys)
    counts = [k.count(" ") + 1 if k else 0 for k in keys]
    todo = [i for i, n in enumerate(counts) if 0 < n <= _LEXICON_WORDS]
    for lex in lexicons:
        if not todo:
            break
        found = lex.match_lines([keys[i] for i in todo], [counts[i] for i in todo])
        for j, entry in found.items():
            out[todo[j]] = entry.family or lex.name
        todo = [i for j, i in enumerate(todo) if j not in found]
    return out


def _is_prose(n: int, stop_end: bool, mark_end: bool, commas: float, function: float) -> bool:
    """Article prose by its shape: long and punctuated, or shorter with a full stop and
    function words (``commas`` per word, ``function``: share of function words)."""
    punctuated = stop_end or mark_end or commas > 0
    return (
        (n >= 30 and punctuated)
        or (n >= 12 and (stop_end or mark_end) and commas > 0)
        or (n >= 15 and stop_end)
        or (n >= 12 and punctuated and function >= 0.07)
        or (n >= 8 and stop_end and (function >= 0.1 or commas > 0))
    )


def _glued(text: str, n: int) -> bool:
    """Whether the ``n`` words of a line's key come from a few spaced tokens: a URL (a
    lynx reference, an ad's link of 1,500 characters) or code, which its punctuation
    splits into words, is no prose however many."""
    least = n // 4
    # (any space: a page may space its words with U+00A0, normalized only later)
    return text.count(" ") < least and len(text.split()) - 1 < least


def plain_prose(text: str, key: str, stopwords: frozenset[str], n: int) -> bool:
    """Whether a line of ``n`` words is article prose by its shape alone (the ``prose``
    feature but for the policy and about-us vocabularies): a cheap test that lets a page
    of nothing but prose skip the table."""
    if n < 8 or _glued(text, n):
        return False
    tail = text.rstrip()[-12:]
    stop_end = bool(_TERMINAL_STOP.search(tail))
    if n >= 15 and stop_end:
        return True
    mark_end = bool(_TERMINAL_MARK.search(tail))
    commas = min(_commas(text) / n, 0.5) * 2
    if (n >= 30 or (n >= 12 and (stop_end or mark_end))) and commas > 0:
        return True
    sample = key.split(" ", _SAMPLE_WORDS)[:_SAMPLE_WORDS]
    function = sum(map(stopwords.__contains__, sample)) / len(sample)
    return _is_prose(n, stop_end, mark_end, commas, function)


def _commas(text: str) -> int:
    """Commas and semicolons, Arabic and Latin (str.count beats a regex here)."""
    return text.count("،") + text.count(",") + text.count("؛") + text.count(";")


class Table:
    """Computes feature tables with the word lists and lexicons of ``resources`` (loaded
    once, when the table is made)."""

    __slots__ = ("lexicons", "stopwords", "words")

    def __init__(self, resources: Resources) -> None:
        self.words = {name: resources.words(name) for name in WORD_LISTS}
        self.stopwords = self.words["stopwords"]
        self.lexicons = [resources.lexicon(name) for name in LEXICONS]

    def rows(
        self, shapes: Sequence[LineShape], corpus: Sequence[float] | None = None
    ) -> list[list[float]]:
        """The feature table of a page: one row per line, in order. A blank line gets a
        row of zeros but for ``bias`` (the model skips blank lines). ``corpus``, when
        given, is each line's corpus frequency (0 to 1) in its site."""
        rows: list[list[float]] = []
        families: list[str] = []  # lexicon family of each non-blank line
        content = [i for i, s in enumerate(shapes) if s.key or s.text.strip()]
        hits = iter(lexicon_families([shapes[i].key for i in content], self.lexicons))
        for shape in shapes:
            if shape.key or shape.text.strip():
                row, family = own_features(
                    shape, self.words, self.lexicons, known=True, family=next(hits)
                )
                rows.append(row)
                families.append(family)
            else:
                row = [0.0] * len(NAMES)
                row[0] = 1.0
                rows.append(row)
        _add_page_features(list(shapes), rows, content, families, self.words["stopwords"])
        if corpus is not None:
            col = INDEX["corpus"]
            for i, value in enumerate(corpus):
                rows[i][col] = value
        return rows

    def page(self, shapes: Sequence[LineShape]) -> Page:
        """The table of a page held compactly, to be scored a row at a time: of each
        content line's own features, the few that are shares or counts as floats in
        one array and the rest, all yes-or-no, as the bits of one number (about 60
        bytes a line, where a row of Python floats takes about 600), and the page's
        features (:class:`PageFeatures`). :meth:`Page.row` makes a line's row, the one
        :meth:`rows` gives (no corpus column): a 150,000-line page never holds all
        its rows at once."""
        texts, keys = _texts_and_keys(shapes)
        content = array("l", (i for i, k in enumerate(keys) if k or texts[i].strip()))
        hits = lexicon_families([keys[i] for i in content], self.lexicons)
        families: list[str] = []
        floats: array[float] = array("d")
        flags: array[int] = array("L")
        templates: dict[int, list[float]] = {}
        for i, hit in zip(content, hits, strict=True):
            row, family = own_features(shapes[i], self.words, self.lexicons, known=True, family=hit)
            families.append(family)
            bits = row_bits(row, _OWN_FLAGS)
            flags.append(bits)
            floats.extend([row[col] for col in _OWN_FLOATS])
            if bits not in templates:
                templates[bits] = _template(bits)
        # The page features read only yes-or-no own features: each line's template row
        # (shared by every line with the same bits) holds them.
        own = [templates[bits] for bits in flags]
        features = PageFeatures(shapes, own, content, families, self.stopwords)
        return Page(content, floats, flags, templates, features)


# The own features that are shares, counts or a weighted sum (floats), and the others,
# which are 0.0 or 1.0 (kept as bits by Table.page; the table test checks the rows).
_OWN_FLOATS = (_WORDS, _ARABIC_SHARE, _DIGITS, _COMMAS, _FUNCTION, _POLICY, _CHROME)
_OWN_FLAGS = tuple(
    (1 << k, col) for k, col in enumerate(c for c in range(OWN_COLUMNS) if c not in _OWN_FLOATS)
)


def row_bits(row: Sequence[float], flags: Sequence[tuple[int, int]]) -> int:
    """The bits of ``flags`` (``(bit, column)`` pairs) whose column in ``row`` is not 0:
    a row's yes-or-no columns in one small number."""
    bits = 0
    for bit, col in flags:
        if row[col]:
            bits |= bit
    return bits


def _template(bits: int) -> list[float]:
    """A row with the own yes-or-no features of ``bits`` set, every other column 0.0."""
    row = [0.0] * len(NAMES)
    for bit, col in _OWN_FLAGS:
        if bits & bit:
            row[col] = 1.0
    return row


@dataclass(frozen=True, slots=True)
class Page:
    """A page's feature table by content line (see :meth:`Table.page`): ``content`` holds
    the indexes of the page's non-blank lines; ``floats`` (seven a line) and ``flags``
    (one number a line, ``templates`` the row each number stands for) their own
    features."""

    content: Sequence[int]
    floats: array[float]
    flags: array[int]
    templates: dict[int, list[float]]
    features: PageFeatures

    def row(self, p: int) -> list[float]:
        """The full row of content line ``p`` (line ``content[p]`` of the page)."""
        row = self.templates[self.flags[p]].copy()
        at = p * len(_OWN_FLOATS)
        for k, col in enumerate(_OWN_FLOATS):
            row[col] = self.floats[at + k]
        self.features.fill(p, row)
        return row


def page_features(
    lines: Sequence[str | LineShape],
    resources: Resources,
    corpus: Sequence[float] | None = None,
) -> list[list[float]]:
    """The feature table of a page given as texts or :class:`LineShape` (to mark lines
    an earlier filter removed); see :meth:`Table.rows`."""
    shapes = [ln if isinstance(ln, LineShape) else LineShape(ln, match_key(ln)) for ln in lines]
    return Table(resources).rows(shapes, corpus)


def _introduced(
    own: Sequence[Sequence[float]],
    wordcount: list[int],
    dropped: list[bool],
    texts: list[str],
) -> list[float]:
    """1.0 for the items of a list (short or bulleted lines, up to 30) that follow a line
    of the article ending with ':' ("the winners of the last ten years:"): the article
    announces them, so they are its own. ``own``: the content lines' own features."""
    out = [0.0] * len(own)
    bullet = INDEX["bullet"]
    intro = False
    run = 0
    for p, row in enumerate(own):
        item = (wordcount[p] <= 15 or row[bullet]) and not dropped[p]
        if intro and item and run < 30:
            out[p] = 1.0
            run += 1
            continue
        ends_colon = texts[p].rstrip().endswith((":", "："))
        intro, run = ends_colon and wordcount[p] > 0 and not dropped[p], 0
    return out


def _inside_another(keys: list[str], wordcount: list[int], limit: int = 40) -> list[bool]:
    """For each line of 3 to 30 words, whether its key stands inside another line's key
    (a headline inside a breadcrumb, a share text or the page title); the containing
    line is marked too. Candidates come from an index of word pairs, so a long document
    costs time in proportion to its words, not to the square of its lines."""
    # Only a line's first word pair is looked up, and only the first ``limit`` lines
    # holding it are tried: the index keeps those pairs and those lines alone (a 50 MB
    # document spent seconds indexing every pair of every line). It maps a pair's first
    # word to its second to the lines (no string made for a pair).
    pairs: dict[str, dict[str, list[int]]] = {}
    for p, key in enumerate(keys):
        if 3 <= wordcount[p] <= 30:
            first = key.split(" ", 2)
            pairs.setdefault(first[0], {}).setdefault(first[1], [])
    is_head = pairs.__contains__
    for p, key in enumerate(keys):
        if wordcount[p] > 60:
            continue  # (a paragraph never holds a breadcrumb or a share text)
        tokens = key.split(" ")
        # (the positions of the words that start an indexed pair, found at C speed)
        for j in itertools.compress(range(len(tokens) - 1), map(is_head, tokens)):
            bucket = pairs[tokens[j]].get(tokens[j + 1])
            if bucket is not None and len(bucket) < limit and (not bucket or bucket[-1] != p):
                bucket.append(p)
    out = [False] * len(keys)
    for p, key in enumerate(keys):
        if not 3 <= wordcount[p] <= 30:
            continue
        first = key.split(" ", 2)
        for q in pairs[first[0]][first[1]]:
            if q != p and keys[q] != key and key in keys[q]:
                out[p] = out[q] = True
                break
    return out


# A "read also" line that holds its one item after a colon ("اقرأ أيضا: <title>") is a
# box of its own, not the header of the lines below it.
_OWN_ITEM = re.compile(r"[:：]\s*\S+\s+\S")


def _heads_list(family: str | None, words: int, text: str) -> bool:
    """Whether a line is the short header of a 'related' or 'latest news' list (one that
    carries its own item after a colon heads nothing)."""
    return family in LIST_HEADER_FAMILIES and words <= 6 and not _OWN_ITEM.search(text)


def _under_header(
    families: list[str],
    wordcount: Sequence[int],
    prose: Sequence[int],
    slot: int,
    texts: list[str],
) -> list[float]:
    """1.0 for the lines of a list that a short 'related' or 'latest news' header heads:
    from the header up to 12 lines, ending early at prose, at a line of another lexicon
    family (a date, a byline, a share bar) or at the headline. A header that carries its
    own item after a colon heads nothing."""
    out = [0.0] * len(families)
    p = 0
    while p < len(families):
        if _heads_list(families[p], wordcount[p], texts[p]):
            q = p + 1
            while q < len(families) and q <= p + 12 and not prose[q] and q != slot:
                if families[q] and families[q] not in LIST_HEADER_FAMILIES:
                    break
                out[q] = 1.0
                q += 1
            p = q
            continue
        p += 1
    return out


def _evidence_between(
    dropped: list[bool], families: list[str], start: int, end: int
) -> list[float]:
    """For a line outside the article, 1.0 when a removed line or a lexicon hit sits
    between it and the article: a list that ends an article with nothing but itself after
    the last paragraph is more likely the article's than a list past a share bar."""
    n = len(dropped)
    out = [0.0] * n
    if start < 0:
        return out
    hit = [d or bool(f) for d, f in zip(dropped, families, strict=True)]
    seen = False
    for p in range(end + 1, n):
        out[p] = _FLOAT[seen]
        seen = seen or hit[p]
    seen = False
    for p in range(start - 1, -1, -1):
        out[p] = _FLOAT[seen]
        seen = seen or hit[p]
    return out


# The keys of an interview's lines open so: "س: ..." (question), "ج: ..." (answer).
_QA = ("س ", "ج ")

_BOX_LINES = 20  # the longest box (related list, video module, ad) an article spans


def _article_span(blocks: list[list[int]]) -> tuple[int, int]:
    """First and last position of the article: the block of prose with the most words,
    grown by the blocks next to it that an inline box (a caption, a related list, an ad,
    up to 20 lines) separates from it, when they hold a fair share of its prose (a
    teaser far below the article does not). (-1, -1) when the page has no prose."""
    if not blocks:
        return -1, -1
    m = max(range(len(blocks)), key=lambda b: blocks[b][2])
    lo = hi = m
    mass = blocks[m][2]
    grew = True
    while grew:
        grew = False
        for side in (lo - 1, hi + 1):
            if not 0 <= side < len(blocks):
                continue
            b = blocks[side]
            gap = b[0] - blocks[hi][1] if side > hi else blocks[lo][0] - b[1]
            if gap <= 4 or (gap <= _BOX_LINES and b[2] >= 0.15 * mass):
                lo, hi = min(lo, side), max(hi, side)
                mass += b[2]
                grew = True
    return blocks[lo][0], blocks[hi][1]


# Light stemming for word overlap: the article writes "والسعوديه" where the headline has
# "السعوديه". One clitic or article in front, one common suffix behind, a stem of three
# letters at least (on match keys: ة is ه, hamza seats are folded).
_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")
_SUFFIXES = ("ها", "هم", "ات", "ون", "ين", "ان", "ه", "ي", "ا")


def _stem(token: str) -> str:
    for pre in _PREFIXES:
        if token.startswith(pre) and len(token) - len(pre) >= 3:
            token = token[len(pre) :]
            break
    for suf in _SUFFIXES:
        if token.endswith(suf) and len(token) - len(suf) >= 3:
            return token[: -len(suf)]
    return token


@functools.cache
def _stemmer(stop: frozenset[str]) -> Callable[[str], str]:
    """A function giving a word's stem when the word counts for overlap (two letters or
    more, not one of ``stop``), ``""`` when it does not; cached, so that ``map`` over a
    line's words runs at C speed for the words seen before."""

    @functools.lru_cache(maxsize=1 << 14)  # (about 3 MB; a page's common words)
    def stem(token: str) -> str:
        return _stem(token) if len(token) > 1 and token not in stop else ""

    return stem


_OVERLAP_WORDS = 40  # lines this long or longer get no overlap (it is costly on prose)
_ARTICLE_WORDS = 250  # words of the article's opening that overlap is taken on


def _article_overlap(keys: list[str], start: int, end: int, stop: frozenset[str]) -> array[float]:
    """For each line, the share of its content words (not function words; lightly
    stemmed) that the article's stretch holds elsewhere: a headline and a caption share
    the article's words, a menu and other stories' titles do not. (An array: no float
    object a line.)"""
    n = len(keys)
    out = array("d", bytes(8 * n))
    if start < 0:
        return out
    stem = _stemmer(stop)
    counts: Counter[str] = Counter()
    taken = 0
    for p in range(start, end + 1):
        # (the opening of the article holds the headline's words)
        tokens = keys[p].split(" ", _ARTICLE_WORDS - taken)[: _ARTICLE_WORDS - taken]
        counts.update(filter(None, map(stem, tokens)))
        taken += len(tokens)
        if taken >= _ARTICLE_WORDS:
            break
    held = counts.__contains__
    for p, key in enumerate(keys):
        if key.count(" ") >= _OVERLAP_WORDS:
            continue  # (a paragraph: its overlap says nothing the other features do not)
        tokens = list(filter(None, map(stem, key.split(" "))))
        if tokens:
            if start <= p <= end:
                own = Counter(tokens)
                out[p] = sum(counts[t] - own[t] > 0 for t in tokens) / len(tokens)
            else:  # (every count is positive: a word the article holds is in it)
                out[p] = sum(map(held, tokens)) / len(tokens)
    return out


_CRUMB = re.compile(r"\s[>»/|›<«]\s")


def _headline_slot(
    keys: list[str],
    titlelike: list[bool],
    dropped: list[bool],
    own: Sequence[Sequence[float]],
    overlap: Sequence[float],
    texts: list[str],
    start: int,
    end: int,
) -> int:
    """The position of the likeliest headline, or -1: the first title-like line, up to
    15 lines above the article, whose words the article shares (at least a third of
    them). Reading down a page, the headline comes before its date, byline and photo
    caption, which share the article's words too; a breadcrumb that ends in the title
    is not it. With none above, the same within 4 lines below the article (some
    scrapers put the title last); then a title in other words than the article's, with
    its date or byline under it, or (a column) right above the article with them above
    it."""
    if start < 0:
        return -1
    bullet, prose, date = INDEX["bullet"], INDEX["prose"], INDEX["date"]
    stops = [row[INDEX["end_stop"]] > 0 for row in own]

    def candidate(p: int) -> bool:
        # (a byline with its date is no headline: the headline is above it)
        if dropped[p] or own[p][bullet] or own[p][prose] or own[p][date]:
            return False
        if len(_CRUMB.findall(texts[p])) >= 2:
            return False
        # (a long headline, such as some Egyptian sites write, counts)
        return titlelike[p] or (25 < keys[p].count(" ") < 40 and not stops[p])

    below = range(end + 1, min(len(keys), end + 5))
    for span in (range(max(0, start - 15), start), below):
        for p in span:
            if candidate(p) and overlap[p] >= 0.34:
                return p
    # A headline in other words than the article's: the nearest title-like line above
    # it that its date or byline follows (a removed short line or a date shape).
    for p in range(start - 1, max(0, start - 8) - 1, -1):
        nxt = [q for q in range(p + 1, min(start, p + 3))]
        dated = any(own[q][date] or (dropped[q] and keys[q].count(" ") < 10) for q in nxt)
        if candidate(p) and dated and overlap[p] > 0:
            return p
    # A column's title, which comes after its byline and date: the title-like line
    # right above the article, under a removed short line or a date, with no prose
    # above it (a related link in a box between two parts of an article is dated too).
    p = start - 1
    dated = p >= 1 and (own[p - 1][date] or (dropped[p - 1] and keys[p - 1].count(" ") < 10))
    if dated and candidate(p) and not any(own[q][prose] for q in range(p)):
        return p
    return -1


def _dek_below(
    slot: int,
    start: int,
    dropped: Sequence[int],
    datelike: Sequence[int],
    overlap: Sequence[float],
    wordcount: Sequence[int],
    own: Sequence[Sequence[float]],
) -> int:
    """The position of the dek, or -1: the first line under the headline slot, past its
    date, byline and share bar (lines that are dates or that a filter removed, up to
    three), above the article, that shares the article's words (a third of them) and
    is a sentence (a full stop, or 12 words or more: a photo's caption names its people
    in fewer, with no stop). (The ``dek`` feature is the line right under the slot.)"""
    if slot < 0:
        return -1
    for p in range(slot + 1, min(slot + 5, start)):
        if not (dropped[p] or datelike[p]):
            sentence = own[p][_END_STOP] or wordcount[p] >= 12
            return p if overlap[p] >= 0.34 and wordcount[p] >= 4 and sentence else -1
    return -1


def _add_page_features(
    shapes: list[LineShape],
    rows: list[list[float]],
    content: list[int],
    families: list[str],
    stopwords: frozenset[str] = frozenset(),
) -> None:
    """Write the page features into the rows of the content lines."""
    if not content:
        return
    page = PageFeatures(shapes, [rows[i] for i in content], content, families, stopwords)
    for p, i in enumerate(content):
        page.fill(p, rows[i])


# Column indexes of the page features (a row is filled per line: no name lookups there).
(
    _LIST_HEADER,
    _SUBHEADING,
    _INTRODUCED,
    _EVIDENCE,
    _POSITION,
    _REPEAT,
    _TITLE_REPEAT,
    _TITLE_RUN,
    _SHORT_RUN,
    _PROSE_NEAR,
    _BEFORE,
    _AFTER,
    _DISTANCE,
    _IN_ARTICLE,
    _OVERLAP,
    _SLOT,
    _DEK,
    _NEXT_DATE,
    _BLANK_AROUND,
) = (
    INDEX[name]
    for name in (
        "list_header",
        "subheading",
        "introduced",
        "evidence_between",
        "position",
        "repeat",
        "title_repeat",
        "title_run",
        "short_run",
        "prose_near",
        "before_article",
        "after_article",
        "article_distance",
        "in_article",
        "article_overlap",
        "headline_slot",
        "dek",
        "next_date",
        "blank_around",
    )
)


class PageFeatures:
    """What the page says about each of its content lines: where the article is, runs,
    repeats, overlap with the article, the headline. Computed once from the lines' own
    features (``own``, by content position: rows, or their first :data:`OWN_COLUMNS`
    values; only the yes-or-no ones are read); :meth:`fill` writes one line's page
    features into its row, so a caller can make the rows of a long page one at a time
    rather than hold them all."""

    __slots__ = (
        "blank", "datelike", "dek", "dropped", "end", "evidence", "header", "inside",
        "introduced", "n", "near", "overlap", "prose", "repeat", "short", "short_run",
        "slot", "start", "title_run", "titlelike", "wordcount",
    )  # fmt: skip

    def __init__(
        self,
        shapes: Sequence[LineShape],
        own: Sequence[Sequence[float]],
        content: Sequence[int],
        families: list[str],
        stopwords: frozenset[str] = frozenset(),
    ) -> None:
        # (a page of 150,000 lines holds these a line each: yes-or-no columns as bytes,
        # counts and shares in arrays, not a list of Python objects)
        n = self.n = len(content)
        all_texts, all_keys = _texts_and_keys(shapes)
        keys = [all_keys[i] for i in content]
        # (whether a line's key is on the page twice, as a byte a line: the counts of a
        # 50 MB page's keys take 10 MB, held no longer than this)
        counts = Counter(k for k in keys if k)
        self.repeat = bytearray(counts[k] > 1 if k else 0 for k in keys)
        del counts
        prose = self.prose = bytearray(row[_PROSE] > 0 for row in own)
        dropped = self.dropped = bytearray(row[_DROPPED] > 0 for row in own)
        wordcount = self.wordcount = array("l", [k.count(" ") + 1 if k else 0 for k in keys])
        short = self.short = bytearray(w <= 3 for w in wordcount)
        titlelike = self.titlelike = bytearray(
            3 <= w <= 25 and not p and not row[_END_STOP]
            for w, p, row in zip(wordcount, prose, own, strict=True)
        )
        # The article: blocks of prose (joined across gaps of at most 3 other lines), the
        # one with the most words and the blocks near it (see _article_span). A short
        # sentence that goes on with the story (a full stop, 4 words or more, opening
        # with و or reporting speech), or a question or answer of an interview (س: ...؟
        # ج: ...), carries a block on, as prose does, but starts none: the last lines of
        # an article after a box inside it. Not past the header of a list ("الأكثر
        # قراءة"): its items are the list's, whatever their first letter.
        texts = [all_texts[i] for i in content]
        heads = [
            f in LIST_HEADER_FAMILIES and _heads_list(f, w, t)  # (most lines: no family)
            for f, w, t in zip(families, wordcount, texts, strict=True)
        ]
        blocks: list[list[int]] = []
        last = -10
        for p in range(n):
            if prose[p] or (
                blocks
                and wordcount[p] >= 4
                and not dropped[p]
                and (
                    (own[p][_END_STOP] and (keys[p][:1] == "و" or own[p][_REPORTED] > 0))
                    or (keys[p][:2] in _QA and (own[p][_END_STOP] or own[p][_END_MARK]))
                )
                and not any(heads[last + 1 : p])
            ):
                if p - last <= 4 and blocks:
                    blocks[-1][1] = p
                    blocks[-1][2] += wordcount[p]
                elif prose[p]:
                    blocks.append([p, p, wordcount[p]])
                else:
                    continue
                last = p
        start, end = self.start, self.end = _article_span(blocks)
        # Distance to the nearest prose line, both ways.
        near = self.near = array("l", [n]) * n
        d = n
        for p in range(n):
            d = 0 if prose[p] else d + 1
            near[p] = d
        d = n
        for p in range(n - 1, -1, -1):
            d = 0 if prose[p] else d + 1
            near[p] = min(near[p], d)
        # Runs of title-like and of short lines (blank lines do not break a run).
        self.title_run = _runs(titlelike)
        self.short_run = _runs(
            bytearray(s and not d_ for s, d_ in zip(short, dropped, strict=True))
        )
        self.inside = bytearray(_inside_another(keys, wordcount))
        overlap = self.overlap = _article_overlap(keys, start, end, stopwords)
        self.datelike = bytearray(
            row[_DATE] > 0 or (dropped[p] and wordcount[p] <= 10) for p, row in enumerate(own)
        )
        slot = self.slot = _headline_slot(keys, titlelike, dropped, own, overlap, texts, start, end)
        # (these three are 0.0 or 1.0: fill() gives the row the float again)
        self.header = bytearray(map(int, _under_header(families, wordcount, prose, slot, texts)))
        self.introduced = bytearray(map(int, _introduced(own, wordcount, dropped, texts)))
        self.evidence = bytearray(map(int, _evidence_between(dropped, families, start, end)))
        self.dek = _dek_below(slot, start, dropped, self.datelike, overlap, wordcount, own)
        # Whether a blank line comes right before and right after each line.
        last_shape = len(shapes) - 1
        self.blank = bytearray(
            i > 0
            and not all_keys[i - 1]
            and not all_texts[i - 1].strip()
            and i < last_shape
            and not all_keys[i + 1]
            and not all_texts[i + 1].strip()
            for i in content
        )

    def fill(self, p: int, row: list[float]) -> None:
        """Write the page features of content line ``p`` into ``row``, whose page columns
        hold 0.0."""
        n, prose, dropped, wordcount = self.n, self.prose, self.dropped, self.wordcount
        start, end, slot, overlap = self.start, self.end, self.slot, self.overlap
        row[_LIST_HEADER] = _FLOAT[self.header[p]]
        row[_SUBHEADING] = _FLOAT[
            start <= p <= end
            and p + 1 < n
            and prose[p + 1]
            and not prose[p]
            and not dropped[p]
            and 0 < wordcount[p] <= 12
        ]
        row[_INTRODUCED] = _FLOAT[self.introduced[p]]
        row[_EVIDENCE] = _FLOAT[self.evidence[p]]
        row[_POSITION] = p / (n - 1) if n > 1 else 0.0
        row[_REPEAT] = _FLOAT[self.repeat[p]]
        row[_TITLE_REPEAT] = _FLOAT[self.inside[p]]
        row[_TITLE_RUN] = _sigmoid_free_log(self.title_run[p]) if self.titlelike[p] else 0.0
        row[_SHORT_RUN] = _sigmoid_free_log(self.short_run[p]) if self.short[p] else 0.0
        row[_PROSE_NEAR] = _closeness(self.near[p])
        if start >= 0:
            row[_BEFORE] = _FLOAT[p < start]
            row[_AFTER] = _FLOAT[p > end]
            dist = start - p if p < start else p - end if p > end else 0
            row[_DISTANCE] = _sigmoid_free_log(dist)
            row[_IN_ARTICLE] = _FLOAT[start <= p <= end]
        row[_OVERLAP] = overlap[p]
        row[_SLOT] = _FLOAT[p == slot]
        datelike = self.datelike
        row[_DEK] = _FLOAT[
            slot >= 0
            and p == slot + 1
            and not dropped[p]
            and not datelike[p]
            and overlap[p] >= 0.34
            and wordcount[p] >= 4
        ]
        row[_NEXT_DATE] = _FLOAT[any(datelike[q] for q in range(p + 1, min(n, p + 3)))]
        row[_BLANK_AROUND] = _FLOAT[self.blank[p]]


def _runs(flags: Sequence[int]) -> array[int]:
    """For each position, the length of the run of true values it sits in (0 elsewhere)."""
    out = array("l", [0]) * len(flags)
    p = 0
    while p < len(flags):
        if not flags[p]:
            p += 1
            continue
        q = p
        while q < len(flags) and flags[q]:
            q += 1
        for r in range(p, q):
            out[r] = q - p
        p = q
    return out
