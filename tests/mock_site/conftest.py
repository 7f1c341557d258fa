"""Fixtures for the mock marketplace's own tests, on top of the shared mock_site_server (one
MockSite for the session, on the article's edition) and mock_site (its control API, reset before each
test); current_site switches one test to the current edition. Helpers to drive the pages are in
shopper.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page


@pytest.fixture
def site_url(mock_site_server, mock_site) -> str:
    """The site's address, the site just reset."""
    return mock_site_server.url


@pytest.fixture
def signed_in(page: Page, site_url: str) -> Page:
    """A browser page with the demo account signed in, on the home page."""
    page.goto(f"{site_url}/__mock__/sign-in?return_url=/")
    return page


@pytest.fixture
def current_site(site_url: str, mock_site):
    """The site's address, serving the current edition for this test; the article's again after it."""
    mock_site.set_edition("current")
    yield site_url
    mock_site.set_edition("article")


@pytest.fixture
def current_signed_in(page: Page, current_site: str) -> Page:
    """A browser page with the demo account signed in on the current edition, on the home page."""
    page.goto(f"{current_site}/__mock__/sign-in?return_url=/")
    return page
