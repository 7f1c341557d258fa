"""The two editions and what the current one adds around its report centre: the edition control, the
login modal, the consent banner, the anti-bot answer to background requests, and class names hashed
anew at every start."""

from __future__ import annotations

import re
import urllib.error
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from autoreport.mock_site import MockSite
from autoreport.mock_site.client import MockControl
from click.testing import CliRunner
from playwright.sync_api import Page, expect
from shopper import drag_slider, fill_product_report, open_card, png, signed_in_session, submit_card_report

from autoreport.cli.tools import mock_site as mock_site_command

PRODUCT = "https://www.aliexpress.com/item/1005006000000001.html"
RESTRICTED = "Restricted or Prohibited Products"


# --- the edition --------------------------------------------------------------------------------
def test_a_new_mock_serves_the_current_edition_and_the_control_api_switches_it():
    with MockSite() as site:
        control = MockControl(site.url)
        assert site.edition == control.edition() == "current"
        assert "Report (For Non-Rights Holders)" in requests.get(
            f"{site.url}/health/reportIndex.htm", cookies=signed_in_session(site.url).cookies, timeout=10).text
        assert control.set_edition("article") == "article"
        page = signed_in_session(site.url).get(f"{site.url}/health/reportIndex.htm", timeout=10).text
        assert "Choose the cause of the complaint" in page and "Report (For Non-Rights Holders)" not in page
    with MockSite(edition="article") as site:
        assert MockControl(site.url).edition() == "article"


def test_a_reset_keeps_the_edition(current_site: str, mock_site):
    mock_site.faults(popup=True)
    mock_site.reset()
    assert mock_site.edition() == "current"
    assert mock_site.faults()["popup"] is False


@pytest.mark.parametrize("edition", ["", "Current", "2015", None, ["article"]])
def test_an_unknown_edition_is_refused_with_its_message(site_url: str, mock_site, edition):
    answer = requests.post(f"{site_url}/__mock__/edition", json={"edition": edition}, timeout=10)
    assert answer.status_code == 400
    assert answer.json()["error"].startswith("edition must be 'current' or 'article'")
    assert mock_site.edition() == "article"


def test_the_edition_control_takes_json_from_loopback_only(site_url: str, mock_site):
    answer = requests.post(f"{site_url}/__mock__/edition", data={"edition": "current"}, timeout=10)
    assert answer.status_code == 415
    with pytest.raises(urllib.error.HTTPError) as refused:
        MockControl(site_url).set_edition("newest")
    assert refused.value.code == 400
    assert mock_site.edition() == "article"


def test_mock_site_refuses_an_unknown_edition():
    with pytest.raises(ValueError, match="edition must be 'current' or 'article', not 'modern'"):
        MockSite(edition="modern")
    result = CliRunner().invoke(mock_site_command, ["--edition", "modern"])
    assert result.exit_code == 2
    assert "'modern' is not one of 'current', 'article'" in result.output


def test_the_dispute_pages_stay_as_the_article_has_them(current_signed_in: Page, current_site: str):
    page = current_signed_in
    page.goto(f"{current_site}/p/order/index.html")
    expect(page.get_by_role("heading", name="My Orders")).to_be_visible()
    page.goto(f"{current_site}/p/dispute/index.html")
    expect(page.get_by_role("heading", name="Dispute management")).to_be_visible()


# --- the login modal ----------------------------------------------------------------------------
def test_sign_in_is_a_modal_in_two_steps_over_the_page_asked_for(page: Page, current_site: str):
    page.goto(f"{current_site}/health/reportIndex.htm")
    expect(page).to_have_url(f"{current_site}/health/reportIndex.htm")  # no redirect to a login page
    wrap = page.locator("#batman-dialog-wrap")
    dialog = wrap.get_by_role("dialog", name="Sign in")
    expect(dialog).to_be_visible()
    password = dialog.get_by_label("Password", exact=True)
    expect(password).to_be_hidden()

    dialog.get_by_role("button", name="Continue", exact=True).click()
    expect(dialog.get_by_role("alert")).to_have_text("Please enter a valid email address.")
    email = dialog.get_by_label("Email address", exact=True)
    expect(email).to_have_attribute("id", "fm-login-id")
    email.fill("buyer@example.com")
    dialog.get_by_role("button", name="Continue", exact=True).click()
    expect(email).to_be_hidden()
    expect(password).to_be_visible()
    expect(password).to_have_attribute("id", "fm-login-password")
    expect(dialog).to_contain_text("Signing in as buyer@example.com")

    password.fill("wrong")
    dialog.get_by_role("button", name="Sign in", exact=True).click()
    expect(dialog.get_by_role("alert")).to_have_text("Your account name or password is incorrect.")
    expect(password).to_be_visible()  # the wrong password leaves the buyer at the password step
    password.fill("demo-password")
    dialog.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(f"{current_site}/health/reportIndex.htm")
    expect(page.get_by_role("region", name=RESTRICTED, exact=True)).to_be_visible()
    expect(page.locator("#batman-dialog-wrap")).to_have_count(0)
    expect(page.get_by_role("banner")).to_contain_text("buyer@example.com")


