"""A rights holder's complaint on the IP Protection platform (IPP), as its FAQ pages describe the form:
User Center, Submit a complaint, website, approved IPR, complaint type, reason, infringing listings,
supplement reason and evidence, submit, the complaint's number; and Manage Complaints, where a filed
complaint is found again (the last 15 days by default, older ones by submission date)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from urllib.parse import urljoin

from autoreport.flow.step import FlowContext, Step
from autoreport.sites.elements import elements_of
from autoreport.sites.lookup import Candidate, ListingCache, Lookup, judge
from autoreport.sites.pages import SiteRefused, open_page, post_form, read_definitions, read_table, wait_for_page
from autoreport.sites.profile import SiteProfile
from autoreport.sites.seller_report import target

# How far back a look-up reads Manage Complaints: a complaint whose answer was lost is recent, and one
# filed from elsewhere is looked for over more than the platform's 15-day default.
LOOK_UP_DAYS = 90
# The statuses of a complaint the platform has done with (its other statuses are open).
IPP_CLOSED_STATUSES = ("Completed", "Withdrawn")


def on_ipp(profile: SiteProfile) -> SiteProfile:
    """The site's profile with IPP's pages as its own: its User Center to start at, its sign-in (the
    login a person is handed), the mock's sign-in of its demo rights holder."""
    if profile.platform == "ipp":
        return profile
    return replace(profile, platform="ipp", report_centre_url=profile.urls["ipp-user-center"],
                   my_reports_url=profile.urls["ipp-manage-complaints"],
                   login_host_or_path=profile.urls["ipp-login"], auto_sign_in_url=profile.ipp_auto_sign_in_url)


def open_user_center(ctx: FlowContext) -> None:
    ctx.profile = on_ipp(ctx.profile)
    open_page(elements_of(ctx), ctx.profile, ctx.profile.report_centre_url, "ipp-user-center-heading",
              ctx.wait_timeout_s)


