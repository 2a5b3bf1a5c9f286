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
  unwritable file becomes a ``failed`` :class:`~arcleaner.report.FileReport` with a one-line
  reason; the rest is cleaned. So does a folder that cannot be listed: its files are
  missing from the output, and saying so is the only way not to lose them in silence.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ._parallel import ordered_map, stop_point
from .atomic import is_temp_name, write_atomic
from .errors import ArcleanError, ConfigError, DecodeError
from .jsonl import JsonlOptions, MalformedRecord, clean_jsonl, is_jsonl_name
from .pipeline import Pipeline, Result
from .report import CHECKED, FAILED, UNCHANGED, UP_TO_DATE, FileReport, ReportWriter, Summary
from .textio import decode

STATE_FILE = ".arclean-state.json"
TEXT_GLOBS = ("*.txt",)
JSONL_GLOBS = ("*.jsonl", "*.jsonl.gz")


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
    """

    encoding: str | None = None
    jsonl: JsonlOptions = field(default_factory=JsonlOptions)
    force_jsonl: bool = False
    check: bool = False
    in_place: bool = False
    resume: bool = True
    explain: bool = False


@dataclass(frozen=True, slots=True)
class Job:
    """One input file: where to read, where to write (``None``: nowhere or in place),
    and the name shown in messages and the report."""

    source: str
    dest: str | None
    name: str
    since_ns: int | None = None  # outputs at least this new (and newer than the input) are kept
    site: str | None = None  # the documents' source when it is their folder (--source-by dir)
    error: str | None = None  # a folder the walk could not read: the job only reports it


def output_bytes(text: str) -> bytes:
    """The bytes written for a cleaned text: UTF-8, ending in one newline (empty stays empty)."""
    return (text + "\n").encode("utf-8") if text else b""


def clean_bytes(
    data: bytes,
    pipeline: Pipeline,
    encoding: str | None = None,
    *,
    source: str = "<input>",
    site: str | None = None,
    on_stage: Callable[[int, str], None] | None = None,
) -> tuple[bytes, Result]:
    """Decode, clean and encode one text document; raises DecodeError for bad bytes.
    ``source`` names the input in messages; ``site`` is the document's source (site);
    ``on_stage``: see :meth:`Pipeline.run <arcleaner.pipeline.Pipeline.run>`."""
    result = pipeline.run(decode(data, encoding, source=source), site, on_stage=on_stage)
    return output_bytes(result.text), result


def describe_options(options: BatchOptions) -> dict[str, Any]:
    """The options that decide outputs, for the report (so a run can be repeated)."""
    out = {k: v for k, v in asdict(options).items() if k not in ("jsonl", "explain")}
    out["jsonl"] = {k: v for k, v in asdict(options.jsonl).items() if k not in ("path", "sources")}
    return out


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


def _matches(rel: str, name: str, patterns: Sequence[str]) -> bool:
    # A pattern with a slash matches the path relative to the root, otherwise the name.
    return any(fnmatch.fnmatchcase(rel if "/" in p else name, p) for p in patterns)


OnError = Callable[[Path, str, OSError], None]


def _raise(path: Path, rel: str, err: OSError) -> None:
    raise err


def walk(
    root: Path,
    include: Sequence[str] = TEXT_GLOBS,
    exclude: Sequence[str] = (),
    on_error: OnError = _raise,
) -> Iterator[tuple[Path, str]]:
    """Yield ``(path, relative_posix_path)`` for each file under ``root`` to clean.

    Names are sorted in each folder (the order, and so the output, never depends on the
    filesystem). ``exclude`` patterns prune folders too. Symlinks whose target leaves
    the tree are not followed; folder symlinks that loop back are not entered twice.
    arclean's own temporary and state files are never yielded. A folder that cannot be
    read (no permission) is handed to ``on_error(path, rel, err)`` at its place in the
    walk (``rel`` is ``""`` for ``root`` itself); by default the error is raised, since
    skipping it would lose its files in silence.
    """
    top = root.resolve()
    yield from _walk(root, "", top, include, exclude, (os.stat(top).st_ino,), on_error)


def _inside(path: str, top: Path) -> bool:
    return path == str(top) or path.startswith(str(top).rstrip(os.sep) + os.sep)


def _walk(
    folder: Path,
    prefix: str,
    top: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    ancestors: tuple[int, ...],
    on_error: OnError,
) -> Iterator[tuple[Path, str]]:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as err:
        on_error(folder, prefix.rstrip("/"), err)
        return
    for entry in entries:
        name = entry.name
        rel = prefix + name
        if is_temp_name(name) or name == STATE_FILE or _matches(rel, name, exclude):
            continue
        try:
            if entry.is_symlink() and not _inside(os.path.realpath(entry.path), top):
                continue
            if entry.is_dir():
                try:
                    ino = entry.stat().st_ino
                except OSError as err:  # listed, but not searchable (r-- folder)
                    on_error(Path(entry.path), rel, err)
                    continue
                if ino not in ancestors:
                    yield from _walk(
                        Path(entry.path),
                        rel + "/",
                        top,
                        include,
                        exclude,
                        (*ancestors, ino),
                        on_error,
                    )
            elif entry.is_file() and _matches(rel, name, include):
                yield Path(entry.path), rel
        except OSError:
            continue  # (a file vanishing mid-walk; not a folder we failed to read)


def plan_tree(
    source: Path,
    dest: Path | None,
    *,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    options: BatchOptions = BatchOptions(),
    since_ns: int | None = None,
    label: str = "",
) -> Iterator[Job]:
    """The jobs for a tree: each matching file under ``source`` mirrored under ``dest``.

    ``include`` defaults to ``*.txt``, or ``*.jsonl`` and ``*.jsonl.gz`` when
    ``options.force_jsonl``. ``label`` prefixes the names shown in messages.
    """
    patterns = include or (JSONL_GLOBS if options.force_jsonl else TEXT_GLOBS)
    how = options.jsonl.sources
    unreadable: list[Job] = []

    def failed_folder(path: Path, rel: str, err: OSError) -> None:
        name = label + rel if rel or label else str(source)
        why = f"{name.rstrip('/')}/: cannot read this folder ({err.strerror or err})"
        unreadable.append(Job(str(path), None, name, error=why + "; its files were not cleaned"))

    for path, rel in walk(source, patterns, exclude, failed_folder):
        yield from unreadable  # (met before this file, in walk order)
        unreadable.clear()
        target = None
        if dest is not None and not options.check and not options.in_place:
            target = str(dest / rel)
        site = how.of_path(rel) if how is not None else None
        yield Job(str(path), target, label + rel, since_ns, site)
    yield from unreadable


def check_output_dir(sources: Iterable[Path], dest: Path) -> None:
    """Refuse an output folder that is an input folder or inside one."""
    out = dest.resolve()
    for src in sources:
        top = src.resolve()
        if out == top or top in out.parents:
            raise ConfigError(
                f"refusing to write into the input: output {dest} is "
                f"{'the input folder' if out == top else f'inside the input folder {src}'}; "
                "choose an output folder outside it"
            )


def clean_job(job: Job, pipeline: Pipeline, options: BatchOptions) -> FileReport:
    """Clean one file as ``job`` says; a problem becomes a ``failed`` report, never raises
    (except ``KeyboardInterrupt``/``SystemExit``, after removing any temporary file)."""
    if job.error is not None:
        return FileReport(job.name, None, FAILED, job.error)
    try:
        src = os.stat(job.source)
        if job.dest is not None:
            try:
                out: os.stat_result | None = os.stat(job.dest)
            except FileNotFoundError:
                out = None
            if out is None:
                parent = os.path.dirname(job.dest) or "."
                if not os.path.isdir(parent):
                    os.makedirs(parent, exist_ok=True)
            elif (out.st_dev, out.st_ino) == (src.st_dev, src.st_ino):
                raise ArcleanError(f"{job.name}: refusing to overwrite an input with its output")
            elif job.since_ns is not None and out.st_mtime_ns >= max(
                src.st_mtime_ns, job.since_ns
            ):  # complete (renamed into place) and newer than the input and the config
                return FileReport(
                    job.name, job.dest, UP_TO_DATE, bytes_in=src.st_size, bytes_out=out.st_size
                )
        if options.force_jsonl or is_jsonl_name(job.source):
            return _clean_jsonl_job(job, pipeline, options)
        return _clean_text_job(job, pipeline, options)
    except OSError as err:
        where = err.filename if isinstance(err.filename, str) else job.name
        if is_temp_name(os.path.basename(where)):  # say which output, not which temp file
            where = os.path.join(os.path.dirname(where), os.path.basename(job.dest or job.source))
        elif where in (job.source, os.path.realpath(job.source)):
            where = job.name  # (in place, the resolved path is written)
        return FileReport(job.name, job.dest, FAILED, f"{where}: {err.strerror or err}")
    except ArcleanError as err:
        message = str(err)
        if not message.startswith(job.name):  # (a pattern timeout names no file)
            message = f"{job.name}: {message}"
        return FileReport(job.name, job.dest, FAILED, message)


def _clean_text_job(job: Job, pipeline: Pipeline, options: BatchOptions) -> FileReport:
    rep = FileReport(job.name, job.dest)
    with open(job.source, "rb") as fh:
        data = fh.read()
    try:
        out, result = clean_bytes(data, pipeline, options.encoding, source=job.name, site=job.site)
    except DecodeError as err:
        return FileReport(job.name, job.dest, FAILED, str(err), bytes_in=len(data))
    rep.bytes_in, rep.bytes_out, rep.docs = len(data), len(out), 1
    rep.lines_in = result.lines_in
    rep.add_dropped(result.counts())
    rep.empty_docs = int(not out and bool(result.removed))
    rep.changed = out != data
    if options.explain:
        rep.removed = [(job.name, r) for r in result.removed]
    if options.check:
        rep.status = CHECKED
    elif options.in_place:
        if rep.changed:  # through a symlink to the file it names; its mode is kept
            write_atomic(Path(os.path.realpath(job.source)), out)
        else:
            rep.status = UNCHANGED
    elif job.dest is not None:
        write_atomic(Path(job.dest), out)
    return rep


def _clean_jsonl_job(job: Job, pipeline: Pipeline, options: BatchOptions) -> FileReport:
    dest = job.dest
    if options.in_place:
        dest = os.path.realpath(job.source)  # a symlink stays one
    try:
        rep = clean_jsonl(
            job.source,
            dest if not options.check else None,
            pipeline,
            options.jsonl,
            check=options.check or options.in_place,
            explain=options.explain,
            site=job.site,
        )
        if options.in_place and rep.changed and rep.status != FAILED:
            # Two passes keep "unchanged files are not touched" simple and exact.
            rep = clean_jsonl(
                job.source, dest, pipeline, options.jsonl, explain=options.explain, site=job.site
            )
        elif options.in_place and rep.status != FAILED:
            rep.status = UNCHANGED
    except MalformedRecord as err:  # --strict, or no record has the text field
        return FileReport(job.name, job.dest, FAILED, _named(str(err), job))
    if rep.malformed and job.dest is not None and job.since_ns is not None:
        # Written without its malformed lines: keep it, but older than the state file,
        # so a resumed run redoes it and reports those lines (and exit 123) again.
        with contextlib.suppress(OSError):
            os.utime(job.dest, ns=(job.since_ns - 1, job.since_ns - 1))
    rep.source, rep.output = job.name, job.dest
    if rep.error:
        rep.error = _named(rep.error, job)
    return rep


def _named(message: str, job: Job) -> str:
    """``message`` with the input named as in the rest of the batch (``news/a.jsonl``)."""
    if message.startswith(job.source):
        return job.name + message[len(job.source) :]
    return message


def _clean_chunk(chunk: list[Job], state: tuple[Pipeline, BatchOptions]) -> list[FileReport]:
    pipeline, options = state
    out = []
    for job in chunk:
        stop_point()
        out.append(clean_job(job, pipeline, options))
    return out


def default_jobs() -> int:
    """The CPU count this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


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
) -> Summary:
    """Clean every job with ``jobs`` worker processes; return the :class:`Summary`.

    ``on_file`` sees each :class:`FileReport` as it completes (in input order); with
    ``report`` a JSON report is streamed to that path (written atomically at the end).
    """
    from . import __version__

    jobs = jobs or default_jobs()
    summary = Summary()
    started = time.perf_counter()
    writer = None
    if report is not None:
        writer = ReportWriter(
            report,
            version=__version__,
            config=pipeline.describe(),
            options={**(report_options or {}), "jobs": jobs, **describe_options(options)},
        )
    results = ordered_map(
        _clean_chunk,
        jobs_in,
        state=(pipeline, options),
        jobs=jobs,
        chunk_size=16,
        start_method=start_method,
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


def check_paths(inputs: Sequence[Path], dest: Path | None, options: BatchOptions) -> None:
    """Refuse, before anything is read or written, what :func:`plan_paths` cannot do:
    an output folder that is a file, is an input folder or lies inside one, an input
    whose output would be the input itself (``arclean a.txt b.txt -o .`` in their own
    folder), and two inputs (files or folders) that would be written under the same name
    in it."""
    if dest is None:
        if not (options.check or options.in_place):
            raise ConfigError("an output folder is needed (or check / in-place mode)")
        return
    if dest.exists() and not dest.is_dir():
        raise ConfigError(f"output {dest} is a file: a folder or several inputs need a folder")
    check_output_dir([p for p in inputs if p.is_dir()], dest)
    if options.check or options.in_place:
        return
    for src in inputs:
        if src.is_dir():
            if len(inputs) > 1:  # mirrored into dest/NAME: that must not be the input
                check_output_dir([src], dest / _output_name(src))
        elif _same_file(src, dest / src.name):
            raise ConfigError(
                f"refusing to overwrite the input {src}: its output {dest / src.name} is the "
                "input itself; choose an output folder that does not hold the inputs"
            )
    if len(inputs) < 2:
        return
    seen: dict[str, Path] = {}
    for src in inputs:
        name = _output_name(Path(src))
        if name in seen:
            raise ConfigError(
                f"{src} and {seen[name]} would both be written to {dest / name}; "
                "clean them into different output folders"
            )
        seen[name] = Path(src)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): not the same file
        return False


