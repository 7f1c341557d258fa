"""Returns & refunds on today's site: a return is asked per item line, from the order page, in a new tab
(two pages and a Confirm modal); a solution AliExpress proposes on it is contested through View possible
solutions, I don't agree with above solution(s) and Upload more photos/videos.

An item line is known on the site by the line id the request's tab carries in its address
(`tradeOrderLineId`); the Returns & refunds list links each return with it, which is how a return of
this item is found again."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from playwright.sync_api import Locator, Page, expect

from autoreport.errors import AutoreportError, SiteUnavailable
from autoreport.flow.hooks import PROGRESS_NOTE
from autoreport.flow.step import FlowContext
from autoreport.sites.elements import EDITION, PageElements, elements_of
from autoreport.sites.lookup import NOT_ON_SITE, Candidate, ListingCache, Lookup, judge
from autoreport.sites.pages import (
    CustomDropdown,
    EvidenceUploader,
    PageNotFound,
    SiteRefused,
    dismiss_obstacles_when_they_appear,
    open_page,
    post_form,
    read_definitions,
    recognise_edition,
    wait_for_page,
)

UPLOAD_TIMEOUT_MS = 60_000
# How long one look for the prompt before a return request lasts, while the request's tab is awaited.
PROMPT_LOOK_MS = 250
# The query parameter that names the item line, in the request tab's address and the list's links.
LINE_ID_PARAMETER = "tradeOrderLineId"
# Where a flow keeps the item line's id, read from the request tab's address.
ITEM_LINE = "item_line"


class ItemNotOnOrder(SiteRefused):
    """The order page has no item at the spec's position, or not the one the spec describes."""


class ReturnsNotOffered(SiteRefused):
    """The site, in the edition it shows, has no returns and refunds per item."""


class ReturnRefused(SiteRefused):
    """The site refuses a return of the item as soon as its request opens (one is open already, say)."""


class ReturnNotReady(AutoreportError):
    """The item has no return, or its return does not wait for the buyer's response."""


@dataclass(frozen=True)
class ListedReturn:
    """A row of Returns & refunds: the return's number, its item line, status and own page."""

    number: str
    order_number: str
    item: str
    status: str
    date: str
    page_url: str | None
    line_id: str | None


def line_id_in(url: str) -> str | None:
    return parse_qs(urlsplit(url).query).get(LINE_ID_PARAMETER, [None])[0]


def _where(ctx: FlowContext) -> str:
    return f"item {ctx.spec.item} of order {ctx.spec.order_number}"


# --- the order page and the item line -----------------------------------------------------------------
def open_order_page(ctx: FlowContext) -> None:
    """The order's page, in the edition it shows: today's lists the items, each with its Returns/refunds;
    the article's has one dispute for the whole order, and a refund flow cannot go on there."""
    elements = elements_of(ctx)
    open_page(elements, ctx.profile, ctx.profile.page_url("order", order_number=ctx.spec.order_number),
              "order-heading", ctx.wait_timeout_s)
    ctx.profile = recognise_edition(elements, ctx.profile, "order-items", ctx.wait_timeout_s)
    if not ctx.profile.knowledge.has("order-items"):
        raise ReturnsNotOffered(f"order {ctx.spec.order_number}'s page lists no items with Returns/refunds, as the "
                                f"{ctx.profile.knowledge.edition} edition of the site has them: this site takes "
                                "disputes for the whole order, which the tool does not open (open one by hand, "
                                "and complain with a dispute-appeal spec once it is closed)")


def open_order(ctx: FlowContext) -> None:
    open_order_page(ctx)
    ctx.notes[EDITION] = ctx.profile.knowledge.edition
    ctx.notes[PROGRESS_NOTE] = f"site edition: {ctx.profile.knowledge.edition}"


