"""The seller-report flow, as the live site's Submit a Report page takes a report: report centre, cause,
reason, the form, submit, receipt."""

from __future__ import annotations

from autoreport.flow.step import FlowContext, Step
from autoreport.sites.lookup import Candidate, ListingCache, Lookup, judge
from autoreport.sites.pages import (
    ListedReport,
    MyReportsPage,
    PageNotFound,
    ReportCentrePage,
    SiteRefused,
    open_page,
    post_form,
    read_complaint_number,
    read_definitions,
    wait_for_page,
)
from autoreport.spec.catalog import CONTACT_CHANNELS, SELLER_REPORT_CATEGORIES, TRADE_RULES_QUESTIONS

UPLOAD_TIMEOUT_MS = 60_000


def _form(ctx: FlowContext) -> ReportCentrePage:
    return ReportCentrePage(ctx.page, ctx.profile, ctx.wait_timeout_s)


def _category(ctx: FlowContext):
    return SELLER_REPORT_CATEGORIES[ctx.spec.category]


def open_report_centre(ctx: FlowContext) -> None:
    _form(ctx).open()


def choose_category(ctx: FlowContext) -> None:
    _form(ctx).choose_category(_category(ctx).label)


def choose_reason(ctx: FlowContext) -> None:
    _form(ctx).choose_reason(_category(ctx).reasons[ctx.spec.reason])


def fill_order(ctx: FlowContext) -> None:
    _form(ctx).order_number().fill(ctx.spec.order_number)


def fill_product(ctx: FlowContext) -> None:
    _form(ctx).product_link().fill(str(ctx.spec.product_url))


def fill_brand(ctx: FlowContext) -> None:
    _form(ctx).brand_name().fill(ctx.spec.brand)


def answer_questions(ctx: FlowContext) -> None:
    form = _form(ctx)
    answers = ctx.spec.answers
    for field_name, question in TRADE_RULES_QUESTIONS.items():
        form.yes_no(question, getattr(answers, field_name)).check()


def choose_contact_channel(ctx: FlowContext) -> None:
    _form(ctx).contact_channel_dropdown().choose(CONTACT_CHANNELS[ctx.spec.seller_contact_channel])


def fill_details(ctx: FlowContext) -> None:
    _form(ctx).details().fill(ctx.spec.details)


def attach_evidence(ctx: FlowContext) -> None:
    _form(ctx).evidence().attach(ctx.evidence, UPLOAD_TIMEOUT_MS)


def request_tracking_number(ctx: FlowContext) -> None:
    _form(ctx).tracking_number_request().set_checked(ctx.spec.request_tracking_number)


def set_contact(ctx: FlowContext) -> None:
    form, contact = _form(ctx), ctx.spec.contact
    if contact.email:
        form.contact_email().fill(contact.email)
    if contact.phone:
        form.contact_phone().fill(contact.phone)


def submit_complaint(ctx: FlowContext) -> None:
    form = _form(ctx)
    post_form(ctx.page, form.submit_button())
    confirmation = ctx.page.get_by_role("heading", name="Report submitted")
    refusal = form.form_error()
    wait_for_page(ctx.page, confirmation.or_(refusal), ctx.wait_timeout_s)
    if not confirmation.is_visible():
        raise SiteRefused(f"the site refused the complaint: {refusal.first.inner_text().strip()}")


def read_receipt(ctx: FlowContext) -> None:
    ctx.complaint_number = read_complaint_number(ctx.page, "Report submitted", ctx.wait_timeout_s)


