"""Resuming: an output is *up to date*, and skipped, when it exists, its mtime is at least
its input's, and at least that of the output folder's state file, which holds a
fingerprint of the arclean version, the configuration and the reading options."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path

from ..atomic import write_atomic
from ..pipeline import Pipeline
from .options import BatchOptions, describe_options
from .walk import STATE_FILE


def fingerprint(pipeline: Pipeline, options: BatchOptions, version: str) -> str:
    """A short hash of everything that decides an output's bytes (for resuming)."""
    reading = describe_options(options)
    what = {
        "arclean": version,
        "config": pipeline.describe(),
        **{k: reading[k] for k in ("encoding", "jsonl", "force_jsonl")},
    }
    blob = json.dumps(what, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:32]


def _mark_state(dest_root: Path, print_: str) -> int:
    """Make sure the state file holds ``print_``; return its mtime (ns).

    Unchanged fingerprint: the file is left alone, so outputs of an interrupted run
    with the same configuration stay valid. New fingerprint: the file is rewritten,
    and its new mtime makes every older output stale.
    """
    state = dest_root / STATE_FILE
    try:
        if json.loads(state.read_text("utf-8")).get("fingerprint") == print_:
            return state.stat().st_mtime_ns
    except (OSError, ValueError, AttributeError):
        pass
    dest_root.mkdir(parents=True, exist_ok=True)
    body = {"fingerprint": print_, "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    write_atomic(state, (json.dumps(body) + "\n").encode("utf-8"))
    return state.stat().st_mtime_ns


def prepare_output(dest: Path, pipeline: Pipeline, options: BatchOptions) -> int | None:
    """Create the output folder and its state file; return the resume threshold (ns).

    When the state file cannot be written (a read-only output folder), nothing is
    skipped (``None``): each output then fails, or is written, on its own.
    """
    from .. import __version__

    try:
        stamp = _mark_state(dest, fingerprint(pipeline, options, __version__))
    except OSError:
        return None
    return stamp if options.resume else None
