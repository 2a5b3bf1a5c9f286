"""The line model and the page decoder: how likely each line is boilerplate, in context.

A logistic model scores each line from its row of the feature table (log-odds of
boilerplate); a four-state decoder then reads the page as a sequence, before the
article, in the article, in a box inside the article, after the article, with
transition costs learned from labelled pages, and gives each line the probability that
it is boilerplate given the whole page (forward-backward). Lines that an earlier filter
removed are boilerplate for certain. The weights are a small JSON file trained offline
(``benchmarks/train_line_model.py``); inference is plain Python.

>>> m = LineModel(("bias", "short"), (0.0, 2.0))
>>> [round(p, 2) for p in m.probabilities([[1.0, 0.0], [1.0, 1.0]])]
[0.5, 0.88]
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError

#: The decoder's states: the first and the last two are boilerplate, ARTICLE is content.
BEFORE, ARTICLE, BOX, AFTER = range(4)
STATES = ("before", "article", "box", "after")
_BOILER = (True, False, True, True)
# Allowed moves: a page is chrome, then the article (which boxes may interrupt), then
# chrome to the end. A page may be all chrome or all article.
ALLOWED = (
    (BEFORE, BEFORE),
    (BEFORE, ARTICLE),
    (ARTICLE, ARTICLE),
    (ARTICLE, BOX),
    (ARTICLE, AFTER),
    (BOX, BOX),
    (BOX, ARTICLE),
    (AFTER, AFTER),
)
FORMAT = "arcleaner-line-model/1"


@dataclass(frozen=True)
class LineModel:
    """Logistic weights over named features, and the decoder's learned costs.

    ``weights[i]`` multiplies feature ``names[i]``; the sum is the log-odds that a line is
    boilerplate. ``transitions`` maps ``"from>to"`` state names to probabilities,
    ``start`` the first line's state probabilities; ``prior`` is the share of
    boilerplate lines in training (emissions are divided by it); ``emission`` scales the
    line scores against the transitions (below 1: trust the page's structure more).
    """

    names: tuple[str, ...]
    weights: tuple[float, ...]
    transitions: Mapping[str, float] = field(default_factory=dict)
    start: Mapping[str, float] = field(default_factory=dict)
    prior: float = 0.5
    emission: float = 1.0
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "model") -> LineModel:
        """Build and validate a model from its JSON form; errors name ``where``."""
        if data.get("format") != FORMAT:
            raise ConfigError(f"{where}: not a line model (format {data.get('format')!r})")
        try:
            names = tuple(str(n) for n in data["names"])
            weights = tuple(float(w) for w in data["weights"])
            trans = {str(k): float(v) for k, v in data.get("transitions", {}).items()}
            start = {str(k): float(v) for k, v in data.get("start", {}).items()}
            prior = float(data.get("prior", 0.5))
            emission = float(data.get("emission", 1.0))
        except (KeyError, TypeError, ValueError) as err:
            raise ConfigError(f"{where}: malformed line model ({err})") from None
        if len(names) != len(weights):
            raise ConfigError(f"{where}: {len(names)} feature names but {len(weights)} weights")
        if not 0.0 < prior < 1.0 or emission <= 0:
            raise ConfigError(f"{where}: prior must be in (0, 1) and emission positive")
        meta = {k: v for k, v in data.items() if k not in _KEYS}
        return cls(names, weights, trans, start, prior, emission, meta)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (what :meth:`from_dict` reads)."""
        return {
            "format": FORMAT,
            "names": list(self.names),
            "weights": [round(w, 6) for w in self.weights],
            "transitions": dict(self.transitions),
            "start": dict(self.start),
            "prior": self.prior,
            "emission": self.emission,
            **self.meta,
        }

    def aligned(self, table_names: Sequence[str]) -> LineModel:
        """This model with its weights in the order of ``table_names`` (features the
        model does not know weigh 0; a weight for an unknown feature is an error)."""
        unknown = set(self.names) - set(table_names)
        if unknown:
            raise ConfigError(f"line model uses unknown features: {', '.join(sorted(unknown))}")
        by_name = dict(zip(self.names, self.weights, strict=True))
        return LineModel(
            tuple(table_names),
            tuple(by_name.get(n, 0.0) for n in table_names),
            self.transitions,
            self.start,
            self.prior,
            self.emission,
            self.meta,
        )

    def logits(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """Log-odds of boilerplate for each row."""
        # sum(map(mul, ...)) adds the same products in the same order as a generator of
        # ``a * b`` (the same floats), twice as fast: 150,000 rows for a 50 MB document.
        w = self.weights
        return [sum(map(operator.mul, w, row)) for row in rows]

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """Probability of boilerplate for each row on its own (no decoding)."""
        return [_sigmoid(z) for z in self.logits(rows)]

    def contributions(self, row: Sequence[float], k: int = 3) -> list[tuple[str, float]]:
        """The ``k`` features that pushed this row most toward boilerplate."""
        products = map(operator.mul, self.weights, row)  # (as long as the shorter)
        named = zip(self.names, products, strict=False)
        parts = [(n, v) for n, v in named if v > 0 and n != "bias"]
        parts.sort(key=lambda p: -p[1])
        return parts[:k]

    def decode(self, logits: Sequence[float], forced: Sequence[bool | None]) -> list[float]:
        """P(boilerplate) of each line given the whole page (forward-backward over the
        four states). ``forced[i]``: True when line i is boilerplate for certain, False
        when it is article for certain, None when the model decides."""
        n = len(logits)
        if not n:
            return []
        trans = [[0.0] * 4 for _ in range(4)]
        for a, b in ALLOWED:
            trans[a][b] = self.transitions.get(f"{STATES[a]}>{STATES[b]}", 0.0)
        start = [self.start.get(s, 0.0) for s in STATES]
        # Emissions as scaled likelihoods: P(label | line) / P(label), tempered.
        emit: list[tuple[float, float]] = []
        lp_b, lp_c = math.log(self.prior), math.log(1.0 - self.prior)
        for z, hard in zip(logits, forced, strict=True):
            if hard is not None:
                emit.append((0.0, 1.0) if hard is False else (1.0, 0.0))
                continue
            # log P(boiler | x) - log P(boiler), and the same for content, then tempered.
            lb = -_softplus(-z) - lp_b
            lc = -_softplus(z) - lp_c
            top = max(lb, lc)
            eb = math.exp(self.emission * (lb - top))
            ec = math.exp(self.emission * (lc - top))
            emit.append((eb, ec))
        fwd: list[list[float]] = []
        alpha = [start[s] * emit[0][0 if _BOILER[s] else 1] for s in range(4)]
        alpha = _norm(alpha)
        fwd.append(alpha)
        for i in range(1, n):
            eb, ec = emit[i]
            nxt = []
            for s in range(4):
                total = sum(alpha[r] * trans[r][s] for r in range(4))
                nxt.append(total * (eb if _BOILER[s] else ec))
            alpha = _norm(nxt)
            fwd.append(alpha)
        beta = [1.0] * 4
        out = [0.0] * n
        for i in range(n - 1, -1, -1):
            post = [fwd[i][s] * beta[s] for s in range(4)]
            total = sum(post) or 1.0
            out[i] = (post[BEFORE] + post[BOX] + post[AFTER]) / total
            if i:
                eb, ec = emit[i]
                beta = _norm(
                    [
                        sum(trans[r][s] * (eb if _BOILER[s] else ec) * beta[s] for s in range(4))
                        for r in range(4)
                    ]
                )
        return out


_KEYS = {"format", "names", "weights", "transitions", "start", "prior", "emission"}


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _softplus(z: float) -> float:
    """log(1 + e**z), without overflow."""
    return z + math.log1p(math.exp(-z)) if z > 0 else math.log1p(math.exp(z))


def _norm(v: list[float]) -> list[float]:
    total = sum(v)
    if total <= 0.0 or total != total:
        return [0.25] * len(v)
    return [x / total for x in v]
