"""The IP Protection platform on the mock, walked as a rights holder would: its own sign-in, User
Center, Submit a complaint step by step, the 300-listing limit in the platform's words, the complaint's
number, Manage Complaints with its 15-day default and its date filter, statuses moved on by advance."""

from __future__ import annotations

import urllib.error
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Page, expect

EXAMPLES = Path(__file__).parents[2] / "examples"
ITEM = "https://www.aliexpress.com/item/{}.html"
TOO_MANY = "You can submit up to 300 infringing listings in one complaint, one per line."


def listings(count: int, start: int = 1005006000000000) -> list[str]:
    return [ITEM.format(start + n) for n in range(count)]


def sign_in_to_ipp(page: Page, base: str) -> None:
    page.goto(f"{base}/ipp/")
    expect(page.get_by_role("heading", name="Sign in to the IP Protection Platform")).to_be_visible()
    page.get_by_label("Email").fill("rights@example.com")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="User Center")).to_be_visible()


def fill_complaint(page: Page, urls: list[str], ipr: str = "Trademark: NOVABUD (30001234)") -> None:
    page.get_by_role("link", name="Submit a complaint").click()
    page.get_by_role("radiogroup", name="Website").get_by_role("radio", name="AliExpress").check()
    page.get_by_role("radiogroup", name="IPR").get_by_role("radio", name=ipr).check()
    page.get_by_role("radiogroup", name="Complaint type").get_by_role("radio", name="Product listing").check()
    reason = page.get_by_role("radiogroup", name="Complaint reason").get_by_role("radio", name="Counterfeit goods")
    expect(reason).to_have_accessible_description(
        "The goods copy your trademark and are not made or authorised by you.")
    reason.check()
    page.get_by_label("Infringing listings").fill("\n".join(urls))
    page.get_by_label("Supplement infringement reason(s)").fill("Copies of our NOVABUD earbuds.")


def test_the_marketplace_session_does_not_open_ipp(page: Page, mock_site):
    page.goto(f"{mock_site.url}/__mock__/sign-in?return_url=/ipp/")
    expect(page.get_by_role("heading", name="Sign in to the IP Protection Platform")).to_be_visible()
    page.get_by_label("Email").fill("rights@example.com")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Your account name or password is incorrect.")


def test_a_rights_holder_files_a_complaint_and_gets_its_number(page: Page, mock_site, tmp_path):
    photo = tmp_path / "test-purchase.png"
    photo.write_bytes((EXAMPLES / "evidence" / "chat-screenshot.png").read_bytes())
    sign_in_to_ipp(page, mock_site.url)
    urls = listings(3)
    fill_complaint(page, urls)
    page.get_by_label("Prima facie evidence").set_input_files([photo])
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Complaint submitted")).to_be_visible()
    number = page.locator("#ipp-complaint-number").inner_text()
    [filed] = mock_site.submissions()
    assert filed["id"] == number and filed["kind"] == "ipr-complaint"
    assert filed["ipr"] == "30001234" and filed["platform"] == "aliexpress"
    assert filed["listings"] == urls and filed["reason"] == "counterfeit"
    assert filed["complaint_type"] == "product-listing" and filed["details"] == "Copies of our NOVABUD earbuds."
    assert [file["name"] for file in filed["evidence"]] == ["test-purchase.png"]


def test_more_than_300_listings_are_refused_in_the_platforms_words(page: Page, mock_site):
    sign_in_to_ipp(page, mock_site.url)
    fill_complaint(page, listings(301))
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("alert")).to_have_text(TOO_MANY)
    assert mock_site.submissions() == []
    page.get_by_label("Infringing listings").fill("\n".join(listings(300)))
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Complaint submitted")).to_be_visible()
    assert len(mock_site.submissions()[0]["listings"]) == 300


def test_an_ipr_added_through_the_control_api_is_offered(page: Page, mock_site):
    assert mock_site.add_ipr("40005678", "ORBITONE") == {"type": "Trademark", "name": "ORBITONE",
                                                          "number": "40005678"}
    with pytest.raises(urllib.error.HTTPError) as twice:
        mock_site.add_ipr("40005678", "ORBITONE")
    assert twice.value.code == 409
    sign_in_to_ipp(page, mock_site.url)
    fill_complaint(page, listings(1), ipr="Trademark: ORBITONE (40005678)")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", name="Complaint submitted")).to_be_visible()
    assert mock_site.submissions()[0]["ipr"] == "40005678"


def test_manage_complaints_shows_15_days_and_older_ones_by_submission_date(page: Page, mock_site):
    mock_site.set_clock("2026-05-01T10:00:00")
    sign_in_to_ipp(page, mock_site.url)
    fill_complaint(page, listings(2))
    page.get_by_role("button", name="Submit").click()
    old_number = page.locator("#ipp-complaint-number").inner_text()
    mock_site.set_clock("2026-05-20T10:00:00")
    page.goto(f"{mock_site.url}/ipp/")
    page.get_by_role("link", name="Manage Complaints").click()
    expect(page.get_by_text("Complaints submitted from 2026-05-06 to 2026-05-20.")).to_be_visible()
    expect(page.get_by_role("table", name="Complaints")).to_have_count(0)
    page.get_by_label("Submitted from").fill("2026-04-20")
    page.get_by_role("button", name="Search").click()
    table = page.get_by_role("table", name="Complaints")
    row = table.get_by_role("row").filter(has=page.get_by_role("link", name=old_number))
    expect(row).to_contain_text("Pending review")
    assert mock_site.advance()["changed"] == [{"id": old_number, "kind": "ipr-complaint",
                                               "from": "Pending review", "to": "Under review"}]
    page.reload()
    expect(row).to_contain_text("Under review")
    row.get_by_role("link", name=old_number).click()
    expect(page.get_by_role("list", name="Infringing listings").get_by_role("listitem")).to_have_text(listings(2))


def test_the_control_api_of_ipp_answers_loopback_json_only(mock_site):
    answer = requests.post(f"{mock_site.url}/__mock__/ipp/iprs", data="type=Trademark", timeout=10,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 415

