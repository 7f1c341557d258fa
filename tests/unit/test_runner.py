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
