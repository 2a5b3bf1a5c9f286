"""Shared machinery for filters that drop short lines matching a lexicon."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from ..document import Decision, Document
from ..errors import PatternTimeout
from ..lexicon import Lexicon
from ..resources import Resources, default_resources
from ..steps import Filter, at_least


@dataclass(frozen=True)
class LexiconFilter(Filter):
    """Drop lines matching the packaged lexicon ``lexicon_name`` (plus user entries).

    ``extra`` adds entries in lexicon syntax (``"start: تابعنا على"``); ``lexicon_files``
    adds whole files. ``max_words`` bounds the lines that ``start``, ``contains`` and
    ``raw`` entries may remove, so a sentence of the article is never taken for a prompt.
    """

    lexicon_name: ClassVar[str] = ""
    label: ClassVar[str] = ""

    max_words: int = 12
    extra: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()
    _lexicon: Lexicon | None = field(default=None, init=False, compare=False, repr=False)

    def validate(self) -> None:
        at_least(self, "max_words", 1)

    def bind(self, resources: Resources) -> LexiconFilter:
        lex = resources.lexicon(self.lexicon_name, tuple(self.extra), tuple(self.lexicon_files))
        return self.with_loaded(_lexicon=lex)  # type: ignore[return-value]

    def decide(self, doc: Document) -> Iterator[Decision]:
        lex = self._lexicon or self.bind(default_resources())._lexicon
        assert lex is not None
        for i, line in doc.content():
            raw = line.plain_text() if lex.needs_raw(line.words, self.max_words) else ""
            try:
                entry = lex.match(line.key, self.max_words, raw, line.words)
            except PatternTimeout as err:
                raise PatternTimeout(f"{self.name}: line {line.number}: {err}") from None
            if entry is not None:
                what = f"{self.label} ({entry.family})" if entry.family else self.label
                yield Decision(i, f"{what}, {entry.describe()}")
