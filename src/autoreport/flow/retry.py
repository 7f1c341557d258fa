"""One factory for retry policies. Only the failures the caller names transient are retried (the
browser layer names them: timeouts, 5xx error pages, lost connections); never bad input, a closed
browser, or a refusal by the site."""

from __future__ import annotations

import logging
from collections.abc import Callable

import tenacity

from autoreport.errors import first_line

log = logging.getLogger("autoreport.retry")

MAX_WAIT_S = 20.0
MAX_RETRYING_S = 120.0


def retry_policy(retries: int, *, retry_if: Callable[[BaseException], bool], first_wait_s: float = 1.0,
                 label: str = "") -> tenacity.Retrying:
    """`retries` further attempts after the first, for the errors retry_if calls transient, with
    exponential back-off from first_wait_s plus jitter, bounded by attempts and by time; a log line
    before each sleep."""

    def log_before_sleep(state: tenacity.RetryCallState) -> None:
        # Only a raised error is retried (retry_if_exception), so the outcome holds one.
        log.warning("%sattempt %d failed (%s); retrying in %.1f s", f"{label}: " if label else "",
                    state.attempt_number, first_line(state.outcome.exception()), state.upcoming_sleep)

    return tenacity.Retrying(
        retry=tenacity.retry_if_exception(retry_if),
        stop=tenacity.stop_after_attempt(retries + 1) | tenacity.stop_after_delay(MAX_RETRYING_S),
        wait=tenacity.wait_exponential(multiplier=first_wait_s, max=MAX_WAIT_S)
        + tenacity.wait_random(0, first_wait_s),
        before_sleep=log_before_sleep,
        reraise=True,
    )
