"""What the site puts in the way of a flow, and only a person may clear: its login (a page of its own,
or a modal over the page asked for) and its anti-bot slider (a page of its own, or an inline dialog).
The generic runner knows neither: the HumanCheckpoint hook, given to it by whoever runs a flow on this
site, does."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from autoreport.errors import NeedsHuman
from autoreport.flow.runner import FlowHooks, OnError
from autoreport.flow.step import FlowContext, Step
from autoreport.sites.blocked import CAPTCHA_DIALOG
from autoreport.sites.elements import PageElements

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from autoreport.sites.profile import SiteProfile

def signed_in(page: Page, profile: SiteProfile) -> bool:
    """The page is the site's for a signed-in person: not its login page, and no login form over it (today's
    site answers a signed-out visitor at the same address, with its login modal open)."""
    if profile.is_login_page(page.url):
        return False
    login_form = PageElements(page, profile.knowledge).find("login-form")
    return not login_form.first.is_visible()


def wait_until_signed_in(page: Page, profile: SiteProfile, wait_s: float) -> None:
    """Until the person has signed in (PlaywrightTimeoutError after wait_s): watched, never typed. The
    page leaves the login page, and no login form stays over it; each wait is on the page's state."""
    deadline = time.monotonic() + wait_s
    login_form = PageElements(page, profile.knowledge).find("login-form").first
    while not signed_in(page, profile):
        remaining_ms = max((deadline - time.monotonic()) * 1000, 1)
        page.wait_for_url(lambda url: not profile.is_login_page(url), timeout=remaining_ms)
        login_form.wait_for(state="hidden", timeout=max((deadline - time.monotonic()) * 1000, 1))
        page.wait_for_load_state()


HUMAN_WAIT_S = 15 * 60


class HumanCheckpoint(FlowHooks):
    """Recognises the login page and the anti-bot slider, at any step. Headless, it stops the flow
    for a person (exit 3). In a visible browser, it says what to do, waits until the page leaves the
    slider or the login, and runs the same step again. It never touches the slider itself."""

    def __init__(self, *, visible: bool = False, say: Callable[[str], None] | None = None,
                 wait_s: float = HUMAN_WAIT_S):
        self.visible = visible
        self.say = say or (lambda text: None)
        self.wait_s = wait_s

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        self.hand_over_if_blocked(ctx)

    def on_error(self, step: Step, error: BaseException, attempt: int, ctx: FlowContext) -> OnError:
        if not self.hand_over_if_blocked(ctx):
            return OnError.RAISE
        # A person cleared the way. A step that may have filed the complaint is not clicked again:
        # the flow fails and the complaint is looked up on the site first.
        return OnError.RETRY if step.repeatable else OnError.RAISE

    @staticmethod
    def blocker(ctx: FlowContext) -> str | None:
        url = ctx.page.url
        if url == "about:blank":  # nothing loaded yet; asking the page would only cost its first script
            return None
        if ctx.profile.is_login_page(url):
            return "login"
        if ctx.profile.is_punish_page(url):
            return "captcha"
        # Asked before every step: one query of the page when, as usual, nothing is in the way.
        login_form = PageElements(ctx.page, ctx.profile.knowledge).find("login-form")
        if not login_form.or_(ctx.page.locator(CAPTCHA_DIALOG)).filter(visible=True).count():
            return None
        return "login" if login_form.filter(visible=True).count() else "captcha"

    def hand_over_if_blocked(self, ctx: FlowContext) -> bool:
        """True when a person cleared a blocker; raises NeedsHuman when nobody can."""
        blocker = self.blocker(ctx)
        if blocker is None:
            return False
        if not self.visible:
            if blocker == "login":
                # The IP Protection platform has an account of its own, signed in to apart.
                ipp = " --platform ipp" if ctx.profile.platform == "ipp" else ""
                raise NeedsHuman(
                    f"the {ctx.profile.name} site asks to sign in (no session, or it expired). "
                    f"Sign in with `autoreport login{ipp} --site {ctx.profile.name}`, or run again with --headed "
                    "and sign in in the window.")
            raise NeedsHuman("the site shows its anti-bot slider, which only a person may solve. "
                             "Run again with --headed (or --step) and slide it in the browser window.")
        if blocker == "login":
            self.say("The site asks you to sign in: sign in in the browser window; the run goes on after.")
        else:
            self.say("The site shows its anti-bot slider: slide it in the browser window; the run goes on after.")
        self.wait_until_clear(ctx)
        self.say("Thank you: carrying on.")
        return True

    def wait_until_clear(self, ctx: FlowContext) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        page, profile = ctx.page, ctx.profile
        try:
            page.wait_for_function(
                "([punishPath, dialog]) => !document.querySelector(dialog)"
                " && !location.pathname.startsWith(punishPath)",
                arg=[profile.punish_path, CAPTCHA_DIALOG], timeout=self.wait_s * 1000, polling=500)
            wait_until_signed_in(page, profile, self.wait_s)
        except PlaywrightTimeoutError:
            raise NeedsHuman(f"nobody cleared the site's check within {self.wait_s / 60:.0f} minutes") from None
