"""The command line builds the groups a job takes: each option lands in its group's field."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from support import EXAMPLES

import autoreport.filing.batch
from autoreport.cli import cli
from autoreport.errors import InvalidInput
from autoreport.options import BrowserOptions, Debug, FilingPolicy, RunOptions, SiteChoice


@pytest.fixture
def options_of_run(monkeypatch):
    """The RunOptions `run` hands the filing job; the job itself is left out (exit 2)."""
    handed: list[RunOptions] = []

    def filer(options, **kwargs):
        handed.append(options)
        raise InvalidInput("left out")

    monkeypatch.setattr(autoreport.filing.batch, "ComplaintFiler", filer)
    monkeypatch.setenv("DISPLAY", ":0")  # --step asks for one; nothing is shown

    def run(*args: str) -> RunOptions:
        result = CliRunner().invoke(cli, ["run", str(EXAMPLES / "trade-rules.yaml"), *args])
        assert (result.exit_code, result.stderr.splitlines()[-1]) == (2, "error: left out"), result.stderr
        return handed.pop()

    return run


def test_every_option_of_run_lands_in_its_group(options_of_run, tmp_path):
    (tmp_path / "session.json").write_text('{"cookies": []}')
    options = options_of_run(
        "--site", "mock", "--base-url", "http://127.0.0.1:8000", "--storage-state", "session.json",
        "--no-auto-sign-in", "--state-dir", "state", "--browser-path", "chromium", "--slowmo", "250",
        "--ws-endpoint", "ws://127.0.0.1:3000/", "--remote-debugging-port", "9333", "--dry-run", "--force",
        "--retries", "5", "--retry-wait", "0.5", "--timeout", "12", "--min-interval", "7", "--step",
        "--no-pause-on-failure", "--tracing", "on", "--output", "runs")
    assert options == RunOptions(
        site=SiteChoice(name="mock", base_url="http://127.0.0.1:8000", storage_state=Path("session.json"),
                        mock_auto_sign_in=False),
        browser=BrowserOptions(path=Path("chromium"), ws_endpoint="ws://127.0.0.1:3000/",
                               args=("--remote-debugging-port=9333",), slowmo=250.0),
        policy=FilingPolicy(dry_run=True, force=True, retries=5, retry_wait_s=0.5, timeout_s=12.0, min_interval=7.0),
        debug=Debug(step=True, pause_on_failure=False, tracing="on"),
        output=Path("runs"), state_dir=Path("state"))
    assert options.visible  # --step shows the browser without --headed


def test_the_defaults_of_run(options_of_run, state_dir):
    assert options_of_run() == RunOptions(state_dir=state_dir)  # the state folder from AUTOREPORT_STATE_DIR


def test_the_trace_mode_comes_from_the_environment_unless_the_command_line_says(options_of_run, monkeypatch):
    monkeypatch.setenv("AUTOREPORT_TRACING", "off")
    assert options_of_run().debug.tracing == "off"
    assert options_of_run("--tracing", "on").debug.tracing == "on"


@pytest.mark.parametrize(("given", "pause"), [(["--step"], True), (["--headed"], False),
                                              (["--headed", "--pause-on-failure"], True)])
def test_a_pause_on_failure_comes_with_step_through_unless_said_otherwise(given, pause, options_of_run):
    assert options_of_run(*given).debug.pause_on_failure is pause