def _output_name(src: Path) -> str:
    """The name an input gets in a shared output folder (a folder: its real name)."""
    return src.resolve().name if src.is_dir() else src.name


def plan_paths(
    inputs: Sequence[Path],
    dest: Path | None,
    *,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    options: BatchOptions = BatchOptions(),
    since_ns: int | None = None,
) -> Iterator[Job]:
    """The jobs for files and folders cleaned into one output folder ``dest``.

    A single folder input is mirrored into ``dest`` itself; with several inputs each
    folder goes to ``dest/FOLDER_NAME`` and each file to ``dest/FILE_NAME``. ``dest`` is
    ``None`` in check or in-place mode. Raises :class:`~arcleaner.errors.ConfigError` at
    once (see :func:`check_paths`); the jobs themselves come lazily.
    """
    inputs = [Path(p) for p in inputs]
    check_paths(inputs, dest, options)
    return _plan(inputs, dest, include, exclude, options, since_ns)


def _plan(
    inputs: list[Path],
    dest: Path | None,
    include: Sequence[str] | None,
    exclude: Sequence[str],
    options: BatchOptions,
    since_ns: int | None,
) -> Iterator[Job]:
    single = len(inputs) == 1
    writes = dest is not None and not options.check and not options.in_place
    for src in inputs:
        if src.is_dir():
            into = None if dest is None else dest if single else dest / _output_name(src)
            label = "" if single else _output_name(src) + "/"
            yield from plan_tree(
                src,
                into,
                include=include,
                exclude=exclude,
                options=options,
                since_ns=since_ns,
                label=label,
            )
        else:
            target = str(dest / src.name) if writes and dest is not None else None
            yield Job(str(src), target, str(src), since_ns)


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
) -> Summary:
    """Clean files and folders into the output folder ``dest`` (see :func:`plan_paths`);
    return the Summary. What ``arclean A.txt B/ -o OUT/`` runs.

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
    plan = _plan(inputs, dest, include, exclude, options, since)
    return run_jobs(
        plan,
        pipeline,
        options,
        jobs=jobs,
        start_method=start_method,
        report=report,
        report_options={
            "inputs": [str(p) for p in inputs],
            "output": str(dest) if dest is not None else None,
            "include": list(include or (JSONL_GLOBS if options.force_jsonl else TEXT_GLOBS)),
            "exclude": list(exclude),
        },
        on_file=on_file,
    )


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


def prepare_output(dest: Path, pipeline: Pipeline, options: BatchOptions) -> int | None:
    """Create the output folder and its state file; return the resume threshold (ns).

    When the state file cannot be written (a read-only output folder), nothing is
    skipped (``None``): each output then fails, or is written, on its own.
    """
    from . import __version__

    try:
        stamp = _mark_state(dest, fingerprint(pipeline, options, __version__))
    except OSError:
        return None
    return stamp if options.resume else None


__all__ = [
    "BatchOptions",
    "Job",
    "check_output_dir",
    "check_paths",
    "clean_bytes",
    "clean_job",
    "clean_paths",
    "clean_tree",
    "default_jobs",
    "describe_options",
    "output_bytes",
    "plan_paths",
    "plan_tree",
    "prepare_output",
    "run_jobs",
    "walk",
]
