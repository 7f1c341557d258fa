"""`autoreport login`: a person signs in in a visible browser; the tool only watches and saves the session.

The tool never fills the password: it opens the login page, waits until the site leaves it with a
signed-in session (however long the site's own checks take), and saves Playwright's storage state
with file mode 600.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from autoreport.browser.contexts import new_context
from autoreport.browser.discovery import BrowserChoice
from autoreport.browser.driver import start_playwright
from autoreport.browser.providers import launch_browser
from autoreport.errors import NeedsHuman
from autoreport.sites.elements import PageElements
from autoreport.sites.profile import SiteProfile
from autoreport.store.state import write_private

LOGIN_WAIT_S = 10 * 60


def sign_in(profile: SiteProfile, session_path: Path, choice: BrowserChoice, say: Callable[[str], None], *,
            wait_s: float = LOGIN_WAIT_S, extra_args: tuple[str, ...] = ()) -> Path:
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    with start_playwright() as playwright:
        browser = launch_browser(playwright, choice, headless=False, args=extra_args)
        try:
            context = new_context(browser, profile.context_settings())
            page = context.new_page()
            page.goto(profile.login_url(profile.report_centre_url))
            say(f"Sign in to {profile.name} in the browser window (waiting up to {wait_s / 60:.0f} minutes).")
            try:
                wait_until_signed_in(page, profile, wait_s)
            except PlaywrightTimeoutError:
                raise NeedsHuman(f"nobody signed in within {wait_s / 60:.0f} minutes; nothing was saved") from None
            write_private(session_path, json.dumps(context.storage_state()).encode())
        finally:
            browser.close()
    return session_path


def session_works(profile: SiteProfile, session_path: Path, choice: BrowserChoice) -> bool:
    """Whether the saved session still opens the report centre without a login, headless."""

    if not session_path.is_file():
        return False
    with start_playwright() as playwright:
        browser = launch_browser(playwright, choice, headless=True)
        try:
            context = new_context(browser, profile.context_settings(session_path))
            page = context.new_page()
            page.goto(profile.report_centre_url)
            return signed_in(page, profile)
        finally:
            browser.close()


def signed_in(page, profile: SiteProfile) -> bool:
    """The page is the site's for a signed-in person: not its login page, and no login form over it (today's
    site answers a signed-out visitor at the same address, with its login modal open)."""
    if profile.is_login_page(page.url):
        return False
    login_form = PageElements(page, profile.knowledge).find("login-form")
    return not login_form.first.is_visible()


def wait_until_signed_in(page, profile: SiteProfile, wait_s: float) -> None:
    """Until the person has signed in (PlaywrightTimeoutError after wait_s): watched, never typed. The
    page leaves the login page, and no login form stays over it; each wait is on the page's state."""
    deadline = time.monotonic() + wait_s
    login_form = PageElements(page, profile.knowledge).find("login-form").first
    while not signed_in(page, profile):
        remaining_ms = max((deadline - time.monotonic()) * 1000, 1)
        page.wait_for_url(lambda url: not profile.is_login_page(url), timeout=remaining_ms)
        login_form.wait_for(state="hidden", timeout=max((deadline - time.monotonic()) * 1000, 1))
        page.wait_for_load_state()
