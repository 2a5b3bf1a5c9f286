"""Quality of arclean against the peers a user would reach for, on the same pages.

    python benchmarks/quality.py [--n 100] [--seed 0] [--json out.json]
    python benchmarks/quality.py --raise-floors tests/quality_floors.json  # the present set
    python benchmarks/quality.py --diagnose 10     # arclean's worst composite pages

Scores (``arcleaner.evaluate``: token precision / recall / F1 on match keys), in order of
what they are worth:

1. **Real pages, leave-one-site-out**: every page of ``pages-real``, ``pages-dev``, the
   seed and, where ``get_pages.py`` has built them, ``benchmarks/pages/`` (``labelled.py``),
   cleaned by a line model fitted without any page of its site (``train_line_model.py``),
   beside the peers; the headline kept or not.
2. **Short pages**: the tops of those pages (5 to 30 lines, leave-one-site-out) and
   ``--n`` short ANT articles with a little chrome (``composite.py``, light pages).
3. **Composite pages** (generated, a regression check only): ``--n`` pages from
   ``composite.py`` with ``--seed``; the packaged model never trained on this seed.
4. ``pages-dev`` 002's snippet checks (its upstream gold).

Systems: arclean (``Pipeline.default()``, or the fold's model for real pages), no
cleaning, jusText (the text's lines wrapped as ``<p>`` paragraphs, its Arabic stoplist),
trafilatura on the same wrapped text, trafilatura on the original HTML (real pages only:
it sees the structure we never get), datatrove's C4 line filter, and C4 after the Gopher
repetition filter (a rejected page counts as empty output). The peers come from the
optional ``bench`` extra (``pip install -e '.[bench]'``); a peer that is not installed
is reported and skipped. Leave-one-site-out needs numpy (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import labelled as L
import train_line_model as T
from composite import CMS_CHROME, SHORT_WORDS

from arcleaner import Pipeline
from arcleaner.evaluate import Score, check_snippets, score, summarize
from arcleaner.keys import match_key

Page = L.LabelledPage
System = Callable[[Page], str | None]  # None: the system does not apply to the page

# ---------------------------------------------------------------------------- systems


def _wrap(text: str) -> str:
    paras = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in text.split("\n") if ln.strip())
    head = '<head><meta charset="utf-8"></head>'
    return f'<html lang="ar" dir="rtl">{head}<body>\n{paras}</body></html>'


def arclean_system() -> System:
    pipe = Pipeline.default()
    return lambda page: pipe.clean(page.raw)


def no_cleaning(page: Page) -> str:
    return page.raw


def justext_system() -> System:
    import justext

    stoplist = justext.get_stoplist("Arabic")

    def run(page: Page) -> str:
        paras = justext.justext(_wrap(page.raw), stoplist)
        return "\n".join(p.text for p in paras if not p.is_boilerplate)

    return run


def trafilatura_text_system() -> System:
    import trafilatura

    def run(page: Page) -> str:
        return trafilatura.extract(_wrap(page.raw), include_comments=False) or ""

    return run


def trafilatura_html_system() -> System:
    import trafilatura

    def run(page: Page) -> str | None:
        if page.html is None:
            return None
        return trafilatura.extract(page.html, include_comments=False) or ""

    return run


def datatrove_system(gopher: bool) -> System:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter, GopherRepetitionFilter

    c4 = C4QualityFilter(language="ar")
    rep = GopherRepetitionFilter(language="ar")

    def run(page: Page) -> str:
        doc = Document(text=page.raw, id=page.name)
        if gopher and rep.filter(doc) is not True:
            return ""
        kept = c4.filter(doc)
        return doc.text if kept is True else ""

    return run


PEERS: dict[str, Callable[[], System]] = {
    "no cleaning": lambda: no_cleaning,
    "jusText (text)": justext_system,
    "trafilatura (text)": trafilatura_text_system,
    "datatrove C4": lambda: datatrove_system(False),
    "datatrove Gopher-rep + C4": lambda: datatrove_system(True),
    "trafilatura (HTML)": trafilatura_html_system,
}


def peers() -> tuple[dict[str, System], dict[str, str]]:
    """The peers that can run here, and a reason for each one that cannot."""
    ready, skipped = {}, {}
    for name, make in PEERS.items():
        try:
            ready[name] = make()
        except ImportError as exc:
            skipped[name] = f"not installed ({exc}); pip install -e '.[bench]'"
    return ready, skipped


def run_system(system: System, page: Page) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return system(page)
        except Exception as exc:  # a peer crashing on a page scores as empty output
            print(f"  {page.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return ""


# ---------------------------------------------------------------------------- scoring


def headline_kept(output: str, page: Page) -> bool:
    """Whether the page's headline is in ``output`` (compared on match keys)."""
    want = match_key(page.headline)
    return bool(want) and any(match_key(ln) == want for ln in output.split("\n"))


