"""Shared test helpers: where the third-party data lives, and how to run the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Third-party text (the seed, the corpora) is never copied into the project: tests read
# it from the shared folder beside the checkout, or from $ARCLEAN_SHARED.
SHARED = Path(os.environ.get("ARCLEAN_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seeds" / "000_7da4c8fe8e2e68e4.txt"
ARCLEAN = Path(sys.executable).parent / "arclean"


def need_shared(path: Path) -> Path:
    """Skip the calling test, with the reason, when third-party data is not beside us."""
    if not path.exists():
        pytest.skip(f"{path} not found: third-party data lives in ../shared, absent on a clone")
    return path


def arclean(
    *args: str, input: bytes | None = None, **kw: object
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed ``arclean`` console script as a subprocess."""
    return subprocess.run(
        [str(ARCLEAN), *args],
        input=input,
        capture_output=True,
        timeout=120,
        **kw,  # type: ignore[call-overload]
    )


def arclean_into_head(args: str, head: str = "-1") -> subprocess.CompletedProcess[bytes]:
    """Run ``arclean ARGS | head HEAD`` in bash; stdout ends with arclean's exit status."""
    return subprocess.run(
        f"'{ARCLEAN}' {args} | head {head}; echo ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        timeout=120,
    )


def unprivileged() -> list[str]:
    """A command prefix that drops root (permission bits mean nothing to root)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root and setpriv is missing: permissions cannot be tested")
    prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    probe = subprocess.run([*prefix, str(ARCLEAN), "--version"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(
            "running as root, and user 'nobody' cannot run this environment's arclean "
            f"(is the virtual environment in a private folder?): {probe.stderr[-200:]!r}"
        )
    return prefix


def run_on_a_terminal(
    *args: str, stdin: object = None, env: dict[str, str] | None = None
) -> tuple[int, str]:
    """Run arclean with stderr on a pseudo-terminal (and ``env`` added to the
    environment); return (exit code, what it showed)."""
    import pty

    master, slave = pty.openpty()
    p = subprocess.Popen(
        [str(ARCLEAN), *args],
        stderr=slave,
        stdout=subprocess.DEVNULL,
        stdin=stdin,
        env={**os.environ, **(env or {})},
    )
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closes when arclean exits
            break
        if not data:
            break
        shown += data
    os.close(master)
    return p.wait(timeout=60), shown.decode("utf-8", "replace")
