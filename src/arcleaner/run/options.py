"""How a run reads and writes each input: :class:`BatchOptions`, and what of them goes
into a report (so a run can be repeated)."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from .audit import Collect
from .jsonl import JsonlOptions


@dataclass(frozen=True, slots=True)
class BatchOptions:
    """How each file is read and written.

    ``jsonl``: options for JSONL inputs (files named ``*.jsonl`` / ``*.jsonl.gz`` are
    always read as JSONL; ``force_jsonl`` reads every input as JSONL). ``check``: write
    nothing, only report what would change. ``in_place``: rewrite changed inputs.
    ``resume``: skip outputs that are up to date. ``explain``: keep every removal in the
    reports (memory grows with them; meant for small batches). The documents' source
    (for a site profile) is ``jsonl.source_by``: a record field, or ``dir`` (the top
    folder under the input, for text and JSONL files alike).

    For an audit: ``diff`` makes a unified diff of each changed document, and
    ``save_removed`` a removed-lines record of each removal, handed back with each
    input's report (spilled to files in ``spool_dir`` when large), for the run to write
    out in input order.
    """

    encoding: str | None = None
    jsonl: JsonlOptions = field(default_factory=JsonlOptions)
    force_jsonl: bool = False
    check: bool = False
    in_place: bool = False
    resume: bool = True
    explain: bool = False
    diff: bool = False
    save_removed: bool = False
    spool_dir: str | None = None

    @property
    def collect(self) -> Collect:
        """What the workers gather for an audit."""
        return Collect(removed=self.save_removed, diff=self.diff, first_change=self.check)


def describe_options(options: BatchOptions) -> dict[str, Any]:
    """The options that decide outputs, for the report (so a run can be repeated)."""
    skip = ("jsonl", "explain", "spool_dir")
    out = {k: v for k, v in asdict(options).items() if k not in skip}
    internal = ("path", "sources", "keep_malformed")  # (keep_malformed: set by --in-place)
    out["jsonl"] = {k: v for k, v in asdict(options.jsonl).items() if k not in internal}
    return out


def default_jobs() -> int:
    """The CPU count this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