def real_pages() -> list[Page]:
    return L.real_and_dev()


def loso_outputs(pages: list[Page], data: list[T.Rows]) -> dict[str, str]:
    """arclean's output for every real page and page top, each cleaned by a model fitted
    without its site (and without generated pages that carry that site's chrome)."""
    out: dict[str, str] = {}
    sites = sorted({p.site for p in pages})
    with tempfile.TemporaryDirectory() as tmp:
        for site in sites:
            model = T.fit([d for d in data if not T.excluded(d.page, site)])
            pipe = T.pipeline_with(model, Path(tmp))
            for d in data:
                if d.page.site == site and d.page.kind in ("real", "dev", "seed", "top"):
                    out[d.page.name] = pipe.clean(d.page.raw)
    return out


def evaluate(n: int = 100, seed: int = 0, peer_systems: dict[str, System] | None = None) -> dict:
    """Every figure: real pages (arclean leave-one-site-out), tops, light and composite
    pages, the 002 snippets; the same for each peer where it applies."""
    t0 = time.perf_counter()
    real = real_pages()
    tops = L.tops(real)
    data = T.rows_of(T.all_pages())
    loso = loso_outputs(real, data)
    light = L.composite_pages(n, seed + 1, light=True)
    comp = L.composite_pages(n, seed)
    packaged = Pipeline.default()
    systems: dict[str, Callable[[Page], str | None]] = {
        "arclean": lambda p: loso[p.name] if p.name in loso else packaged.clean(p.raw),
        **(peer_systems or {}),
    }
    results: dict[str, dict] = {}
    for name, system in systems.items():
        t = time.perf_counter()
        r: dict = {"pages": {}}
        real_scores: list[Score] = []
        scored: list[Page] = []
        kept = 0
        for page in real:
            text = run_system(system, page)
            if text is None:
                r["pages"][page.name] = None
                continue
            s = score(text, page.gold, page.name)
            real_scores.append(s)
            scored.append(page)
            kept += headline_kept(text, page)
            r["pages"][page.name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1}
            if page.snippets:
                c = check_snippets(
                    text, page.snippets["must_contain"], page.snippets["must_not_contain"]
                )
                r["snippets"] = {
                    "passed": c.passed,
                    "total": c.total,
                    "missing": list(c.missing),
                    "leaked": list(c.leaked),
                }
        if real_scores:
            # pages-real alone: the dev pages were in view when the lexicons were written
            # (their scores are the optimistic ones); pages-real's were not.
            unseen = [s for s, p in zip(real_scores, scored, strict=True) if p.kind == "real"]
            r["real"] = {
                **summarize(real_scores).as_dict(),
                "min_recall": min(s.recall for s in real_scores),
                "headlines": kept,
                "pages_real_f1": summarize(unseen).f1 if unseen else 0.0,
            }
        for label, group in (("tops", tops), ("light", light), ("composite", comp)):
            scores = []
            for page in group:
                text = run_system(system, page)
                if text is not None:
                    scores.append(score(text, page.gold, page.name))
            r[label] = summarize(scores).as_dict() if scores else None
        short = []
        for page in comp:
            text = run_system(system, page) if page.words <= SHORT_WORDS else None
            if text is not None:
                short.append(score(text, page.gold, page.name))
        r["composite_short"] = summarize(short).as_dict() if short else None
        r["seconds"] = time.perf_counter() - t
        # The composite pages carry CMS wording only where its phrase table is found.
        r["cms_chrome"] = CMS_CHROME.exists()
        results[name] = r
    results["_meta"] = {
        "n": n,
        "seed": seed,
        "seconds": time.perf_counter() - t0,
        "real_pages": [p.name for p in real],
        "tops": len(tops),
    }
    return results


# ---------------------------------------------------------------------------- tables


def _cell(d: dict | None) -> str:
    return "n/a" if not d else f"{d['f1']:.3f} / {d['recall']:.3f}"


