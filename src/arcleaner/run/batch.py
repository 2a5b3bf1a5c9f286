"""Batch cleaning: a directory tree (or a list of files) mirrored into an output folder.

>>> import tempfile
>>> from pathlib import Path
>>> from arcleaner import Pipeline, clean_tree
>>> raw = Path(tempfile.mkdtemp())
>>> (raw / "news").mkdir()
>>> _ = (raw / "news" / "a.txt").write_text("نص الخبر.\\nلم تشترك بعد\\n", "utf-8")
>>> summary = clean_tree(raw, raw.parent / (raw.name + "-clean"), Pipeline.default(), jobs=1)
>>> (summary.files, summary.failed, dict(summary.dropped))
(1, 0, {'drop-subscription-prompts': 1})
>>> (raw.parent / (raw.name + "-clean") / "news" / "a.txt").read_text("utf-8")
'نص الخبر.\\n'

Guarantees:

- **Flat memory.** The tree is walked lazily and files flow through a bounded window of
  worker processes; per-file results are handed to a callback and to the streamed JSON
  report, never collected.
- **Same output at any ``jobs``.** Each file is cleaned on its own, and results come back
  in walk order (names sorted within each folder).
- **Nothing half-written.** Every output appears under its name only when complete
  (:mod:`arcleaner.atomic`).
- **Resumable.** An output is *up to date*, and skipped, when it exists, its mtime is at
  least the input's, and at least the mtime of the output folder's state file
  ``.arclean-state.json``, which holds a fingerprint of the arclean version, the pipeline
  configuration and the reading options. A run whose fingerprint differs rewrites the
  state file first, so every older output counts as stale even if that run is
  interrupted in its turn. (Custom steps given as Python functions are fingerprinted by
  name only.)
- **Never writes inside its input.** An output folder equal to the input or inside it is
  refused; ``in_place`` rewrites inputs atomically, and only those that change.
- **One bad file never stops the batch.** An unreadable, binary, undecodable or
  unwritable file becomes a ``failed`` :class:`~arcleaner.run.report.FileReport` with a one-line
  reason; the rest is cleaned. So does a folder that cannot be listed: its files are
  missing from the output, and saying so is the only way not to lose them in silence.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .._parallel import ordered_map
from ..errors import ConfigError
from ..pipeline import Pipeline
from .files import clean_chunk
from .options import BatchOptions, default_jobs, describe_options
from .outputs import RunOutputs
from .plan import Job, check_paths, iter_jobs
from .report import FileReport, Summary
from .resume import prepare_output
from .walk import patterns_of


def _file_size(job: Job) -> int:
    """A job's weight when jobs are put in chunks: its file's size, so a few big files
    go to several workers (one chunk of eight 5 MB files kept one worker of two busy,
    and the progress bar still until all were done)."""
    if job.error is not None or job.source == "-":
        return 0
    try:
        return os.stat(job.source).st_size
    except OSError:
        return 0  # (the worker reports it)


def run_jobs(
    jobs_in: Iterable[Job],
    pipeline: Pipeline,
    options: BatchOptions = BatchOptions(),
    *,
    jobs: int | None = None,
    start_method: str | None = None,
    report: Path | None = None,
    report_options: dict[str, Any] | None = None,
    on_file: Callable[[FileReport], None] | None = None,
    outputs: RunOutputs | None = None,
) -> Summary:
    """Clean every job with ``jobs`` worker processes; return the :class:`Summary`.

    ``on_file`` sees each :class:`FileReport` as it completes (in input order); with
    ``report`` a JSON report is streamed to that path (written atomically at the end).
    ``outputs`` (instead of ``report``) writes the report, removed lines and diffs
    (see :class:`~arcleaner.run.outputs.RunOutputs`).
    """
    jobs = jobs or default_jobs()
    summary = Summary()
    started = time.perf_counter()
    writer = outputs
    if writer is None and report is not None:
        header = {**(report_options or {}), "jobs": jobs, **describe_options(options)}
        writer = RunOutputs(pipeline, header, report=report)
    results = ordered_map(
        clean_chunk,
        jobs_in,
        state=(pipeline, options),
        jobs=jobs,
        chunk_size=16,
        start_method=start_method,
        weigh=_file_size,
    )
    try:
        for rep in results:
            summary.add(rep)
            if writer is not None:
                writer.add(rep)
            if on_file is not None:
                on_file(rep)
    except BaseException as exc:
        results.close()  # stops the workers now, not at garbage collection
        if writer is not None:
            writer.abort(exc)
        raise
    summary.seconds = time.perf_counter() - started
    if writer is not None:
        writer.close(summary)
    return summary


def clean_paths(
    inputs: Sequence[Path],
    dest: Path | None,
    pipeline: Pipeline,
    options: BatchOptions = BatchOptions(),
    *,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    jobs: int | None = None,
    start_method: str | None = None,
    report: Path | None = None,
    on_file: Callable[[FileReport], None] | None = None,
    outputs: RunOutputs | None = None,
) -> Summary:
    """Clean files and folders into the output folder ``dest`` (see :func:`plan_paths`);
    return the Summary. What ``arclean A.txt B/ -o OUT/`` runs (``outputs``: see
    :func:`run_jobs`).

    ``dest`` may be ``None`` only with ``options.check`` or ``options.in_place``. Raises
    :class:`~arcleaner.errors.ConfigError` when ``dest`` is a file, or is an input
    folder or inside one.
    """
    inputs = [Path(p) for p in inputs]
    dest = Path(dest) if dest is not None else None
    check_paths(inputs, dest, options)
    since = None
    if dest is not None and not options.check and not options.in_place:
        since = prepare_output(dest, pipeline, options)
    plan = iter_jobs(inputs, dest, include, exclude, options, since)
    return run_jobs(
        plan,
        pipeline,
        options,
        jobs=jobs,
        start_method=start_method,
        report=report,
        report_options=batch_report_options(inputs, dest, include, exclude, options),
        on_file=on_file,
        outputs=outputs,
    )


def batch_report_options(
    inputs: Sequence[Path],
    dest: Path | None,
    include: Sequence[str] | None,
    exclude: Sequence[str],
    options: BatchOptions,
    jobs: int | None = None,
) -> dict[str, Any]:
    """What a batch report records of how it ran (``jobs`` and the reading options are
    added by :func:`run_jobs` when it writes the report itself)."""
    out: dict[str, Any] = {
        "inputs": [str(p) for p in inputs],
        "output": str(dest) if dest is not None else None,
        "include": list(patterns_of(include, options.force_jsonl)),
        "exclude": list(exclude),
    }
    if jobs is not None:
        out.update(jobs=jobs, **describe_options(options))
    return out


def clean_tree(
    source: Path,
    dest: Path | None,
    pipeline: Pipeline,
    options: BatchOptions = BatchOptions(),
    *,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    jobs: int | None = None,
    start_method: str | None = None,
    report: Path | None = None,
    on_file: Callable[[FileReport], None] | None = None,
) -> Summary:
    """Clean the files under the folder ``source`` into the mirror tree ``dest``; return
    the Summary. (:func:`clean_paths` with one folder input.)"""
    if not Path(source).is_dir():
        raise ConfigError(f"{source}: not a folder")
    return clean_paths(
        [Path(source)],
        dest,
        pipeline,
        options,
        include=include,
        exclude=exclude,
        jobs=jobs,
        start_method=start_method,
        report=report,
        on_file=on_file,
    )
