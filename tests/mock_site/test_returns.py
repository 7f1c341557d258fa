"""Returns & refunds on the current edition, walked as a shopper would: an item's Returns/refunds button,
the request in a new tab (two pages and a Confirm modal), the Returns & refunds list, the proposed solution
and the disagreement with it, and what the site refuses."""

from __future__ import annotations

import json
import re
import urllib.error

import pytest
from playwright.sync_api import Page, expect
from shopper import choose_from_dropdown, expect_uploaded, png, upload

ORDER = "8000000000000011"
TWO_ITEMS = [{"product": "Phone Charger", "price": "12.00"}, {"product": "Travel Adapter", "price": "8.50"}]


@pytest.fixture
def two_items(mock_site, current_site) -> list[dict]:
    """A two-item order on the current edition: its items with their line ids."""
    return mock_site.add_order(ORDER, items=TWO_ITEMS)["items"]


def open_request(page: Page, site_url: str, position: int) -> Page:
    """From the order page, the item's Returns/refunds button, the prompt's No, then the request's tab."""
    page.goto(f"{site_url}/p/order/detail.html?orderId={ORDER}")
    item = page.get_by_role("list", name="Items").get_by_role("listitem").nth(position - 1)
    with page.context.expect_page() as opened:
        item.get_by_role("button", name="Returns/refunds", exact=True).click()
        prompt = page.get_by_role("dialog", name="Have you talked to the seller?")
        if prompt.is_visible():  # shown by the click itself, the first time on this tab
            prompt.get_by_role("button", name="No", exact=True).click()
    tab = opened.value
    # The form's script (deferred) sets the reasons when the received question is answered: a person
    # cannot answer before the page has loaded, and the tool waits for it too.
    tab.wait_for_load_state("load")
    expect(tab.get_by_role("heading", name="Request a return or refund", level=1)).to_be_visible()
    return tab


def fill_request(tab: Page, *, received: str, reason: str, details: str, partial: str | None = None) -> None:
    tab.get_by_role("group", name="Have you received the item?").get_by_role("radio", name=received,
                                                                              exact=True).check()
    choose_from_dropdown(tab, "Reason for refund", reason)
    if partial:
        tab.get_by_role("radio", name="Partial refund", exact=True).check()
        tab.get_by_label("Refund amount (US $)", exact=True).fill(partial)
    tab.get_by_label("Please describe the problem", exact=True).fill(details)


def submit_and_confirm(tab: Page) -> None:
    tab.get_by_role("button", name="Next step", exact=True).click()
    expect(tab.get_by_role("heading", name="Review your request")).to_be_visible()
    tab.get_by_role("button", name="Submit", exact=True).click()
    confirm = tab.get_by_role("dialog", name="Submit your request?")
    confirm.get_by_role("button", name="Confirm", exact=True).click()


def test_a_request_for_the_second_item_opens_in_a_new_tab_and_reaches_the_list(current_signed_in, current_site,
                                                                               mock_site, two_items):
    page, photo = current_signed_in, png("broken.png")
    tab = open_request(page, current_site, 2)
    assert f"tradeOrderLineId={two_items[1]['line_id']}" in tab.url
    expect(tab.get_by_role("definition").filter(has_text="Travel Adapter")).to_be_visible()
    fill_request(tab, received="Yes", reason="Item damaged", details="It arrived cracked.", partial="4.25")
    upload(tab, photo)
    expect_uploaded(tab, photo)
    submit_and_confirm(tab)

    expect(tab.get_by_role("heading", name="Return details", level=1)).to_be_visible()
    expect(tab.locator("#return-status")).to_have_text("Waiting for AliExpress's feedback")
    expect(tab.get_by_role("heading", name="We're reviewing your request")).to_be_visible()
    (received,) = mock_site.submissions()
    assert (received["kind"], received["order_number"], received["line_id"], received["reason"],
            received["received"], received["refund"], received["details"]) == (
        "refund-request", ORDER, two_items[1]["line_id"], "damaged", True, {"plan": "partial", "amount": "4.25"},
        "It arrived cracked.")
    assert [e["name"] for e in received["evidence"]] == ["broken.png"]
    assert tab.locator("#return-number").inner_text() == received["id"]

    tab.get_by_role("link", name="Returns & refunds").click()
    returns = tab.get_by_role("table", name="Returns")
    expect(returns.get_by_role("row")).to_have_count(2)
    row = returns.get_by_role("row").nth(1)
    expect(row).to_contain_text(received["id"])
    expect(row).to_contain_text("Travel Adapter")
    expect(row).to_contain_text("Waiting for AliExpress's feedback")
    href = row.get_by_role("link", name=received["id"]).get_attribute("href")
    assert f"tradeOrderLineId={two_items[1]['line_id']}" in href and f"reverseOrderLineId={received['id']}" in href


