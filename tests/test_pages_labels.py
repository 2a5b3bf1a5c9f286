"""Our labels of real pages (benchmarks/pages/*.json) and the script that builds the pages."""

from __future__ import annotations

import hashlib
import json
import sys

import pytest

from conftest import ROOT

LABELS = sorted((ROOT / "benchmarks" / "pages").glob("*.json"))
FIELDS = {
    "name", "site", "url", "source_repo", "commit", "path", "license", "sha256",
    "raw_lines", "content_lines", "notes",
}  # fmt: skip


@pytest.mark.parametrize("path", LABELS, ids=lambda p: p.stem)
def test_label_file_is_well_formed(path):
    meta = json.loads(path.read_text("utf-8"))
    assert set(meta) == FIELDS
    assert meta["name"] == path.stem
    assert len(meta["sha256"]) == 64 and int(meta["sha256"], 16) >= 0
    lines = meta["content_lines"]
    assert lines == sorted(set(lines)) and lines and 0 <= lines[0] and lines[-1] < meta["raw_lines"]
    if meta["source_repo"]:
        assert len(meta["commit"]) == 40 and meta["path"]


def test_get_pages_builds_checks_and_reports(tmp_path, capsys):
    pytest.importorskip("inscriptis", reason="get_pages renders with inscriptis (bench extra)")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import get_pages

    html = '<html><head><meta charset="utf-8"></head><body><ul><li>الرئيسية</li></ul>'
    html += "<h1>عنوان الخبر</h1><p>الفقرة الأولى من الخبر.</p><p>حقوق النشر</p></body></html>"
    data = html.encode("utf-8")
    from render_page import decode_page, render

    raw = render(decode_page(data)).split("\n")
    content = [i for i, ln in enumerate(raw) if ln in ("عنوان الخبر", "الفقرة الأولى من الخبر.")]
    meta = {
        "name": "t_1", "site": "t", "url": "", "source_repo": None, "commit": None,
        "path": None, "license": None, "sha256": hashlib.sha256(data).hexdigest(),
        "raw_lines": len(raw), "content_lines": content, "notes": "",
    }  # fmt: skip
    assert get_pages.build(meta, data, tmp_path) == 2
    assert (tmp_path / "t_1.gold.txt").read_text(
        "utf-8"
    ) == "عنوان الخبر\nالفقرة الأولى من الخبر.\n"
    assert json.loads((tmp_path / "t_1.meta.json").read_text("utf-8")) == meta
    with pytest.raises(get_pages.PageError, match="sha256"):
        get_pages.build(meta, data + b" ", tmp_path / "bad")
    with pytest.raises(get_pages.PageError, match="no upstream"):
        get_pages.upstream_url(meta)
