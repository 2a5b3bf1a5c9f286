"""Train the line model of drop-by-context, and score it leave-one-site-out.

    python benchmarks/train_line_model.py          # fit on every labelled page, write
                                                   # resources/models/line-model.json
    python benchmarks/train_line_model.py --loso   # leave-one-site-out scores only

Needs numpy (``pip install -e '.[train]'``) and ../shared. The pages are those of
``labelled.py``: real pages (pages-real, pages-dev, the seed), their tops, composite
pages, short ANT articles with a little chrome and ANT articles with none. A page's
lines are first passed through the filters that run before drop-by-context in the
default chain (lexicon hits are hard decisions), then turned into feature rows exactly
as the filter does (:func:`arcleaner.filters.context.page_items`,
:class:`arcleaner.features.Table`).

The fit: logistic regression (Newton's method, L2) on the rows, each page weighing
``KIND_WEIGHTS[kind]`` in all (so 300 generated pages do not outvote eight real ones);
the decoder's transition and start probabilities counted from the labels (the states
before / article / box / after follow from them), smoothed; ``prior`` the weighted share
of boilerplate lines. Leave-one-site-out: for each site of a real page, fit without
any page of that site (and without generated pages that carry its chrome or its
articles), then clean that site's pages and their tops with the fitted model.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import labelled as L

from arcleaner import DEFAULT_FILTERS, Pipeline
from arcleaner.document import Document
from arcleaner.evaluate import Score, score, summarize
from arcleaner.features import NAMES, Table
from arcleaner.filters.context import MODEL_NAME, page_items
from arcleaner.pipeline import _apply
from arcleaner.resources import default_resources
from arcleaner.sequence import AFTER, ALLOWED, ARTICLE, BEFORE, BOX, STATES, LineModel

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "arcleaner" / "resources" / "models" / f"{MODEL_NAME}.json"

#: What one page of each kind weighs in the fit, in all (spread over its lines).
KIND_WEIGHTS = {
    "real": 4.0,
    "dev": 4.0,
    "seed": 2.0,
    "top": 1.5,
    "composite": 1.0,
    "light": 1.0,
    "clean": 0.5,
}
L2 = 1.0
EMISSION = 1.3
SMOOTH = 0.5


@dataclass(slots=True)
class Rows:
    """One page's non-blank lines as the filter sees them: rows, labels, removed flags."""

    page: L.LabelledPage
    rows: list[list[float]]
    labels: list[int]
    forced: list[bool | None]


def hard_filters() -> list:
    """The default chain's filters that run before drop-by-context."""
    names = list(DEFAULT_FILTERS)
    return list(Pipeline(names[: names.index("drop-by-context")]).filters)


def page_rows(page: L.LabelledPage, table: Table, filters: list) -> Rows:
    doc = Document.from_text(page.raw)
    removed: list = []
    for step in filters:
        decisions = list(step.decide(doc))
        if decisions:
            doc = _apply(doc, decisions, step.name, removed)
    shapes, numbers, _, _ = page_items(doc)  # (a wrapped paragraph: its first line's label)
    all_rows = table.rows(shapes)
    rows, labels, forced = [], [], []
    for number, shape, row in zip(numbers, shapes, all_rows, strict=True):
        if not (shape.key or shape.text.strip()):
            continue
        label = page.labels[number - 1]
        if label is None:  # a line that is blank in the page but not to the table
            label = 0
        rows.append(row)
        labels.append(0 if label else 1)  # the model predicts boilerplate
        forced.append(shape.dropped)
    return Rows(page, rows, labels, forced)


def states_of(labels: list[int]) -> list[int]:
    """Decoder states from boilerplate labels (1 = boilerplate)."""
    content = [i for i, b in enumerate(labels) if not b]
    if not content:
        return [BEFORE] * len(labels)
    first, last = content[0], content[-1]
    out = []
    for i, b in enumerate(labels):
        if not b:
            out.append(ARTICLE)
        elif i < first:
            out.append(BEFORE)
        elif i > last:
            out.append(AFTER)
        else:
            out.append(BOX)
    return out


