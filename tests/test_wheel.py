"""The built wheel (not only the editable install) ships the resource data files."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_contains_the_resource_files(tmp_path):
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
    base = ROOT / "src/arcleaner/resources"
    shipped = {
        str(p.relative_to(base.parent.parent))
        for p in base.rglob("*")
        if p.suffix in (".txt", ".json")
    }
    assert {
        "arcleaner/resources/lexicons/chrome.txt",
        "arcleaner/resources/words/stopwords.txt",
    } <= shipped
    assert shipped <= set(names)
    assert any(n.endswith("entry_points.txt") for n in names)
