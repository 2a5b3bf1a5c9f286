"""Quality of arclean against the peers a user would reach for, on the same pages.

    python benchmarks/quality.py [--n 100] [--seed 0] [--json out.json]
    python benchmarks/quality.py --raise-floors tests/quality_floors.json
    python benchmarks/quality.py --diagnose 10     # arclean's worst composite pages

Scores (``arcleaner.evaluate``: token precision / recall / F1 on match keys) on:

* ``pages-dev`` 001 and 003 (gold = the ``title`` of ``NNN.meta.json`` + ``NNN.gold.txt``),
  002 (snippets only: must-contain / must-not-contain checks passed, out of 6);
* the seed (gold = its first 16 lines);
* ``--n`` composite pages from ``composite.py`` (mean P / R / F1, share with recall < 0.95).

Systems: arclean (``Pipeline.default()``), no cleaning, jusText (the text's lines wrapped
as ``<p>`` paragraphs, its Arabic stoplist), trafilatura on the same wrapped text,
trafilatura on the original HTML (dev pages only: it sees the structure we never get),
datatrove's C4 line filter, and C4 followed by the Gopher repetition filter (a rejected
page counts as empty output). The peers come from the optional ``bench`` extra
(``pip install -e '.[bench]'``); a peer that is not installed is reported and skipped.
The datatrove filters run with ``language="ar"``, which datatrove maps to spaCy's blank
Arabic tokenizer (rule-based, no model download), so they run offline.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import SHARED
from composite import SHORT_WORDS, generate

from arcleaner import Pipeline
from arcleaner.evaluate import Score, check_snippets, score, summarize

DEV = SHARED / "corpus" / "pages-dev"
SEED = SHARED / "seeds" / "000_7da4c8fe8e2e68e4.txt"
SEED_GOLD_LINES = 16
HTML = {
    "001": "001_cnnarabic_newspaper4k.html",
    "002": "002_assabah_trafilatura.html",
    "003": "003_lbcgroup_fundus.html",
}


@dataclass(slots=True)
class EvalPage:
    """A page to score: raw text, and gold text or snippets; original HTML when we have it."""

    name: str
    raw: str
    gold: str | None = None
    must_contain: list[str] = field(default_factory=list)
    must_not_contain: list[str] = field(default_factory=list)
    html: bytes | None = None
    words: int | None = None  # article length, for composite pages


def dev_pages(dev: Path = DEV) -> list[EvalPage]:
    """The three dev pages (gold = meta title + gold body; 002 has snippets only)."""
    pages = []
    for num in ("001", "002", "003"):
        raw = (dev / f"{num}.raw.txt").read_text("utf-8")
        page_html = (dev / "html" / HTML[num]).read_bytes()
        gold_path = dev / f"{num}.gold.txt"
        if gold_path.exists():
            title = json.loads((dev / f"{num}.meta.json").read_text("utf-8"))["title"]
            gold = title + "\n" + gold_path.read_text("utf-8")
            pages.append(EvalPage(num, raw, gold, html=page_html))
        else:
            snip = json.loads((dev / f"{num}.gold_snippets.json").read_text("utf-8"))
            pages.append(
                EvalPage(
                    num,
                    raw,
                    must_contain=snip["must_contain"],
                    must_not_contain=snip["must_not_contain"],
                    html=page_html,
                )
            )
    return pages


def seed_page(path: Path = SEED) -> EvalPage:
    """The seed: gold is its first 16 lines (body, headline, sub-headline)."""
    raw = path.read_text("utf-8")
    return EvalPage("seed", raw, "\n".join(raw.split("\n")[:SEED_GOLD_LINES]))


def composite_pages(n: int = 100, seed: int = 0) -> list[EvalPage]:
    return [EvalPage(p.name, p.raw, p.gold, words=p.words) for p in generate(n, seed)]


# ---------------------------------------------------------------------------- systems

System = Callable[[EvalPage], str | None]  # None: the system does not apply to the page


def _wrap(text: str) -> str:
    paras = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in text.split("\n") if ln.strip())
    head = '<head><meta charset="utf-8"></head>'
    return f'<html lang="ar" dir="rtl">{head}<body>\n{paras}</body></html>'


def arclean_system() -> System:
    pipe = Pipeline.default()
    return lambda page: pipe.clean(page.raw)


def no_cleaning(page: EvalPage) -> str:
    return page.raw


def justext_system() -> System:
    import justext

    stoplist = justext.get_stoplist("Arabic")

    def run(page: EvalPage) -> str:
        paras = justext.justext(_wrap(page.raw), stoplist)
        return "\n".join(p.text for p in paras if not p.is_boilerplate)

    return run


def trafilatura_text_system() -> System:
    import trafilatura

    def run(page: EvalPage) -> str:
        return trafilatura.extract(_wrap(page.raw), include_comments=False) or ""

    return run


def trafilatura_html_system() -> System:
    import trafilatura

    def run(page: EvalPage) -> str | None:
        if page.html is None:
            return None
        return trafilatura.extract(page.html, include_comments=False) or ""

    return run


def datatrove_system(gopher: bool) -> System:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter, GopherRepetitionFilter

    c4 = C4QualityFilter(language="ar")
    rep = GopherRepetitionFilter(language="ar")

    def run(page: EvalPage) -> str:
        doc = Document(text=page.raw, id=page.name)
        if gopher and rep.filter(doc) is not True:
            return ""
        kept = c4.filter(doc)
        return doc.text if kept is True else ""

    return run


def systems() -> tuple[dict[str, System], dict[str, str]]:
    """The systems that can run here, and a reason for each one that cannot."""
    factories: dict[str, Callable[[], System]] = {
        "arclean": arclean_system,
        "no cleaning": lambda: no_cleaning,
        "jusText (text)": justext_system,
        "trafilatura (text)": trafilatura_text_system,
        "datatrove C4": lambda: datatrove_system(False),
        "datatrove Gopher-rep + C4": lambda: datatrove_system(True),
        "trafilatura (HTML, ceiling)": trafilatura_html_system,
    }
    ready, skipped = {}, {}
    for name, make in factories.items():
        try:
            ready[name] = make()
        except ImportError as exc:
            skipped[name] = f"not installed ({exc}); pip install -e '.[bench]'"
    return ready, skipped


# ---------------------------------------------------------------------------- scoring


def run_system(system: System, page: EvalPage) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return system(page)
        except Exception as exc:  # a peer crashing on a page scores as empty output
            print(f"  {page.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return ""


def evaluate(system: System, dev: list[EvalPage], seed: EvalPage, comp: list[EvalPage]) -> dict:
    """Every figure of one system: per dev page, seed, composite summary."""
    out: dict[str, object] = {}
    t0 = time.perf_counter()
    for page in [*dev, seed]:
        text = run_system(system, page)
        if text is None:
            out[page.name] = None
        elif page.gold is not None:
            s = score(text, page.gold, page.name)
            out[page.name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1}
        else:
            c = check_snippets(text, page.must_contain, page.must_not_contain)
            out[page.name] = {
                "passed": c.passed,
                "total": c.total,
                "missing": list(c.missing),
                "leaked": list(c.leaked),
            }
    scores: list[Score] = []
    short: list[Score] = []
    for page in comp:
        text = run_system(system, page)
        if text is not None and page.gold is not None:
            scores.append(score(text, page.gold, page.name))
            if page.words is not None and page.words <= SHORT_WORDS:
                short.append(scores[-1])
    out["composite"] = summarize(scores).as_dict() if scores else None
    out["composite_short"] = summarize(short).as_dict() if short else None
    out["seconds"] = time.perf_counter() - t0
    return out


def _fmt_pr(cell: object) -> str:
    if not cell:
        return "n/a"
    assert isinstance(cell, dict)
    return f"{cell['f1']:.3f} / {cell['recall']:.3f}"


def _fmt_short(cell: dict | None) -> str:
    if not cell:
        return "n/a"
    return f"{cell['f1']:.3f} / {100 * cell['lost_share']:.0f}%"


def table(results: dict[str, dict]) -> str:
    """One markdown table: a column per system, a row per source and figure."""
    names = list(results)
    rows: list[tuple[str, Callable[[dict], str]]] = [
        ("pages-dev 001: F1 / recall", lambda r: _fmt_pr(r.get("001"))),
        ("pages-dev 003: F1 / recall", lambda r: _fmt_pr(r.get("003"))),
        (
            "pages-dev 002: snippet checks passed",
            lambda r: f"{r['002']['passed']}/{r['002']['total']}" if r.get("002") else "n/a",
        ),
        ("seed: F1 / recall", lambda r: _fmt_pr(r.get("seed"))),
    ]
    for key, label in (("precision", "P"), ("recall", "R"), ("f1", "F1")):
        rows.append(
            (
                f"composite: mean {label}",
                lambda r, k=key: f"{r['composite'][k]:.3f}" if r.get("composite") else "n/a",
            )
        )
    rows.append(
        (
            "composite: pages with recall < 0.95",
            lambda r: f"{100 * r['composite']['lost_share']:.0f}%" if r.get("composite") else "n/a",
        )
    )
    rows.append(
        (
            f"composite, articles of <= {SHORT_WORDS} words: F1 / lost",
            lambda r: _fmt_short(r.get("composite_short")),
        )
    )
    rows.append(("seconds (all pages, this run)", lambda r: f"{r['seconds']:.1f}"))
    lines = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for label, cell in rows:
        lines.append(f"| {label} | " + " | ".join(cell(results[n]) for n in names) + " |")
    return "\n".join(lines)


def diagnose(pages: list[EvalPage], k: int) -> str:
    """The ``k`` composite pages arclean scores worst on, with what it lost and kept wrongly.

    A gold line is *lost* when its match key is not inside the output (shown with the
    filter and reason that removed it, when one removal matches it); an output line is
    *extra* when its key is inside no gold line. Lines are cut to 100 characters.
    """
    from arcleaner.keys import match_key

    pipe = Pipeline.default()
    rows = []
    for page in pages:
        result = pipe.run(page.raw)
        rows.append((score(result.text, page.gold or "", page.name), page, result))
    rows.sort(key=lambda row: row[0].f1)
    report = []
    for s, page, result in rows[:k]:
        out_lines = [ln for ln in result.text.split("\n") if ln.strip()]
        gold_lines = [ln for ln in (page.gold or "").split("\n") if ln.strip()]
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


def raise_floors(path: Path) -> int:
    """Raise each floor of the quality gate to today's arclean score minus epsilon."""
    floors = json.loads(path.read_text("utf-8"))
    comp = floors["composite"]
    got = evaluate(
        arclean_system(), dev_pages(), seed_page(), composite_pages(comp["n"], comp["seed"])
    )
    eps = floors["epsilon"]

    def bump(cell: dict, key: str, value: float) -> None:
        new = max(cell[key], int((value - eps) * 1000) / 1000)
        if new != cell[key]:
            print(f"{key}: {cell[key]} -> {new}")
        cell[key] = new

    for page in ("001", "003", "seed"):
        for metric in ("f1", "recall"):
            bump(floors[page], metric, got[page][metric])
    for metric in ("f1", "recall", "precision"):
        bump(comp, metric, got["composite"][metric])
    comp["lost_share_max"] = min(comp["lost_share_max"], got["composite"]["lost_share"])
    floors["002"]["passed_min"] = max(floors["002"]["passed_min"], got["002"]["passed"])
    path.write_text(json.dumps(floors, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="arclean vs peers on dev, seed, composite pages")
    ap.add_argument("--n", type=int, default=100, help="composite pages (default 100)")
    ap.add_argument("--seed", type=int, default=0, help="composite generator seed")
    ap.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    ap.add_argument(
        "--raise-floors",
        type=Path,
        metavar="FLOORS_JSON",
        help="set the quality-gate floors (tests/quality_floors.json) to arclean's scores "
        "minus their epsilon; a floor is never lowered",
    )
    ap.add_argument(
        "--diagnose",
        type=int,
        metavar="K",
        help="only arclean: print its K worst composite pages with lost and extra lines",
    )
    args = ap.parse_args(argv)
    if args.raise_floors:
        return raise_floors(args.raise_floors)
    if args.diagnose:
        print(diagnose(composite_pages(args.n, args.seed), args.diagnose))
        return 0
    if not DEV.exists():
        sys.exit(f"needs {DEV} (third-party pages in ../shared); not found")
    dev, seed, comp = dev_pages(), seed_page(), composite_pages(args.n, args.seed)
    ready, skipped = systems()
    results = {}
    for name, system in ready.items():
        print(f"running {name} ...", file=sys.stderr)
        results[name] = evaluate(system, dev, seed, comp)
    print(f"command: python benchmarks/quality.py --n {args.n} --seed {args.seed}\n")
    print(table(results))
    for name, reason in skipped.items():
        print(f"\nskipped {name}: {reason}")
    missing = {n: r["002"] for n, r in results.items() if r.get("002") and r["002"]["passed"] < 6}
    if "arclean" in missing:
        print(
            f"\narclean on 002: missing {missing['arclean']['missing']}, "
            f"leaked {missing['arclean']['leaked']}"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
