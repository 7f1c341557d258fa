"""Where a run's browser comes from: launched here, a Chromium reached over CDP, or a Playwright
browser server. Each is a BrowserProvider: it gives a browser, and another in place of one that died."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from autoreport.browser.discovery import BrowserChoice, find_browser
from autoreport.browser.failures import cannot_start
from autoreport.errors import BrowserNotFound, InvalidInput, first_line

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright


class BrowserProvider(Protocol):
    # A browser elsewhere: what it uploads goes to it over the connection (Playwright caps that at 50 MB).
    remote: bool

    def connect(self, playwright: Playwright, *, headless: bool, slow_mo: float | None) -> Browser: ...

    def reconnect(self, playwright: Playwright, gone: Browser, *, headless: bool,
                  slow_mo: float | None) -> Browser:
        """A browser in place of `gone`, which died: by default, launched anew or connected to again."""
        return self.connect(playwright, headless=headless, slow_mo=slow_mo)


def launch_browser(playwright: Playwright, choice: BrowserChoice, *, headless: bool = True,
                   slow_mo: float | None = None, args: tuple[str, ...] = ()) -> Browser:
    """Launch the chosen Chromium; Playwright adds the flags root and closed networks need."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return playwright.chromium.launch(headless=headless, slow_mo=slow_mo, args=list(args),
                                          **choice.launch_kwargs(headless=headless))
    except PlaywrightError as exc:
        raise cannot_start(choice, str(exc), headless=headless) from exc


@dataclass(frozen=True)
class LaunchHere(BrowserProvider):
    """A Chromium this process launches: the one found (explicit, Playwright's, the system's)."""

    browser_path: Path | None = None
    launch_args: tuple[str, ...] = ()  # extra Chromium flags
    remote = False

    def connect(self, playwright: Playwright, *, headless: bool, slow_mo: float | None) -> Browser:
        choice = find_browser(self.browser_path, playwright)
        return launch_browser(playwright, choice, headless=headless, slow_mo=slow_mo, args=self.launch_args)


def connected(endpoint: str, connect: Callable[[], Browser]) -> Browser:
    from playwright.sync_api import Error as PlaywrightError

    try:
        return connect()
    except PlaywrightError as exc:
        raise BrowserNotFound(f"could not connect to the browser at {endpoint}: {first_line(exc)}") from exc


@dataclass(frozen=True)
class OverCDP(BrowserProvider):
    """A Chromium started elsewhere with --remote-debugging-port: one browser for every worker."""

    endpoint: str
    remote = True

    def connect(self, playwright: Playwright, *, headless: bool, slow_mo: float | None) -> Browser:
        return connected(self.endpoint, lambda: playwright.chromium.connect_over_cdp(self.endpoint, slow_mo=slow_mo))


@dataclass(frozen=True)
class BrowserServer(BrowserProvider):
    """A Playwright browser server (`playwright run-server`, grids): it decides itself whether each
    connection gets a browser of its own (most start one a connection)."""

    endpoint: str
    remote = True

    def connect(self, playwright: Playwright, *, headless: bool, slow_mo: float | None) -> Browser:
        return connected(self.endpoint, lambda: playwright.chromium.connect(self.endpoint, slow_mo=slow_mo))


def provider_for(browser_path: Path | None, cdp_endpoint: str | None, ws_endpoint: str | None,
                 launch_args: tuple[str, ...] = ()) -> BrowserProvider:
    """The provider the browser options name: an endpoint when given, else a browser launched here."""
    if cdp_endpoint and ws_endpoint:
        raise InvalidInput("give --cdp-endpoint or --ws-endpoint, not both")
    if cdp_endpoint:
        return OverCDP(cdp_endpoint)
    if ws_endpoint:
        return BrowserServer(ws_endpoint)
    return LaunchHere(browser_path, launch_args)
