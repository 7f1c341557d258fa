"""Filing one complaint, exactly once: the protocol, in order, in one object."""

from __future__ import annotations

import logging
import traceback
from contextlib import nullcontext
from enum import Enum
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

from autoreport.browser.contexts import close_context
from autoreport.browser.failures import is_browser_gone, is_transient
from autoreport.browser.session import BrowserSession
from autoreport.errors import AutoreportError, InvalidInput, NeedsHuman, first_line
from autoreport.filing.guards import LedgerMarks, RateLimit, StopWhenAsked
from autoreport.filing.result import (
    ComplaintResult,
    Outcome,
    describe_evidence,
    downscaled_words,
    what_is_filed,
    write_receipt,
)
from autoreport.filing.run import Run
from autoreport.flow.hooks import FailureScreenshot, TraceGroups
from autoreport.flow.retry import retry_policy
from autoreport.flow.runner import Abort, FlowFailed, FlowHooks, run_flow
from autoreport.flow.step import FlowContext, Step, StepStatus
from autoreport.flow.step_through import PauseOnFailure, StepThrough
from autoreport.redaction import contact_strings, mask_contact
from autoreport.repair import repair_in_pause
from autoreport.sites.blockers import HumanCheckpoint
from autoreport.sites.elements import EDITION, PATCH_ENTRIES_USED
from autoreport.sites.flows import Flow, flow_for
from autoreport.sites.lookup import ListingCache, Lookup
from autoreport.sites.pages import SiteRefused, dismiss_obstacles_when_they_appear
from autoreport.sites.profile import SiteProfile
from autoreport.store.ledger import PENDING, SUBMITTED, UNVERIFIED, ComplaintKey
from autoreport.store.lock import BeingFiled, complaint_lock

log = logging.getLogger("autoreport.filing")


class LookUpFailed(AutoreportError):
    """The site could not be read to find out whether it holds the complaint."""


class FlowEnd(Enum):
    DONE = "done"
    RETRY_FLOW = "retry-flow"


