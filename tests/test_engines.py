"""The distributed engines give the single-machine profile and the same cleaned bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arcleaner import Pipeline
from arcleaner.learn import learn_documents
from arcleaner.profile import SiteProfile
from arcleaner.resources import Resources

from corpus_gen import records

RECORDS = records(per_site=150, seed=3)
# An exact duplicate in another shard: it must count once, as in one process.
RECORDS = [*RECORDS, RECORDS[7]]


@pytest.fixture(scope="module")
def single() -> SiteProfile:
    docs = [(r["text"], r["metadata"]["source"]) for r in RECORDS]
    return learn_documents(docs, source_by="field:metadata.source").finish()


def _expected(profile: SiteProfile) -> list[str]:
    pipe = Pipeline.default(resources=Resources(profile=profile))
    return [pipe.clean(r["text"], r["metadata"]["source"]) for r in RECORDS]


def test_dask_on_a_two_worker_local_cluster(single):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    from arcleaner.dask import clean_bag, learn_bag

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        bag = db.from_sequence(RECORDS, npartitions=6)
        profile = learn_bag(bag, split_every=2)
        assert profile == single  # sketches, counts, fingerprints and top keys
        assert profile.overlap == 0 and profile.duplicates == single.duplicates == 1
        cleaned = clean_bag(bag, profile).compute()
    assert [r["text"] for r in cleaned] == _expected(single)
    assert [r["id"] for r in cleaned] == [r["id"] for r in RECORDS]


def test_datatrove_steps_with_the_local_executor(single, tmp_path):
    pytest.importorskip("datatrove", reason="the datatrove extra is not installed")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from arcleaner.integrations.datatrove import (
        CleanWithArclean,
        FingerprintDocuments,
        LearnSiteProfile,
        MergeSiteProfiles,
    )

    raw = tmp_path / "raw"
    raw.mkdir()
    # Two shards, and the duplicate document in the other one than its original.
    half = len(RECORDS) // 2
    for name, part in (("a.jsonl", RECORDS[:half]), ("b.jsonl", RECORDS[half:])):
        (raw / name).write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part), "utf-8"
        )
    profiles, prints = tmp_path / "profiles", tmp_path / "prints"
    fingerprint = LocalPipelineExecutor(
        [JsonlReader(str(raw)), FingerprintDocuments(str(prints))],
        tasks=2,
        workers=1,
        logging_dir=str(tmp_path / "logs0"),
    )
    count = LocalPipelineExecutor(
        [JsonlReader(str(raw)), LearnSiteProfile(str(profiles), fingerprints_folder=str(prints))],
        tasks=2,
        workers=1,
        logging_dir=str(tmp_path / "logs1"),
        depends=fingerprint,
    )
    merge = LocalPipelineExecutor(
        [MergeSiteProfiles(str(profiles), "site.profile")],
        tasks=1,
        logging_dir=str(tmp_path / "logs2"),
        depends=count,
    )
    merge.run()
    merged = SiteProfile.load(profiles / "site.profile")
    assert merged == single and merged.overlap == 0
    assert merged.duplicates == 1
    clean = LocalPipelineExecutor(
        [
            JsonlReader(str(raw)),
            CleanWithArclean(str(profiles / "site.profile"), drop_empty=False),
            JsonlWriter(str(tmp_path / "clean"), compression=None),
        ],
        tasks=2,
        workers=1,
        logging_dir=str(tmp_path / "logs3"),
    )
    clean.run()
    out = {}
    for f in sorted(Path(tmp_path / "clean").glob("*.jsonl")):
        for line in f.read_text("utf-8").splitlines():
            rec = json.loads(line)
            out[rec["id"]] = rec["text"]
    expected = dict(zip((r["id"] for r in RECORDS), _expected(single), strict=True))
    assert out == expected


def test_the_core_imports_neither_engine():
    import subprocess
    import sys

    code = (
        "import sys, arcleaner, arcleaner.cli, arcleaner.learn, arcleaner.filters.corpus\n"
        "from arcleaner import Pipeline\n"
        "Pipeline.default().clean('نص')\n"
        "print(sorted(m for m in ('dask', 'distributed', 'datatrove') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
