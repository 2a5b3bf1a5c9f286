"""Learning a site profile from a corpus: what ``arclean learn`` runs.

The inputs are those of cleaning (text files, folders, JSONL, ``.gz``); each document's
source comes from ``--source-by`` (:mod:`arcleaner.sources`). One pass, one process,
memory bounded by the profile (:mod:`arcleaner.sketch`) plus 8 bytes of fingerprint per
distinct document; for corpora beyond one machine see :mod:`arcleaner.dask` and
:mod:`arcleaner.integrations.datatrove`, which give the same profile.

>>> docs = [("خبر أول.\\nاقرأ أيضا", "bbc"), ("خبر ثان.\\nاقرأ أيضا", "bbc")]
>>> profile = learn_documents(docs, source_by="field:site")
>>> profile.documents("bbc"), profile.top("bbc", 1)[0][1]
(2, 'اقرا ايضا')
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ConfigError, DecodeError
from .profile import SiteProfile
from .run.jsonl import is_jsonl_name, iter_lines, open_input, stdin_input
from .run.walk import patterns_of, walk
from .sources import SourceBy, dotted_get
from .textio import decode

MAX_MESSAGES = 100


@dataclass
class LearnReport:
    """What a learning pass read: files, documents, and the problems it skipped."""

    files: int = 0
    failed: int = 0
    documents: int = 0
    counted: int = 0
    duplicates: int = 0
    no_source: int = 0
    malformed: int = 0
    messages: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(message)

    def line(self) -> str:
        """One summary line (what the command prints on stderr)."""
        parts = [
            f"{self.files} files",
            f"{self.documents:,} documents",
            f"{self.counted:,} counted",
            f"{self.duplicates:,} exact duplicates",
        ]
        if self.no_source:
            parts.append(f"{self.no_source:,} without a source (not counted)")
        if self.malformed:
            parts.append(f"{self.malformed:,} malformed records")
        if self.failed:
            parts.append(f"{self.failed} files failed")
        return ", ".join(parts)


def learn_documents(
    docs: Iterable[tuple[str, str | None]],
    profile: SiteProfile | None = None,
    *,
    source_by: str | None = None,
    report: LearnReport | None = None,
) -> SiteProfile:
    """Count ``(text, source)`` documents into ``profile`` (a new one by default).

    A document without a source is not counted (``report.no_source``).
    """
    profile = profile if profile is not None else SiteProfile(source_by=source_by)
    report = report if report is not None else LearnReport()
    for text, source in docs:
        report.documents += 1
        if source is None:
            report.no_source += 1
            continue
        if profile.add_text(text, source):
            report.counted += 1
        else:
            report.duplicates += 1
    return profile


def iter_documents(
    inputs: Sequence[Path | str],
    source_by: SourceBy,
    *,
    text_field: str = "text",
    force_jsonl: bool = False,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    encoding: str | None = None,
    report: LearnReport | None = None,
) -> Iterator[tuple[str, str | None]]:
    """``(text, source)`` for every document of the inputs, in the order cleaning walks
    them. Unreadable files and malformed records are skipped and told in ``report``."""
    report = report if report is not None else LearnReport()
    path = tuple(text_field.split("."))
    patterns = patterns_of(include, force_jsonl)
    for raw in inputs:
        src = Path(raw)
        if str(raw) == "-":
            report.files += 1
            yield from _jsonl_docs(stdin_input(), "<stdin>", path, source_by, None, report)
            continue
        if src.is_dir():
            files = [(p, rel) for p, rel in walk(src, patterns, exclude)]
        else:
            files = [(src, "")]
        for file, rel in files:
            report.files += 1
            site = source_by.of_path(rel) if rel else None
            name = str(file)
            try:
                if force_jsonl or is_jsonl_name(file.name):
                    fh = open_input(file)
                    try:
                        yield from _jsonl_docs(fh, name, path, source_by, site, report)
                    finally:
                        fh.close()
                else:
                    text = decode(file.read_bytes(), encoding, source=name)
                    yield text, site
            except (OSError, EOFError) as err:
                report.failed += 1
                report.warn(f"{name}: {getattr(err, 'strerror', None) or err}")
            except DecodeError as err:
                report.failed += 1
                report.warn(str(err))


def _jsonl_docs(
    fh: object,
    name: str,
    path: tuple[str, ...],
    source_by: SourceBy,
    site: str | None,
    report: LearnReport,
) -> Iterator[tuple[str, str | None]]:
    for number, line in iter_lines(fh):  # type: ignore[arg-type]
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            report.malformed += 1
            report.warn(f"{name}:{number}: invalid JSON; line skipped")
            continue
        text = dotted_get(record, path) if isinstance(record, dict) else None
        if not isinstance(text, str):
            report.malformed += 1
            report.warn(f"{name}:{number}: no string text field; record skipped")
            continue
        yield text, (source_by.of_record(record) if source_by.reads_records else site)


def learn_paths(
    inputs: Sequence[Path | str],
    source_by: str | SourceBy,
    *,
    text_field: str = "text",
    force_jsonl: bool = False,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    encoding: str | None = None,
    report: LearnReport | None = None,
) -> SiteProfile:
    """Learn the profile of the files and folders ``inputs`` (``"-"``: JSONL on stdin).

    ``source_by`` is a :class:`SourceBy` or its spec (``"dir"``, ``"field:PATH"``,
    ``"url:PATH"``). The report (pass one to read it) counts files, documents,
    duplicates, documents without a source, malformed records and failed files.
    """
    how = source_by if isinstance(source_by, SourceBy) else SourceBy.parse(source_by)
    if how.kind == "dir" and all(not Path(p).is_dir() for p in inputs if str(p) != "-"):
        raise ConfigError(
            "source_by='dir' (--source-by dir) needs a folder input (its top folders are sources)"
        )
    report = report if report is not None else LearnReport()
    docs = iter_documents(
        inputs,
        how,
        text_field=text_field,
        force_jsonl=force_jsonl,
        include=include,
        exclude=exclude,
        encoding=encoding,
        report=report,
    )
    profile = learn_documents(docs, source_by=str(how), report=report)
    return profile.finish()


def default_source_by(inputs: Sequence[Path | str], force_jsonl: bool) -> str:
    """``--source-by`` when none is given: ``dir`` for folders of text files, else the
    ``metadata.source`` field (the datatrove / dolma shape)."""
    text_folders = any(Path(p).is_dir() for p in inputs if str(p) != "-") and not force_jsonl
    return "dir" if text_folders else "field:metadata.source"


__all__ = [
    "LearnReport",
    "default_source_by",
    "iter_documents",
    "learn_documents",
    "learn_paths",
]