def test_the_prompt_comes_once_and_the_reasons_follow_the_answer_about_receiving(current_signed_in, current_site,
                                                                                 two_items):
    page = current_signed_in
    tab = open_request(page, current_site, 1)
    group = tab.get_by_role("group", name="Have you received the item?")
    group.get_by_role("radio", name="No", exact=True).check()
    tab.get_by_role("combobox", name="Reason for refund").click()
    expect(tab.get_by_role("option", name="Tracked as returned/canceled/lost")).to_be_visible()
    expect(tab.get_by_role("option", name="Item damaged")).to_have_count(0)
    tab.keyboard.press("Escape")
    group.get_by_role("radio", name="Yes", exact=True).check()
    tab.get_by_role("combobox", name="Reason for refund").click()
    expect(tab.get_by_role("option", name="Item damaged")).to_be_visible()
    tab.close()
    # The prompt was answered: the next Returns/refunds opens the tab at once.
    with page.context.expect_page() as opened:
        page.get_by_role("list", name="Items").get_by_role("listitem").nth(1) \
            .get_by_role("button", name="Returns/refunds").click()
    expect(opened.value.get_by_role("button", name="Next step")).to_be_visible()
    expect(page.get_by_role("dialog", name="Have you talked to the seller?")).to_be_hidden()


def test_the_site_refuses_what_it_would(current_signed_in, current_site, mock_site, two_items):
    tab = open_request(current_signed_in, current_site, 1)
    fill_request(tab, received="Yes", reason="Quality problem", details="x")
    tab.get_by_label("Please describe the problem", exact=True).evaluate(
        "(area) => { area.removeAttribute('maxlength'); area.value = 'x'.repeat(1001); }")
    submit_and_confirm(tab)
    alert = tab.locator("form").get_by_role("alert")
    expect(alert).to_contain_text("The description must be at most 1000 characters.")
    expect(alert).to_contain_text("Please upload at least one photo or video of the item you received.")
    assert mock_site.submissions() == []

    tab.get_by_role("button", name="Back", exact=True).click()
    fill_request(tab, received="No", reason="Package held at customs", details="Held for a month.")
    submit_and_confirm(tab)
    expect(tab.locator("#return-status")).to_have_text("Waiting for AliExpress's feedback")
    # An item with an open return: refused as soon as its request opens.
    again = open_request(current_signed_in, current_site, 1)
    expect(again.get_by_role("alert")).to_have_text("This item already has an open return or refund request.")
    expect(again.get_by_role("button", name="Next step")).to_have_count(0)
    # A line of no order of the account.
    missing = current_signed_in.goto(f"{current_site}/p/reverse-pages/start.html?tradeOrderLineId=1234567890123456")
    assert missing.status == 404
    expect(current_signed_in.get_by_role("alert")).to_contain_text("This order was not found in your account.")


