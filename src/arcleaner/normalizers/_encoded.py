"""The text a normalizer is given, in the 8-bit alphabet of :mod:`arcleaner.keys`.

Most normalizers have nothing to do on most documents, or only delete a few characters;
a regex scan of a whole ``str`` for a class of characters runs at 100-300 MB/s, while
``bytes.translate`` with characters to delete runs at several GB/s. So when every
character of a text is in the alphabet (nearly all Arabic news), a normalizer may look
for what it changes, and delete characters, on the bytes instead.

Encoding costs a scan too, so the last text encoded (or decoded) is remembered with its
bytes: the default chain passes one ``str`` object from step to step, and a step that
changes nothing hands the next the very same object (the check is ``is``, never
equality). :func:`forget` drops the remembered text (the pipeline calls it after each
step unless the text is the one the next step gets, and when a document is done: a big
document's old versions are not kept alive).
"""

from __future__ import annotations

import re
import threading

from ..keys import ALPHABET, decode, encode

_last = threading.local()


def encoded(text: str) -> bytes | None:
    """``text`` in the 8-bit alphabet, or None when a character is outside it."""
    seen = getattr(_last, "pair", None)
    if seen is not None and seen[0] is text:
        return seen[1]
    data = encode(text)
    # (A text outside the alphabet is not remembered: the step goes on to make new texts
    # from it on its plain path, and a reference here would hold the old one alive.)
    _last.pair = (text, data) if data is not None else None
    return data


def decoded(data: bytes) -> str:
    """The ``str`` of alphabet bytes, remembered so the next step need not encode it."""
    text = decode(data)
    _last.pair = (text, data)
    return text


def forget(keep: str | None = None) -> None:
    """Drop the remembered text, unless it is ``keep`` (the pipeline calls this after
    each step with the text it hands on, so an old text is never held alive)."""
    seen = getattr(_last, "pair", None)
    if seen is not None and (keep is None or seen[0] is not keep):
        _last.pair = None


def alphabet_bytes(pattern: str) -> bytes:
    """The bytes of the alphabet's characters that the regex class ``pattern`` matches
    (to delete them with ``bytes.translate``, or to test for them)."""
    regex = re.compile(pattern)
    return bytes(i for i, ch in enumerate(ALPHABET) if regex.fullmatch(ch))


def holds_any(data: bytes, chars: bytes) -> bool:
    """Whether ``data`` holds one of the bytes ``chars``."""
    return len(data.translate(None, chars)) != len(data)
