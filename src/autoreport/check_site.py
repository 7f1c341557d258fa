"""`autoreport check-site`: walk every flow with sample data, in dry-run mode, and say which
elements the page objects need are no longer on the site, and which pages are no longer what their
stored templates say (check_site_pages.py).

Nothing is submitted: each flow stops where a dry run stops, after filling its form. A missing
element is named by the locator that found nothing, with a screenshot of the page at that moment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoreport.check_site_pages import ComparePages, PageCheck, PageResult, pages_of, screenshot
from autoreport.check_site_samples import (
    IPR_FLOW,
    RETURN_FLOWS,
    flows_needing_the_users_own,
    sample_already_used,
    sample_evidence,
    sample_specs,
)
from autoreport.errors import AutoreportError, first_line
from autoreport.flow.hooks import ProgressLines
from autoreport.flow.runner import Abort, FlowFailed, FlowHooks, OnError, run_flow
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus
from autoreport.options import BrowserOptions, SiteChoice
from autoreport.sites.blockers import HumanCheckpoint
from autoreport.sites.elements import EDITION, SiteChanged
from autoreport.sites.returns import ReturnNotReady, ReturnRefused
from autoreport.sites.seller_report import CategoryNotOffered
from autoreport.spec_arguments import mark_output_folder
from autoreport.store.state import StateDir
from autoreport.tables import Column, print_rows

if TYPE_CHECKING:
    from autoreport.browser.session import BrowserSession
    from autoreport.sites.profile import SiteProfile

# A page may take long to load, however short the wait for each element on it (--timeout).
NAVIGATION_TIMEOUT_S = 30.0
# After a step failed for another reason: how long to look again for the element it acts on.
TARGET_RECHECK_MS = 500

# Playwright's call log names the locator it waited for: `  - waiting for get_by_label("Order number")`.
WAITING_FOR = re.compile(r"^\s*- waiting for (.+?)\s*$", re.MULTILINE)
# Some assertion messages name it on a line of its own instead.
LOCATOR_LINE = re.compile(r"^Locator: (.+?)\s*$", re.MULTILINE)
# The locator matched something (hidden, disabled, or several elements): found, but not usable.
RESOLVED = re.compile(r"locator resolved to|resolved to \d+ elements")


class Result(StrEnum):
    FOUND = "found"
    MISSING = "missing"
    # The step failed for another reason: an element found but not usable, the site's refusal, the network.
    FAILED = "failed"
    NOT_REACHED = "not reached"
    NOT_CHECKED = "not checked"


@dataclass
class StepCheck:
    name: str
    result: Result = Result.NOT_REACHED
    locator: str | None = None
    screenshot: str | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "result": str(self.result), "locator": self.locator,
                "screenshot": self.screenshot, "error": self.error}


@dataclass
class FlowCheck:
    flow: str
    steps: list[StepCheck] = field(default_factory=list)
    note: str | None = None  # why the flow was not checked
    pages: list[PageCheck] = field(default_factory=list)
    edition: str | None = None  # of the site's pages, as the flow recognised them

    @property
    def ok(self) -> bool | None:
        if self.note:
            return None
        return (all(step.result is Result.FOUND for step in self.steps)
                and all(page.result is not PageResult.DIFFERS for page in self.pages))

    def not_checked(self, note: str) -> None:
        """The flow cannot be checked (with the sample data, or without a dispute of the user's)."""
        self.note = note
        for step in self.steps:
            step.result = Result.NOT_CHECKED
        for page in self.pages:
            page.result = PageResult.NOT_CHECKED

    def as_json(self) -> dict[str, Any]:
        return {"flow": self.flow, "edition": self.edition, "ok": self.ok, "note": self.note,
                "steps": [step.as_json() for step in self.steps], "pages": [page.as_json() for page in self.pages]}


def locator_in(message: str) -> str | None:
    """The locator a Playwright timeout or assertion message says it looked for."""
    for pattern in (WAITING_FOR, LOCATOR_LINE):
        if match := pattern.search(message):
            return match.group(1)
    return None


@contextmanager
def site_errors(doing: str) -> Iterator[None]:
    """A command's browser work: the site or the browser failing under it (unreachable, closed, a
    page that never showed what was awaited) ends the command with exit 1 and one line, as `run`
    reports a failed step."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        yield
    except PlaywrightError as error:
        raise AutoreportError(f"could not {doing}: {first_line(error)}") from None
    except AssertionError as error:  # a page never showed what a page object waits for (expect)
        waited_for = locator_in(str(error))
        raise AutoreportError(f"could not {doing}: {first_line(error)}"
                              + (f" ({waited_for})" if waited_for else "")) from None


def absent_target(step: Step, ctx: FlowContext) -> str | None:
    """The locator of the element the step acts on, when the page does not have it.

    Some steps look before they act (a link that may be offered or not) and fail with the site's
    own words; the element they needed is then named by asking Playwright for it once more."""
    from playwright.sync_api import expect

    if step.target is None:
        return None
    try:
        expect(step.target(ctx)).to_be_attached(timeout=TARGET_RECHECK_MS)
    except AssertionError as not_there:
        return locator_in(str(not_there))
    except Exception:  # a crashed page cannot be asked
        pass
    return None


class RecordOutcomes(FlowHooks):
    """Each step's outcome into the flow's check; a failed step gets its locator and a screenshot."""

    def __init__(self, check: FlowCheck, output: Path):
        self.check, self.output = check, output
        self.position = 0
        self.error: BaseException | None = None

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        self.position, self.error = position, None

    def on_error(self, step: Step, error: BaseException, attempt: int, ctx: FlowContext) -> OnError:
        self.error = error
        return OnError.RAISE

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
        row = self.check.steps[self.position - 1]
        if result.status is StepStatus.OK:
            row.result = Result.FOUND
            return
        text = str(self.error)
        row.locator = locator_in(text)
        if isinstance(self.error, SiteChanged):  # the element the site's knowledge names, by its id
            row.result, row.locator = Result.MISSING, f"{self.error.element_id}: {self.error.locator}"
        elif row.locator and not RESOLVED.search(text):
            row.result = Result.MISSING
        elif row.locator:
            row.result, row.error = Result.FAILED, f"found but not usable: {result.error}"
        elif missing := absent_target(step, ctx):
            row.result, row.locator = Result.MISSING, missing
        else:
            row.result, row.error = Result.FAILED, result.error
        name = f"{self.check.flow}-{self.position:02d}-{step.name}-{row.result}.png"
        row.screenshot = screenshot(ctx, self.output / name)


class SampleDataUsable(FlowHooks):
    """A dispute flow stops (Abort, with the reason) right after the dispute page when the sample
    dispute already took what the flow files: the flow is then not checked."""

    def __init__(self, flow: str):
        self.flow = flow

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
        if result.status is StepStatus.OK and step.name == "open-dispute" \
                and (reason := sample_already_used(self.flow, ctx)):
            raise Abort(reason)


# ---------------------------------------------------------------------------------------------
# The check


@dataclass(frozen=True)
class CheckOptions:
    """What a site check is asked for, besides the site and the browser."""

    output: Path  # the screenshots and report.json
    element_timeout_s: float  # how long an element may take to show before it counts as missing
    dispute_order: str | None = None  # a closed dispute of the user's, for the dispute flows on the live site
    return_order: str | None = None  # an order of the user's, for the returns flows on the live site
    state_dir: Path | None = None  # where the saved sessions are
    write_templates_to: Path | None = None  # maintainers: write each page's template there instead
    ipr: str | None = None  # an approved IPR of the user's, for the IPP flow on the live site


def check_all_flows(site: SiteChoice, browser_options: BrowserOptions, options: CheckOptions,
                    say: Callable[[str], None]) -> list[FlowCheck]:
    """Walk every flow once, each in a fresh browser context. Raises NeedsHuman (exit 3) when the
    site asks to sign in or shows its slider: no flow can be checked past that."""
    from autoreport.browser.discovery import find_browser
    from autoreport.browser.driver import start_playwright
    from autoreport.browser.session import BrowserSession
    from autoreport.sites.flows import flow_for

    state = StateDir.resolve(options.state_dir)
    session = site.session_file(state)
    # The IP Protection platform's flow starts from the rights holder's session, where one is saved.
    sessions = {IPR_FLOW: site.ipp_session_file(state) or session}
    unchecked = {} if site.name == "mock" else \
        flows_needing_the_users_own(options.dispute_order, options.return_order, options.ipr)
    find_browser(browser_options.path)  # no browser: say so before the mock and the flows start
    provider = browser_options.provider()
    options.output.mkdir(parents=True, exist_ok=True)
    with sample_evidence() as evidence:
        specs = sample_specs(evidence, options.dispute_order, options.return_order, options.ipr)
        with site.profile() as profile, start_playwright() as playwright:
            browser = BrowserSession(playwright, provider, headless=not browser_options.headed,
                                     slow_mo=browser_options.slowmo, timeout_s=options.element_timeout_s,
                                     navigation_timeout_s=NAVIGATION_TIMEOUT_S)
            try:
                checks = []
                for name, spec in specs.items():
                    steps = flow_for(spec).steps(dry_run=True)
                    note = unchecked.get(name) or (returns_not_offered(profile, checks) if name in RETURN_FLOWS
                                                   else None)
                    if note:
                        check = FlowCheck(name, [StepCheck(step.name) for step in steps], pages=pages_of(name, steps))
                        check.not_checked(note)
                        checks.append(check)
                        continue
                    checks.append(check_flow(browser, profile, sessions.get(name, session), name, spec, steps, options,
                                             visible=browser_options.headed, say=say))
                return checks
            finally:
                browser.close()


def returns_not_offered(profile: SiteProfile, checks: list[FlowCheck]) -> str | None:
    """Why the returns flows are not checked: the edition recognised on the report centre has none."""
    seen = next((check.edition for check in checks if check.edition), None)
    edition = next((known for known in profile.editions if known.edition == seen), None)
    if edition is None or edition.has("order-items"):
        return None
    return f"not checked (the site's {seen} edition has no returns and refunds per item)"


def check_flow(browser: BrowserSession, profile: SiteProfile, session_file: Path | None, name: str, spec: Any,
               steps: list[Step], options: CheckOptions, *, visible: bool, say: Callable[[str], None]) -> FlowCheck:
    from autoreport.browser.contexts import close_context
    from autoreport.sites.pages import dismiss_obstacles_when_they_appear

    check = FlowCheck(name, [StepCheck(step.name) for step in steps], pages=pages_of(name, steps))
    run_folder = options.output / name  # the dry run's last step leaves filled-form.png here
    run_folder.mkdir(parents=True, exist_ok=True)
    context = browser.open_context(profile.context_settings(session_file))
    try:
        page = context.new_page()
        dismiss_obstacles_when_they_appear(page, profile)
        # The sample image is within the site's limits: it is uploaded as it is.
        ctx = FlowContext(page=page, profile=profile, spec=spec, run_folder=run_folder,
                          wait_timeout_s=options.element_timeout_s, element_timeout_s=options.element_timeout_s,
                          evidence=list(getattr(spec, "evidence", ())))
        try:
            # Headless, a login or the slider ends the check (NeedsHuman); headed, a person clears it.
            hooks = [ProgressLines(say, name), HumanCheckpoint(visible=visible, say=say),
                     RecordOutcomes(check, options.output), SampleDataUsable(name),
                     ComparePages(name, check.pages, options.output, timeout_s=options.element_timeout_s,
                                  write_to=options.write_templates_to)]
            run_flow(steps, ctx, hooks)
        except FlowFailed as failed:
            # Not drift: this edition has no such category; the sample item cannot take a return (one is open)
            # or has none that waits for a response.
            if isinstance(failed.error, CategoryNotOffered | ReturnRefused | ReturnNotReady):
                check.not_checked(f"{failed.error}")
            # Otherwise recorded step by step; the next flow is checked all the same.
        except Abort as unusable_sample:
            check.not_checked(str(unusable_sample))
        check.edition = ctx.notes.get(EDITION)
    finally:
        close_context(context, trace_path=None, tracing=False)
    return check


# ---------------------------------------------------------------------------------------------
# Output

RESULT_STYLE = {Result.FOUND: "green", Result.MISSING: "red", Result.FAILED: "red",
                Result.NOT_REACHED: "dim", Result.NOT_CHECKED: "yellow"}
PAGE_STYLE = {PageResult.MATCHES: "green", PageResult.DIFFERS: "red", PageResult.NOT_REACHED: "dim",
              PageResult.NOT_CHECKED: "yellow"}


def write_report(checks: list[FlowCheck], site: str, output: Path) -> Path:
    path = output / "report.json"
    mark_output_folder(output)
    report = {"site": site, "ok": all(check.ok is not False for check in checks),
              "flows": [check.as_json() for check in checks]}
    path.write_text(json.dumps(report, indent=2) + "\n")
    return path


CHECK_COLUMNS = (Column("flow", "flow", whole=True), Column("step", "step", whole=True),
                 Column("result", "result", whole=True), Column("page", "page", whole=True),
                 Column("locator", "locator"), Column("screenshot", "screenshot"))


def print_checks(checks: list[FlowCheck], output_format: str, output: Path) -> None:
    if output_format == "json":
        for check in checks:
            print(json.dumps(check.as_json()), flush=True)
        return
    from rich.text import Text

    def page_cell(check: FlowCheck, step: StepCheck) -> Text | None:
        page = None if check.note else next((page for page in check.pages if page.step == step.name), None)
        return Text(f"{page.page}: {page.result}", style=PAGE_STYLE[page.result]) if page else None

    def screenshot(check: FlowCheck, step: StepCheck) -> str | None:
        shown = step.screenshot or next((page.screenshot for page in check.pages if page.step == step.name), None)
        return Path(shown).name if shown else None

    rows = [{"flow": check.flow, "step": "" if check.note else step.name,
             "result": Text(str(step.result), style=RESULT_STYLE[step.result]), "page": page_cell(check, step),
             "locator": step.locator, "screenshot": screenshot(check, step)}
            for check in checks for step in (check.steps[:1] if check.note else check.steps)]
    # The screenshot's name is in the problem lines below too.
    print_rows(CHECK_COLUMNS, rows, output_format, title="Site check",
               caption=f"screenshots and report.json in {output}", leave_out_first=("screenshot", "page"),
               group="flow")
    if output_format == "csv":
        return
    # The whole story of each problem, one line each, whatever the terminal's width.
    for line in problem_lines(checks):
        print(line, flush=True)


def problem_lines(checks: list[FlowCheck]) -> list[str]:
    lines = []
    for check in checks:
        if check.note:
            lines.append(f"{check.flow}: {check.note}")
        for step in check.steps:
            if step.result in (Result.MISSING, Result.FAILED):
                what = step.locator if step.result is Result.MISSING else step.error
                line = f"{check.flow} {step.name}: {step.result}: {what}"
                lines.append(line + (f" (screenshot: {step.screenshot})" if step.screenshot else ""))
            for page in check.pages:
                if page.step == step.name and page.result is PageResult.DIFFERS:
                    line = (f"{check.flow} {page.page} page (at {page.step}): "
                            f"first differing node: {page.first_difference}")
                    lines.append(line + (f" (screenshot: {page.screenshot})" if page.screenshot else ""))
    return lines
