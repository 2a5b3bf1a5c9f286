"""The pipeline: filters decide what to remove, then normalizers rewrite what is kept.

>>> from arcleaner import Pipeline
>>> Pipeline.default().clean("خبر مهم جدا\\nنص الخبر.\\nخبر مهم جدا\\nلم تشترك بعد")
'خبر مهم جدا\\nنص الخبر.'
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from .document import Decision, Document, Line, Removal, split_lines
from .errors import ArcleanError, ConfigError, LexiconError, StepFailed, UnknownStepError
from .normalizers._encoded import forget as forget_encoded
from .registry import Registry, default_registry, named
from .resources import Resources, default_resources
from .steps import Filter, FunctionFilter, FunctionNormalizer, Normalizer

# The default chain, declared here and nowhere else (`arclean filters` prints it).
DEFAULT_FILTERS: tuple[str, ...] = (
    "drop-subscription-prompts",
    "drop-glued-boilerplate",
    "drop-site-chrome",
    "drop-repeated-lines",
    "drop-by-context",
)
DEFAULT_NORMALIZERS: tuple[str, ...] = (
    "strip-html-leftovers",
    "normalize-unicode",
    # Tatweel goes before the diacritics: a mark carried by a tatweel then lands on its
    # letter and strip-tashkeel orders, dedupes or strips it with the others.
    "strip-tatweel",
    "strip-tashkeel",
    "normalize-letters",
    "normalize-punctuation",
    "collapse-whitespace",
)
# Where an opt-in normalizer goes when a choice (``digits=``, ``fold_letters=``) turns it
# on: right before the step named here, so punctuation and whitespace see the final text.
OPT_IN_BEFORE: dict[str, str] = {
    "fold-letters": "normalize-punctuation",
    "normalize-digits": "normalize-punctuation",
}

# The filter a site profile turns on (when the config names no filter chain of its own),
# and where it goes: before drop-by-context, which then sees its removals as boilerplate.
PROFILE_FILTER = "drop-corpus-repeats"
PROFILE_FILTER_BEFORE = "drop-by-context"
# The first stage of a run: the text split into lines, with their match keys.
LINES_STAGE = "reading lines"

FilterLike = Filter | str | Callable[[Document], Iterable[Decision]]
NormalizerLike = Normalizer | str | Callable[[str], str]


class Result:
    """The cleaned text of one document and everything that was removed from it.

    A big document's text is held as the blocks it was normalized in (:meth:`chunks`),
    joined the first time :attr:`text` is read: written out a block at a time (as
    ``arclean`` does), a 50 MB output is never held whole.
    """

    __slots__ = ("_chunks", "lines_in", "notes", "removed")

    def __init__(
        self,
        text: str | Iterable[str],
        removed: list[Removal] | None = None,
        lines_in: int = 0,
        notes: list[str] | None = None,
    ) -> None:
        self._chunks: list[str] | None = [text] if isinstance(text, str) else list(text)
        self.removed: list[Removal] = [] if removed is None else removed
        self.lines_in = lines_in
        #: What the filters had to tell beside the removals, one line each (see
        #: :attr:`Document.notes <arcleaner.document.Document.notes>`).
        self.notes: list[str] = [] if notes is None else notes

    @property
    def text(self) -> str:
        """The cleaned text."""
        chunks = self._chunks
        if chunks is None:
            raise ValueError("this result's text was handed over (Result.take_chunks)")
        if len(chunks) != 1:
            self._chunks = chunks = ["".join(chunks)]
        return chunks[0]

    @text.setter
    def text(self, value: str) -> None:
        self._chunks = [value]

    def chunks(self) -> list[str]:
        """The text as pieces that join to it: a big document's blocks and the line
        breaks between them, or the whole text (none of them a copy)."""
        return list(self._chunks) if self._chunks is not None else [self.text]

    def take_chunks(self) -> list[str]:
        """:meth:`chunks`, handed over: the result no longer holds its text (reading
        :attr:`text` then raises ValueError), so that a caller that encodes and lets
        go of each piece in turn holds the output once."""
        chunks = self.chunks()
        self._chunks = None
        return chunks

    def counts(self) -> dict[str, int]:
        """Number of removals per filter name."""
        return dict(Counter(r.filter for r in self.removed))

    def __eq__(self, other: object) -> bool:
        # (a result whose text was handed over has none to compare: equal only to itself)
        if not isinstance(other, Result) or None in (self._chunks, other._chunks):
            return NotImplemented
        return (self.text, self.removed, self.lines_in, self.notes) == (
            other.text,
            other.removed,
            other.lines_in,
            other.notes,
        )

    __hash__ = None  # type: ignore[assignment]  # (mutable, as the dataclass it was)

    def __repr__(self) -> str:
        text = repr(self.text) if self._chunks is not None else "<handed over>"
        return (
            f"Result(text={text}, removed={self.removed!r}, lines_in={self.lines_in!r}, "
            f"notes={self.notes!r})"
        )


class Pipeline:
    """An ordered chain of filters, then normalizers.

    Steps are given as instances, registered names, or plain functions (a filter
    function takes a :class:`~arcleaner.document.Document` and yields
    :class:`~arcleaner.document.Decision`; a normalizer function is ``str -> str``).
    A pipeline is immutable in use, compares by value and pickles, so it can be shipped
    to worker processes, Dask or ``datasets.map``. Building it loads what its filters
    need from ``resources`` (default: the packaged lexicons, word lists and model), so
    a bad lexicon file or weights file fails here, before the first document.
    """

    __slots__ = ("filters", "normalizers")

    def __init__(
        self,
        filters: Sequence[FilterLike] = (),
        normalizers: Sequence[NormalizerLike] = (),
        *,
        registry: Registry | None = None,
        resources: Resources | None = None,
    ) -> None:
        reg = registry
        res = resources or default_resources()
        for kind, given in (("filters", filters), ("normalizers", normalizers)):
            if isinstance(given, str | bytes) or not isinstance(given, Iterable):
                raise ConfigError(f"{kind} is a list of steps, not {given!r}")
        self.filters: tuple[Filter, ...] = tuple(
            _bound(_as_step("filter", f, reg), res)  # type: ignore[arg-type]
            for f in filters  # type: ignore[misc]
        )
        self.normalizers: tuple[Normalizer, ...] = tuple(
            _as_step("normalizer", n, reg)
            for n in normalizers  # type: ignore[misc]
        )
        seen: set[str] = set()
        for step in (*self.filters, *self.normalizers):
            # (a step's options and removals go by its name: two would be one; a plain
            # function has no options, and two lambdas are both "<lambda>")
            if isinstance(step, FunctionFilter | FunctionNormalizer):
                continue
            if step.name in seen:
                raise ConfigError(f"two steps are named {step.name!r}: a pipeline runs each once")
            seen.add(step.name)

    @classmethod
    def default(
        cls,
        *,
        diacritics: str | None = None,
        digits: str | None = None,
        fold_letters: bool | None = False,
        quotes: str | None = None,
        keep_zwnj: bool | None = False,
        resources: Resources | None = None,
        **options: Mapping[str, Any],
    ) -> Pipeline:
        """The default chain; ``options`` maps a step name to its options.

        >>> Pipeline.default(**{"strip-tashkeel": {"level": "keep"}}).clean("مُحتمَل")
        'مُحتمَل'
        >>> Pipeline.default(diacritics="keep-shadda", digits="ascii").clean("جدًّا ٢٠٢٤")
        'جدّا 2024'

        The keyword choices are the CLI's flags (``--diacritics``, ``--digits``,
        ``--fold-letters``, ``--quotes``, ``--keep-zwnj``); see :func:`apply_choices`.
        """
        for step, opts in options.items():
            if not isinstance(opts, Mapping):
                preset = step == "preset"
                hint = " (a preset: Pipeline.from_config({'preset': ...}))" if preset else ""
                raise ConfigError(
                    f"{step}={opts!r}: each keyword names a step and maps its options{hint}"
                )
        config = apply_choices(
            {"options": options},
            diacritics=diacritics,
            digits=digits,
            fold_letters=fold_letters,
            quotes=quotes,
            keep_zwnj=keep_zwnj,
        )
        return cls.from_config(config, resources=resources)

    @classmethod
    def from_config(
        cls,
        config: Mapping[str, Any],
        registry: Registry | None = None,
        *,
        resources: Resources | None = None,
    ) -> Pipeline:
        """Build a pipeline from a config mapping (the shape of a ``--config`` TOML file).

        Keys: ``preset`` (``news``, ``safe``, ``search``: a starting point the other
        keys refine, see :mod:`arcleaner.config`), ``filters`` and ``normalizers`` (lists
        of names; default chains when absent), ``disable`` (names to leave out),
        ``options`` (name -> options) and ``profile`` (a site profile file, or a
        :class:`~arcleaner.profile.SiteProfile`: it goes into the resources). With a
        profile and no ``filters`` list, ``drop-corpus-repeats`` joins the default chain
        before ``drop-by-context``.
        """
        reg = registry or default_registry()
        if not isinstance(config, Mapping):
            kind = type(config).__name__
            raise ConfigError(f"a config is a mapping (the TOML shape), not a {kind}")
        known = {"preset", "filters", "normalizers", "disable", "options", "profile"}
        unknown = set(config) - known
        if unknown:
            bad, keys = ", ".join(sorted(unknown)), ", ".join(sorted(known))
            raise ConfigError(f"unknown config key {bad} (keys: {keys})")
        if config.get("preset") is not None:
            from .config import expand_preset

            config = expand_preset(config)
        options: Mapping[str, Mapping[str, Any]] = config.get("options") or {}
        disable = set(config.get("disable") or ())
        profile = config.get("profile")
        if profile is not None:
            resources = Resources(profile=profile, models=resources.models if resources else None)
        for key in ("filters", "normalizers", "disable"):
            if isinstance(config.get(key), str):
                raise ConfigError(f"{key} is a list of step names, not {config[key]!r}")
        chains = {
            "filter": list(config.get("filters") or DEFAULT_FILTERS),
            "normalizer": list(config.get("normalizers") or DEFAULT_NORMALIZERS),
        }
        if resources is not None and resources.profile is not None and not config.get("filters"):
            chain = chains["filter"]
            if PROFILE_FILTER not in chain:
                where = chain.index(PROFILE_FILTER_BEFORE) if PROFILE_FILTER_BEFORE in chain else 0
                chain.insert(where, PROFILE_FILTER)
        names = {n for chain in chains.values() for n in chain}
        for name in [*disable, *options]:
            if name not in names:
                # Still validate it exists, so a typo is an error, not a silent no-op.
                _lookup_any(reg, name)
                if name in options:
                    raise ConfigError(f"options given for {name!r}, which is not in the chain")
        steps: dict[str, list[Any]] = {"filter": [], "normalizer": []}
        for kind, chain in chains.items():
            for name in chain:
                if name not in disable:
                    steps[kind].append(reg.create(kind, name, **dict(options.get(name, {}))))
        return cls(steps["filter"], steps["normalizer"], resources=resources)

    def run(
        self,
        text: str,
        source: str | None = None,
        *,
        on_stage: Callable[[int, str], None] | None = None,
    ) -> Result:
        """Clean ``text`` and return the :class:`Result` with every removal.

        ``source`` names the document's site, for filters that use a site profile
        (drop-corpus-repeats); without one they leave the document alone.
        ``on_stage(i, name)`` is called as each of the :meth:`stages` begins (a 50 MB
        document takes seconds: this is how a progress bar follows it).
        """
        if not isinstance(text, str):
            raise TypeError(f"Pipeline.run cleans a str, not {type(text).__name__}")
        if on_stage is not None:
            on_stage(0, LINES_STAGE)
        texts = split_lines(text)
        # The lines hold all of the text: without this reference, a caller that handed
        # the text over (kept none of its own, as the CLI does) frees it here.
        del text
        doc = Document.from_lines(texts, source, consume=True)
        del texts
        # (the piece after a final line break is no line: "" has none, "a\n" one)
        lines_in = len(doc.lines) - (doc.lines[-1].text == "")
        removed: list[Removal] = []
        readers = [step.reads_encoded for step in self.filters]
        released = False
        for i, step in enumerate(self.filters, 1):
            if on_stage is not None:
                on_stage(i, step.name)
            if not released and not any(readers[i - 1 :]):
                # No filter still to run reads the lexicon screens' inputs: the encoded
                # text (50 MB for 50 MB) and the plain texts that differ from the lines'
                # (26 MB for a 50 MB page; plain_text() would make one again).
                _release_screen_inputs(doc)
                released = True
            try:
                decisions = _checked(step.decide(doc))
            except ArcleanError:
                raise
            except Exception as err:  # a bug: name the step, fail this input only
                raise StepFailed(_failed(step, err)) from err
            if decisions:
                doc = _apply(doc, decisions, step.name, removed)
        rendered, notes = [_render(doc, NORMALIZE_BLOCK_CHARS, self.normalizers)], doc.notes
        del doc  # (its lines, keys and plain texts: a big document's are big)
        out = self._normalize(rendered.pop(), on_stage)  # (handed over: see above)
        removed.sort(key=lambda r: (r.line, r.span or (0, 0)))
        return Result(out, removed, lines_in, notes)

    def _normalize(self, blocks: Blocks, on_stage: Callable[[int, str], None] | None) -> list[str]:
        """``blocks`` (:func:`_render`) through the normalizers, as pieces that join to
        the text: a line-local step gets a big text a block of lines at a time
        (:func:`line_blocks`), another the blocks it may take apart (``cut_ok``)."""
        steps = enumerate(self.normalizers, 1 + len(self.filters))
        if not blocks.breaks and len(blocks.parts[0]) <= NORMALIZE_BLOCK_CHARS:
            text = blocks.parts.pop()  # (nearly every document: one block)
            for i, norm in steps:
                if on_stage is not None:
                    on_stage(i, norm.name)
                text = _normalized(norm, text)
                forget_encoded(keep=text)
            forget_encoded()  # (normalizers remember the last text they encoded)
            return [text]
        for i, norm in steps:
            if on_stage is not None:
                on_stage(i, norm.name)
            parts = blocks.parts
            if not norm.line_local:
                if len(parts) > 1:
                    blocks = blocks.joined(norm)
            elif len(parts) > 1:
                blocks = blocks.mended(NORMALIZE_BLOCK_CHARS)  # (see Blocks.mended)
            elif len(parts[0]) > NORMALIZE_BLOCK_CHARS:
                forget_encoded()  # (it would hold the whole text alive beside its blocks)
                blocks = line_blocks(parts.pop(), NORMALIZE_BLOCK_CHARS)
            del parts
            blocks.apply(norm)
        forget_encoded()
        return blocks.chunks()

    def stages(self) -> list[str]:
        """What :meth:`run` does in turn: split the text into lines (and their match
        keys), then each filter, then each normalizer."""
        return [LINES_STAGE, *(s.name for s in self.filters), *(s.name for s in self.normalizers)]

    def clean(self, text: str, source: str | None = None) -> str:
        """Clean ``text`` and return only the cleaned text (``source``: see :meth:`run`)."""
        return self.run(text, source).text

    __call__ = clean

    def describe(self) -> dict[str, Any]:
        """The effective configuration: step names in order and their options (and the
        site profile's digest, which decides the output too)."""
        out: dict[str, Any] = {
            "filters": [s.name for s in self.filters],
            "normalizers": [s.name for s in self.normalizers],
            "options": {
                s.name: s.options() for s in (*self.filters, *self.normalizers) if s.options()
            },
        }
        for step in self.filters:
            prof = getattr(step, "_profile", None)
            if prof is not None:
                out["profile"] = {
                    "digest": prof.digest(),
                    "sources": len(prof.sources),
                    "documents": sum(sc.documents for sc in prof.sources.values()),
                }
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pipeline):
            return NotImplemented
        return (self.filters, self.normalizers) == (other.filters, other.normalizers)

    def __hash__(self) -> int:
        return hash((self.filters, self.normalizers))

    def __repr__(self) -> str:
        names = [s.name for s in (*self.filters, *self.normalizers)]
        return f"Pipeline({' -> '.join(names)})"

    def __getstate__(self) -> tuple[tuple[Filter, ...], tuple[Normalizer, ...]]:
        return self.filters, self.normalizers

    def __setstate__(self, state: tuple[tuple[Filter, ...], tuple[Normalizer, ...]]) -> None:
        self.filters, self.normalizers = state


