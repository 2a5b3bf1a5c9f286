"""Fuzz campaign over the decode + clean entry points, outside the test suite.

    python benchmarks/fuzz.py hypothesis --seed 0 --count 300000
    python benchmarks/fuzz.py atheris --seed 0 --count 1000000   # pip install atheris

Every input goes through the whole pipeline with one of the 108 combinations of the
documented choices (``--diacritics``, ``--digits``, ``--fold-letters``, ``--quotes``,
``--keep-zwnj``), picked from the input itself:

- ``hypothesis``: arbitrary Unicode (lone surrogates included), Arabic-heavy text, lines
  built from the packaged lexicons (so the filters fire), and arbitrary bytes and text
  encoded in the codecs the decoder meets (UTF-8, UTF-16 without a BOM, windows-1256,
  mojibake), with a fixed ``--seed``.
- ``atheris``: coverage-guided (libFuzzer) on bytes, through :func:`arcleaner.clean_bytes`
  and, for one input in four, as a JSONL record through ``clean_record``.

Checked on every input: nothing raises but the documented refusals (``DecodeError`` for
bytes that are not text, ``MalformedRecord`` for a JSONL line that is not a record); the
output is valid UTF-8 with no lone surrogate and no control character but ``\\n``; the
normalizer chain is idempotent on the input and leaves the pipeline's output unchanged.
A finding does not stop the run: the first few inputs of each kind (exception type and
where it was raised, or the property broken) are kept and printed at the end with the
counts; the exit code is 1 when there was any. ``--findings FILE`` also writes them as
JSON lines as they happen (an atheris run can be long).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHOICES: list[dict[str, Any]] = [
    {"diacritics": d, "digits": g, "fold_letters": f, "quotes": q, "keep_zwnj": z}
    for d, g, f, q, z in itertools.product(
        ("strip", "keep-shadda", "keep"),
        (None, "ascii", "arabic-indic"),
        (False, True),
        ("keep", "angle", "straight"),
        (False, True),
    )
]
# Category Cc but the newline: nothing of the kind may reach the output.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
KEEP_PER_KIND = 3


class Finding(AssertionError):
    """A property broken; ``kind`` names it (findings are grouped by kind)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


