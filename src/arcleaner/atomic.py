"""Atomic file writes: the data appears under its final name only when it is complete.

A killed or interrupted run must never leave a half-written file under its final name,
because a resumed run treats an existing output as finished. On Linux the data goes to an
anonymous file in the target folder (``O_TMPFILE``), linked in under its name once
written: even a SIGKILL leaves nothing behind, since a file without a name vanishes with
its last descriptor. Elsewhere (or on a filesystem without ``O_TMPFILE``) it goes to a
hidden temporary name beside the target (``.NAME.RANDOM.arclean-part``), removed on any
error including ``KeyboardInterrupt``; only a SIGKILL can leave one of those behind, and
walkers skip them. (Replacing an existing file on Linux also passes through such a name,
for the two system calls between linking the data in and renaming it over the old file.)
Either way the last step is a link or an ``os.replace`` within one folder, which is atomic
on POSIX: readers see the old file or the new one. Errors name the target file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO

from .errors import ConfigError, OutputFailed

TEMP_SUFFIX = ".arclean-part"

_O_TMPFILE = getattr(os, "O_TMPFILE", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
# The folder is only a place to create and link in: O_PATH needs no read permission on
# it (a write-and-search-only folder works, as for a plain open()).
_O_PATH = getattr(os, "O_PATH", os.O_RDONLY)
# The kernel links an anonymous file through its /proc/self/fd entry (no privilege
# needed, unlike AT_EMPTY_PATH); without /proc there is no anonymous route.
_ANONYMOUS = bool(_O_TMPFILE) and os.path.isdir("/proc/self/fd")
# What open(O_TMPFILE) says on a filesystem or kernel that lacks it.
_NO_TMPFILE = {errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOTSUP}


@contextmanager
def naming_output(what: str, path: Path | str) -> Iterator[None]:
    """An OSError inside the block becomes :class:`~arcleaner.errors.OutputFailed` that
    names the file and the option that asked for it (``--report``, ``--save-removed``):
    a write beside the cleaned text fails as an output, not as the input being read."""
    try:
        yield
    except BrokenPipeError:
        raise  # (a reader gone, as from ``--report /dev/stdout | head``: exit 141)
    except OSError as err:
        raise OutputFailed(f"{path}: {err.strerror or err} ({what})") from err


def open_beside(path: Path | str, what: str) -> tuple[AbstractContextManager[BinaryIO], BinaryIO]:
    """:func:`atomic_open` of a file written beside the cleaned text, entered: the
    context and the file. One that cannot be created is found before anything is
    cleaned: a usage error naming the option that asked for it (``what``: ``--report``)."""
    if not str(path) or os.path.isdir(path):  # (published by a rename, found at the end)
        name = "an empty name" if not str(path) else f"{path}: a folder"
        raise ConfigError(f"{name}, not a file ({what})")
    ctx = atomic_open(path)
    try:
        return ctx, ctx.__enter__()
    except OSError as err:
        raise ConfigError(f"{path}: {err.strerror or err} ({what})") from None


def is_temp_name(name: str) -> bool:
    """True for the name of a temporary file this module creates (walkers skip them)."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


