"""What the filters know, loaded and validated once, when a pipeline is built.

Knowledge is data, never code: lexicons (``lexicons/NAME.txt``, lexicon syntax), word
lists (``words/NAME.txt``, one match key a line) and the line model's weights
(``models/NAME.json``) ship in this package; users add lexicon files and a site profile.
A :class:`Resources` object loads each piece the first time a filter asks for it, which
:class:`~arcleaner.pipeline.Pipeline` does while it is built (``Filter.bind``), so a
missing file or a bad entry is an error before the first document, never inside a worker.
It pickles with the pipeline, so worker processes never read these files again.

>>> res = Resources()
>>> "في" in res.words("stopwords")
True
>>> res.lexicon("chrome").match("شارك") is not None
True
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources as _files
from pathlib import Path
from typing import Any

from .. import lexicon as _lexicon
from ..errors import ConfigError, LexiconError
from ..keys import match_key

_PACKAGE = "arcleaner.resources"


def _packaged(folder: str, name: str, suffix: str) -> str:
    """The text of a packaged data file; a missing one names what does exist."""
    base = _files.files(_PACKAGE).joinpath(folder)
    try:
        return base.joinpath(f"{name}{suffix}").read_text("utf-8")
    except FileNotFoundError:
        known = sorted(
            p.name.removesuffix(suffix) for p in base.iterdir() if p.name.endswith(suffix)
        )
        raise ConfigError(
            f"no packaged {folder[:-1]} named {name!r} (known: {', '.join(known)})"
        ) from None


def packaged_names(folder: str, suffix: str = ".txt") -> list[str]:
    """Names of the packaged data files in ``folder`` (``lexicons``, ``words``, ``models``)."""
    base = _files.files(_PACKAGE).joinpath(folder)
    return sorted(p.name.removesuffix(suffix) for p in base.iterdir() if p.name.endswith(suffix))


def parse_words(text: str) -> frozenset[str]:
    """A word list: one entry a line, ``#`` comments; entries are folded to match keys."""
    out = set()
    for raw in text.splitlines():
        body = raw.split("#", 1)[0].strip()
        if body:
            out.add(match_key(body))
    return frozenset(out)


class Resources:
    """Lexicons, word lists, model weights and a site profile, each loaded once.

    ``profile`` is an optional site profile (learned per site, see ``arclean learn``):
    a :class:`~arcleaner.profile.SiteProfile` or the path of a profile file, read and
    validated the first time a filter asks (:meth:`site_profile`); ``models`` maps a
    model name to a weights file that replaces the packaged one.
    """

    __slots__ = ("_cache", "models", "profile")

    def __init__(self, *, profile: Any = None, models: Mapping[str, str] | None = None) -> None:
        self.profile = profile
        self.models: dict[str, str] = dict(models or {})
        self._cache: dict[tuple[Any, ...], Any] = {}

    def _get(self, key: tuple[Any, ...], load: Any) -> Any:
        try:
            return self._cache[key]
        except KeyError:
            value = self._cache[key] = load()
            return value

    def lexicon(
        self, name: str, extra: tuple[str, ...] = (), files: tuple[str, ...] = ()
    ) -> _lexicon.Lexicon:
        """The packaged lexicon ``name`` plus user entries (``extra``) and lexicon ``files``."""

        def load() -> _lexicon.Lexicon:
            try:
                text = _packaged("lexicons", name, ".txt")
            except ConfigError as err:
                raise LexiconError(str(err)) from None
            entries = _lexicon.parse(text, f"{name}.txt")
            for path in files:
                try:
                    entries += _lexicon.parse(Path(path).read_text("utf-8"), path, user=True)
                except OSError as err:
                    raise LexiconError(f"cannot read lexicon {path}: {err.strerror}") from None
                except UnicodeDecodeError:
                    raise LexiconError(f"lexicon {path} is not UTF-8 text") from None
            if extra:
                entries += _lexicon.parse("\n".join(extra), "config", user=True)
            return _lexicon.compile_entries(name, entries)

        return self._get(("lexicon", name, tuple(extra), tuple(files)), load)

    def words(self, name: str) -> frozenset[str]:
        """The packaged word list ``name`` (``stopwords``, ``policy``, ...) as match keys."""
        return self._get(("words", name), lambda: parse_words(_packaged("words", name, ".txt")))

    def model_data(self, name: str) -> dict[str, Any]:
        """The JSON weights of model ``name``: a user file if given, else the packaged one."""

        def load() -> dict[str, Any]:
            path = self.models.get(name)
            where = path or f"packaged model {name}"
            try:
                text = Path(path).read_text("utf-8") if path else _packaged("models", name, ".json")
                data = json.loads(text)
            except OSError as err:
                raise ConfigError(f"cannot read model {path}: {err.strerror}") from None
            except (ValueError, UnicodeDecodeError) as err:
                raise ConfigError(f"{where}: not a JSON weights file ({err})") from None
            if not isinstance(data, dict):
                raise ConfigError(f"{where}: not a JSON weights file (an object expected)")
            return data

        return self._get(("model", name), load)

    def site_profile(self) -> Any:
        """The site profile (a :class:`~arcleaner.profile.SiteProfile`), or ``None``.

        A path is read once; a missing or corrupt file raises ``ConfigError``. What the
        pipeline carries is a lookup-only copy (no document fingerprints), so workers
        receive the counts, not the corpus's fingerprint set.
        """
        if self.profile is None:
            return None

        def load() -> Any:
            from ..profile import SiteProfile

            prof = self.profile
            if not isinstance(prof, SiteProfile):
                prof = SiteProfile.load(prof)
            return prof.without_fingerprints()

        return self._get(("profile",), load)

    def __getstate__(self) -> tuple[Any, ...]:
        return self.profile, self.models, self._cache

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        self.profile, self.models, self._cache = state

    def __repr__(self) -> str:
        loaded = ", ".join(f"{k[0]}:{k[1]}" for k in self._cache)
        return f"Resources({loaded})"


@functools.cache
def default_resources() -> Resources:
    """The packaged resources, shared by every pipeline built without its own (per process)."""
    return Resources()
