"""Render a saved HTML page to plain text the way a naive scraper sees it.

    python benchmarks/render_page.py PAGE.html > PAGE.raw.txt

Reproduces, byte for byte, the ``*.raw.txt`` renders in ``../shared/corpus/pages-real``
and ``../shared/corpus/pages-dev``: inscriptis 2.7.6 with its default (relaxed) CSS
profile, links and images not displayed, the bodies of ``<script>``, ``<style>`` and
``<noscript>`` dropped, every line stripped of leading and trailing spaces and its runs
of spaces collapsed to one, runs of blank lines collapsed to one, no blank lines at the
start, one newline at the end. Menus, tickers, footers and all are kept: that is the
point.

The bytes are decoded with the charset the page declares (``<meta charset>`` or
``http-equiv`` Content-Type; many Arabic pages are windows-1256), UTF-8 otherwise.

Needs ``pip install inscriptis==2.7.6 lxml`` (a benchmark tool, not a dependency of
arcleaner).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_properties import Display
from inscriptis.model.config import ParserConfig
from inscriptis.model.html_element import HtmlElement

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_SPACES = re.compile(r"[ \t\u00a0]+")


def decode_page(data: bytes) -> str:
    """The page's text, decoded with its declared charset (UTF-8 if none or unknown)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    match = _CHARSET.search(data[:10000])
    encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _config() -> ParserConfig:
    """inscriptis' default (relaxed) profile, which hides script and style, plus noscript."""
    css = dict(CSS_PROFILES["relaxed"])
    # A scraper running no JavaScript would see <noscript>, but the renders in
    # ../shared drop it like a browser does; the profile leaves it visible.
    css["noscript"] = HtmlElement(display=Display.none)
    return ParserConfig(css=css, display_links=False, display_images=False)


def render(html: str) -> str:
    """The plain-text render of ``html`` (see the module docstring for the rules)."""
    text = get_text(html, _config())
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("page", type=Path, help="a saved HTML page")
    args = parser.parse_args(argv)
    text = render(decode_page(args.page.read_bytes()))
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
