"""A new user's mistakes and a machine's faults, through the real ``arclean``: each is loud
(one line naming what and where), clean (no traceback, nothing half-written) and loses
nothing (what was not cleaned is named, exit 123)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from conftest import ARCLEAN, FIXTURES, unprivileged

RAW = FIXTURES / "cases" / "headline-paywall.raw.txt"


def test_unreadable_folders_are_failures_not_silence():
    prefix = unprivileged()
    base = Path(tempfile.mkdtemp(prefix="arclean-walk-"))
    try:
        base.chmod(0o777)
        raw = base / "raw"
        for rel in ("d0/a.txt", "d1/b.txt", "d2/c.txt", "d3/sub/z.txt", "d3/y.txt"):
            (raw / rel).parent.mkdir(parents=True, exist_ok=True)
            (raw / rel).write_text("نص الخبر.\n", "utf-8")
        for path in [raw, *raw.rglob("*")]:
            path.chmod(0o777 if path.is_dir() else 0o666)
        (raw / "d1").chmod(0)  # cannot be listed
        (raw / "d3").chmod(0o444)  # listed, but nothing inside can be opened
        proc = subprocess.run(
            [*prefix, str(ARCLEAN), str(raw), "-o", str(base / "out"), "-j", "2"],
            capture_output=True,
            timeout=120,
        )
        err = proc.stderr.decode().strip().split("\n")
        assert proc.returncode == 123, err
        assert err[:3] == [
            "arclean: error: d1/: cannot read this folder (Permission denied); "
            "its files were not cleaned",
            "arclean: error: d3/sub/: cannot read this folder (Permission denied); "
            "its files were not cleaned",
            "arclean: error: d3/y.txt: Permission denied",
        ]
        assert err[3].startswith("arclean: 5 files (2 cleaned, 3 failed)")
        assert sorted(p.name for p in (base / "out").rglob("*.txt")) == ["a.txt", "c.txt"]
    finally:
        (raw / "d1").chmod(0o777)
        (raw / "d3").chmod(0o777)
        shutil.rmtree(base)
