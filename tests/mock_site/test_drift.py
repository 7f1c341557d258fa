"""The site's drift on demand: class names hashed per deploy (scramble) and the order field moved to a
section of its own (move). The third, relabel, is with the other faults in test_faults.py."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from shopper import (
    add_complaint_button,
    answer_trade_rules,
    choose_cause_and_reason,
    expect_uploaded,
    fill_trade_rules,
    open_report_centre,
    png,
    signed_in_session,
    text_file,
    upload,
    uploaded_evidence,
)

CLASS_ATTRIBUTE = re.compile(r'<[a-zA-Z][^<>]*?\sclass="([^"]*)"')
HASH_SUFFIX = re.compile(r"--[0-9a-f]{6}$")
CLASS_MAP = re.compile(r'<script type="application/json" id="class-names">(.*?)</script>\n')
STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]*)">')
PAGES = ["/", "/health/reportIndex.htm", "/health/myReports.htm", "/p/order/index.html",
         "/p/dispute/detail.html?orderId=8000000000000002"]


def class_names(page_html: str) -> list[str]:
    return [name for names in CLASS_ATTRIBUTE.findall(page_html) for name in names.split()]


def before_the_deploy(page_html: str) -> str:
    """A scrambled page with its deploy taken out: the suffixes, the class map, the stylesheet's deploy."""
    page_html = CLASS_MAP.sub("", page_html)
    page_html = re.sub(r"(/site\.css)\?deploy=[0-9a-f]+", r"\1", page_html)
    return CLASS_ATTRIBUTE.sub(lambda tag: re.sub(r"--[0-9a-f]{6}\b", "", tag.group(0)), page_html)


def computed(locator, property_name: str) -> str:
    return locator.evaluate("(element, name) => getComputedStyle(element)[name]", property_name)


@pytest.mark.parametrize("path", PAGES)
def test_scramble_hashes_every_class_name_anew_and_changes_nothing_else(site_url: str, mock_site, path: str):
    session = signed_in_session(site_url)
    plain = session.get(f"{site_url}{path}", timeout=10).text
    mock_site.faults(scramble=True)
    first, second = (session.get(f"{site_url}{path}", timeout=10).text for _ in range(2))

    assert len(class_names(plain)) > 5
    for scrambled in (first, second):
        assert [HASH_SUFFIX.sub("", name) for name in class_names(scrambled)] == class_names(plain)
        assert all(HASH_SUFFIX.search(name) for name in class_names(scrambled))
        assert before_the_deploy(scrambled) == plain  # ids, roles, labels and texts as they were
    assert not set(class_names(first)) & set(class_names(second))  # every page load is a deploy of its own

    mock_site.faults(scramble=False)
    assert session.get(f"{site_url}{path}", timeout=10).text == plain


def test_a_scrambled_page_links_a_stylesheet_hashed_alike(site_url: str, mock_site):
    session = signed_in_session(site_url)
    mock_site.faults(scramble=True)
    page_html = session.get(f"{site_url}/health/reportIndex.htm", timeout=10).text
    hashed = json.loads(CLASS_MAP.search(page_html).group(1))
    stylesheet_url = STYLESHEET_LINK.search(page_html).group(1)
    assert re.fullmatch(r"/static/site\.css\?deploy=[0-9a-f]+", stylesheet_url)
    stylesheet = session.get(f"{site_url}{stylesheet_url}", timeout=10).text
    for name in ("topbar", "field", "primary", "evidence-item", "rejected", "dropdown-list"):
        assert f".{hashed[name]}" in stylesheet and f".{name} " not in stylesheet
    assert set(class_names(page_html)) <= set(hashed.values())

    # The page stays styled once the fault is off: its stylesheet answers for its deploy all the same.
    mock_site.faults(scramble=False)
    assert session.get(f"{site_url}{stylesheet_url}", timeout=10).text == stylesheet
    assert ".field {" in session.get(f"{site_url}/static/site.css", timeout=10).text


def test_the_anti_bot_service_keeps_its_own_class_names(site_url: str, mock_site):
    session = signed_in_session(site_url)
    mock_site.faults(scramble=True, captcha="inline")
    assert 'class="baxia-dialog"' in session.get(f"{site_url}/p/order/index.html", timeout=10).text
    mock_site.faults(captcha="redirect")
    punish = session.get(f"{site_url}/p/order/index.html", timeout=10)
    assert "/_____tmd_____/punish" in punish.url
    assert 'class="nc_scale"' in punish.text and "class-names" not in punish.text


