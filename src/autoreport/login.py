"""`autoreport login`: a person signs in in a visible browser; the tool only watches and saves the session.

The tool never fills the password: it opens the login page, waits until the site leaves it with a
signed-in session (however long the site's own checks take), and saves Playwright's storage state
with file mode 600.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from autoreport.browser.contexts import new_context
from autoreport.browser.discovery import BrowserChoice
from autoreport.browser.driver import start_playwright
from autoreport.browser.providers import launch_browser
from autoreport.errors import NeedsHuman
from autoreport.sites.blockers import signed_in, wait_until_signed_in
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
