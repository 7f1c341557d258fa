"""What Playwright's errors mean: a browser that is gone, a failure worth another try, a browser
that would not start."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from autoreport.browser.discovery import display_available
from autoreport.errors import BrowserNotFound, SiteUnavailable

if TYPE_CHECKING:
    from autoreport.browser.discovery import BrowserChoice

# Chromium's words for a connection that failed or was cut before the page came.
CONNECTION_ERRORS = re.compile(r"net::ERR_(CONNECTION_\w+|EMPTY_RESPONSE|NETWORK_CHANGED|TIMED_OUT|"
                               r"INTERNET_DISCONNECTED|ADDRESS_UNREACHABLE|SOCKET_NOT_CONNECTED|ABORTED)")
CLOSED_BROWSER = re.compile(r"Target (page, context or browser )?(has been )?closed|Browser (has been )?closed|"
                            r"Target crashed|Page crashed")


def is_transient(error: BaseException) -> bool:
    """Worth another try: a timeout, a 5xx page (SiteUnavailable), a lost connection. Never bad
    input, a closed browser, or a refusal by the site."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    if isinstance(error, SiteUnavailable):
        return True
    if isinstance(error, PlaywrightTimeoutError):
        return True
    if isinstance(error, AssertionError) and "Timeout" in str(error):
        return True  # a web-first expect() that waited in vain
    if isinstance(error, PlaywrightError):
        message = str(error)
        return bool(CONNECTION_ERRORS.search(message)) and not CLOSED_BROWSER.search(message)
    return False


def is_browser_gone(error: BaseException) -> bool:
    from playwright.sync_api import Error as PlaywrightError

    return isinstance(error, PlaywrightError) and bool(CLOSED_BROWSER.search(str(error)))


# How Playwright quotes what the browser wrote to stderr while it started.
BROWSER_STDERR_LINE = re.compile(r"^\[pid=\d+\]\[err\] (.+)$", re.MULTILINE)


def cannot_start(choice: BrowserChoice, launch_error: str, *, headless: bool) -> BrowserNotFound:
    """Playwright's first line, with the last word of the browser itself and the usual cause of a
    visible browser that does not start."""
    lines = launch_error.strip().splitlines()
    problem = lines[0] if lines else "no reason given"
    if said := BROWSER_STDERR_LINE.findall(launch_error):
        problem += f" (the browser said: {said[-1].strip()})"
    if not headless and not display_available():
        problem += " (no display: run under xvfb-run -a, or drop --headed)"
    started = choice.executable_for(headless=headless) or choice.executable
    return BrowserNotFound(f"could not start {started}: {problem}")
