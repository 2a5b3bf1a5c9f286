"""Decoding input bytes to text, never silently garbled."""

from __future__ import annotations

import codecs

from .errors import DecodeError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def sniff_bom(data: bytes) -> str | None:
    """The codec named by a byte-order mark at the start of ``data``, if any."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return None


def decode(data: bytes, encoding: str | None = None, *, source: str = "<input>") -> str:
    """Decode ``data``: UTF-8 (with or without BOM) or UTF-16/32 with a BOM.

    ``encoding`` forces a codec. Bytes that are not valid text raise
    :class:`~arcleaner.errors.DecodeError` naming ``source`` and the byte offset.
    """
    codec = encoding or sniff_bom(data) or "utf-8"
    try:
        codecs.lookup(codec)
    except LookupError:
        raise DecodeError(f"{source}: unknown encoding {codec!r}") from None
    if encoding is None and codec == "utf-8" and b"\x00" in data[:8192]:
        raise DecodeError(f"{source}: binary file (NUL bytes), not text")
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise DecodeError(
            f"{source}: not valid {err.encoding} at byte {err.start} "
            f"({data[err.start : err.start + 4]!r}); pass --encoding if the file uses another one"
        ) from None
