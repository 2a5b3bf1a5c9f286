"""Planning a run: which input goes to which output, refused before anything is written
when that cannot be done safely (an output inside its input, two inputs sharing a name)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from ..sources import SourceBy
from .options import BatchOptions
from .walk import patterns_of, walk

# A document's source in the report when nothing else names one: its top folder.
_TOP_FOLDER = SourceBy("dir")


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
    group: str | None = None  # its source for the report when none is read: the top folder


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
    patterns = patterns_of(include, options.force_jsonl)
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
        group = _TOP_FOLDER.of_path(rel)
        yield Job(str(path), target, label + rel, since_ns, site, group=group)
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
    return iter_jobs(inputs, dest, include, exclude, options, since_ns)


def iter_jobs(
    inputs: list[Path],
    dest: Path | None,
    include: Sequence[str] | None,
    exclude: Sequence[str],
    options: BatchOptions,
    since_ns: int | None,
) -> Iterator[Job]:
    """The jobs of :func:`plan_paths`, as the walk finds them (the caller has run
    :func:`check_paths`); a file whose output would be an input, or lie inside an input
    folder, comes as a job that only reports it."""

    def planned() -> Iterator[Job]:
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

    jobs = planned()
    if dest is None or options.check or options.in_place:
        yield from jobs
        return
    guard = Inputs(inputs)
    for job in jobs:
        why = guard.refuses(job.dest) if job.dest is not None else None
        if why is not None:
            # (an output folder that holds an input folder: 'arclean e -o .' would write
            # e/e/a.txt over e/a.txt; found as the walk goes, so it is this file's error)
            job = dataclasses.replace(
                job,
                dest=None,
                error=f"{job.source}: not cleaned: its output {job.dest} would be {why}; "
                "choose an output folder that does not hold the inputs",
            )
        yield job


class Inputs:
    """The inputs of a run, resolved: no output may be one of their files, nor lie inside
    one of their folders (however the output folder reaches it: a mirrored subfolder of
    the same name, a symlink, another input's folder)."""

    def __init__(self, inputs: Sequence[Path]) -> None:
        folders = [str(p.resolve()).rstrip(os.sep) for p in inputs if p.is_dir()]
        self.folders = set(folders)
        self.files = {str(p.resolve()) for p in inputs if str(p) != "-" and not p.is_dir()}
        self._tops = folders
        # What is known of each output folder: its outputs share its resolved path and
        # whether it lies in an input folder (one resolve a folder, not 40 us a file).
        self._parents: dict[str, tuple[str, str | None]] = {}

    def refuses(self, dest: str) -> str | None:
        """Why ``dest`` may not be written, or None. (Only its folder is resolved: an
        output is written by a rename, which replaces a link there, never its target.)"""
        folder, name = os.path.split(dest)
        known = self._parents.get(folder)
        if known is None:
            parent = str(Path(folder).resolve())
            known = self._parents[folder] = (parent, self._inside(parent))
        parent, inside = known
        out = os.path.join(parent, name)
        if out in self.files:
            return f"the input {out}"
        if out in self.folders:
            return f"the input folder {out}"
        return inside

    def _inside(self, path: str) -> str | None:
        for top in self._tops:
            if path.startswith(top) and path[len(top) : len(top) + 1] in ("", os.sep):
                return f"inside the input folder {top}"
        return None
