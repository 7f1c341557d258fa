"""--min-interval: the site sees two submissions at least the interval apart, counted from the later
of the last submit click and the site's answer to it. A fake clock: no real waiting."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from autoreport.filing import guards
from autoreport.filing.guards import RateLimit, SubmitSpacing
from autoreport.flow.runner import Abort
from autoreport.flow.step import StepResult, StepStatus


class Clock:
    """time.monotonic, and a stop event whose wait moves the clock on by what was waited."""

    def __init__(self, stop_after_waiting: bool = False):
        self.now, self.waits, self.stop_after_waiting = 100.0, [], stop_after_waiting

    def monotonic(self) -> float:
        return self.now

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        self.now += seconds
        return self.stop_after_waiting


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(guards.time, "monotonic", clock.monotonic)
    return clock


def spacing(clock: Clock, said: list[str], interval_s: float = 8) -> SubmitSpacing:
    return SubmitSpacing(interval_s, SimpleNamespace(wait=clock.wait), said.append)


def test_the_first_submission_does_not_wait(clock):
    said = []
    spacing(clock, said).wait_for_turn()
    assert (clock.waits, said) == ([], [])


def test_the_next_submission_waits_the_interval_from_the_click(clock):
    said = []
    turns = spacing(clock, said)
    turns.wait_for_turn()
    clock.now += 2
    turns.wait_for_turn()
    assert clock.waits == [6]
    assert said == ["waiting 6 s before the next submission (--min-interval)"]


def test_the_interval_counts_from_the_sites_answer_when_it_came_later(clock):
    said = []
    turns = spacing(clock, said)
    submit = SimpleNamespace(repeatable=False)
    rate_limit = RateLimit(turns)
    rate_limit.before_each(submit, 10, 11, ctx=None)  # clicked at 100
    clock.now += 3  # the site answers 3 s later
    rate_limit.after_each(submit, StepResult("submit-complaint", StepStatus.OK), ctx=None)
    clock.now += 1
    turns.wait_for_turn()
    assert clock.waits == [7]  # 8 s from the answer at 103, not 4 s from the click
    assert said == ["waiting 7 s before the next submission (--min-interval)"]


def test_a_failed_submit_leaves_the_interval_counted_from_its_click(clock):
    turns = spacing(clock, [])
    submit = SimpleNamespace(repeatable=False)
    rate_limit = RateLimit(turns)
    rate_limit.before_each(submit, 10, 11, ctx=None)
    clock.now += 3
    rate_limit.after_each(submit, StepResult("submit-complaint", StepStatus.FAILED), ctx=None)
    turns.wait_for_turn()
    assert clock.waits == [5]


def test_ctrl_c_in_the_pause_ends_it_and_clicks_nothing(monkeypatch):
    clock = Clock(stop_after_waiting=True)
    monkeypatch.setattr(guards.time, "monotonic", clock.monotonic)
    turns = spacing(clock, [])
    turns.wait_for_turn()
    with pytest.raises(Abort, match="stopped while waiting to submit"):
        turns.wait_for_turn()
    clock.stop_after_waiting = False
    turns.wait_for_turn()
    assert clock.waits == [8]  # the stopped pause took no turn: the next one does not wait again
