"""arclean on hard-wrapped text: the real pages as HTML-to-text tools render them, and ANT
articles wrapped with chrome around them.

html2text, w3m, lynx, links and pandoc wrap every paragraph at a fixed width, so each
line is a piece of a sentence. For each page of pages-real and pages-dev that has its
HTML, this renders it with html2text at ``--widths`` (0: not wrapped, the reference)
and with each of ``TOOLS`` found on PATH (Debian's w3m, lynx, links and pandoc), and
scores arclean's output against the page's gold text (token F1, as quality.py).
The ANT part wraps ``--ant`` articles of 1,500 characters or more at each width, puts
a menu line, a share line and a copyright line around them, and counts the article's
words that the output keeps. ``--against REV`` runs git revision REV beside this tree.

    pip install -e '.[bench]'
    sudo apt-get install w3m lynx links pandoc   # (optional: each one found is run)
    python benchmarks/wrapped.py --against HEAD~1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from functools import partial
from pathlib import Path

import labelled as L
from _corpus import ROOT, ant_texts, export_src

from arcleaner.evaluate import score

# Cleans each text of a JSON list read on stdin with the default pipeline of the
# arcleaner on PYTHONPATH, and writes the outputs as a JSON list.
WORKER = (
    "import json, sys; from arcleaner import Pipeline; p = Pipeline.default(); "
    "json.dump([p.clean(t) for t in json.load(sys.stdin)], sys.stdout)"
)
# The text browsers and converters, as scrapers call them (each wraps at its default
# width; lynx writes its list of links after the page unless told not to).
TOOLS = {
    "w3m -dump": ["w3m", "-dump", "-I", "UTF-8", "-O", "UTF-8", "-T", "text/html"],
    "lynx -dump -nolist": ["lynx", "-dump", "-nolist", "-assume_charset=utf-8",
                           "-display_charset=utf-8"],
    "lynx -dump": ["lynx", "-dump", "-assume_charset=utf-8", "-display_charset=utf-8"],
    "links -dump": ["links", "-dump", "-codepage", "utf-8"],
    "pandoc -t plain": ["pandoc", "-f", "html", "-t", "plain"],
}  # fmt: skip
HEAD_LINES = ["الرئيسية | أخبار | رياضة | اقتصاد", "شارك على فيسبوك"]
FOOT_LINES = ["جميع الحقوق محفوظة © 2025"]


def clean_all(src: Path, texts: list[str]) -> list[str]:
    """The outputs of the pipeline in ``src`` for ``texts``, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.run(
        [sys.executable, "-c", WORKER], input=json.dumps(texts), capture_output=True,
        text=True, env=env, check=True,
    )  # fmt: skip
    return json.loads(proc.stdout)


def render(html: bytes, width: int) -> str:
    """The page as html2text renders it at ``width`` (0: no wrapping), links and
    images left out (their markup is not what a scraper keeps)."""
    import html2text

    conv = html2text.HTML2Text()
    conv.body_width = width
    conv.ignore_links = conv.ignore_images = True
    return conv.handle(html.decode("utf-8", "replace"))


def render_with(command: list[str], html: bytes, folder: Path) -> str:
    """The page as ``command`` renders it (a file argument: lynx and links read no
    stdin). Bytes that are not UTF-8 (lynx cuts a character of a form in two) are
    replaced, as a scraper that decodes leniently would."""
    page = folder / "page.html"
    page.write_bytes(html)
    out = subprocess.run([*command, str(page)], capture_output=True, timeout=60).stdout
    return out.decode("utf-8", "replace")


def wrap_article(text: str, width: int) -> str:
    lines: list[str] = []
    for para in text.split("\n"):
        lines += [*textwrap.wrap(para, width), ""]
    return "\n".join([*HEAD_LINES, *lines, *FOOT_LINES])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--widths", default="0,72,78,80", help="html2text widths (0: unwrapped)")
    ap.add_argument("--ant", type=int, default=300, help="ANT articles wrapped per width")
    ap.add_argument("--against", metavar="REV", help="also run git revision REV")
    args = ap.parse_args(argv)
    widths = [int(w) for w in args.widths.split(",")]
    pages = [p for p in L.real_and_dev() if p.html and p.gold]
    with tempfile.TemporaryDirectory() as tmp:
        srcs = {"this tree": ROOT / "src"}
        if args.against:
            srcs[args.against] = export_src(args.against, Path(tmp) / "rev")
        print(f"{len(pages)} real and dev pages with their HTML, rendered to text")
        print("(mean precision / recall / F1 against the gold text; lowest recall)\n")
        head = "".join(f" | {who:>28}" for who in srcs)
        print(f"{'rendered by':>22}{head}")
        renderings: dict[str, Callable[[bytes], str]] = {
            f"html2text {w or '(not wrapped)'}": partial(render, width=w) for w in widths
        }
        for name, command in TOOLS.items():
            if shutil.which(command[0]):
                renderings[name] = partial(render_with, command, folder=Path(tmp))
        for name, how in renderings.items():
            texts = [how(p.html) for p in pages]  # type: ignore[arg-type]
            cells = []
            for src in srcs.values():
                scores = [
                    score(out, p.gold, p.name)
                    for out, p in zip(clean_all(src, texts), pages, strict=True)
                ]
                n = len(scores)
                p_, r_, f_ = (
                    sum(getattr(s, k) for s in scores) / n for k in ("precision", "recall", "f1")
                )
                low = min(s.recall for s in scores)
                cells.append(f"{p_:.3f} / {r_:.3f} / {f_:.3f}, {low:.3f}")
            print(f"{name:>22}" + "".join(f" | {c:>28}" for c in cells))
        articles = [t for t in ant_texts(args.ant * 4) if len(t) >= 1500][: args.ant]
        print(f"\n{len(articles)} ANT articles wrapped, a menu, a share and a copyright line")
        print("around each: share of the article's words kept; articles that lost over 5%\n")
        print(f"{'width':>6}{''.join(f' | {who:>20}' for who in srcs)}")
        for width in [w for w in widths if w]:
            texts = [wrap_article(t, width) for t in articles]
            cells = []
            for src in srcs.values():
                kept = total = lost = 0
                for out, text in zip(clean_all(src, texts), articles, strict=True):
                    s = score(out, text)
                    words = len(text.split())
                    total += words
                    kept += s.recall * words
                    lost += s.recall < 0.95
                cells.append(f"{kept / total:.3f}, {lost:3d} lost")
            print(f"{width:>6}" + "".join(f" | {c:>20}" for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
