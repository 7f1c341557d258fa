"""One factory for retry policies. Only named transient failures are retried: timeouts, 5xx
error pages and lost connections. Never bad input, a closed browser, or a refusal by the site."""

from __future__ import annotations

import logging
import re

import tenacity
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from autoreport.errors import AutoreportError, first_line

log = logging.getLogger("autoreport.retry")

# Chromium's words for a connection that failed or was cut before the page came.
CONNECTION_ERRORS = re.compile(r"net::ERR_(CONNECTION_\w+|EMPTY_RESPONSE|NETWORK_CHANGED|TIMED_OUT|"
                               r"INTERNET_DISCONNECTED|ADDRESS_UNREACHABLE|SOCKET_NOT_CONNECTED|ABORTED)")
CLOSED_BROWSER = re.compile(r"Target (page, context or browser )?(has been )?closed|Browser (has been )?closed|"
                            r"Target crashed|Page crashed")


class SiteUnavailable(AutoreportError):
    """The site answered with a server error (5xx) page or upload error: worth another try."""


def is_transient(error: BaseException) -> bool:
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
    return isinstance(error, PlaywrightError) and bool(CLOSED_BROWSER.search(str(error)))


MAX_WAIT_S = 20.0
MAX_RETRYING_S = 120.0


def retry_policy(retries: int, *, first_wait_s: float = 1.0, label: str = "") -> tenacity.Retrying:
    """`retries` further attempts after the first, with exponential back-off from first_wait_s plus
    jitter, bounded by attempts and by time; a log line before each sleep."""

    def log_before_sleep(state: tenacity.RetryCallState) -> None:
        # Only a raised error is retried (retry_if_exception), so the outcome holds one.
        log.warning("%sattempt %d failed (%s); retrying in %.1f s", f"{label}: " if label else "",
                    state.attempt_number, first_line(state.outcome.exception()), state.upcoming_sleep)

    return tenacity.Retrying(
        retry=tenacity.retry_if_exception(is_transient),
        stop=tenacity.stop_after_attempt(retries + 1) | tenacity.stop_after_delay(MAX_RETRYING_S),
        wait=tenacity.wait_exponential(multiplier=first_wait_s, max=MAX_WAIT_S)
        + tenacity.wait_random(0, first_wait_s),
        before_sleep=log_before_sleep,
        reraise=True,
    )
