"""Hooks the runner calls around each step: progress lines, trace groups, failure screenshots.
The hooks that know a site (its login page, its slider) come from the site's layer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from autoreport.flow.runner import Abort, FlowHooks
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext


# A line a step leaves for the progress to show after it (what it found out: the site's edition).
PROGRESS_NOTE = "progress_note"


class ProgressLines(FlowHooks):
    """`[3/9] attach-evidence` before each step, its outcome after, and a note the step left."""

    def __init__(self, say: Callable[[str], None], label: str = ""):
        self.say = say
        self.prefix = f"{label}: " if label else ""

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        self.say(f"{self.prefix}[{position}/{total}] {step.name}")

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
        if note := ctx.notes.pop(PROGRESS_NOTE, None):
            self.say(f"{self.prefix}  {note}")
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
