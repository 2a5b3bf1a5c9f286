"""Shared helpers for the benchmarks: locate and load the ANT corpus from ../shared."""

from __future__ import annotations

import gzip
import json
import os
import resource
import sys
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
