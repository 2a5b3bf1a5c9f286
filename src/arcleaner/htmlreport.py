"""A run's report as one self-contained HTML page: what ``arclean report`` writes.

The page is made from the ``--report`` JSON (and, when there is one, the
``--save-removed`` file): the configuration, documents and bytes in and out, removals
per filter and per source, the histogram of the share of each document removed with
the documents that lost most, and a sample of removed lines per filter with their
reasons. Everything is inline (CSS, SVG charts; no script, font or image is fetched),
so the page opens anywhere, offline, and can be attached to a ticket. Arabic text is
set right to left line by line (``dir="auto"``), whatever the page's own direction.

Every figure shown carries its value in a ``data-value`` attribute and an ``id`` or
``data-key``, so a test (or a scraper) can read the page's numbers back.

>>> page = render_page({"arclean": "0.1.0", "config": {}, "options": {}, "files": [],
...     "summary": {"files": 0, "docs": 0}})
>>> page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body", 1)[1]
True
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from .errors import ConfigError

# Removed lines shown per filter.
SAMPLES = 8
# Records kept per shown sample while reading, to choose distinct texts from.
RESERVOIR = 8
# A removed line longer than this is cut in the sample (the rest is in the JSONL file).
SAMPLE_CHARS = 220
# Bar colours, one per filter in chain order (colour-blind safe: Okabe-Ito, then greys).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
    "#666666",
)
# Sources shown in the per-source chart (the rest are summed in one row).
MAX_SOURCES = 20


def load_report(path: Path | str) -> dict[str, Any]:
    """The ``--report`` JSON at ``path``; a file that is not one is a ConfigError."""
    path = Path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as err:
        raise ConfigError(f"{path}: {err.strerror or err}") from None
    except (ValueError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path}: not a JSON report ({err})") from None
    if not isinstance(data, dict) or "summary" not in data or "arclean" not in data:
        raise ConfigError(f"{path}: not an arclean report (write one with --report FILE)")
    return data


# The fields every record of a --save-removed file has.
_REMOVED_KEYS = frozenset({"doc", "line", "filter", "reason", "text"})


def sample_removed(
    path: Path | str, per_filter: int = SAMPLES, seed: int = 0
) -> tuple[dict[str, list[dict[str, Any]]], int]:
    """A random sample of ``per_filter`` removed-lines records of each filter, with
    different texts where the filter removed different texts (a site's one prompt,
    removed 800 times, would otherwise fill it), in file order; and the number of records
    read. One pass, memory bounded by the sample (a reservoir of ``RESERVOIR`` times the
    sample per filter, the first distinct texts of it shown); the same file gives the
    same sample."""
    path = Path(path)
    rng = random.Random(seed)
    size = per_filter * RESERVOIR
    seen: dict[str, int] = {}
    kept: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    total = 0
    try:
        with path.open("rb") as fh:
            for number, line in enumerate(fh):
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if not isinstance(record, dict) or not _REMOVED_KEYS <= record.keys():
                    raise ConfigError(
                        f"{path}:{number + 1}: not a removed-lines record (a JSON object "
                        "with doc, line, filter, reason and text, as --save-removed "
                        "writes)"
                    )
                name = str(record["filter"])
                total += 1
                n = seen[name] = seen.get(name, 0) + 1
                bucket = kept.setdefault(name, [])
                if len(bucket) < size:
                    bucket.append((number, record))
                else:
                    slot = rng.randrange(n)
                    if slot < size:
                        bucket[slot] = (number, record)
    except OSError as err:
        raise ConfigError(f"{path}: {err.strerror or err}") from None
    shown: dict[str, list[dict[str, Any]]] = {}
    for name, items in kept.items():
        rng.shuffle(items)
        texts: set[str] = set()
        first, repeats = [], []
        for item in items:  # distinct texts first, repeats only if there are too few
            text = str(item[1].get("text"))
            (repeats if text in texts else first).append(item)
            texts.add(text)
        picked = (first + repeats)[:per_filter]
        shown[name] = [r for _, r in sorted(picked, key=lambda t: t[0])]
    return shown, total


def _n(value: Any) -> str:
    """A count with thousands separators."""
    return f"{int(value):,}"


def _mb(value: Any) -> str:
    return f"{int(value) / 1e6:,.1f} MB"


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0.0%"


def _figure(key: str, label: str, value: int, shown: str, note: str = "") -> str:
    extra = f'<div class="note">{escape(note)}</div>' if note else ""
    return (
        f'<div class="card"><div class="label">{escape(label)}</div>'
        f'<div class="value" id="{key}" data-value="{value}">{escape(shown)}</div>{extra}</div>'
    )


def _bar_rows(
    rows: Sequence[tuple[str, Mapping[str, int]]],
    colors: Mapping[str, str],
    chart: str,
    width: int = 420,
) -> str:
    """A table of horizontal bars: a label, a stacked SVG bar (one segment per filter),
    the total."""
    top = max((sum(parts.values()) for _, parts in rows), default=0) or 1
    out = [f'<table class="bars" id="{chart}">']
    for label, parts in rows:
        total = sum(parts.values())
        x = 0.0
        rects = []
        for name, value in parts.items():
            w = width * value / top
            title = f"{name}: {value:,}"
            rects.append(
                f'<rect x="{x:.2f}" y="2" width="{w:.2f}" height="16" '
                f'fill="{colors.get(name, "#999999")}"><title>{escape(title)}</title></rect>'
            )
            x += w
        svg = (
            f'<svg width="{width}" height="20" viewBox="0 0 {width} 20" role="img" '
            f'aria-label="{escape(label)}: {total:,}">{"".join(rects)}</svg>'
        )
        out.append(
            f'<tr data-key="{escape(label)}"><th dir="auto">{escape(label)}</th><td>{svg}</td>'
            f'<td class="num" data-value="{total}">{total:,}</td></tr>'
        )
    out.append("</table>")
    return "".join(out)


def _histogram(labels: Sequence[str], counts: Sequence[int]) -> str:
    """Vertical bars, one per bin of the share of a document removed. The scale is set by
    the bins where something was removed; the "none" bin (most documents, usually) is cut
    at the top, with a break mark, when it is taller."""
    width, height, gap, top_pad, bottom = 660, 210, 8, 22, 34
    n = len(counts) or 1
    bar = (width - gap * (n + 1)) / n
    peak = max(counts[1:], default=0) or max(counts, default=0) or 1
    parts = [
        f'<svg id="share-histogram" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        'aria-label="documents by the share of their text removed">',
        f'<line x1="0" y1="{height - bottom}" x2="{width}" y2="{height - bottom}" '
        'stroke="#888" stroke-width="1"/>',
    ]
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        h = (height - bottom - top_pad) * min(count, peak) / peak
        x = gap + i * (bar + gap)
        y = height - bottom - h
        fill = "#009E73" if i == 0 else "#D55E00"
        cut = ""
        if count > peak:  # cut: two slashes across the bar say so
            mid = y + 18
            cut = (
                f'<path d="M{x - 2:.1f} {mid + 4:.1f} L{x + bar + 2:.1f} {mid - 4:.1f} '
                f'M{x - 2:.1f} {mid + 10:.1f} L{x + bar + 2:.1f} {mid + 2:.1f}" '
                'stroke="#f6f7f9" stroke-width="3" class="cut"/>'
            )
        parts.append(
            f'<g class="bin" data-key="{escape(label)}" data-value="{count}">'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{fill}">'
            f"<title>{escape(label)}: {count:,} documents</title></rect>"
            f'<text x="{x + bar / 2:.1f}" y="{y - 5:.1f}" text-anchor="middle" '
            f'class="count">{count:,}</text>'
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'class="axis">{escape(label)}</text>{cut}</g>'
        )
    parts.append(
        f'<text x="{width / 2}" y="{height - 3}" text-anchor="middle" class="axis">'
        "share of the document's text removed</text></svg>"
    )
    return "".join(parts)


def _config_block(report: Mapping[str, Any]) -> str:
    from .config import to_toml

    config = dict(report.get("config") or {})
    profile = config.pop("profile", None)
    try:
        text = to_toml(config)
    except ConfigError:  # a value TOML cannot hold (a plugin's option): show it as JSON
        text = json.dumps(config, ensure_ascii=False, indent=1)
    if profile:
        text += f"\n# site profile: {json.dumps(profile, ensure_ascii=False)}\n"
    options = report.get("options") or {}
    rows = "".join(
        f'<tr><th>{escape(str(k))}</th><td dir="auto">'
        f"{escape(json.dumps(v, ensure_ascii=False))}</td></tr>"
        for k, v in options.items()
    )
    return (
        '<div class="two"><div><h3>Pipeline</h3>'
        f'<pre class="config" dir="ltr">{escape(text)}</pre></div>'
        f'<div><h3>Reading and writing</h3><table class="kv">{rows}</table></div></div>'
    )


def _filters_in_order(report: Mapping[str, Any], dropped: Mapping[str, int]) -> list[str]:
    chain = list((report.get("config") or {}).get("filters") or [])
    return chain + sorted(set(dropped) - set(chain))


def _samples_block(
    samples: Mapping[str, list[dict[str, Any]]], order: Iterable[str], dropped: Mapping[str, int]
) -> str:
    out = []
    for name in [*order, *sorted(set(samples) - set(order))]:
        rows = samples.get(name)
        if not rows:
            continue
        shown = len(rows)
        out.append(
            f'<h3 data-key="{escape(name)}" data-value="{shown}">{escape(name)} '
            f'<span class="muted">({shown} of {dropped.get(name, shown):,} removals)</span></h3>'
            '<table class="samples"><tr><th>document</th><th>line</th><th>reason</th>'
            "<th>removed text</th></tr>"
        )
        for r in rows:
            text = str(r.get("text", ""))
            if len(text) > SAMPLE_CHARS:
                text = text[: SAMPLE_CHARS - 1] + "…"
            line = str(r.get("line", ""))
            if r.get("span"):
                line += " (cut)"
            out.append(
                f'<tr><td dir="auto" class="doc">{escape(str(r.get("doc", "")))}</td>'
                f'<td class="num">{escape(line)}</td>'
                f'<td dir="auto" class="reason">{escape(str(r.get("reason", "")))}</td>'
                f'<td dir="auto" class="text">{escape(text)}</td></tr>'
            )
        out.append("</table>")
    return "".join(out)


_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif;
  margin: 0; background: #f6f7f9; color: #1d232b; font-size: 14px; }
main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d8dde3; }
h3 { font-size: 14px; margin: 18px 0 6px; }
.muted, .note { color: #5f6b78; font-weight: normal; }
.note { font-size: 12px; margin-top: 2px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(165px, 1fr)); gap: 10px; }
.card { background: #fff; border: 1px solid #dfe3e8; border-radius: 8px; padding: 10px 12px; }
.card .label { color: #5f6b78; font-size: 12px; }
.card .value { font-size: 20px; font-weight: 600; margin-top: 2px; }
table { border-collapse: collapse; }
.bars th { text-align: start; font-weight: normal; padding: 2px 10px 2px 0; max-width: 260px;
  overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bars td { padding: 1px 4px; }
.num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
.legend span { display: inline-block; margin: 0 14px 4px 0; }
.legend i { display: inline-block; width: 11px; height: 11px; margin-inline-end: 5px;
  vertical-align: -1px; border-radius: 2px; }
table.list, table.samples, table.kv { width: 100%; background: #fff; border: 1px solid #dfe3e8; }
table.list th, table.list td, table.samples th, table.samples td, table.kv th, table.kv td {
  border-bottom: 1px solid #eceff2; padding: 5px 8px; vertical-align: top; text-align: start; }
table.samples th, table.list th { background: #f0f2f5; font-weight: 600; font-size: 12px; }
table.list td.num, table.samples td.num { text-align: end; }
table.kv th { width: 30%; font-weight: 600; color: #3b4652; }
table.kv td { word-break: break-word; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: 12px; }
td.text { font-size: 15px; line-height: 1.6; }
td.doc { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px;
  max-width: 220px; word-break: break-all; }
td.reason { color: #3b4652; font-size: 12px; max-width: 260px; }
pre.config { background: #fff; border: 1px solid #dfe3e8; border-radius: 6px; padding: 10px;
  font-size: 12px; overflow-x: auto; max-height: 420px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
svg text.count { font-size: 11px; fill: #1d232b; }
svg text.axis { font-size: 11px; fill: #5f6b78; }
.failed { color: #b00020; }
footer { margin-top: 36px; color: #5f6b78; font-size: 12px; }
"""


