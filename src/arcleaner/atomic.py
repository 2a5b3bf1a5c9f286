"""Atomic file writes: a temporary name in the same folder, renamed into place on success.

A killed or interrupted run must never leave a half-written file under its final name,
because a resumed run treats an existing output as finished. ``os.replace`` within one
folder (one filesystem) is atomic on POSIX, so readers see the old file or the new one.
Temporary files are hidden (``.NAME.RANDOM.arclean-part``) and removed on any error,
including ``KeyboardInterrupt``; only a SIGKILL can leave one behind, never under the
final name.
"""

from __future__ import annotations

import functools
import os
import tempfile
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
    ``path`` is left as it was.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        # mkstemp creates 0600; give the output the permissions a plain open() would.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    with atomic_open(path) as fh:
        fh.write(data)


@functools.cache
def _umask() -> int:
    # os.umask can only be read by setting it; do that once per process.
    mask = os.umask(0)
    os.umask(mask)
    return mask
