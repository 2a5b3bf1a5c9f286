"""The ``arclean`` command: a thin layer over the library (only this module imports click/rich).

Exit codes: 0 ok; 1 ``--check`` found text that cleaning would change; 2 usage or
configuration error; 123 some inputs failed (the others were cleaned); 130 interrupted;
141 the reader of stdout went away (broken pipe).
"""

from __future__ import annotations

import os
import signal
import sys
import time
import tomllib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .atomic import write_atomic
from .batch import (
    BatchOptions,
    Job,
    check_output_dir,
    clean_bytes,
    default_jobs,
    plan_tree,
    prepare_output,
    run_jobs,
)
from .document import Removal
from .errors import ArcleanError, ConfigError
from .jsonl import JsonlOptions, MalformedRecord, clean_jsonl
from .jsonl import is_jsonl_name as jsonl_name
from .pipeline import Pipeline, apply_choices
from .registry import default_registry
from .report import FileReport, ReportWriter, Summary
from .textio import decode

EXIT_OK, EXIT_CHANGED, EXIT_USAGE, EXIT_SOME_FAILED, EXIT_INTERRUPTED, EXIT_PIPE = (
    0,
    1,
    2,
    123,
    130,
    141,
)


class _ReaderGone(Exception):
    """stdout's reader went away (``arclean big.txt | head``); not an error of ours."""


class _OutputFailed(Exception):
    """stdout cannot be written (a full disk): reported in one line, exit 123."""


class _DefaultGroup(click.Group):
    """``arclean ARGS`` means ``arclean clean ARGS`` unless ARGS starts with a command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or args[0] not in self.commands:
            args = ["clean", *args]
        return super().parse_args(ctx, args)


class _CleanCommand(click.Command):
    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage("arclean", "[OPTIONS] [FILE]...")


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Clean scraped Arabic news text."""


def _parse_set(values: Sequence[str]) -> dict[str, dict[str, str]]:
    options: dict[str, dict[str, str]] = {}
    for item in values:
        target, eq, value = item.partition("=")
        step, dot, key = target.rpartition(".")
        if not eq or not dot or not step or not key:
            raise ConfigError(f"--set expects STEP.OPTION=VALUE, not {item!r}")
        options.setdefault(step, {})[key] = value
    return options


def build_pipeline(
    config: Path | None,
    disable: Sequence[str],
    sets: Sequence[str],
    diacritics: str | None,
    *,
    digits: str | None = None,
    fold_letters: bool = False,
    quotes: str | None = None,
    keep_zwnj: bool = False,
) -> Pipeline:
    """Merge a TOML config file and CLI flags into one pipeline config."""
    cfg: dict[str, Any] = {}
    if config is not None:
        try:
            cfg = tomllib.loads(config.read_text("utf-8"))
        except OSError as err:
            raise ConfigError(f"cannot read config {config}: {err.strerror}") from None
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{config}: invalid TOML: {err}") from None
    options: dict[str, dict[str, Any]] = {k: dict(v) for k, v in cfg.get("options", {}).items()}
    for step, opts in _parse_set(sets).items():
        options.setdefault(step, {}).update(opts)
    cfg["options"] = options
    cfg["disable"] = [*cfg.get("disable", []), *disable]
    cfg = apply_choices(
        cfg,
        diacritics=diacritics or None,
        digits=digits,
        fold_letters=fold_letters,
        quotes=quotes,
        keep_zwnj=keep_zwnj,
    )
    return Pipeline.from_config(cfg)


def _explain(source: str, removed: list[Removal]) -> None:
    for r in removed:
        text = r.text if len(r.text) <= 90 else r.text[:87] + "..."
        where = f"{source}:{r.line}" + (f"[{r.span[0]}:{r.span[1]}]" if r.span else "")
        click.echo(f"{where}: {r.filter}: {r.reason}: {text}", err=True)