def apply_choices(
    config: Mapping[str, Any],
    *,
    diacritics: str | None = None,
    digits: str | None = None,
    fold_letters: bool | None = False,
    quotes: str | None = None,
    keep_zwnj: bool | None = False,
) -> dict[str, Any]:
    """``config`` with the normalization choices merged in (a new dict; the input is kept).

    ``diacritics``: strip-tashkeel level. ``digits``: ``ascii`` or ``arabic-indic`` turns
    normalize-digits on. ``fold_letters`` turns fold-letters on (lossy). ``quotes``: the
    normalize-punctuation quote style. ``keep_zwnj``: normalize-unicode keeps ZWNJ.
    Opt-in steps are inserted before the step named in ``OPT_IN_BEFORE``.
    """
    for flag, value in (("fold_letters", fold_letters), ("keep_zwnj", keep_zwnj)):
        if value is not None and not isinstance(value, bool):
            raise ConfigError(f"{flag} is True or False, not {value!r}")
    cfg = dict(config)
    options = {k: dict(v) for k, v in (cfg.get("options") or {}).items()}
    chain = list(cfg.get("normalizers") or DEFAULT_NORMALIZERS)
    settings = (
        ("strip-tashkeel", "level", diacritics),
        ("normalize-digits", "to", digits),
        ("normalize-punctuation", "quotes", quotes),
        ("normalize-unicode", "keep_zwnj", True if keep_zwnj else None),
    )
    for step, key, value in settings:
        if value is not None:
            options.setdefault(step, {})[key] = value
    for step, wanted in (("normalize-digits", digits is not None), ("fold-letters", fold_letters)):
        if wanted and step not in chain:
            before = OPT_IN_BEFORE.get(step)
            where = chain.index(before) if before in chain else len(chain)
            chain.insert(where, step)
    if chain != list(cfg.get("normalizers") or DEFAULT_NORMALIZERS):
        cfg["normalizers"] = chain
    cfg["options"] = options
    return cfg