@contextmanager
def atomic_open(path: Path) -> Iterator[BinaryIO]:
    """Open a binary file to be published as ``path`` on clean exit of the block.

    On an exception (or Ctrl-C) inside the block nothing is published and ``path`` is
    left as it was. A new file gets the permissions a plain ``open()`` would give (0666
    less the umask); a regular file that is replaced keeps its permission bits (not
    set-id bits) and, where allowed, its owner. A symlink at ``path`` is replaced by the
    file (pass the resolved path to write through it); other hard links to a replaced
    file keep the old content, as with any atomic replacement. A device, FIFO or socket
    at ``path`` (``-o /dev/null``, a named pipe) is written to as a shell would, never
    replaced: atomicity means nothing there. So is a name of an open descriptor
    (``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``, or a link to one), even when the
    descriptor is a regular file (``arclean ... --save-removed /dev/stdout > out.jsonl``):
    replacing it would replace the system's ``/dev/stdout`` link, not write the file.
    A descriptor of this process is written through a copy of it, after what the process
    has written there: never truncated, never overwritten from its start.
    """
    try:
        target = os.stat(path)
    except OSError:
        target = None  # a new file (or one we cannot see: the write will say why)
    special = target is not None and not stat.S_ISREG(target.st_mode)
    number = own_descriptor(path)
    if number is not None:
        # Write through a copy of the descriptor: opening the name anew would truncate a
        # regular file behind it and write from its start, over what the process has
        # already written there (its cleaned text, when this is stdout).
        if number == 1:
            sys.stdout.flush()
        with _closed(os.fdopen(os.dup(number), "wb")) as fh:
            yield fh
        return
    if (special and not stat.S_ISDIR(target.st_mode)) or names_a_descriptor(path):
        with _closed(open(path, "wb")) as fh:
            yield fh
        return
    keep = None
    if target is not None and stat.S_ISREG(target.st_mode) and not os.path.islink(path):
        keep = target
    folder, name = os.path.split(os.fspath(path))
    anon = _open_anonymous(folder or ".", path) if _ANONYMOUS else None
    if anon is None:
        with _named_temp(path, keep) as fh:
            yield fh
        return
    dir_fd, fd = anon
    try:
        with _closed(os.fdopen(fd, "wb", closefd=False)) as fh:
            yield fh
        _keep_metadata(fd, keep)
        _publish(fd, dir_fd, name, path)
    finally:
        os.close(fd)
        os.close(dir_fd)


_DESCRIPTOR_NAMES = ("/dev/stdin", "/dev/stdout", "/dev/stderr")
_DESCRIPTOR_FOLDERS = ("/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/")


def names_a_descriptor(path: os.PathLike[str] | str) -> bool:
    """True when ``path`` names an open file descriptor (``/dev/stdout``, ``/dev/fd/N``,
    ``/proc/self/fd/N``) or is a symbolic link that leads to one.

    >>> names_a_descriptor("/dev/stdout"), names_a_descriptor("/dev/shm/a.jsonl")
    (True, False)
    """
    return _descriptor_name(path) is not None


def _descriptor_name(path: os.PathLike[str] | str) -> str | None:
    """The descriptor name ``path`` is or leads to by links, or None."""
    name = os.path.abspath(os.fspath(path))
    for _ in range(40):  # (the kernel's own limit on links followed)
        if name in _DESCRIPTOR_NAMES or name.startswith(_DESCRIPTOR_FOLDERS):
            return name
        if re.match(r"/proc/\d+/fd/", name):
            return name
        try:
            link = os.readlink(name)
        except OSError:  # not a link (or not there): a plain name
            return None
        name = os.path.abspath(os.path.join(os.path.dirname(name), link))
    return None


def own_descriptor(path: os.PathLike[str] | str) -> int | None:
    """The number of this process's descriptor that ``path`` names (``/dev/stdout``: 1,
    ``/dev/fd/3``: 3, ``/proc/self/fd/4``: 4), or None.

    >>> own_descriptor("/dev/stdout"), own_descriptor(f"/proc/{os.getpid()}/fd/2")
    (1, 2)
    """
    name = _descriptor_name(path)
    if name is None:
        return None
    if name in _DESCRIPTOR_NAMES:
        return _DESCRIPTOR_NAMES.index(name)
    found = re.fullmatch(r"/(?:dev|proc/(?:self|thread-self|(\d+)))/fd/(\d+)", name)
    if found is None or (found[1] is not None and int(found[1]) != os.getpid()):
        return None
    return int(found[2])


def _keep_metadata(fd: int, old: os.stat_result | None) -> None:
    """Give the new file the replaced file's owner (where allowed) and permission bits.

    Set-id bits are not carried over to new content. A filesystem that refuses chown or
    chmod (some FUSE and SMB mounts) keeps the new file's defaults: the write still
    succeeds, as a plain ``open()`` would.
    """
    if old is None:
        return
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) != (old.st_uid, old.st_gid):
        with contextlib.suppress(OSError):
            os.fchown(fd, old.st_uid, old.st_gid)
    with contextlib.suppress(OSError):
        os.fchmod(fd, stat.S_IMODE(old.st_mode) & 0o777)