def test_advance_proposes_a_solution_the_buyer_disagrees_with_then_the_return_ends(current_signed_in, current_site,
                                                                                  mock_site):
    (item,) = mock_site.add_order(ORDER, items=[{"product": "Desk Fan", "price": "20.00",
                                                 "refund_outcome": "closed"}])["items"]
    tab = open_request(current_signed_in, current_site, 1)
    fill_request(tab, received="No", reason="No tracking information", details="No tracking at all.")
    submit_and_confirm(tab)
    expect(tab.locator("#return-status")).to_have_text("Waiting for AliExpress's feedback")
    expect(tab.get_by_role("button", name="View possible solutions")).to_have_count(0)
    number = tab.locator("#return-number").inner_text()

    assert mock_site.advance()["changed"] == [{"id": number, "kind": "refund-request",
                                               "from": "Waiting for AliExpress's feedback",
                                               "to": "Waiting for your response"}]
    tab.reload()
    expect(tab.locator("#return-status")).to_have_text("Waiting for your response")
    tab.get_by_role("button", name="View possible solutions").click()
    solutions = tab.get_by_role("region", name="Possible solutions")
    expect(solutions).to_contain_text("Partial refund: US $10.00")
    upload_more = tab.get_by_role("button", name="Upload more photos/videos")
    expect(upload_more).to_be_hidden()
    solutions.get_by_role("checkbox", name="I don't agree with above solution(s)").check()
    upload_more.click()
    dialog = tab.get_by_role("dialog", name="Upload more photos/videos")
    dialog.get_by_role("button", name="Submit", exact=True).click()
    expect(dialog.get_by_role("alert")).to_contain_text("Please upload at least one photo or video.")
    dialog.get_by_label("Tell us why you disagree", exact=True).fill("Half is not enough.")
    photo = png("tracking.png")
    upload(tab, photo)
    expect_uploaded(tab, photo)
    dialog.get_by_role("button", name="Submit", exact=True).click()

    expect(tab.locator("#return-status")).to_have_text("Waiting for AliExpress's feedback")
    request, disagreement = mock_site.submissions()
    expect(tab.locator("#response-number")).to_have_text(disagreement["id"])
    expect(tab.locator('dl[aria-label="Your response"]')).to_contain_text("Half is not enough.")
    assert (disagreement["kind"], disagreement["line_id"], disagreement["details"],
            [e["name"] for e in disagreement["evidence"]]) == ("refund-disagreement", item["line_id"],
                                                               "Half is not enough.", ["tracking.png"])
    assert request["response_id"] == disagreement["id"]
    mock_site.advance()
    tab.reload()
    expect(tab.locator("#return-status")).to_have_text("Closed without refund")
    # A second return of the item may start once the first has ended.
    again = open_request(current_signed_in, current_site, 1)
    expect(again.get_by_role("button", name="Next step")).to_be_visible()


def test_a_disagreement_is_refused_unless_the_return_waits_for_the_buyer(current_signed_in, current_site, mock_site,
                                                                        two_items):
    tab = open_request(current_signed_in, current_site, 1)
    fill_request(tab, received="No", reason="Package still in transit", details="Stuck.")
    submit_and_confirm(tab)
    expect(tab.locator("#return-status")).to_have_text("Waiting for AliExpress's feedback")
    number = tab.locator("#return-number").inner_text()
    answer = tab.request.post(f"{current_site}/p/reverse-pages/api/respond.json?reverseOrderLineId={number}",
                              form={"details": "No."})
    assert answer.status == 409
    assert answer.json() == {"errors": ["You can respond to a solution only while the return is waiting for your "
                                        "response."]}


@pytest.mark.parametrize(("body", "message"), [
    ({"items": []}, 'items must be a list of {"product": ..., "price": ...}'),
    ({"items": [{"product": "A", "price": "-1"}]}, "an item's price must be more than zero"),
    ({"items": [{"product": "A", "refund_outcome": "maybe"}]},
     'refund_outcome must be "refund-complete" or "closed"'),
])
def test_the_control_api_refuses_bad_items(mock_site, body, message):
    with pytest.raises(urllib.error.HTTPError) as refused:
        mock_site.add_order(ORDER, **body)
    assert refused.value.code == 400 and json.loads(refused.value.read()) == {"error": message}


def test_an_order_without_items_has_one_with_a_sixteen_digit_line_id(mock_site):
    (item,) = mock_site.add_order(ORDER, product="Lamp")["items"]
    assert item["product"] == "Lamp" and re.fullmatch(r"\d{16}", item["line_id"])


def test_the_article_edition_has_no_returns_pages(signed_in: Page, site_url: str, mock_site):
    mock_site.add_order(ORDER, items=TWO_ITEMS)
    signed_in.goto(f"{site_url}/p/order/detail.html?orderId={ORDER}")
    expect(signed_in.get_by_role("heading", name="Order details")).to_be_visible()
    expect(signed_in.get_by_role("button", name="Returns/refunds")).to_have_count(0)
    assert signed_in.goto(f"{site_url}/p/refund-dispute/list.html").status == 404
