"""Hooks the runner calls around each step: progress, trace groups, failure artifacts,
the ledger's pending mark, and the hand-off to a person when the site wants one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from autoreport.errors import NeedsHuman
from autoreport.flow.runner import Abort, FlowHooks, OnError
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext


class ProgressLines(FlowHooks):
    """`[3/9] attach-evidence` before each step, its outcome after."""

    def __init__(self, say: Callable[[str], None], label: str = ""):
        self.say = say
        self.prefix = f"{label}: " if label else ""

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        self.say(f"{self.prefix}[{position}/{total}] {step.name}")

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
        if result.status is StepStatus.SKIPPED:
            self.say(f"{self.prefix}  skipped {step.name}")
        elif result.status is StepStatus.FAILED:
            self.say(f"{self.prefix}  {step.name} failed: {result.error}")


class TraceGroups(FlowHooks):
    """Each step is a named group in the Playwright trace, so the viewer speaks the tool's words."""

    def __init__(self, context: BrowserContext):
        self.context = context

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        self.context.tracing.group(f"{position:02d} {step.name}")

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
        self.context.tracing.group_end()


class FailureScreenshot(FlowHooks):
    """A full-page screenshot named after the step that failed: `03-attach-evidence-failed.png`; or,
    when a person quit (step-through `q`, Ctrl-C), after the step it stopped before: `04-fill-order-quit.png`."""

    def after_flow(self, results: list[StepResult], error: BaseException | None, ctx: FlowContext) -> None:
        if error is None:
            return
        failed = next((i for i, r in enumerate(results) if r.status is StepStatus.FAILED), None)
        if failed is None:
            failed = next((i for i, r in enumerate(results) if r.status is StepStatus.NOT_RUN), len(results))
        name = results[failed].name if failed < len(results) else "flow"
        ending = "quit" if isinstance(error, Abort) else "failed"
        path = ctx.run_folder / f"{failed + 1:02d}-{name}-{ending}.png"
        try:
            ctx.page.screenshot(path=path, full_page=True)
        except Exception:  # a closed page has nothing left to show
            pass


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
        from autoreport.sites.pages import captcha_dialog_visible

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
                raise NeedsHuman(
                    f"the {ctx.profile.name} site asks to sign in (no session, or it expired). "
                    f"Sign in with `autoreport login --site {ctx.profile.name}`, or run again with --headed "
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
                "punishPath => !document.querySelector('.baxia-dialog')"
                " && !location.pathname.startsWith(punishPath)",
                arg=profile.punish_path, timeout=self.wait_s * 1000, polling=500)
            page.wait_for_url(lambda url: not profile.is_login_page(url), timeout=self.wait_s * 1000)
        except PlaywrightTimeoutError:
            raise NeedsHuman(f"nobody cleared the site's check within {self.wait_s / 60:.0f} minutes") from None
