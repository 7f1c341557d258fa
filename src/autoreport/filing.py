"""Filing complaints: from validated specs to submitted complaints, receipts and ledger rows.

One browser serves the run's workers; each complaint gets a fresh context, its own run folder, its own
trace and receipt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from autoreport.browser import BrowserSession, PlaywrightThread
from autoreport.errors import AutoreportError, BrowserNotFound, ExitStatus, InvalidInput, NeedsHuman
from autoreport.flow.hooks import FailureScreenshot, HumanCheckpoint, ProgressLines, TraceGroups
from autoreport.flow.retry import is_browser_gone, retry_policy
from autoreport.flow.runner import Abort, FlowFailed, FlowHooks, run_flow
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus
from autoreport.flow.step_through import PauseOnFailure, Prompter, StepThrough
from autoreport.ledger import PENDING, SUBMITTED, ComplaintKey, Ledger, utc_now
from autoreport.redaction import mask_contact
from autoreport.sites.flows import Flow
from autoreport.sites.pages import SiteRefused, dismiss_obstacles_when_they_appear
from autoreport.sites.profile import SiteProfile, evidence_limits, site_profile
from autoreport.state import BeingFiled, StateDir, complaint_lock

log = logging.getLogger("autoreport.filing")


class Outcome(StrEnum):
    SUBMITTED = "submitted"
    DRY_RUN = "dry-run"
    SKIPPED_DUPLICATE = "skipped-duplicate"
    FAILED = "failed"
    NEEDS_HUMAN = "needs-human"
    ABORTED = "aborted"


OUTCOME_EXIT = {
    Outcome.SUBMITTED: ExitStatus.OK, Outcome.DRY_RUN: ExitStatus.OK, Outcome.SKIPPED_DUPLICATE: ExitStatus.OK,
    Outcome.ABORTED: ExitStatus.OK, Outcome.NEEDS_HUMAN: ExitStatus.NEEDS_HUMAN, Outcome.FAILED: ExitStatus.FAILED,
}
# For a batch, the exit code is its worst outcome; a failure outranks a hand-off to a person.
EXIT_SEVERITY = [ExitStatus.OK, ExitStatus.NEEDS_HUMAN, ExitStatus.FAILED]


@dataclass(frozen=True)
class RunOptions:
    site: str = "aliexpress"
    base_url: str | None = None
    dry_run: bool = False
    output: Path = Path("autoreport-runs")
    storage_state: Path | None = None
    state_dir: Path | None = None
    force: bool = False
    tracing: str = "retain-on-failure"
    headed: bool = False
    step: bool = False  # pause before each step (implies a visible browser)
    pause_on_failure: bool = False
    slowmo: float | None = None
    retries: int = 3
    jobs: int = 1
    cdp_endpoint: str | None = None  # drive a Chromium that is already running
    ws_endpoint: str | None = None  # or a Playwright browser server
    browser_args: tuple[str, ...] = ()  # extra flags for a browser launched here
    retry_wait_s: float = 1.0  # the first back-off; later ones double
    timeout_s: float = 30.0  # how long an action or a wait on the page may take
    min_interval: float | None = None  # None: the site profile's own
    browser_path: Path | None = None
    # The mock signs its demo account in by itself unless asked to keep the live site's rules.
    mock_auto_sign_in: bool = True


@dataclass
class ComplaintResult:
    spec: Path
    status: Outcome
    complaint_id: str | None = None
    output: Path | None = None
    error: str | None = None
    steps: list[StepResult] = field(default_factory=list)

    @property
    def exit_status(self) -> ExitStatus:
        return OUTCOME_EXIT[self.status]

    def as_json(self) -> dict[str, Any]:
        return {"spec": str(self.spec), "status": str(self.status), "complaint_id": self.complaint_id,
                "output": str(self.output) if self.output else None, "error": self.error}


def worst_exit_status(results: list[ComplaintResult]) -> ExitStatus:
    return max((r.exit_status for r in results), key=EXIT_SEVERITY.index, default=ExitStatus.OK)


@dataclass(frozen=True)
class SpecFile:
    """A validated spec and the file it came from."""

    path: Path
    spec: Any
    sha256: str

    @classmethod
    def load(cls, path: Path) -> SpecFile:
        from autoreport.spec import load_spec

        spec = load_spec(path)
        return cls(path, spec, hashlib.sha256(path.read_bytes()).hexdigest())

    def key(self, site: str) -> ComplaintKey:
        from autoreport.spec import complaint_key

        return ComplaintKey(site, *complaint_key(self.spec))


class LedgerMarks(FlowHooks):
    """Writes the ledger's `pending` row before the submit click and `submitted` once the site
    gave a complaint number: a crash in between leaves a row the next run reconciles."""

    def __init__(self, ledger: Ledger, spec_file: SpecFile, key: ComplaintKey):
        self.ledger, self.spec_file, self.key = ledger, spec_file, key
        self.entry_id: int | None = None

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        if not step.repeatable and self.entry_id is None:
            self.entry_id = self.ledger.record_pending(self.key, str(self.spec_file.path), self.spec_file.sha256,
                                                       str(ctx.run_folder))

    def after_flow(self, results: list[StepResult], error: BaseException | None, ctx: FlowContext) -> None:
        if self.entry_id is not None and ctx.complaint_number:
            self.ledger.mark_submitted(self.entry_id, ctx.complaint_number)


def run_folder_for(output: Path, spec_path: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", spec_path.stem)
    folder, suffix = output / f"{stamp}-{stem}", 1
    while True:
        try:
            folder.mkdir(parents=True)
            return folder
        except FileExistsError:  # two complaints of one name started within the same second
            suffix += 1
            folder = output / f"{stamp}-{stem}-{suffix}"


@contextmanager
def site_base_url(options: RunOptions) -> Iterator[str | None]:
    """The mock's URL: the one given, or an embedded mock served for this run."""
    if options.site != "mock" or options.base_url:
        yield options.base_url
        return
    from autoreport.mock_site import MockSite

    with MockSite() as site:
        yield site.url


