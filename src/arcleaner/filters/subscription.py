"""drop-subscription-prompts: subscribe, sign-up, log-in, paywall and app prompts."""

from __future__ import annotations

from dataclasses import dataclass

from ._lexical import LexiconFilter


@dataclass(frozen=True)
class DropSubscriptionPrompts(LexiconFilter):
    """Drop lines that match the ``subscription`` lexicon.

    ``لم تشترك بعد`` and ``اشـترك الآن!`` go; a sentence of the article that merely
    contains ``اشترك`` stays, because ``start`` and ``contains`` entries only apply to
    lines of at most ``max_words`` words (``line`` entries must match the whole line).
    """

    name = "drop-subscription-prompts"
    description = "drop subscribe / sign-up / log-in / newsletter / app-download prompts"
    lexicon_name = "subscription"
    label = "subscription prompt"

    max_words: int = 30