def start_complaint(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    elements.need("ipp-submit-link").click()
    elements.need("ipp-website-choices", timeout_s=ctx.wait_timeout_s)


def choose_website(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    elements.choose("ipp-website", elements.label(f"ipp-websites.{ctx.spec.platform}"))


def choose_ipr(ctx: FlowContext) -> None:
    elements_of(ctx).choose("ipp-ipr", ctx.spec.ipr)


def choose_complaint_type(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    elements.choose("ipp-type", elements.label(f"ipp-types.{ctx.spec.complaint_type}"))


def choose_reason(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    elements.choose("ipp-reason", elements.label(f"ipp-reasons.{ctx.spec.reason}"))


def fill_listings(ctx: FlowContext) -> None:
    elements_of(ctx).need("ipp-listings").fill("\n".join(ctx.spec.listings_in_order))


def fill_supplement(ctx: FlowContext) -> None:
    elements_of(ctx).need("ipp-details").fill(ctx.spec.details)


def attach_evidence(ctx: FlowContext) -> None:
    """The platform takes the files with the form; each one must be in the input before it is sent."""
    evidence_input = elements_of(ctx).need("ipp-evidence")
    evidence_input.set_input_files(ctx.evidence)
    names = evidence_input.evaluate("input => Array.from(input.files, file => file.name)")
    if names != [path.name for path in ctx.evidence]:
        raise SiteRefused(f"the evidence input holds {names}, not the files given")


def submit_complaint(ctx: FlowContext) -> None:
    elements = elements_of(ctx)
    post_form(ctx.page, elements.find("ipp-submit"))
    confirmation, refusal = elements.find("ipp-submitted-heading"), elements.find("ipp-form-error")
    wait_for_page(ctx.page, confirmation.or_(refusal), ctx.wait_timeout_s)
    if not confirmation.is_visible():
        raise SiteRefused(f"the platform refused the complaint: {refusal.first.inner_text().strip()}")


def read_number(ctx: FlowContext) -> None:
    number = elements_of(ctx).find("ipp-complaint-number").inner_text().strip()
    if not number:
        raise SiteRefused("the platform's confirmation shows no complaint number")
    ctx.complaint_number = number


def fill_steps(spec) -> list[Step]:
    steps = [
        Step("open-ipp-user-center", "open the IP Protection platform's User Center", open_user_center,
             elements=("ipp-user-center-heading",), target=lambda ctx: ctx.page.locator("body")),
        Step("start-ipp-complaint", "click Submit a complaint", start_complaint,
             elements=("ipp-submit-link", "ipp-website-choices"), target=target("ipp-submit-link")),
        Step("choose-website", "choose the website", choose_website, elements=("ipp-website",),
             target=target("ipp-website-choices")),
        Step("choose-ipr", "choose the approved IPR", choose_ipr, elements=("ipp-ipr-choices", "ipp-ipr"),
             target=target("ipp-ipr-choices")),
        Step("choose-complaint-type", "choose the complaint type", choose_complaint_type,
             elements=("ipp-type-choices", "ipp-type"), target=target("ipp-type-choices")),
        Step("choose-ipp-reason", "choose the complaint reason", choose_reason,
             elements=("ipp-reason-choices", "ipp-reason"), target=target("ipp-reason-choices")),
        Step("fill-listings", "enter the infringing listings, one a line", fill_listings,
             elements=("ipp-listings",), target=target("ipp-listings")),
        Step("fill-supplement", "write the supplement infringement reason", fill_supplement,
             elements=("ipp-details",), target=target("ipp-details")),
    ]
    if spec.evidence:
        steps.append(Step("attach-prima-facie-evidence", "attach the prima facie evidence", attach_evidence,
                          elements=("ipp-evidence",), target=target("ipp-evidence")))
    return steps


def submit_steps() -> list[Step]:
    return [
        Step("submit-ipp-complaint", "click Submit (files the complaint)", submit_complaint, repeatable=False,
             elements=("ipp-submit", "ipp-form", "ipp-form-error", "ipp-submitted-heading"),
             target=target("ipp-submit")),
        Step("read-ipp-number", "read the complaint number", read_number, elements=("ipp-complaint-number",),
             target=target("ipp-complaint-number")),
    ]


def read_manage_complaints(ctx: FlowContext, since: date | None = None) -> list[dict[str, str]]:
    """Manage Complaints' rows (by the tool's column names, with `page_url`), from `since` on (the
    platform's 15 days when None)."""
    ctx.profile = on_ipp(ctx.profile)
    elements = elements_of(ctx)
    open_page(elements, ctx.profile, ctx.profile.my_reports_url, "ipp-manage-heading", ctx.wait_timeout_s)
    if since is not None:
        elements.need("ipp-submitted-from").fill(since.isoformat())
        with ctx.page.expect_navigation():
            elements.need("ipp-search").click()
        elements.need("ipp-manage-heading", timeout_s=ctx.wait_timeout_s)
    table = elements.find("ipp-complaints-table")
    if not table.count():
        return []
    named = {elements.label(f"ipp-columns.{column}"): column
             for column in ("number", "ipr", "type", "reason", "status", "date")}
    rows = []
    for row in read_table(table):
        shown = {named.get(header, header): cell for header, cell in row.items()}
        link = table.get_by_role("link", name=shown.get("number", ""), exact=True)
        href = link.first.get_attribute("href") if shown.get("number") and link.count() else None
        rows.append({**shown, "page_url": urljoin(ctx.page.url, href) if href else ""})
    return rows


def find_filed(ctx: FlowContext, known_numbers: set[str], listing: ListingCache | None = None) -> Lookup:
    """This complaint in Manage Complaints: one of the same IPR, type and reason whose page names exactly
    these listings, with the same supplement reason and number of evidence files."""
    since = date.today() - timedelta(days=LOOK_UP_DAYS)
    rows = read_manage_complaints(ctx, since) if listing is None else \
        listing.read("ipp-complaints", lambda: read_manage_complaints(ctx, since))
    elements, spec = elements_of(ctx), ctx.spec
    same_kind = [row for row in rows if row.get("ipr") == spec.ipr and row.get("number") not in known_numbers
                 and row.get("type") == elements.label(f"ipp-types.{spec.complaint_type}")
                 and row.get("reason") == elements.label(f"ipp-reasons.{spec.reason}")]
    expected = {"Listings": " ".join(sorted(spec.listings_in_order)), "Details": spec.details,
                "Evidence": str(len(spec.evidence))}
    return judge(expected, [Candidate(row["number"], shown_on_its_page(ctx, row["page_url"])) for row in same_kind])


def shown_on_its_page(ctx: FlowContext, url: str) -> dict[str, str] | None:
    if not url:
        return None
    elements = elements_of(ctx)
    open_page(elements, ctx.profile, url, "ipp-complaint-details", ctx.wait_timeout_s)
    fields = read_definitions(elements, "ipp-complaint-details")
    if fields is None:
        return None
    listed = elements.find("ipp-complaint-listings").get_by_role("listitem").all_inner_texts()
    shown = {"Listings": " ".join(sorted(text.strip() for text in listed))}
    for name, key in (("Details", "ipp-fields.details"), ("Evidence", "ipp-fields.evidence")):
        if (value := fields.get(elements.label(key))) is not None:
            shown[name] = value
    return shown
