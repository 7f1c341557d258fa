"""The tool's obstacle handlers on the mock's pages: none waits behind another."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from autoreport.sites.pages import dismiss_obstacles_when_they_appear
from autoreport.sites.profile import mock_profile


def test_a_promotion_over_the_cookie_banner_is_closed_first_and_both_go(page: Page, mock_site_server, mock_site):
    mock_site.faults(popup=True, cookie_banner=True)
    page.goto(f"{mock_site_server.url}/__mock__/sign-in?return_url=/p/order/index.html")
    promo = page.get_by_role("dialog", name="Welcome deal: coupons for new shoppers")
    banner = page.get_by_role("region", name="Cookie consent")
    expect(promo).to_be_visible()
    expect(banner).to_be_visible()  # both up: the banner's button lies under the promotion's backdrop
    # A handler that waited out its click behind the backdrop would fail the action after this long.
    page.set_default_timeout(5_000)
    dismiss_obstacles_when_they_appear(page, mock_profile(mock_site_server.url))

    page.get_by_role("link", name="My Orders").first.click(timeout=20_000)

    expect(promo).to_have_count(0)
    expect(banner).to_have_count(0)
