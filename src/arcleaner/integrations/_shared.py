"""What the engines share: reading a record's text and source, cleaning one record."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..pipeline import Pipeline
from ..profile import SiteProfile, fingerprint
from ..sources import SourceBy, dotted_get


def record_fingerprints(
    records: Iterable[dict[str, Any]], source_by: str, text_field: str
) -> list[tuple[str, int]]:
    """``(source, fingerprint)`` of each record that has a text and a source."""
    how, path = SourceBy.parse(source_by), tuple(text_field.split("."))
    out = []
    for rec in records:
        text, source = dotted_get(rec, path), how.of_record(rec)
        if isinstance(text, str) and source is not None:
            out.append((source, fingerprint(text)))
    return out


def learn_records(
    records: Iterable[dict[str, Any]],
    source_by: str,
    text_field: str,
    skip: frozenset[tuple[str, int]] = frozenset(),
) -> SiteProfile:
    """The profile of ``records``, leaving out the ``(source, fingerprint)`` in ``skip``
    (documents another shard counts: exact duplicates count once across shards)."""
    how, path = SourceBy.parse(source_by), tuple(text_field.split("."))
    profile = SiteProfile(source_by=source_by)
    for rec in records:
        text, source = dotted_get(rec, path), how.of_record(rec)
        if not isinstance(text, str) or source is None:
            continue
        if skip and (source, fingerprint(text)) in skip:
            profile.duplicates += 1  # counted by the shard that holds it first
            continue
        profile.add_text(text, source)
    return profile


def merge_profiles(profiles: Iterable[SiteProfile]) -> SiteProfile:
    """Merge shard profiles (in order) into one."""
    it = iter(profiles)
    merged = next(it)
    for p in it:
        merged.merge(p)
    return merged


def clean_records(
    records: Iterable[dict[str, Any]], pipeline: Pipeline, source_by: str | None, text_field: str
) -> Iterator[dict[str, Any]]:
    """Each record with its text field cleaned (other fields as they were)."""
    how = SourceBy.parse(source_by) if source_by else None
    path = tuple(text_field.split("."))
    for rec in records:
        text = dotted_get(rec, path)
        if not isinstance(text, str):
            yield rec
            continue
        source = how.of_record(rec) if how is not None else None
        out = dict(rec)
        holder = out
        for key in path[:-1]:
            holder[key] = dict(holder[key])
            holder = holder[key]
        holder[path[-1]] = pipeline.run(text, source).text
        yield out
