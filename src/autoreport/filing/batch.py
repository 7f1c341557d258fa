"""Filing a run's complaints: from validated specs to one ComplaintFiling each, `jobs` workers
sharing one browser; each complaint gets a fresh context, its own run folder, trace and receipt."""

from __future__ import annotations

import re
import signal
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoreport.browser.driver import PlaywrightThread
from autoreport.browser.session import BrowserSession
from autoreport.errors import AutoreportError, BrowserNotFound, ExitStatus, InvalidInput, NeedsHuman
from autoreport.filing.complaint import ComplaintFiling
from autoreport.filing.guards import SubmitSpacing, Submitting
from autoreport.filing.listings import split_into_complaints
from autoreport.filing.result import ComplaintResult, Outcome
from autoreport.filing.run import Run
from autoreport.filing.spec_file import SpecFile
from autoreport.flow.hooks import ProgressLines
from autoreport.flow.runner import FlowHooks
from autoreport.flow.step_through import Prompter
from autoreport.options import RunOptions
from autoreport.sites.lookup import ListingCache
from autoreport.sites.profile import SiteProfile, evidence_limits
from autoreport.store.state import StateDir

if TYPE_CHECKING:
    from autoreport.spec import SpecInvalid


class StoppedOutright(AutoreportError):
    """A second Ctrl-C: the run stops at once, without waiting for the steps under way."""

    exit_status = ExitStatus.INTERRUPTED


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


class ComplaintFiler:
    """Files a run's complaints: `jobs` workers sharing one browser, taking complaints in turn."""

    def __init__(self, options: RunOptions, say: Callable[[str], None], prompter: Prompter | None = None,
                 progress: Callable[[str], FlowHooks] | None = None):
        self.options = options
        self.say = say
        # Refused here, before a browser starts: a damaged saved session, a ledger file that is not one.
        self.state = StateDir.resolve(options.state_dir)
        self.session_file = options.site.session_file(self.state)
        self.ipp_session_file = options.site.ipp_session_file(self.state) or self.session_file
        self.ledger = self.state.open_ledger()
        # No session at all (ipp_session_file is the site's own when IPP has none of its own).
        if self.ipp_session_file is None and options.site.name != "mock" and not options.browser.cdp_endpoint:
            # A browser behind --cdp-endpoint may be signed in already; otherwise the live site's login
            # would stop every complaint: said once, before a browser starts.
            raise NeedsHuman("no saved session for the live site: sign in first with `autoreport login` "
                             "(you type your password yourself, in the browser), or add --site mock to try "
                             "the tool on the mock marketplace")
        self.stop_requested = threading.Event()
        self._stop_handlers: dict[int, Any] = {}  # the handlers note_late_stops replaced, until close()
        self.submitting = Submitting()
        self.prompter = prompter or Prompter(say=say)
        # A hook per complaint that shows its steps; plain lines unless the caller has a better view.
        self.progress = progress or (lambda label: ProgressLines(say, label))

    @property
    def interrupted(self) -> bool:
        return self.stop_requested.is_set()

    def close(self) -> None:
        for stop, handler in self._stop_handlers.items():
            signal.signal(stop, handler)
        self._stop_handlers.clear()
        self.ledger.close()

    def note_late_stops(self) -> None:
        """Once the workers are done, a stop has nothing left to stop but the closing of the browser and
        the printing of the results, which it must not lose: a first one is noted (the run exits 130),
        a second stops at once, as while filing. Until close()."""
        if threading.current_thread() is not threading.main_thread():
            return

        def note(number: int, frame) -> None:
            if self.stop_requested.is_set():
                raise KeyboardInterrupt
            self.stop_requested.set()

        for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            self._stop_handlers.setdefault(stop, signal.signal(stop, note))

    def file_all(self, spec_files: list[SpecFile], first_worker: PlaywrightThread | None = None
                 ) -> list[ComplaintResult]:
        """File every complaint; `jobs` workers at once. Ctrl-C lets each worker finish the step
        it is in (a submit in progress is recorded), then stops; a second Ctrl-C stops at once. A
        first worker started earlier (its Playwright already up) is put to work first."""
        from autoreport.browser.server import browser_for_workers
        from autoreport.evidence.preflight import check_evidence

        provider = self.options.browser.provider()
        for spec_file in spec_files:  # refuse bad evidence before a browser starts
            check_evidence(spec_file, evidence_limits(self.options.site.name), remote=provider.remote)
        results: list[ComplaintResult | None] = [None] * len(spec_files)
        queue = list(enumerate(spec_files))
        queue_lock = threading.Lock()

        def next_complaint() -> tuple[int, SpecFile] | None:
            with queue_lock:
                return None if self.stop_requested.is_set() or not queue else queue.pop(0)

        with self.options.site.profile() as profile:
            # An IPR spec's listings become the complaints left to file (at most 300 listings each).
            spec_files, settled = split_into_complaints(spec_files, self.ledger, profile.ledger_site,
                                                        force=self.options.policy.force, say=self.say)
            if not spec_files:
                return settled
            results = [None] * len(spec_files)
            queue[:] = list(enumerate(spec_files))
            run = self.run_shared(profile)
            browser_failures: list[AutoreportError] = []

            def work(playwright) -> None:
                try:
                    browser = BrowserSession(playwright, browsers, headless=not self.options.visible,
                                             slow_mo=self.options.browser.slowmo,
                                             timeout_s=self.options.policy.timeout_s)
                except AutoreportError as failure:  # no browser to be had: the main thread says why
                    browser_failures.append(failure)
                    return
                try:
                    while (item := next_complaint()) is not None:
                        index, spec_file = item
                        results[index] = self.file_one(run, browser, profile, spec_file)
                finally:
                    browser.close()

            # Each worker thread runs its own Playwright (the sync API binds it to one thread), all of
            # them on one browser; the main thread stays free to take Ctrl-C. It waits on events, not
            # Thread.join: a join interrupted by Ctrl-C can mark a running thread as stopped.
            count = min(self.options.policy.jobs, len(spec_files))
            workers = [first_worker] if first_worker else []
            workers += [PlaywrightThread(f"complaint-worker-{n}") for n in range(len(workers), count)]
            with browser_for_workers(provider, count) as browsers:
                for worker in workers:
                    worker.give(work)
                self.wait_for(workers)
                self.note_late_stops()
            browser_failures += [BrowserNotFound(f"Playwright could not start: {worker.failure}")
                                 for worker in workers if worker.failure]
            if browser_failures and not any(results):
                raise browser_failures[0]
        return settled + [result or ComplaintResult(spec_file.path, Outcome.ABORTED, error="stopped before it started")
                          for result, spec_file in zip(results, spec_files, strict=True)]

    def run_shared(self, profile: SiteProfile) -> Run:
        policy = self.options.policy
        interval = policy.min_interval if policy.min_interval is not None else profile.min_interval_s
        return Run(options=self.options, state=self.state, ledger=self.ledger, session_file=self.session_file,
                   ipp_session_file=self.ipp_session_file,
                   say=self.say, prompter=self.prompter,
                   progress=self.progress, stop_requested=self.stop_requested,
                   spacing=SubmitSpacing(interval, self.stop_requested, self.say), submitting=self.submitting,
                   listing=ListingCache())

    def wait_for(self, workers: list[PlaywrightThread]) -> None:
        """Wait until the workers are done. The first Ctrl-C (or stop signal) lets each finish the step
        under way, and a complaint whose submit was clicked is filed to its number; a second stops now."""
        try:
            for worker in workers:
                while not worker.finished.wait(timeout=0.5):
                    pass
        except KeyboardInterrupt:
            self.stop_requested.set()
            self.say("Stopping: complaints in progress finish their current step (a complaint being "
                     "submitted is filed to its number); the rest are not started. Ctrl-C again stops at once.")
            try:
                for worker in workers:
                    worker.finished.wait()
            except KeyboardInterrupt:
                for name in self.submitting.names():
                    self.say(f"{name}: stopped while submitting: filed or not, the next run finds out; "
                             "do not file it by hand")
                raise StoppedOutright("stopped at once (a second Ctrl-C)") from None

    def file_one(self, run: Run, browser: BrowserSession, profile: SiteProfile,
                 spec_file: SpecFile) -> ComplaintResult:
        try:
            run_folder = run_folder_for(self.options.output, spec_file.path)
        except OSError as error:
            return ComplaintResult(spec_file.path, Outcome.FAILED,
                                   error=f"cannot create its folder in {self.options.output}: "
                                         f"{error.strerror or error}")
        result = ComplaintFiling(run, browser, profile, spec_file, run_folder).file()
        if (part := spec_file.listings_part) is not None:
            result.filed["listings"] = part.places
            if result.status in (Outcome.SUBMITTED, Outcome.SKIPPED_DUPLICATE):
                self.say(f"{spec_file.label}: {part.tally.add(part.count)} of {part.tally.total} listings filed")
        return result


