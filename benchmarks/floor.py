"""How far the JSONL record path can be from the pass-through: the least each layer costs.

    python benchmarks/floor.py [--limit N] [--repeat R]

The issue's target is the default pipeline at 40% of a plain JSONL pass-through (parse,
split the text into lines, join, dump). This times, on the same ANT records in one
process (CPU seconds, best of R), loops that each do a little more of what cleaning
must do, up to the real record path, and prints each one's MB/s and share of the
pass-through:

1. the pass-through itself;
2. \\+ one match key per line (``keys.line_keys``: every filter compares lines by it);
3. \\+ the document (``Document.from_lines``: a ``Line`` object per line);
4. \\+ the lexicon filters' screens (drop-subscription-prompts and drop-site-chrome
   decide, finding nothing on most records);
5. \\+ every filter (the pipeline's filters, applied);
6. \\+ the normalizers (``Pipeline.run``: the whole default pipeline);
7. the real record path (``clean_record``).

Each row is a floor for the next: a pipeline with these filters cannot be faster than
the row that stops before it, whatever is done inside the steps. Where the target falls
short, this says which layer bounds it.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable

from _corpus import ant_texts

from arcleaner import JsonlOptions, Pipeline, clean_record
from arcleaner.document import Document, split_lines
from arcleaner.keys import line_keys
from arcleaner.pipeline import _apply


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int, default=8000, help="first N articles")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    texts = ant_texts(args.limit)
    lines = [
        json.dumps({"id": str(i), "text": t}, ensure_ascii=False).encode() + b"\n"
        for i, t in enumerate(texts)
    ]
    mb = sum(map(len, lines)) / 1e6
    pipeline = Pipeline.default()
    lexical = [f for f in pipeline.filters if f.name.startswith(("drop-sub", "drop-site"))]
    options = JsonlOptions()

    def record(line: bytes, clean: Callable[[str], str]) -> bytes:
        rec = json.loads(line)
        rec["text"] = clean(rec["text"])
        return json.dumps(rec, ensure_ascii=False).encode() + b"\n"

    def passthrough(text: str) -> str:
        return "\n".join(split_lines(text))

    def keyed(text: str) -> str:
        parts = split_lines(text)
        line_keys(parts)
        return "\n".join(parts)

    def document(text: str) -> str:
        return Document.from_text(text).render()

    def screened(text: str) -> str:
        doc = Document.from_text(text)
        for step in lexical:
            list(step.decide(doc))
        return doc.render()

    def filtered(text: str) -> str:
        doc = Document.from_text(text)
        removed: list = []
        for step in pipeline.filters:
            decisions = list(step.decide(doc))
            if decisions:
                doc = _apply(doc, decisions, step.name, removed)
        return doc.render()

    def run(text: str) -> str:
        return pipeline.run(text).text

    rows: list[tuple[str, Callable[[bytes], object]]] = [
        ("pass-through (parse, split, join, dump)", lambda ln: record(ln, passthrough)),
        ("+ match keys of the lines", lambda ln: record(ln, keyed)),
        ("+ the document (Line objects)", lambda ln: record(ln, document)),
        ("+ the two lexicon filters' screens", lambda ln: record(ln, screened)),
        ("+ every filter", lambda ln: record(ln, filtered)),
        ("+ the normalizers (Pipeline.run)", lambda ln: record(ln, run)),
        ("the record path (clean_record)", lambda ln: clean_record(ln, pipeline, options)),
    ]
    for _, fn in rows:
        fn(lines[0])  # (warm: lexicons loaded, patterns compiled)
    best = {name: float("inf") for name, _ in rows}
    for _ in range(args.repeat):
        for name, fn in rows:
            t0 = time.process_time()
            for line in lines:
                fn(line)
            best[name] = min(best[name], time.process_time() - t0)
    ref = best[rows[0][0]]
    print(f"ANT: {len(lines)} records, {mb:.1f} MB of JSONL; CPU seconds, best of {args.repeat}")
    print(f"{'':44} {'MB/s':>7} {'us/doc':>7} {'% of pass-through':>18}")
    for name, _ in rows:
        s = best[name]
        print(f"{name:44} {mb / s:7.1f} {1e6 * s / len(lines):7.0f} {100 * ref / s:17.0f}%")


if __name__ == "__main__":
    main()
