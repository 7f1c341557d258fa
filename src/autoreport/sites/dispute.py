"""After a dispute closes, what the live site's dispute page offers: the complaint against its outcome
(Make a complaint), and the review of the dispute resolution service."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from playwright.sync_api import Locator, expect

from autoreport.errors import AutoreportError
from autoreport.flow.step import FlowContext, Step
from autoreport.sites.elements import PageElements, elements_of
from autoreport.sites.lookup import NOT_ON_SITE, Candidate, ListingCache, Lookup, judge
from autoreport.sites.pages import (
    EvidenceUploader,
    PageNotFound,
    SiteRefused,
    open_page,
    post_form,
    read_complaint_number,
    read_definitions,
    wait_for_page,
)

UPLOAD_TIMEOUT_MS = 60_000
APPEAL_SENT = "Complaint sent"
REVIEW_SENT = "Thank you for your review"
# The dispute statuses (the mock's wording) once a complaint was made about it.
APPEALED_STATUSES = ("complaint submitted", "under review", "decision made")


class DisputeNotReady(AutoreportError):
    """The order has no dispute, or its dispute is still open: nothing to appeal yet."""


class DisputePage:
    def __init__(self, elements: PageElements, ctx: FlowContext):
        self.elements, self.page = elements, elements.page
        self.ctx = ctx

    def open(self, order_number: str) -> None:
        open_page(self.elements, self.ctx.profile, self.ctx.profile.dispute_url(order_number), "dispute-heading",
                  self.ctx.wait_timeout_s)

    def shown(self, element_id: str) -> str | None:
        """The text of an element the page shows only at some stages (a status, a number, a date)."""
        shown = self.elements.find(element_id)
        return shown.inner_text().strip() if shown.count() else None

    def status(self) -> str | None:
        return self.shown("dispute-status")

    def appeal_number(self) -> str | None:
        return self.shown("appeal-number")

    def _date(self, element_id: str) -> date | None:
        shown = self.shown(element_id)
        return date.fromisoformat(shown) if shown is not None else None

    def sent_date(self) -> date | None:
        return self._date("appeal-sent-date")

    def decision_date(self) -> date | None:
        return self._date("appeal-decided-date")

    def link(self, element_id: str) -> Locator:
        return self.elements.find(element_id)

    def see_results(self) -> ResultsPage:
        """Follow See results. The click returns once the results page starts to load, before it shows
        the decision: the decision is read once the page is there."""
        self.elements.need("see-results-link").click()
        wait_for_page(self.page, self.elements.find("results-heading"), self.ctx.wait_timeout_s)
        return ResultsPage(self.elements, self.ctx.wait_timeout_s)


def _dispute(ctx: FlowContext) -> DisputePage:
    return DisputePage(elements_of(ctx), ctx)


def _label(ctx: FlowContext, key: str) -> str:
    return elements_of(ctx).label(key)


def open_dispute(ctx: FlowContext) -> None:
    """Open the order's dispute and check that it can take a complaint (closed, none made yet)."""
    dispute = _dispute(ctx)
    dispute.open(ctx.spec.order_number)
    status = dispute.status()
    if status is None:
        raise DisputeNotReady(f"order {ctx.spec.order_number} has no dispute: "
                              "a complaint is made about a dispute after it closed")
    if status == "open":
        raise DisputeNotReady(f"the dispute of order {ctx.spec.order_number} is still open: "
                              "a dispute must close before its outcome can be appealed")
    ctx.notes["dispute_status_before"] = status


def open_complaint_form(ctx: FlowContext) -> None:
    dispute = _dispute(ctx)
    if not dispute.link("make-complaint-link").count():
        raise SiteRefused(f"the dispute of order {ctx.spec.order_number} offers no Make a complaint "
                          f"(status: {dispute.status()}); a complaint about it may exist already")
    dispute.link("make-complaint-link").click()
    _expect_form_or_refusal(ctx, "forms.appeal", "appeal-send")


def _expect_form_or_refusal(ctx: FlowContext, form: str, send: str) -> None:
    """The form's page, with its send button or the site's refusal; neither, after the page's wait: drift."""
    elements = elements_of(ctx)
    elements.need("dispute-form-heading", choice=elements.label(form), timeout_s=ctx.wait_timeout_s)
    button, refusal = elements.find(send), elements.find("dispute-form-error")
    try:
        expect(button.or_(refusal).first).to_be_visible(timeout=ctx.wait_timeout_s * 1000)
    except AssertionError:
        raise elements.changed(send) from None
    if not button.is_visible():
        raise SiteRefused(f"the site refused: {refusal.first.inner_text().strip()}")