class SpecsInvalid(InvalidInput):
    """Specs of a run that cannot be filed, each with its problems (SpecInvalid)."""

    def __init__(self, invalid: list[SpecInvalid]) -> None:
        self.invalid = invalid
        super().__init__("\n".join(line for spec in invalid for line in spec.lines()))

    def reports(self) -> list[dict[str, Any]]:
        """One report per invalid spec, as `validate --json` gives it."""
        return [spec.as_json() for spec in self.invalid]


def load_spec_files(paths: list[Path]) -> list[SpecFile]:
    """Validate every spec before anything runs; all problems of all files in one error. Two specs
    of one batch that describe the same complaint are a problem too: both would be filed at once."""
    from autoreport.spec import Problem, SpecInvalid, complaint_key

    loaded, invalid = [], []
    first_with_key: dict[tuple, Path] = {}
    for path in paths:
        try:
            spec_file = SpecFile.load(path)
        except SpecInvalid as problems:
            invalid.append(problems)
            continue
        key = tuple(map(str, complaint_key(spec_file.spec)))
        if key in first_with_key:
            invalid.append(SpecInvalid(path, [Problem(
                f"the same complaint as {first_with_key[key]} (same kind, category, reason and order or "
                "product); a batch files each complaint once, so keep one of them")]))
            continue
        loaded.append(spec_file)
        first_with_key[key] = path
    if invalid:
        raise SpecsInvalid(invalid)
    return loaded

