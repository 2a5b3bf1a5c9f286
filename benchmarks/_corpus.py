"""Shared helpers for the benchmarks: locate and load the ANT corpus from ../shared."""

from __future__ import annotations

import gzip
import io
import json
import os
import resource
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ARCLEAN_SHARED", ROOT.parent / "shared"))
ANT = SHARED / "corpus" / "ant-multisource" / "ant_v2.1_multisource.jsonl.gz"


def ant_texts(limit: int | None = None) -> list[str]:
    """The ``text`` of each ANT article (third-party data, read in place, never copied)."""
    if not ANT.exists():
        sys.exit(f"benchmark needs {ANT} (third-party corpus in ../shared); not found")
    texts = []
    with gzip.open(ANT, "rt", encoding="utf-8", newline="\n") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if limit and len(texts) >= limit:
                break
    return texts


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_src(rev: str, dest: Path) -> Path:
    """The ``src`` folder of git revision ``rev``, written under ``dest`` (to time or
    compare another revision's pipeline beside this tree's)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", rev, "src"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src"