def tables(results: dict) -> str:
    names = [k for k in results if not k.startswith("_")]
    meta = results["_meta"]
    head = "| | " + " | ".join(names) + " |\n" + "|---" * (len(names) + 1) + "|"
    out = [
        "Real pages, leave-one-site-out for arclean (F1 / recall):",
        "",
        head.replace("| arclean |", "| arclean (LOSO) |", 1),
    ]
    for page in meta["real_pages"]:
        label = f"pages-dev {page}" if page.isdigit() else page
        out.append(
            f"| {label} | " + " | ".join(_cell(results[n]["pages"].get(page)) for n in names) + " |"
        )

    def row(label: str, fmt: Callable[[dict], str]) -> str:
        return f"| {label} | " + " | ".join(fmt(results[n]) for n in names) + " |"

    def real(key: str, form: str = "{:.3f}") -> Callable[[dict], str]:
        return lambda r: form.format(r["real"][key]) if r.get("real") else "n/a"

    total = len(meta["real_pages"])
    out += [
        row("**mean F1**", real("f1")),
        row("mean F1, pages-real only", real("pages_real_f1")),
        row("mean precision", real("precision")),
        row("mean recall", real("recall")),
        row("lowest recall", real("min_recall")),
        row(
            "headline kept",
            lambda r: f"{r['real']['headlines']}/{total}" if r.get("real") else "n/a",
        ),
        "",
        f"Short pages: {meta['tops']} page tops (5-30 lines, leave-one-site-out) and "
        f"{meta['n']} short articles with a little chrome (mean recall / F1):",
        "",
        head,
    ]

    def group(key: str) -> Callable[[dict], str]:
        return lambda r: f"{r[key]['recall']:.3f} / {r[key]['f1']:.3f}" if r.get(key) else "n/a"

    out += [
        row("page tops", group("tops")),
        row("short articles", group("light")),
        "",
        f"Composite pages (generated; {meta['n']} pages, seed {meta['seed']}):",
        "",
        head,
    ]
    for key, label in (("precision", "P"), ("recall", "R"), ("f1", "F1")):
        out.append(
            row(
                f"mean {label}",
                lambda r, k=key: f"{r['composite'][k]:.3f}" if r.get("composite") else "n/a",
            )
        )
    out.append(
        row(
            "pages with recall < 0.95",
            lambda r: f"{100 * r['composite']['lost_share']:.0f}%" if r.get("composite") else "n/a",
        )
    )
    out.append(
        row(
            f"articles of <= {SHORT_WORDS} words: F1 / lost",
            lambda r: (
                f"{r['composite_short']['f1']:.3f} / "
                f"{100 * r['composite_short']['lost_share']:.0f}%"
                if r.get("composite_short")
                else "n/a"
            ),
        )
    )
    out.append(
        row(
            "pages-dev 002 snippet checks",
            lambda r: (
                f"{r['snippets']['passed']}/{r['snippets']['total']}"
                if r.get("snippets")
                else "n/a"
            ),
        )
    )
    out.append(row("seconds (this run)", lambda r: f"{r['seconds']:.1f}"))
    return "\n".join(out)


def diagnose(pages: list[Page], k: int) -> str:
    """The ``k`` pages arclean scores worst on, with what it lost and kept wrongly.

    A gold line is *lost* when its match key is not inside the output (shown with the
    filter and reason that removed it, when one removal matches it); an output line is
    *extra* when its key is inside no gold line. Lines are cut to 100 characters.
    """
    pipe = Pipeline.default()
    rows = []
    for page in pages:
        result = pipe.run(page.raw)
        rows.append((score(result.text, page.gold, page.name), page, result))
    rows.sort(key=lambda row: row[0].f1)
    report = []
    for s, page, result in rows[:k]:
        out_lines = [ln for ln in result.text.split("\n") if ln.strip()]
        gold_lines = [ln for ln in page.gold.split("\n") if ln.strip()]
        out_keys = "\n".join(match_key(ln) for ln in out_lines)
        gold_keys = [match_key(ln) for ln in gold_lines]
        why = {match_key(r.text): f"{r.filter}: {r.reason}" for r in result.removed}
        report.append(f"## {page.name}: P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}")
        for ln in gold_lines:
            key = match_key(ln)
            if key not in out_keys:
                reason = why.get(key, "")
                report.append(
                    f"  lost : {ln[:100]}" + (f"\n         [{reason[:90]}]" if reason else "")
                )
        report += [
            f"  extra: {ln[:100]}"
            for ln in out_lines
            if not any(match_key(ln) in g for g in gold_keys)
        ]
    return "\n".join(report)


