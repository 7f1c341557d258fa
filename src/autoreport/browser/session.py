"""One thread's browser: fresh contexts on demand, and a new browser if the old one died."""

from __future__ import annotations

from typing import TYPE_CHECKING

from autoreport.browser.contexts import ContextSettings, new_context
from autoreport.browser.failures import is_browser_gone

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Playwright

    from autoreport.browser.providers import BrowserProvider


class BrowserSession:
    """A browser from a provider, and the contexts a thread opens in it; every context waits up to
    timeout_s for an action (and navigation_timeout_s, when given, for a page to load)."""

    def __init__(self, playwright: Playwright, provider: BrowserProvider, *, headless: bool,
                 slow_mo: float | None, timeout_s: float = 30.0, navigation_timeout_s: float | None = None):
        self.playwright, self.provider = playwright, provider
        self.headless, self.slow_mo = headless, slow_mo
        self.timeout_s, self.navigation_timeout_s = timeout_s, navigation_timeout_s
        self.browser = provider.connect(playwright, headless=headless, slow_mo=slow_mo)

    def open_context(self, settings: ContextSettings) -> BrowserContext:
        """A fresh context, from a new browser if the old one died."""
        from playwright.sync_api import Error as PlaywrightError

        if not self.browser.is_connected():
            self._reconnect()
        try:
            return self._new_context(settings)
        except PlaywrightError as error:
            # A browser that has just died can still count as connected until the news arrives.
            if not is_browser_gone(error):
                raise
            self._reconnect()
            return self._new_context(settings)

    def _new_context(self, settings: ContextSettings) -> BrowserContext:
        return new_context(self.browser, settings, timeout_s=self.timeout_s,
                           navigation_timeout_s=self.navigation_timeout_s)

    def _reconnect(self) -> None:
        self.browser = self.provider.reconnect(self.playwright, self.browser, headless=self.headless,
                                               slow_mo=self.slow_mo)

    def close(self) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            if self.browser.is_connected():
                self.browser.close()
        except PlaywrightError:  # it died first (a second Ctrl-C, a crash): nothing left to close
            pass
