"""The step runner with fake steps: order, hooks, skip, retry and failure, no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoreport.flow.runner import Abort, FlowFailed, FlowHooks, OnError, Skip, run_flow
from autoreport.flow.step import FlowContext, Step, StepStatus


def context(tmp_path: Path) -> FlowContext:
    return FlowContext(page=None, profile=None, spec=None, run_folder=tmp_path)


class Recorder(FlowHooks):
    def __init__(self):
        self.events: list[str] = []

    def before_flow(self, steps, ctx):
        self.events.append(f"start:{len(steps)}")

    def before_each(self, step, position, total, ctx):
        self.events.append(f"before:{position}/{total}:{step.name}")

    def after_each(self, step, result, ctx):
        self.events.append(f"after:{step.name}:{result.status}")

    def after_flow(self, results, error, ctx):
        self.events.append(f"end:{type(error).__name__ if error else 'ok'}")


def test_steps_run_in_order_with_hooks_around_each(tmp_path):
    ran = []
    steps = [Step(name, name, lambda ctx, name=name: ran.append(name)) for name in ("one", "two", "three")]
    recorder = Recorder()
    results = run_flow(steps, context(tmp_path), [recorder])
    assert ran == ["one", "two", "three"]
    assert [r.status for r in results] == [StepStatus.OK] * 3
    assert recorder.events == [
        "start:3", "before:1/3:one", "after:one:ok", "before:2/3:two", "after:two:ok",
        "before:3/3:three", "after:three:ok", "end:ok"]


def test_a_failing_step_stops_the_flow_and_names_itself(tmp_path):
    ran = []

    def explode(ctx):
        raise ValueError("the form is gone")

    steps = [Step("one", "", lambda ctx: ran.append("one")), Step("two", "", explode),
             Step("three", "", lambda ctx: ran.append("three"))]
    recorder = Recorder()
    ctx = context(tmp_path)
    with pytest.raises(FlowFailed) as failed:
        run_flow(steps, ctx, [recorder])
    assert str(failed.value) == "step two failed: the form is gone"
    assert ran == ["one"]
    assert [r.status for r in ctx.notes["step_results"]] == [StepStatus.OK, StepStatus.FAILED, StepStatus.NOT_RUN]
    assert ctx.notes["step_results"][1].error == "the form is gone"
    assert recorder.events[-1] == "end:FlowFailed"


def test_a_hook_can_retry_a_step(tmp_path):
    attempts = []

    def flaky(ctx):
        attempts.append(1)
        if len(attempts) < 3:
            raise TimeoutError("slow page")

    class RetryTwice(FlowHooks):
        def on_error(self, step, error, attempt, ctx):
            return OnError.RETRY if attempt < 3 else OnError.RAISE

    results = run_flow([Step("flaky", "", flaky)], context(tmp_path), [RetryTwice()])
    assert len(attempts) == 3
    assert results[0].status is StepStatus.OK and results[0].attempts == 3


def test_a_hook_can_skip_a_step_and_abort_the_flow(tmp_path):
    ran = []

    class SkipSecondQuitThird(FlowHooks):
        def before_each(self, step, position, total, ctx):
            if position == 2:
                raise Skip
            if position == 3:
                raise Abort

    steps = [Step(n, "", lambda ctx, n=n: ran.append(n)) for n in ("one", "two", "three")]
    ctx = context(tmp_path)
    with pytest.raises(Abort):
        run_flow(steps, ctx, [SkipSecondQuitThird()])
    assert ran == ["one"]
    assert [r.status for r in ctx.notes["step_results"]] == [StepStatus.OK, StepStatus.SKIPPED, StepStatus.NOT_RUN]


class RestartOnce(FlowHooks):
    def __init__(self):
        self.asked = 0

    def on_error(self, step, error, attempt, ctx):
        self.asked += 1
        return OnError.RESTART if self.asked == 1 else OnError.RAISE


class BlankPage:
    def __init__(self):
        self.visited: list[str] = []

    def goto(self, url):
        self.visited.append(url)


def test_a_hook_can_restart_the_flow_from_its_first_step_on_a_blank_page(tmp_path):
    ran = []

    def step(name, fails_first=False):
        def act(ctx):
            ran.append(name)
            if fails_first and ran.count(name) == 1:
                raise LookupError("no such field")
        return Step(name, "", act)

    recorder = Recorder()
    ctx = FlowContext(page=BlankPage(), profile=None, spec=None, run_folder=tmp_path)
    results = run_flow([step("one"), step("two", fails_first=True)], ctx, [recorder, RestartOnce()])
    assert ran == ["one", "two", "one", "two"] and ctx.page.visited == ["about:blank"]
    assert [(r.status, r.error, r.attempts) for r in results] == [(StepStatus.OK, None, 2), (StepStatus.OK, None, 2)]
    # The failed pass ends its step as any failure does, then the flow starts over; it is still one flow.
    assert recorder.events == [
        "start:2", "before:1/2:one", "after:one:ok", "before:2/2:two", "after:two:failed",
        "before:1/2:one", "after:one:ok", "before:2/2:two", "after:two:ok", "end:ok"]


def test_a_restart_past_a_step_that_is_not_repeatable_fails_the_step(tmp_path):
    ran = []

    def read_receipt(ctx):
        ran.append("read-receipt")
        raise LookupError("no complaint number")

    steps = [Step("submit", "", lambda ctx: ran.append("submit"), repeatable=False),
             Step("read-receipt", "", read_receipt)]
    ctx = FlowContext(page=BlankPage(), profile=None, spec=None, run_folder=tmp_path)
    with pytest.raises(FlowFailed, match="step read-receipt failed: no complaint number"):
        run_flow(steps, ctx, [RestartOnce()])
    assert ran == ["submit", "read-receipt"] and ctx.page.visited == []
    assert [r.status for r in ctx.notes["step_results"]] == [StepStatus.OK, StepStatus.FAILED]
