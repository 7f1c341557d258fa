"""What the site puts in the way of a flow, and only a person may clear: its login page and its
anti-bot slider (a page of its own, or an inline dialog). The generic runner knows neither: the
HumanCheckpoint hook, given to it by whoever runs a flow on this site, does."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from autoreport.errors import NeedsHuman
from autoreport.flow.runner import FlowHooks, OnError
from autoreport.flow.step import FlowContext, Step

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# The live site's inline anti-bot dialog (the slider in an iframe over the page); the mock copies it.
CAPTCHA_DIALOG = ".baxia-dialog"


class SiteBlocked(NeedsHuman):
    """The site put its login page or its anti-bot slider in the way: a person is needed."""


def blocker_marks(page: Page) -> Locator:
    """What the live site puts in the way of a page, and the mock copies: its login form (#fm-login-id) and
    its anti-bot slider (#nc_1_n1z, or the inline dialog)."""
    return page.locator(f"#fm-login-id, #nc_1_n1z, {CAPTCHA_DIALOG}")


def captcha_dialog_visible(page: Page) -> bool:
    return page.locator(CAPTCHA_DIALOG).is_visible()


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
        if ctx.profile.is_punish_page(url) or captcha_dialog_visible(ctx.page):
            return "captcha"
        return None

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
            page.wait_for_url(lambda url: not profile.is_login_page(url), timeout=self.wait_s * 1000)
        except PlaywrightTimeoutError:
            raise NeedsHuman(f"nobody cleared the site's check within {self.wait_s / 60:.0f} minutes") from None