#: The figures the quality gate pins, in each page set's section of the floors file.
FLOOR_KEYS = (
    "real.f1",
    "real.min_recall",
    "real.headlines",
    "tops.recall",
    "light.recall",
    "composite.f1",
    "composite.recall",
    "composite.precision",
    "composite.lost_share",
)


def section_for(floors: dict, pages: Iterable[str], cms_chrome: bool) -> dict | None:
    """The section of the floors file set on exactly these real pages, and with (or
    without) the CMS phrase table the composite pages are built with, if any.
    Leave-one-site-out figures depend on every page (each is training data for the
    others), and composite pages on the phrase table, so floors hold only for the inputs
    they were measured on."""
    want = set(pages)
    return next(
        (
            s
            for s in floors["sections"]
            if set(s["pages"]) == want and s.get("cms_chrome", False) == cms_chrome
        ),
        None,
    )


def _section_name(pages: Iterable[str], cms_chrome: bool) -> str:
    ours = sorted(set(pages) & {p.stem for p in L.LABELS.glob("*.json")})
    name = "../shared" + (f" + benchmarks/pages ({', '.join(ours)})" if ours else "")
    return name + (" + the CMS phrase table" if cms_chrome else "")


def raise_floors(path: Path) -> int:
    """Raise each floor of the quality gate, in the section of the real pages present, to
    today's arclean figure minus epsilon (a ceiling, ``lost_share``, is lowered instead); a
    floor is never lowered. With no section for the pages present, one is added."""
    floors = json.loads(path.read_text("utf-8"))
    got = evaluate(floors["n"], floors["seed"])["arclean"]
    eps = floors["epsilon"]
    section = section_for(floors, got["pages"], got["cms_chrome"])
    changed = []
    if section is None:
        name = _section_name(got["pages"], got["cms_chrome"])
        section = {"name": name, "cms_chrome": got["cms_chrome"], "floors": {}, "pages": {}}
        floors["sections"].append(section)
        changed.append(f"new section: {section['name']} ({len(got['pages'])} real pages)")
    for key in FLOOR_KEYS:
        group, metric = key.split(".")
        value = got[group][metric]
        cell = section["floors"].get(key)
        if metric == "lost_share":
            new = value if cell is None else min(cell, value)  # a ceiling
        elif metric == "headlines":
            new = value if cell is None else max(cell, value)  # a count: no epsilon
        else:
            new = int((value - eps) * 1000) / 1000
            new = new if cell is None else max(cell, new)
        if new != cell:
            changed.append(f"{key}: {cell} -> {new}")
            section["floors"][key] = new
    for name in sorted(got["pages"], key=lambda n: (n.isdigit() or n == "seed", n)):
        page, cell = got["pages"][name], section["pages"].get(name)
        new = int((page["recall"] - eps) * 1000) / 1000
        new = new if cell is None else max(cell, new)
        if new != cell:
            changed.append(f"pages.{name}: {cell} -> {new}")
            section["pages"][name] = new
    path.write_text(json.dumps(floors, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"section: {section['name']}")
    print("\n".join(changed) or "no floor changed")
    print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100, help="composite and light pages (100)")
    ap.add_argument("--seed", type=int, default=0, help="composite generator seed")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument(
        "--raise-floors",
        type=Path,
        metavar="FLOORS_JSON",
        help="raise the quality gate's floors (tests/quality_floors.json), in the section "
        "for the real pages present (added if none), to arclean's figures minus their "
        "epsilon; a floor is never lowered",
    )
    ap.add_argument(
        "--diagnose",
        type=int,
        metavar="K",
        help="only arclean: print its K worst composite pages with lost and extra lines",
    )
    ap.add_argument("--no-peers", action="store_true", help="arclean only")
    args = ap.parse_args(argv)
    if args.raise_floors:
        return raise_floors(args.raise_floors)
    if args.diagnose:
        print(diagnose(L.composite_pages(args.n, args.seed), args.diagnose))
        return 0
    if not L.DEV.exists():
        sys.exit(f"needs {L.DEV} (third-party pages in ../shared); not found")
    ready, skipped = ({}, {}) if args.no_peers else peers()
    results = evaluate(args.n, args.seed, ready)
    print(f"command: python benchmarks/quality.py --n {args.n} --seed {args.seed}\n")
    print(tables(results))
    for name, reason in skipped.items():
        print(f"\nskipped {name}: {reason}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
