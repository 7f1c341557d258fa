"""What `check-site` compares beside each element: the page itself, against the ARIA snapshot template
stored for it (per site edition and page), once the page is complete in the flow.

Templates are Playwright ARIA snapshot YAML (`/children: contain`: nodes the site adds do not count),
shipped in autoreport/sites/page_templates/<edition>/<page>.yaml, for the edition the site's profile
names (knowledge.yaml). A page that does not match is reported with the first template node it lacks,
in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from importlib.resources import files
from pathlib import Path
from typing import Any

from autoreport.aria_template import first_difference, template_from_snapshot
from autoreport.flow.runner import FlowHooks
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus

# The part of the page a template describes: the page's own content, not the site's header and footer.
TEMPLATE_ROOT = "main"


class PageResult(StrEnum):
    MATCHES = "matches"
    DIFFERS = "differs"
    NOT_REACHED = "not reached"
    NOT_CHECKED = "not checked"  # no template for the page in the site's edition


@dataclass
class PageCheck:
    page: str
    step: str  # the step after which the page is complete
    result: PageResult = PageResult.NOT_REACHED
    first_difference: str | None = None  # the first template node the page lacks: `textbox "Order number"`
    screenshot: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"page": self.page, "step": self.step, "result": str(self.result),
                "first_difference": self.first_difference, "screenshot": self.screenshot}


def page_checkpoints(flow: str) -> dict[str, str]:
    """Step name → the page that is complete once the step is done, for a flow of check-site."""
    if flow == "dispute-appeal":
        return {"open-dispute": "dispute", "open-complaint-form": "complaint-form"}
    if flow == "dispute-review":
        return {"open-dispute": "dispute", "open-review-form": "review-form"}
    if flow in ("refund-request", "refund-disagreement"):
        return {}  # no stored templates of the returns pages yet: their elements are checked
    # A seller report: the report centre before a category is chosen, then the category's form once
    # its reason brought it up.
    return {"open-report-centre": "report-centre", "choose-reason": f"{flow}-form"}


def pages_of(flow: str, steps: list[Step]) -> list[PageCheck]:
    """The pages the flow's steps reach, in order, not reached yet."""
    checkpoints = page_checkpoints(flow)
    return [PageCheck(checkpoints[step.name], step.name) for step in steps if step.name in checkpoints]


def template_folder(edition: str) -> Path:
    return Path(str(files("autoreport.sites") / "page_templates" / edition))


def stored_template(edition: str, page: str) -> str | None:
    path = template_folder(edition) / f"{page}.yaml"
    return path.read_text() if path.is_file() else None


class ComparePages(FlowHooks):
    """After each step that completes a page, the page against its template; a differing page gets
    its first differing node and a screenshot. The flow goes on either way: its elements are checked
    all the same.

    With `write_to`, each page's template is written there instead (made from the page as it is)."""

    def __init__(self, flow: str, pages: list[PageCheck], output: Path, *, timeout_s: float,
                 write_to: Path | None = None):
        self.flow, self.pages, self.output = flow, pages, output  # pages: pages_of(flow, its steps)
        self.timeout_s, self.write_to = timeout_s, write_to
        self.position = 0

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        self.position = position

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
        check = next((page for page in self.pages if page.step == step.name), None)
        if result.status is not StepStatus.OK or check is None:
            return
        if self.write_to is not None:
            self.write_template(check, ctx)
            return
        template = stored_template(ctx.profile.knowledge.edition_of_page(check.page), check.page)
        if template is None:
            check.result = PageResult.NOT_CHECKED
            return
        self.compare(check, template, ctx)

    def compare(self, check: PageCheck, template: str, ctx: FlowContext) -> None:
        from playwright.sync_api import expect

        page = ctx.page.locator("body")
        try:
            # A page still settling gets the element wait to match; one that matches does at once.
            expect(page).to_match_aria_snapshot(template, timeout=self.timeout_s * 1000)
        except AssertionError:
            check.result = PageResult.DIFFERS
            differing = first_difference(template, page.aria_snapshot())
            check.first_difference = str(differing) if differing else f"the page as a whole ({TEMPLATE_ROOT})"
            name = f"{self.flow}-{self.position:02d}-{check.step}-differs.png"
            check.screenshot = screenshot(ctx, self.output / name)
            return
        check.result = PageResult.MATCHES

    def write_template(self, check: PageCheck, ctx: FlowContext) -> None:
        self.write_to.mkdir(parents=True, exist_ok=True)
        template = template_from_snapshot(ctx.page.locator("body").aria_snapshot(), TEMPLATE_ROOT)
        (self.write_to / f"{check.page}.yaml").write_text(template)
        check.result = PageResult.MATCHES  # the template was made from this page


def screenshot(ctx: FlowContext, path: Path) -> str | None:
    """A full-page picture of where the check found a problem; None when the page crashed."""
    try:
        ctx.page.screenshot(path=path, full_page=True)
    except Exception:  # a crashed page has nothing left to show
        return None
    return str(path)
