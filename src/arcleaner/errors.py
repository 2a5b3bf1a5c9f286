"""The one exception tree: every error arcleaner raises on purpose is an ArcleanError."""

from __future__ import annotations

import difflib


class ArcleanError(Exception):
    """Base of arcleaner's errors; the message says what, where, and how to fix it."""


class UnknownStepError(ArcleanError, KeyError):
    """A step name that is not registered; the message suggests the closest real one."""

    def __init__(self, kind: str, name: str, known: list[str]) -> None:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        super().__init__(f"unknown {kind} {name!r}{hint} (known: {', '.join(sorted(known))})")

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class ConfigError(ArcleanError):
    """A step option or configuration value that cannot be used."""


class DecodeError(ArcleanError):
    """Input bytes that cannot be decoded as text without guessing."""


class StepFailed(ArcleanError):
    """A step raised while cleaning a document (a bug, in arcleaner or in a plugin step):
    that input fails with the step named, the rest of the run goes on."""


class PatternTimeout(ArcleanError):
    """A user's lexicon pattern ran past its time limit on a line (catastrophic
    backtracking): the input being cleaned fails, with the entry named."""


class LexiconError(ConfigError):
    """A lexicon (a packaged or user file, or config entries) that cannot be read or has a
    malformed entry: a configuration error like any other."""


class OutputFailed(ArcleanError):
    """An output cannot be written (a full disk; stdout, or a file beside the cleaned
    text such as ``--report``): the run stops, exit 123, no input is lost."""