def choose_appeal_category(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    elements.need("appeal-category", choice=elements.label(f"appeal-categories.{ctx.spec.category}")).check()


def describe_situation(ctx: FlowContext) -> None:
    elements_of(ctx).need("appeal-text").fill(ctx.spec.details)


def attach_evidence(ctx: FlowContext) -> None:
    EvidenceUploader(elements_of(ctx), ctx.wait_timeout_s).attach(ctx.evidence, UPLOAD_TIMEOUT_MS)


def _send(ctx: FlowContext, button: str, done_heading: str) -> None:
    elements = elements_of(ctx)
    post_form(ctx.page, elements.find(button))  # the form's step saw it
    done, refusal = elements.find(done_heading), elements.find("dispute-form-error")
    wait_for_page(ctx.page, done.or_(refusal), ctx.wait_timeout_s)
    if not done.is_visible():
        raise SiteRefused(f"the site refused: {refusal.first.inner_text().strip()}")


def send_complaint(ctx: FlowContext) -> None:
    _send(ctx, "appeal-send", "appeal-sent-heading")


def read_appeal_receipt(ctx: FlowContext) -> None:
    ctx.complaint_number = read_complaint_number(elements_of(ctx), "appeal-sent-heading", ctx.wait_timeout_s)


def check_dispute_status(ctx: FlowContext) -> None:
    """The dispute's status must have moved on: that is how the site shows it took the complaint."""
    dispute = _dispute(ctx)
    dispute.open(ctx.spec.order_number)
    status = dispute.status()
    if status == ctx.notes.get("dispute_status_before"):
        raise AutoreportError(f"the dispute's status is still {status!r} after the complaint was sent")
    ctx.notes["dispute_status_after"] = status


def open_review_form(ctx: FlowContext) -> None:
    dispute = _dispute(ctx)
    link = dispute.link("review-link")
    if not link.count():
        raise SiteRefused(f"the dispute of order {ctx.spec.order_number} offers no review "
                          f"(status: {dispute.status()})")
    link.click()
    _expect_form_or_refusal(ctx, "forms.review", "review-send")


def choose_rating(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    elements.need("rating", choice=elements.label(f"ratings.{ctx.spec.rating}")).check()


def write_review(ctx: FlowContext) -> None:
    elements_of(ctx).need("review-text").fill(ctx.spec.details)


def send_review(ctx: FlowContext) -> None:
    _send(ctx, "review-send", "review-sent-heading")


def read_review_receipt(ctx: FlowContext) -> None:
    ctx.complaint_number = read_complaint_number(elements_of(ctx), "review-sent-heading", ctx.wait_timeout_s)


def target(element_id: str, choice: Callable[[FlowContext], str] | None = None) -> Callable[[FlowContext], Locator]:
    """What a step acts on, for a visible run to frame before it acts."""
    return lambda ctx: elements_of(ctx).find(element_id, choice=choice(ctx) if choice else None)


def appeal_fill_steps(spec) -> list[Step]:
    steps = [
        Step("open-dispute", "open the order's dispute", open_dispute, elements=("dispute-heading", "dispute-status")),
        Step("open-complaint-form", "click Make a complaint", open_complaint_form,
             elements=("make-complaint-link", "dispute-form-heading", "appeal-send", "dispute-main",
                       "dispute-form-error"),
             target=target("make-complaint-link")),
        Step("choose-category", "choose the complaint's category", choose_appeal_category,
             elements=("appeal-category-choices", "appeal-category"),
             target=target("appeal-category", lambda ctx: _label(ctx, f"appeal-categories.{ctx.spec.category}"))),
        Step("fill-details", "describe the situation", describe_situation, elements=("appeal-text",),
             target=target("appeal-text")),
    ]
    if spec.evidence:
        steps.append(Step("attach-evidence", "upload the evidence and check each file landed", attach_evidence,
                          elements=("evidence-upload-button", "evidence-input", "uploaded-evidence", "remove-upload"),
                          target=target("evidence-upload-button")))
    return steps


def appeal_submit_steps() -> list[Step]:
    return [
        Step("submit-complaint", "click Send (files the complaint)", send_complaint, repeatable=False,
             elements=("appeal-send", "appeal-sent-heading"), target=target("appeal-send")),
        Step("read-receipt", "read the complaint number", read_appeal_receipt, elements=("complaint-number",)),
        Step("check-dispute-status", "check that the dispute's status changed", check_dispute_status,
             elements=("dispute-heading", "dispute-status")),
    ]


def review_fill_steps(spec) -> list[Step]:
    return [
        Step("open-dispute", "open the order's dispute", open_dispute, elements=("dispute-heading", "dispute-status")),
        Step("open-review-form", "open the review of the dispute resolution service", open_review_form,
             elements=("review-link", "dispute-form-heading", "review-send", "dispute-main", "dispute-form-error"),
             target=target("review-link")),
        Step("choose-rating", "choose the rating", choose_rating, elements=("rating-choices", "rating"),
             target=target("rating", lambda ctx: _label(ctx, f"ratings.{ctx.spec.rating}"))),
        Step("fill-details", "write the review", write_review, elements=("review-text",), target=target("review-text")),
    ]


def review_submit_steps() -> list[Step]:
    return [
        Step("submit-review", "click Send review (files the review)", send_review, repeatable=False,
             elements=("review-send", "review-sent-heading"), target=target("review-send")),
        Step("read-receipt", "read the review's number", read_review_receipt, elements=("complaint-number",)),
    ]


def _opened(dispute: DisputePage, order_number: str) -> bool:
    """The dispute's page, or False when the site has no such order: nothing can have been filed on it
    (the flow itself then says so in the site's words)."""
    try:
        dispute.open(order_number)
    except PageNotFound:
        return False
    return True


def find_filed_appeal(ctx: FlowContext, known_numbers: set[str], listing: ListingCache | None = None) -> Lookup:
    """The dispute page shows the complaint made about it, if the site took one: it is this one when
    its category, text and number of evidence files agree with the spec."""
    dispute = _dispute(ctx)
    if not _opened(dispute, ctx.spec.order_number):
        return NOT_ON_SITE
    number = dispute.appeal_number() if dispute.status() in APPEALED_STATUSES else None
    if not number or number in known_numbers:
        return NOT_ON_SITE
    spec = ctx.spec
    files = len(spec.evidence)
    expected = {"Category": _label(ctx, f"appeal-categories.{spec.category}"), "Description": spec.details,
                "Evidence": f"{files} file{'' if files == 1 else 's'}"}
    return judge(expected, [Candidate(number, read_definitions(dispute.elements, "appeal-details"))])


def find_filed_review(ctx: FlowContext, known_numbers: set[str], listing: ListingCache | None = None) -> Lookup:
    """The dispute page shows the review left on it: this one when its rating and text agree."""
    dispute = _dispute(ctx)
    if not _opened(dispute, ctx.spec.order_number):
        return NOT_ON_SITE
    text = dispute.shown("review-number") or ""
    if not re.fullmatch(r"\d+", text) or text in known_numbers:
        return NOT_ON_SITE
    expected = {"Rating": f"{ctx.spec.rating} of 5", "Description": ctx.spec.details}
    shown = read_definitions(dispute.elements, "review-details")
    return judge(expected, [Candidate(text, shown)])


COUPON_LINE = re.compile(r"US \$(?P<amount>[\d,]+\.\d\d) coupon, valid until (?P<valid_until>\d{4}-\d{2}-\d{2})")


class ResultsPage:
    """See results: the decision on the complaint, and for an accepted one the coupons."""

    def __init__(self, elements: PageElements, timeout_s: float):
        self.elements, self.timeout_s = elements, timeout_s

    def outcome(self) -> str | None:
        if self.elements.find("outcome-accepted").count():
            return "accepted"
        if self.elements.find("outcome-rejected").count():
            return "rejected"
        return None

    def coupons(self) -> list[dict[str, str]]:
        lines = self.elements.find("coupons").get_by_role("listitem").all_inner_texts()
        return [match.groupdict() for line in lines if (match := COUPON_LINE.search(line))]

    def claim(self, plan: str) -> None:
        self.elements.need("coupon-plan", choice=self.elements.label(f"coupon-plans.{plan}")).check()
        self.elements.need("get-coupons").click()
        expect(self.elements.find("coupons")).to_be_visible(timeout=self.timeout_s * 1000)
