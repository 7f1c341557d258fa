"""Every command says what it does and every option what it is for, in `--help`."""

from __future__ import annotations

import click
import click.testing

from autoreport.cli import cli


def commands(group: click.Group, prefix: str = "autoreport"):
    for name, command in group.commands.items():
        yield f"{prefix} {name}", command
        if isinstance(command, click.Group):
            yield from commands(command, f"{prefix} {name}")


def test_every_command_and_option_has_help():
    missing = []
    for name, command in commands(cli):
        if not (command.help or "").strip():
            missing.append(name)
        missing += [f"{name} {param.opts[0]}" for param in command.params
                    if isinstance(param, click.Option) and not param.hidden and not (param.help or "").strip()]
    assert missing == []


def test_the_demo_account_and_the_control_api_are_in_the_help():
    runner = click.testing.CliRunner()
    for command in ("demo", "mock-site"):
        shown = runner.invoke(cli, [command, "--help"]).output
        assert "buyer@example.com" in shown and "demo-password" in shown, command
    assert "/__mock__/" in runner.invoke(cli, ["mock-site", "--help"]).output
