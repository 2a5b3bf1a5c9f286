"""Atomic writes: a file appears complete under its name or not at all, even after SIGKILL."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from arcleaner import atomic
from arcleaner.atomic import atomic_open, write_atomic

KILLED_MID_WRITE = """
import os, signal, sys
from pathlib import Path
from arcleaner.atomic import atomic_open
with atomic_open(Path(sys.argv[1])) as fh:
    fh.write("نص نصف مكتوب".encode() * 1000)
    fh.flush()
    os.kill(os.getpid(), signal.SIGKILL)
"""


def has_tmpfile(folder: Path) -> bool:
    """Whether the anonymous route works in ``folder`` (O_TMPFILE there, and /proc)."""
    if not atomic._ANONYMOUS:
        return False
    try:
        os.close(os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o600))
    except OSError:
        return False
    return True


@pytest.fixture(params=["anonymous", "named"])
def route(request, monkeypatch, tmp_path):
    """Both ways of writing: O_TMPFILE (Linux) and a hidden temporary name (elsewhere, or
    on filesystems without O_TMPFILE, forced here by turning the first route off)."""
    if request.param == "anonymous" and not has_tmpfile(tmp_path):
        pytest.skip("no O_TMPFILE (or no /proc) here: only the named route exists")
    if request.param == "named":
        monkeypatch.setattr(atomic, "_ANONYMOUS", False)
    return request.param


def test_new_file_and_replaced_file(tmp_path, route):
    target = tmp_path / "خبر.txt"
    write_atomic(target, b"first\n")
    assert target.read_bytes() == b"first\n"
    write_atomic(target, b"second\n")
    assert target.read_bytes() == b"second\n"
    assert os.listdir(tmp_path) == ["خبر.txt"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def test_error_inside_the_block_publishes_nothing(tmp_path, route):
    target = tmp_path / "out.txt"
    target.write_bytes(b"old\n")
    with pytest.raises(KeyboardInterrupt), atomic_open(target) as fh:
        fh.write(b"new but incomplete")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old\n"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_sigkill_mid_write_leaves_nothing(tmp_path):
    if not has_tmpfile(tmp_path):
        pytest.skip("no O_TMPFILE here: a SIGKILL can leave a hidden .arclean-part file")
    target = tmp_path / "out.txt"
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(target)])
    assert proc.returncode == -signal.SIGKILL
    assert os.listdir(tmp_path) == []


def test_errors_name_the_target(tmp_path, route):
    missing = tmp_path / "no-such-folder" / "out.txt"
    with pytest.raises(FileNotFoundError) as err:
        write_atomic(missing, b"x")
    assert err.value.filename == str(missing)
    folder = tmp_path / "a-folder"  # the name is taken by a folder: cannot replace it
    folder.mkdir()
    with pytest.raises(OSError) as err:
        write_atomic(folder, b"x")
    assert err.value.filename == str(folder)
    assert sorted(os.listdir(tmp_path)) == ["a-folder"]


def test_replacing_keeps_mode_and_owner_but_not_set_id_bits_nor_a_link_mode(tmp_path, route):
    script = tmp_path / "run.txt"
    script.write_bytes(b"old\n")
    script.chmod(0o4750)
    write_atomic(script, b"new\n")
    assert script.stat().st_mode & 0o7777 == 0o750
    link = tmp_path / "link.txt"
    link.symlink_to(script)
    write_atomic(link, b"file\n")  # the link (mode 0777) is replaced by a plain file
    assert not link.is_symlink() and link.stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert script.read_bytes() == b"new\n"
    if os.geteuid() == 0:  # only root can give a file to someone else
        theirs = tmp_path / "theirs.txt"
        theirs.write_bytes(b"old\n")
        os.chown(theirs, 65534, 65534)
        theirs.chmod(0o600)
        write_atomic(theirs, b"new\n")
        st = theirs.stat()
        assert (st.st_uid, st.st_gid, st.st_mode & 0o777) == (65534, 65534, 0o600)


def test_a_fifo_is_written_to_not_replaced(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    write_atomic(fifo, b"through the pipe\n")
    reader.join(10)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO (think of -o /dev/null)


def test_a_name_of_an_open_descriptor_is_written_through_not_replaced(tmp_path):
    # ``--save-removed /dev/stdout > file``: /dev/stdout leads to a regular file, and an
    # atomic replace would put a file in place of the system's /dev/stdout link.
    target = tmp_path / "captured.txt"
    link = tmp_path / "stdout"
    with open(target, "wb") as held:
        link.symlink_to(f"/proc/self/fd/{held.fileno()}")
        write_atomic(link, b"through the descriptor\n")
    assert link.is_symlink() and os.readlink(link).startswith("/proc/self/fd/")
    assert target.read_bytes() == b"through the descriptor\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".arclean-part")] == []


def test_a_filesystem_without_o_tmpfile_takes_the_named_route(tmp_path, monkeypatch):
    real_open = os.open

    def no_tmpfile(path, flags, *args, **kwargs):  # what NFS, or an old kernel, answers
        if flags & os.O_TMPFILE == os.O_TMPFILE:
            raise OSError(errno.EOPNOTSUPP, "Operation not supported", path)
        return real_open(path, flags, *args, **kwargs)

    if not atomic._ANONYMOUS:
        pytest.skip("no O_TMPFILE on this system: the named route is the only one")
    monkeypatch.setattr(os, "open", no_tmpfile)
    target = tmp_path / "out.txt"
    write_atomic(target, b"data\n")
    assert target.read_bytes() == b"data\n"
    assert os.listdir(tmp_path) == ["out.txt"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failing_block_is_not_hidden_by_a_full_disk():
    """When the block fails, what is still buffered cannot be flushed onto a full disk;
    the block's own error is the one raised, not the flush's."""
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full does not exist here")
    with pytest.raises(KeyError), atomic.atomic_open(Path("/dev/full")) as fh:
        fh.write(b"x" * 100)
        raise KeyError("the block's own error")