def fit(data: Iterable[Rows], l2: float = L2, emission: float = EMISSION) -> LineModel:
    """Fit the logistic weights and the decoder's probabilities on ``data``."""
    import numpy as np

    xs, ys, ws = [], [], []
    trans = np.full((4, 4), 0.0)
    start = np.zeros(4)
    for d in data:
        if not d.rows:
            continue
        weight = KIND_WEIGHTS[d.page.kind] / len(d.rows)
        xs += d.rows
        ys += d.labels
        ws += [weight] * len(d.rows)
        states = states_of(d.labels)
        start[states[0]] += KIND_WEIGHTS[d.page.kind]
        for a, b in itertools.pairwise(states):
            trans[a, b] += weight
    x, y, w = np.asarray(xs), np.asarray(ys, dtype=float), np.asarray(ws)
    beta = _newton(x, y, w, l2)
    allowed = np.zeros((4, 4), dtype=bool)
    for a, b in ALLOWED:
        allowed[a, b] = True
    trans = np.where(allowed, trans + SMOOTH * w.mean(), 0.0)
    trans /= trans.sum(axis=1, keepdims=True)
    start[[BOX, AFTER]] = 0.0
    start += np.array([1.0, 1.0, 0.0, 0.0]) * SMOOTH
    start /= start.sum()
    prior = float((y * w).sum() / w.sum())
    return LineModel(
        NAMES,
        tuple(float(b) for b in beta),
        {f"{STATES[a]}>{STATES[b]}": round(float(trans[a, b]), 6) for a, b in ALLOWED},
        {STATES[s]: round(float(start[s]), 6) for s in range(4)},
        round(prior, 6),
        emission,
    )


def _newton(x, y, w, l2: float, steps: int = 60):
    """Weighted L2-regularized logistic regression by Newton's method (no penalty on the
    bias, column 0)."""
    import numpy as np

    d = x.shape[1]
    beta = np.zeros(d)
    pen = np.full(d, l2)
    pen[0] = 1e-6
    for _ in range(steps):
        z = x @ beta
        p = 1.0 / (1.0 + np.exp(-z))
        grad = x.T @ (w * (p - y)) + pen * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(pen)
        stepv = np.linalg.solve(hess, grad)
        beta -= stepv
        if np.abs(stepv).max() < 1e-7:
            break
    return beta


# ------------------------------------------------------------------------ the pages


#: Generated pages for training come from this seed; the benchmark's composite pages
#: (quality.py, the quality gate) use seed 0, which training never sees.
TRAIN_SEED = 100


