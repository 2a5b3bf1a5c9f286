"""``arclean report``: a run's ``--report`` JSON as one self-contained HTML page."""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..atomic import write_atomic
from ..errors import ConfigError
from ..htmlreport import load_report, render_page, sample_removed


@click.command("report", short_help="A run's --report JSON as one HTML page, charts and samples.")
@click.argument("run", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The HTML file to write.",
)
@click.option(
    "--removed",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The run's --save-removed file, for a sample of removed lines per filter "
    "(default: the one the run wrote, if it is still there).",
)
def report_cmd(run: Path, output: Path, removed: Path | None) -> None:
    """Write RUN (a --report JSON) as one HTML page: the configuration, documents and
    bytes in and out, removals per filter and per source, how much of each document was
    removed (and which lost most), and removed lines with their reasons. The page is
    self-contained: inline CSS and SVG, nothing loaded from the network.

    \b
    Examples:
      arclean corpus.jsonl -o clean.jsonl --report run.json --save-removed removed.jsonl
      arclean report run.json -o report.html
    """
    data = load_report(run)
    if removed is None:
        recorded = (data.get("options") or {}).get("save_removed")
        if recorded and Path(recorded).is_file():
            removed = Path(recorded)
    for source in (run, removed):
        if source is not None and output.exists() and os.path.samefile(source, output):
            raise ConfigError(f"refusing to overwrite input {source} (output {output})")
    samples = sample_removed(removed)[0] if removed is not None else None
    page = render_page(
        data, samples, source_name=run.name, removed_name=str(removed) if removed else ""
    )
    write_atomic(output, page.encode("utf-8"))
