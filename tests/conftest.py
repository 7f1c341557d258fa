"""Shared fixtures: the discovered browser for pytest-playwright, and the mock marketplace."""

from __future__ import annotations

import pytest
import requests

from autoreport.browser import find_browser


@pytest.fixture(scope="session")
def browser_choice():
    return find_browser()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_choice):
    # Layer on pytest-playwright's own settings (--headed, --slowmo, ...), only naming the browser.
    return {**browser_type_launch_args, **browser_choice.launch_kwargs()}


@pytest.fixture(scope="session")
def mock_site_server():
    from autoreport.mock_site import MockSite

    with MockSite() as site:
        yield site


class MockControl:
    """The mock marketplace's control API, as tests use it."""

    def __init__(self, url: str):
        self.url = url

    def _post(self, path: str, payload: dict | None = None) -> dict:
        response = requests.post(f"{self.url}/__mock__/{path}", json=payload or {}, timeout=10)
        response.raise_for_status()
        return response.json()

    def submissions(self) -> list[dict]:
        response = requests.get(f"{self.url}/__mock__/submissions", timeout=10)
        response.raise_for_status()
        return response.json()

    def faults(self, **faults) -> dict:
        return self._post("faults", faults)

    def advance(self) -> dict:
        return self._post("advance")

    def add_order(self, order_number: str, **fields) -> dict:
        return self._post("orders", {"order_number": order_number, **fields})

    def set_clock(self, now: str | None) -> dict:
        return self._post("clock", {"now": now})

    def reset(self) -> dict:
        return self._post("reset")


@pytest.fixture
def mock_site(mock_site_server) -> MockControl:
    """The running mock marketplace, reset to the demo account's starting state."""
    control = MockControl(mock_site_server.url)
    control.reset()
    return control


@pytest.fixture(scope="session")
def display():
    """A display for visible-browser tests: the one there is, or an Xvfb the tests start."""
    import os
    import shutil
    import subprocess

    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if not shutil.which("Xvfb"):
        pytest.fail("visible-browser tests need Xvfb (Debian: apt-get install xvfb); `make test` installs it")
    read_end, write_end = os.pipe()
    # -displayfd: Xvfb picks a free display number and writes it to us once it is ready.
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24",
                               "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        number = ready.readline().strip()
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield os.environ["DISPLAY"]
    finally:
        server.terminate()
        server.wait(timeout=10)
        del os.environ["DISPLAY"]
