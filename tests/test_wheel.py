"""The built wheel (not only the editable install) ships the lexicon data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_contains_lexicons(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("arcleaner-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packaged = {n.rsplit("/", 1)[-1] for n in names if n.startswith("arcleaner/lexicons/")}
    shipped = {p.name for p in (ROOT / "src/arcleaner/lexicons").glob("*.txt")}
    assert shipped and shipped <= packaged
    assert any(n.endswith("entry_points.txt") for n in names)
