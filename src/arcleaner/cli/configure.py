"""``arclean config show``: the effective configuration, as a file that reads back to it."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import DEFAULT_PRESET, effective_config, read_config, to_toml
from ..pipeline import Pipeline
from .config import PipelineFlags, pipeline_options
from .groups import CommandGroup


@click.group(
    "config",
    cls=CommandGroup,
    short_help="Show the effective configuration (it reads back as arclean.toml).",
)
def config_cmd() -> None:
    """Configuration: arclean.toml, or [tool.arclean] in pyproject.toml, found from the
    working directory upward (--config FILE names one; --no-config ignores them)."""


@config_cmd.command("show")
@pipeline_options
def show_cmd(flags: PipelineFlags) -> None:
    """Print the configuration cleaning would use here, with these flags: every step in
    order with all its options. Saved as arclean.toml, it gives the same cleaning.

    \b
    Examples:
      arclean config show                      # what 'arclean' uses in this folder
      arclean config show --preset safe        # what a preset stands for
      arclean config show --preset search --set drop-repeated-lines.min_words=5 > arclean.toml
    """
    path = flags.config_file()
    file_config = read_config(path) if path is not None else {}
    preset = flags.preset or file_config.get("preset") or DEFAULT_PRESET
    config = flags.resolve()
    profile = config.get("profile")
    pipeline = Pipeline.from_config(config)
    where = f"config file {path}" if path is not None else "no config file"
    header = (
        f"arclean configuration: {where} and the flags given.\n"
        "Save it as arclean.toml (or under [tool.arclean] in pyproject.toml) to clean the same way."
    )
    resolved = Path(profile).resolve() if isinstance(profile, str | Path) else None
    click.echo(to_toml(effective_config(pipeline, resolved, preset), header), nl=False)