def check_config(config: Mapping[str, Any], registry: Registry | None = None) -> None:
    """Raise for a mistake in ``config`` taken alone: an unknown preset or step, an
    options table that is not one, an unknown option, a value its step refuses.

    For a config file, checked before the command line's flags go on top so the error
    can name the file. Cheap (no lexicon, model or profile is loaded), and it refuses
    nothing the flags may still make right: options for a step off the chain are
    allowed here (``--digits`` turns ``normalize-digits`` on).
    """
    from .config import PRESETS, preset_config

    reg = registry or default_registry()
    name = config.get("preset")
    if name is not None:
        if not isinstance(name, str):
            raise ConfigError(
                f"preset must be a name, not {name!r} (presets: {', '.join(PRESETS)})"
            )
        preset_config(name)
    for kind in ("filter", "normalizer"):
        for step in config.get(f"{kind}s") or ():
            reg.get(kind, step)
    for step in config.get("disable") or ():
        _lookup_any(reg, step)
    for step, opts in (config.get("options") or {}).items():
        if not isinstance(opts, Mapping):
            raise ConfigError(f"options.{step} must be a table of options, not {opts!r}")
        _lookup_any(reg, step)
        kind = "filter" if step in {s.name for s in reg.steps("filter")} else "normalizer"
        reg.create(kind, step, **dict(opts))