def order_item(elements: PageElements, ctx: FlowContext) -> Locator:
    """The spec's item on the order page; ItemNotOnOrder when there is none there, or when it lacks the
    spec's `product` words (a wrong position is caught before anything is typed)."""
    items = elements.find("order-item")
    count, spec = items.count(), ctx.spec
    if spec.item > count:
        raise ItemNotOnOrder(f"order {spec.order_number} shows {count} item{'' if count == 1 else 's'}, so it has "
                             f"no item {spec.item}: check `item` (1 is the first item on the order page)")
    item = items.nth(spec.item - 1)
    shown = " ".join(item.inner_text().split())
    if spec.product and " ".join(spec.product.split()).casefold() not in shown.casefold():
        raise ItemNotOnOrder(f"{_where(ctx)} is not {spec.product!r}: the order page shows {shown!r}; check `item` "
                             "and `product` (nothing was typed)")
    return item


def check_item(ctx: FlowContext) -> None:
    order_item(elements_of(ctx), ctx)


def open_item_tab(ctx: FlowContext) -> Page:
    """Click the item's Returns/refunds and answer No to the prompt the site may show first: the request's
    tab, once the site opened it."""
    elements = elements_of(ctx)
    context, no = ctx.page.context, elements.find("refund-prompt-no")
    opened: list[Page] = []

    def note_tab(tab: Page) -> None:  # a function: Playwright marks the handlers it is given
        opened.append(tab)

    context.on("page", note_tab)
    try:
        elements.need("returns-refunds-button", within=order_item(elements, ctx)).click()
        deadline = time.monotonic() + ctx.wait_timeout_s
        while not opened:
            if time.monotonic() > deadline:
                raise SiteUnavailable(f"Returns/refunds of {_where(ctx)} opened no tab within "
                                      f"{ctx.wait_timeout_s:.0f} s")
            try:
                expect(no).to_be_visible(timeout=PROMPT_LOOK_MS)
            except AssertionError:
                continue  # no prompt (yet): the tab may be on its way
            no.click()
    finally:
        context.remove_listener("page", note_tab)
    tab = opened[0]
    dismiss_obstacles_when_they_appear(tab, ctx.profile)
    return tab


def open_request(ctx: FlowContext) -> None:
    """The request's tab becomes the flow's page; an item the site refuses (a return already open) stops here."""
    tab = open_item_tab(ctx)
    # The request is script: an answer given before the page's scripts ran would leave the reasons of the
    # other answer offered (on a busy machine the form shows before its scripts run).
    tab.wait_for_load_state("load", timeout=ctx.wait_timeout_s * 1000)
    ctx.page = tab
    ctx.notes[ITEM_LINE] = line_id_in(tab.url)
    elements = elements_of(ctx)
    elements.need("refund-request-heading", timeout_s=ctx.wait_timeout_s)
    button, refusal = elements.find("next-step"), elements.find("refund-error")
    wait_for_page(tab, button.or_(refusal).first, ctx.element_timeout_s)
    if not button.is_visible():
        raise ReturnRefused(f"the site refused a return of {_where(ctx)}: {refusal.first.inner_text().strip()}")


def learn_item_line(ctx: FlowContext) -> str | None:
    """The item line's id, from the address of the tab its Returns/refunds opens (closed again: nothing is
    typed); None when the site has no such order or item."""
    try:
        open_order_page(ctx)
        tab = open_item_tab(ctx)
    except (PageNotFound, ItemNotOnOrder):
        return None
    try:
        return line_id_in(tab.url)
    finally:
        tab.close()


