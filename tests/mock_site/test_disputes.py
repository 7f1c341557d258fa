"""After a dispute: the complaint, its results with coupons, the review, and what the site refuses."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import Page, expect
from shopper import expect_uploaded, form_alert, png, upload, uploaded_evidence


def dispute_url(site_url: str, order_number: str, page_name: str = "detail") -> str:
    return f"{site_url}/p/dispute/{page_name}.html?orderId={order_number}"


def complain_directly(page: Page, site_url: str, order_number: str, category: str = "dispute-decision") -> None:
    """File a dispute complaint with the browser's session, without walking the form."""
    answer = page.request.post(dispute_url(site_url, order_number, "complaint"),
                               form={"category": category, "details": "The decision ignored my photos."})
    assert answer.ok and "Complaint sent" in answer.text()


def test_complaint_after_a_closed_dispute_then_one_coupon(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.set_clock("2026-11-27T10:00:00")
    photo = png("tracking.png")
    page.goto(f"{site_url}/help/disputes-and-complaints")
    page.get_by_role("main").get_by_role("link", name="Open a dispute").click()
    expect(page.get_by_role("heading", name="My Orders", level=1)).to_be_visible()
    orders = page.get_by_role("list", name="Orders").get_by_role("listitem")
    expect(orders.filter(has_text="Order number: 8000000000000001").get_by_role("link", name="Dispute management")) \
        .to_have_count(0)
    orders.filter(has_text="Order number: 8000000000000002").get_by_role("link", name="Dispute management").click()

    expect(page.get_by_role("heading", name="Dispute details", level=1)).to_be_visible()
    expect(page.locator("#dispute-status")).to_have_text("closed")
    expect(page.get_by_role("link", name="Survey about the dispute")).to_be_visible()
    expect(page.get_by_role("link", name="See results")).to_have_count(0)
    page.get_by_role("link", name="Make a complaint").click()

    expect(page.get_by_role("heading", name="Make a complaint", level=1)).to_be_visible()
    category = page.get_by_role("radiogroup", name="Choose the category")
    expect(category.get_by_role("radio")).to_have_count(2)
    category.get_by_role("radio", name="Complaint about the administration", exact=True).check()
    category.get_by_role("radio", name="Complaint about the dispute decision", exact=True).check()
    situation = page.get_by_label("Describe the situation", exact=True)
    expect(situation).to_have_attribute("maxlength", "1000")
    situation.fill("The seller's tracking number never worked.")
    expect(page.get_by_text("42/1000", exact=True)).to_be_visible()
    upload(page, photo)
    expect_uploaded(page, photo)
    page.get_by_role("button", name="Send", exact=True).click()

    expect(page.get_by_role("heading", name="Complaint sent", level=1)).to_be_visible()
    number = page.locator("#complaint-number").inner_text()
    assert re.fullmatch(r"\d{12}", number)
    page.get_by_role("link", name="Back to the dispute").click()
    expect(page.locator("#dispute-status")).to_have_text("complaint submitted")
    expect(page.get_by_role("link", name="Make a complaint")).to_have_count(0)

    [appeal] = mock_site.submissions()
    assert appeal["id"] == number
    assert (appeal["kind"], appeal["category"], appeal["reason"]) == ("dispute-appeal", "dispute-decision", None)
    assert appeal["order_number"] == "8000000000000002"
    assert appeal["details"] == "The seller's tracking number never worked."
    assert appeal["evidence"] == [{"name": "tracking.png", "size": len(photo.data), "sha256": photo.sha256}]
    assert (appeal["status"], appeal["decided_at"], appeal["outcome"]) == ("complaint submitted", None, None)

    for expected in ("under review", "decision made"):
        mock_site.advance()
        page.reload()
        expect(page.locator("#dispute-status")).to_have_text(expected)
    [appeal] = mock_site.submissions()
    assert (appeal["status"], appeal["outcome"]) == ("decision made", "accepted")
    assert appeal["decided_at"] == "2026-11-27T10:00:00"

    page.get_by_role("link", name="See results").click()
    expect(page.get_by_role("heading", name="See results", level=1)).to_be_visible()
    expect(page.get_by_text("Your complaint was accepted.")).to_be_visible()
    expect(page.get_by_text("Compensation: US $20.00")).to_be_visible()
    plan = page.get_by_role("radiogroup", name="How would you like to receive your coupons?")
    plan.get_by_role("radio", name="One coupon for the whole amount", exact=True).check()
    page.get_by_role("button", name="Get coupons").click()
    expect(page.get_by_role("list", name="Your coupons").get_by_role("listitem")).to_have_text(
        ["US $20.00 coupon, valid until 2027-01-27"])
    expect(page.get_by_role("button", name="Get coupons")).to_have_count(0)


def test_several_small_coupons_add_up_to_the_compensation(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.set_clock("2026-12-31T23:00:00")
    mock_site.add_order(order_number="8000000000000042", product="Tent", store="Camp Co", dispute="closed",
                      appeal_outcome="accepted", compensation="23.50")
    complain_directly(page, site_url, "8000000000000042")
    mock_site.advance()
    mock_site.advance()

    page.goto(dispute_url(site_url, "8000000000000042", "results"))
    expect(page.get_by_text("Compensation: US $23.50")).to_be_visible()
    page.get_by_role("radio", name="Several small coupons", exact=True).check()
    page.get_by_role("button", name="Get coupons").click()
    coupons = page.get_by_role("list", name="Your coupons").get_by_role("listitem")
    # 2026-12-31 plus two months is the last day of February.
    expect(coupons).to_have_text(["US $5.00 coupon, valid until 2027-02-28"] * 4
                                 + ["US $3.50 coupon, valid until 2027-02-28"])
    amounts = [Decimal(re.search(r"\$(\d+\.\d\d)", text).group(1)) for text in coupons.all_inner_texts()]
    assert sum(amounts) == Decimal("23.50")

    # The choice is made once.
    answer = page.request.post(dispute_url(site_url, "8000000000000042", "results"), form={"coupon_plan": "single"})
    assert "You have already chosen how to receive your coupons." in answer.text()
    page.reload()
    expect(coupons).to_have_count(5)


def test_rejected_complaint_then_review_and_survey(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    complain_directly(page, site_url, "8000000000000003", category="administration")
    page.goto(dispute_url(site_url, "8000000000000003"))
    expect(page.get_by_role("link", name="See results")).to_have_count(0)
    mock_site.advance()
    mock_site.advance()

    page.reload()
    page.get_by_role("link", name="Survey about the dispute").click()
    expect(page.get_by_role("heading", name="Survey about the dispute", level=1)).to_be_visible()
    page.get_by_role("radio", name="Not satisfied").check()
    page.get_by_role("button", name="Send survey").click()
    expect(page.get_by_text("Thank you for taking the survey.")).to_be_visible()
    page.get_by_role("link", name="Back to the dispute").click()

    page.get_by_role("link", name="See results").click()
    expect(page.get_by_text("Your complaint was rejected. The previous decision stays in force.")).to_be_visible()
    expect(page.get_by_role("button", name="Get coupons")).to_have_count(0)
    page.get_by_role("main").get_by_role("link", name="Review the dispute resolution service").click()

    expect(page.get_by_role("heading", name="Review the dispute resolution service", level=1)).to_be_visible()
    rating = page.get_by_role("radiogroup", name="Rating")
    expect(rating.get_by_role("radio")).to_have_count(5)
    rating.get_by_role("radio", name="2", exact=True).check()
    review = page.get_by_label("Your review", exact=True)
    expect(review).to_have_attribute("maxlength", "1000")
    review.fill("Nobody looked at my evidence.")
    page.get_by_role("button", name="Send review").click()

    expect(page.get_by_role("heading", name="Thank you for your review", level=1)).to_be_visible()
    number = page.locator("#complaint-number").inner_text()
    appeal, review_sent = mock_site.submissions()
    assert (appeal["kind"], appeal["category"], appeal["outcome"]) == ("dispute-appeal", "administration", "rejected")
    assert review_sent["id"] == number
    assert (review_sent["kind"], review_sent["rating"], review_sent["details"]) == (
        "dispute-review", 2, "Nobody looked at my evidence.")
    assert review_sent["order_number"] == "8000000000000003"

    page.goto(dispute_url(site_url, "8000000000000003", "review"))
    expect(page.get_by_role("alert")).to_have_text("You have already reviewed this dispute.")
    expect(page.get_by_role("button", name="Send review")).to_have_count(0)


def test_what_the_dispute_pages_refuse(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    page.goto(dispute_url(site_url, "8000000000000004"))
    expect(page.locator("#dispute-status")).to_have_text("open")
    expect(page.get_by_role("link", name="Make a complaint")).to_have_count(0)
    expect(page.get_by_role("link", name="Review the dispute resolution service")).to_have_count(0)

    page.goto(dispute_url(site_url, "8000000000000004", "complaint"))
    expect(page.get_by_role("alert")).to_have_text(
        "The dispute is still open. You can make a complaint after it is closed.")
    expect(page.get_by_role("button", name="Send")).to_have_count(0)
    answer = page.request.post(dispute_url(site_url, "8000000000000004", "complaint"),
                               form={"category": "dispute-decision", "details": "Let me in."})
    assert "The dispute is still open." in answer.text()

    page.goto(dispute_url(site_url, "8000000000000001", "complaint"))
    expect(page.get_by_role("alert")).to_have_text("This order has no dispute.")
    page.goto(dispute_url(site_url, "8000000000000001"))
    expect(page.get_by_role("alert")).to_have_text("This order has no dispute.")
    page.goto(dispute_url(site_url, "8000000000000099", "complaint"))
    expect(page.get_by_role("alert")).to_contain_text("This order was not found in your account.")

    complain_directly(page, site_url, "8000000000000002")
    page.goto(dispute_url(site_url, "8000000000000002", "complaint"))
    expect(page.get_by_role("alert")).to_have_text("A complaint about this dispute has already been made.")
    answer = page.request.post(dispute_url(site_url, "8000000000000002", "complaint"),
                               form={"category": "dispute-decision", "details": "Once more."})
    assert "A complaint about this dispute has already been made." in answer.text()
    page.goto(dispute_url(site_url, "8000000000000002", "results"))
    expect(page.get_by_role("alert")).to_have_text("The administration has not decided on your complaint yet.")
    assert len(mock_site.submissions()) == 1


def test_dispute_complaint_text_and_file_limits(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    photos = [png(f"photo-{n}.png") for n in range(5)]
    page.goto(dispute_url(site_url, "8000000000000003", "complaint"))
    page.get_by_role("radio", name="Complaint about the dispute decision").check()
    situation = page.get_by_label("Describe the situation", exact=True)
    situation.evaluate("textarea => textarea.removeAttribute('maxlength')")
    situation.fill("y" * 1001)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(form_alert(page)).to_have_text("The description must be at most 1000 characters.")
    expect(page.get_by_role("radio", name="Complaint about the dispute decision")).to_be_checked()

    page.get_by_label("Describe the situation", exact=True).fill("Short enough now.")
    upload(page, *photos)
    expect_uploaded(page, *photos)
    uploaded_evidence(page).evaluate("""list => list.closest('form').append(
        list.querySelector('input[name="evidence_id"]').cloneNode())""")
    page.get_by_role("button", name="Send", exact=True).click()
    expect(form_alert(page)).to_have_text("You can attach at most 5 files.")
    expect(page.get_by_label("Describe the situation", exact=True)).to_have_value("Short enough now.")
    assert mock_site.submissions() == []