def _lookup_any(reg: Registry, name: str) -> None:
    known = [s.name for kind in ("filter", "normalizer") for s in reg.steps(kind)]
    if name not in known:
        raise UnknownStepError("step", name, known)


def _as_step(kind: str, step: object, reg: Registry | None) -> Filter | Normalizer:
    base = Filter if kind == "filter" else Normalizer
    if isinstance(step, base):
        if not isinstance(step.name, str) or not step.name:
            # (its removals would carry no filter's name: set the class's ``name``)
            raise ConfigError(f"{kind} {step!r} has no name (set {type(step).__name__}.name)")
        return step
    if isinstance(step, str):
        return (reg or default_registry()).create(kind, step)
    if callable(step):
        return FunctionFilter(step) if kind == "filter" else FunctionNormalizer(step)  # type: ignore[arg-type]
    raise ConfigError(f"not a {kind}: {step!r}")


def _failed(step: Filter | Normalizer, err: Exception) -> str:
    ours = type(step).__module__.startswith("arcleaner.") and not isinstance(
        step, FunctionFilter | FunctionNormalizer
    )
    whose = "a bug; please report it" if ours else "a bug in that step"
    return f"step {step.name} failed: {type(err).__name__}: {err} ({whose})"


def _checked(decisions: Iterable[Decision] | None) -> list[Decision]:
    """A filter's decisions, each checked to be one (a user's step may yield anything)."""
    if decisions is None:
        raise TypeError("decide() returned None, not an iterable of Decision")
    out = list(decisions)
    for d in out:
        if not isinstance(d, Decision):
            raise TypeError(f"decide() yielded a {type(d).__name__}, not a Decision")
        if not isinstance(d.reason, str) or not d.reason:
            raise TypeError(f"decide() gave line {d.index} the reason {d.reason!r}, not a text")
    return out


