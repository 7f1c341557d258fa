"""Browser discovery order and the message when none exists."""

from __future__ import annotations

import pytest

from autoreport.browser import discovery
from autoreport.errors import BrowserNotFound


@pytest.fixture
def fake_browser(tmp_path):
    path = tmp_path / "my-chromium"
    path.write_text("#!/bin/sh\necho 'Chromium 999.0'\n")
    path.chmod(0o755)
    return path


def test_explicit_path_wins(fake_browser, monkeypatch):
    monkeypatch.setattr(discovery, "_playwright_chromium", lambda *_: pytest.fail("must not look further"))
    choice = discovery.find_browser(fake_browser)
    assert (choice.executable, choice.found_by) == (fake_browser, "option")
    assert choice.launch_kwargs() == {"executable_path": str(fake_browser)}
    assert choice.version() == "Chromium 999.0"


def test_environment_variable_is_next(fake_browser, monkeypatch):
    monkeypatch.setenv(discovery.BROWSER_ENV, str(fake_browser))
    monkeypatch.setattr(discovery, "_playwright_chromium", lambda *_: pytest.fail("must not look further"))
    assert discovery.find_browser().found_by == "environment"


def test_doctor_rows_say_the_environment_variable_found_the_browser(fake_browser, monkeypatch):
    # What `autoreport doctor` prints when AUTOREPORT_BROWSER, not --browser-path, named the browser.
    monkeypatch.setenv(discovery.BROWSER_ENV, str(fake_browser))
    rows = dict(discovery.describe_environment()[0])
    assert rows["browser"] == f"{fake_browser} (found by: environment)"
    assert rows["version"] == "Chromium 999.0"


def test_an_explicit_path_wins_over_the_environment_variable(fake_browser, tmp_path, monkeypatch):
    monkeypatch.setenv(discovery.BROWSER_ENV, str(tmp_path / "not-this-one"))
    choice = discovery.find_browser(fake_browser)
    assert (choice.executable, choice.found_by) == (fake_browser, "option")


def test_playwright_build_before_system(fake_browser, monkeypatch):
    monkeypatch.delenv(discovery.BROWSER_ENV, raising=False)
    monkeypatch.setattr(discovery, "_playwright_chromium", lambda *_: fake_browser)
    choice = discovery.find_browser()
    assert choice.found_by == "playwright" and choice.launch_kwargs() == {}


def test_system_browser_last(fake_browser, monkeypatch):
    monkeypatch.delenv(discovery.BROWSER_ENV, raising=False)
    monkeypatch.setattr(discovery, "_playwright_chromium", lambda *_: None)
    monkeypatch.setenv("PATH", str(fake_browser.parent))
    fake_browser.rename(fake_browser.parent / "chromium")
    choice = discovery.find_browser()
    assert (choice.found_by, choice.executable.name) == ("system", "chromium")
    assert choice.headless_shell is None
    assert choice.launch_kwargs(headless=True) == {"executable_path": str(choice.executable)}


def test_a_system_headless_shell_runs_the_headless_launches(fake_browser, monkeypatch):
    # As Playwright's own build does: the lighter headless shell headless, the full browser visible.
    monkeypatch.delenv(discovery.BROWSER_ENV, raising=False)
    monkeypatch.setattr(discovery, "_playwright_chromium", lambda *_: None)
    monkeypatch.setenv("PATH", str(fake_browser.parent))
    browser = fake_browser.rename(fake_browser.parent / "chromium")
    shell = (fake_browser.parent / "chromium-headless-shell")
    shell.write_text(browser.read_text())
    shell.chmod(0o755)
    choice = discovery.find_browser()
    assert (choice.executable, choice.headless_shell) == (browser, shell)
    assert choice.launch_kwargs(headless=True) == {"executable_path": str(shell)}
    assert choice.launch_kwargs(headless=False) == {"executable_path": str(browser)}
    assert dict(discovery.describe_environment()[0])["headless"] == f"{shell} (for headless runs)"


def test_a_named_browser_is_launched_as_it_is_even_headless(fake_browser, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    (tmp_path / "chromium-headless-shell").write_text("#!/bin/sh\n")
    (tmp_path / "chromium-headless-shell").chmod(0o755)
    choice = discovery.find_browser(fake_browser)
    assert choice.headless_shell is None
    assert choice.launch_kwargs(headless=True) == {"executable_path": str(fake_browser)}


def test_no_browser_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.delenv(discovery.BROWSER_ENV, raising=False)
    monkeypatch.setattr(discovery, "_playwright_chromium", lambda *_: None)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BrowserNotFound) as missing:
        discovery.find_browser()
    message = str(missing.value)
    assert message.startswith("no Chromium or Chrome was found.")
    assert "python -m playwright install chromium" in message
    assert "sudo apt-get install chromium" in message


def test_missing_explicit_browser_is_named(tmp_path):
    with pytest.raises(BrowserNotFound, match=r"the browser '.*/nope' does not exist"):
        discovery.find_browser(tmp_path / "nope")
