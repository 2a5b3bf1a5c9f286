"""Build the labelled pages of ``benchmarks/pages/`` into a folder in the pages-real layout.

    python benchmarks/get_pages.py                      # download from upstream
    python benchmarks/get_pages.py --html DIR           # NAME.html files you already have
    python benchmarks/get_pages.py --dest DIR           # default ~/.cache/arcleaner/pages

Each ``benchmarks/pages/NAME.json`` holds our labels for one real news page (which
lines of its render are the article, by the rules of ``../shared/corpus/pages-real/
README.md``) and where the page came from: a public repository, commit and path. The
page text is the news site's own and is not in this project; this script fetches the
HTML (``https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH``, or ``--html DIR/
NAME.html``), checks its sha256, renders it with ``render_page.py`` (as pages-real's
were rendered) and writes ``NAME.html``, ``NAME.raw.txt``, ``NAME.gold.txt`` and
``NAME.meta.json`` into ``--dest``. ``labelled.py`` (so ``quality.py``,
``train_line_model.py`` and the quality gate) reads that folder (``$ARCLEAN_PAGES``,
default ``~/.cache/arcleaner/pages``) beside pages-real.

A page that cannot be had (no upstream recorded, a failed download, a sha256 or line
count mismatch) is one line on stderr; the others go on; the exit status is 1 if any
failed. Needs inscriptis 2.7.6 (``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = HERE / "pages"
DEFAULT_DEST = Path(
    os.environ.get("ARCLEAN_PAGES") or Path.home() / ".cache" / "arcleaner" / "pages"
).expanduser()
RAW_URL = "https://raw.githubusercontent.com/{repo}/{commit}/{path}"


class PageError(Exception):
    """Why one page could not be built."""


def upstream_url(meta: dict) -> str:
    if not (meta.get("source_repo") and meta.get("commit") and meta.get("path")):
        raise PageError("no upstream recorded (repository, commit, path); pass --html DIR")
    path = urllib.parse.quote(meta["path"])
    return RAW_URL.format(repo=meta["source_repo"], commit=meta["commit"], path=path)


def fetch(url: str, timeout: float = 60.0) -> bytes:
    req = urllib.request.Request(url, headers={"User-Agent": "arcleaner-get-pages"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read()
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PageError(f"download failed: {url}: {exc}") from exc


def html_of(meta: dict, html_dir: Path | None) -> bytes:
    if html_dir is not None:
        path = html_dir / f"{meta['name']}.html"
        if not path.exists():
            raise PageError(f"{path} not found")
        return path.read_bytes()
    return fetch(upstream_url(meta))


def build(meta: dict, data: bytes, dest: Path) -> int:
    """Check ``data`` against ``meta``, render it and write the page; the gold line count."""
    from render_page import decode_page, render

    digest = hashlib.sha256(data).hexdigest()
    if digest != meta["sha256"]:
        raise PageError(f"sha256 mismatch: got {digest}, the labels are for {meta['sha256']}")
    raw = render(decode_page(data))
    lines = raw.split("\n")
    if len(lines) != meta["raw_lines"]:
        raise PageError(f"render has {len(lines)} lines, the labels expect {meta['raw_lines']}")
    content = meta["content_lines"]
    if any(not lines[i].strip() for i in content):
        raise PageError("a labelled line is blank in the render")
    gold = "\n".join(lines[i] for i in content) + "\n"
    dest.mkdir(parents=True, exist_ok=True)
    name = meta["name"]
    (dest / f"{name}.html").write_bytes(data)
    (dest / f"{name}.raw.txt").write_bytes(raw.encode("utf-8"))
    (dest / f"{name}.gold.txt").write_bytes(gold.encode("utf-8"))
    (dest / f"{name}.meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    return len(content)


def label_files(names: list[str] | None = None) -> list[Path]:
    paths = sorted(LABELS.glob("*.json"))
    if names:
        paths = [p for p in paths if p.stem in names]
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--html", type=Path, metavar="DIR", help="take NAME.html from DIR")
    ap.add_argument(
        "--dest", type=Path, default=DEFAULT_DEST, help=f"output folder ({DEFAULT_DEST})"
    )
    ap.add_argument("names", nargs="*", help="only these pages (default: all)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    failed = 0
    for path in label_files(args.names):
        meta = json.loads(path.read_text("utf-8"))
        try:
            gold = build(meta, html_of(meta, args.html), args.dest)
        except PageError as exc:
            print(f"{meta['name']}: {exc}", file=sys.stderr)
            failed += 1
            continue
        print(f"{meta['name']}: {meta['raw_lines']} lines, {gold} gold -> {args.dest}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