def _bound(step: Filter, resources: Resources) -> Filter:
    """``step`` with its resources loaded; a missing or bad file names the step."""
    try:
        return step.bind(resources)
    except LexiconError as err:
        raise LexiconError(named(step.name, err)) from None
    except ArcleanError as err:
        raise ConfigError(named(step.name, err)) from None


def _apply(doc: Document, decisions: list[Decision], name: str, removed: list[Removal]) -> Document:
    """Apply one filter's decisions: drop lines, cut leading/trailing spans, record all.

    All decisions of one filter refer to the lines as that filter saw them, so several
    cuts on one line combine (the longest leading and trailing cut win).
    """
    lines = list(doc.lines)
    by_index: dict[int, list[Decision]] = {}
    for d in decisions:
        if not 0 <= d.index < len(lines):
            raise ArcleanError(f"filter {name} decided on line index {d.index}, out of range")
        by_index.setdefault(d.index, []).append(d)
    dropped: set[int] = set()
    cut: set[int] = set()
    for index, decs in by_index.items():
        line = lines[index]
        n = len(line.text)
        drop = next((d for d in decs if not d.is_cut), None)
        if drop is not None:
            dropped.add(index)
            text = _copy(line.text) if doc.packed else line.text
            removed.append(Removal(line.number, text, name, drop.reason))
            continue
        lead, trail = 0, n
        for d in decs:
            start = d.start or 0
            end = n if d.end is None else d.end
            if not (0 <= start <= end <= n) or (start != 0 and end != n):
                raise ArcleanError(
                    f"filter {name} cut [{start}:{end}] of line {line.number}: "
                    "a cut must touch the start or the end of the line"
                )
            if start == 0:
                lead = max(lead, end)
            else:
                trail = min(trail, start)
            removed.append(Removal(line.number, line.text[start:end], name, d.reason, (start, end)))
        rest = line.text[lead:trail].strip() if lead < trail else ""
        if rest:
            lines[index] = Line(line.number, rest, tail=line.tail)
            cut.add(line.number)
        else:
            dropped.add(index)
    kept = [ln for i, ln in enumerate(lines) if i not in dropped]
    # The numbers asked about that a kept line (a unit of the same input line) still
    # has; not the set of every kept line's number (a 50 MB page's: 30 MB).
    asked = {lines[i].number for i in dropped} | cut
    still = {n for ln in kept if (n := ln.number) in asked} if asked else set()
    gone = {lines[i].number: lines[i] for i in dropped if lines[i].number not in still}
    cuts = doc.cut | (cut & still)
    return Document(
        kept, {**doc.dropped, **gone}, doc.source, cuts, doc.encoded, doc.notes, doc.packed
    )


def _copy(text: str) -> str:
    """A new str of ``text``. A big document's removal holds a copy of a dropped line's
    text, not the line's own: small objects are freed by the megabyte, and 28,000 removed
    lines of a 50 MB page, spread among the others, kept 140 MB from going back."""
    return "".join((text, ""))  # (a join of one piece would give the piece itself)


