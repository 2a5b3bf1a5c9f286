"""Walking an input folder: the files to clean, in an order that never depends on the
filesystem, without arclean's own temporary and state files."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..atomic import is_temp_name

# The resume state file in an output folder (see :mod:`arcleaner.run.resume`): never an input.
STATE_FILE = ".arclean-state.json"
TEXT_GLOBS = ("*.txt",)
JSONL_GLOBS = ("*.jsonl", "*.jsonl.gz")


def patterns_of(include: Sequence[str] | None, jsonl: bool) -> Sequence[str]:
    """The file patterns a walk takes: ``include`` (``--glob``), or the default ones."""
    return include or (JSONL_GLOBS if jsonl else TEXT_GLOBS)


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
