"""The command line in process: click's CliRunner against the command group, which ends as the
program does (one line, the documented exit code, never a traceback).

Each test runs in a folder of its own with its own state folder, and nothing starts: Playwright and
the mock marketplace are replaced by a stand-in that fails the test when used, so a command that
goes on past its checks fails instead of launching a browser."""

from __future__ import annotations

from pathlib import Path

import autoreport.mock_site
import playwright.sync_api
import pytest


@pytest.fixture
def state_dir(tmp_path) -> Path:
    return tmp_path / "state"


class WentOn:
    def __init__(self, what: str):
        self.what = what

    def __call__(self, *args, **kwargs):
        raise AssertionError(f"the command went on past its checks: it started {self.what}")


@pytest.fixture(autouse=True)
def nothing_starts(tmp_path, monkeypatch, state_dir):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AUTOREPORT_STATE_DIR", str(state_dir))
    # A browser named, so that finding one does not ask Playwright where its own is.
    (tmp_path / "chromium").touch()
    monkeypatch.setenv("AUTOREPORT_BROWSER", str(tmp_path / "chromium"))
    monkeypatch.setattr(playwright.sync_api, "sync_playwright", WentOn("Playwright"))
    monkeypatch.setattr(autoreport.mock_site, "MockSite", WentOn("the mock marketplace"))
