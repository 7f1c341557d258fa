"""Every switchable obstacle and failure, met in the browser, then switched off."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect
from shopper import (
    add_complaint_button,
    choose_from_dropdown,
    drag_slider,
    fill_trade_rules,
    open_report_centre,
)


def covered_by(page: Page, target, cover_selector: str) -> bool:
    """Whether what sits on top at the target's centre belongs to the covering element."""
    box = target.bounding_box()
    return page.evaluate(
        "([x, y, cover]) => !!document.elementFromPoint(x, y)?.closest(cover)",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, cover_selector],
    )


def test_fail_requests_then_the_site_recovers(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(fail_requests=2)
    for _ in range(2):
        answer = page.goto(f"{site_url}/p/order/index.html")
        assert answer.status == 503
        expect(page.get_by_role("heading")).to_have_text("503 Service Temporarily Unavailable")
    page.reload()
    expect(page.get_by_role("heading", name="My Orders")).to_be_visible()
    assert mock_site.faults()["fail_requests"] == 0

    mock_site.faults(fail_requests=1, fail_status=502)
    assert page.goto(f"{site_url}/p/order/index.html").status == 502
    expect(page.get_by_role("heading")).to_have_text("502 Bad Gateway")
    mock_site.faults(fail_requests=5, fail_status=None)
    mock_site.faults(fail_requests=0)
    assert page.goto(f"{site_url}/p/order/index.html").ok


def test_a_failed_upload_shows_an_error_next_to_the_file(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    open_report_centre(page, site_url)
    fill_trade_rules(page)
    mock_site.faults(fail_requests=1)
    page.get_by_label("Photo or video evidence", exact=True).set_input_files(
        [{"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" + b"\0" * 64}])
    expect(page.get_by_role("list", name="Uploaded evidence").get_by_role("alert")).to_have_text(
        "photo.png: the upload failed (HTTP 503). Please try again.")


def test_latency_slows_every_page_until_switched_off(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(latency_ms=400)
    for path in ("/p/order/index.html", "/health/reportIndex.htm", "/static/site.css"):
        started = time.monotonic()
        response = page.goto(f"{site_url}{path}")
        assert time.monotonic() - started >= 0.4, path
        assert response.headers["server-timing"] == "latency;dur=400", path
    assert mock_site.faults(latency_ms=0)["latency_ms"] == 0
    # Switched off, no delay is added: read off the site's own record, as a busy machine may take
    # any time to load a page.
    response = page.goto(f"{site_url}/p/order/index.html")
    assert "server-timing" not in response.headers
    expect(page.get_by_role("heading", name="My Orders")).to_be_visible()


def test_dropped_submit_response_stores_the_report_but_the_browser_sees_a_network_error(
        signed_in: Page, site_url: str, mock_site):
    page = signed_in
    open_report_centre(page, site_url)
    fill_trade_rules(page)
    mock_site.faults(drop_submit_response=True)
    with page.expect_event("requestfailed", lambda r: "submitReport" in r.url) as failed:
        add_complaint_button(page).click()
    assert failed.value.failure.startswith("net::ERR_")
    expect(page.get_by_role("heading", name="Report submitted")).to_have_count(0)
    [stored] = mock_site.submissions()
    assert stored["order_number"] == "8000000000000001"
    assert mock_site.faults()["drop_submit_response"] is False


def test_captcha_redirect_is_cleared_by_sliding_to_the_end(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(captcha=True)
    assert mock_site.faults()["captcha"] == "redirect"
    page.goto(f"{site_url}/health/myReports.htm")
    expect(page).to_have_url(re.compile(r"/_____tmd_____/punish\?x5secdata=[^&]+&return_url="))
    expect(page.get_by_text("Please slide to verify")).to_be_visible()
    handle, track = page.locator("#nc_1_n1z"), page.locator("#nc_1_n1t")

    drag_slider(page, handle, track, 0.4)
    expect(page.get_by_role("alert")).to_have_text("Oops... something's wrong. Please refresh and try again.")
    expect(handle).to_have_attribute("aria-valuenow", "0")

    drag_slider(page, handle, track, 1.0)
    expect(page).to_have_url(f"{site_url}/health/myReports.htm")
    expect(page.get_by_role("heading", name="My Reports", level=1)).to_be_visible()
    assert mock_site.faults()["captcha"] is None


def test_inline_captcha_dialog_goes_once_slid(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(captcha="inline")
    page.goto(f"{site_url}/p/order/index.html")
    dialog = page.locator(".baxia-dialog")
    expect(dialog).to_be_visible()
    assert covered_by(page, page.get_by_role("heading", name="My Orders"), ".baxia-dialog")
    slider = page.frame_locator("#baxia-dialog-content")
    expect(slider.get_by_text("Please slide to verify")).to_be_visible()
    drag_slider(page, slider.locator("#nc_1_n1z"), slider.locator("#nc_1_n1t"), 1.0)
    expect(dialog).to_have_count(0)
    expect(page).to_have_url(f"{site_url}/p/order/index.html")
    page.reload()
    expect(page.get_by_role("heading", name="My Orders")).to_be_visible()
    expect(dialog).to_have_count(0)


def test_promotional_popup_covers_every_page_until_switched_off(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(popup=True)
    page.goto(f"{site_url}/p/order/index.html")
    promo = page.get_by_role("dialog", name="Welcome deal: coupons for new shoppers")
    expect(promo).to_be_visible()
    assert covered_by(page, page.get_by_role("heading", name="My Orders"), ".promo-backdrop")
    promo.get_by_role("button", name="Close").click()
    expect(promo).to_have_count(0)

    page.reload()
    expect(promo).to_be_visible()
    mock_site.faults(popup=False)
    page.reload()
    expect(page.get_by_role("heading", name="My Orders")).to_be_visible()
    expect(page.locator("#promo-template")).to_have_count(0)


def test_cookie_banner_until_accepted(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(cookie_banner=True)
    page.goto(f"{site_url}/p/order/index.html")
    banner = page.get_by_role("region", name="Cookie consent")
    expect(banner).to_contain_text("We use cookies to improve your experience.")
    viewport = page.viewport_size
    assert page.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest('.cookie-banner')",
                         [viewport["width"] / 2, viewport["height"] - 20])
    page.get_by_role("button", name="Accept cookies").click()
    expect(banner).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", name="My Orders")).to_be_visible()
    expect(banner).to_have_count(0)

    page.context.clear_cookies(name="cookie_consent")
    page.reload()
    expect(banner).to_be_visible()
    mock_site.faults(cookie_banner=False)
    page.reload()
    expect(page.get_by_role("heading", name="My Orders")).to_be_visible()
    expect(banner).to_have_count(0)


def test_expired_session_sends_the_buyer_to_sign_in(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(session_expired=True)
    page.goto(f"{site_url}/health/myReports.htm")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    assert mock_site.faults()["session_expired"] is False
    page.get_by_label("Email or member ID").fill("buyer@example.com")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{site_url}/health/myReports.htm")
    expect(page.get_by_role("heading", name="My Reports", level=1)).to_be_visible()


def test_relabel_rewords_the_site_until_switched_off(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    mock_site.faults(relabel={"Order number": "Order ID", "Add a complaint": "Submit",
                            "Choose the cause of the complaint": "What went wrong?"})
    open_report_centre(page, site_url)
    page.get_by_role("radiogroup", name="What went wrong?").get_by_role("radio", name="Trade Rules").check()
    page.get_by_role("combobox", name="Reason").click()
    page.get_by_role("option", name="Malicious harassment").click()
    expect(page.get_by_role("button", name="Submit", exact=True)).to_be_visible()
    expect(page.get_by_label("Order ID", exact=True)).to_be_visible()
    expect(page.get_by_label("Order number", exact=True)).to_have_count(0)
    expect(add_complaint_button(page)).to_have_count(0)

    mock_site.faults(relabel=None)
    page.reload()
    expect(page.get_by_role("radiogroup", name="Choose the cause of the complaint")).to_be_visible()
    expect(page.get_by_role("radiogroup", name="What went wrong?")).to_have_count(0)


def test_the_report_form_arrives_late_until_switched_off(signed_in: Page, site_url: str, mock_site):
    page = signed_in
    section = page.locator("#report-form-section")
    order_number = page.get_by_label("Order number", exact=True)

    def choose_trade_rules_reason() -> None:
        open_report_centre(page, site_url)
        page.get_by_role("radio", name="Trade Rules", exact=True).check()
        choose_from_dropdown(page, "Reason", "Payment or refund outside AliExpress")

    assert mock_site.faults()["late_form_ms"] == 450  # on by default, as on the live site
    mock_site.faults(late_form_ms=60_000)  # far longer than the checks below take
    choose_trade_rules_reason()
    expect(section).to_have_attribute("aria-busy", "true")
    assert order_number.count() == 0

    mock_site.faults(late_form_ms=0)
    choose_trade_rules_reason()
    # Shown by the choice's own handler: there as soon as the click has returned.
    assert order_number.count() == 1
    expect(section).not_to_have_attribute("aria-busy", "true")