class Campaign:
    """The pipelines for every choice, the checks, and the tally of inputs and findings."""

    def __init__(self, findings_file: Path | None = None) -> None:
        from arcleaner import Pipeline

        self.pipelines = [Pipeline.default(**choice) for choice in CHOICES]
        self.chains = [Pipeline([], p.normalizers) for p in self.pipelines]
        self.counts: Counter[str] = Counter()
        self.findings: dict[str, list[str]] = {}
        self.findings_file = findings_file

    def pick(self, selector: int) -> tuple[Any, Any, dict[str, Any]]:
        i = selector % len(CHOICES)
        return self.pipelines[i], self.chains[i], CHOICES[i]

    def run(self, kind: str, what: object, check: Callable[[], None]) -> None:
        """Run one check, count it, and keep what it finds."""
        self.counts[kind] += 1
        try:
            check()
        except Exception as exc:  # a finding: keep it, go on
            detail = str(exc).split("\n", 1)[0][:300]
            if isinstance(exc, Finding):
                signature = exc.kind
            else:
                frame = traceback.extract_tb(exc.__traceback__)[-1]
                where = f"{Path(frame.filename).name}:{frame.lineno}"
                signature = f"{type(exc).__name__} at {where}"
            kept = self.findings.setdefault(signature, [])
            self.counts["findings"] += 1
            if len(kept) < KEEP_PER_KIND:
                kept.append(f"{what!r}: {detail}")
                if self.findings_file is not None:
                    with self.findings_file.open("a", encoding="utf-8") as fh:
                        row = {"signature": signature, "input": repr(what), "detail": detail}
                        fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def check_text(self, text: str, selector: int) -> None:
        pipeline, chain, choice = self.pick(selector)
        out = pipeline.run(text).text
        _valid_output(out, choice)
        again = chain.clean(out)
        if again != out:
            raise Finding("the chain changes the output", f"{choice}: {out!r} -> {again!r}")
        once = chain.clean(text)
        twice = chain.clean(once)
        if twice != once:
            raise Finding("chain not idempotent", f"{choice}: {once!r} -> {twice!r}")

    def check_bytes(self, data: bytes, selector: int) -> None:
        from arcleaner import clean_bytes
        from arcleaner.errors import DecodeError

        pipeline, chain, choice = self.pick(selector)
        try:
            out, _ = clean_bytes(data, pipeline)
        except DecodeError:
            return
        text = out.decode("utf-8")  # strict: raises on anything but valid UTF-8
        _valid_output(text, choice)
        if chain.clean(text.removesuffix("\n")) != text.removesuffix("\n"):
            raise Finding("the chain changes the output", f"{choice}: of {data!r}")

    def check_record(self, data: bytes, selector: int) -> None:
        from arcleaner.run.jsonl import JsonlOptions, MalformedRecord, clean_record

        pipeline, _, choice = self.pick(selector)
        try:
            line, _ = clean_record(data, pipeline, JsonlOptions(annotate=bool(selector & 1)))
        except MalformedRecord:
            return
        record = json.loads(line)
        if not line.endswith(b"\n") or b"\n" in line[:-1]:
            raise Finding("a record is not one line", f"{choice}: {line!r}")
        text = record.get("text")
        if isinstance(text, str):
            _valid_output(text, choice)

    def report(self, seconds: float) -> int:
        total = sum(n for k, n in self.counts.items() if k != "findings")
        print(f"inputs: {total} in {seconds:.0f} s ({total / max(seconds, 1e-9):.0f}/s)")
        for kind, n in sorted(self.counts.items()):
            if kind != "findings":
                print(f"  {kind}: {n}")
        print(f"findings: {self.counts['findings']} in {len(self.findings)} kinds")
        for signature, examples in self.findings.items():
            print(f"- {signature}")
            for example in examples:
                print(f"    {example[:400]}")
        sys.stdout.flush()
        return 1 if self.findings else 0


def _valid_output(text: str, choice: dict[str, Any]) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as err:
        raise Finding("not valid UTF-8 (a lone surrogate)", f"{choice}: {text!r}") from err
    m = _CONTROL.search(text)
    if m:
        raise Finding("control character", f"{choice}: U+{ord(m[0]):04X} in {text!r}")


# --- hypothesis -------------------------------------------------------------------------


def _strategies() -> tuple[Any, Any]:
    from hypothesis import strategies as st

    from arcleaner.resources import Resources

    res = Resources()
    phrases = [e.text for name in ("chrome", "subscription") for e in res.lexicon(name).entries]
    phrases = [p for p in phrases if p and not p.startswith(("^", "("))] or ["شارك"]
    prose = [
        "قال وزير الخارجية في مؤتمر صحفي إن المحادثات ستستمر الأسبوع المقبل.",
        "وأضاف أن الحكومة تعمل على خطة جديدة لدعم الاقتصاد، بحسب رويترز.",
        "كتب - سامي يوسف: أعلنت الوزارة اليوم عن إطلاق الخطة الوطنية...المزيد",
        "دمشق، سوريا (CNN) -- أعلنت الحكومة السورية عن إجراءات جديدة في المدينة.",
        "عنوان الخبر الرئيسي - الشرق الأوسط",
    ]
    any_char = st.characters(codec=None, exclude_categories=())  # surrogates too
    arabic = st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0x0750, max_codepoint=0x08FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.sampled_from(list(" \n\t\r.,،؛؟!?:;\"«»“”()-%٪<>&#;/@_'\u0300\u0301\u0327\u0338")),
        st.sampled_from(["<br>", "&amp;", "&#1614;", "&quot;", "http://x.com/a", "a@b.com"]),
        st.sampled_from(["\u200b", "\u200c", "\u200d", "\u200f", "\u00a0", "\u2028", "\x85"]),
        any_char,
    )
    line = st.one_of(
        st.sampled_from(phrases),
        st.sampled_from(prose),
        st.lists(arabic, max_size=30).map("".join),
    )
    text = st.one_of(
        st.text(any_char, max_size=80),
        st.lists(arabic, max_size=80).map("".join),
        st.lists(line, max_size=12).map("\n".join),
    )
    codecs = ("utf-8", "utf-16-le", "utf-16-be", "windows-1256", "iso-8859-6", "latin-1")
    encoded = st.tuples(st.lists(line, max_size=8).map("\n".join), st.sampled_from(codecs)).map(
        lambda pair: pair[0].encode(pair[1], "replace")
    )
    mojibake = st.lists(line, max_size=6).map(
        lambda ls: "\n".join(ls).encode("utf-8", "replace").decode("latin-1").encode("utf-8")
    )
    data = st.one_of(st.binary(max_size=200), encoded, mojibake)
    return text, data