def _fail(message: str) -> None:
    click.echo(f"arclean: error: {message}", err=True)


@cli.command(
    "clean",
    cls=_CleanCommand,
    epilog="Commands: 'arclean filters' lists every step; 'arclean COMMAND --help' for more.",
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(),  # a str: Path() would drop the trailing slash that means "folder"
    help="Output file (one input) or directory (several inputs, or a name ending in /). "
    "Default: stdout.",
)
@click.option(
    "--explain", is_flag=True, help="Print every removal (line, filter, reason) on stderr."
)
@click.option(
    "--diacritics",
    type=click.Choice(["strip", "keep-shadda", "keep"]),
    help="Diacritics policy (default: strip).",
)
@click.option(
    "--digits",
    type=click.Choice(["ascii", "arabic-indic"]),
    help="Convert digits to one set (default: keep as typed).",
)
@click.option(
    "--fold-letters",
    is_flag=True,
    help="Fold alef variants, alef maqsura, taa marbuta (lossy; for search).",
)
@click.option(
    "--quotes",
    type=click.Choice(["keep", "angle", "straight"]),
    help='Quotation marks: keep (default), angle « », straight ".',
)
@click.option("--keep-zwnj", is_flag=True, help="Keep ZWNJ (Persian/Urdu spelling needs it).")
@click.option(
    "--encoding",
    help="Input encoding (default: UTF-8, a BOM, or windows-1256/ISO-8859-6 when certain).",
)
@click.option(
    "--disable", multiple=True, metavar="STEP", help="Leave a step out of the chain (repeatable)."
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="STEP.OPTION=VALUE",
    help="Set a step option, e.g. drop-repeated-lines.min_words=5 (repeatable).",
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="TOML file: filters, normalizers, disable, [options.STEP].",
)
@click.option(
    "--check", is_flag=True, help="Write nothing; exit 1 if cleaning would change any input."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    help="Worker processes for folders, several files and JSONL (default: the CPU count).",
)
@click.option(
    "--glob",
    "globs",
    multiple=True,
    metavar="PATTERN",
    help="Files to clean inside folders (repeatable; default *.txt, with --jsonl "
    "*.jsonl and *.jsonl.gz). A pattern with '/' matches the path inside the folder.",
)
@click.option(
    "--exclude",
    "excludes",
    multiple=True,
    metavar="PATTERN",
    help="Files or folders to skip inside folders (repeatable).",
)
@click.option(
    "--in-place", is_flag=True, help="Rewrite inputs that change (atomically); leave the rest."
)
@click.option(
    "--no-resume",
    is_flag=True,
    help="Redo every file, even outputs that are complete and up to date.",
)
@click.option(
    "--report",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write a JSON report: per file, totals, arclean version and configuration.",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option(
    "--jsonl",
    is_flag=True,
    help="Read JSONL (one JSON document a line); automatic for *.jsonl and *.jsonl.gz.",
)
@click.option(
    "--text-field",
    default="text",
    show_default=True,
    metavar="PATH",
    help="JSONL field to clean; a dotted path for nested ones (content.body).",
)
@click.option(
    "--annotate",
    is_flag=True,
    help="JSONL: add each removal (line, filter, reason, text) as metadata.arclean_removed.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="JSONL: a malformed line stops that input (default: report it, skip it, go on).",
)
@click.version_option(__version__, "-V", "--version", prog_name="arclean")
def clean_cmd(
    files: tuple[Path, ...],
    output: str | None,
    explain: bool,
    diacritics: str | None,
    digits: str | None,
    fold_letters: bool,
    quotes: str | None,
    keep_zwnj: bool,
    encoding: str | None,
    disable: tuple[str, ...],
    sets: tuple[str, ...],
    config: Path | None,
    check: bool,
    jobs: int | None,
    globs: tuple[str, ...],
    excludes: tuple[str, ...],
    in_place: bool,
    no_resume: bool,
    report: Path | None,
    quiet: bool,
    jsonl: bool,
    text_field: str,
    annotate: bool,
    strict: bool,
) -> None:
    """Remove boilerplate from scraped Arabic news text and normalize it.

    Reads FILEs (or stdin when none, or '-'), writes clean UTF-8 text to stdout or to -o.

    \b
    Examples:
      cat raw.txt | arclean > clean.txt
      arclean page.txt -o page.clean.txt
      arclean a.txt b.txt -o clean/
      arclean --explain page.txt > /dev/null      # why each line was removed
      arclean --diacritics keep-shadda --disable drop-repeated-lines page.txt
      arclean raw_dir/ -o clean_dir/ -j 4 --report report.json
      cat corpus.jsonl | arclean --jsonl > clean.jsonl
    """
    pipeline = build_pipeline(
        config,
        disable,
        sets,
        diacritics,
        digits=digits,
        fold_letters=fold_letters,
        quotes=quotes,
        keep_zwnj=keep_zwnj,
    )
    options = BatchOptions(
        encoding=encoding,
        jsonl=JsonlOptions(text_field=text_field, annotate=annotate, strict=strict),
        force_jsonl=jsonl,
        check=check,
        in_place=in_place,
        resume=not no_resume,
        explain=explain,
    )
    run = _Run(pipeline, options, jobs or default_jobs(), quiet, report)
    inputs = list(files) or [Path("-")]
    if in_place and output is not None:
        raise ConfigError("--in-place rewrites the inputs; it cannot be used with -o")
    out = Path(output) if output is not None else None
    if _is_batch(inputs, output, in_place):
        run.batch(inputs, out, globs, excludes)
    else:
        run.stream(inputs, out)
    run.exit()


