"""The ``arclean`` command: a thin layer over the library (only this module imports click/rich).

Exit codes: 0 ok; 1 ``--check`` found text that cleaning would change; 2 usage or
configuration error; 123 some inputs failed (the others were cleaned); 130 interrupted;
141 the reader of stdout went away (broken pipe).
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from . import __version__
from .document import Removal
from .errors import ArcleanError, ConfigError
from .pipeline import Pipeline, apply_choices
from .registry import default_registry
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


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _output_bytes(text: str) -> bytes:
    return (text + "\n").encode("utf-8") if text else b""


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
    type=click.Path(path_type=Path),
    help="Output file (one input) or directory (several inputs). Default: stdout.",
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
@click.version_option(__version__, "-V", "--version", prog_name="arclean")
def clean_cmd(
    files: tuple[Path, ...],
    output: Path | None,
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
    inputs = list(files) or [Path("-")]
    targets = _targets(inputs, output)
    failed = changed = 0
    for src, dest in zip(inputs, targets, strict=True):
        name = "<stdin>" if str(src) == "-" else str(src)
        try:
            data = _read(src)
            text = decode(data, encoding, source=name)
        except (OSError, ArcleanError) as err:
            _fail(_describe(err, name))
            failed += 1
            continue
        result = pipeline.run(text)
        if explain:
            _explain(name, result.removed)
        out = _output_bytes(result.text)
        if check:
            changed += out != data
            continue
        if dest is None:
            _write_stdout(out)
            continue
        try:
            _write_atomic(dest, out)
        except OSError as err:
            _fail(_describe(err, str(dest)))
            failed += 1
    if not check and output is None:
        _write_stdout(b"", flush=True)
    if failed:
        raise SystemExit(EXIT_SOME_FAILED)
    if changed:
        raise SystemExit(EXIT_CHANGED)


def _write_stdout(data: bytes, flush: bool = False) -> None:
    # click turns EPIPE into a silent exit 1, which would read as "--check found changes".
    try:
        sys.stdout.buffer.write(data)
        if flush:
            sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise _ReaderGone from None


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
    except ArcleanError as exc:
        _fail(str(exc))
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
