"""End-to-end fixtures: the real CLI in a process of its own (tool_run.ToolRun), against the served mock
marketplace."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import yaml
from support import EXAMPLES, SELF_STARTED_CHROMIUM_FLAGS, devtools_port
from tool_run import ToolRun


@pytest.fixture
def state_dir(tmp_path) -> Path:
    return tmp_path / "state"


@pytest.fixture
def start_tool(tmp_path, state_dir):
    """Start `autoreport ...` as a user would, with this test's own ledger, in this test's folder;
    whatever is still running at the end of the test is killed. It keeps no trace unless asked
    (support.THE_TOOLS_OWN_TRACING)."""
    started: list[ToolRun] = []

    def start(*args: str, stdin: str | None = None, answers: bool = False, env: dict | None = None) -> ToolRun:
        run = ToolRun(list(args), cwd=tmp_path, stdin=stdin, answers=answers,
                      env={"AUTOREPORT_STATE_DIR": str(state_dir), "AUTOREPORT_TRACING": "off", **(env or {})})
        started.append(run)
        return run

    yield start
    for run in started:
        run.kill_everything()


@pytest.fixture
def cli(start_tool):
    """Run `autoreport ...` to its end; stdin, when given, is what a user would type."""

    def run(*args: str, stdin: str | None = None, timeout: float = 120, env: dict | None = None) -> ToolRun:
        return start_tool(*args, stdin=stdin, env=env).finish(timeout)

    return run


def on_mock(mock_site, tmp_path) -> list[str]:
    """`run`'s options for the served mock, with this test's output folder and --json."""
    return ["--site", "mock", "--base-url", mock_site.url, "--json", "--output", str(tmp_path / "runs")]


@pytest.fixture
def run_on_mock(cli, mock_site, tmp_path):
    """`autoreport run SPEC --site mock --base-url <the served mock> --json`, retries without waiting."""

    def run(*args: str, **kwargs) -> ToolRun:
        # The test's own arguments come last, so its options win over these defaults.
        return cli("run", *on_mock(mock_site, tmp_path), "--retry-wait", "0", *args, **kwargs)

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
def start_on_mock(start_tool, mock_site, tmp_path, state_dir):
    """`autoreport run` as run_on_mock starts it, but in the background, to break it on purpose."""

    def start(*args: str, state: Path = state_dir, env: dict | None = None) -> ToolRun:
        return start_tool("run", *args, *on_mock(mock_site, tmp_path), "--retry-wait", "0",
                          env={"AUTOREPORT_STATE_DIR": str(state), **(env or {})})

    return start


@pytest.fixture
def interactive_on_mock(start_tool, mock_site, tmp_path):
    """`autoreport run` against the served mock, read line by line and answered on stdin (or
    interrupted) as a person at a terminal would; ended with the test."""

    def start(*args: str, env: dict | None = None) -> ToolRun:
        return start_tool("run", *args, *on_mock(mock_site, tmp_path), answers=True, env=env)

    return start


@pytest.fixture
def chromium_with_debugging_port(browser_choice, tmp_path):
    """A Chromium started as a person would, with a debugging port: its endpoint URL."""
    profile = tmp_path / "profile"
    browser = subprocess.Popen([str(browser_choice.executable), *SELF_STARTED_CHROMIUM_FLAGS,
                                "--remote-debugging-port=0", f"--user-data-dir={profile}",
                                "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield f"http://127.0.0.1:{devtools_port(profile)}"
    browser.terminate()
    browser.wait(timeout=20)


@dataclass(frozen=True)
class Edition:
    """One edition of the mock, as the flow tests meet it."""

    name: str
    spec: str  # a spec its report centre takes (today's has no Trade Rules), with two evidence files
    submit_path: str  # where the report form goes: posted with the page (article) or sent by script (current)
    step_before_submit: str  # the last step that fills the form
    other_reason: str  # a second reason of the spec's category: two complaints about one order or product


EDITIONS = {
    "article": Edition("article", str(EXAMPLES / "trade-rules.yaml"), "/health/submitReport.htm",
                       "request-tracking-number", "confirm-receipt-in-advance"),
    "current": Edition("current", str(EXAMPLES / "restricted-products.json"), "/health/api/submitReport.json",
                       "set-contact", "other-prohibited"),
}
# The article's spec has these two evidence files; today's gets them too, named by where they are.
TWO_EVIDENCE_FILES = [str(EXAMPLES / "evidence" / "chat-screenshot.png"), str(EXAMPLES / "evidence" / "parcel.jpg")]


@pytest.fixture(params=list(EDITIONS))
def each_edition(request, mock_site, tmp_path) -> Edition:
    """The served mock in each edition in turn, and what its tests need of it; the article's again after,
    as the worker's other tests share the served mock. Today's spec is written in a folder of its own,
    out of the way of a test's batch folder."""
    edition = EDITIONS[request.param]
    if edition.name == "current":
        spec = tmp_path / "edition" / "restricted-products.yaml"
        spec.parent.mkdir()
        spec.write_text(yaml.safe_dump({**json.loads(Path(edition.spec).read_text()), "evidence": TWO_EVIDENCE_FILES}))
        edition = replace(edition, spec=str(spec))
    mock_site.set_edition(edition.name)
    yield edition
    mock_site.set_edition("article")
