"""Hooks that guard the one step that files a complaint: the ledger's marks around it, the spacing
of submissions, and stopping cleanly when asked (never between the submit and its receipt)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from autoreport.flow.runner import Abort, FlowHooks
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus
from autoreport.store.ledger import ComplaintKey, Ledger


class Submitting:
    """The complaints of a run whose submit was clicked and whose number is not read yet: a run
    stopped outright now leaves them `pending`, and the person is told so."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names: list[str] = []

    def add(self, name: str) -> None:
        with self._lock:
            self._names.append(name)

    def discard(self, name: str) -> None:
        with self._lock:
            if name in self._names:
                self._names.remove(name)

    def names(self) -> list[str]:
        with self._lock:
            return list(self._names)


class LedgerMarks(FlowHooks):
    """Writes the ledger's `pending` row (with the listings it names, for an IPR complaint) before the
    submit click and `submitted` once the site gave a complaint number: a crash in between leaves a row
    the next run reconciles."""

    def __init__(self, ledger: Ledger, key: ComplaintKey, spec_path: str, spec_sha256: str,
                 submitting: Submitting, label: str, listings: tuple[str, ...] = ()):
        self.ledger, self.key, self.spec_path, self.spec_sha256 = ledger, key, spec_path, spec_sha256
        self.submitting, self.label, self.listings = submitting, label, listings
        self.entry_id: int | None = None

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        if not step.repeatable and self.entry_id is None:
            self.entry_id = self.ledger.record_pending(self.key, self.spec_path, self.spec_sha256,
                                                       str(ctx.run_folder), self.listings)
            self.submitting.add(self.label)

    def after_flow(self, results: list[StepResult], error: BaseException | None, ctx: FlowContext) -> None:
        if self.entry_id is not None and ctx.complaint_number:
            self.ledger.mark_submitted(self.entry_id, ctx.complaint_number)
        self.submitting.discard(self.label)


class StopWhenAsked(FlowHooks):
    """After Ctrl-C, the flow stops before its next step; the step under way finishes first. Once the
    submit was clicked, the steps after it still run: the complaint is filed, and its number is read."""

    def __init__(self, stop_requested: threading.Event):
        self.stop_requested = stop_requested
        self.submit_clicked = False

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        if self.stop_requested.is_set() and not self.submit_clicked:
            raise Abort(f"stopped (Ctrl-C) before {step.name}")
        if not step.repeatable:
            self.submit_clicked = True


class SubmitSpacing:
    """The time between two submissions to one site, across the run's workers: the live site
    punishes floods of complaints. It counts from the later of the last submit click and the site's
    answer to it, so that the site itself sees the submissions at least interval_s apart however long
    it took to answer."""

    def __init__(self, interval_s: float, stop_requested: threading.Event, say: Callable[[str], None]):
        self.interval_s, self.stop_requested, self.say = interval_s, stop_requested, say
        self._turn = threading.Lock()  # one submission waits for its turn at a time
        self._last_lock = threading.Lock()  # the answer to the last one may arrive while another waits
        self._last_submit_at: float | None = None

    def wait_for_turn(self) -> None:
        with self._turn:
            said = False
            while (remaining := self._remaining()) > 0:
                if not said:
                    self.say(f"waiting {remaining:.0f} s before the next submission (--min-interval)")
                    said = True
                # A deliberate pause, not a wait on page state; Ctrl-C ends it early.
                if self.stop_requested.wait(remaining):
                    raise Abort("stopped while waiting to submit")
            self.mark()

    def mark(self) -> None:
        """A submit was clicked, or the site answered it: the next one waits interval_s from now."""
        with self._last_lock:
            self._last_submit_at = time.monotonic()

    def _remaining(self) -> float:
        with self._last_lock:
            last = self._last_submit_at
        return 0.0 if last is None else self.interval_s - (time.monotonic() - last)


class RateLimit(FlowHooks):
    """Takes the submit's turn before the pending mark (a run stopped in the pause has clicked
    nothing), and starts the next turn's interval again when the site has answered."""

    def __init__(self, spacing: SubmitSpacing):
        self.spacing = spacing

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None:
        if not step.repeatable:
            self.spacing.wait_for_turn()

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None:
        if not step.repeatable and result.status is StepStatus.OK:
            self.spacing.mark()  # the site has answered: the interval counts from its answer