def test_the_top_bar_opens_the_login_modal_on_a_public_page(page: Page, current_site: str):
    page.goto(current_site)
    dialog = page.get_by_role("dialog", name="Sign in")
    expect(dialog).to_be_hidden()
    page.get_by_role("banner").get_by_role("button", name="Sign in").click()
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def test_the_slider_shows_inside_the_login_modal(page: Page, current_site: str, mock_site):
    mock_site.faults(captcha="inline")
    page.goto(f"{current_site}/health/myReports.htm")
    dialog = page.locator("#batman-dialog-wrap").get_by_role("dialog", name="Sign in")
    frame = dialog.locator("iframe#baxia-dialog-content")
    expect(frame).to_be_visible()
    slider = page.frame_locator("#baxia-dialog-content")
    handle = slider.get_by_role("slider", name="Slide to verify")
    drag_slider(page, handle, slider.locator("#nc_1_n1t"), 1.0)
    expect(frame).to_have_count(0)
    dialog.get_by_label("Email address", exact=True).fill("buyer@example.com")
    dialog.get_by_role("button", name="Continue", exact=True).click()
    dialog.get_by_label("Password", exact=True).fill("demo-password")
    dialog.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="My Reports", level=1)).to_be_visible()


# --- the consent banner -------------------------------------------------------------------------
def test_the_consent_banner_is_accepted_with_its_third_button(current_signed_in: Page, current_site: str,
                                                              mock_site):
    page = current_signed_in
    mock_site.faults(cookie_banner=True)
    page.goto(current_site)
    banner = page.locator("#gdpr-new-container")
    expect(banner).to_be_visible()
    buttons = banner.get_by_role("button")
    expect(buttons).to_have_text(["Cookie settings", "Reject non-essential cookies", "Accept cookies"])
    buttons.nth(0).click()
    expect(banner.get_by_text("analytics and advertising cookies are optional")).to_be_visible()
    buttons.nth(2).click()
    expect(banner).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#gdpr-new-container")).to_have_count(0)


# --- anti-bot on background requests ------------------------------------------------------------
def test_the_xhr_captcha_answers_the_next_json_request_once(current_site: str, mock_site):
    session = signed_in_session(current_site)
    photo = png()
    mock_site.faults(captcha="xhr")
    page_load = session.get(f"{current_site}/health/reportIndex.htm", timeout=10)
    assert page_load.status_code == 200 and "Submit a Report" in page_load.text  # pages are left alone

    answer = session.post(f"{current_site}/health/upload", files={"file": (photo.name, photo.data)},
                          headers={"Referer": f"{current_site}/health/reportIndex.htm"}, timeout=10)
    assert answer.status_code == 200
    body = answer.json()
    assert body["ret"] == ["FAIL_SYS_USER_VALIDATE::Please slide to verify"]
    slider = urlsplit(body["data"]["url"])
    assert slider.path == "/_____tmd_____/punish"
    query = parse_qs(slider.query)
    assert query["x5secdata"][0] and query["return_url"] == [f"{current_site}/health/reportIndex.htm"]
    assert "id" not in body
    assert mock_site.faults()["captcha"] is None

    again = session.post(f"{current_site}/health/upload", files={"file": (photo.name, photo.data)}, timeout=10)
    assert again.status_code == 200 and again.json()["sha256"] == photo.sha256


def test_the_xhr_captcha_stops_a_report_sent_by_script_before_it_is_stored(current_site: str, mock_site):
    session = signed_in_session(current_site)
    mock_site.faults(captcha="xhr")
    answer = session.post(f"{current_site}/health/api/submitReport.json", timeout=10, data={
        "card": "restricted-products", "reason": "illicit-drugs", "product_url": PRODUCT, "details": "Sells them.",
        "contact_email": "buyer@example.com"})
    assert answer.json()["ret"][0].startswith("FAIL_SYS_USER_VALIDATE")
    assert "x5secdata=" in answer.json()["data"]["url"]
    assert mock_site.submissions() == []