def render_page(
    report: Mapping[str, Any],
    samples: Mapping[str, list[dict[str, Any]]] | None = None,
    *,
    source_name: str = "",
    removed_name: str = "",
) -> str:
    """The HTML page for ``report`` (a loaded ``--report`` JSON) and ``samples`` (the
    first item of what :func:`sample_removed` returns; ``None``: no removed-lines file
    was given)."""
    summary = report.get("summary") or {}
    losses = summary.get("losses") or {}
    dropped: dict[str, int] = dict(summary.get("dropped") or {})
    order = _filters_in_order(report, dropped)
    colors = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(order)}
    docs = int(summary.get("docs", 0))
    empty = int(summary.get("empty_docs", 0))
    chars_in = int(losses.get("chars_in", 0))
    chars_removed = int(losses.get("chars_removed", 0))
    removals = int(summary.get("lines_dropped", sum(dropped.values())))
    cards = [
        _figure("files", "inputs", int(summary.get("files", 0)), _n(summary.get("files", 0)),
                f"{_n(summary.get('failed', 0))} failed"),
        _figure("docs-in", "documents in", docs, _n(docs)),
        _figure("docs-out", "documents out with text", docs - empty, _n(docs - empty),
                f"{_n(empty)} all boilerplate, left empty"),
        _figure("bytes-in", "bytes in", int(summary.get("bytes_in", 0)),
                _mb(summary.get("bytes_in", 0))),
        _figure("bytes-out", "bytes out", int(summary.get("bytes_out", 0)),
                _mb(summary.get("bytes_out", 0))),
        _figure("lines-in", "lines in", int(summary.get("lines_in", 0)),
                _n(summary.get("lines_in", 0))),
        _figure("removals", "removals (lines and spans)", removals, _n(removals)),
        _figure("chars-removed", "characters removed", chars_removed, _n(chars_removed),
                f"{_pct(chars_removed, chars_in)} of {_n(chars_in)}"),
    ]  # fmt: skip
    legend = "".join(
        f'<span><i style="background:{colors[name]}"></i>{escape(name)}</span>'
        for name in order
        if dropped.get(name)
    )
    per_filter = _bar_rows(
        [(name, {name: dropped[name]}) for name in order if dropped.get(name)],
        colors,
        "by-filter",
    )
    sources = losses.get("by_source") or {}
    ranked = sorted(sources.items(), key=lambda kv: (-kv[1].get("removals", 0), kv[0]))
    rows = [
        (name, {f: e["dropped"].get(f, 0) for f in order if e["dropped"].get(f)})
        for name, e in ranked[:MAX_SOURCES]
    ]
    if len(ranked) > MAX_SOURCES:
        rest: dict[str, int] = {}
        for _, e in ranked[MAX_SOURCES:]:
            for f, v in e["dropped"].items():
                rest[f] = rest.get(f, 0) + v
        rows.append((f"{len(ranked) - MAX_SOURCES} other sources", rest))
    per_source = _bar_rows(rows, colors, "by-source")
    source_table = "".join(
        f'<tr data-key="{escape(name)}"><td dir="auto">{escape(name)}</td>'
        f'<td class="num">{_n(e.get("docs", 0))}</td>'
        f'<td class="num">{_n(e.get("lines_in", 0))}</td>'
        f'<td class="num">{_n(e.get("removals", 0))}</td>'
        f'<td class="num">{_pct(e.get("chars_removed", 0), e.get("chars_in", 0))}</td></tr>'
        for name, e in ranked[:MAX_SOURCES]
    )
    most = "".join(
        f'<tr><td dir="auto" class="doc">{escape(str(d.get("doc")))}</td>'
        f'<td dir="auto">{escape(str(d.get("source")))}</td>'
        f'<td class="num" data-value="{d.get("share")}">{100 * float(d.get("share", 0)):.1f}%</td>'
        f'<td class="num">{_n(d.get("chars_removed", 0))}</td>'
        f'<td class="num">{_n(d.get("removals", 0))}</td></tr>'
        for d in losses.get("most_removed") or []
    )
    failed = [f for f in report.get("files") or [] if f.get("status") == "failed"]
    failures = ""
    if failed:
        items = "".join(
            f'<li dir="auto" class="failed">{escape(str(f.get("error") or f.get("source")))}</li>'
            for f in failed[:50]
        )
        more = f"<li>and {len(failed) - 50:,} more</li>" if len(failed) > 50 else ""
        failures = f"<h2>Failed inputs ({len(failed):,})</h2><ul>{items}{more}</ul>"
    # The one-line warnings and notes told for each input (an HTML page, documents run
    # together, bad records), as stderr told them.
    told = [m for f in report.get("files") or [] for m in f.get("messages") or []]
    if told:
        items = "".join(f'<li dir="auto">{escape(str(m))}</li>' for m in told[:50])
        more = f"<li>and {len(told) - 50:,} more</li>" if len(told) > 50 else ""
        failures += f"<h2>Warnings ({len(told):,})</h2><ul>{items}{more}</ul>"
    if samples is None:
        sample_html = (
            '<p class="muted">No removed-lines file: run with <code>--save-removed FILE</code> '
            "and pass it with <code>--removed FILE</code> to see removed lines here.</p>"
        )
    elif not samples:
        sample_html = '<p class="muted">Nothing was removed.</p>'
    else:
        where = f" from <code>{escape(removed_name)}</code>" if removed_name else ""
        sample_html = (
            f'<p class="muted">A random sample of up to {SAMPLES} removals per filter{where} '
            "(different texts where there are), each with the reason its filter gave.</p>"
            + _samples_block(samples, order, dropped)
        )
    title = "arclean run report" + (f": {source_name}" if source_name else "")
    histogram = _histogram(
        list(losses.get("share_bins") or []), [int(x) for x in losses.get("share_histogram") or []]
    )
    seconds = float(summary.get("seconds", 0.0))
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title><style>{_CSS}</style></head>
<body><main>
<h1>{escape(title)}</h1>
<div class="muted">arclean {escape(str(report.get("arclean", "?")))} &middot;
{_n(summary.get("files", 0))} inputs in {seconds:,.1f} s</div>
<h2>Documents and bytes</h2>
<div class="cards">{"".join(cards)}</div>
<h2>Removals per filter</h2>
<div class="legend">{legend}</div>
{per_filter}
<h2>Removals per source</h2>
<p class="muted">Sources as the run read them (<code>--source-by</code>, else
<code>metadata.source</code> of JSONL records, else the top folder); the {MAX_SOURCES}
with most removals.</p>
{per_source}
<table class="list" id="sources"><tr><th>source</th><th>documents</th><th>lines in</th>
<th>removals</th><th>text removed</th></tr>{source_table}</table>
<h2>How much of each document was removed</h2>
{histogram}
<h3>Documents that lost most</h3>
<table class="list" id="most-removed"><tr><th>document</th><th>source</th><th>removed</th>
<th>characters</th><th>removals</th></tr>{most}</table>
<h2>Removed lines</h2>
{sample_html}
{failures}
<h2>Configuration</h2>
{_config_block(report)}
<footer>Made by <code>arclean report</code> from the <code>--report</code> JSON; the page
loads nothing from the network.</footer>
</main></body></html>
"""


__all__ = ["load_report", "render_page", "sample_removed"]
