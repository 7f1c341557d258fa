"""Signing in: the redirect with return_url, wrong credentials, and the way back."""

from __future__ import annotations

from urllib.parse import quote

import requests
from playwright.sync_api import Page, expect


def test_logged_out_buyer_signs_in_and_returns_to_the_page(page: Page, site_url: str):
    target = f"{site_url}/health/reportIndex.htm?product_id=1005001234567890"
    page.goto(target)
    expect(page).to_have_url(f"{site_url}/login?return_url={quote(target, safe='')}")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    expect(page.get_by_text("Demo account:")).to_contain_text("buyer@example.com")

    page.locator("#fm-login-id").fill("buyer@example.com")
    page.locator("#fm-login-password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Your account name or password is incorrect.")
    expect(page.get_by_label("Email or member ID")).to_have_value("buyer@example.com")

    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(target)
    expect(page.get_by_role("heading", name="Submit a Report", level=1)).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text("buyer@example.com")
    session = next(c for c in page.context.cookies() if c["name"] == "session_id")
    assert session["httpOnly"]


def test_public_pages_need_no_sign_in(site_url: str):
    for path in ("/", "/login", "/static/site.css", "/_____tmd_____/punish?x5secdata=abc&return_url=/"):
        assert requests.get(f"{site_url}{path}", allow_redirects=False, timeout=10).status_code == 200, path
    for path in ("/help", "/help/disputes-and-complaints", "/health/myReports.htm", "/p/order/index.html",
                 "/p/dispute/index.html", "/p/dispute/detail.html?orderId=8000000000000002"):
        answer = requests.get(f"{site_url}{path}", allow_redirects=False, timeout=10)
        assert answer.status_code == 302, path
        assert answer.headers["Location"] == f"/login?return_url={quote(site_url + path, safe='')}"
    answer = requests.post(f"{site_url}/health/upload", files={"file": ("a.png", b"x")}, timeout=10)
    assert answer.status_code == 401
    assert answer.json() == {"error": "Your session has expired. Please sign in again."}


def test_return_url_stays_on_the_site(site_url: str):
    def sign_in(return_url: str) -> str:
        answer = requests.post(f"{site_url}/login", allow_redirects=False, timeout=10, data={
            "login_id": "Buyer@Example.com", "password": "demo-password", "return_url": return_url})
        assert answer.status_code == 302
        return answer.headers["Location"]

    assert sign_in("/p/order/index.html") == "/p/order/index.html"
    assert sign_in(f"{site_url}/health/myReports.htm") == f"{site_url}/health/myReports.htm"
    for elsewhere in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", "", "/\\evil.example"):
        assert sign_in(elsewhere) == "/"
    answer = requests.get(f"{site_url}/__mock__/sign-in?return_url=https://evil.example/",
                          allow_redirects=False, timeout=10)
    assert answer.headers["Location"] == "/"
