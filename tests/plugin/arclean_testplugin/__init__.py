"""A tiny third-party plugin used by arcleaner's tests."""

from dataclasses import dataclass

from arcleaner import Decision, Filter


@dataclass(frozen=True)
class DropShouting(Filter):
    """Drop all-caps Latin lines."""

    name = "drop-shouting"
    description = "drop all-caps Latin lines"

    def decide(self, doc):
        for i, line in doc.content():
            if line.text.isupper() and line.text.isascii():
                yield Decision(i, "all-caps Latin line")


def normalize_ellipsis(text: str) -> str:
    """Three dots to one ellipsis character."""
    return text.replace("...", "\N{HORIZONTAL ELLIPSIS}")