def discard(ctx: AbstractContextManager[BinaryIO], exc: BaseException) -> None:
    """End the :func:`atomic_open` ``ctx`` publishing nothing, ``exc`` being why (the
    context raises it again; it is the caller's to raise or not, so it is not here)."""
    try:
        ctx.__exit__(type(exc), exc, exc.__traceback__)
    except BaseException as err:
        if err is not exc:
            raise


@contextmanager
def _closed(fh: BinaryIO) -> Iterator[BinaryIO]:
    """``fh``, closed at the end of the block. When the block fails, an error of the
    close (flushing what is buffered onto a full disk) is dropped: the block's own
    error is what happened, and what was buffered is discarded anyway."""
    try:
        yield fh
    except BaseException:
        with contextlib.suppress(OSError):
            fh.close()
        raise
    fh.close()


@contextmanager
def _named_temp(path: Path, keep: os.stat_result | None) -> Iterator[BinaryIO]:
    """The portable route: a hidden temporary name, renamed over ``path`` at the end."""
    fd, tmp = _create_temp(path)
    try:
        try:
            fh = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            raise
        with _closed(fh):
            yield fh
            _keep_metadata(fh.fileno(), keep)
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and exc.filename is not None:
            raise _naming(exc, path) from None
        raise


def _open_anonymous(folder: str, path: os.PathLike[str] | str) -> tuple[int, int] | None:
    """``(folder fd, anonymous file fd)``, or None where the filesystem has no O_TMPFILE."""
    try:
        dir_fd = os.open(folder, _O_PATH | os.O_DIRECTORY | _CLOEXEC)
    except OSError as err:  # name the file being written, not its folder
        raise _naming(err, path) from None
    try:
        return dir_fd, os.open(".", _O_TMPFILE | os.O_WRONLY | _CLOEXEC, 0o666, dir_fd=dir_fd)
    except OSError as err:
        os.close(dir_fd)
        if err.errno in _NO_TMPFILE:
            return None
        raise _naming(err, path) from None


def _publish(fd: int, dir_fd: int, name: str, path: os.PathLike[str] | str) -> None:
    """Give the anonymous file ``fd`` the name ``name`` in ``dir_fd``, replacing any file."""
    source = f"/proc/self/fd/{fd}"
    try:
        try:
            os.link(source, name, dst_dir_fd=dir_fd, follow_symlinks=True)
            return
        except FileExistsError:
            pass
        # An older file holds the name: link under a temporary name, then rename over
        # it (the temporary name lives for two system calls).
        for tmp in _temp_names(name, path):
            try:
                os.link(source, tmp, dst_dir_fd=dir_fd, follow_symlinks=True)
                break
            except FileExistsError:
                continue
        try:
            os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
            raise
    except OSError as err:  # name the file being written, not /proc or a temporary name
        raise _naming(err, path) from None


def _create_temp(path: Path) -> tuple[int, str]:
    folder, name = os.path.split(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC
    for tmp in _temp_names(name, path):
        tmp = os.path.join(folder, tmp)
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:  # a leftover of a killed run with the same random name
            continue
        except OSError as err:
            raise _naming(err, path) from None
    raise AssertionError("unreachable: _temp_names raises when it runs out")


def _temp_names(name: str, path: os.PathLike[str] | str) -> Iterator[str]:
    """Hidden random names for a temporary file beside ``name`` (100 tries, then fail)."""
    for _ in range(100):
        yield f".{name}.{os.urandom(5).hex()}{TEMP_SUFFIX}"
    raise FileExistsError(f"{os.fspath(path)}: no free temporary name")


def _naming(err: OSError, path: os.PathLike[str] | str) -> OSError:
    """``err`` about ``path`` (same errno, so the same subclass), when it has an errno."""
    if err.errno is None:
        return err
    return OSError(err.errno, err.strerror, os.fspath(path))


def write_atomic(path: Path, data: bytes | bytearray) -> None:
    """Write ``data`` to ``path`` so that it appears there complete or not at all."""
    with atomic_open(path) as fh:
        fh.write(data)