def test_a_scrambled_page_keeps_its_styles_and_its_scripts(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(scramble=True, popup=True, cookie_banner=True)
    open_report_centre(page, site_url)
    promotion = page.get_by_role("dialog")
    expect(promotion).to_be_visible()
    promotion.get_by_role("button", name="Close").click()
    expect(promotion).to_have_count(0)
    page.get_by_role("button", name="Accept cookies").click()
    expect(page.get_by_role("region", name="Cookie consent")).to_have_count(0)

    fill_trade_rules(page)  # the dropdowns and the form that arrives late work by script
    expect(page.get_by_text("46/1000", exact=True)).to_be_visible()
    photo = png("seal.png")
    upload(page, photo, text_file("notes.txt"))
    expect_uploaded(page, photo)
    items = uploaded_evidence(page).get_by_role("listitem")
    rejected = items.filter(has_text="notes.txt")
    expect(rejected.get_by_role("alert")).to_have_text("notes.txt: this file type is not supported.")

    expect(page.locator("#report-form")).to_have_attribute("class", re.compile(r"^report-form--[0-9a-f]{6}$"))
    thumbnail = items.filter(has_text="seal.png").get_by_role("img")
    expect(thumbnail).to_have_attribute("class", re.compile(r"^thumb--[0-9a-f]{6}$"))  # made by the script
    assert computed(thumbnail, "width") == "140px"
    assert computed(rejected, "backgroundColor") == "rgb(255, 241, 240)"
    assert computed(add_complaint_button(page), "backgroundColor") == "rgb(230, 46, 4)"
    assert computed(page.get_by_role("banner"), "display") == "flex"

    add_complaint_button(page).click()
    expect(page.get_by_role("heading", name="Report submitted", level=1)).to_be_visible()
    [report] = mock_site.submissions()
    assert (report["order_number"], len(report["evidence"])) == ("8000000000000001", 1)


def labels_in_order(page: Page) -> list[str]:
    return [" ".join(text.split()) for text in page.locator("#report-form-section label, "
                                                            "#report-form-section legend").all_inner_texts()]


def test_move_puts_the_order_field_in_a_section_of_its_own_under_a_new_label(
        signed_in: Page, site_url: str, mock_site):
    page = signed_in
    open_report_centre(page, site_url)
    choose_cause_and_reason(page, "Trade Rules", "Payment or refund outside AliExpress")
    original = labels_in_order(page)
    assert original[0] == "Order number" and "Order ID" not in original
    expect(page.get_by_role("group", name="Order", exact=True)).to_have_count(0)

    mock_site.faults(move=True)
    open_report_centre(page, site_url)
    choose_cause_and_reason(page, "Trade Rules", "Payment or refund outside AliExpress")
    moved = labels_in_order(page)
    assert "Order number" not in moved
    assert moved.index("Photo or video evidence") < moved.index("Order") < moved.index("Order ID") \
        < moved.index("Contact information")
    assert [label for label in moved if label not in ("Order", "Order ID")] == original[1:]
    order = page.get_by_role("group", name="Order", exact=True)
    expect(order.get_by_role("textbox", name="Order ID", exact=True)).to_be_visible()
    expect(page.get_by_label("Order number", exact=True)).to_have_count(0)

    # The field keeps its name: the complaint is stored with its order number.
    answer_trade_rules(page, "8000000000000001", "Paid outside the site.", order_label="Order ID")
    add_complaint_button(page).click()
    expect(page.get_by_role("heading", name="Report submitted", level=1)).to_be_visible()
    assert [report["order_number"] for report in mock_site.submissions()] == ["8000000000000001"]


def test_move_keeps_the_moved_field_and_its_value_when_the_server_refuses_the_form(site_url: str, mock_site):
    mock_site.faults(move=True)
    answer = signed_in_session(site_url).post(
        f"{site_url}/health/submitReport.htm", timeout=10,
        data={"category": "trade-rules", "reason": "dispute-deception", "order_number": "8000000000000099"})
    section = answer.text[answer.text.index('<div id="report-form-section"'):]
    assert re.search(r'<legend>Order</legend>\s*<div class="field">\s*<label for="order-number">Order ID</label>\s*'
                     r'<input type="text" id="order-number" name="order_number" value="8000000000000099"', section)
    assert ">Order number</label>" not in answer.text
