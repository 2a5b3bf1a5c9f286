"""Atomic file writes: a temporary name in the same folder, renamed into place on success.

A killed or interrupted run must never leave a half-written file under its final name,
because a resumed run treats an existing output as finished. ``os.replace`` within one
folder (one filesystem) is atomic on POSIX, so readers see the old file or the new one.
Temporary files are hidden (``.NAME.RANDOM.arclean-part``) and removed on any error,
including ``KeyboardInterrupt``; only a SIGKILL can leave one behind, never under the
final name.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".arclean-part"


def is_temp_name(name: str) -> bool:
    """True for the name of a temporary file this module creates (walkers skip them)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


@contextmanager
def atomic_open(path: Path) -> Iterator[BinaryIO]:
    """Open a binary temporary file beside ``path``; rename it to ``path`` on clean exit.

    On an exception (or Ctrl-C) inside the block the temporary file is removed and
    ``path`` is left as it was. The file gets the permissions a plain ``open()`` would
    give (0666 less the umask).
    """
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _create_temp(path: Path) -> tuple[int, str]:
    folder, name = os.path.split(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{os.urandom(5).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:  # a leftover of a killed run with the same random name
            continue
    raise FileExistsError(f"{path}: no free temporary name")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    with atomic_open(path) as fh:
        fh.write(data)