def fill_steps(spec) -> list[Step]:
    """The steps that fill the form; the caller appends the submit steps (or the dry-run stop)."""
    trade_rules = spec.category == "trade-rules"
    steps = [
        Step("open-report-centre", "open the report centre", open_report_centre,
             target=lambda ctx: ctx.page.locator("body")),
        Step("choose-category", "choose the cause of the complaint", choose_category,
             target=lambda ctx: _form(ctx).category_option(_category(ctx).label)),
        Step("choose-reason", "choose the reason", choose_reason,
             target=lambda ctx: _form(ctx).reason_dropdown().button),
    ]
    if trade_rules:
        steps += [
            Step("fill-order", "enter the order number", fill_order, target=lambda ctx: _form(ctx).order_number()),
            Step("answer-questions", "answer the yes/no questions about the order", answer_questions,
                 target=lambda ctx: _form(ctx).question(TRADE_RULES_QUESTIONS["order_closed"])),
            Step("choose-contact-channel", "say how the seller contacted you", choose_contact_channel,
                 target=lambda ctx: _form(ctx).contact_channel_dropdown().button),
        ]
    else:
        steps.append(Step("fill-product", "enter the product link", fill_product,
                          target=lambda ctx: _form(ctx).product_link()))
        if spec.category == "ipr-protection":
            steps.append(Step("fill-brand", "enter the brand name", fill_brand,
                              target=lambda ctx: _form(ctx).brand_name()))
    steps.append(Step("fill-details", "write what happened", fill_details, target=lambda ctx: _form(ctx).details()))
    if spec.evidence:
        steps.append(Step("attach-evidence", "upload the evidence and check each file landed", attach_evidence,
                          target=lambda ctx: ctx.page.get_by_role("button", name="Upload photo or video")))
    if trade_rules:
        steps.append(Step("request-tracking-number", "set the tracking-number request", request_tracking_number,
                          skippable=not spec.request_tracking_number,
                          target=lambda ctx: _form(ctx).tracking_number_request()))
    if spec.contact and (spec.contact.email or spec.contact.phone):
        steps.append(Step("set-contact", "replace the contact information", set_contact, skippable=True,
                          target=lambda ctx: _form(ctx).contact_email()))
    return steps


def submit_steps() -> list[Step]:
    return [
        Step("submit-complaint", "click Add a complaint (files the complaint)", submit_complaint,
             repeatable=False, target=lambda ctx: _form(ctx).submit_button()),
        Step("read-receipt", "read the complaint number", read_receipt,
             target=lambda ctx: ctx.page.locator("#complaint-number")),
    ]


def find_filed(ctx: FlowContext, known_numbers: set[str], listing: ListingCache | None = None) -> Lookup:
    """This complaint on the site, if it took it. My Reports lists reports by category and order or
    product only; each such report the ledger does not know is opened, and taken as this one only when
    its reason, text and number of evidence files agree with the spec. A listing read earlier in the
    batch (`listing`) saves reading My Reports again for complaints not filed yet."""
    my_reports = MyReportsPage(ctx.page, ctx.profile, ctx.wait_timeout_s)
    if listing is None:
        my_reports.open()
        listed = my_reports.listed()
    else:
        listed = listing.read("my-reports", lambda: (my_reports.open(), my_reports.listed())[1])
    spec, category = ctx.spec, _category(ctx)
    target = spec.order_number if spec.category == "trade-rules" else str(spec.product_url)
    same_place = [report for report in reversed(listed)
                  if report.row.get("Category") == category.label and report.row.get("Order or product") == target
                  and report.number not in known_numbers]
    expected = {"Reason": category.reasons[spec.reason], "Description": spec.details,
                "Evidence": str(len(spec.evidence))}
    return judge(expected, [Candidate(report.number, _shown_on_its_page(ctx, report)) for report in same_place])


def _shown_on_its_page(ctx: FlowContext, report: ListedReport) -> dict[str, str] | None:
    if report.page_url is None:
        return None
    try:
        open_page(ctx.page, ctx.profile, report.page_url, ctx.page.get_by_role("heading", name="Report details"),
                  ctx.wait_timeout_s)
    except PageNotFound:
        return None
    shown = read_definitions(ctx.page, "Report details")
    if shown is None:
        return None
    evidence = ctx.page.get_by_role("list", name="Evidence")
    return {**shown, "Evidence": str(evidence.get_by_role("listitem").count() if evidence.count() else 0)}
