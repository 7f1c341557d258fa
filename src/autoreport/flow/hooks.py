"""Hooks the runner calls around each step: progress, trace groups, failure artifacts,
the ledger's pending mark, and the hand-off to a person when the site wants one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from autoreport.errors import NeedsHuman
from autoreport.flow.runner import FlowHooks, OnError
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
    """A full-page screenshot named after the step that failed: `03-attach-evidence-failed.png`."""

    def after_flow(self, results: list[StepResult], error: BaseException | None, ctx: FlowContext) -> None:
        if error is None:
            return
        failed = next((i for i, r in enumerate(results) if r.status is StepStatus.FAILED), None)
        if failed is None:
            failed = next((i for i, r in enumerate(results) if r.status is StepStatus.NOT_RUN), len(results))
        name = results[failed].name if failed < len(results) else "flow"
        path = ctx.run_folder / f"{failed + 1:02d}-{name}-failed.png"
        try:
            ctx.page.screenshot(path=path, full_page=True)
        except Exception:  # a closed page has nothing left to show
            return
        ctx.notes["failure_screenshot"] = path.name


class HumanCheckpoint(FlowHooks):
    """Recognises the login page and the anti-bot slider; headless, it stops the flow for a person."""

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        self.raise_if_blocked(ctx)

    def on_error(self, step: Step, error: BaseException, attempt: int, ctx: FlowContext) -> OnError:
        self.raise_if_blocked(ctx)
        return OnError.RAISE

    @staticmethod
    def blocker(ctx: FlowContext) -> str | None:
        from autoreport.sites.pages import captcha_dialog_visible

        url = ctx.page.url
        if ctx.profile.is_login_page(url):
            return "login"
        if ctx.profile.is_punish_page(url) or captcha_dialog_visible(ctx.page):
            return "captcha"
        return None

    def raise_if_blocked(self, ctx: FlowContext) -> None:
        blocker = self.blocker(ctx)
        if blocker == "login":
            raise NeedsHuman(
                f"the {ctx.profile.name} site asks to sign in (no session, or it expired). "
                f"Sign in with `autoreport login --site {ctx.profile.name}`, then run again.")
        if blocker == "captcha":
            raise NeedsHuman(
                "the site shows its anti-bot slider, which only a person may solve. "
                "Run again with --headed (or --step) and slide it in the browser window.")
