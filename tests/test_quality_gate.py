"""Quality gate: the default pipeline must not score below the floors in quality_floors.json.

The figures are those of ``benchmarks/quality.py``: real pages (``../shared/corpus/
pages-real``, ``pages-dev``, the seed, and the pages of ``benchmarks/pages/`` where
``benchmarks/get_pages.py`` has built them) cleaned **leave-one-site-out** (the line model
is fitted without the page's site, as ``benchmarks/train_line_model.py`` fits it), the
tops of those pages, short articles with a little chrome, and generated composite pages.
The floors file holds one section per set of real pages (every figure depends on every
page, each being training data for the others); the gate checks the section whose pages
are those present, and skips, saying so, if none is. A change that lowers a figure fails
here; raising a floor is a deliberate commit (``python benchmarks/quality.py
--raise-floors tests/quality_floors.json``, which raises the present set's section or adds
it). The pages are third-party text read from ../shared: the gate skips when it is absent.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, need_shared

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text("utf-8"))
SECTIONS = FLOORS["sections"]
FIGURES = sorted({key for s in SECTIONS for key in s["floors"]})
PAGES = sorted({page for s in SECTIONS for page in s["pages"]})


@pytest.fixture(scope="module")
def results() -> dict:
    need_shared(SHARED / "corpus" / "pages-dev")
    need_shared(SHARED / "corpus" / "pages-real")
    need_shared(SHARED / "corpus" / "ant-multisource" / "ant_v2.1_multisource.jsonl.gz")
    need_shared(SHARED / "seeds" / "000_7da4c8fe8e2e68e4.txt")
    pytest.importorskip("numpy", reason="the line model is fitted with numpy: pip install numpy")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import quality

    return quality.evaluate(FLOORS["n"], FLOORS["seed"])["arclean"]


@pytest.fixture(scope="module")
def section(results) -> dict:
    """The floors set on exactly the real pages present (see the module docstring)."""
    import quality

    got = quality.section_for(FLOORS, results["pages"], results["cms_chrome"])
    if got is None:
        cms = "with" if results["cms_chrome"] else "without"
        pytest.skip(
            f"no section of quality_floors.json was set on the real pages present "
            f"({', '.join(sorted(results['pages']))}) {cms} the CMS phrase table: the "
            f"pages in ../shared (or in $ARCLEAN_PAGES) differ from those the floors "
            f"were set on"
        )
    return got


def test_floors_file_sections_are_distinct():
    sets = [(frozenset(s["pages"]), s.get("cms_chrome", False)) for s in SECTIONS]
    assert len(set(sets)) == len(sets)


@pytest.mark.parametrize("key", FIGURES)
def test_figure_floor(results, section, key):
    if key not in section["floors"]:
        pytest.skip(f"{key} has no floor in section {section['name']}")
    group, metric = key.split(".")
    got, floor = results[group][metric], section["floors"][key]
    if metric == "lost_share":
        assert got <= floor, f"{key}: {got:.3f} above its ceiling {floor}"
    else:
        assert got >= floor, f"{key}: {got:.4f} fell below its floor {floor}"


@pytest.mark.parametrize("page", PAGES)
def test_real_page_recall_floor(results, section, page):
    got = results["pages"].get(page)
    if got is None:
        pytest.skip(f"page {page} is not present (../shared, $ARCLEAN_PAGES)")
    floor = section["pages"][page]
    assert got["recall"] >= floor, f"{page}: recall {got['recall']:.4f} below its floor {floor}"


def test_every_real_page_keeps_its_headline(results):
    assert results["real"]["headlines"] == results["real"]["pages"]


def test_snippet_page(results):
    got = results["snippets"]
    assert got["passed"] >= FLOORS["snippets_min"], (
        f"002: {got['passed']}/{got['total']} snippet checks; missing {got['missing']}, "
        f"leaked {got['leaked']}"
    )


def test_composite_pages_are_deterministic_and_labelled():
    need_shared(SHARED / "corpus" / "ant-multisource" / "ant_v2.1_multisource.jsonl.gz")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import composite

    from arcleaner.evaluate import score

    docs = composite._load_ant()
    a = composite.generate(40, seed=7, docs=docs)
    assert [p.raw for p in a] == [p.raw for p in composite.generate(40, seed=7, docs=docs)]
    assert [p.raw for p in a] != [p.raw for p in composite.generate(40, seed=8, docs=docs)]
    # Short articles are in on purpose; blank-line runs are collapsed as in the dev pages.
    assert sum(p.words <= composite.SHORT_WORDS for p in a) == round(40 * composite.SHORT_SHARE)
    assert all("\n\n\n" not in p.raw for p in a)
    for page in a:
        title = page.gold.split("\n", 1)[0]
        # Every gold token is in the page (recall of the raw page is 1), the page carries
        # much more than the gold, and the title appears at least three times (breadcrumb,
        # headline, repeat after the body).
        raw_score = score(page.raw, page.gold)
        assert raw_score.recall == 1.0
        assert raw_score.precision < 0.9
        assert page.raw.count(title) >= 3
        # The labels mark exactly the article's lines: the gold, title once.
        lines = page.raw.split("\n")
        kept = "\n".join(ln for ln, lab in zip(lines, page.labels, strict=True) if lab == 1)
        assert score(kept, page.gold).f1 == 1.0
