"""The seller-report flow, as the live site's Submit a Report page takes a report: report centre, cause,
reason, the form, submit, receipt."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from autoreport.flow.hooks import PROGRESS_NOTE
from autoreport.flow.step import FlowContext, Step
from autoreport.sites.elements import EDITION, elements_of
from autoreport.sites.lookup import NOT_ON_SITE, Candidate, ListingCache, Lookup, judge
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
    recognise_edition,
    wait_for_page,
)
from autoreport.spec.catalog import DETAILS_MAX_LENGTH, SELLER_REPORT_CATEGORIES, TRADE_RULES_QUESTIONS

if TYPE_CHECKING:
    from playwright.sync_api import Locator

UPLOAD_TIMEOUT_MS = 60_000


class CategoryNotOffered(SiteRefused):
    """The report centre, in the edition the site shows, has no such category."""


class DetailsTooLong(SiteRefused):
    """The description the site would be sent is longer than its form takes."""


def _form(ctx: FlowContext) -> ReportCentrePage:
    return ReportCentrePage(elements_of(ctx), ctx.profile, ctx.wait_timeout_s)


def _category_key(ctx: FlowContext) -> str:
    return f"categories.{ctx.spec.category}"


def _label(ctx: FlowContext, key: str) -> str:
    return elements_of(ctx).label(key)


def open_report_centre(ctx: FlowContext) -> None:
    """Open the report centre, and know its edition by what it shows (cards, or a list of causes)."""
    _form(ctx).open()
    ctx.profile = recognise_edition(elements_of(ctx), ctx.profile, "report-centre-marker", ctx.wait_timeout_s)
    ctx.notes[EDITION] = ctx.profile.knowledge.edition
    ctx.notes[PROGRESS_NOTE] = f"site edition: {ctx.profile.knowledge.edition}"


def choose_category(ctx: FlowContext) -> None:
    """The spec's category, if this edition of the report centre still offers it; else at once, before
    anything is typed, what it offers instead."""
    knowledge, key = ctx.profile.knowledge, _category_key(ctx)
    if key not in knowledge.labels:
        raise CategoryNotOffered(not_offered(ctx))
    _form(ctx).choose_category(_label(ctx, key))


def not_offered(ctx: FlowContext) -> str:
    elements, category = elements_of(ctx), ctx.spec.category
    offered = [title.strip() for title in elements.find("category-title").all_inner_texts()] \
        if elements.knowledge.has("category-title") else []
    message = (f"the report centre offers no {SELLER_REPORT_CATEGORIES[category].label} category"
               + (f" (it offers: {', '.join(offered)})" if offered else ""))
    instead = elements.knowledge.labels.get(f"instead.{category}")
    return f"{message}; {instead}" if instead else message


def choose_reason(ctx: FlowContext) -> None:
    _form(ctx).choose_reason(_label(ctx, f"reasons.{ctx.spec.category}.{ctx.spec.reason}"))


def written_details(ctx: FlowContext) -> str:
    """What the description says: the spec's text, led by its reason's wording where the edition's form
    has no place for the reason (a buyer's IPR report on today's site)."""
    spec = ctx.spec
    if spec.category not in ctx.profile.knowledge.reason_in_description:
        return spec.details
    text = f"{SELLER_REPORT_CATEGORIES[spec.category].reasons[spec.reason]}: {spec.details}"
    if len(text) > DETAILS_MAX_LENGTH:
        raise DetailsTooLong(f"the description, led by its reason as this site's form has no place for it, is "
                             f"{len(text)} characters; the site takes {DETAILS_MAX_LENGTH}: shorten details by "
                             f"{len(text) - DETAILS_MAX_LENGTH}")
    return text


def fill_order(ctx: FlowContext) -> None:
    elements_of(ctx).need("order-number").fill(ctx.spec.order_number)


def fill_product(ctx: FlowContext) -> None:
    elements_of(ctx).need("product-link").fill(str(ctx.spec.product_url))


def fill_brand(ctx: FlowContext) -> None:
    elements_of(ctx).need("brand-name").fill(ctx.spec.brand)


def answer_questions(ctx: FlowContext) -> None:
    form = _form(ctx)
    for field_name in TRADE_RULES_QUESTIONS:
        answer = "answers.yes" if getattr(ctx.spec.answers, field_name) else "answers.no"
        form.answer(_label(ctx, f"questions.{field_name}"), _label(ctx, answer))


def choose_contact_channel(ctx: FlowContext) -> None:
    _form(ctx).contact_channel_dropdown().choose(_label(ctx, f"channels.{ctx.spec.seller_contact_channel}"))


def fill_details(ctx: FlowContext) -> None:
    elements_of(ctx).need("details").fill(written_details(ctx))


def attach_evidence(ctx: FlowContext) -> None:
    _form(ctx).evidence().attach(ctx.evidence, UPLOAD_TIMEOUT_MS)


def request_tracking_number(ctx: FlowContext) -> None:
    elements_of(ctx).need("tracking-number-request").set_checked(ctx.spec.request_tracking_number)


def set_contact(ctx: FlowContext) -> None:
    elements, contact = elements_of(ctx), ctx.spec.contact
    if contact.email:
        elements.need("contact-email").fill(contact.email)
    if contact.phone:
        elements.need("contact-phone").fill(contact.phone)


def submit_complaint(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    # choose-reason saw the button: the form is there.
    post_form(ctx.page, elements.find("submit"), by_script=ctx.profile.knowledge.forms_sent_by_script)
    confirmation = elements.find("report-submitted-heading")
    refusal = elements.find("report-form-error")
    wait_for_page(ctx.page, confirmation.or_(refusal), ctx.wait_timeout_s)
    if not confirmation.is_visible():
        raise SiteRefused(f"the site refused the complaint: {refusal.first.inner_text().strip()}")


def read_receipt(ctx: FlowContext) -> None:
    ctx.complaint_number = read_complaint_number(elements_of(ctx), "report-submitted-heading", ctx.wait_timeout_s)


def target(element_id: str, choice: Callable[[FlowContext], str] | None = None) -> Callable[[FlowContext], Locator]:
    """What a step acts on, for a visible run to frame before it acts."""
    return lambda ctx: elements_of(ctx).find(element_id, choice=choice(ctx) if choice else None)


def fill_steps(spec) -> list[Step]:
    """The steps that fill the form; the caller appends the submit steps (or the dry-run stop)."""
    trade_rules = spec.category == "trade-rules"
    steps = [
        Step("open-report-centre", "open the report centre and know its edition", open_report_centre,
             elements=("report-centre-heading", "report-centre-marker"),
             target=lambda ctx: ctx.page.locator("body")),
        Step("choose-category", "choose the cause of the complaint", choose_category,
             elements=("category-choices", "category-card", "category", "category-title"),
             target=target("category", lambda ctx: _label(ctx, _category_key(ctx)))),
        Step("choose-reason", "choose the reason", choose_reason,
             elements=("reason", "reason-choices", "reason-option", "submit"),
             target=target("reason")),
    ]
    if trade_rules:
        first_question = f"questions.{next(iter(TRADE_RULES_QUESTIONS))}"
        steps += [
            Step("fill-order", "enter the order number", fill_order, elements=("order-number",),
                 target=target("order-number")),
            Step("answer-questions", "answer the yes/no questions about the order", answer_questions,
                 elements=("question", "question-answer"),
                 target=target("question", lambda ctx: _label(ctx, first_question))),
            Step("choose-contact-channel", "say how the seller contacted you", choose_contact_channel,
                 elements=("contact-channel", "contact-channel-option"), target=target("contact-channel")),
        ]
    else:
        steps.append(Step("fill-product", "enter the product link", fill_product, elements=("product-link",),
                          target=target("product-link")))
        if spec.category == "ipr-protection":
            steps.append(Step("fill-brand", "enter the brand name", fill_brand, elements=("brand-name",),
                              target=target("brand-name")))
    steps.append(Step("fill-details", "write what happened", fill_details, elements=("details",),
                      target=target("details")))
    if spec.evidence:
        steps.append(Step("attach-evidence", "upload the evidence and check each file landed", attach_evidence,
                          elements=("evidence-upload-button", "evidence-input", "uploaded-evidence", "remove-upload"),
                          target=target("evidence-upload-button")))
    if trade_rules:
        steps.append(Step("request-tracking-number", "set the tracking-number request", request_tracking_number,
                          skippable=not spec.request_tracking_number, elements=("tracking-number-request",),
                          target=target("tracking-number-request")))
    if spec.contact and (spec.contact.email or spec.contact.phone):
        steps.append(Step("set-contact", "replace the contact information", set_contact, skippable=True,
                          elements=("contact-information", "contact-email", "contact-phone"),
                          target=target("contact-email")))
    return steps


def submit_steps() -> list[Step]:
    return [
        Step("submit-complaint", "click Add a complaint (files the complaint)", submit_complaint,
             repeatable=False, elements=("submit", "report-submitted-heading", "report-form", "report-form-error"),
             target=target("submit")),
        Step("read-receipt", "read the complaint number", read_receipt, elements=("complaint-number",),
             target=target("complaint-number")),
    ]


def find_filed(ctx: FlowContext, known_numbers: set[str], listing: ListingCache | None = None) -> Lookup:
    """This complaint on the site, if it took it. My Reports lists reports by category and order or
    product only; each such report the ledger does not know is opened, and taken as this one only when
    its reason, text and number of evidence files agree with the spec. A listing read earlier in the
    batch (`listing`) saves reading My Reports again for complaints not filed yet."""
    my_reports = MyReportsPage(elements_of(ctx), ctx.profile, ctx.wait_timeout_s)

    def read_listing():
        return my_reports.open(), my_reports.listed()

    ctx.profile, listed = read_listing() if listing is None else listing.read("my-reports", read_listing)
    spec = ctx.spec
    place = spec.order_number if spec.category == "trade-rules" else str(spec.product_url)
    if _category_key(ctx) not in ctx.profile.knowledge.labels:
        return NOT_ON_SITE  # a category the site does not offer cannot have been filed there
    category = _label(ctx, _category_key(ctx))
    same_place = [report for report in reversed(listed)
                  if report.row.get("category") == category and report.row.get("target") == place
                  and report.number not in known_numbers]
    expected = {"Reason": _label(ctx, f"reasons.{spec.category}.{spec.reason}"), "Description": written_details(ctx),
                "Evidence": str(len(spec.evidence))}
    return judge(expected, [Candidate(report.number, _shown_on_its_page(ctx, report)) for report in same_place])


def _shown_on_its_page(ctx: FlowContext, report: ListedReport) -> dict[str, str] | None:
    if report.page_url is None:
        return None
    elements = elements_of(ctx)
    try:
        open_page(elements, ctx.profile, report.page_url, "report-details-heading", ctx.wait_timeout_s)
    except PageNotFound:
        return None
    shown = read_definitions(elements, "report-details")
    if shown is None:
        return None
    evidence = elements.find("report-evidence")
    return {**shown, "Evidence": str(evidence.get_by_role("listitem").count() if evidence.count() else 0)}