def test_a_buyer_clears_the_slider_and_the_report_goes_once(current_signed_in: Page, current_site: str,
                                                            mock_site):
    page = current_signed_in
    form = open_card(page, current_site, RESTRICTED)
    form.get_by_role("radio", name="Medical Drugs and Devices", exact=True).check()
    fill_product_report(form, PRODUCT, "Sells prescription drugs.")
    mock_site.faults(captcha="xhr")
    page.get_by_role("button", name="Submit", exact=True).click()
    slider = page.frame_locator("#baxia-dialog-content")
    handle = slider.get_by_role("slider", name="Slide to verify")
    expect(handle).to_be_visible()
    assert mock_site.submissions() == []
    drag_slider(page, handle, slider.locator("#nc_1_n1t"), 1.0)
    expect(page.get_by_role("heading", name="Report submitted", level=1)).to_be_visible()
    [report] = mock_site.submissions()
    assert report["reason"] == "medical-drugs-and-devices"
    assert page.locator("#complaint-number").inner_text() == report["id"]


def test_an_upload_met_by_the_slider_goes_up_once_it_is_cleared(current_signed_in: Page, current_site: str,
                                                                mock_site):
    page = current_signed_in
    open_card(page, current_site, RESTRICTED)
    mock_site.faults(captcha="xhr")
    photo = png("evidence.png")
    page.get_by_label("Photo or video evidence", exact=True).set_input_files([photo.payload()])
    slider = page.frame_locator("#baxia-dialog-content")
    drag_slider(page, slider.get_by_role("slider", name="Slide to verify"), slider.locator("#nc_1_n1t"), 1.0)
    item = page.get_by_role("list", name="Uploaded evidence").get_by_role("listitem")
    expect(item).to_have_count(1)
    expect(item.get_by_role("img", name="Thumbnail of evidence.png")).to_be_visible()


# --- class names hashed per start ---------------------------------------------------------------
def page_classes(site_url: str, path: str = "/") -> list[str]:
    return re.findall(r'class="([^"]*)"', requests.get(f"{site_url}{path}", timeout=10).text)


def test_class_names_are_hashed_anew_at_every_start_and_alike_within_one():
    with MockSite() as first:
        first_classes = page_classes(first.url)
        assert page_classes(first.url) == first_classes  # one deploy for as long as the mock runs
        stylesheet = re.search(r'href="(/static/site\.css\?deploy=[0-9a-f]+)"',
                               requests.get(first.url, timeout=10).text).group(1)
        css = requests.get(f"{first.url}{stylesheet}", timeout=10).text
    with MockSite() as second:
        second_classes = page_classes(second.url)
    topbar_first = next(names for names in first_classes if names.startswith("topbar"))
    topbar_second = next(names for names in second_classes if names.startswith("topbar"))
    assert re.fullmatch(r"topbar--[0-9a-f]{6}", topbar_first)
    assert topbar_first != topbar_second
    assert f".{topbar_first} " in css or f".{topbar_first}{{" in css


def test_the_current_edition_still_works_with_its_hashed_classes(current_signed_in: Page, current_site: str,
                                                                  mock_site):
    page = current_signed_in
    form = open_card(page, current_site, RESTRICTED)
    assert all("--" in name or name in ("baxia-dialog",) for names in page_classes(current_site, "/")
               for name in names.split())
    form.get_by_role("radio", name="Illicit Drugs, Precursors and Drug Paraphernalia", exact=True).check()
    fill_product_report(form, PRODUCT, "Sells them.")
    submit_card_report(page)
    assert len(mock_site.submissions()) == 1


# --- failures of the script's request -----------------------------------------------------------
def test_a_failed_or_lost_report_request_says_so_on_the_form(current_signed_in: Page, current_site: str,
                                                             mock_site):
    page = current_signed_in
    form = open_card(page, current_site, RESTRICTED)
    form.get_by_role("radio", name="Obscene and Adult Materials", exact=True).check()
    fill_product_report(form, PRODUCT, "Sells them.")
    mock_site.faults(fail_requests=1, fail_path="/health/api/")
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(form.get_by_role("alert")).to_have_text("The report was not sent (HTTP 503).")
    assert mock_site.submissions() == []

    mock_site.faults(drop_submit_response=True)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(form.get_by_role("alert")).to_have_text("The connection was lost. Check My Reports before you submit again.")
    assert len(mock_site.submissions()) == 1  # stored once, its answer lost
