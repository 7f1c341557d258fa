"""One small runner: it calls each step with hooks around it.

Progress lines, trace groups, failure artifacts, step-through prompts and retries are all hooks, so
the runner itself stays the same for every way the tool is used.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from autoreport.errors import first_line
from autoreport.flow.step import FlowContext, Step, StepResult, StepStatus

if TYPE_CHECKING:
    import tenacity


class OnError(Enum):
    """What a hook wants done when a step raised."""

    RAISE = "raise"
    RETRY = "retry"
    # Run the flow again from its first step, on a fresh page. Never past a step that is not
    # repeatable: once the submit was clicked, a second pass could file a second complaint.
    RESTART = "restart"


class Skip(Exception):
    """Raised by a before_each hook to skip the step (a person chose to)."""


class Abort(Exception):
    """Raised by a hook to stop the flow cleanly (a person chose to quit)."""


class _RestartFlow(Exception):
    """A hook asked for the flow to start over; carried from the failed step up to run_flow."""


class FlowHooks:
    """Base hook: override what you need. Hooks are called in the order given to the runner."""

    def before_flow(self, steps: list[Step], ctx: FlowContext) -> None: ...

    def before_each(self, step: Step, position: int, total: int, ctx: FlowContext) -> None: ...

    def after_each(self, step: Step, result: StepResult, ctx: FlowContext) -> None: ...

    def on_error(self, step: Step, error: BaseException, attempt: int, ctx: FlowContext) -> OnError:
        return OnError.RAISE

    def after_flow(self, results: list[StepResult], error: BaseException | None, ctx: FlowContext) -> None: ...


@dataclass
class FlowFailed(Exception):
    step: str
    error: BaseException

    def __str__(self) -> str:
        return f"step {self.step} failed: {self.error}"


RetryPolicyFor = Callable[[Step], "tenacity.Retrying | None"]


def run_flow(steps: list[Step], ctx: FlowContext, hooks: list[FlowHooks],
             retry_policy_for: RetryPolicyFor | None = None) -> list[StepResult]:
    """Run the steps in order. Returns every step's result; a failure is re-raised after the
    after_flow hooks ran, with the results available on ctx.notes['step_results'].

    retry_policy_for gives a step its tenacity policy for transient failures (None: one attempt).
    A hook may ask for a failed step to be run again (OnError.RETRY) or for the whole flow to start
    over from a blank page (OnError.RESTART; refused once a step that is not repeatable has run: the
    step then fails). Each result keeps counting its attempts across passes."""
    results = [StepResult(step.name, StepStatus.NOT_RUN) for step in steps]
    ctx.notes["step_results"] = results
    for hook in hooks:
        hook.before_flow(steps, ctx)
    error: BaseException | None = None
    try:
        while True:
            try:
                _run_steps(steps, results, ctx, hooks, retry_policy_for)
                break
            except _RestartFlow:
                # A fresh page: nothing the failed pass typed or chose stays on it. The session (the
                # context's cookies) stays, so a signed-in person is still signed in.
                ctx.page.goto("about:blank")
                for result in results:
                    result.start_over()
    except BaseException as exc:
        error = exc
        raise
    finally:
        for hook in hooks:
            hook.after_flow(results, error, ctx)
    return results


def _run_steps(steps: list[Step], results: list[StepResult], ctx: FlowContext, hooks: list[FlowHooks],
               retry_policy_for: RetryPolicyFor | None) -> None:
    for position, (step, result) in enumerate(zip(steps, results, strict=True), start=1):
        policy = retry_policy_for(step) if retry_policy_for else None
        may_restart = all(earlier.repeatable for earlier in steps[:position])
        _run_step(step, position, len(steps), result, ctx, hooks, policy, may_restart)


def _wish_of(hooks: list[FlowHooks], step: Step, error: Exception, attempt: int, ctx: FlowContext) -> OnError:
    """The first hook that wants more than a failure (a retry, a restart) wins; later hooks are not
    asked about this error."""
    for hook in hooks:
        wish = hook.on_error(step, error, attempt, ctx)
        if wish is not OnError.RAISE:
            return wish
    return OnError.RAISE


def _run_step(step: Step, position: int, total: int, result: StepResult, ctx: FlowContext,
              hooks: list[FlowHooks], policy: tenacity.Retrying | None, may_restart: bool) -> None:
    started = time.perf_counter()
    try:
        for hook in hooks:
            hook.before_each(step, position, total, ctx)
    except Skip:
        result.status = StepStatus.SKIPPED
        for hook in hooks:
            hook.after_each(step, result, ctx)
        return
    while True:
        try:
            if policy is None:
                result.attempts += 1
                step.action(ctx)
            else:
                try:
                    policy(step.action, ctx)
                finally:
                    result.attempts += policy.statistics.get("attempt_number", 1)
        except (Abort, KeyboardInterrupt):
            raise
        except Exception as exc:
            wish = _wish_of(hooks, step, exc, result.attempts, ctx)
            if wish is OnError.RETRY:
                continue
            result.status = StepStatus.FAILED
            result.error = first_line(exc)
            result.duration_s = time.perf_counter() - started
            for hook in hooks:  # the step ends here either way: hooks that opened something for it close it
                hook.after_each(step, result, ctx)
            if wish is OnError.RESTART and may_restart:
                raise _RestartFlow from exc
            raise FlowFailed(step.name, exc) from exc
        break
    result.status = StepStatus.OK
    result.duration_s = time.perf_counter() - started
    for hook in hooks:
        hook.after_each(step, result, ctx)
