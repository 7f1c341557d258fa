"""Following complaints after they were filed: `status` reads the site and works out the next
dates; `coupons` claims an accepted appeal's compensation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from autoreport.browser.driver import start_playwright
from autoreport.browser.providers import BrowserProvider
from autoreport.browser.session import BrowserSession
from autoreport.deadlines import NOT_LISTED, Standing, appeal_standing, report_standing
from autoreport.errors import AutoreportError
from autoreport.flow.step import FlowContext
from autoreport.options import BrowserOptions, SiteChoice
from autoreport.sites.dispute import DisputePage
from autoreport.sites.elements import SiteChanged, elements_of
from autoreport.sites.pages import MyReportsPage, PageNotFound, dismiss_obstacles_when_they_appear
from autoreport.sites.profile import SiteProfile
from autoreport.sites.returns import ListedReturn, read_returns
from autoreport.spec.catalog import DISPUTE_APPEAL_CATEGORIES, SELLER_REPORT_CATEGORIES
from autoreport.store.ledger import SUBMITTED, Ledger, LedgerEntry
from autoreport.store.state import StateDir

RETURN_KINDS = ("refund-request", "refund-disagreement")


@dataclass(frozen=True)
class StatusRow:
    complaint_number: str
    kind: str
    subject: str  # the report's category, or the appeal's category
    target: str  # order number or product link
    submitted: date
    site_status: str  # the site's own words
    standing: Standing
    coupons_claimed: bool = False

    @property
    def next_step(self) -> str | None:
        """What the person can do now, where there is something to do."""
        state = self.standing.state
        if state == "decided-accepted" and not self.coupons_claimed:
            return f"choose coupons with autoreport coupons {self.target} --single|--split"
        if state == "decided-rejected":
            return "you can still review the dispute resolution service: autoreport new dispute-review"
        if state == "waiting-for-you":
            return "run a refund-disagreement spec for this item (autoreport new refund-disagreement)"
        if state == "not-listed":
            return (f"if you withdrew it on the site, take it off the ledger with "
                    f"autoreport forget {self.complaint_number}")
        return None

    def as_json(self, today: date) -> dict[str, Any]:
        return {"complaint_number": self.complaint_number, "kind": self.kind, "subject": self.subject,
                "target": self.target, "submitted": self.submitted.isoformat(), "site_status": self.site_status,
                "state": self.standing.state,
                "next": self.standing.next.what if self.standing.next else None,
                "next_date": self.standing.next.due.isoformat() if self.standing.next else None,
                "overdue": self.standing.overdue(today), "expired": self.standing.expired(today),
                "next_step": self.next_step}


class SiteVisit:
    """One signed-in page on the site, for reading it (nothing is filed)."""

    def __init__(self, playwright, provider: BrowserProvider, profile: SiteProfile, session_file: Path | None):
        self.session = BrowserSession(playwright, provider, headless=True, slow_mo=None)
        self.context = self.session.open_context(profile.context_settings(session_file))
        self.page = self.context.new_page()
        dismiss_obstacles_when_they_appear(self.page, profile)
        self.ctx = FlowContext(page=self.page, profile=profile, spec=None, run_folder=Path("."))

    def close(self) -> None:
        self.session.close()


@contextmanager
def site_visit(site: SiteChoice, state: StateDir,
               browser: BrowserOptions) -> Iterator[tuple[SiteVisit, Ledger, SiteProfile]]:
    """A signed-in page on the site, the ledger and the site's profile, for `status` and `coupons`.
    A damaged saved session or ledger is refused before a browser starts."""
    session = site.session_file(state)
    ledger = state.open_ledger()
    with site.profile() as profile, start_playwright() as playwright:
        visit = SiteVisit(playwright, browser.provider(), profile, session)
        try:
            yield visit, ledger, profile
        finally:
            visit.close()


def _submitted_day(entry: LedgerEntry) -> date:
    return date.fromisoformat((entry.submitted_at or entry.started_at)[:10])


def _details(entry: LedgerEntry) -> dict[str, Any]:
    return json.loads(entry.details_json) if entry.details_json else {}


def read_status(visit: SiteVisit, ledger: Ledger, profile: SiteProfile) -> list[StatusRow]:
    entries = [e for e in ledger.entries(profile.ledger_site) if e.state == SUBMITTED]
    rows: list[StatusRow] = []
    # My Reports is read even with no report recorded: it also proves the session works.
    my_reports = MyReportsPage(elements_of(visit.ctx), profile, visit.ctx.wait_timeout_s)
    my_reports.open()
    on_site = {row.get("number"): row for row in my_reports.reports()}
    # Returns & refunds is read once, and only when the ledger has a return: it is today's site's.
    returns = {listed.number: listed for listed in read_returns(visit.ctx)} \
        if any(entry.key.kind in RETURN_KINDS for entry in entries) else {}
    for entry in entries:
        if entry.key.kind == "seller-report":
            row = on_site.get(entry.complaint_number)
            site_status = row["status"] if row else NOT_LISTED
            # The site's own date counts; the ledger's is when this machine saw the confirmation.
            submitted = date.fromisoformat(row["date"]) if row else _submitted_day(entry)
            ledger.update_site_status(entry.id, site_status)
            rows.append(StatusRow(entry.complaint_number, entry.key.kind,
                                  SELLER_REPORT_CATEGORIES[entry.key.category].label, entry.key.target,
                                  submitted, site_status, report_standing(site_status, submitted)))
        elif entry.key.kind == "dispute-appeal":
            rows.append(_appeal_row(visit, ledger, profile, entry))
        elif entry.key.kind in RETURN_KINDS:
            rows.append(_return_row(visit, ledger, entry, entries, returns))
        elif entry.key.kind == "dispute-review":
            rows.append(StatusRow(entry.complaint_number, entry.key.kind, "review of the dispute service",
                                  entry.key.target, _submitted_day(entry), "sent", Standing("closed")))
    return rows + _ipr_complaint_rows(visit, ledger, [e for e in entries if e.key.kind == "ipr-complaint"])


def _ipr_complaint_rows(visit: SiteVisit, ledger: Ledger, entries: list[LedgerEntry]) -> list[StatusRow]:
    """IPR complaints, as the IP Protection platform's Manage Complaints shows them: read from the day
    before the oldest one was filed, since the platform shows only the last 15 days unless asked."""
    if not entries:
        return []
    from autoreport.sites.ipp import IPP_CLOSED_STATUSES, read_manage_complaints

    marketplace = visit.ctx.profile
    try:
        since = min(map(_submitted_day, entries)) - timedelta(days=1)
        on_site = {row.get("number"): row for row in read_manage_complaints(visit.ctx, since)}
    finally:
        visit.ctx.profile = marketplace
    rows = []
    for entry in entries:
        row = on_site.get(entry.complaint_number)
        site_status = row["status"] if row else NOT_LISTED
        ledger.update_site_status(entry.id, site_status)
        standing = Standing("not-listed" if row is None else "closed" if site_status in IPP_CLOSED_STATUSES
                            else "open")
        submitted = date.fromisoformat(row["date"]) if row else _submitted_day(entry)
        rows.append(StatusRow(entry.complaint_number, entry.key.kind, f"IPR {entry.key.category}",
                              entry.key.target, submitted, site_status, standing))
    return rows


def _appeal_row(visit: SiteVisit, ledger: Ledger, profile: SiteProfile, entry: LedgerEntry) -> StatusRow:
    dispute = DisputePage(elements_of(visit.ctx), visit.ctx)
    dispute.open(entry.key.target)
    site_status = dispute.status() or "no dispute"
    details = _details(entry)
    decided, sent = dispute.decision_date(), dispute.sent_date()
    if dispute.link("see-results-link").count():
        details["outcome"] = dispute.see_results().outcome()
    if decided:
        details["decided"] = decided.isoformat()
    ledger.update_site_status(entry.id, site_status, json.dumps(details))
    valid_until = [date.fromisoformat(c["valid_until"]) for c in details.get("coupons", [])]
    sent = sent or _submitted_day(entry)
    standing = appeal_standing(site_status, sent, outcome=details.get("outcome"),
                               decided=decided, coupons_valid_until=min(valid_until) if valid_until else None)
    return StatusRow(entry.complaint_number, entry.key.kind, DISPUTE_APPEAL_CATEGORIES[entry.key.category],
                     entry.key.target, sent, site_status, standing, coupons_claimed=bool(valid_until))


def _return_row(visit: SiteVisit, ledger: Ledger, entry: LedgerEntry, entries: list[LedgerEntry],
                returns: dict[str, ListedReturn]) -> StatusRow:
    """A return's row: its status in Returns & refunds (a disagreement's is that of the item line's return
    the ledger knows), and what it means for the buyer."""
    number = entry.complaint_number if entry.key.kind == "refund-request" else next(
        (other.complaint_number for other in reversed(entries)
         if other.key.kind == "refund-request" and other.key.target == entry.key.target), None)
    listed = returns.get(number or "")
    site_status = listed.status if listed else NOT_LISTED
    ledger.update_site_status(entry.id, site_status)
    labels = elements_of(visit.ctx)
    states = {labels.label("return-statuses.waiting-feedback"): "open",
              labels.label("return-statuses.waiting-response"): "waiting-for-you",
              labels.label("return-statuses.refund-complete"): "refunded"}
    standing = Standing(states.get(site_status, "not-listed" if listed is None else "closed"))
    what = "return" if entry.key.kind == "refund-request" else "disagreement"
    subject = f"{what}: {listed.item}" if listed else what
    return StatusRow(entry.complaint_number, entry.key.kind, subject, entry.key.target, _submitted_day(entry),
                     site_status, standing)


def claim_coupons(visit: SiteVisit, ledger: Ledger, profile: SiteProfile, order_number: str,
                  plan: str) -> list[dict[str, str]]:
    """Choose one coupon or several on an accepted appeal's results; record them in the ledger."""
    appeals = [e for e in ledger.entries(profile.ledger_site)
               if e.key.kind == "dispute-appeal" and e.key.target == order_number and e.state == SUBMITTED]
    dispute = DisputePage(elements_of(visit.ctx), visit.ctx)
    try:
        dispute.open(order_number)
    except PageNotFound as missing:
        raise AutoreportError(f"the site shows no dispute for order {order_number} ({missing})") from None
    except SiteChanged:  # the page never showed its dispute details
        raise AutoreportError(f"the site shows no dispute for order {order_number} "
                              f"(no dispute details at {profile.dispute_url(order_number)})") from None
    if dispute.status() is None:
        raise AutoreportError(f"order {order_number} has no dispute, so it has no coupons to claim "
                              "(coupons come from an accepted complaint about a closed dispute)")
    if not dispute.link("see-results-link").count():
        raise AutoreportError(f"the complaint about the dispute of order {order_number} has no decision yet "
                              f"(status: {dispute.status() or 'no dispute'}); see `autoreport status`")
    results = dispute.see_results()
    outcome = results.outcome()
    if outcome == "rejected":
        raise AutoreportError(
            f"the complaint about the dispute of order {order_number} was rejected, so there are no coupons. "
            "You can still review the dispute resolution service: file a spec of kind dispute-review.")
    chosen_before = results.coupons()
    if not chosen_before:
        results.claim(plan)
    coupons = chosen_before or results.coupons()
    if appeals:  # recorded either way: coupons chosen on the site by hand belong in the ledger too
        entry = appeals[-1]
        ledger.update_site_status(entry.id, entry.site_status or "decision made",
                                  json.dumps({**_details(entry), "outcome": outcome,
                                              "coupon_plan": _details(entry).get("coupon_plan", plan),
                                              "coupons": coupons}))
    if chosen_before:
        # The site takes one choice: asking again changes nothing, and must not read as done now.
        raise AutoreportError(f"the coupons of order {order_number} were already chosen, and the site takes one "
                              f"choice: {coupons_summary(coupons)}")
    return coupons


def coupons_summary(coupons: list[dict[str, str]]) -> str:
    """`4 coupons, US $20.00 in all, valid until 2027-01-27`."""
    total = coupons_total(coupons)
    until = sorted({coupon["valid_until"] for coupon in coupons})
    count = f"{len(coupons)} coupon{'' if len(coupons) == 1 else 's'}"
    return f"{count}, US ${total:,.2f} in all, valid until {' and '.join(until)}"


def coupons_total(coupons: list[dict[str, str]]) -> Decimal:
    return sum((Decimal(coupon["amount"].replace(",", "")) for coupon in coupons), Decimal("0.00"))
