"""One cleaning run as data (:class:`CleanJob`) and the one call that runs it (:func:`run_job`).

Everything ``arclean`` does when it cleans is this call: the command line turns its flags
into a :class:`CleanJob` and a :class:`~arcleaner.run.watch.Watcher` (for progress and
messages), and maps the returned :class:`~arcleaner.run.report.Summary` to an exit code.

>>> import tempfile
>>> from pathlib import Path
>>> from arcleaner.run import CleanJob, run_job
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text("نص الخبر.\\nلم تشترك بعد\\n", "utf-8")
>>> summary = run_job(CleanJob(inputs=(folder / "a.txt",), output=str(folder / "a.clean.txt")))
>>> (summary.files, dict(summary.dropped), (folder / "a.clean.txt").read_text("utf-8"))
(1, {'drop-subscription-prompts': 1}, 'نص الخبر.\\n')

Folders, several inputs into an output folder, and ``in_place`` run as a batch (worker
processes, resume, a mirrored tree); stdin and single files run as streams (written as
they are read). A JSONL input is cleaned record by record either way.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import multiprocessing
import os
import stat
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import names_a_descriptor
from ..errors import ConfigError
from ..pipeline import Pipeline
from ..profile import SiteProfile
from .batch import batch_report_options, clean_paths
from .options import BatchOptions, default_jobs, describe_options
from .outputs import RunOutputs
from .plan import Inputs, Job, check_paths, plan_paths
from .report import UP_TO_DATE, FileReport, Summary
from .stream import StreamRun, stream_targets, write_stdout
from .walk import patterns_of
from .watch import Watcher

if TYPE_CHECKING:
    from ..learn import LearnReport


@dataclass(frozen=True, slots=True)
class CleanJob:
    """What to clean, how, and where the results go.

    ``inputs``: files, folders, or ``-`` for stdin. ``output``: a file, a folder (an
    existing one, or a name ending in ``/``), or ``None`` for stdout (or nowhere, with
    ``options.check`` or ``options.in_place``). ``config``: the pipeline configuration
    (the shape of a config file, see :meth:`Pipeline.from_config
    <arcleaner.pipeline.Pipeline.from_config>`). ``include`` / ``exclude``: file
    patterns inside folders. ``jobs``: worker processes (default: the CPU count).
    ``report``: where the JSON report goes. ``learn``: learn a site profile from the
    inputs in a first pass and clean with it. ``start_method``: how worker processes
    start (``fork``, ``forkserver``, ``spawn``; default: the platform's).
    ``config_file``: where ``config`` was read from, for the report's record.
    ``save_removed``: write every removal (line, filter, reason, text) there as JSONL.
    ``options.diff`` writes a unified diff of each changed document on stdout instead of
    any cleaned text (nothing else is written but the report and removed lines).
    """

    inputs: tuple[Path, ...] = (Path("-"),)
    output: str | None = None
    config: Mapping[str, Any] = field(default_factory=dict)
    options: BatchOptions = BatchOptions()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    jobs: int | None = None
    report: Path | None = None
    learn: bool = False
    start_method: str | None = None
    config_file: str | None = None
    save_removed: Path | None = None

    def __post_init__(self) -> None:
        # (paths given as str, as a caller of a library often does, are made Paths; a
        # lone str or Path is one input)
        given = (self.inputs,) if isinstance(self.inputs, str | Path) else self.inputs
        object.__setattr__(self, "inputs", tuple(Path(p) for p in given))
        for name in ("report", "save_removed"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, Path(value))
        if isinstance(self.output, Path):
            object.__setattr__(self, "output", str(self.output))

    @property
    def is_batch(self) -> bool:
        """Folders, ``in_place``, or several inputs into an output folder run as a batch;
        one input (or several to stdout) is a stream, written as it is read. An output
        named with a trailing slash is a folder, existing or not."""
        if self.options.in_place or any(str(p) != "-" and p.is_dir() for p in self.inputs):
            return True
        if self.output is None:
            return False
        return (
            len(self.inputs) > 1
            or Path(self.output).is_dir()
            or self.output.endswith(("/", os.sep))
        )


def profile_of(pipeline: Pipeline) -> SiteProfile | None:
    """The site profile a pipeline's filters carry (``None`` without one)."""
    for step in pipeline.filters:
        found = getattr(step, "_profile", None)
        if isinstance(found, SiteProfile):
            return found
    return None


def build(job: CleanJob, watcher: Watcher) -> Pipeline:
    """The job's pipeline: from its config, with a profile learned first if it asks (it
    takes the place of any profile the config names)."""
    pipeline = Pipeline.from_config(job.config)  # a bad config fails before any reading
    if not job.learn:
        return pipeline
    if any(str(p) == "-" for p in job.inputs):
        raise ConfigError(
            "--learn reads the input twice and stdin can be read once: learn with "
            "'arclean learn' and clean with --profile"
        )
    learned, _ = learn_inputs(
        list(job.inputs),
        job.options.jsonl.source_by,
        text_field=job.options.jsonl.text_field,
        jsonl=job.options.force_jsonl,
        include=job.include,
        exclude=job.exclude,
        encoding=job.options.encoding,
        watcher=watcher,
    )
    return Pipeline.from_config({**job.config, "profile": learned})


def learn_inputs(
    inputs: list[Path],
    source_by: str | None,
    *,
    text_field: str = "text",
    jsonl: bool = False,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    encoding: str | None = None,
    watcher: Watcher | None = None,
) -> tuple[SiteProfile, LearnReport]:
    """Learn a site profile of ``inputs`` (what ``arclean learn`` and ``--learn`` run);
    problems go to ``watcher.warn``, the summary to ``watcher.info``."""
    from ..learn import LearnReport, default_source_by, learn_paths

    watcher = watcher or Watcher()
    spec = source_by or default_source_by(inputs, jsonl)
    report = LearnReport()
    profile = learn_paths(
        inputs,
        spec,
        text_field=text_field,
        force_jsonl=jsonl,
        include=include or None,
        exclude=exclude,
        encoding=encoding,
        report=report,
    )
    for message in report.messages:
        watcher.warn(message)
    watcher.info(f"learned {len(profile.sources)} sources by {spec}: {report.line()}")
    return profile, report


def run_job(
    job: CleanJob, *, pipeline: Pipeline | None = None, watcher: Watcher | None = None
) -> Summary:
    """Run ``job`` (with ``pipeline`` instead of the one its config describes, if given);
    return the :class:`~arcleaner.run.report.Summary`.

    Raises :class:`~arcleaner.errors.ConfigError` before anything is read or written when
    the job cannot be done (bad config, output inside the input, stdin in a batch ...).
    A failed input does not raise: it is a ``failed`` report, counted in the summary.
    """
    watcher = watcher or Watcher()
    _check_start_method(job.start_method)
    if pipeline is None:
        pipeline = build(job, watcher)
    elif job.learn:
        raise ConfigError("learn=True builds its own pipeline: pass a config, not a pipeline")
    options = job.options
    bound = profile_of(pipeline)
    if options.jsonl.source_by is None and bound is not None:
        jsonl = dataclasses.replace(options.jsonl, source_by=bound.source_by)
        options = dataclasses.replace(options, jsonl=jsonl)
    if job.output == "":  # (an unset variable: '' would be the current folder)
        raise ConfigError("the output is empty: name a file or a folder")
    if options.in_place and job.output is not None:
        raise ConfigError("--in-place rewrites the inputs; it cannot be used with -o")
    if options.diff and (job.output is not None or options.in_place):
        raise ConfigError(
            "--diff writes the diff on stdout and nothing else: it cannot be used with "
            f"{'-o' if job.output is not None else '--in-place'}"
        )
    if options.check and job.output is not None:
        raise ConfigError(
            "--check writes nothing, it only tells what would change: it cannot be used with -o"
        )
    if options.diff and not options.check:  # a diff writes no cleaned text anywhere
        options = dataclasses.replace(options, check=True)
    _refuse_inputs(job)
    options = dataclasses.replace(options, save_removed=job.save_removed is not None)
    # (a run made again with nothing to clean leaves a removed-lines file there as it was)
    had_removed = job.save_removed is not None and job.save_removed.is_file()
    jobs = job.jobs or default_jobs()
    if job.is_batch:
        summary = _batch(job, pipeline, options, jobs, watcher)
    else:
        if bound is not None and options.jsonl.source_by == "dir":
            watcher.warn(
                "the profile's sources are folders (--source-by dir), and a stream has "
                "none: give a folder, or --source-by field:PATH for JSONL",
                minor=True,
            )
        summary = _streams(job, pipeline, options, jobs, watcher)
    if summary.files == 0:
        watcher.warn("no input files (check --glob / --exclude)", minor=True)
    skipped = summary.statuses[UP_TO_DATE]
    if skipped == summary.files and skipped and had_removed:
        watcher.warn(
            f"all {skipped} outputs were up to date: nothing was cleaned, and "
            f"{job.save_removed} is left as it was (--no-resume redoes them)"
        )
    elif skipped and job.save_removed is not None:
        watcher.warn(
            f"{skipped} outputs were up to date and not cleaned again: their removals are "
            f"not in {job.save_removed} (--no-resume redoes them)"
        )
    return summary


def _is_device(path: Path) -> bool:
    """True for a character device such as ``/dev/null`` (written to, never replaced)."""
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


def _refuse_inputs(job: CleanJob) -> None:
    """Refuse a report or removed-lines file that is an input, given or found in an input
    folder (inputs are never written), or that is another output of the run (one would
    overwrite the other)."""
    outputs = [("--report", job.report), ("--save-removed", job.save_removed)]
    if job.output is not None and not job.is_batch:
        outputs.append(("-o", Path(job.output)))
    named: dict[str, str] = {}
    guard = Inputs([Path(p) for p in job.inputs])
    for what, path in outputs:
        if path is None or names_a_descriptor(path) or _is_device(path):
            continue  # (a descriptor, /dev/null: several outputs may share one)
        where = os.path.realpath(path)
        if where in named:
            raise ConfigError(f"{named[where]} and {what} name the same file {path}")
        named[where] = what
        if path.exists():
            for src in job.inputs:
                if str(src) != "-" and src.is_file() and os.path.samefile(src, path):
                    raise ConfigError(f"refusing to overwrite input {src} ({what} {path})")
        # (a file of an input folder that the run reads: --report e/b.txt)
        inside = guard.refuses(str(path)) if what != "-o" and path.is_file() else None
        if inside is not None and _read_in_folders(job, path):
            raise ConfigError(f"refusing to overwrite input {path} ({what}; {inside})")


def _read_in_folders(job: CleanJob, path: Path) -> bool:
    """Whether a file named like ``path`` is one the run reads in its input folders (its
    --glob patterns, or the default ones; a pattern with '/' counts as matching)."""
    patterns = patterns_of(job.include, job.options.force_jsonl)
    return any("/" in p or fnmatch.fnmatchcase(path.name, p) for p in patterns)


def _check_start_method(method: str | None) -> None:
    methods = multiprocessing.get_all_start_methods()
    if method is not None and method not in methods:
        raise ConfigError(
            f"ARCLEAN_START_METHOD={method!r}: not a start method here "
            f"(one of {', '.join(methods)})"
        )


def _streams(
    job: CleanJob, pipeline: Pipeline, options: BatchOptions, jobs: int, watcher: Watcher
) -> Summary:
    inputs = list(job.inputs)
    output = Path(job.output) if job.output is not None else None
    targets = stream_targets(inputs, output)
    writer = _outputs(job, pipeline, {"inputs": [str(p) for p in inputs]}, options)
    runner = StreamRun(
        pipeline,
        options,
        jobs=jobs,
        start_method=job.start_method,
        watcher=watcher,
        sink=writer.audit,
    )
    summary = Summary()
    started = time.perf_counter()
    try:
        for src, dest in zip(inputs, targets, strict=True):
            rep = runner.clean(src, dest)
            summary.add(rep)
            writer.add(rep)
            watcher.file_done(rep)
        if (options.diff or not options.check) and output is None:
            write_stdout(sys.stdout.buffer, b"", flush=True)
    except BaseException as exc:
        writer.abort(exc)
        raise
    summary.seconds = time.perf_counter() - started
    writer.close(summary)
    return summary


def _batch(
    job: CleanJob, pipeline: Pipeline, options: BatchOptions, jobs: int, watcher: Watcher
) -> Summary:
    inputs = list(job.inputs)
    if any(str(p) == "-" for p in inputs):
        if options.in_place:
            raise ConfigError("--in-place rewrites files; stdin has none (give FILEs)")
        raise ConfigError("stdin cannot be mixed with folders or written to a folder")
    if job.output is None and not (options.check or options.in_place):
        raise ConfigError("a folder input needs -o OUTPUT_DIR (or --in-place, or --check)")
    output = Path(job.output) if job.output is not None else None
    include = job.include or None
    check_paths(inputs, output, options)  # (before any file is opened for writing)
    header = batch_report_options(inputs, output, include, job.exclude, options, jobs)
    writer = _outputs(job, pipeline, header, options)
    spool = writer.spool_folder()
    if spool is not None:
        options = dataclasses.replace(options, spool_dir=spool)

    def plan() -> Iterator[Job]:
        return plan_paths(inputs, output, include=include, exclude=job.exclude, options=options)

    watch = watcher.batch(plan)

    def on_file(rep: FileReport) -> None:
        watcher.file_done(rep)
        if watch is not None:
            watch.advance(rep)

    def run() -> Summary:
        return clean_paths(
            inputs,
            output,
            pipeline,
            options,
            include=include,
            exclude=job.exclude,
            jobs=jobs,
            start_method=job.start_method,
            on_file=on_file,
            outputs=writer,
        )

    try:
        if watch is None:
            return run()
        with watch:
            return run()
    except BaseException as exc:  # run_jobs aborts the outputs it was given, but an
        writer.abort(exc)  # error before it began (preparing the output folder) does not
        raise


def _outputs(
    job: CleanJob, pipeline: Pipeline, header: dict[str, Any], options: BatchOptions
) -> RunOutputs:
    record = {**header, **describe_options(options), "config_file": job.config_file}
    if job.save_removed is not None:
        record["save_removed"] = str(job.save_removed.resolve())
    return RunOutputs(
        pipeline,
        record,
        report=job.report,
        save_removed=job.save_removed,
        diff=_StdoutSink() if options.diff else None,  # type: ignore[arg-type]
    )


class _StdoutSink:
    """stdout for the diff: a reader that goes away is :class:`ReaderGone`."""

    def write(self, data: bytes) -> None:
        write_stdout(sys.stdout.buffer, data)
