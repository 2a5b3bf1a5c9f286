"""The README tells the truth: its commands, steps and flags exist."""

from __future__ import annotations

import re

from arcleaner import default_registry

from conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def test_quick_start_is_two_commands_and_ci_runs_the_test_one():
    block = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = block.strip().split("\n")
    assert len(commands) == 2
    assert commands[0].startswith("pip install . && arclean fixtures/")
    assert (ROOT / commands[0].split()[-1]).exists()
    assert commands[1] in (ROOT / ".ci" / "run").read_text()


def test_every_builtin_step_is_documented():
    reg = default_registry()
    for kind in ("filter", "normalizer"):
        for info in reg.steps(kind):
            if info.origin == "builtin":
                assert f"`{info.name}`" in README, info.name


def test_every_cli_flag_is_documented():
    from arcleaner.cli import clean_cmd

    for param in clean_cmd.params:
        for opt in param.opts:
            if opt.startswith("--") and opt not in ("--help", "--version"):
                assert opt in README, opt


def test_every_exit_code_is_documented():
    from arcleaner import cli

    codes = {v for k, v in vars(cli).items() if k.startswith("EXIT_")}
    documented = {int(c) for c in re.findall(r"^\| (\d+) \|", README, flags=re.M)}
    assert codes == documented


def test_readme_config_example_lists_the_default_chain():
    import tomllib

    from arcleaner import DEFAULT_FILTERS, DEFAULT_NORMALIZERS

    block = re.search(r"```toml\n(.*?)```", README, flags=re.S)
    assert block is not None
    config = tomllib.loads(block.group(1))
    assert tuple(config["filters"]) == DEFAULT_FILTERS
    assert tuple(config["normalizers"]) == DEFAULT_NORMALIZERS
    table = re.findall(r"^\| `([a-z-]+)` \| filter \| on \|", README, flags=re.M)
    assert tuple(table) == DEFAULT_FILTERS  # the steps table in the order they run