def _release_screen_inputs(doc: Document) -> None:
    """Let go of ``doc``'s encoded text and its lines' plain texts (in a function of its
    own: a loop variable left in :meth:`Pipeline.run` would hold the last line, the
    whole 110 MB text of a one-line document, through the normalizers)."""
    doc.encoded = None
    for line in itertools.chain(doc.lines, doc.dropped.values()):
        line.plain = None


#: A line-local normalizer gets a text longer than this (in characters) in blocks of
#: about this size; the others, and shorter texts, are given the whole text.
NORMALIZE_BLOCK_CHARS = 1 << 20


@dataclass(slots=True)
class Blocks:
    """A text as blocks and the breaks between them: ``parts[0] + breaks[0] + parts[1] +
    ...``. A break is one or two line breaks between blocks of whole lines, or a space
    inside a long line, between two letters: a run of parts joined by spaces is the
    slices of one line (where each may be cut: see :func:`line_blocks`)."""

    parts: list[str]
    breaks: list[str]

    def text(self) -> str:
        """The whole text."""
        return self.parts[0] if not self.breaks else "".join(self.chunks())

    def chunks(self) -> list[str]:
        """The blocks and the breaks between them, in order."""
        pairs = zip(self.parts, [*self.breaks, ""], strict=True)
        return [piece for piece in itertools.chain.from_iterable(pairs) if piece]

    def joined(self, step: Normalizer) -> Blocks:
        """These blocks with each pair whose line break ``step`` may not be cut at
        (:meth:`~arcleaner.steps.Normalizer.cut_ok`) joined; the slices of a long line
        stay apart (:meth:`apply` asks the step's ``slicer``)."""
        groups: list[list[str]] = [[self.parts[0]]]
        breaks: list[str] = []
        for brk, before, part in zip(self.breaks, self.parts, self.parts[1:], strict=False):
            if brk == " " or step.cut_ok(before, part):
                groups.append([part])
                breaks.append(brk)
            else:  # (each group joined once: not a growing text copied at each join)
                groups[-1] += [brk, part]
        return Blocks([g[0] if len(g) == 1 else "".join(g) for g in groups], breaks)

    def apply(self, step: Normalizer) -> None:
        """Replace each block by ``step`` of it, one at a time; the slices of a long line
        by what ``step.slicer`` of them makes of each (the line joined again if None)."""
        parts, breaks = self.parts, self.breaks
        j = 0
        while j < len(parts):
            k = j  # parts[j..k]: one block of lines, or the slices of one long line
            while k < len(breaks) and breaks[k] == " ":
                k += 1
            fix: Callable[[str], str] | None = step
            if k > j:
                slices = parts[j : k + 1]
                fix = _sliced(step, slices) if _one_line(slices) else None
                del slices
                if fix is None:  # (the step needs the line whole)
                    parts[j : k + 1] = [" ".join(parts[j : k + 1])]
                    del breaks[j:k]
                    k, fix = j, step
            for i in range(j, k + 1):
                part = parts[i]
                parts[i] = out = _normalized(step, part, fix)
                del part  # (the block it was: a step's input is not held beside its output)
                forget_encoded(keep=out)
                del out
            j = k + 1

    def mended(self, size: int) -> Blocks:
        """These blocks ready for the next step: each pair whose break no longer lies
        where a cut may be (see :func:`line_blocks`: a step deleted an edge's mark or
        emptied a block) joined again; a slice that now holds a line break (a form feed
        normalize-unicode made one) cut there; a long line joined whole for a step cut
        into slices again."""
        parts: list[str] = []
        breaks: list[str] = []
        last = len(self.parts) - 1
        for i, part in enumerate(self.parts):
            if i:
                breaks.append(self.breaks[i - 1])
            sliced = (i > 0 and self.breaks[i - 1] == " ") or (i < last and self.breaks[i] == " ")
            if sliced and "\n" in part:
                _cut_at_line_breaks(part, Blocks(parts, breaks))
            elif not sliced and len(part) > 2 * size:
                _cut_long_lines(part, size, Blocks(parts, breaks))
            else:
                parts.append(part)
        groups: list[list[str]] = [[parts[0]]]
        kept: list[str] = []
        for brk, part in zip(breaks, parts[1:], strict=True):
            before = groups[-1][-1]
            if _cut_ok(before, len(before), part, 0, brk == " "):
                groups.append([part])
                kept.append(brk)
            else:
                groups[-1] += [brk, part]
        return Blocks([g[0] if len(g) == 1 else "".join(g) for g in groups], kept)


def _one_line(slices: list[str]) -> bool:
    """Whether ``slices`` hold one line; the first may begin and the last end with blank
    lines (a step emptied the line beside it)."""
    first, last = slices[0], slices[-1]
    if any("\n" in part for part in slices[1:-1]):
        return False
    head, tail = first.rfind("\n"), last.find("\n")
    return (head < 0 or _NONBLANK.search(first, 0, head) is None) and (
        tail < 0 or _NONBLANK.search(last, tail) is None
    )


def _sliced(step: Normalizer, slices: list[str]) -> Callable[[str], str] | None:
    """``step.slicer(slices)``; a step that raises fails naming itself."""
    try:
        return step.slicer(slices)
    except Exception as err:
        raise StepFailed(_failed(step, err)) from err


