"""Submit a Report, walked as a buyer does: the Help menu, the cause, the reason, the form that
arrives late, evidence, and the server's refusals."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from autoreport.mock_site.catalog import SELLER_REPORT_CATEGORIES
from playwright.sync_api import Page, expect
from shopper import (
    add_complaint_button,
    answer_trade_rules,
    choose_cause_and_reason,
    expect_uploaded,
    fill_trade_rules,
    form_alert,
    mp4,
    open_report_centre,
    oversized_png,
    png,
    text_file,
    upload,
    uploaded_evidence,
)

PAGE_CLOCK_START = datetime(2026, 11, 2, 10, 0, 0)


def test_help_menu_shows_on_hover_and_leads_to_the_report_centre(signed_in: Page):
    page = signed_in
    menu_link = page.get_by_role("link", name="Disputes and Complaints")
    expect(menu_link).to_be_hidden()
    page.get_by_role("banner").get_by_role("link", name="Help", exact=True).hover()
    expect(menu_link).to_be_visible()
    menu_link.click()

    expect(page.get_by_role("heading", name="Disputes and Complaints", level=1)).to_be_visible()
    expect(page.get_by_role("main").get_by_role("link", name="Open a dispute")).to_be_visible()
    page.get_by_role("main").get_by_role("link", name="Submit a Report").click()

    expect(page.get_by_role("heading", name="Submit a Report", level=1)).to_be_visible()
    expect(page.get_by_text("All reports will remain anonymous and will not be disclosed to the reported "
                            "party. Please do not re-submit your report(s).")).to_be_visible()
    menu = page.get_by_role("navigation", name="Report centre")
    expect(menu.get_by_role("link", name="Submit a Report")).to_be_visible()
    expect(menu.get_by_role("link", name="My Reports")).to_be_visible()







def test_every_cause_offers_its_reasons_then_renders_its_form_late(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    late_form_ms = mock_site.faults()["late_form_ms"]
    # The page's clock stands still unless the test moves it: "late" is measured on it, not raced.
    page.clock.install(time=PAGE_CLOCK_START)
    page.clock.pause_at(PAGE_CLOCK_START + timedelta(hours=1))
    open_report_centre(page, site_url)
    causes = page.get_by_role("radiogroup", name="Choose the cause of the complaint")
    expect(causes.get_by_role("radio")).to_have_count(4)
    reason = page.get_by_role("combobox", name="Reason", exact=True)
    expect(reason).to_be_hidden()

    for category in SELLER_REPORT_CATEGORIES.values():
        radio = causes.get_by_role("radio", name=category.label, exact=True)
        expect(radio).to_have_accessible_description(category.description)
        radio.check()
        # A new cause resets the reason and removes the previous cause's form.
        expect(reason).to_contain_text("Select a reason")
        expect(add_complaint_button(page)).to_have_count(0)
        expect(reason).to_have_attribute("aria-haspopup", "listbox")
        expect(reason).to_have_attribute("aria-expanded", "false")
        reason.click()
        expect(reason).to_have_attribute("aria-expanded", "true")
        expect(page.get_by_role("listbox", name="Reason").get_by_role("option")) \
            .to_have_text(list(category.reasons.values()))
        last_slug, last_label = list(category.reasons.items())[-1]
        page.get_by_role("option", name=last_label, exact=True).click()
        expect(reason).to_contain_text(last_label)
        expect(page.locator('input[name="reason"]')).to_have_value(last_slug)
        # Not in the page yet: the site's script inserts the section late_form_ms later.
        page.clock.run_for(late_form_ms - 1)
        expect(page.locator("#report-form-section")).to_have_attribute("aria-busy", "true")
        assert add_complaint_button(page).count() == 0
        page.clock.run_for(1)
        expect(add_complaint_button(page)).to_be_visible()

        expect(page.get_by_label("Order number", exact=True)).to_have_count(1 if category.takes_order else 0)
        expect(page.get_by_label("Product link", exact=True)).to_have_count(0 if category.takes_order else 1)
        expect(page.get_by_label("Brand name", exact=True)).to_have_count(1 if category.takes_brand else 0)
        details = page.get_by_role("textbox", name=re.compile(r"^(Describe what happened|Description)$"))
        expect(details).to_have_attribute("maxlength", "1000")
        contact = page.get_by_role("group", name="Contact information")
        expect(contact.get_by_label("Email", exact=True)).to_have_value("buyer@example.com")
        expect(contact.get_by_label("Phone", exact=True)).to_have_value("+1 555 0100")
        expect(page.get_by_role("button", name="Upload photo or video")).to_be_visible()


def test_trade_rules_report_by_hand_with_evidence(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.set_clock("2026-11-27T10:00:00")
    photo, video = png("broken seal.png"), mp4("unboxing.mp4")
    open_report_centre(page, site_url)
    choose_cause_and_reason(page, "Trade Rules", "Payment or refund outside AliExpress")
    for question in ("Is your order closed?",
                     "Have you confirmed receipt of the goods because the seller asked you to?",
                     "Have you received the goods?"):
        expect(page.get_by_role("radiogroup", name=question, exact=True).get_by_role("radio")).to_have_count(2)
        expect(page.get_by_role("group", name=question, exact=True).get_by_role("radio", name="Yes", exact=True)) \
            .not_to_be_checked()
    page.get_by_role("combobox", name="How did the seller contact you about this?").click()
    expect(page.get_by_role("listbox", name="How did the seller contact you about this?").get_by_role("option")) \
        .to_have_text(["AliExpress messages", "Email", "Phone", "Messenger app", "Other"])
    page.keyboard.press("Escape")
    details = "The seller asked me to pay by bank transfer.\nThen he vanished."
    answer_trade_rules(page, "8000000000000001", details)
    expect(page.locator('input[name="seller_contact_channel"]')).to_have_value("messenger")
    expect(page.get_by_text(f"{len(details)}/1000", exact=True)).to_be_visible()
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Upload photo or video").click()
    chooser.value.set_files([photo.payload(), video.payload()])
    expect_uploaded(page, photo, video)
    item = uploaded_evidence(page).get_by_role("listitem").filter(has_text="broken seal.png")
    expect(item.get_by_role("img")).to_have_attribute("alt", "Thumbnail of broken seal.png")
    expect(item.locator("figcaption")).to_have_text("broken seal.png")
    expect(item.get_by_role("button", name="Remove")).to_be_visible()
    page.get_by_label("Claim having sent goods and provide a valid tracking number").check()
    contact = page.get_by_role("group", name="Contact information")
    contact.get_by_label("Phone", exact=True).fill("+1 555 0199")

    add_complaint_button(page).click()

    expect(page.get_by_role("heading", name="Report submitted", level=1)).to_be_visible()
    expect(page.get_by_text("Complaint number:")).to_be_visible()
    number = page.locator("#complaint-number").inner_text()
    assert re.fullmatch(r"\d{12}", number)
    [report] = mock_site.submissions()
    assert report == {
        "id": number,
        "kind": "seller-report",
        "category": "trade-rules",
        "reason": "payment-outside-platform",
        "order_number": "8000000000000001",
        "product_url": None,
        "brand": None,
        "details": details,
        "answers": {"order_closed": False, "receipt_confirmed_at_seller_request": True, "goods_received": False},
        "seller_contact_channel": "messenger",
        "request_tracking_number": True,
        "rating": None,
        "contact": {"email": "buyer@example.com", "phone": "+1 555 0199"},
        "evidence": [
            {"name": "broken seal.png", "size": len(photo.data), "sha256": photo.sha256},
            {"name": "unboxing.mp4", "size": len(video.data), "sha256": video.sha256},
        ],
        "status": "waiting process",
        "outcome": None,
        "submitted_at": "2026-11-27T10:00:00",
        "decided_at": None,
    }

    page.get_by_role("main").get_by_role("link", name="My Reports").click()
    expect(page.get_by_role("heading", name="My Reports", level=1)).to_be_visible()
    headers = page.get_by_role("columnheader")
    expect(headers).to_have_text(["Complaint number", "Category", "Order or product", "Date", "Status"])
    expect(page.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(
        [number, "Trade Rules", "8000000000000001", "2026-11-27", "waiting process"])

    status = page.get_by_role("row").nth(1).get_by_role("cell").nth(4)
    mock_site.set_clock("2026-11-29T09:30:00")
    for expected in ("processing", "case closed(has been established)"):
        mock_site.advance()
        page.reload()
        expect(status).to_have_text(expected)
    assert mock_site.submissions()[0]["decided_at"] == "2026-11-29T09:30:00"


def test_ipr_report_keeps_product_and_brand(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    # The live site's per-product link prefills the product.
    page.goto(f"{site_url}/health/reportIndex.htm?product_id=1005001234567890&b_login_id=cn1234")
    choose_cause_and_reason(page, "IPR Protection", "Counterfeit of a brand")
    expect(page.get_by_label("Product link", exact=True)).to_have_value(
        "https://www.aliexpress.com/item/1005001234567890.html")
    page.get_by_label("Brand name", exact=True).fill("Sonic")
    page.get_by_label("Description", exact=True).fill("Sold as original, arrived a fake.")
    add_complaint_button(page).click()
    expect(page.get_by_role("heading", name="Report submitted")).to_be_visible()
    [report] = mock_site.submissions()
    assert (report["category"], report["reason"]) == ("ipr-protection", "counterfeit")
    assert report["product_url"] == "https://www.aliexpress.com/item/1005001234567890.html"
    assert report["brand"] == "Sonic"
    assert report["order_number"] is None
    assert report["answers"] is None and report["request_tracking_number"] is None
    assert report["evidence"] == []




def test_the_uploader_rejects_bad_files_and_a_sixth_one(signed_in: Page, site_url: str):
    page = signed_in
    open_report_centre(page, site_url)
    choose_cause_and_reason(page, "Restricted or Prohibited Products", "Medical Drugs and Devices")
    upload(page, text_file("notes.txt"), oversized_png("huge.png"))
    items = uploaded_evidence(page).get_by_role("listitem")
    expect(items.filter(has_text="notes.txt").get_by_role("alert")).to_have_text(
        "notes.txt: this file type is not supported.")
    expect(items.filter(has_text="huge.png").get_by_role("alert")).to_have_text(
        "huge.png: the file is too large (at most 3 MB for photos).")
    expect(items.filter(has_text="huge.png").get_by_role("img")).to_have_count(0)

    # Rejected files leave their place free; of six more, the sixth is one too many.
    photos = [png(f"photo-{n}.png") for n in range(6)]
    upload(page, *photos)
    expect_uploaded(page, *photos[:5])
    expect(items.filter(has_text="photo-5.png").get_by_role("alert")).to_have_text(
        "You can attach at most 5 files.")

    items.filter(has_text="photo-0.png").get_by_role("button", name="Remove").click()
    upload(page, mp4("clip.mp4"))
    clip = items.filter(has_text="clip.mp4")
    expect(clip.get_by_role("img", name="Video")).to_be_visible()
    expect(page.locator('input[name="evidence_id"]')).to_have_count(5)


def test_unknown_order_is_refused_and_the_form_kept(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    photo = png()
    open_report_centre(page, site_url)
    fill_trade_rules(page, order_number="8000000000000099", details="Kept as typed.")
    upload(page, photo)
    expect_uploaded(page, photo)
    add_complaint_button(page).click()

    expect(form_alert(page)).to_have_text("This order was not found in your account.")
    expect(page.get_by_role("radio", name="Trade Rules")).to_be_checked()
    expect(page.get_by_role("combobox", name="Reason")).to_contain_text("Payment or refund outside AliExpress")
    expect(page.get_by_label("Order number", exact=True)).to_have_value("8000000000000099")
    expect(page.get_by_role("group", name="Have you confirmed receipt of the goods because the seller asked you to?")
           .get_by_role("radio", name="Yes")).to_be_checked()
    expect(page.get_by_role("combobox", name="How did the seller contact you about this?")).to_contain_text(
        "Messenger app")
    expect(page.get_by_label("Describe what happened", exact=True)).to_have_value("Kept as typed.")
    expect_uploaded(page, photo)
    assert mock_site.submissions() == []

    # Corrected, the same page goes through with the evidence still attached.
    page.get_by_label("Order number", exact=True).fill("30000000000005")
    add_complaint_button(page).click()
    expect(page.get_by_role("heading", name="Report submitted")).to_be_visible()
    [report] = mock_site.submissions()
    assert report["order_number"] == "30000000000005"
    assert report["evidence"] == [{"name": photo.name, "size": len(photo.data), "sha256": photo.sha256}]


def test_text_over_1000_characters_is_refused_by_the_server(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    open_report_centre(page, site_url)
    fill_trade_rules(page)
    details = page.get_by_label("Describe what happened", exact=True)
    details.evaluate("textarea => textarea.removeAttribute('maxlength')")
    details.fill("x" * 1001)
    expect(page.get_by_text("1001/1000")).to_be_visible()
    add_complaint_button(page).click()
    expect(form_alert(page)).to_have_text("The description must be at most 1000 characters.")
    assert mock_site.submissions() == []



def test_more_than_five_files_are_refused_by_the_server(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    files = [png(f"photo-{n}.png") for n in range(5)]
    open_report_centre(page, site_url)
    fill_trade_rules(page)
    upload(page, *files)
    expect_uploaded(page, *files)
    # Bypass the browser's own limit: one more evidence id in the form.
    uploaded_evidence(page).evaluate("""list => {
        const extra = list.querySelector('input[name="evidence_id"]').cloneNode();
        list.closest('form').append(extra);
    }""")
    add_complaint_button(page).click()
    expect(form_alert(page)).to_have_text("You can attach at most 5 files.")
    assert mock_site.submissions() == []


def test_missing_fields_are_named(signed_in: Page, site_url: str):
    page = signed_in
    open_report_centre(page, site_url)
    choose_cause_and_reason(page, "Trade Rules", "Malicious harassment")
    page.get_by_role("group", name="Contact information").get_by_label("Email", exact=True).fill("")
    add_complaint_button(page).click()
    alert = form_alert(page)
    expect(alert).to_contain_text('Please fill in "Order number".')
    expect(alert).to_contain_text('Please answer "Is your order closed?"')
    expect(alert).to_contain_text('Please choose "How did the seller contact you about this?"')
    expect(alert).to_contain_text('Please fill in "Describe what happened".')
    expect(alert).to_contain_text('Please fill in "Email".')
