"""Labelled pages: every line of a page marked article (1) or boilerplate (0), with its site.

The line model is trained and scored on these (``train_line_model.py``, ``quality.py``):

* ``real``: ``../shared/corpus/pages-real/`` (labelled line by line; ``content_lines``),
  and the pages labelled in ``benchmarks/pages/`` once ``get_pages.py`` has built them
  (the folder ``$ARCLEAN_PAGES``, default ``~/.cache/arcleaner/pages``; skipped when
  absent), in the same layout;
* ``dev``: ``../shared/corpus/pages-dev/`` 001 and 003 (a raw line is article when its key
  is a gold line's key; the title is its first copy before the body), 002 (snippet gold
  only: labelled here by hand, :data:`DEV_LABELS`, by the pages-real rules);
* ``seed``: the seed article (its first 16 lines are the article);
* ``composite``: generated pages (``composite.py``), labelled by construction;
* ``light``: short ANT articles with a little chrome around them (``composite.py``);
* ``clean``: ANT articles with no chrome at all (no known boilerplate family);
* ``top``: the first 5 to 30 lines of every real and dev page (a page top: a headline, a
  few paragraphs and some chrome), the shape a short scrape has.

``site`` is what leave-one-site-out holds out: a page is scored by a model fitted
without any page of its site, and without composite pages that carry its chrome.
"""

from __future__ import annotations

import json
import os
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import SHARED

from arcleaner.keys import match_key

REAL = SHARED / "corpus" / "pages-real"
#: Our labels of more real pages (``NAME.json``); ``get_pages.py`` builds the pages.
LABELS = Path(__file__).resolve().parent / "pages"
#: Where ``get_pages.py`` builds them by default (pages-real's layout).
DEFAULT_PAGES = Path.home() / ".cache" / "arcleaner" / "pages"


def pages_folder() -> Path | None:
    """``$ARCLEAN_PAGES`` (an empty value: none), else ``~/.cache/arcleaner/pages``."""
    env = os.environ.get("ARCLEAN_PAGES")
    if env is None:
        return DEFAULT_PAGES
    return Path(env).expanduser() if env else None


DEV = SHARED / "corpus" / "pages-dev"
SEED = SHARED / "seeds" / "000_7da4c8fe8e2e68e4.txt"
SEED_GOLD_LINES = 16
SEED_HEADLINE = 14  # the seed's headline follows its body (0-based line)
DEV_SITES = {"001": "cnnarabic", "002": "assabah", "003": "lbcgroup"}
DEV_HTML = {
    "001": "001_cnnarabic_newspaper4k.html",
    "002": "002_assabah_trafilatura.html",
    "003": "003_lbcgroup_fundus.html",
}
#: 002 has snippet gold only; these are its article lines (0-based), labelled by the
#: pages-real rules: the headline, the dek, the interview's questions and answers; not
#: the interviewer's byline ("حوار: ...").
DEV_LABELS = {
    "002": [
        *(22, 26, 30, 31, 33, 34, 35, 37, 38, 40, 41, 43, 44, 46, 47, 48, 50, 51, 53, 54),
        *(56, 57, 59, 60, 61),
    ],
}


@dataclass(slots=True)
class LabelledPage:
    """A page's raw lines with a label per line (None for blank lines) and its gold."""

    name: str
    site: str
    kind: str
    lines: list[str]
    labels: list[int | None]
    gold: str
    chrome: str = ""  # the site whose chrome a generated page carries
    snippets: dict = field(default_factory=dict)
    headline: str = ""  # the page's headline (real pages), to check that it is kept
    html: bytes | None = None  # the page as saved, for the peers that read HTML
    words: int = 0  # a generated page's article length

    @property
    def raw(self) -> str:
        return "\n".join(self.lines)

    def excerpt(self, start: int, k: int) -> LabelledPage:
        """``k`` lines of the page from ``start``, as a page of its own."""
        lines, labels = self.lines[start : start + k], self.labels[start : start + k]
        gold = "\n".join(ln for ln, lab in zip(lines, labels, strict=True) if lab == 1)
        name = f"{self.name}:{start}+{k}"
        return LabelledPage(name, self.site, "top", lines, labels, gold, self.chrome)


def _labels(lines: list[str], content: set[int]) -> list[int | None]:
    return [None if not ln.strip() else int(i in content) for i, ln in enumerate(lines)]


def real_folders() -> list[Path]:
    """Where labelled real pages are read: pages-real, and our built pages if present."""
    folders = [REAL]
    pages = pages_folder()
    if pages is not None and pages.is_dir() and pages.resolve() != REAL.resolve():
        folders.append(pages)
    return folders


def real_pages(folder: Path | None = None) -> list[LabelledPage]:
    """Every labelled page of ``folder`` (default: pages-real and our built pages, see
    :func:`real_folders`), in name order; a name already read is not read again."""
    metas: dict[str, Path] = {}
    for where in [folder] if folder is not None else real_folders():
        for meta_path in where.glob("*.meta.json"):
            metas.setdefault(meta_path.name, meta_path)
    pages = []
    for meta_path in (metas[k] for k in sorted(metas)):
        folder_of = meta_path.parent
        meta = json.loads(meta_path.read_text("utf-8"))
        name = meta_path.name.removesuffix(".meta.json")
        lines = (folder_of / f"{name}.raw.txt").read_text("utf-8").split("\n")
        gold = (folder_of / f"{name}.gold.txt").read_text("utf-8")
        labels = _labels(lines, set(meta["content_lines"]))
        html_path = folder_of / f"{name}.html"
        pages.append(
            LabelledPage(
                name,
                meta["site"],
                "real",
                lines,
                labels,
                gold,
                headline=lines[min(meta["content_lines"])],
                html=html_path.read_bytes() if html_path.exists() else None,
            )
        )
    return pages


