"""Shared machinery for filters that drop short lines matching a lexicon."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from ..document import Decision, Document, Line
from ..errors import PatternTimeout
from ..keys import size_blocks
from ..lexicon import BLOCK_CHARS, Entry, Lexicon
from ..resources import Resources, default_resources
from ..steps import Filter, at_least, option_docs
from ..wrapped import MAX_PARAGRAPH, MIN_WIDTH, SENTENCE_ENDS, Wrapping, find_wrapping


@dataclass(frozen=True)
class LexiconFilter(Filter):
    """Drop lines matching the packaged lexicon ``lexicon_name`` (plus user entries).

    ``extra`` adds entries in lexicon syntax (``"start: تابعنا على"``); ``lexicon_files``
    adds whole files. ``max_words`` bounds the lines that ``start``, ``contains`` and
    ``raw`` entries may remove, so a sentence of the article is never taken for a prompt.
    ``keep_sentences``: nor is a sentence (:func:`is_sentence`) by an entry written for
    short lines, a line the article quotes (after one that :func:`quotes_next`) and a
    sentence of reported news by none: "نشر في الجريدة الرسمية نص
    القانون كاملا صباح اليوم." begins as a published-at line does, and "وقال المتحدث إن
    التصريحات لا تعبر عن رأي الحكومة." holds a disclaimer's phrase; both are the
    article's.
    """

    lexicon_name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    option_help = option_docs(
        max_words="longest line (in words) that start:, contains: and raw: entries may "
        "remove, so an article sentence with a prompt word stays (line: entries: any length)",
        extra='more entries in lexicon syntax, e.g. "start: تابعنا على" (a TOML list; '
        "with --set, separated by |)",
        lexicon_files="more lexicon files to read, one entry a line (paths)",
        keep_sentences="keep a sentence (a full stop, 6+ words, the site not speaking as "
        "we or to you) that an entry written for short lines matches, and one of reported "
        "news (a verb such as قال or أعلن), or that a line of it introduces ('وقال "
        "المتحدث:'), whatever entry (line: entries still match)",
    )

    max_words: int = 12
    extra: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()
    keep_sentences: bool = True
    _lexicon: Lexicon | None = field(default=None, init=False, compare=False, repr=False)
    # The words read by is_sentence and the test for reported news: verbs of
    # statements, and the site's own voice.
    _voices: tuple[frozenset[str], frozenset[str]] = field(
        default=(frozenset(), frozenset()), init=False, compare=False, repr=False
    )

    def validate(self) -> None:
        at_least(self, "max_words", 1)

    def bind(self, resources: Resources) -> LexiconFilter:
        lex = resources.lexicon(self.lexicon_name, tuple(self.extra), tuple(self.lexicon_files))
        said = resources.words("reported") | resources.words("statement-verbs")
        voices = (said, resources.words("site-voice") | resources.words("reader-address"))
        return self.with_loaded(_lexicon=lex, _voices=voices)  # type: ignore[return-value]

    def decide(self, doc: Document) -> Iterator[Decision]:
        bound = self if self._lexicon is not None else self.bind(default_resources())
        lex, (said, voice) = bound._lexicon, bound._voices
        assert lex is not None
        lines = doc.lines
        content = doc.content_indexes()
        max_words = self.max_words

        # (a line too long for any entry that reads plain texts is not asked for one:
        # a one-line document's would be a copy of the whole text)
        def plain_text(line: Line) -> str:
            if line.plain is not None:
                return line.plain
            return line.plain_text() if lex.needs_raw(line.words, max_words) else ""

        # A big document's lines are matched a block at a time (match_lines answers line
        # by line): lists of all their keys would hold a decoded copy of every one.
        spans = [(0, len(content))]
        if doc.packed:
            spans = size_blocks((len(lines[i].packed_key()) for i in content), BLOCK_CHARS)
        found: dict[int, Entry] = {}
        try:
            for start, stop in spans:
                part = content if len(spans) == 1 else content[start:stop]
                keys = doc.keys_of(part)
                words = [lines[i].words for i in part]
                plains = [plain_text(lines[i]) for i in part]
                # (the input line numbers find the encoded text's lines; without it, unread)
                numbers = None
                if doc.encoded is not None:
                    numbers = array("l", (lines[i].number for i in part))
                hits = lex.match_lines(
                    keys, words, plains, max_words, numbers=numbers, encoded=doc.encoded
                )
                found.update((start + p, entry) for p, entry in hits.items())
                del keys, words, plains, numbers
        except PatternTimeout as err:
            number = _timed_out_line(lex, [lines[i] for i in content], self.max_words)
            raise PatternTimeout(f"{self.name}: line {number}: {err}") from None
        for p, entry in sorted(found.items()):
            line = lines[content[p]]
            if (
                self.keep_sentences
                and entry.kind != "line"
                and line.words >= QUOTE_WORDS
                and not line.key.startswith("و")  # ("ويشار إلى أن ...": the article's voice)
                and p > 0
                and p - 1 not in found
                and quotes_next(lines[content[p - 1]], said)
            ):
                continue  # quoted by the article: 'وكتبت الوزارة على حسابها:' 'عاجل: ...'
            sentence = None
            if self.keep_sentences and entry.kind != "line":
                sentence = line if is_sentence(line, voice) else None
                if sentence is None and line.words >= _PIECE_WORDS:
                    # (a piece of a hard-wrapped paragraph has no full stop of its own:
                    # the paragraph is the sentence)
                    sentence = _wrapped_sentence(lines, content[p], voice)
            if sentence is not None:
                if not said.isdisjoint(sentence.key.split(" ")):
                    continue  # reported news: no phrase entry removes it
                if entry.max_words is None:
                    # (an entry for short lines matched first; one written for prose
                    # chrome may match too)
                    raw = line.plain_text() if lex.needs_raw(line.words, None) else ""
                    limited = lex.limited_match(line.key, line.words, raw)
                    if limited is None:
                        continue
                    entry = limited
            what = f"{self.label} ({entry.family})" if entry.family else self.label
            yield Decision(content[p], f"{what}, {entry.describe()}")


#: The fewest words of a line quoted by the article that the lexicon filters keep (see
#: quotes_next): a quoted post, not a rule or a "read also" header after the colon. A
#: quote opens afresh: a line going on with و is the article's own voice again (a
#: disclaimer after a tweet the scraper did not keep).
QUOTE_WORDS = 4

# How a sentence ends: a full stop (not an ellipsis; Latin or Urdu), then closing quotes
# or brackets.
_FULL_STOP = re.compile(r"(?<![.…])[.\u06d4][\"'»”)\]]*$")
#: The fewest words of a sentence that the lexicon filters keep (see is_sentence).
SENTENCE_WORDS = 6


def is_sentence(line: Line, voice: frozenset[str]) -> bool:
    """Whether ``line`` is a sentence that lexicon entries for short lines leave alone:
    it ends with a full stop, has at least :data:`SENTENCE_WORDS` words and none of the
    site speaking as itself or to its reader (``voice``: نحتفظ، موقعنا، يمكنكم، your ...).
    Prompts, buttons and labels are no sentences, and notices that are speak so.

    A lexicon filter keeps such a line from a ``start``, ``contains``, ``re`` or ``raw``
    entry without a word limit of its own ("نشر في", "الأكثر تداولا"); an entry with one
    (``contains(40): P``) is written for chrome that reads as prose (a disclaimer) and
    still removes it, unless the line reports a statement (قال، أكد، أعلن ...), as the
    news does. A ``line`` entry matches the whole line."""
    if line.words < SENTENCE_WORDS:
        return False
    # (the plain text: no trailing invisible marks or blanks hide the stop)
    if not _FULL_STOP.search(line.plain_text()[-16:]):
        return False
    return voice.isdisjoint(line.key.split(" "))


#: The fewest words of a line that may be a piece of a wrapped sentence worth keeping.
_PIECE_WORDS = 4
#: How a text around such a line was wrapped is read off this many lines either side
#: (not the whole page, which a 50 MB one has 400,000 of, for each such line).
_AROUND = 150


def _wrapped_sentence(lines: list[Line], index: int, voice: frozenset[str]) -> Line | None:
    """The paragraph ``lines[index]`` is a piece of, when the text around it is
    hard-wrapped and that paragraph is a sentence (:func:`is_sentence`); else None."""
    if not _may_be_piece(lines, index):
        return None
    near = lines[max(0, index - _AROUND) : index + _AROUND]
    wrapping = find_wrapping([ln.text for ln in near])
    if wrapping is None:
        return None
    whole = wrapped_paragraph(lines, index, wrapping)
    return whole if whole is not None and is_sentence(whole, voice) else None


def _may_be_piece(lines: list[Line], index: int) -> bool:
    """Whether ``lines[index]`` could be a piece of a wrapped paragraph: as long as a
    wrapped line, ending no sentence and followed by text, or after such a line (a cheap
    test before the wrapping around it is looked for)."""
    text = lines[index].text.strip()
    goes_on = index + 1 < len(lines) and lines[index + 1].text.strip()
    if len(text) >= MIN_WIDTH and text[-1] not in SENTENCE_ENDS and goes_on:
        return True
    before = lines[index - 1].text.strip() if index > 0 else ""
    return len(before) >= MIN_WIDTH and before[-1] not in SENTENCE_ENDS


def wrapped_paragraph(lines: list[Line], index: int, wrapping: Wrapping) -> Line | None:
    """The paragraph that ``lines[index]`` is a piece of, in a text hard-wrapped as
    ``wrapping`` says, as one line (its pieces joined by spaces); None when the line is
    a paragraph of its own."""

    def joined(i: int) -> bool:  # (lines[i] goes on at lines[i + 1])
        a, b = lines[i], lines[i + 1]
        return b.number == a.number + 1 and not a.tail and wrapping.joins(a.text, b.text)

    first = last = index  # (at most MAX_PARAGRAPH lines, as drop-by-context reads them)
    while first > 0 and joined(first - 1) and last - first + 1 < MAX_PARAGRAPH:
        first -= 1
    while last + 1 < len(lines) and joined(last) and last - first + 1 < MAX_PARAGRAPH:
        last += 1
    if first == last:
        return None
    text = " ".join(ln.text.strip() for ln in lines[first : last + 1])
    return Line(lines[index].number, text)


def quotes_next(line: Line, said: frozenset[str]) -> bool:
    """Whether ``line`` introduces a quote, the article's own whatever phrase of a prompt
    or a ticker it holds: it ends with ':' and reports a statement (``said``: قال، أعلن،
    وكتب ...), as "وكتبت الوزارة على حسابها في منصة إكس:" does. (Not any clause ending
    with ':': "وفيما يلي أهم البنود:" is followed by an embed the scraper did not keep,
    then by whatever chrome comes next.)"""
    return line.text.rstrip().endswith(":") and not said.isdisjoint(line.key.split(" "))


def _timed_out_line(lex: Lexicon, lines: list[Line], max_words: int) -> int:
    """The number of the first of ``lines`` on which a user's pattern runs out of time."""
    for line in lines:
        try:
            lex.match(line.key, max_words, line.plain_text(), line.words)
        except PatternTimeout:
            return line.number
    return 0
