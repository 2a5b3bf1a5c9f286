"""drop-subscription-prompts: subscribe, sign-up, log-in, paywall and app prompts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .. import lexicon
from ..document import Decision, Document
from ..steps import Filter


@dataclass(frozen=True)
class DropSubscriptionPrompts(Filter):
    """Drop lines that match the ``subscription`` lexicon.

    ``لم تشترك بعد`` and ``اشـترك الآن!`` go; a sentence of the article that merely
    contains ``اشترك`` stays, because ``start`` and ``contains`` entries only apply to
    lines of at most ``max_words`` words (``line`` entries must match the whole line).
    ``extra`` adds entries in lexicon syntax; ``lexicon_files`` adds whole files.
    """

    name = "drop-subscription-prompts"
    description = "drop subscribe / sign-up / log-in / newsletter / app-download prompts"

    max_words: int = 30
    extra: tuple[str, ...] = ()
    lexicon_files: tuple[str, ...] = ()

    def decide(self, doc: Document) -> Iterator[Decision]:
        lex = lexicon.load("subscription", tuple(self.extra), tuple(self.lexicon_files))
        for i, line in doc.content():
            entry = lex.match(line.key, self.max_words)
            if entry is None:
                continue
            yield Decision(i, f"subscription prompt, {entry.describe()}")