def run_hypothesis(campaign: Campaign, seed: int, count: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    text, data = _strategies()
    # Thirds: Unicode text, bytes, JSONL records made of the text.
    per_kind = max(1, count // 3)

    @hseed(seed)
    @settings(
        max_examples=per_kind,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(text, st.integers(0, 10**6))
    def unicode_inputs(value: str, selector: int) -> None:
        campaign.run("hypothesis text", value, lambda: campaign.check_text(value, selector))

    @hseed(seed + 1)
    @settings(
        max_examples=per_kind, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data, st.integers(0, 10**6))
    def byte_inputs(value: bytes, selector: int) -> None:
        campaign.run("hypothesis bytes", value, lambda: campaign.check_bytes(value, selector))

    @hseed(seed + 2)
    @settings(
        max_examples=count - 2 * per_kind,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(text, st.integers(0, 10**6))
    def record_inputs(value: str, selector: int) -> None:
        try:
            line = json.dumps({"id": 1, "text": value, "metadata": None}).encode()
        except ValueError:
            return
        campaign.run("hypothesis jsonl", line, lambda: campaign.check_record(line, selector))

    unicode_inputs()
    byte_inputs()
    record_inputs()


# --- atheris ----------------------------------------------------------------------------


def run_atheris(campaign: Campaign, seed: int, count: int, extra: list[str]) -> None:
    import atheris

    started = time.perf_counter()
    done = [0]

    def one_input(data: bytes) -> None:
        selector, body = (data[0], data[1:]) if data else (0, b"")
        if selector % 4 == 3:
            campaign.run("atheris jsonl", body, lambda: campaign.check_record(body, selector))
        else:
            campaign.run("atheris bytes", body, lambda: campaign.check_bytes(body, selector))
        done[0] += 1
        if done[0] >= count:  # libFuzzer would end the process without a word: report first
            code = campaign.report(time.perf_counter() - started)
            os._exit(code)

    # libFuzzer takes -seed=0 as "pick one at random": seed N is passed as N + 1.
    argv = [sys.argv[0], f"-seed={seed + 1}", "-max_len=4096", *extra]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("engine", choices=("hypothesis", "atheris"))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--count", type=int, default=10_000, help="inputs to run")
    ap.add_argument("--findings", type=Path, help="append findings here as JSON lines")
    args, extra = ap.parse_known_args()
    if args.engine == "atheris":
        import atheris

        # Instrumented for coverage, so arcleaner must be imported here first.
        with atheris.instrument_imports(include=["arcleaner"]):
            import arcleaner.run
            import arcleaner.run.jsonl  # noqa: F401
    campaign = Campaign(args.findings)
    started = time.perf_counter()
    print(f"fuzz: {args.engine}, seed {args.seed}, count {args.count}", flush=True)
    if args.engine == "hypothesis":
        run_hypothesis(campaign, args.seed, args.count)
        sys.exit(campaign.report(time.perf_counter() - started))
    run_atheris(campaign, args.seed, args.count, extra)


if __name__ == "__main__":
    main()
