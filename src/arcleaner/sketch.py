"""A count-min sketch of document frequencies: bounded memory, mergeable by addition.

``arclean learn`` counts, per source, the documents in which each key occurs. Exact
counts would need memory for every distinct line of the corpus; a count-min sketch
(Cormode and Muthukrishnan, 2005) keeps ``depth`` rows of ``width`` counters and adds
1 to one counter per row for each key, at columns given by the key's 64-bit hash. The
estimate of a key is the smallest of its counters:

- it is never below the true count (collisions only add);
- with ``N`` the number of (document, key) pairs counted for the source, it exceeds
  the true count by more than ``e / width * N`` with probability at most ``e ** -depth``
  (``error_bound``). With the defaults (4 rows of 65,536) that is 1.8% of keys off by
  more than ``N / 24,109``: 8 documents for a source of 190,000 counted pairs.

Two sketches of the same shape add cell by cell, and the sum is exactly the sketch of
the union of their inputs, in any order and grouping: so shard profiles merge into the
profile of the whole corpus, bit for bit what one process would have counted.

A sketch of a small source is kept sparse (a dict of non-zero cells) and turns dense
(an ``array``) when that is smaller; both give the same estimates and bytes.

>>> s = Sketch()
>>> for key in ["اقرأ أيضا", "اقرأ أيضا", "نص"]:
...     s.add(key_hash(key))
>>> s.estimate(key_hash("اقرأ أيضا")), s.estimate(key_hash("نص")), s.estimate(key_hash("x"))
(2, 1, 0)
"""

from __future__ import annotations

import base64
import hashlib
import math
import operator
import sys
import zlib
from array import array

from .errors import ConfigError

DEPTH = 4
WIDTH = 1 << 16
_MASK32 = 0xFFFFFFFF


def key_hash(key: str) -> int:
    """The 64-bit hash of a key (BLAKE2b): stable across processes and machines, unlike
    ``hash()``, which Python salts per process. (A lone surrogate, which a JSON escape
    such as ``"\\ud800"`` can put in a text, is hashed as it stands.)"""
    data = key.encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


class Sketch:
    """``depth`` x ``width`` counters; see the module doc for the error bound."""

    __slots__ = ("_dense", "_sparse", "depth", "width")

    def __init__(self, depth: int = DEPTH, width: int = WIDTH) -> None:
        if depth < 1 or width < 2 or width & (width - 1):
            raise ConfigError(f"sketch shape {depth}x{width}: width must be a power of two")
        self.depth, self.width = depth, width
        self._sparse: dict[int, int] | None = {}
        self._dense: array[int] | None = None

    def _cells(self, h: int) -> list[int]:
        # Kirsch-Mitzenmacher: row i uses h1 + i*h2; two 32-bit halves of one hash give
        # ``depth`` independent-enough columns.
        h1, h2 = h & _MASK32, (h >> 32) | 1
        w = self.width
        return [i * w + ((h1 + i * h2) & (w - 1)) for i in range(self.depth)]

    def add(self, h: int, count: int = 1) -> None:
        """Count key hash ``h`` ``count`` more times."""
        cells = self._cells(h)
        if self._dense is not None:
            d = self._dense
            for c in cells:
                d[c] += count
            return
        sp = self._sparse
        assert sp is not None
        for c in cells:
            sp[c] = sp.get(c, 0) + count
        if len(sp) > self.depth * self.width // 32:
            self._densify()

    def _densify(self) -> None:
        d = array("I", bytes(4 * self.depth * self.width))
        for c, v in (self._sparse or {}).items():
            d[c] = v
        self._dense, self._sparse = d, None

    def estimate(self, h: int) -> int:
        """The count of key hash ``h``: never below the truth (see ``error_bound``)."""
        cells = self._cells(h)
        if self._dense is not None:
            d = self._dense
            return min(d[c] for c in cells)
        sp = self._sparse
        assert sp is not None
        return min(sp.get(c, 0) for c in cells)

    def merge(self, other: Sketch) -> None:
        """Add ``other`` into this sketch (same shape only)."""
        if (other.depth, other.width) != (self.depth, self.width):
            raise ConfigError(
                f"cannot merge a {other.depth}x{other.width} sketch into a "
                f"{self.depth}x{self.width} one"
            )
        if other._dense is not None:
            if self._dense is None:
                self._densify()
            assert self._dense is not None
            # map() adds in C: a Python loop over 262,144 cells is 20 times slower.
            self._dense = array("I", map(operator.add, self._dense, other._dense))
            return
        for c, v in (other._sparse or {}).items():
            if self._dense is not None:
                self._dense[c] += v
            else:
                assert self._sparse is not None
                self._sparse[c] = self._sparse.get(c, 0) + v
        if self._sparse is not None and len(self._sparse) > self.depth * self.width // 32:
            self._densify()

    def error_bound(self, counted: int) -> tuple[float, float]:
        """``(excess, probability)``: an estimate exceeds the truth by more than ``excess``
        with at most ``probability``, for a sketch that counted ``counted`` pairs."""
        return math.e / self.width * counted, math.exp(-self.depth)

    def to_bytes(self) -> bytes:
        """The counters, row-major little-endian uint32, zlib-compressed (zeros are free)."""
        d = self._dense
        if d is None:
            d = array("I", bytes(4 * self.depth * self.width))
            for c, v in (self._sparse or {}).items():
                d[c] = v
        if sys.byteorder != "little":
            d = array("I", d)
            d.byteswap()
        return zlib.compress(d.tobytes(), 6)

    @classmethod
    def from_bytes(cls, data: bytes, depth: int, width: int) -> Sketch:
        """The sketch :meth:`to_bytes` wrote (``ConfigError`` when the data do not fit)."""
        s = cls(depth, width)
        try:
            raw = zlib.decompress(data)
        except zlib.error as err:
            raise ConfigError(f"sketch data are corrupt ({err})") from None
        if len(raw) != 4 * depth * width:
            raise ConfigError(f"sketch data hold {len(raw)} bytes, not {4 * depth * width}")
        d = array("I")
        d.frombytes(raw)
        if sys.byteorder != "little":
            d.byteswap()
        nonzero = sum(1 for v in d if v) if len(d) <= 1 << 20 else len(d)
        if nonzero <= depth * width // 32:
            s._sparse = {c: v for c, v in enumerate(d) if v}
        else:
            s._dense, s._sparse = d, None
        return s

    def encode(self) -> str:
        """:meth:`to_bytes` as base64 text (for the JSON profile file)."""
        return base64.b64encode(self.to_bytes()).decode("ascii")

    @classmethod
    def decode(cls, text: str, depth: int, width: int) -> Sketch:
        try:
            data = base64.b64decode(text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            raise ConfigError("sketch data are not base64") from None
        return cls.from_bytes(data, depth, width)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sketch):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> tuple[int, int, bytes]:
        return self.depth, self.width, self.to_bytes()

    def __setstate__(self, state: tuple[int, int, bytes]) -> None:
        depth, width, data = state
        other = Sketch.from_bytes(data, depth, width)
        self.depth, self.width = depth, width
        self._sparse, self._dense = other._sparse, other._dense


__all__ = ["DEPTH", "WIDTH", "Sketch", "key_hash"]