class ComplaintFiler:
    """Files a run's complaints: `jobs` workers sharing one browser, taking complaints in turn."""

    def __init__(self, options: RunOptions, say: Callable[[str], None], prompter: Prompter | None = None,
                 progress: Callable[[str], FlowHooks] | None = None):
        self.options = options
        self.say = say
        self.prompter = prompter or Prompter(say=say)
        # A hook per complaint that shows its steps; plain lines unless the caller has a better view.
        self.progress = progress or (lambda label: ProgressLines(say, label))
        # Refused here, before a browser starts: a ledger file that is not one, a damaged saved session.
        self.state = StateDir.resolve(options.state_dir)
        self.ledger = self.state.open_ledger()
        if options.storage_state is None:
            self.state.saved_session(options.site)
        self.last_submit_at: float | None = None
        self.submit_lock = threading.Lock()  # the rate limit spans the batch's workers
        self.stop_requested = threading.Event()
        if options.storage_state and not options.storage_state.is_file():
            raise InvalidInput(f"session file not found: {options.storage_state}")

    @property
    def visible(self) -> bool:
        return self.options.headed or self.options.step

    @property
    def settle_pause_s(self) -> float:
        """How long a complaint whose submit got no clear answer is given to show up on the site."""
        return 2 * self.options.retry_wait_s

    def retry_policy(self, label: str):
        return retry_policy(self.options.retries, first_wait_s=self.options.retry_wait_s, label=label)

    def retry_policy_for(self, step: Step):
        """Steps that are safe to repeat are retried in place; the submit never is."""
        return self.retry_policy(step.name) if step.repeatable else None

    def session_file(self, profile: SiteProfile) -> Path | None:
        path = self.options.storage_state or self.state.session_path(profile.name)
        return path if path.is_file() else None

    def file_all(self, spec_files: list[SpecFile], first_worker: PlaywrightThread | None = None
                 ) -> list[ComplaintResult]:
        """File every complaint; `jobs` workers at once. Ctrl-C lets each worker finish the step
        it is in (a submit in progress is recorded), then stops. A first worker started earlier (its
        Playwright already up) is put to work first."""
        from autoreport.browser import BrowserSource, browser_for_workers
        from autoreport.evidence import check_evidence

        source = BrowserSource.from_options(self.options.browser_path, self.options.cdp_endpoint,
                                            self.options.ws_endpoint, self.options.browser_args)
        for spec_file in spec_files:  # refuse bad evidence before a browser starts
            check_evidence(spec_file, evidence_limits(self.options.site), remote=source.remote)
        results: list[ComplaintResult | None] = [None] * len(spec_files)
        queue = list(enumerate(spec_files))
        queue_lock = threading.Lock()

        def next_complaint() -> tuple[int, SpecFile] | None:
            with queue_lock:
                return None if self.stop_requested.is_set() or not queue else queue.pop(0)

        from autoreport.sites.pages import configure_waits

        configure_waits(self.options.timeout_s)
        with site_base_url(self.options) as base_url:
            profile = site_profile(self.options.site, base_url, auto_sign_in=self.options.mock_auto_sign_in)

            browser_failures: list[AutoreportError] = []

            def work(playwright) -> None:
                try:
                    browser = BrowserSession(playwright, browsers, headless=not self.visible,
                                             slow_mo=self.options.slowmo, timeout_s=self.options.timeout_s)
                except AutoreportError as failure:  # no browser to be had: the main thread says why
                    browser_failures.append(failure)
                    return
                try:
                    while (item := next_complaint()) is not None:
                        index, spec_file = item
                        results[index] = self.file_one(browser, profile, spec_file)
                finally:
                    browser.close()

            # Each worker thread runs its own Playwright (the sync API binds it to one thread), all of
            # them on one browser; the main thread stays free to take Ctrl-C. It waits on events, not
            # Thread.join: a join interrupted by Ctrl-C can mark a running thread as stopped.
            count = min(self.options.jobs, len(spec_files))
            workers = [first_worker] if first_worker else []
            workers += [PlaywrightThread(f"complaint-worker-{n}") for n in range(len(workers), count)]
            with browser_for_workers(source, count) as browsers:
                for worker in workers:
                    worker.give(work)
                try:
                    for worker in workers:
                        while not worker.finished.wait(timeout=0.5):
                            pass
                except KeyboardInterrupt:
                    self.stop_requested.set()
                    self.say("Stopping: complaints in progress finish their current step; the rest are not started.")
                    for worker in workers:
                        worker.finished.wait()
            browser_failures += [BrowserNotFound(f"Playwright could not start: {worker.failure}")
                                 for worker in workers if worker.failure]
            if browser_failures and not any(results):
                raise browser_failures[0]
        return [result or ComplaintResult(spec_file.path, Outcome.ABORTED, error="stopped before it started")
                for result, spec_file in zip(results, spec_files, strict=True)]

    def file_one(self, browser: BrowserSession, profile: SiteProfile, spec_file: SpecFile) -> ComplaintResult:
        key = spec_file.key(profile.name)
        result = ComplaintResult(spec_file.path, Outcome.FAILED)
        try:
            result.output = run_folder_for(self.options.output, spec_file.path)
        except OSError as error:
            result.error = f"cannot create its folder in {self.options.output}: {error.strerror or error}"
            return result
        try:
            # A dry run submits nothing: no other run need keep away from it.
            with nullcontext() if self.options.dry_run else complaint_lock(self.state, key):
                self.file_with_retries(browser, profile, spec_file, key, result.output, result)
        except (NeedsHuman, InvalidInput, BeingFiled) as exc:
            result.status, result.error = (Outcome.NEEDS_HUMAN if isinstance(exc, NeedsHuman) else Outcome.FAILED,
                                           str(exc))
        except Exception as exc:
            # The complaint is reported failed and the batch goes on; a worker thread that died would
            # leave it reported as never started. A pending ledger row stays for the next run to settle.
            log.exception("%s: unexpected error", spec_file.path.name)
            result.status, result.error = Outcome.FAILED, f"unexpected error: {exc}"
        finally:
            result.error = mask_contact(result.error, getattr(spec_file.spec, "contact", None))
            try:
                write_receipt(result.output, spec_file, profile, result)
            except OSError as error:  # the outcome stands (the ledger has it); only its record is missing
                self.say(f"{spec_file.path.name}: could not write its receipt in {result.output}: "
                         f"{error.strerror or error}")
        return result

    def file_with_retries(self, browser: BrowserSession, profile: SiteProfile, spec_file: SpecFile,
                          key: ComplaintKey, run_folder: Path, result: ComplaintResult) -> None:
        from autoreport.evidence import prepare_evidence
        from autoreport.sites.flows import flow_for

        flow = flow_for(spec_file.spec)
        if not self.options.dry_run and self.settle_earlier_run(browser, profile, spec_file, key, flow, result):
            return
        # Once for every attempt, and before any context opens: a file that cannot be prepared leaves none.
        evidence = prepare_evidence(spec_file, profile.evidence, run_folder)
        # A lost answer to the submit, or a crashed browser, costs one of these; steps before the
        # submit are safe to repeat, and the submit is only repeated once the site shows nothing.
        for flow_attempt in range(1, self.options.retries + 2):
            outcome = self.run_flow_once(browser, profile, spec_file, key, flow, run_folder, evidence, result)
            if outcome is not FlowEnd.RETRY_FLOW or flow_attempt > self.options.retries:
                return
            self.say(f"{spec_file.path.name}: starting the flow again from its first step")

    def settle_earlier_run(self, browser: BrowserSession, profile: SiteProfile, spec_file: SpecFile,
                           key: ComplaintKey, flow: Flow, result: ComplaintResult) -> bool:
        """A complaint the ledger holds already is not filed again. True when nothing is left to do."""
        pending = self.ledger.find(key, PENDING)
        found_on_site = None
        if pending is not None:
            self.say(f"{spec_file.path.name}: an earlier run stopped while submitting; looking on the site")
            found_on_site = self.look_up(browser, profile, spec_file, flow)
            if found_on_site:
                self.ledger.mark_submitted(pending.id, found_on_site)
                self.say(f"{spec_file.path.name}: the site has it as {found_on_site}; recorded, not filed again")
            else:
                self.ledger.forget_pending(pending.id)
        earlier = self.ledger.find(key, SUBMITTED)
        # --force files again over an earlier complaint, but not over the one an interrupted run just filed.
        if earlier is None or (self.options.force and not found_on_site):
            return False
        if not found_on_site:
            self.say(f"{spec_file.path.name}: already submitted as {earlier.complaint_number} "
                     f"on {earlier.submitted_at}; skipped (use --force to file it again)")
        result.status, result.complaint_id = Outcome.SKIPPED_DUPLICATE, earlier.complaint_number
        return True

    def look_up(self, browser: BrowserSession, profile: SiteProfile, spec_file: SpecFile, flow: Flow) -> str | None:
        known = {entry.complaint_number for entry in self.ledger.entries(profile.name) if entry.complaint_number}
        context = browser.new_context(profile, self.session_file(profile))
        try:
            page = context.new_page()
            dismiss_obstacles_when_they_appear(page)
            ctx = FlowContext(page=page, profile=profile, spec=spec_file.spec, run_folder=Path("."))
            HumanCheckpoint(visible=self.visible, say=self.say).hand_over_if_blocked(ctx)
            return self.retry_policy("look-up")(flow.find_filed, ctx, known)
        finally:
            context.close()

    def run_flow_once(self, browser: BrowserSession, profile: SiteProfile, spec_file: SpecFile, key: ComplaintKey,
                      flow: Flow, run_folder: Path, evidence: list[Path], result: ComplaintResult) -> FlowEnd:
        context = browser.new_context(profile, self.session_file(profile))
        tracing = self.options.tracing != "off"
        if tracing:
            # A trace kept only on failure records the page's DOM at each action; the film of
            # screenshots, which costs a fifth of a second a complaint, only when asked for (`on`).
            context.tracing.start(screenshots=self.options.tracing == "on", snapshots=True)
        page = context.new_page()
        dismiss_obstacles_when_they_appear(page)
        ctx = FlowContext(page=page, profile=profile, spec=spec_file.spec, run_folder=run_folder,
                          evidence=evidence)
        marks = LedgerMarks(self.ledger, spec_file, key)
        # Step-through names each step itself, so it takes the place of the progress lines.
        shows_steps = StepThrough(self.prompter) if self.options.step else self.progress(spec_file.path.name)
        # The rate limit's pause comes before the pending mark: a run stopped in the pause has clicked nothing.
        hooks: list[FlowHooks] = [StopWhenAsked(self.stop_requested), shows_steps,
                                  HumanCheckpoint(visible=self.visible, say=self.say), RateLimit(self, profile),
                                  marks, FailureScreenshot()]
        if self.options.pause_on_failure and self.visible:
            hooks.append(PauseOnFailure(self.prompter))
        if tracing:
            hooks.append(TraceGroups(context))
        end = FlowEnd.DONE
        try:
            result.steps = run_flow(flow.steps(dry_run=self.options.dry_run), ctx, hooks,
                                    retry_policy_for=self.retry_policy_for)
        except (FlowFailed, PlaywrightError) as error:
            if isinstance(error, PlaywrightError) and not is_browser_gone(error):
                raise
            # A hook that looks at the page between two steps meets a browser that died there, not in a step.
            failed = error if isinstance(error, FlowFailed) else FlowFailed(step_under_way(ctx), error)
            # A step that met a login or the slider hands the complaint to a person, as a hook would.
            result.status = Outcome.NEEDS_HUMAN if isinstance(failed.error, NeedsHuman) else Outcome.FAILED
            result.error = str(failed)
            end = self.after_failure(failed, browser, profile, spec_file, flow, marks, result)
        except Abort as quit_:
            result.status, result.error = Outcome.ABORTED, str(quit_) or "quit"
        else:
            result.status = Outcome.DRY_RUN if self.options.dry_run else Outcome.SUBMITTED
            result.complaint_id, result.error = ctx.complaint_number, None  # an earlier attempt's error is over
            if not self.options.dry_run:
                page.screenshot(path=run_folder / "confirmation.png", full_page=True)
        finally:
            result.steps = ctx.notes["step_results"]
            keep_trace = self.options.tracing == "on" or (tracing and result.exit_status != ExitStatus.OK)
            browser.close_context(context, trace_path=run_folder / "trace.zip" if keep_trace else None,
                                  tracing=tracing)
        return end

    def after_failure(self, failed: FlowFailed, browser: BrowserSession, profile: SiteProfile,
                      spec_file: SpecFile, flow: Flow, marks: LedgerMarks, result: ComplaintResult) -> FlowEnd:
        """A failed flow: find out whether the complaint reached the site before anything is repeated."""
        if marks.entry_id is None:  # the submit was never clicked
            return FlowEnd.RETRY_FLOW if is_browser_gone(failed.error) else FlowEnd.DONE
        if isinstance(failed.error, SiteRefused):
            self.ledger.forget_pending(marks.entry_id)
            return FlowEnd.DONE
        number = self.look_up(browser, profile, spec_file, flow)
        if number is None and self.settle_pause_s > 0:
            # A site that failed or was slow to answer may still be storing the complaint: one more
            # look after a pause, before anything is filed again. Ctrl-C ends the pause early.
            self.say(f"{spec_file.path.name}: not on the site yet; looking again in {self.settle_pause_s:.0f} s")
            self.stop_requested.wait(self.settle_pause_s)
            number = self.look_up(browser, profile, spec_file, flow)
        if number:
            self.ledger.mark_submitted(marks.entry_id, number)
            result.status, result.complaint_id, result.error = Outcome.SUBMITTED, number, None
            self.say(f"{spec_file.path.name}: the answer to the submit was lost, but the site has the "
                     f"complaint as {number}")
            return FlowEnd.DONE
        self.ledger.forget_pending(marks.entry_id)
        return FlowEnd.RETRY_FLOW