def all_pages(n_composite: int = 150, n_light: int = 100, n_clean: int = 100) -> list:
    """Every labelled page: real, dev, seed, their tops, generated and clean ANT pages."""
    real = L.real_and_dev()
    return [
        *real,
        *L.tops(real),
        *L.composite_pages(n_composite, seed=TRAIN_SEED),
        *L.composite_pages(n_light, seed=TRAIN_SEED, light=True),
        *L.clean_pages(n_clean, seed=TRAIN_SEED),
        *L.clean_pages(n_clean // 2, seed=TRAIN_SEED, lists=True),
    ]


def rows_of(pages: list) -> list[Rows]:
    table = Table(default_resources())
    filters = hard_filters()
    return [page_rows(p, table, filters) for p in pages]


def excluded(page: L.LabelledPage, site: str) -> bool:
    """Whether a page must stay out of the fit that scores ``site``."""
    ant_site = {"cnnarabic": "ant-CNN"}.get(site, "")
    return page.site in (site, ant_site) or page.chrome == site


def pipeline_with(model: LineModel, tmp: Path, **options) -> Pipeline:
    path = tmp / f"model-{id(model)}.json"
    path.write_text(json.dumps(model.as_dict()), "utf-8")
    return Pipeline.default(**{"drop-by-context": {"model": str(path), **options}})


def score_page(pipe: Pipeline, page: L.LabelledPage) -> Score:
    return score(pipe.clean(page.raw), page.gold, page.name)


def loso(data: list[Rows], opts: dict | None = None, **fit_options) -> dict[str, list[Score]]:
    """Leave-one-site-out: every real page and its tops, scored by a model fitted without
    its site. Returns scores by group: ``full`` (whole real pages) and ``top``.
    ``opts``: drop-by-context options for the cleaning."""
    sites = sorted({d.page.site for d in data if d.page.kind in ("real", "dev", "seed")})
    out: dict[str, list[Score]] = {"full": [], "top": []}
    with tempfile.TemporaryDirectory() as tmp:
        for site in sites:
            model = fit([d for d in data if not excluded(d.page, site)], **fit_options)
            pipe = pipeline_with(model, Path(tmp), **(opts or {}))
            for d in data:
                if d.page.site != site or d.page.kind not in ("real", "dev", "seed", "top"):
                    continue
                group = "top" if d.page.kind == "top" else "full"
                out[group].append(score_page(pipe, d.page))
    return out


def report(scores: dict[str, list[Score]]) -> str:
    lines = []
    for group, items in scores.items():
        s = summarize(items)
        worst = min(items, key=lambda x: x.recall) if items else None
        lines.append(
            f"{group}: {s.pages} pages, P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}, "
            f"recall < 0.95 on {s.lost_share:.0%}"
            + (f"; lowest recall {worst.recall:.3f} ({worst.name})" if worst else "")
        )
        if group == "full":
            for x in items:
                lines.append(f"  {x.name:20} P {x.precision:.3f} R {x.recall:.3f} F1 {x.f1:.3f}")
    return "\n".join(lines)


def diagnose(data: list[Rows], name: str, **fit_options) -> str:
    """Every line of page ``name`` with its label, what the fold's model decided and why:
    ``+`` article kept, ``-`` boilerplate removed, ``LOST`` article removed, ``KEPT``
    boilerplate kept."""
    target = next(d for d in data if d.page.name == name)
    model = fit([d for d in data if not excluded(d.page, target.page.site)], **fit_options)
    with tempfile.TemporaryDirectory() as tmp:
        result = pipeline_with(model, Path(tmp)).run(target.page.raw)
    why = {r.line: f"{r.filter}: {r.reason}" for r in result.removed if r.span is None}
    out = [f"## {name}: {score(result.text, target.page.gold, name)}"]
    for number, (line, label) in enumerate(
        zip(target.page.lines, target.page.labels, strict=True), 1
    ):
        if label is None:
            continue
        gone = number in why
        mark = {(1, False): "+   ", (0, True): "-   ", (1, True): "LOST", (0, False): "KEPT"}
        out.append(f"{mark[(label, gone)]} {number:4} {line[:70]:70} {why.get(number, '')[:90]}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--loso", action="store_true", help="only report leave-one-site-out")
    ap.add_argument("--l2", type=float, default=L2)
    ap.add_argument("--emission", type=float, default=EMISSION)
    ap.add_argument("-o", "--out", type=Path, default=OUT)
    ap.add_argument("--diagnose", metavar="PAGE", help="one page's lines, leave-one-site-out")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    data = rows_of(all_pages())
    print(
        f"{sum(len(d.rows) for d in data)} rows from {len(data)} pages "
        f"({time.perf_counter() - t0:.1f} s)",
        file=sys.stderr,
    )
    if args.diagnose:
        print(diagnose(data, args.diagnose, l2=args.l2, emission=args.emission))
        return 0
    print(report(loso(data, l2=args.l2, emission=args.emission)))
    if args.loso:
        return 0
    model = fit(data, l2=args.l2, emission=args.emission)
    meta = {
        "trained_on": sorted({d.page.kind for d in data}),
        "pages": len(data),
        "script": "benchmarks/train_line_model.py",
    }
    model = LineModel(
        model.names,
        model.weights,
        model.transitions,
        model.start,
        model.prior,
        model.emission,
        meta,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model.as_dict(), indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
