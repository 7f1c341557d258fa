"""Shared fixtures: the discovered browser for pytest-playwright, and the mock marketplace."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest
from autoreport.mock_site.client import MockControl
from playwright.sync_api import expect

from autoreport.browser.discovery import find_browser

_XVFB = pytest.StashKey[subprocess.Popen]()

# The tests' expectations wait on the page's state; on a busy machine (another suite beside this one) the
# state may take longer than Playwright's default 5 s to come, which is not a failure.
expect.set_options(timeout=20_000)


@pytest.fixture(scope="session")
def browser_choice():
    return find_browser()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_choice):
    # Layer on pytest-playwright's own settings (--headed, --slowmo, ...), only naming the browser.
    headless = browser_type_launch_args.get("headless", True)
    return {**browser_type_launch_args, **browser_choice.launch_kwargs(headless=headless)}


@pytest.fixture(scope="session")
def mock_site_server():
    from autoreport.mock_site import MockSite

    # The article's edition until the tool knows the current one; tests of the current edition ask for it.
    with MockSite(edition="article") as site:
        yield site


@pytest.fixture
def mock_site(mock_site_server) -> MockControl:
    """The running mock marketplace, reset to the demo account's starting state."""
    control = MockControl(mock_site_server.url)
    control.reset()
    return control


def pytest_configure(config):
    """One Xvfb for the whole run when no display is set: started here, before pytest-xdist starts its
    workers, which inherit DISPLAY. A display that is set already (a desktop, `xvfb-run`) is used.
    The tool's config folder is an empty one of the run's own: no site patch of the machine's user applies."""
    if "AUTOREPORT_CONFIG_DIR" not in os.environ:
        os.environ["AUTOREPORT_CONFIG_DIR"] = tempfile.mkdtemp(prefix="autoreport-config-")
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return
    read_end, write_end = os.pipe()
    # -displayfd: Xvfb picks a free display number and writes it to us once it is ready.
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24",
                               "-nolisten", "tcp"],
                              pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        number = ready.readline().strip()
    os.environ["DISPLAY"] = f":{number}"
    config.stash[_XVFB] = server


def pytest_collection_modifyitems(items):
    # The quick benchmark run is the longest test by far (about a minute): it starts first, so that it
    # does not end a parallel run alone. The sort is stable; every worker sorts alike.
    items.sort(key=lambda item: item.path.name != "test_benchmark.py")


def pytest_unconfigure(config):
    server = config.stash.get(_XVFB, None)
    if server is not None:
        server.terminate()
        server.wait(timeout=10)
        del os.environ["DISPLAY"]


@pytest.fixture(scope="session")
def display() -> str:
    """The display visible-browser tests use: the one set, or the Xvfb the run started."""
    if not os.environ.get("DISPLAY"):
        pytest.fail("visible-browser tests need Xvfb (Debian: apt-get install xvfb); `make test` installs it")
    return os.environ["DISPLAY"]