def _normalized(step: Normalizer, text: str, fix: Callable[[str], str] | None = None) -> str:
    """``step(text)`` (or ``fix(text)``, a function the step gave for slices of a line);
    a step that raises, or gives something other than a str, fails naming itself."""
    try:
        out = (fix or step)(text)
    except Exception as err:
        raise StepFailed(_failed(step, err)) from err
    if not isinstance(out, str):
        err = TypeError(f"returned a value of type {type(out).__name__}, not a str")
        raise StepFailed(_failed(step, err)) from err
    return out


def line_blocks(text: str, size: int) -> Blocks:
    """``text`` cut into blocks of whole lines of at least ``size`` characters (the last
    may be shorter), and a line of more than twice that into slices.

    A block is cut only at one line break, or at two (a blank line), where the lines on
    either side each hold a character that is not a space and neither ends or begins
    with a character that some step makes a line break (CR, a form feed, U+2028...): the
    boundary every line-local normalizer is tested on. A long line with such a cut on
    both sides (or the text's edge) is a run of slices of its own, cut at single spaces
    between two letters (Arabic or ASCII), the boundary a normalizer's
    :meth:`~arcleaner.steps.Normalizer.slicer` is tested on."""
    out = Blocks([], [])
    start, size = 0, max(size, 1)
    at = text.find("\n", size)
    while at != -1:
        end = at + 2 if text.startswith("\n\n", at) else at + 1
        if _cut_ok(text, at, text, end):
            _cut_long_lines(text, size, out, start, at)
            out.breaks.append(text[at:end])
            start = end
            at = text.find("\n", start + size)
        else:
            at = text.find("\n", end)
    return _cut_long_lines(text, size, out, start, len(text))


def _cut_long_lines(text: str, size: int, out: Blocks, lo: int = 0, hi: int = -1) -> Blocks:
    """``out`` with ``text[lo:hi]`` (whole lines) appended, its lines of more than
    ``2 * size`` characters cut into slices at spaces (see :func:`line_blocks`); no
    copy of a long line is made on the way."""
    hi = len(text) if hi < 0 else hi
    start = pos = lo  # (start: of what is not yet in out; pos: of the line looked at)
    while hi - start > 2 * size and pos < hi:
        end = text.find("\n", pos, hi)
        end = hi if end < 0 else end
        if end - pos > 2 * size:
            before = (pos, pos) if pos == start else _line_cut(text, pos - 1)
            after = (end, end) if end == hi else _line_cut(text, end)
            if before is not None and after is not None:
                if pos > start:
                    out.parts.append(text[start : before[0]])
                    out.breaks.append(text[before[0] : pos])
                _slice_line(text, pos, end, size, out)
                if end == hi:
                    return out
                out.breaks.append(text[end : after[1]])
                start = after[1]
        pos = end + 1
    out.parts.append(text[start:hi] if start or hi < len(text) else text)
    return out


def _cut_at_line_breaks(part: str, out: Blocks) -> None:
    """``part`` (a slice of a long line that a step gave line breaks) appended to
    ``out`` cut at its first and its last line break where a cut may be."""
    first, last = _line_cut(part, part.find("\n")), _line_cut(part, part.rfind("\n"))
    cuts = [cut for cut in (first, last) if cut is not None]
    if len(cuts) == 2 and cuts[0] == cuts[1]:
        cuts.pop()
    start = 0
    for a, b in cuts:
        out.parts.append(part[start:a])
        out.breaks.append(part[a:b])
        start = b
    out.parts.append(part[start:] if start else part)


def _line_cut(text: str, at: int) -> tuple[int, int] | None:
    """Where the break (one line break or two) around the line break ``text[at]``
    lies, when a block may be cut there (see :func:`line_blocks`), else None."""
    first = at - 1 if at > 0 and text[at - 1] == "\n" else at
    end = at + 2 if first == at and text.startswith("\n\n", at) else at + 1
    return (first, end) if _cut_ok(text, first, text, end) else None


# What some step turns into a line break (or joins to one: CRLF): never next to a cut.
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_NONBLANK = re.compile(r"\S")


def _cut_ok(left: str, stop: int, right: str, start: int, space: bool = False) -> bool:
    """Whether a block may end at ``left[stop]`` and the next begin at ``right[start]``:
    for a space, between two letters; for line breaks, between two lines that each hold
    a character that is not a space and neither of which ends or begins with one of
    ``_BREAKS``."""
    if space:
        return _letter(left[stop - 1 : stop]) and _letter(right[start : start + 1])
    if not (0 < stop and start < len(right)):
        return False
    if left[stop - 1] in _BREAKS or right[start] in _BREAKS:
        return False
    end = right.find("\n", start)
    return (
        _NONBLANK.search(left, left.rfind("\n", 0, stop) + 1, stop) is not None
        and _NONBLANK.search(right, start, len(right) if end < 0 else end) is not None
    )


