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
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError

#: The decoder's states: the first and the last two are boilerplate, ARTICLE is content.
BEFORE, ARTICLE, BOX, AFTER = range(4)
STATES = ("before", "article", "box", "after")
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

    def logit(self, row: Sequence[float]) -> float:
        """Log-odds of boilerplate for one row (what :meth:`logits` gives for it)."""
        return sum(map(operator.mul, self.weights, row))

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
        t = {(a, b): self.transitions.get(f"{STATES[a]}>{STATES[b]}", 0.0) for a, b in ALLOWED}
        bb, ba, aa, ax, af, xx, xa, ff = (t[move] for move in ALLOWED)
        start = [self.start.get(s, 0.0) for s in STATES]
        # Emissions as scaled likelihoods: P(label | line) / P(label), tempered; one
        # array for boilerplate and one for content (a 50 MB page has 150,000 lines).
        emit_b, emit_c = array("d", bytes(8 * n)), array("d", bytes(8 * n))
        lp_b, lp_c = math.log(self.prior), math.log(1.0 - self.prior)
        for i, (z, hard) in enumerate(zip(logits, forced, strict=True)):
            if hard is not None:
                emit_b[i], emit_c[i] = (0.0, 1.0) if hard is False else (1.0, 0.0)
                continue
            # log P(boiler | x) - log P(boiler), and the same for content, then tempered.
            lb = -_softplus(-z) - lp_b
            lc = -_softplus(z) - lp_c
            top = max(lb, lc)
            emit_b[i] = math.exp(self.emission * (lb - top))
            emit_c[i] = math.exp(self.emission * (lc - top))
        # The forward pass, four states a line in one flat array. Each sum runs over the
        # allowed moves only, in state order: the moves left out have probability 0.0,
        # and adding 0.0 changes no sum (every term is finite and not negative). Sums of
        # three terms or more stay sum() calls: from Python 3.12, sum() of floats is
        # compensated and can differ from a chain of + in the last bit.
        fwd = array("d", bytes(32 * n))
        eb, ec = emit_b[0], emit_c[0]
        b, a, x, f = _norm([start[s] * (ec if s == ARTICLE else eb) for s in range(4)])
        fwd[0:4] = array("d", (b, a, x, f))
        for i in range(1, n):
            eb, ec = emit_b[i], emit_c[i]
            b, a, x, f = _norm(
                [
                    b * bb * eb,
                    sum((b * ba, a * aa, x * xa)) * ec,
                    (a * ax + x * xx) * eb,
                    (a * af + f * ff) * eb,
                ]
            )
            j = 4 * i
            fwd[j], fwd[j + 1], fwd[j + 2], fwd[j + 3] = b, a, x, f
        out = [0.0] * n
        vb = va = vx = vf = 1.0  # (beta)
        for i in range(n - 1, -1, -1):
            j = 4 * i
            pb, pa, px, pf = fwd[j] * vb, fwd[j + 1] * va, fwd[j + 2] * vx, fwd[j + 3] * vf
            total = sum((pb, pa, px, pf)) or 1.0
            out[i] = (pb + px + pf) / total
            if i:
                eb, ec = emit_b[i], emit_c[i]
                vb, va, vx, vf = _norm(
                    [
                        bb * eb * vb + ba * ec * va,
                        sum((aa * ec * va, ax * eb * vx, af * eb * vf)),
                        xa * ec * va + xx * eb * vx,
                        ff * eb * vf,
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
