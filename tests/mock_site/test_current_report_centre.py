"""The current edition's report centre, walked as a buyer does: the banner and three cards, the rights
holders' hand-off to the IPP platform, a Restricted report and a non-rights-holder IPR report through
their cards, the server's refusals, and My Reports with its filters."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from autoreport.mock_site.cards import REPORT_CARDS, RESTRICTED_TOOLTIPS
from autoreport.mock_site.catalog import SELLER_REPORT_CATEGORIES
from playwright.sync_api import Page, expect
from shopper import (
    expect_uploaded,
    fill_product_report,
    open_card,
    png,
    signed_in_session,
    submit_card_report,
    upload,
)

BANNER = ("Please describe the situation as clearly and objectively as possible. All reports will remain "
          "anonymous and will be processed by AliExpress as soon as possible. Please do not re-submit your report(s).")
RIGHTS_HOLDERS = "Intellectual Property Complaint (For Rights Holders)"
NON_RIGHTS_HOLDERS = "Report (For Non-Rights Holders)"
RESTRICTED = "Restricted or Prohibited Products"
PRODUCT = "https://www.aliexpress.com/item/1005006000000001.html"
EMPTY_STATE = ("No case record under current filter, you could search for other time period, case status or "
               "category.")


def test_the_report_centre_shows_the_banner_and_three_cards_each_with_its_button(current_signed_in: Page,
                                                                                 current_site: str):
    page = current_signed_in
    page.goto(f"{current_site}/health/reportIndex.htm")
    expect(page.get_by_role("heading", name="Submit a Report", level=1)).to_be_visible()
    expect(page.get_by_text(BANNER, exact=True)).to_be_visible()
    menu = page.get_by_role("navigation", name="Report centre")
    expect(menu.get_by_role("link", name="My Reports")).to_be_visible()

    cards = page.get_by_role("list", name="What to report").get_by_role("listitem")
    expect(cards).to_have_count(3)
    for card, title in zip(cards.all(), (RIGHTS_HOLDERS, NON_RIGHTS_HOLDERS, RESTRICTED), strict=True):
        expect(card.get_by_role("heading", level=2)).to_have_text(title)
        expect(card.get_by_role("region", name=title, exact=True)).to_be_visible()
    expect(page.get_by_role("region", name=NON_RIGHTS_HOLDERS)).to_contain_text(
        "If you are not the owner of the intellectual property rights but would like to report a case of a party "
        "infringing on another trademark, please click on the button below to file a complaint.")
    expect(page.get_by_role("region", name=RESTRICTED)).to_contain_text(
        "The seller has listed products that are restricted, prohibited or not suitable for delivery. "
        "Product Safety or Compliance.")
    expect(page.get_by_role("region", name=RIGHTS_HOLDERS)).to_contain_text("please submit complaints on IPP Platform")
    # Two cards file here, with buttons; the article's radio list of causes is gone.
    expect(page.get_by_role("button", name="Submit a Report", exact=True)).to_have_count(2)
    expect(page.get_by_role("radiogroup", name="Choose the cause of the complaint")).to_have_count(0)
    expect(page.get_by_text("Trade Rules")).to_have_count(0)


def test_the_rights_holders_card_is_a_link_to_the_ipp_platform_with_no_form(current_signed_in: Page,
                                                                           current_site: str):
    page = current_signed_in
    page.goto(f"{current_site}/health/reportIndex.htm")
    card = page.get_by_role("region", name=RIGHTS_HOLDERS, exact=True)
    handoff = card.get_by_role("link", name="Submit a Report", exact=True)
    expect(handoff).to_have_attribute("href", "/ipp/")  # the mock's own copy of the platform
    expect(handoff).to_have_attribute("target", "_blank")
    expect(card.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    with page.context.expect_page() as opened:
        handoff.click()
    # The platform asks for its own sign-in: the buyer's session does not open it.
    expect(opened.value.get_by_role("heading", name="Sign in to the IP Protection Platform")).to_be_visible()


def test_a_cards_form_arrives_late_and_another_card_replaces_it(current_signed_in: Page, current_site: str,
                                                                mock_site):
    page = current_signed_in
    late_form_ms = mock_site.faults()["late_form_ms"]
    # The page's clock stands still unless the test moves it: "late" is measured on it, not raced.
    start = datetime(2026, 11, 2, 10, 0, 0)
    page.clock.install(time=start)
    page.clock.pause_at(start + timedelta(hours=1))
    page.goto(f"{current_site}/health/reportIndex.htm")
    submit = page.get_by_role("button", name="Submit", exact=True)
    for card, other in ((RESTRICTED, NON_RIGHTS_HOLDERS), (NON_RIGHTS_HOLDERS, RESTRICTED)):
        button = page.get_by_role("region", name=card, exact=True).get_by_role("button", name="Submit a Report")
        button.click()
        expect(button).to_have_attribute("aria-expanded", "true")
        page.clock.run_for(late_form_ms - 1)
        expect(page.locator("#report-form-section")).to_have_attribute("aria-busy", "true")
        assert submit.count() == 0
        page.clock.run_for(1)
        expect(page.get_by_role("heading", name=f"{card}: details")).to_be_visible()
        expect(page.get_by_role("heading", name=f"{other}: details")).to_have_count(0)
        expect(submit).to_be_visible()


def test_a_restricted_report_by_hand_with_a_reason_its_tooltip_and_evidence(current_signed_in: Page,
                                                                            current_site: str, mock_site):
    page = current_signed_in
    form = open_card(page, current_site, RESTRICTED)
    reasons = form.get_by_role("radiogroup", name="Reason", exact=True).get_by_role("radio")
    labels = list(SELLER_REPORT_CATEGORIES["restricted-products"].reasons.values())
    expect(reasons).to_have_count(8)
    for radio, label, tooltip in zip(reasons.all(), labels, RESTRICTED_TOOLTIPS.values(), strict=True):
        expect(radio).to_have_accessible_name(label)
        expect(radio).to_have_accessible_description(tooltip)
    weapons = form.get_by_role("radio", name="Offensive Weapons & Offensive Materials", exact=True)
    tooltip = page.get_by_role("tooltip").filter(has_text="Firearms, Police Equipment, Offensive Weapons and "
                                                          "Offensive Materials")
    expect(tooltip).to_be_hidden()
    form.get_by_text("Offensive Weapons & Offensive Materials", exact=True).hover()
    expect(tooltip).to_be_visible()
    weapons.check()

    fill_product_report(form, PRODUCT, "The listing sells a telescopic baton.")
    expect(form.get_by_label("Description", exact=True)).to_have_attribute("maxlength", "1000")
    expect(form.get_by_text("37/1000")).to_be_visible()
    photo = png("baton.png")
    upload(page, photo)
    expect_uploaded(page, photo)
    contact = form.get_by_role("group", name="Contact information")
    expect(contact.get_by_label("Email", exact=True)).to_have_value("buyer@example.com")
    number = submit_card_report(page)

    [report] = mock_site.submissions()
    assert report["id"] == number
    assert {key: report[key] for key in ("kind", "edition", "card", "category", "reason", "sub_type",
                                         "product_url", "brand", "details", "contact", "status")} == {
        "kind": "seller-report", "edition": "current", "card": "restricted-products",
        "category": "restricted-products", "reason": "offensive-weapons", "sub_type": None,
        "product_url": PRODUCT, "brand": None, "details": "The listing sells a telescopic baton.",
        "contact": {"email": "buyer@example.com", "phone": "+1 555 0100"}, "status": "waiting process",
    }
    assert report["evidence"] == [{"name": "baton.png", "size": len(photo.data), "sha256": photo.sha256}]


def test_a_non_rights_holder_reports_an_ipr_infringement(current_signed_in: Page, current_site: str, mock_site):
    page = current_signed_in
    form = open_card(page, current_site, NON_RIGHTS_HOLDERS)
    sub_types = form.get_by_role("radiogroup", name="Report type", exact=True).get_by_role("radio")
    expect(sub_types).to_have_count(1)
    expect(sub_types).to_have_accessible_name("Report intellectual property rights infringements")
    sub_types.check()
    fill_product_report(form, PRODUCT, "Counterfeit of a brand: sold as original, a fake arrived.",
                        brand="SoundMax")
    number = submit_card_report(page)

    [report] = mock_site.submissions()
    assert (report["id"], report["card"], report["category"], report["sub_type"], report["reason"],
            report["brand"], report["product_url"]) == (
        number, "non-rights-holders", "ipr-protection", "ipr-infringement", None, "SoundMax", PRODUCT)

    page.get_by_role("main").get_by_role("link", name="My Reports").click()
    page.get_by_role("link", name=number).click()
    details = page.get_by_role("definition")
    expect(details.filter(has_text=NON_RIGHTS_HOLDERS)).to_have_count(1)
    expect(details.filter(has_text="Report intellectual property rights infringements")).to_have_count(1)


def test_an_incomplete_form_is_refused_on_the_page_and_nothing_arrives(current_signed_in: Page,
                                                                       current_site: str, mock_site):
    page = current_signed_in
    form = open_card(page, current_site, RESTRICTED)
    page.get_by_role("button", name="Submit", exact=True).click()
    alert = form.get_by_role("alert")
    expect(alert).to_contain_text('Please choose a "Reason".')
    expect(alert).to_contain_text('Please fill in "Product link".')
    expect(alert).to_contain_text('Please fill in "Description".')
    # What was typed stays; the form can be completed and sent.
    form.get_by_role("radio", name="Other Prohibited Products", exact=True).check()
    fill_product_report(form, PRODUCT, "Sells lock picks.")
    submit_card_report(page)
    assert [report["reason"] for report in mock_site.submissions()] == ["other-prohibited"]


@pytest.mark.parametrize(("fields", "refusal"), [
    ({"card": "rights-holders"}, "Please choose what to report."),
    ({"card": "restricted-products", "reason": "trade-rules"}, "Unknown reason for Restricted or Prohibited Products"),
    ({"card": "non-rights-holders", "sub_type": "ipr-infringement"}, 'Please fill in "Brand name".'),
    ({"card": "restricted-products", "reason": "illicit-drugs", "details": "x" * 1001},
     "The description must be at most 1000 characters."),
    ({"card": "restricted-products", "reason": "illicit-drugs", "product_url": "ftp://example.com/item"},
     "The product link must be a web address"),
])
def test_the_server_checks_every_field_again(current_site: str, mock_site, fields: dict, refusal: str):
    session = signed_in_session(current_site)
    form = {"product_url": PRODUCT, "details": "Sells them.", "contact_email": "buyer@example.com", **fields}
    answer = session.post(f"{current_site}/health/api/submitReport.json", data=form, timeout=10)
    assert answer.status_code == 400
    assert any(refusal in error for error in answer.json()["errors"]), answer.json()
    assert mock_site.submissions() == []


def test_the_script_endpoint_belongs_to_the_current_edition(site_url: str, mock_site):
    session = signed_in_session(site_url)
    answer = session.post(f"{site_url}/health/api/submitReport.json", data={"card": "restricted-products"},
                          timeout=10)
    assert answer.status_code == 404


def file_restricted_report(site_url: str, reason: str = "illicit-drugs") -> str:
    session = signed_in_session(site_url)
    answer = session.post(f"{site_url}/health/api/submitReport.json", timeout=10, data={
        "card": "restricted-products", "reason": reason, "product_url": PRODUCT, "details": "Sells them.",
        "contact_email": "buyer@example.com"})
    answer.raise_for_status()
    return answer.json()["id"]


def test_my_reports_filters_by_time_status_and_category_with_the_empty_state(current_signed_in: Page,
                                                                            current_site: str, mock_site):
    page = current_signed_in
    page.goto(f"{current_site}/health/myReports.htm")
    time_filter = page.get_by_label("Time", exact=True)
    expect(time_filter.get_by_role("option")).to_have_text(
        ["The last 1 month", "The last 3 month", "The last 6 month", "The last 12 month"])
    expect(time_filter).to_have_value("1")
    expect(page.get_by_label("Case status", exact=True).get_by_role("option")).to_have_text(
        ["All", "waiting process", "processing", "case closed(has been established)",
         "case closed(has not been established)", "case withdraw"])
    expect(page.get_by_label("Case category", exact=True).get_by_role("option")).to_have_text(
        ["All", NON_RIGHTS_HOLDERS, RESTRICTED])
    expect(page.get_by_text(EMPTY_STATE, exact=True)).to_be_visible()

    mock_site.set_clock("2026-09-01T10:00:00")
    number = file_restricted_report(current_site)
    mock_site.set_clock("2026-11-15T10:00:00")  # two and a half months later
    page.reload()
    expect(page.get_by_text(EMPTY_STATE, exact=True)).to_be_visible()
    time_filter.select_option(label="The last 3 month")  # a filter applies as it changes
    expect(page).to_have_url(re.compile(r"time=3"))
    rows = page.get_by_role("table", name="Reports").get_by_role("row")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text(number)
    expect(rows.nth(1)).to_contain_text(RESTRICTED)
    expect(rows.nth(1)).to_contain_text("Illicit Drugs, Precursors and Drug Paraphernalia")
    expect(rows.nth(1)).to_contain_text("waiting process")

    page.get_by_label("Case status", exact=True).select_option("processing")
    expect(page.get_by_text(EMPTY_STATE, exact=True)).to_be_visible()
    mock_site.advance()
    page.reload()
    expect(page.get_by_role("table", name="Reports").get_by_role("row")).to_have_count(2)
    page.get_by_label("Case category", exact=True).select_option(label=NON_RIGHTS_HOLDERS)
    expect(page.get_by_text(EMPTY_STATE, exact=True)).to_be_visible()


def test_every_card_that_files_is_a_case_category(current_site: str):
    filing = [card.title for card in REPORT_CARDS.values() if card.handoff_url is None]
    assert filing == [NON_RIGHTS_HOLDERS, RESTRICTED]
