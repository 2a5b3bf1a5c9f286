"""Atomic writes: a file appears complete under its name or not at all, even after SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

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


@pytest.fixture(params=["anonymous", "named"])
def route(request, monkeypatch):
    """Both ways of writing: O_TMPFILE (Linux) and a hidden temporary name (elsewhere, or
    on filesystems without O_TMPFILE, forced here by turning the first route off)."""
    if request.param == "anonymous" and not atomic._ANONYMOUS:
        pytest.skip("no O_TMPFILE or no /proc on this system: only the named route exists")
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
    if not atomic._ANONYMOUS:
        pytest.skip("no O_TMPFILE or no /proc: a SIGKILL can leave a hidden .arclean-part file")
    target = tmp_path / "out.txt"
    proc = subprocess.run([sys.executable, "-c", KILLED_MID_WRITE, str(target)])
    assert proc.returncode == -signal.SIGKILL
    assert os.listdir(tmp_path) == []


def test_unwritable_folder_names_the_target(tmp_path, route):
    missing = tmp_path / "no-such-folder" / "out.txt"
    with pytest.raises(FileNotFoundError) as err:
        write_atomic(missing, b"x")
    if route == "anonymous":
        assert err.value.filename == str(missing)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
