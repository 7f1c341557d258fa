"""End-to-end helpers: run the real CLI in a subprocess against the served mock marketplace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from interactive import InteractiveRun
from reliability_support import BackgroundRun
from support import EXAMPLES


@dataclass
class CliRun:
    exit_code: int
    stdout: str
    stderr: str

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]

    @property
    def only_result(self) -> dict:
        (result,) = self.json_lines()
        return result


@pytest.fixture
def state_dir(tmp_path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def cli(tmp_path, state_dir):
    """Run `autoreport ...` as a user would, with this test's own ledger and output folder."""

    def run(*args: str, stdin: str | None = None, timeout: float = 120, env: dict | None = None) -> CliRun:
        completed = subprocess.run(
            [sys.executable, "-m", "autoreport", *args], input=stdin, capture_output=True, text=True,
            timeout=timeout, cwd=tmp_path,
            env={**os.environ, "AUTOREPORT_STATE_DIR": str(state_dir), **(env or {})})
        return CliRun(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def run_on_mock(cli, mock_site, tmp_path):
    """`autoreport run SPEC --site mock --base-url <the served mock> --json`, retries without waiting."""

    def run(*args: str, **kwargs) -> CliRun:
        # The test's own arguments come last, so its options win over these defaults.
        return cli("run", "--site", "mock", "--base-url", mock_site.url, "--json",
                   "--output", str(tmp_path / "runs"), "--retry-wait", "0", *args, **kwargs)

    return run


@pytest.fixture
def write_spec(tmp_path):
    """Write a spec (a dict) as YAML next to copies of the example evidence; returns its path."""
    folder = tmp_path / "specs"
    (folder / "evidence").mkdir(parents=True)
    for evidence in (EXAMPLES / "evidence").iterdir():
        (folder / "evidence" / evidence.name).write_bytes(evidence.read_bytes())

    def write(name: str, spec: dict) -> Path:
        path = folder / name
        path.write_text(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
        return path

    return write


@pytest.fixture
def start_on_mock(mock_site, tmp_path, state_dir):
    """`autoreport run` as run_on_mock starts it, but in the background, to break it on purpose."""
    started: list[BackgroundRun] = []

    def start(*args: str, state: Path = state_dir, env: dict | None = None) -> BackgroundRun:
        run = BackgroundRun(["run", *args, "--site", "mock", "--base-url", mock_site.url, "--json",
                             "--output", str(tmp_path / "runs"), "--retry-wait", "0"],
                            cwd=tmp_path, env={**os.environ, "AUTOREPORT_STATE_DIR": str(state), **(env or {})})
        started.append(run)
        return run

    yield start
    for run in started:
        if run.process.poll() is None:
            run.kill_everything()


@pytest.fixture
def interactive_on_mock(mock_site, tmp_path, state_dir):
    """`autoreport run` against the served mock, read line by line and answered on stdin (or
    interrupted) as a person at a terminal would; ended with the test."""
    started: list[InteractiveRun] = []

    def start(*args: str) -> InteractiveRun:
        run = InteractiveRun(["run", *args, "--site", "mock", "--base-url", mock_site.url, "--json",
                              "--output", str(tmp_path / "runs")],
                             cwd=tmp_path, env={"AUTOREPORT_STATE_DIR": str(state_dir)})
        started.append(run)
        return run

    yield start
    for run in started:
        run.kill()