def step_under_way(ctx: FlowContext) -> str:
    return next((step.name for step in ctx.notes["step_results"] if step.status is StepStatus.NOT_RUN), "flow")


class StopWhenAsked(FlowHooks):
    """After Ctrl-C, the flow stops before its next step; the step under way finishes first."""

    def __init__(self, stop_requested: threading.Event):
        self.stop_requested = stop_requested

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        if self.stop_requested.is_set():
            raise Abort(f"stopped (Ctrl-C) before {step.name}")


class FlowEnd(Enum):
    DONE = "done"
    RETRY_FLOW = "retry-flow"


class RateLimit(FlowHooks):
    """Spaces submissions to one site: the live site punishes floods of complaints."""

    def __init__(self, filer: ComplaintFiler, profile: SiteProfile):
        self.filer = filer
        self.interval_s = filer.options.min_interval if filer.options.min_interval is not None \
            else profile.min_interval_s

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        if step.repeatable or self.filer.options.dry_run:
            return
        with self.filer.submit_lock:
            if self.filer.last_submit_at is not None:
                remaining = self.interval_s - (time.monotonic() - self.filer.last_submit_at)
                if remaining > 0:
                    self.filer.say(f"waiting {remaining:.0f} s before the next submission (--min-interval)")
                    # A deliberate pause, not a wait on page state; Ctrl-C ends it early.
                    if self.filer.stop_requested.wait(remaining):
                        raise Abort("stopped while waiting to submit")
            self.filer.last_submit_at = time.monotonic()


