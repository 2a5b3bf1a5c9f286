"""``arclean report``: the page, opened in a real headless browser (Chromium), renders,
shows the JSON's numbers, sets Arabic lines right to left, and is screenshotted.

Chromium comes from Debian's packages in CI (``.ci/run`` installs it and sets
``ARCLEAN_REQUIRE_BROWSER=1``, so there the test cannot skip); on a machine without it
the test is skipped with the reason. ``ARCLEAN_BROWSER`` names another binary.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import arclean

PROMPT = "لم تشترك بعد"
MENU = "الرئيسية | أخبار | رياضة | اقتصاد"
# What the test adds to a copy of the page: the browser's own verdict on each line's
# direction (:dir() follows dir="auto" and the text), written where --dump-dom shows it.
PROBE = """<script>
for (const el of document.querySelectorAll('[dir="auto"]'))
  el.dataset.rtl = el.matches(':dir(rtl)');
for (const g of document.querySelectorAll('svg g.bin rect'))
  g.dataset.height = g.getBBox().height.toFixed(1);
document.body.dataset.width = document.body.getBoundingClientRect().width;
</script>"""
VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "source", "wbr"}


def _browser() -> str:
    found = os.environ.get("ARCLEAN_BROWSER") or next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    if found is None:
        if os.environ.get("ARCLEAN_REQUIRE_BROWSER"):
            pytest.fail("ARCLEAN_REQUIRE_BROWSER is set but no Chromium was found")
        pytest.skip("no headless Chromium here (apt-get install chromium); CI installs it")
    return found


def _chromium(browser: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run headless Chromium with a fresh profile and nothing that reaches the network."""
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run(
            [
                browser,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                *args,
            ],
            capture_output=True,
            timeout=120,
            check=True,
        )