def _is_batch(inputs: list[Path], output: str | None, in_place: bool) -> bool:
    """Folders, --in-place, or several inputs into an output folder go through the batch
    runner; one input (or several to stdout) is a stream, written as it is read. An
    output named with a trailing slash is a folder, existing or not."""
    if in_place or any(str(p) != "-" and p.is_dir() for p in inputs):
        return True
    if output is None:
        return False
    return len(inputs) > 1 or Path(output).is_dir() or output.endswith(("/", os.sep))


class _Run:
    """One ``arclean`` invocation: runs the library calls, shows progress and problems."""

    def __init__(
        self,
        pipeline: Pipeline,
        options: BatchOptions,
        jobs: int,
        quiet: bool,
        report: Path | None,
    ) -> None:
        self.pipeline, self.options, self.jobs = pipeline, options, jobs
        self.quiet, self.report = quiet, report
        self.summary = Summary()
        self.start_method = os.environ.get("ARCLEAN_START_METHOD") or None
        self.fancy = not quiet and sys.stderr.isatty()

    def on_file(self, rep: FileReport) -> None:
        """Tell about one finished input: its removals (--explain) and its problems."""
        if self.options.explain:
            for where, removal in rep.removed:
                _explain(where, [removal])
        for message in rep.messages:
            click.echo(f"arclean: warning: {message}", err=True)
        if rep.malformed > len(rep.messages):
            more = rep.malformed - len(rep.messages)
            click.echo(f"arclean: warning: {rep.source}: {more} more malformed lines", err=True)
        if rep.error:
            _fail(rep.error)

    # Streams: stdin or single files to stdout or one output file.
    def stream(self, inputs: list[Path], output: Path | None) -> None:
        targets = _targets(inputs, output)
        writer = self._report_writer({"inputs": [str(p) for p in inputs]})
        started = time.perf_counter()
        try:
            for src, dest in zip(inputs, targets, strict=True):
                is_jsonl = self.options.force_jsonl or jsonl_name(str(src))
                if is_jsonl:
                    rep = self._stream_jsonl(src, dest)
                else:
                    rep = self._stream_text(src, dest)
                self.summary.add(rep)
                if writer is not None:
                    writer.add(rep)
                self.on_file(rep)
            if not self.options.check and output is None:
                _write_stdout(b"", flush=True)
        except BaseException as exc:
            if writer is not None:
                writer.abort(exc)
            raise
        self.summary.seconds = time.perf_counter() - started
        if writer is not None:
            writer.close(self.summary)

    def _stream_jsonl(self, src: Path, dest: Path | None) -> FileReport:
        try:
            return clean_jsonl(
                "-" if str(src) == "-" else src,
                dest,
                self.pipeline,
                self.options.jsonl,
                jobs=self.jobs,
                start_method=self.start_method,
                check=self.options.check,
                explain=self.options.explain,
            )
        except BrokenPipeError:
            raise _ReaderGone from None
        except MalformedRecord as err:  # --strict
            name = "<stdin>" if str(src) == "-" else str(src)
            return FileReport(name, str(dest) if dest else None, status="failed", error=str(err))

    def _stream_text(self, src: Path, dest: Path | None) -> FileReport:
        name = "<stdin>" if str(src) == "-" else str(src)
        rep = FileReport(name, str(dest) if dest else None)
        try:
            data = _read(src)
            out, result = clean_bytes(data, self.pipeline, self.options.encoding, source=name)
        except (OSError, ArcleanError) as err:
            rep.status, rep.error = "failed", _describe(err, name)
            return rep
        rep.bytes_in, rep.bytes_out, rep.docs, rep.lines_in = (
            len(data),
            len(out),
            1,
            result.lines_in,
        )
        rep.add_dropped(result.counts())
        rep.empty_docs = int(not out and bool(result.removed))
        rep.changed = out != data
        if self.options.explain:
            rep.removed = [(name, r) for r in result.removed]
        if self.options.check:
            rep.status = "checked"
        elif dest is None:
            _write_stdout(out)
        else:
            try:
                write_atomic(dest, out)
            except OSError as err:
                rep.status, rep.error = "failed", _describe(err, str(dest))
        return rep

    # Batch: folders, several files into a folder, --in-place.
    def batch(
        self,
        inputs: list[Path],
        output: Path | None,
        globs: tuple[str, ...],
        excludes: tuple[str, ...],
    ) -> None:
        opts = self.options
        if any(str(p) == "-" for p in inputs):
            raise ConfigError("stdin cannot be mixed with folders or written to a folder")
        if output is None and not (opts.check or opts.in_place):
            raise ConfigError("a folder input needs -o OUTPUT_DIR (or --in-place, or --check)")
        if output is not None:
            if output.exists() and not output.is_dir():
                raise ConfigError(f"-o {output}: a folder or several inputs need an output folder")
            check_output_dir([p for p in inputs if p.is_dir()], output)
            since = None
            if not (opts.check or opts.in_place):
                since = prepare_output(output, self.pipeline, opts)
        else:
            since = None

        def plan() -> Iterator[Job]:
            single = len(inputs) == 1
            seen: dict[str, Path] = {}
            for src in inputs:
                if src.is_dir():
                    dest = None
                    if output is not None:
                        dest = output if single else output / src.resolve().name
                    label = "" if single else src.resolve().name + "/"
                    yield from plan_tree(
                        src,
                        dest,
                        include=globs or None,
                        exclude=excludes,
                        options=opts,
                        since_ns=since,
                        label=label,
                    )
                    continue
                target = None
                if output is not None and not (opts.check or opts.in_place):
                    if src.name in seen:
                        raise ConfigError(
                            f"{src} and {seen[src.name]} would both be written to "
                            f"{output / src.name}"
                        )
                    seen[src.name] = src
                    target = str(output / src.name)
                yield Job(str(src), target, str(src), since)

        progress = _Progress(plan) if self.fancy else None
        options = {"inputs": [str(p) for p in inputs], "output": str(output) if output else None}
        if progress is None:
            self.summary = run_jobs(
                plan(),
                self.pipeline,
                opts,
                jobs=self.jobs,
                start_method=self.start_method,
                report=self.report,
                report_options=options,
                on_file=self.on_file,
            )
        else:
            with progress:

                def both(rep: FileReport) -> None:
                    self.on_file(rep)
                    progress.advance(rep)

                self.summary = run_jobs(
                    plan(),
                    self.pipeline,
                    opts,
                    jobs=self.jobs,
                    start_method=self.start_method,
                    report=self.report,
                    report_options=options,
                    on_file=both,
                )
        if not self.quiet:
            self._show_summary()

    def _report_writer(self, options: dict[str, Any]) -> ReportWriter | None:
        if self.report is None:
            return None
        return ReportWriter(
            self.report, version=__version__, config=self.pipeline.describe(), options=options
        )

    def _show_summary(self) -> None:
        if not self.fancy:
            click.echo(f"arclean: {self.summary.line()}", err=True)
            return
        _summary_table(self.summary)

    def exit(self) -> None:
        if self.summary.failed or self.summary.malformed:
            raise SystemExit(EXIT_SOME_FAILED)
        if self.options.check and self.summary.changed:
            raise SystemExit(EXIT_CHANGED)


