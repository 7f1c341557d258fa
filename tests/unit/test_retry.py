"""Which failures are retried, and how often, with the waits patched to zero."""

from __future__ import annotations

import logging

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from autoreport.browser.failures import is_browser_gone, is_transient
from autoreport.errors import InvalidInput, SiteUnavailable
from autoreport.flow.retry import retry_policy as real_retry_policy
from autoreport.flow.runner import FlowFailed, run_flow
from autoreport.flow.step import FlowContext, Step
from autoreport.sites.pages import SiteRefused


def retry_policy(retries, **kwargs):
    return real_retry_policy(retries, retry_if=is_transient, first_wait_s=0, **kwargs)


@pytest.mark.parametrize("error", [
    PlaywrightTimeoutError("Timeout 30000ms exceeded."),
    PlaywrightError("page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:1/"),
    PlaywrightError("page.goto: net::ERR_EMPTY_RESPONSE at http://127.0.0.1:1/"),
    SiteUnavailable("503 Service Temporarily Unavailable"),
    AssertionError("Locator expected to be visible\nTimeout 5000ms exceeded."),
])
def test_transient_failures(error):
    assert is_transient(error)


@pytest.mark.parametrize("error", [
    InvalidInput("bad spec"),
    SiteRefused("the site refused the complaint: This order was not found in your account."),
    PlaywrightError("Target page, context or browser has been closed"),
    ValueError("a bug"),
])
def test_failures_that_are_never_retried(error):
    assert not is_transient(error)


def test_closed_browser_is_recognised():
    assert is_browser_gone(PlaywrightError("Target page, context or browser has been closed"))
    assert not is_browser_gone(PlaywrightTimeoutError("Timeout"))


def test_policy_retries_n_times_then_reraises(caplog):
    calls = []

    def always_unavailable():
        calls.append(1)
        raise SiteUnavailable("503")

    with caplog.at_level(logging.WARNING, "autoreport.retry"), pytest.raises(SiteUnavailable):
        retry_policy(3, label="open-report-centre")(always_unavailable)
    assert len(calls) == 4
    assert caplog.messages[0] == "open-report-centre: attempt 1 failed (503); retrying in 0.0 s"
    assert len(caplog.messages) == 3


def test_policy_does_not_retry_a_refusal():
    calls = []

    def refused():
        calls.append(1)
        raise SiteRefused("no")

    with pytest.raises(SiteRefused):
        retry_policy(3)(refused)
    assert len(calls) == 1


def test_runner_retries_only_repeatable_steps(tmp_path):
    calls = {"open": 0, "submit": 0}

    def flaky_open(ctx):
        calls["open"] += 1
        if calls["open"] < 3:
            raise SiteUnavailable("503")

    def flaky_submit(ctx):
        calls["submit"] += 1
        raise SiteUnavailable("503")

    steps = [Step("open", "", flaky_open), Step("submit", "", flaky_submit, repeatable=False)]
    ctx = FlowContext(page=None, profile=None, spec=None, run_folder=tmp_path)
    with pytest.raises(FlowFailed, match="step submit failed"):
        run_flow(steps, ctx, [], retry_policy_for=lambda step: retry_policy(3) if step.repeatable else None)
    assert calls == {"open": 3, "submit": 1}
    assert ctx.notes["step_results"][0].attempts == 3