class _Elements(HTMLParser):
    """Every element of a page as a tree: tag, attributes, text (its children's
    included) and children."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[dict] = []
        self.all: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element: dict = {"tag": tag, "attrs": dict(attrs), "text": "", "children": []}
        if self.stack:
            self.stack[-1]["children"].append(element)
        self.all.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element["text"] += data

    def find(self, tag: str | None = None, under: dict | None = None, **attrs: str) -> list[dict]:
        """Elements (under ``under``, if given) with this tag and these attributes."""
        pool = self.all if under is None else _descendants(under)
        return [
            e
            for e in pool
            if (tag is None or e["tag"] == tag)
            and all(e["attrs"].get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def _descendants(element: dict) -> list[dict]:
    out = []
    for child in element["children"]:
        out += [child, *_descendants(child)]
    return out


def _corpus(path: Path) -> Path:
    """Our own small corpus, two sources, boilerplate planted: prompts, menus, repeats."""
    records = []
    for i in range(24):
        source = "الموقع" if i % 3 else "site-b"
        title = f"عنوان الخبر رقم {i} عن المياه"
        lines = [title, f"قال الوزير إن المشروع {i} سيبدأ العام المقبل، وأضاف أن الكلفة كبيرة."]
        if i % 2:
            lines.insert(0, MENU)
        if i % 4 == 1:
            lines += [title, PROMPT]
        if i == 5:
            lines = [PROMPT]  # all boilerplate
        text = "\n".join(lines)
        records.append({"id": f"doc-{i:02d}", "text": text, "metadata": {"source": source}})
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_report_page_in_a_real_browser(tmp_path):
    browser = _browser()
    corpus = _corpus(tmp_path / "corpus.jsonl")
    run, removed = tmp_path / "run.json", tmp_path / "removed.jsonl"
    proc = arclean(str(corpus), "-o", str(tmp_path / "clean.jsonl"), "--report", str(run),
                   "--save-removed", str(removed), "-q")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    page = tmp_path / "report.html"
    proc = arclean("report", str(run), "-o", str(page))
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    html = page.read_text("utf-8")
    # Self-contained: nothing to fetch (no script, stylesheet, image, font or frame).
    for needle in ("<script", "<link", "<img", "<iframe", "url(", "@import", "http://"):
        assert needle not in html, needle

    probed = tmp_path / "probed.html"
    probed.write_text(html.replace("</body>", PROBE + "</body>"), "utf-8")
    dom = _chromium(browser, "--window-size=1200,1600", "--dump-dom", probed.as_uri())
    dom = dom.stdout.decode("utf-8")
    shot = tmp_path / "report.png"
    _chromium(browser, "--hide-scrollbars", "--window-size=1200,1600",
              f"--screenshot={shot}", page.as_uri())  # fmt: skip
    assert _png_size(shot) == (1200, 1600) and shot.stat().st_size > 30_000

    report = json.loads(run.read_text("utf-8"))
    summary, losses = report["summary"], report["summary"]["losses"]
    page_ = _Elements()
    page_.feed(dom)
    assert float(page_.find("body")[0]["attrs"]["data-width"]) > 1000  # laid out

    def figure(key: str) -> tuple[int, str]:
        (element,) = page_.find(id=key)
        return int(element["attrs"]["data-value"]), element["text"].strip()

    for key, value in (
        ("files", summary["files"]),
        ("docs-in", summary["docs"]),
        ("docs-out", summary["docs"] - summary["empty_docs"]),
        ("lines-in", summary["lines_in"]),
        ("removals", summary["lines_dropped"]),
        ("chars-removed", losses["chars_removed"]),
    ):
        assert figure(key) == (value, f"{value:,}"), key
    assert figure("bytes-in")[0] == summary["bytes_in"]
    assert figure("bytes-out")[0] == summary["bytes_out"]
    assert summary["empty_docs"] == 1 and summary["docs"] == 24

    def chart(key: str) -> dict[str, int]:
        (table,) = page_.find(id=key)
        out = {}
        for row in page_.find("tr", under=table):
            (total,) = page_.find("td", under=row, **{"class": "num"})
            value = int(total["attrs"]["data-value"])
            assert total["text"] == f"{value:,}"
            out[row["attrs"]["data-key"]] = value
        return out

    assert chart("by-filter") == summary["dropped"]
    totals = {k: sum(e["dropped"].values()) for k, e in losses["by_source"].items()}
    assert chart("by-source") == totals
    bins = [e for e in page_.all if e["attrs"].get("class") == "bin"]
    assert [int(b["attrs"]["data-value"]) for b in bins] == losses["share_histogram"]
    assert [b["attrs"]["data-key"] for b in bins] == losses["share_bins"]
    heights = []
    for element, count in zip(bins, losses["share_histogram"], strict=True):
        (label,) = page_.find("text", under=element, **{"class": "count"})
        assert label["text"] == f"{count:,}"
        (bar,) = page_.find("rect", under=element)
        heights.append(float(bar["attrs"]["data-height"]))  # as the browser drew it
        assert (heights[-1] > 0) == (count > 0)
    assert max(heights) > 100  # the tallest bin fills the chart
    (most,) = page_.find(id="most-removed")
    docs = [e["text"] for e in page_.find("td", under=most, **{"class": "doc"})]
    assert docs == [d["doc"] for d in losses["most_removed"]] and docs[0] == "doc-05"

    # Samples: every shown removal is in the removed-lines file, per filter as counted.
    records = [json.loads(line) for line in removed.read_text("utf-8").splitlines()]
    texts = {r["text"] for r in records}
    cells = [e for e in page_.all if e["attrs"].get("class") == "text"]
    assert cells and all(c["text"] in texts for c in cells)
    headers = [e for e in page_.all if e["tag"] == "h3" and "data-value" in e["attrs"]]
    assert {h["attrs"]["data-key"]: int(h["attrs"]["data-value"]) for h in headers} == {
        k: min(8, v) for k, v in summary["dropped"].items()
    }
    # Right to left where the line is Arabic, left to right where it starts in Latin.
    assert all(c["attrs"]["data-rtl"] == "true" for c in cells if c["text"] != "")
    reasons = [e for e in page_.all if e["attrs"].get("class") == "reason"]
    assert reasons and all(r["attrs"]["data-rtl"] == "false" for r in reasons)
    arabic_source = [e for e in page_.find("th") if e["text"] == "الموقع"]
    assert arabic_source and arabic_source[0]["attrs"]["data-rtl"] == "true"


def test_report_refuses_what_is_not_a_report(tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]", "utf-8")
    proc = arclean("report", str(bad), "-o", str(tmp_path / "r.html"))
    assert proc.returncode == 2 and b"not an arclean report" in proc.stderr
    assert not (tmp_path / "r.html").exists()
    proc = arclean("report", str(bad), "-o", str(bad))
    assert proc.returncode == 2 and bad.read_text("utf-8") == "[1, 2]"


def test_report_refuses_a_removed_file_that_is_not_one(tmp_path):
    # A corpus file given as --removed would show whole documents as "removed lines".
    page = tmp_path / "page.txt"
    page.write_text("نص الخبر الأول.\nلم تشترك بعد\n", "utf-8")
    run = tmp_path / "run.json"
    assert arclean(str(page), "-o", str(tmp_path / "out.txt"), "--report", str(run)).returncode == 0
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": 1, "text": "نص"}) + "\n", "utf-8")
    out = tmp_path / "r.html"
    proc = arclean("report", str(run), "-o", str(out), "--removed", str(corpus))
    assert proc.returncode == 2 and not out.exists()
    assert f"{corpus}:1: not a removed-lines record" in proc.stderr.decode()