# --- the request ------------------------------------------------------------------------------------
def answer_received(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    answer = elements.label("answers.yes" if ctx.spec.received else "answers.no")
    elements.need("received-answer", choice=answer).check()


def choose_refund_reason(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    dropdown = CustomDropdown(elements, "refund-reason", "refund-reason-option", ctx.wait_timeout_s)
    dropdown.choose(elements.label(f"refund-reasons.{ctx.spec.reason}"))


def choose_refund(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    elements.need("refund-plan", choice=elements.label(f"refund-plans.{ctx.spec.refund}")).check()
    if ctx.spec.refund == "partial":
        elements.need("refund-amount").fill(f"{ctx.spec.amount:.2f}")


def describe_problem(ctx: FlowContext) -> None:
    elements_of(ctx).need("refund-details").fill(ctx.spec.details)


def attach_evidence(ctx: FlowContext) -> None:
    EvidenceUploader(elements_of(ctx), ctx.wait_timeout_s).attach(ctx.evidence, UPLOAD_TIMEOUT_MS)


def go_to_review(ctx: FlowContext) -> None:
    """Next step: the page that reviews the request, with its Submit; or the site's refusal of what was typed."""
    elements = elements_of(ctx)
    elements.need("next-step").click()
    submit, refusal = elements.find("refund-submit"), elements.find("refund-error")
    wait_for_page(ctx.page, submit.or_(refusal).first, ctx.wait_timeout_s)
    if not submit.is_visible():
        raise SiteRefused(f"the site refused the request: {refusal.first.inner_text().strip()}")
    elements.need("refund-review-heading")


def submit_request(ctx: FlowContext) -> None:
    """Submit, then Confirm in its modal: the modal's Confirm sends the request."""
    elements = elements_of(ctx)
    elements.need("refund-submit").click()
    post_form(ctx.page, elements.need("refund-confirm"), by_script=True)
    _expect_return_page(ctx, elements.find("return-number"), elements.find("refund-error"))


def _expect_return_page(ctx: FlowContext, done: Locator, refusal: Locator) -> None:
    wait_for_page(ctx.page, done.or_(refusal).first, ctx.wait_timeout_s)
    if not done.is_visible():
        raise SiteRefused(f"the site refused: {refusal.first.inner_text().strip()}")


def read_return_receipt(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    ctx.complaint_number = _text(elements, "return-number")
    ctx.notes["return_status"] = _text(elements, "return-status")


def _text(elements: PageElements, element_id: str) -> str:
    text = elements.need(element_id).inner_text().strip()
    if not text:
        raise AutoreportError(f"the return's page shows no {elements.knowledge.element(element_id).what}")
    return text


# --- the disagreement ---------------------------------------------------------------------------------
def read_returns(ctx: FlowContext) -> list[ListedReturn]:
    """Every row of Returns & refunds, with the item line its link names."""
    elements = elements_of(ctx)
    open_page(elements, ctx.profile, ctx.profile.page_url("returns"), "returns-heading", ctx.wait_timeout_s)
    table = elements.find("returns-table")
    if not table.count():  # no return yet
        return []
    named = {elements.label(f"returns-columns.{column}"): column
             for column in ("number", "order", "item", "status", "date")}
    headers = [named.get(text.strip(), text.strip()) for text in table.locator("thead th").all_inner_texts()]
    listed = []
    for row in table.locator("tbody tr").all():
        cells = dict(zip(headers, (text.strip() for text in row.locator("td, th").all_inner_texts()), strict=False))
        link = row.get_by_role("link")
        href = link.first.get_attribute("href") if link.count() else None
        url = urljoin(ctx.page.url, href) if href else None
        listed.append(ListedReturn(cells.get("number", ""), cells.get("order", ""), cells.get("item", ""),
                                   cells.get("status", ""), cells.get("date", ""), url, line_id_in(url or "")))
    return listed


def open_return(ctx: FlowContext) -> None:
    """The item's latest return, found in Returns & refunds by its item line."""
    line = learn_item_line(ctx)
    ctx.notes[ITEM_LINE] = line
    ours = [listed for listed in read_returns(ctx) if line and listed.line_id == line and listed.page_url]
    if not ours:
        raise ReturnNotReady(f"{_where(ctx)} has no return on the site: ask for one first with a refund-request "
                             "spec; a disagreement answers the solution proposed on it")
    open_page(elements_of(ctx), ctx.profile, ours[0].page_url, "return-heading", ctx.wait_timeout_s)


def check_waiting_for_response(ctx: FlowContext) -> None:
    """A solution can be disagreed with only while the return waits for the buyer's response."""
    elements = elements_of(ctx)
    status, waiting = _text(elements, "return-status"), elements.label("return-statuses.waiting-response")
    if status != waiting:
        raise ReturnNotReady(f"the return {_text(elements, 'return-number')} of {_where(ctx)} is {status!r}: the "
                             f"site takes a disagreement only while a return is {waiting!r} (see `autoreport "
                             "status`); nothing was sent")


def open_disagreement(ctx: FlowContext) -> None:
    """View possible solutions, I don't agree with above solution(s), then Upload more photos/videos."""
    elements = elements_of(ctx)
    elements.need("view-solutions").click()
    elements.need("disagree").check()
    elements.need("upload-more").click()
    elements.need("upload-more-dialog", timeout_s=ctx.wait_timeout_s)


def describe_disagreement(ctx: FlowContext) -> None:
    elements_of(ctx).need("response-details").fill(ctx.spec.details)


def send_disagreement(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    post_form(ctx.page, elements.need("response-send"), by_script=True)
    _expect_return_page(ctx, elements.find("response-number"), elements.find("response-error"))


def read_response_receipt(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    ctx.complaint_number = _text(elements, "response-number")
    ctx.notes["return_status"] = _text(elements, "return-status")


# --- finding a filed one again --------------------------------------------------------------------------
def _returns_of_line(ctx: FlowContext, listing: ListingCache | None) -> list[ListedReturn] | None:
    """The returns of the spec's item line, newest first; None when the site has no such order or item, or
    no returns per item at all."""
    try:
        line = learn_item_line(ctx)
    except ReturnsNotOffered:
        return None
    if line is None:
        return None
    listed = listing.read("returns", lambda: read_returns(ctx)) if listing is not None else read_returns(ctx)
    return [row for row in listed if row.line_id == line and row.page_url]


def _shown_on(ctx: FlowContext, url: str, definitions: str) -> dict[str, str] | None:
    elements = elements_of(ctx)
    open_page(elements, ctx.profile, url, "return-heading", ctx.wait_timeout_s)
    return read_definitions(elements, definitions)


def refund_words(ctx: FlowContext) -> str:
    """The refund as a return's page shows it: `Full refund`, or `Partial refund: US $12.50`."""
    label = elements_of(ctx).label(f"refund-plans.{ctx.spec.refund}")
    return f"{label}: US ${ctx.spec.amount:.2f}" if ctx.spec.refund == "partial" else label


def _files(count: int) -> str:
    return f"{count} file{'' if count == 1 else 's'}"


def find_filed_request(ctx: FlowContext, known_numbers: set[str], listing: ListingCache | None = None) -> Lookup:
    """A return of this item line, in Returns & refunds, that the ledger does not know: this one when its
    page shows this spec's reason, refund, text and number of files."""
    returns = _returns_of_line(ctx, listing)
    if not returns:
        return NOT_ON_SITE
    spec = ctx.spec
    expected = {"Order number": spec.order_number, "Reason": elements_of(ctx).label(f"refund-reasons.{spec.reason}"),
                "Refund": refund_words(ctx), "Description": spec.details, "Evidence": _files(len(spec.evidence))}
    candidates = [Candidate(row.number, _shown_on(ctx, row.page_url, "return-request"))
                  for row in returns if row.number not in known_numbers]
    return judge(expected, candidates)


def find_filed_disagreement(ctx: FlowContext, known_numbers: set[str],
                            listing: ListingCache | None = None) -> Lookup:
    """The disagreement shown on a return of this item line, when its text and number of files are this spec's."""
    returns = _returns_of_line(ctx, listing)
    if not returns:
        return NOT_ON_SITE
    expected = {"Description": ctx.spec.details, "Evidence": _files(len(ctx.spec.evidence))}
    candidates = []
    for row in returns:
        shown = _shown_on(ctx, row.page_url, "return-response")
        number = (shown or {}).get("Response number")
        if shown is not None and number and number not in known_numbers:
            candidates.append(Candidate(number, shown))
    return judge(expected, candidates)