def write_receipt(run_folder: Path, spec_file: SpecFile, profile: SiteProfile, result: ComplaintResult) -> None:
    spec = spec_file.spec
    receipt = {
        "spec": str(spec_file.path),
        "spec_sha256": spec_file.sha256,
        "site": profile.name,
        "kind": spec.kind,
        "category": getattr(spec, "category", None),
        "reason": getattr(spec, "reason", None),
        "order_number": getattr(spec, "order_number", None),
        "product_url": str(spec.product_url) if getattr(spec, "product_url", None) else None,
        "status": str(result.status),
        "complaint_number": result.complaint_id,
        "submitted_at": utc_now() if result.status is Outcome.SUBMITTED else None,
        "error": result.error,
        "steps": [step.as_dict() for step in result.steps],
        "files": sorted(p.name for p in run_folder.iterdir() if p.is_file() and p.name != "receipt.json"),
    }
    (run_folder / "receipt.json").write_text(json.dumps(receipt, indent=2) + "\n")


def load_spec_files(paths: list[Path]) -> list[SpecFile]:
    """Validate every spec before anything runs; all problems of all files in one error. Two specs
    of one batch that describe the same complaint are a problem too: both would be filed at once."""
    from autoreport.spec import SpecInvalid, complaint_key

    loaded, problems = [], []
    first_with_key: dict[tuple, Path] = {}
    for path in paths:
        try:
            spec_file = SpecFile.load(path)
        except SpecInvalid as invalid:
            problems.append(str(invalid))
            continue
        loaded.append(spec_file)
        key = tuple(map(str, complaint_key(spec_file.spec)))
        if key in first_with_key:
            problems.append(f"{path}: the same complaint as {first_with_key[key]} (same kind, category, reason "
                            "and order or product); a batch files each complaint once, so keep one of them")
        first_with_key.setdefault(key, path)
    if problems:
        raise InvalidInput("\n".join(problems))
    return loaded

