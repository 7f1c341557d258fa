"""`autoreport check-site`: walk every flow with sample data, in dry-run mode, and say which
elements the page objects need are no longer on the site.

Nothing is submitted: each flow stops where a dry run stops, after filling its form. A missing
element is named by the locator that found nothing, with a screenshot of the page at that moment.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from autoreport.errors import ExitStatus, InvalidInput

if TYPE_CHECKING:
    from autoreport.filing import BrowserSession
    from autoreport.flow.step import FlowContext, Step, StepResult
    from autoreport.sites.profile import SiteProfile

# An element the page objects need shows up at once or not at all; pages may still load slowly.
ELEMENT_TIMEOUT_S = 5.0
NAVIGATION_TIMEOUT_MS = 30_000
# After a step failed for another reason: how long to look again for the element it acts on.
TARGET_RECHECK_MS = 500

SAMPLE_DETAILS = ("This text checks that the form still has its fields. "
                  "It is filled by a site check and never submitted.")
SAMPLE_CONTACT = {"email": "buyer@example.com", "phone": "+1 555 0100"}
SAMPLE_EVIDENCE = "chat-screenshot.png"

# One seller report per category; the order numbers are those of the mock's demo account.
SELLER_REPORT_SAMPLES: dict[str, dict[str, Any]] = {
    "trade-rules": {
        "category": "trade-rules", "reason": "payment-outside-platform", "order_number": "8000000000000001",
        "answers": {"order_closed": False, "receipt_confirmed_at_seller_request": False, "goods_received": False},
        "seller_contact_channel": "aliexpress-messages", "request_tracking_number": True,
    },
    "ipr-protection": {
        "category": "ipr-protection", "reason": "counterfeit", "brand": "Example Audio",
        "product_url": "https://www.aliexpress.com/item/1005006000000001.html",
    },
    "restricted-products": {
        "category": "restricted-products", "reason": "hazardous-chemicals",
        "product_url": "https://www.aliexpress.com/item/1005006000000002.html",
    },
    "search-violations": {
        "category": "search-violations", "reason": "incorrect-category",
        "product_url": "https://www.aliexpress.com/item/1005006000000003.html",
    },
}
DISPUTE_FLOWS = ("dispute-appeal", "dispute-review")
# The demo account's closed disputes: one that takes a complaint, one that takes a review.
MOCK_DISPUTE_ORDERS = {"dispute-appeal": "8000000000000002", "dispute-review": "8000000000000003"}
NEEDS_DISPUTE_ORDER = "not checked (needs --dispute-order)"

# Playwright's call log names the locator it waited for: `  - waiting for get_by_label("Order number")`.
WAITING_FOR = re.compile(r"^\s*- waiting for (.+?)\s*$", re.MULTILINE)
# Some assertion messages name it on a line of its own instead.
LOCATOR_LINE = re.compile(r"^Locator: (.+?)\s*$", re.MULTILINE)
# The locator matched something (hidden, disabled, or several elements): found, but not usable.
RESOLVED = re.compile(r"locator resolved to|resolved to \d+ elements")


class Result(StrEnum):
    FOUND = "found"
    MISSING = "missing"
    FAILED = "failed"  # the elements were there, but the step failed for another reason
    NOT_REACHED = "not reached"
    NOT_CHECKED = "not checked"


@dataclass
class StepCheck:
    name: str
    result: Result = Result.NOT_REACHED
    locator: str | None = None
    screenshot: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "result": str(self.result), "locator": self.locator,
                "screenshot": self.screenshot, "error": self.error}


@dataclass
class FlowCheck:
    flow: str
    steps: list[StepCheck] = field(default_factory=list)
    note: str | None = None  # why the flow was not checked

    @property
    def ok(self) -> bool | None:
        if self.note:
            return None
        return all(step.result is Result.FOUND for step in self.steps)

    def as_json(self) -> dict[str, Any]:
        return {"flow": self.flow, "ok": self.ok, "note": self.note,
                "steps": [step.as_json() for step in self.steps]}


def locator_in(message: str) -> str | None:
    """The locator a Playwright timeout or assertion message says it looked for."""
    for pattern in (WAITING_FOR, LOCATOR_LINE):
        if match := pattern.search(message):
            return match.group(1)
    return None


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def absent_target(step: Step, ctx: FlowContext) -> str | None:
    """The locator of the element the step acts on, when the page does not have it.

    Some steps look before they act (a link that may be offered or not) and fail with the site's
    own words; the element they needed is then named by asking Playwright for it once more."""
    from playwright.sync_api import expect

    if step.target is None:
        return None
    try:
        expect(step.target(ctx)).to_be_attached(timeout=TARGET_RECHECK_MS)
    except AssertionError as not_there:
        return locator_in(str(not_there))
    return None


class RecordOutcomes(FlowHooks if False else object):  # replaced below, once FlowHooks is importable
    pass


def _record_outcomes_class():
    from autoreport.flow.runner import FlowHooks, OnError
    from autoreport.flow.step import StepStatus

    class RecordOutcomes(FlowHooks):
        """Each step's outcome into the flow's check; a failed step gets its locator and a screenshot."""

        def __init__(self, check: FlowCheck, output: Path):
            self.check, self.output = check, output
            self.position = 0
            self.error: BaseException | None = None

        def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
            self.position, self.error = position, None

        def on_error(self, step: Step, error: BaseException, attempt: int, ctx: FlowContext) -> OnError:
            self.error = error
            return OnError.RAISE

        def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
            row = self.check.steps[self.position - 1]
            if result.status is StepStatus.OK:
                row.result = Result.FOUND
                return
            error = self.error or RuntimeError(result.error or "failed")
            text = str(error)
            row.locator = locator_in(text)
            if row.locator and not RESOLVED.search(text):
                row.result = Result.MISSING
            elif row.locator:
                row.result, row.error = Result.FAILED, f"found but not usable: {first_line(error)}"
            elif missing := absent_target(step, ctx):
                row.result, row.locator = Result.MISSING, missing
            else:
                row.result, row.error = Result.FAILED, first_line(error)
            path = self.output / f"{self.check.flow}-{self.position:02d}-{step.name}-{row.result}.png"
            try:
                ctx.page.screenshot(path=path, full_page=True)
            except Exception:  # a crashed page has nothing left to show
                return
            row.screenshot = str(path)

    return RecordOutcomes
