"""Which source (site) a document comes from: ``--source-by dir|field:PATH|url:PATH``.

Site profiles count per source, and ``drop-corpus-repeats`` looks a document's lines up
in its own source's counts. The source is read the same way when learning and cleaning:

- ``dir``: the top folder under the input folder (``raw/bbc/2018/a.txt`` -> ``bbc``);
  a file directly in the input folder, or a single file or stream, has none;
- ``field:PATH``: a JSONL field, dotted for nested ones (``field:metadata.source``);
- ``url:PATH``: the host of the URL in a JSONL field, without ``www.``
  (``url:metadata.url``: ``https://www.bbc.com/arabic/x`` -> ``bbc.com``).

>>> SourceBy.parse("field:metadata.source").of_record({"metadata": {"source": "BBC"}})
'BBC'
>>> SourceBy.parse("url:url").of_record({"url": "https://www.bbc.com/arabic/a-1"})
'bbc.com'
>>> SourceBy.parse("dir").of_path("bbc/2018/a.txt"), SourceBy.parse("dir").of_path("a.txt")
('bbc', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .errors import ConfigError

KINDS = ("dir", "field", "url")


def dotted_get(record: Any, path: tuple[str, ...]) -> Any:
    """``record[a][b]...`` for ``path`` ``(a, b, ...)``; ``None`` where a step is missing."""
    holder = record
    for key in path:
        if not isinstance(holder, dict):
            return None
        holder = holder.get(key)
    return holder


@dataclass(frozen=True, slots=True)
class SourceBy:
    """How to find a document's source; build it with :meth:`parse`."""

    kind: str
    path: tuple[str, ...] = ()

    @classmethod
    def parse(cls, spec: str) -> SourceBy:
        """``dir``, ``field:PATH`` or ``url:PATH``; anything else is a ``ConfigError``."""
        kind, colon, path = spec.partition(":")
        if kind == "dir" and not colon:
            return cls("dir")
        if kind in ("field", "url") and path and all(path.split(".")):
            return cls(kind, tuple(path.split(".")))
        raise ConfigError(
            f"source {spec!r} (--source-by, source_by=): expected dir, field:PATH or url:PATH "
            "(e.g. field:metadata.source)"
        )

    def __str__(self) -> str:
        return self.kind if self.kind == "dir" else f"{self.kind}:{'.'.join(self.path)}"

    @property
    def reads_records(self) -> bool:
        """True when the source is a field of each JSONL record (not the file's folder)."""
        return self.kind != "dir"

    def of_record(self, record: Any) -> str | None:
        """The source of a JSONL record (``None`` when the field is missing or empty)."""
        if self.kind == "dir":
            return None
        value = dotted_get(record, self.path)
        if value is None or isinstance(value, (dict, list)):
            return None
        text = str(value).strip()
        if self.kind == "url":
            return url_host(text)
        return text or None

    def of_path(self, rel: str) -> str | None:
        """The source of a file at ``rel`` (a POSIX path inside the input folder)."""
        if self.kind != "dir":
            return None
        top, slash, _ = rel.partition("/")
        return top if slash and top else None


def url_host(url: str) -> str | None:
    """The host of ``url``, lower-cased, without a leading ``www.``; ``None`` if it has none."""
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


__all__ = ["SourceBy", "dotted_get", "url_host"]
