"""A third-party step registered through an entry point shows up and runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, arclean

PLUGIN = ROOT / "tests" / "plugin"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> Path:
    """Install the tiny test plugin package into a private target directory."""
    target = tmp_path_factory.mktemp("plugin-site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def test_plugin_listed_and_runs(plugin_path):
    env = {**os.environ, "PYTHONPATH": str(plugin_path)}
    listed = arclean("filters", env=env)
    assert listed.returncode == 0, listed.stderr
    text = listed.stdout.decode()
    assert "drop-shouting" in text and "from arclean-testplugin" in text
    assert "normalize-ellipsis" in text

    proc = arclean(
        "--config",
        str(PLUGIN / "plugin.toml"),
        "--explain",
        input="نص الخبر...\nBREAKING NEWS\n".encode(),
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "نص الخبر…\n"
    assert "drop-shouting: all-caps Latin line" in proc.stderr.decode()
