"""drop-site-chrome: navigation, share bars, related headers, credits, footers, widgets."""

from __future__ import annotations

from dataclasses import dataclass

from ._lexical import LexiconFilter


@dataclass(frozen=True)
class DropSiteChrome(LexiconFilter):
    """Drop short lines that match the ``chrome`` lexicon, by family.

    ``اقرأ أيضاً:``, ``شارك``, ``الكلمات الدالة: ...``, ``جميع الحقوق محفوظة``, ``(رويترز)``,
    ``-----``, ``2026-01-08 | 12:42`` and a line that is only a URL go; each removal
    names its family (related-links, share-follow, tags, footer, credit, separator ...).
    Only lines of at most ``max_words`` words are considered (some entries, such as
    copyright footers, carry a higher limit of their own).
    """

    name = "drop-site-chrome"
    description = "drop menus' words, share bars, related headers, tags, credits, footers, widgets"
    lexicon_name = "chrome"
    label = "site chrome"

    max_words: int = 12
