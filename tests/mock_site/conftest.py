"""Fixtures for the mock marketplace's own tests, on top of the shared mock_site_server (one
MockSite for the session) and mock_site (its control API, reset before each test). Helpers to
drive the pages are in shopper.py."""

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
