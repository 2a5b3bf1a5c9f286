"""Corpus learning and cleaning on Dask: a bag (or dataframe) of JSONL-shaped records.

Learning is a reduction: each partition counts its documents into a site profile, and
the profiles merge in a tree (:meth:`~arcleaner.profile.SiteProfile.merge` adds sketches
exactly). A first, cheap pass collects every partition's document fingerprints, so an
exact duplicate in two partitions counts once, as in one process: the profile equals
``arclean learn`` on the same records, and so does what it cleans, byte for byte.
Cleaning maps the pipeline over the partitions (it pickles; the profile goes with it).

>>> import dask.bag as db  # doctest: +SKIP
>>> from arcleaner.dask import learn_bag, clean_bag
>>> bag = db.read_text("corpus/*.jsonl").map(json.loads)  # doctest: +SKIP
>>> profile = learn_bag(bag, source_by="field:metadata.source")  # doctest: +SKIP
>>> clean_bag(bag, profile).map(json.dumps).to_textfiles("clean/*.jsonl")  # doctest: +SKIP

Run it on any Dask cluster (``dask.distributed.Client``, ``LocalCluster``, dask-jobqueue's
``SLURMCluster``, Kubernetes): these functions only build task graphs.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import dask
import dask.bag as db

from ..pipeline import Pipeline
from ..profile import SiteProfile
from ..resources import Resources
from ._shared import clean_records, learn_records, merge_profiles, record_fingerprints


def _skip_lists(per_part: list[list[tuple[str, int]]]) -> list[frozenset[tuple[str, int]]]:
    """For each partition, the documents an earlier partition already holds."""
    seen: set[tuple[str, int]] = set()
    out = []
    for fps in per_part:
        mine = set(fps)
        out.append(frozenset(mine & seen))
        seen |= mine
    return out


def _merge_pair(a: SiteProfile, b: SiteProfile) -> SiteProfile:
    return a.merge(b)


def learn_bag(
    bag: db.Bag,
    *,
    source_by: str = "field:metadata.source",
    text_field: str = "text",
    split_every: int = 8,
    dedup: bool = True,
    timings: dict[str, float] | None = None,
) -> SiteProfile:
    """Learn the site profile of a bag of records (dicts in the JSONL shape).

    Two passes over the bag: fingerprints (8 bytes a document travel to the client),
    then per-partition profiles merged in a tree of fan-in ``split_every``.
    ``dedup=False`` skips the first pass, for a corpus already deduplicated: an exact
    duplicate in two partitions then counts twice (``profile.overlap`` says how many).
    A ``timings`` dict receives the seconds of each pass (``fingerprints``, ``count``).
    """
    started = time.perf_counter()
    parts = bag.to_delayed()
    if dedup:
        fps = dask.compute(
            *[dask.delayed(record_fingerprints)(p, source_by, text_field) for p in parts]
        )
        skips = _skip_lists(list(fps))
    else:
        skips = [frozenset()] * len(parts)
    counted = time.perf_counter()
    level = [
        dask.delayed(learn_records)(p, source_by, text_field, skip)
        for p, skip in zip(parts, skips, strict=True)
    ]
    while len(level) > 1:
        level = [
            dask.delayed(merge_profiles)(level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
    (profile,) = dask.compute(level[0])
    if timings is not None:
        timings["fingerprints"] = counted - started
        timings["count"] = time.perf_counter() - counted
    return profile.finish()


def learn_dataframe(
    df: Any, *, source_column: str = "source", text_column: str = "text", **kw: Any
) -> SiteProfile:
    """Learn from a Dask dataframe with a text column and a source column."""
    bag = df.to_bag(format="dict")
    return learn_bag(bag, source_by=f"field:{source_column}", text_field=text_column, **kw)


def clean_bag(
    bag: db.Bag,
    profile: SiteProfile | str | None = None,
    *,
    source_by: str | None = None,
    text_field: str = "text",
    config: Mapping[str, Any] | None = None,
) -> db.Bag:
    """The bag with each record's text cleaned by the default pipeline (or ``config``)
    plus drop-corpus-repeats when a ``profile`` (object or file) is given. The source
    is read as ``source_by`` says, by default as the profile was learned."""
    resources = Resources(profile=profile) if profile is not None else None
    pipeline = Pipeline.from_config(dict(config or {}), resources=resources)
    if source_by is None and resources is not None:
        source_by = resources.site_profile().source_by
    return bag.map_partitions(_clean_partition, pipeline, source_by, text_field)


def _clean_partition(
    records: list[dict[str, Any]], pipeline: Pipeline, source_by: str | None, text_field: str
) -> list[dict[str, Any]]:
    return list(clean_records(records, pipeline, source_by, text_field))


def clean_dataframe(
    df: Any,
    profile: SiteProfile | str | None = None,
    *,
    source_column: str = "source",
    text_column: str = "text",
    config: Mapping[str, Any] | None = None,
) -> Any:
    """The dataframe with its text column cleaned (``map_partitions`` over pandas)."""
    resources = Resources(profile=profile) if profile is not None else None
    pipeline = Pipeline.from_config(dict(config or {}), resources=resources)

    def clean(part: Any) -> Any:
        part = part.copy()
        part[text_column] = [
            pipeline.run(t, s).text if isinstance(t, str) else t
            for t, s in zip(part[text_column], part[source_column], strict=True)
        ]
        return part

    return df.map_partitions(clean, meta=df._meta)


__all__ = ["clean_bag", "clean_dataframe", "learn_bag", "learn_dataframe"]