def _slice_line(text: str, start: int, end: int, size: int, out: Blocks) -> None:
    """Append ``text[start:end]`` (one line) to ``out`` as slices of at least ``size``
    characters, cut at single spaces between two letters."""
    at = text.find(" ", start + size, end)
    while at != -1 and end - at > size:
        if _letter(text[at - 1]) and _letter(text[at + 1]):
            out.parts.append(text[start:at])
            out.breaks.append(" ")
            start = at + 1
            at = text.find(" ", start + size, end)
        else:
            at = text.find(" ", at + 1, end)
    out.parts.append(text[start:end] if start or end < len(text) else text)


# The letters a long line is cut next to: Arabic letters (no tatweel, no mark) and ASCII
# letters and digits, which no normalizer joins to anything across a space.
_LETTERS = frozenset(
    [chr(cp) for cp in range(0x0621, 0x064B) if cp != 0x0640]
    + [ch for ch in map(chr, range(128)) if ch.isalnum()]
)


def _letter(ch: str) -> bool:
    return ch in _LETTERS


def _render(doc: Document, size: int, steps: Sequence[Normalizer] = ()) -> Blocks:
    """Kept lines as text: blank-line runs collapse to one, none at the edges. A text of
    more than ``size`` characters comes as blocks of lines of at least ``size`` each,
    cut where :func:`line_blocks` may cut, so that it is never held whole; where the
    ``steps`` that are not line-local may be cut too (``cut_ok``, asked of the block's
    last :data:`CUT_TAIL` characters) when such a place comes before twice ``size``."""
    out: list[Line] = []
    for line in doc.lines:
        if line.blank and (not out or out[-1].blank):
            continue
        out.append(line)
    while out and out[-1].blank:
        out.pop()
    for line in itertools.chain(doc.lines, doc.dropped.values()):
        line.key = ""  # (read no more: a long line's is half its size again beside the text)
    # (a big document's packed lines are read a block at a time: a list of their texts
    # would hold a copy of the whole kept text beside them; no packed line has a tail)
    texts: Sequence[str] = (
        _Texts(out) if doc.packed else Document(out, doc.dropped, doc.source).render_lines()
    )
    del out
    if _fits(texts, size):  # (nearly every document: one block)
        return Blocks(["\n".join(texts)], [])
    # (a step that never says where it may be cut is not asked)
    picky = [s for s in steps if not s.line_local and type(s).cut_ok is not Normalizer.cut_ok]
    blocks = Blocks([], [])
    start = chars = asked = 0
    for i in range(len(texts) - 1):  # (the last is not blank: see above)
        if i < start:  # (the blank line of the last break)
            continue
        chars += len(texts[i]) + 1
        # A cut after line i, at its line break or at the blank line after it.
        after = i + 2 if texts[i + 1] == "" else i + 1
        if chars <= size or not _cut_ok(texts[i], len(texts[i]), texts[after], 0):
            continue
        if picky and chars <= 2 * size:
            if chars - asked < CUT_TAIL // 8:
                continue  # (asked a little before: a step refuses a stretch, not a line)
            asked = chars
            tail = _tail(texts, start, i, CUT_TAIL)
            if not all(step.cut_ok(tail, texts[after]) for step in picky):
                continue
        blocks.parts.append("\n".join(texts[start : i + 1]))
        blocks.breaks.append("\n" * (after - i))
        start, chars, asked = after, 0, 0
        if isinstance(texts, _Texts):
            texts.forget_before(start)
    blocks.parts.append("\n".join(texts[start:]))
    return blocks


def _fits(texts: Sequence[str], size: int) -> bool:
    """Whether ``texts`` joined by line breaks hold at most ``size`` characters (read no
    further than that)."""
    chars = 0
    for text in texts:
        chars += len(text) + 1
        if chars > size:
            return False
    return True


class _Texts(Sequence[str]):
    """The texts of ``lines``, each read when first asked and kept until
    :meth:`forget_before` lets go of it (see :func:`_render`: it reads a line, the next
    two, and then the block they end)."""

    __slots__ = ("lines", "read")

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.read: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.lines)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self.lines)))]
        text = self.read.get(i)
        if text is None:
            text = self.read[i] = self.lines[i].text
        return text

    def __iter__(self) -> Iterator[str]:
        return (line.text for line in self.lines)

    def forget_before(self, i: int) -> None:
        """Let go of the texts before ``lines[i]``."""
        self.read = {j: text for j, text in self.read.items() if j >= i}


#: How much of a block's end :func:`_render` shows a step's ``cut_ok`` (at least:
#: strip-html-leftovers reads the last 4,096 characters where there is markup).
CUT_TAIL = 1 << 12


def _tail(texts: list[str], start: int, stop: int, size: int) -> str:
    """The last ``size`` characters or more of ``texts[start : stop + 1]`` joined by line
    breaks (all of them if fewer)."""
    first, chars = stop, len(texts[stop])
    while first > start and chars < size:
        first -= 1
        chars += len(texts[first]) + 1
    return "\n".join(texts[first : stop + 1])