def dev_pages(folder: Path = DEV) -> list[LabelledPage]:
    """The three dev pages, labelled line by line."""
    pages = []
    for num, site in DEV_SITES.items():
        lines = (folder / f"{num}.raw.txt").read_text("utf-8").split("\n")
        keys = [match_key(ln) for ln in lines]
        gold_path = folder / f"{num}.gold.txt"
        if num in DEV_LABELS:
            content = set(DEV_LABELS[num])
            snip = json.loads((folder / f"{num}.gold_snippets.json").read_text("utf-8"))
            gold = "\n".join(lines[i] for i in sorted(content))
        else:
            snip = {}
            title = json.loads((folder / f"{num}.meta.json").read_text("utf-8"))["title"]
            body = gold_path.read_text("utf-8")
            gold_keys = {match_key(g) for g in body.split("\n")} - {""}
            content = {i for i, k in enumerate(keys) if k in gold_keys}
            first = min(content)
            title_key = match_key(title)
            # The headline once: its first copy in the 15 lines above the body.
            content.add(min(i for i in range(max(0, first - 15), first) if keys[i] == title_key))
            gold = title + "\n" + body
        html = (folder / "html" / DEV_HTML[num]).read_bytes()
        pages.append(
            LabelledPage(
                num,
                site,
                "dev",
                lines,
                _labels(lines, content),
                gold,
                snippets=snip,
                headline=lines[min(content)],
                html=html,
            )
        )
    return pages


def seed_page(path: Path = SEED) -> LabelledPage:
    lines = path.read_text("utf-8").split("\n")
    content = set(range(SEED_GOLD_LINES))
    gold = "\n".join(lines[:SEED_GOLD_LINES])
    headline = lines[SEED_HEADLINE]
    return LabelledPage(
        "seed", "aawsat", "seed", lines, _labels(lines, content), gold, headline=headline
    )


def composite_pages(n: int = 100, seed: int = 0, light: bool = False) -> list[LabelledPage]:
    """Generated pages (``light``: short articles with a little chrome), labelled."""
    import composite

    pages = []
    for p in composite.generate(n, seed, light=light):
        lines = p.raw.split("\n")
        kind = "light" if light else "composite"
        pages.append(
            LabelledPage(
                f"{kind}{seed}:{p.name}",
                f"ant-{p.source}",
                kind,
                lines,
                list(p.labels),
                p.gold,
                chrome=p.chrome,
                words=p.words,
            )
        )
    return pages


def _has_list(lines: list[str]) -> bool:
    """Whether an article holds a list: three lines in a row of 15 words or fewer."""
    run = 0
    for line in lines:
        run = run + 1 if len(line.split()) <= 15 else 0
        if run >= 3:
            return True
    return False


def clean_pages(n: int = 100, seed: int = 0, lists: bool = False) -> list[LabelledPage]:
    """ANT articles with no known boilerplate, as they stand: every line is article.
    ``lists``: only articles that hold a list (a ranking, a line-up, a fact box), the
    article lines most like chrome."""
    import composite

    docs, _ = composite._load_ant()
    rng = random.Random(seed)
    order = list(range(len(docs)))
    rng.shuffle(order)
    pages = []
    for i in order:
        art = composite._clean_article(docs[i])
        if art is None or (lists and not _has_list(list(art.lines))):
            continue
        lines = list(art.lines)
        labels: list[int | None] = [1] * len(lines)
        pages.append(
            LabelledPage(
                f"clean:{art.id}", f"ant-{art.source}", "clean", lines, labels, "\n".join(lines)
            )
        )
        if len(pages) >= n:
            break
    return pages


def tops(pages: list[LabelledPage], seed: int = 0, per_page: int = 3) -> list[LabelledPage]:
    """Page tops: 5 to 30 lines from the top of each page, ``per_page`` cuts each, each
    holding the headline and at least one paragraph of the article (10 words or more).
    Where the article starts past line 25 (a long menu first), the excerpt starts up to
    ten lines above its first article line instead: a short scrape of the page's top."""
    rng = random.Random(seed)
    out = []
    for page in pages:
        first = next((i for i, lab in enumerate(page.labels) if lab == 1), None)
        if first is None:
            continue
        cuts = set()
        for _ in range(per_page * 6):
            start = 0 if first < 25 else max(0, first - rng.randint(0, 10))
            k = rng.randint(5, 30)
            labels = page.labels[start : start + k]
            body = [
                ln
                for ln, lab in zip(page.lines[start : start + k], labels, strict=True)
                if lab == 1 and len(ln.split()) >= 10
            ][1:]  # past the headline
            if body and start + k <= len(page.lines):
                cuts.add((start, k))
            if len(cuts) >= per_page:
                break
        out += [page.excerpt(start, k) for start, k in sorted(cuts)]
    return out


def real_and_dev() -> list[LabelledPage]:
    """Every real page we have: pages-real, pages-dev and the seed."""
    return [*real_pages(), *dev_pages(), seed_page()]