class ComplaintFiling:
    """One complaint of a run, filed at most once whatever happens. In order:

    1. Lock it (held until the receipt): another run filing it right now leaves it alone.
    2. Settle what is known of it already:
       - the ledger has it `submitted`: skipped as a duplicate (`--force` files it again);
       - `pending` (an earlier run stopped between the submit click and the number): looked up on
         the site; `unverified` (a look-up could not prove it): looked up again, or filed anew with
         `--force`;
       - nothing: looked up on the site too (in a listing read once a run), since another ledger or a
         person may have filed it.
       A look-up adopts a number only when the complaint it finds is provably this one (sites/lookup.py).
       Found: recorded, not filed. A complaint that may be this one but cannot be proven: `unverified`,
       never filed again by itself. Nothing there: filed.
    3. Prepare the evidence, once for every attempt and before any browser context opens.
    4. Run the flow. The ledger marks the complaint `pending` just before the submit click, and
       `submitted` with the number read after it. A failure after the click (a lost answer, a dead
       browser) is looked up on the site, twice a pause apart, before the flow is run again.
    5. Write the receipt. Once the site took the complaint, a screenshot, trace or receipt that
       cannot be written leaves the outcome as it is and says so.
    """

    def __init__(self, run: Run, browser: BrowserSession, profile: SiteProfile, spec_file, run_folder: Path):
        self.run, self.browser, self.profile, self.spec_file = run, browser, profile, spec_file
        self.policy = run.options.policy
        self.key: ComplaintKey = spec_file.key(profile.ledger_site)
        self.name = spec_file.label
        self.flow: Flow = flow_for(spec_file.spec)
        self.listings: tuple[str, ...] = getattr(spec_file.spec, "listings_in_order", ())  # an IPR complaint's
        # The session each browser context starts from: the IP Protection platform's account for an IPR complaint.
        self.session_file = run.ipp_session_file if self.listings else run.session_file
        self.result = ComplaintResult(spec_file.path, Outcome.FAILED, output=run_folder,
                                      filed=what_is_filed(spec_file.spec))
        self.spare = None  # a look-up's context and page, left for the flow (look_up's keep_page)

    @property
    def run_folder(self) -> Path:
        return self.result.output

    def say(self, text: str) -> None:
        self.run.say(f"{self.name}: {text}")

    def file(self) -> ComplaintResult:
        result = self.result
        try:
            # A dry run submits nothing: no other run need keep away from it.
            with nullcontext() if self.policy.dry_run else complaint_lock(self.run.state, self.key):
                if self.policy.dry_run:
                    self.say_what_a_real_run_would_do()
                elif self.settled_already():
                    return result
                self.file_with_retries()
        except (NeedsHuman, InvalidInput, BeingFiled, LookUpFailed) as exc:
            result.status = Outcome.NEEDS_HUMAN if isinstance(exc, NeedsHuman) else \
                Outcome.INVALID if isinstance(exc, InvalidInput) else Outcome.FAILED
            result.error = str(exc)
        except Exception as exc:
            # The complaint is reported failed and the batch goes on; a pending ledger row stays for the
            # next run to settle. The traceback goes to the run folder, for a bug report, not to the terminal.
            result.status, result.error = Outcome.FAILED, f"unexpected error: {first_line(exc)}"
            self.keep_traceback(exc)
        finally:
            if self.spare is not None:  # the flow never ran (bad evidence, say)
                close_context(self.spare[0], trace_path=None, tracing=False)
            result.error = mask_contact(result.error, getattr(self.spec_file.spec, "contact", None))
            self.write_receipt()
        return result

    # --- 2. what is known of it already -------------------------------------------------------
    def say_what_a_real_run_would_do(self) -> None:
        earlier = self.run.ledger.find(self.key, SUBMITTED)
        if earlier is not None:
            self.say(f"the ledger has it as {earlier.complaint_number} (filed {earlier.submitted_at}): a real run "
                     "would skip it (--force files it again); the dry run goes on")

    def settled_already(self) -> bool:
        """True when nothing is left to do: the complaint is on the site, or may be and cannot be proven."""
        ledger, result = self.run.ledger, self.result
        pending = ledger.find(self.key, PENDING)
        looked = pending is not None
        if pending is not None:
            self.say("an earlier run stopped while submitting; looking on the site")
            found = self.look_up(doing="find out whether an earlier run filed it")
            if found.proven:
                ledger.mark_submitted(pending.id, found.number)
                self.say(f"the site has it as {found.number}; recorded, not filed again")
                result.status, result.complaint_id = Outcome.SKIPPED_DUPLICATE, found.number
                return True
            if found.unproven:
                return self.unverified(pending.id, found)
            ledger.forget_pending(pending.id)
        unverified = ledger.find(self.key, UNVERIFIED)
        if unverified is not None:
            if self.policy.force:
                ledger.forget_unverified(unverified.id)
                return False
            found = self.look_up(doing="look again for the complaint an earlier run could not prove")
            if found.proven:
                ledger.mark_submitted(unverified.id, found.number)
                self.say(f"the site has it as {found.number}, proven now; recorded, not filed again")
                result.status, result.complaint_id = Outcome.SKIPPED_DUPLICATE, found.number
                return True
            return self.unverified(unverified.id, found)
        earlier = ledger.find(self.key, SUBMITTED)
        if earlier is not None:
            if self.policy.force:
                return False
            self.say(f"already submitted as {earlier.complaint_number} on {earlier.submitted_at}; "
                     "skipped (use --force to file it again)")
            result.status, result.complaint_id = Outcome.SKIPPED_DUPLICATE, earlier.complaint_number
            return True
        if self.policy.force or looked:
            return False
        # Never filed from this ledger: another ledger, or a person, may have filed it.
        found = self.look_up(listing=self.run.listing, doing="look on the site before filing it", keep_page=True)
        if found.nothing_found:
            return False
        entry_id = ledger.record_pending(self.key, str(self.spec_file.path), self.spec_file.sha256,
                                         str(self.run_folder), self.listings)
        if found.unproven:
            return self.unverified(entry_id, found)
        ledger.mark_submitted(entry_id, found.number)
        self.say(f"the site has it already as {found.number} (filed from elsewhere); recorded, not filed again")
        result.status, result.complaint_id = Outcome.SKIPPED_DUPLICATE, found.number
        return True

    def unverified(self, entry_id: int, found: Lookup) -> bool:
        self.run.ledger.mark_unverified(entry_id, found.unproven, found.why)
        numbers = ", ".join(found.unproven)
        self.result.status = Outcome.UNVERIFIED
        self.result.error = (
            f"the site shows complaint {numbers}, which may be this one, but it could not be proven ({found.why}); "
            f"it is not filed again by itself. Check {numbers} on the site: if it is this complaint, nothing "
            "is left to do; if it is not, run again with --force to file this one")
        return True

    def look_up(self, *, doing: str, listing: ListingCache | None = None, keep_page: bool = False) -> Lookup:
        """This complaint on the site, by the proof rule; numbers the ledger holds are other complaints'.
        With keep_page, a look-up that finds nothing leaves its signed-in page for the flow to start on."""
        known = {entry.complaint_number for entry in self.run.ledger.entries(self.profile.ledger_site)
                 if entry.complaint_number}
        try:
            context = self.browser.open_context(self.profile.context_settings(self.session_file))
        except PlaywrightError as error:
            raise LookUpFailed(f"could not {doing}: {first_line(error)}") from None
        kept = False
        try:
            page = context.new_page()
            dismiss_obstacles_when_they_appear(page, self.profile)
            ctx = FlowContext(page=page, profile=self.profile, spec=self.spec_file.spec, run_folder=self.run_folder,
                              wait_timeout_s=self.policy.timeout_s, element_timeout_s=self.policy.element_timeout_s)
            policy = retry_policy(self.policy.retries, retry_if=is_transient, first_wait_s=self.policy.retry_wait_s,
                                  label="look-up")
            try:
                found = policy(self.flow.find_filed, ctx, known, listing)
            except NeedsHuman:
                # The login or the slider in the way: a person clears it in a visible browser (or is
                # told how, headless), and the site is read again.
                try:
                    checkpoint = HumanCheckpoint(visible=self.run.options.visible, say=self.run.say)
                    cleared = checkpoint.hand_over_if_blocked(ctx)
                except NeedsHuman:
                    self.keep_picture_of(page, "00-look-up-failed.png")
                    raise
                if not cleared:
                    self.keep_picture_of(page, "00-look-up-failed.png")
                    raise
                found = policy(self.flow.find_filed, ctx, known, listing)
            if keep_page and found.nothing_found:
                # A new context and a first page cost a fifth of a second: the flow's first attempt takes these.
                self.spare, kept = (context, page), True
            return found
        except NeedsHuman:
            raise
        except (AutoreportError, PlaywrightError) as error:
            raise LookUpFailed(f"could not {doing}: {first_line(error)}. Nothing was filed by this run; "
                               "run again later, and do not file it by hand meanwhile") from None
        finally:
            if not kept:
                close_context(context, trace_path=None, tracing=False)

    # --- 3 and 4. the evidence and the flow ----------------------------------------------------
    def file_with_retries(self) -> None:
        from autoreport.evidence.preflight import prepare_evidence

        evidence = prepare_evidence(self.spec_file, self.profile.evidence, self.run_folder)
        self.result.evidence = describe_evidence(list(getattr(self.spec_file.spec, "evidence", ())), evidence)
        for entry in self.result.evidence:
            if words := downscaled_words(entry):
                self.say(f"{entry['name']}: {words}")
        # A lost answer to the submit, or a crashed browser, costs one of these; steps before the
        # submit are safe to repeat, and the submit is only repeated once the site shows nothing.
        for flow_attempt in range(1, self.policy.retries + 2):
            if self.run_flow_once(evidence) is not FlowEnd.RETRY_FLOW or flow_attempt > self.policy.retries:
                return
            self.say("starting the flow again from its first step")

    def retry_policy_for(self, step: Step):
        """Steps that are safe to repeat are retried in place; the submit never is."""
        if not step.repeatable:
            return None
        return retry_policy(self.policy.retries, retry_if=is_transient, first_wait_s=self.policy.retry_wait_s,
                            label=step.name)

    def run_flow_once(self, evidence: list[Path]) -> FlowEnd:
        result, run = self.result, self.run
        debug, visible = run.options.debug, run.options.visible
        if self.spare is not None:
            (context, page), self.spare = self.spare, None
        else:
            context = self.browser.open_context(self.profile.context_settings(self.session_file))
            page = context.new_page()
            dismiss_obstacles_when_they_appear(page, self.profile)
        tracing = debug.tracing != "off"
        if tracing:
            # A trace kept only on failure records the page's DOM at each action; the film of
            # screenshots, which costs a fifth of a second a complaint, only when asked for (`on`).
            context.tracing.start(screenshots=debug.tracing == "on", snapshots=True)
        ctx = FlowContext(page=page, profile=self.profile, spec=self.spec_file.spec, run_folder=self.run_folder,
                          wait_timeout_s=self.policy.timeout_s, element_timeout_s=self.policy.element_timeout_s,
                          evidence=evidence)
        marks = LedgerMarks(run.ledger, self.key, str(self.spec_file.path), self.spec_file.sha256, run.submitting,
                            self.name, self.listings)
        # Step-through names each step itself, so it takes the place of the progress lines.
        shows_steps = StepThrough(run.prompter) if debug.step else run.progress(self.name)
        # The rate limit's pause comes before the pending mark: a run stopped in the pause has clicked nothing.
        hooks: list[FlowHooks] = [StopWhenAsked(run.stop_requested), shows_steps,
                                  HumanCheckpoint(visible=visible, say=run.say), RateLimit(run.spacing),
                                  marks, FailureScreenshot()]
        if debug.pause_on_failure and visible:
            hooks.append(PauseOnFailure(run.prompter, point_at=repair_in_pause(run.options.site, run.prompter)))
        if tracing:
            hooks.append(TraceGroups(context))
        end = FlowEnd.DONE
        try:
            run_flow(self.flow.steps(dry_run=self.policy.dry_run), ctx, hooks, retry_policy_for=self.retry_policy_for)
        except (FlowFailed, PlaywrightError) as error:
            if isinstance(error, PlaywrightError) and not is_browser_gone(error):
                raise
            # A hook that looks at the page between two steps meets a browser that died there, not in a step.
            failed = error if isinstance(error, FlowFailed) else FlowFailed(step_under_way(ctx), error)
            # A step that met a login or the slider hands the complaint to a person, as a hook would.
            result.status = Outcome.NEEDS_HUMAN if isinstance(failed.error, NeedsHuman) else Outcome.FAILED
            result.error = str(failed)
            end = self.after_failure(failed, marks)
        except Abort as quit_:
            result.status, result.error = Outcome.ABORTED, str(quit_) or "quit"
        else:
            result.status = Outcome.DRY_RUN if self.policy.dry_run else Outcome.SUBMITTED
            result.complaint_id, result.error = ctx.complaint_number, None  # an earlier attempt's error is over
            if not self.policy.dry_run:  # the flow's page: a step may have moved it to a tab of its own
                self.keep_picture_of(ctx.page, "confirmation.png")
        finally:
            result.steps = ctx.notes["step_results"]
            # The flow's own knowledge: a repair made in the pause on failure is in it.
            result.site_patch = ctx.profile.knowledge.patch_entries(ctx.notes.get(PATCH_ENTRIES_USED, ()))
            result.edition = ctx.notes.get(EDITION)
            keep_trace = debug.tracing == "on" or (tracing and result.exit_status != 0)
            close_context(context, trace_path=self.run_folder / "trace.zip" if keep_trace else None,
                          tracing=tracing, secrets=contact_strings(getattr(ctx.spec, "contact", None)))
        return end

    def after_failure(self, failed: FlowFailed, marks: LedgerMarks) -> FlowEnd:
        """A failed flow: find out whether the complaint reached the site before anything is repeated."""
        ledger, result = self.run.ledger, self.result
        if marks.entry_id is None:  # the submit was never clicked: after Ctrl-C, nothing is started again
            stopping = self.run.stop_requested.is_set()
            return FlowEnd.RETRY_FLOW if is_browser_gone(failed.error) and not stopping else FlowEnd.DONE
        if isinstance(failed.error, SiteRefused):
            ledger.forget_pending(marks.entry_id)
            return FlowEnd.DONE
        doing = "find out whether the site took it after its answer was lost"
        try:
            found = self.look_up(doing=doing)
            if found.nothing_found and self.policy.settle_pause_s > 0:
                # A site that failed or was slow to answer may still be storing the complaint: one more
                # look after a pause, before anything is filed again. Ctrl-C ends the pause early.
                self.say(f"not on the site yet; looking again in {self.policy.settle_pause_s:.0f} s")
                self.run.stop_requested.wait(self.policy.settle_pause_s)
                found = self.look_up(doing=doing)
        except LookUpFailed as error:  # the pending row stays: the next run looks again
            result.status, result.error = Outcome.FAILED, f"{failed}; then {error}"
            return FlowEnd.DONE
        if found.proven:
            ledger.mark_submitted(marks.entry_id, found.number)
            result.status, result.complaint_id, result.error = Outcome.SUBMITTED, found.number, None
            self.say(f"the answer to the submit was lost, but the site has the complaint as {found.number}")
            return FlowEnd.DONE
        if found.unproven:
            self.unverified(marks.entry_id, found)
            return FlowEnd.DONE
        ledger.forget_pending(marks.entry_id)
        # Not on the site: filed again, unless a person is needed first (a slider, a sign-in) or asked to stop.
        stop = self.run.stop_requested.is_set() or isinstance(failed.error, NeedsHuman)
        return FlowEnd.DONE if stop else FlowEnd.RETRY_FLOW

    # --- 5. what it leaves behind ----------------------------------------------------------------
    def keep_picture_of(self, page, name: str) -> None:
        try:
            page.screenshot(path=self.run_folder / name, full_page=True)
        except (PlaywrightError, OSError) as error:
            self.say(f"{self.filed_words()}could not save {name}: {first_line(error)}")

    def write_receipt(self) -> None:
        try:
            write_receipt(self.run_folder, self.spec_file, self.profile, self.result)
        except OSError as error:  # the outcome stands (the ledger has it); only its record is missing
            self.say(f"{self.filed_words()}could not write its receipt in {self.run_folder}: "
                     f"{error.strerror or error}")

    def filed_words(self) -> str:
        number = self.result.complaint_id
        return f"filed as {number}, and recorded in the ledger; " if number and self.result.status in (
            Outcome.SUBMITTED, Outcome.SKIPPED_DUPLICATE) else ""

    def keep_traceback(self, error: Exception) -> None:
        log.error("%s: unexpected error: %s", self.name, first_line(error))
        try:
            (self.run_folder / "traceback.txt").write_text("".join(traceback.format_exception(error)))
        except OSError:
            pass  # the one-line message above is what is left


def step_under_way(ctx: FlowContext) -> str:
    return next((step.name for step in ctx.notes["step_results"] if step.status is StepStatus.NOT_RUN), "flow")
