"""`autoreport repair`: walk a spec's flow as a dry run in a visible browser, and at each element the
site's knowledge no longer finds, ask the person to point at it, show the site-patch entry that finds
it, and write it only after a yes. Nothing is ever submitted: the flow stops where a dry run stops."""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from autoreport.errors import AutoreportError
from autoreport.flow.hooks import ProgressLines
from autoreport.flow.runner import FlowHooks, OnError, run_flow
from autoreport.flow.step import FlowContext, Step
from autoreport.flow.step_through import Prompter
from autoreport.options import BrowserOptions, SiteChoice
from autoreport.sites.elements import SiteChanged, elements_of
from autoreport.sites.knowledge import every_edition
from autoreport.sites.patches import read_patch
from autoreport.sites.pointing import NotAFit, PatchEntry, point_at


class RepairDeclined(AutoreportError):
    """The person did not want the entry written, or could not point at the element: nothing is written."""


@dataclass
class PatchFile:
    """The site patch a repair writes, as it is on disk and as it will be."""

    path: Path
    site: str
    written: list[str] = field(default_factory=list)  # entries written by this repair

    def text(self) -> str:
        return self.path.read_text(encoding="utf-8") if self.path.is_file() else ""

    def with_entry(self, entry: PatchEntry) -> str:
        data = yaml.safe_load(self.text()) or {"site": self.site}
        data.setdefault("site", self.site)
        data.setdefault(entry.section, {})[entry.key] = entry.value
        # Each entry on a line of its own: `order-number: {role: textbox, name: Order ID}`.
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=200)

    def diff(self, new_text: str) -> str:
        name = str(self.path)
        return "".join(difflib.unified_diff(self.text().splitlines(keepends=True), new_text.splitlines(keepends=True),
                                            fromfile=name if self.path.is_file() else "/dev/null", tofile=name))

    def write(self, new_text: str, entry: PatchEntry) -> None:
        """Written whole or not at all; a patch that does not read back is never left in place."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_name(f".{self.path.name}.partial")
        try:
            partial.write_text(new_text, encoding="utf-8")
            read_patch(partial)  # what is written is a patch every run can read
            os.replace(partial, self.path)
        finally:
            partial.unlink(missing_ok=True)
        self.written.append(entry.entry)


def repair_missing(ctx: FlowContext, missing: SiteChanged, site: SiteChoice, patch: PatchFile,
                   prompter: Prompter) -> bool:
    """The person points at the missing element, sees its patch entry as a diff, and says yes to write
    it; the flow's knowledge is then the repaired one. False when nothing was written (and why was said)."""
    try:
        entry = point_at(ctx.page, elements_of(ctx), missing, prompter.say)
    except NotAFit as not_a_fit:
        prompter.say(f"  {not_a_fit}; nothing was written")
        return False
    new_text = patch.with_entry(entry)
    prompter.say(patch.diff(new_text).rstrip("\n"))
    answer = prompter.line(f"Write this to {patch.path}? Type yes to write it, anything else does not:")
    if answer != "yes":
        prompter.say(f"  {entry.entry} was not written; {patch.path} is unchanged")
        return False
    patch.write(new_text, entry)
    prompter.say(f"  wrote {entry.entry} to {patch.path}")
    ctx.profile = repaired_profile(ctx.profile, site, patch.path)
    return True


def repair_in_pause(site: SiteChoice, prompter: Prompter) -> Callable[[FlowContext, BaseException], bool]:
    """The pause on failure's `p`: the person points at the element the step did not find, and its entry
    goes to the config folder's patch for the site after their yes, as `autoreport repair` does."""

    def repair(ctx: FlowContext, error: BaseException) -> bool:
        from autoreport.sites.patches import patches_folder

        if not isinstance(error, SiteChanged):
            prompter.say("  nothing to point at: this step did not fail for an element the page lacks.")
            return False
        patch = PatchFile(patches_folder() / f"{site.name}.yaml", site.name)
        return repair_missing(ctx, error, site, patch, prompter)

    return repair


class PointAtMissing(FlowHooks):
    """On a step that failed for a missing element: repair it with the person (repair_missing), then run
    the step again with the repaired knowledge; a repair not written ends the walk."""

    def __init__(self, site: SiteChoice, patch: PatchFile, prompter: Prompter):
        self.site, self.patch, self.prompter = site, patch, prompter

    def on_error(self, step: Step, error: BaseException, attempt: int, ctx: FlowContext) -> OnError:
        if not isinstance(error, SiteChanged):
            return OnError.RAISE
        self.prompter.say(f"{step.name}: {error}")
        if not repair_missing(ctx, error, self.site, self.patch, self.prompter):
            raise RepairDeclined(f"{error.element_id} was not repaired; nothing more was written")
        return OnError.RETRY


def repaired_profile(profile, site: SiteChoice, written: Path):
    """The profile with the patches in force, the one just written in place of its old self, in the
    edition the flow recognised."""
    patches = (*(patch for patch in site.patches if patch.path != written.absolute()), read_patch(written))
    editions = every_edition(site.name, patches)
    in_use = next(edition for edition in editions if edition.edition == profile.knowledge.edition)
    return replace(profile, knowledge=in_use, editions=editions)


def repair_flow(spec, site: SiteChoice, browser_options: BrowserOptions, patch: PatchFile, *,
                state_dir: Path | None, timeout_s: float, element_timeout_s: float, run_folder: Path,
                prompter: Prompter, say: Callable[[str], None]) -> list[str]:
    """Walk the spec's form to its end, repairing what is missing; the entries written."""
    from autoreport.browser.contexts import close_context
    from autoreport.browser.driver import start_playwright
    from autoreport.browser.session import BrowserSession
    from autoreport.sites.blockers import HumanCheckpoint
    from autoreport.sites.flows import flow_for
    from autoreport.sites.pages import dismiss_obstacles_when_they_appear
    from autoreport.store.state import StateDir

    session_file = site.session_file(StateDir.resolve(state_dir))
    with site.profile() as profile, start_playwright() as playwright:
        browser = BrowserSession(playwright, browser_options.provider(), headless=False, slow_mo=browser_options.slowmo,
                                 timeout_s=timeout_s)
        try:
            context = browser.open_context(profile.context_settings(session_file))
            try:
                page = context.new_page()
                dismiss_obstacles_when_they_appear(page, profile)
                ctx = FlowContext(page=page, profile=profile, spec=spec, run_folder=run_folder,
                                  wait_timeout_s=timeout_s, element_timeout_s=element_timeout_s,
                                  evidence=list(getattr(spec, "evidence", ())))
                # Only the steps that fill the form: the repair never reaches a submit button.
                hooks = [ProgressLines(say), HumanCheckpoint(visible=True, say=say),
                         PointAtMissing(site, patch, prompter)]
                run_flow(flow_for(spec).fill, ctx, hooks)
            finally:
                close_context(context, trace_path=None, tracing=False)
        finally:
            browser.close()
    return patch.written