class _Progress:
    """A rich progress bar on stderr: files, MB, rate and ETA (terminal only)."""

    def __init__(self, plan: Callable[[], Iterator[Job]]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        # A first pass counts files and bytes (stat only, flat memory) for the ETA.
        files = size = 0
        for job in plan():
            files += 1
            try:
                size += os.stat(job.source).st_size
            except OSError:
                pass
        self.bar = Progress(
            TextColumn("[bold]cleaning"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[done]}/{task.fields[files]} files"),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.files = self.bar.add_task("files", total=size or 1, files=files, done=0)
        self.done = 0
        self.total_files = files

    def advance(self, rep: FileReport) -> None:
        self.done += 1
        self.bar.update(self.files, advance=rep.bytes_in, done=self.done)

    def __enter__(self) -> _Progress:
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(*exc)  # type: ignore[arg-type]


def _summary_table(summary: Summary) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="arclean summary", show_header=False, title_justify="left")
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("files", str(summary.files))
    for status, n in sorted(summary.statuses.items()):
        table.add_row(f"  {status}", str(n))
    table.add_row("documents", str(summary.docs))
    table.add_row("  all boilerplate (left empty)", str(summary.empty_docs))
    table.add_row("MB in", f"{summary.bytes_in / 1e6:.1f}")
    table.add_row("MB out", f"{summary.bytes_out / 1e6:.1f}")
    table.add_row("lines in", str(summary.lines_in))
    table.add_row("lines dropped", str(summary.lines_dropped))
    for name, n in sorted(summary.dropped.items()):
        table.add_row(f"  {name}", str(n))
    if summary.malformed:
        table.add_row("malformed JSONL lines", str(summary.malformed))
    table.add_row("failures", str(summary.failed))
    rate = summary.bytes_in / 1e6 / summary.seconds if summary.seconds else 0.0
    table.add_row("time", f"{summary.seconds:.1f} s ({rate:.1f} MB/s)")
    Console(stderr=True).print(table)


def _write_stdout(data: bytes, flush: bool = False) -> None:
    # click turns EPIPE into a silent exit 1, which would read as "--check found changes".
    try:
        sys.stdout.buffer.write(data)
        if flush:
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise _ReaderGone from None
    except OSError as err:
        raise _OutputFailed(f"<stdout>: {err.strerror or err}") from None


def _read(src: Path) -> bytes:
    if str(src) == "-":
        return sys.stdin.buffer.read()
    if src.is_dir():
        raise ArcleanError(f"{src}: is a directory")
    return src.read_bytes()


def _describe(err: BaseException, name: str) -> str:
    if isinstance(err, OSError):
        return f"{name}: {err.strerror or err}"
    return str(err)


def _targets(inputs: list[Path], output: Path | None) -> list[Path | None]:
    """Where each input goes; refuses to write over an input."""
    if output is None:
        return [None] * len(inputs)
    many = len(inputs) > 1 or output.is_dir() or str(output).endswith(os.sep)
    if many:
        if output.exists() and not output.is_dir():
            raise ConfigError(f"-o {output}: several inputs need an output directory")
        output.mkdir(parents=True, exist_ok=True)
        targets: list[Path | None] = []
        seen: dict[str, Path] = {}
        for src in inputs:
            if str(src) == "-":
                raise ConfigError("stdin cannot be written to an output directory; use -o FILE")
            if src.name in seen:
                raise ConfigError(
                    f"{src} and {seen[src.name]} would both be written to {output / src.name}"
                )
            seen[src.name] = src
            targets.append(output / src.name)
    else:
        targets = [output]
    for src, dest in zip(inputs, targets, strict=True):
        if (
            dest is not None
            and str(src) != "-"
            and dest.exists()
            and src.exists()
            and os.path.samefile(src, dest)
        ):
            raise ConfigError(f"refusing to overwrite input {src} (output {dest} is the same file)")
    return targets


@cli.command("filters")
def filters_cmd() -> None:
    """List every registered filter and normalizer, the default chain marked with '*'."""
    from .pipeline import DEFAULT_FILTERS, DEFAULT_NORMALIZERS

    reg = default_registry()
    defaults = {*DEFAULT_FILTERS, *DEFAULT_NORMALIZERS}
    for kind, title in (("filter", "Filters"), ("normalizer", "Normalizers")):
        click.echo(f"{title} (in default order; * = on by default):")
        steps = reg.steps(kind)
        order = list(DEFAULT_FILTERS if kind == "filter" else DEFAULT_NORMALIZERS)
        steps.sort(key=lambda s: order.index(s.name) if s.name in order else len(order))
        width = max(len(s.name) for s in steps)
        for s in steps:
            mark = "*" if s.name in defaults else " "
            tags = [
                t
                for t in (
                    "lossy" if s.lossy else "",
                    "" if s.origin == "builtin" else f"from {s.origin}",
                )
                if t
            ]
            extra = f" [{', '.join(tags)}]" if tags else ""
            opts = ", ".join(f"{k}={v!r}" for k, v in s.options.items())
            click.echo(f" {mark} {s.name:<{width}}  {s.description}{extra}")
            if opts:
                click.echo(f"   {'':<{width}}  options: {opts}")
        click.echo()


@cli.command("eval")
@click.argument("raws", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--gold",
    "golds",
    multiple=True,
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Gold for each RAW, in order: article text (title included), or a .json file "
    "with must_contain / must_not_contain snippets (repeatable).",
)
@click.option(
    "--as-is", is_flag=True, help="Score the RAW files as they are (e.g. another tool's output)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--encoding", help="Input encoding (default: UTF-8, or what a BOM says).")
@click.option("--disable", multiple=True, metavar="STEP", help="Leave a step out (repeatable).")
@click.option(
    "--set", "sets", multiple=True, metavar="STEP.OPTION=VALUE", help="Set a step option."
)
@click.option(
    "--config", type=click.Path(path_type=Path, dir_okay=False), help="TOML pipeline config."
)
def eval_cmd(
    raws: tuple[Path, ...],
    golds: tuple[Path, ...],
    as_is: bool,
    as_json: bool,
    encoding: str | None,
    disable: tuple[str, ...],
    sets: tuple[str, ...],
    config: Path | None,
) -> None:
    """Clean each RAW file and score it against its gold: token precision, recall, F1.

    Tokens are the word runs of the match keys (diacritics, hamza seats, punctuation do
    not count). Prints one row per page, the means, and how many pages lost content
    (recall < 0.95). A .json gold holds snippets, checked instead of scored.

    \b
    Examples:
      arclean eval page.raw.txt --gold page.gold.txt
      arclean eval a.txt b.txt --gold a.gold.txt --gold b.snippets.json
      arclean eval --as-is other-tool.txt --gold page.gold.txt
    """
    import json

    from .evaluate import check_snippets, score, summarize

    if len(raws) != len(golds):
        raise ConfigError(f"{len(raws)} RAW files but {len(golds)} --gold files; give one each")
    pipeline = None if as_is else build_pipeline(config, disable, sets, None)
    scores, rows = [], []
    for raw_path, gold_path in zip(raws, golds, strict=True):
        texts = []
        for path in (raw_path, gold_path):
            try:
                texts.append(decode(_read(path), encoding, source=str(path)))
            except OSError as err:
                raise ArcleanError(_describe(err, str(path))) from None
        raw, gold = texts
        out = raw if pipeline is None else pipeline.clean(raw)
        name = str(raw_path)
        if gold_path.suffix == ".json":
            try:
                snip = json.loads(gold)
                check = check_snippets(out, snip["must_contain"], snip["must_not_contain"])
            except (ValueError, KeyError, TypeError):
                raise ConfigError(
                    f"{gold_path}: a .json gold needs must_contain and must_not_contain lists"
                ) from None
            rows.append(
                {
                    "page": name,
                    "passed": check.passed,
                    "total": check.total,
                    "missing": list(check.missing),
                    "leaked": list(check.leaked),
                }
            )
        else:
            s = score(out, gold, name)
            scores.append(s)
            rows.append({"page": name, "precision": s.precision, "recall": s.recall, "f1": s.f1})
    summary = summarize(scores).as_dict() if scores else None
    if as_json:
        click.echo(json.dumps({"pages": rows, "mean": summary}, ensure_ascii=False, indent=1))
        return
    width = max(len(r["page"]) for r in rows)
    click.echo(f"{'page':<{width}}  precision  recall  F1")
    for r in rows:
        if "f1" in r:
            p, rec, f1 = r["precision"], r["recall"], r["f1"]
            click.echo(f"{r['page']:<{width}}  {p:9.3f}  {rec:6.3f}  {f1:.3f}")
        else:
            bad = "; ".join(f"{k}: {', '.join(r[k])}" for k in ("missing", "leaked") if r[k])
            click.echo(f"{r['page']:<{width}}  snippets {r['passed']}/{r['total']} {bad}".rstrip())
    if summary:
        p, rec, f1 = summary["precision"], summary["recall"], summary["f1"]
        lost = round(summary["lost_share"] * summary["pages"])
        click.echo(
            f"{'mean':<{width}}  {p:9.3f}  {rec:6.3f}  {f1:.3f}"
            f"  ({summary['pages']} pages; recall < 0.95 on {lost})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``arclean`` with ``argv``; return the exit code instead of exiting."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="arclean",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort:
        click.echo("arclean: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("arclean: interrupted", err=True)
        return EXIT_INTERRUPTED
    except (BrokenPipeError, _ReaderGone):
        _silence_stdout()
        return EXIT_PIPE
    except _OutputFailed as exc:
        _fail(str(exc))
        _silence_stdout()
        return EXIT_SOME_FAILED
    except ArcleanError as exc:
        _fail(str(exc))
        return EXIT_USAGE
    except OSError as exc:  # e.g. an output folder that cannot be created
        _fail(_describe(exc, str(exc.filename or "arclean")))
        return EXIT_USAGE
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    return EXIT_OK


def _silence_stdout() -> None:
    # Python flushes stdout at exit; with the reader gone that flush would raise again.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _terminate(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run() -> None:
    """Console-script entry point; SIGTERM is handled like Ctrl-C (clean up, exit 130)."""
    signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
