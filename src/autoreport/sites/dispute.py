"""After a dispute closes, what the live site's dispute page offers: the complaint against its outcome
(Make a complaint), and the review of the dispute resolution service."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Locator, Page, expect

from autoreport.errors import AutoreportError
from autoreport.flow.step import FlowContext, Step
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
from autoreport.spec.catalog import DISPUTE_APPEAL_CATEGORIES

UPLOAD_TIMEOUT_MS = 60_000
APPEAL_SENT = "Complaint sent"
REVIEW_SENT = "Thank you for your review"
# The dispute statuses (the mock's wording) once a complaint was made about it.
APPEALED_STATUSES = ("complaint submitted", "under review", "decision made")


class DisputeNotReady(AutoreportError):
    """The order has no dispute, or its dispute is still open: nothing to appeal yet."""


class DisputePage:
    def __init__(self, page: Page, ctx: FlowContext):
        self.page = page
        self.ctx = ctx

    def open(self, order_number: str) -> None:
        open_page(self.page, self.ctx.profile, self.ctx.profile.dispute_url(order_number),
                  self.page.get_by_role("heading", name="Dispute details"), self.ctx.wait_timeout_s)

    def status(self) -> str | None:
        status = self.page.locator("#dispute-status")
        return status.inner_text().strip() if status.count() else None

    def appeal_number(self) -> str | None:
        number = self.page.locator("#appeal-number")
        return number.inner_text().strip() if number.count() else None

    def _date(self, selector: str) -> date | None:
        shown = self.page.locator(selector)
        return date.fromisoformat(shown.inner_text().strip()) if shown.count() else None

    def sent_date(self) -> date | None:
        return self._date("#appeal-sent")

    def decision_date(self) -> date | None:
        return self._date("#appeal-decided")

    def link(self, name: str) -> Locator:
        return self.page.get_by_role("link", name=name, exact=True)

    def see_results(self) -> ResultsPage:
        """Follow See results. The click returns once the results page starts to load, before it shows
        the decision: the decision is read once the page is there."""
        self.link("See results").click()
        wait_for_page(self.page, self.page.get_by_role("heading", name="See results", exact=True),
                      self.ctx.wait_timeout_s)
        return ResultsPage(self.page, self.ctx.wait_timeout_s)


class DisputeForm:
    """The complaint and review forms share their shape: choices, one text, a send button."""

    def __init__(self, page: Page):
        self.page = page

    def choice(self, group: str, label: str) -> Locator:
        return self.page.get_by_role("radiogroup", name=group, exact=True).get_by_role("radio", name=label, exact=True)

    def text(self, label: str) -> Locator:
        return self.page.get_by_role("textbox", name=label, exact=True)

    def button(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def refusal(self) -> Locator:
        return self.page.locator("main").get_by_role("alert")


def _dispute(ctx: FlowContext) -> DisputePage:
    return DisputePage(ctx.page, ctx)


def _form(ctx: FlowContext) -> DisputeForm:
    return DisputeForm(ctx.page)


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
    if not dispute.link("Make a complaint").count():
        raise SiteRefused(f"the dispute of order {ctx.spec.order_number} offers no Make a complaint "
                          f"(status: {dispute.status()}); a complaint about it may exist already")
    dispute.link("Make a complaint").click()
    _expect_form_or_refusal(ctx, "Make a complaint", "Send")


def _expect_form_or_refusal(ctx: FlowContext, heading: str, button: str) -> None:
    form = _form(ctx)
    wait_for_page(ctx.page, ctx.page.get_by_role("heading", name=heading), ctx.wait_timeout_s)
    expect(form.button(button).or_(form.refusal()).first).to_be_visible(timeout=ctx.wait_timeout_s * 1000)
    if not form.button(button).is_visible():
        raise SiteRefused(f"the site refused: {form.refusal().first.inner_text().strip()}")


def choose_appeal_category(ctx: FlowContext) -> None:
    _form(ctx).choice("Choose the category", DISPUTE_APPEAL_CATEGORIES[ctx.spec.category]).check()


def describe_situation(ctx: FlowContext) -> None:
    _form(ctx).text("Describe the situation").fill(ctx.spec.details)


def attach_evidence(ctx: FlowContext) -> None:
    EvidenceUploader(ctx.page, ctx.wait_timeout_s).attach(ctx.evidence, UPLOAD_TIMEOUT_MS)


def _send(ctx: FlowContext, button: str, done_heading: str) -> None:
    form = _form(ctx)
    post_form(ctx.page, form.button(button))
    done = ctx.page.get_by_role("heading", name=done_heading)
    wait_for_page(ctx.page, done.or_(form.refusal()), ctx.wait_timeout_s)
    if not done.is_visible():
        raise SiteRefused(f"the site refused: {form.refusal().first.inner_text().strip()}")


def send_complaint(ctx: FlowContext) -> None:
    _send(ctx, "Send", APPEAL_SENT)


def read_appeal_receipt(ctx: FlowContext) -> None:
    ctx.complaint_number = read_complaint_number(ctx.page, APPEAL_SENT, ctx.wait_timeout_s)


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
    link = dispute.link("Review the dispute resolution service")
    if not link.count():
        raise SiteRefused(f"the dispute of order {ctx.spec.order_number} offers no review "
                          f"(status: {dispute.status()})")
    link.click()
    _expect_form_or_refusal(ctx, "Review the dispute resolution service", "Send review")


def choose_rating(ctx: FlowContext) -> None:
    _form(ctx).choice("Rating", str(ctx.spec.rating)).check()


def write_review(ctx: FlowContext) -> None:
    _form(ctx).text("Your review").fill(ctx.spec.details)


def send_review(ctx: FlowContext) -> None:
    _send(ctx, "Send review", REVIEW_SENT)


def read_review_receipt(ctx: FlowContext) -> None:
    ctx.complaint_number = read_complaint_number(ctx.page, REVIEW_SENT, ctx.wait_timeout_s)


def appeal_fill_steps(spec) -> list[Step]:
    steps = [
        Step("open-dispute", "open the order's dispute", open_dispute),
        Step("open-complaint-form", "click Make a complaint", open_complaint_form,
             target=lambda ctx: _dispute(ctx).link("Make a complaint")),
        Step("choose-category", "choose the complaint's category", choose_appeal_category,
             target=lambda ctx: _form(ctx).choice("Choose the category",
                                                  DISPUTE_APPEAL_CATEGORIES[ctx.spec.category])),
        Step("fill-details", "describe the situation", describe_situation,
             target=lambda ctx: _form(ctx).text("Describe the situation")),
    ]
    if spec.evidence:
        steps.append(Step("attach-evidence", "upload the evidence and check each file landed", attach_evidence,
                          target=lambda ctx: ctx.page.get_by_role("button", name="Upload photo or video")))
    return steps


def appeal_submit_steps() -> list[Step]:
    return [
        Step("submit-complaint", "click Send (files the complaint)", send_complaint, repeatable=False,
             target=lambda ctx: _form(ctx).button("Send")),
        Step("read-receipt", "read the complaint number", read_appeal_receipt),
        Step("check-dispute-status", "check that the dispute's status changed", check_dispute_status),
    ]


def review_fill_steps(spec) -> list[Step]:
    return [
        Step("open-dispute", "open the order's dispute", open_dispute),
        Step("open-review-form", "open the review of the dispute resolution service", open_review_form,
             target=lambda ctx: _dispute(ctx).link("Review the dispute resolution service")),
        Step("choose-rating", "choose the rating", choose_rating,
             target=lambda ctx: _form(ctx).choice("Rating", str(ctx.spec.rating))),
        Step("fill-details", "write the review", write_review, target=lambda ctx: _form(ctx).text("Your review")),
    ]


def review_submit_steps() -> list[Step]:
    return [
        Step("submit-review", "click Send review (files the review)", send_review, repeatable=False,
             target=lambda ctx: _form(ctx).button("Send review")),
        Step("read-receipt", "read the review's number", read_review_receipt),
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
    expected = {"Category": DISPUTE_APPEAL_CATEGORIES[spec.category], "Description": spec.details,
                "Evidence": f"{files} file{'' if files == 1 else 's'}"}
    return judge(expected, [Candidate(number, read_definitions(ctx.page, "Your complaint about this dispute"))])


def find_filed_review(ctx: FlowContext, known_numbers: set[str], listing: ListingCache | None = None) -> Lookup:
    """The dispute page shows the review left on it: this one when its rating and text agree."""
    dispute = _dispute(ctx)
    if not _opened(dispute, ctx.spec.order_number):
        return NOT_ON_SITE
    number = ctx.page.locator("#review-number")
    text = number.inner_text().strip() if number.count() else ""
    if not re.fullmatch(r"\d+", text) or text in known_numbers:
        return NOT_ON_SITE
    expected = {"Rating": f"{ctx.spec.rating} of 5", "Description": ctx.spec.details}
    shown = read_definitions(ctx.page, "Your review of the dispute resolution service")
    return judge(expected, [Candidate(text, shown)])


COUPON_LINE = re.compile(r"US \$(?P<amount>[\d,]+\.\d\d) coupon, valid until (?P<valid_until>\d{4}-\d{2}-\d{2})")
COUPON_PLANS = {"single": "One coupon for the whole amount", "split": "Several small coupons"}


class ResultsPage:
    """See results: the decision on the complaint, and for an accepted one the coupons."""

    def __init__(self, page: Page, timeout_s: float):
        self.page, self.timeout_s = page, timeout_s

    def outcome(self) -> str | None:
        if self.page.get_by_text("Your complaint was accepted.").count():
            return "accepted"
        if self.page.get_by_text("Your complaint was rejected.").count():
            return "rejected"
        return None

    def coupons(self) -> list[dict[str, str]]:
        lines = self.page.get_by_role("list", name="Your coupons").get_by_role("listitem").all_inner_texts()
        return [match.groupdict() for line in lines if (match := COUPON_LINE.search(line))]

    def claim(self, plan: str) -> None:
        self.page.get_by_role("radiogroup", name="How would you like to receive your coupons?") \
            .get_by_role("radio", name=COUPON_PLANS[plan], exact=True).check()
        self.page.get_by_role("button", name="Get coupons", exact=True).click()
        expect(self.page.get_by_role("list", name="Your coupons")).to_be_visible(timeout=self.timeout_s * 1000)
