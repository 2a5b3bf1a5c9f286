"""Corpus learning and cleaning as datatrove steps (``pip install 'arcleaner[datatrove]'``).

Steps for the executors datatrove already runs (local, Slurm, Ray):

- :class:`FingerprintDocuments` (an optional first stage) writes each task's document
  fingerprints, 8 bytes a document;
- :class:`LearnSiteProfile` counts the documents of each task into a shard profile,
  ``OUTPUT/{rank:05d}.profile``, and passes the documents on unchanged. Exact
  duplicates count once within a task; given the first stage's fingerprints, a
  document that a lower-ranked task also holds is left to that task, so they count
  once across tasks too (without them, the merge reports such documents as ``overlap``);
- :class:`MergeSiteProfiles` (one task, after the counting stage) merges every shard
  profile into the profile of the whole corpus; sketches add exactly, so it equals what
  ``arclean learn`` counts over the same documents;
- :class:`CleanWithArclean` cleans each document's text (the default chain, plus
  ``drop-corpus-repeats`` when given a profile), drops the documents left empty and
  counts removals per filter in datatrove's stats.

::

    from datatrove.executor import LocalPipelineExecutor  # or SlurmPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from arcleaner.integrations.datatrove import (
        CleanWithArclean, FingerprintDocuments, LearnSiteProfile, MergeSiteProfiles)

    prints = LocalPipelineExecutor(
        [JsonlReader("raw/"), FingerprintDocuments("prints/")], tasks=64, workers=8)
    count = LocalPipelineExecutor(
        [JsonlReader("raw/"), LearnSiteProfile("profiles/", fingerprints_folder="prints/")],
        tasks=64, workers=8, depends=prints)
    merge = LocalPipelineExecutor(
        [MergeSiteProfiles("profiles/", "site.profile")], tasks=1, depends=count)
    merge.run()
    LocalPipelineExecutor(
        [JsonlReader("raw/"), CleanWithArclean("profiles/site.profile"),
         JsonlWriter("clean/")], tasks=64, workers=8).run()

A datatrove ``Document`` holds ``text``, ``id`` and ``metadata``; ``source_by`` reads
``field:metadata.source`` (the default) or ``url:metadata.url`` from them.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Mapping
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.io import DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep

from ..pipeline import Pipeline
from ..profile import SiteProfile, fingerprint
from ..resources import Resources
from ..sketch import key_hash
from ..sources import SourceBy


def _record(doc: Any) -> dict[str, Any]:
    return {"id": doc.id, "text": doc.text, "metadata": doc.metadata}


def _doc_id(source: str, text: str) -> int:
    """One 64-bit number for (source, exact text): what counts once."""
    return key_hash(source + "\0") ^ fingerprint(text)


class FingerprintDocuments(PipelineStep):
    """Write this task's document fingerprints to ``folder/{rank:05d}.fingerprints``
    (8 bytes a document), so that a counting stage that ``depends=`` on this one counts a
    document that several tasks hold once (see :class:`LearnSiteProfile`)."""

    name = "arclean: fingerprint documents"
    type = "📊 - STATS"

    def __init__(self, folder: DataFolderLike, source_by: str = "field:metadata.source") -> None:
        super().__init__()
        self.folder = get_datafolder(folder)
        self.source_by = str(SourceBy.parse(source_by))

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        how = SourceBy.parse(self.source_by)
        ids: set[int] = set()
        for doc in data or ():
            source = how.of_record(_record(doc))
            if source is not None:
                ids.add(_doc_id(source, doc.text))
            yield doc
        with self.folder.open(f"{rank:05d}.fingerprints", "wb") as fh:
            fh.write(array("Q", sorted(ids)).tobytes())


class LearnSiteProfile(PipelineStep):
    """Count this task's documents into ``output_folder/{rank:05d}.profile``.

    With ``fingerprints_folder`` (written by :class:`FingerprintDocuments` in an earlier
    stage), a document that a lower-ranked task also holds is left to that task, so
    exact duplicates count once across tasks too and the merged profile equals the
    single-process one.
    """

    name = "arclean: learn site profile"
    type = "📊 - STATS"

    def __init__(
        self,
        output_folder: DataFolderLike,
        source_by: str = "field:metadata.source",
        fingerprints_folder: DataFolderLike | None = None,
    ) -> None:
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.source_by = str(SourceBy.parse(source_by))
        self.fingerprints = get_datafolder(fingerprints_folder) if fingerprints_folder else None

    def _earlier(self, rank: int) -> set[int]:
        """Fingerprints of the documents that lower-ranked tasks hold."""
        seen: set[int] = set()
        if self.fingerprints is None:
            return seen
        for r in range(rank):
            ids = array("Q")
            with self.fingerprints.open(f"{r:05d}.fingerprints", "rb") as fh:
                ids.frombytes(fh.read())
            seen.update(ids)
        return seen

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        how = SourceBy.parse(self.source_by)
        profile = SiteProfile(source_by=self.source_by)
        earlier = self._earlier(rank)
        for doc in data or ():
            source = how.of_record(_record(doc))
            if source is None:
                self.stat_update("no_source")
            elif earlier and _doc_id(source, doc.text) in earlier:
                profile.duplicates += 1  # a lower-ranked task counts it
                self.stat_update("duplicates")
            elif profile.add_text(doc.text, source):
                self.stat_update("counted")
            else:
                self.stat_update("duplicates")
            yield doc
        with self.output_folder.open(f"{rank:05d}.profile", "wt", encoding="utf-8") as fh:
            fh.write(profile.dumps())


class MergeSiteProfiles(PipelineStep):
    """Merge the shard profiles of ``input_folder`` into ``output`` (run with one task)."""

    name = "arclean: merge site profiles"
    type = "📊 - STATS"

    def __init__(self, input_folder: DataFolderLike, output: str = "site.profile") -> None:
        super().__init__()
        self.input_folder = get_datafolder(input_folder)
        self.output = output

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if data:
            yield from data
        if rank != 0:
            return
        names = sorted(
            n for n in self.input_folder.list_files(glob_pattern="*.profile") if n != self.output
        )
        merged: SiteProfile | None = None
        for name in names:
            with self.input_folder.open(name, "rt", encoding="utf-8") as fh:
                shard = SiteProfile.from_dict(json.loads(fh.read()), name)
            merged = shard if merged is None else merged.merge(shard)
        if merged is None:
            merged = SiteProfile()
        merged.finish()
        self.stat_update("shards", value=len(names))
        self.stat_update("overlap", value=merged.overlap)
        with self.input_folder.open(self.output, "wt", encoding="utf-8") as fh:
            fh.write(merged.dumps())


class CleanWithArclean(PipelineStep):
    """Clean each document's text; drop documents left empty (``drop_empty``).

    ``profile`` is a profile file (read when the task starts: a bad file fails the task
    at once) or a :class:`SiteProfile`; ``config`` is a pipeline config mapping (the
    TOML shape). Removals are counted per filter in the step's stats.
    """

    name = "arclean: clean"
    type = "🔻 - FILTER"

    def __init__(
        self,
        profile: str | SiteProfile | None = None,
        *,
        source_by: str | None = None,
        config: Mapping[str, Any] | None = None,
        drop_empty: bool = True,
    ) -> None:
        super().__init__()
        self.profile = profile
        self.source_by = source_by
        self.config = dict(config or {})
        self.drop_empty = drop_empty

    def pipeline(self) -> tuple[Pipeline, SourceBy | None]:
        resources = Resources(profile=self.profile) if self.profile is not None else None
        pipeline = Pipeline.from_config(self.config, resources=resources)
        spec = self.source_by
        if spec is None and resources is not None:
            spec = resources.site_profile().source_by
        return pipeline, SourceBy.parse(spec) if spec else None

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        pipeline, how = self.pipeline()
        for doc in data or ():
            source = how.of_record(_record(doc)) if how is not None else None
            result = pipeline.run(doc.text, source)
            for name, n in result.counts().items():
                self.stat_update(f"removed_{name}", value=n)
            doc.text = result.text
            if self.drop_empty and not doc.text:
                self.stat_update("dropped_empty")
                continue
            self.stat_update("kept")
            yield doc


__all__ = ["CleanWithArclean", "FingerprintDocuments", "LearnSiteProfile", "MergeSiteProfiles"]
