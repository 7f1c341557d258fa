"""The pause on failure with fake steps and a fake page: each choice of its menu, and the submit
that gets none."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from autoreport.flow.runner import Abort, FlowFailed, run_flow
from autoreport.flow.step import FlowContext, Step, StepStatus
from autoreport.flow.step_through import PauseOnFailure, Prompter

RETRY = "r retry the step"
POINT = "p point at the element"
RESTART = "R restart from a fresh page"


class FakePage:
    def __init__(self):
        self.visited: list[str] = []
        self.inspector_opened = 0

    def goto(self, url):
        self.visited.append(url)

    def pause(self):
        self.inspector_opened += 1


def context(tmp_path: Path) -> FlowContext:
    return FlowContext(page=FakePage(), profile=None, spec=None, run_folder=tmp_path)


class Flow:
    """Steps that note each run; the ones named in `failing` fail that many times first."""

    def __init__(self, names: list[str], failing: dict[str, int], submit: str | None = None):
        self.ran: list[str] = []
        self.errors: list[Exception] = []
        self.failing = dict(failing)
        self.steps = [Step(name, name, lambda ctx, name=name: self.act(name), repeatable=name != submit)
                      for name in names]

    def act(self, name: str) -> None:
        self.ran.append(name)
        if self.failing.get(name, 0) > 0:
            self.failing[name] -= 1
            error = LookupError(f"{name}: the page shows no element order-number (get_by_label(\"Order number\"))")
            self.errors.append(error)
            raise error


def pause(answers: str, said: list[str], point_at=None) -> PauseOnFailure:
    return PauseOnFailure(Prompter(io.StringIO(answers), say=said.append), point_at=point_at)


def menus(said: list[str]) -> list[str]:
    return [line for line in said if line.startswith("  [")]


def test_r_retries_the_failed_step(tmp_path):
    flow, said = Flow(["one", "two"], {"two": 1}), []
    results = run_flow(flow.steps, context(tmp_path), [pause("r\n", said)])
    assert flow.ran == ["one", "two", "two"]
    assert [(r.status, r.attempts) for r in results] == [(StepStatus.OK, 1), (StepStatus.OK, 2)]
    # It names the step and the error, which names the element and its locator.
    assert said[0] == 'two failed: two: the page shows no element order-number (get_by_label("Order number"))'
    assert menus(said) == [f"  [{RETRY}, {RESTART}, i inspector, q quit]"]


def test_p_hands_the_error_to_the_pointer_and_retries_once_it_repaired(tmp_path):
    flow, said, asked = Flow(["one", "two"], {"two": 1}), [], []

    def point_at(ctx, error):
        asked.append((ctx, error))
        return len(asked) == 2  # the first time the person gave up on pointing

    ctx = context(tmp_path)
    results = run_flow(flow.steps, ctx, [pause("p\nP\n", said, point_at)])
    assert asked == [(ctx, flow.errors[0])] * 2
    assert flow.ran == ["one", "two", "two"] and results[1].status is StepStatus.OK
    assert menus(said) == [f"  [{RETRY}, {POINT}, {RESTART}, i inspector, q quit]"] * 2


def test_p_without_a_pointer_says_so_and_asks_again(tmp_path):
    flow, said = Flow(["one"], {"one": 1}), []
    with pytest.raises(FlowFailed):
        run_flow(flow.steps, context(tmp_path), [pause("p\nq\n", said)])
    assert "  nothing to point at: this run cannot repair the site's knowledge." in said
    assert len(menus(said)) == 2 and POINT not in menus(said)[0]
    assert flow.ran == ["one"]


def test_R_restarts_the_flow_from_its_first_step_on_a_fresh_page(tmp_path):
    flow, said = Flow(["one", "two", "three"], {"two": 1}), []
    ctx = context(tmp_path)
    results = run_flow(flow.steps, ctx, [pause("R\n", said)])
    assert ctx.page.visited == ["about:blank"]
    assert flow.ran == ["one", "two", "one", "two", "three"]
    assert [(r.status, r.error, r.attempts) for r in results] == [
        (StepStatus.OK, None, 2), (StepStatus.OK, None, 2), (StepStatus.OK, None, 1)]
    assert "  starting the flow again from a fresh page." in said


def test_i_opens_the_inspector_and_asks_again(tmp_path):
    flow, said = Flow(["one"], {"one": 1}), []
    ctx = context(tmp_path)
    run_flow(flow.steps, ctx, [pause("I\nr\n", said)])
    assert ctx.page.inspector_opened == 1
    assert len(menus(said)) == 2 and flow.ran == ["one", "one"]


@pytest.mark.parametrize("quit_key", ["q", "Q"])
def test_q_fails_the_step(tmp_path, quit_key):
    flow, said = Flow(["one", "two"], {"one": 1}), []
    ctx = context(tmp_path)
    with pytest.raises(FlowFailed, match="step one failed"):
        run_flow(flow.steps, ctx, [pause(f"{quit_key}\n", said)])
    assert flow.ran == ["one"] and ctx.page.visited == []
    assert [r.status for r in ctx.notes["step_results"]] == [StepStatus.FAILED, StepStatus.NOT_RUN]


def test_an_unknown_answer_is_named_and_asked_again(tmp_path):
    flow, said = Flow(["one"], {"one": 1}), []
    run_flow(flow.steps, context(tmp_path), [pause("x\nr\n", said)])
    assert "  unknown answer 'x'" in said and flow.ran == ["one", "one"]


def test_a_failed_submit_gets_no_menu(tmp_path):
    flow, said = Flow(["fill", "submit"], {"submit": 1}, submit="submit"), []
    # No answers at all: a prompt would stop the flow as aborted, not failed.
    with pytest.raises(FlowFailed, match="step submit failed"):
        run_flow(flow.steps, context(tmp_path), [pause("", said)])
    assert menus(said) == []
    assert "  the complaint may have reached the site: it is looked up there, not sent again." in said


def test_no_restart_is_offered_or_made_past_the_submit(tmp_path):
    flow, said = Flow(["fill", "submit", "read-receipt"], {"read-receipt": 1}, submit="submit"), []
    ctx = context(tmp_path)
    run_flow(flow.steps, ctx, [pause("R\nr\n", said)])
    assert menus(said) == [f"  [{RETRY}, i inspector, q quit]"] * 2
    assert "  no restart: the complaint was submitted, and a second pass could file it again." in said
    assert ctx.page.visited == [] and flow.ran == ["fill", "submit", "read-receipt", "read-receipt"]


def test_a_new_flow_offers_the_restart_again(tmp_path):
    said = []
    hook = pause("q\nR\n", said)
    submitted = Flow(["submit", "read-receipt"], {"read-receipt": 1}, submit="submit")
    with pytest.raises(FlowFailed):
        run_flow(submitted.steps, context(tmp_path), [hook])
    again = Flow(["fill"], {"fill": 1})
    ctx = context(tmp_path)
    run_flow(again.steps, ctx, [hook])
    assert menus(said) == [f"  [{RETRY}, i inspector, q quit]", f"  [{RETRY}, {RESTART}, i inspector, q quit]"]
    assert ctx.page.visited == ["about:blank"] and again.ran == ["fill", "fill"]


def test_the_end_of_the_answers_quits(tmp_path):
    flow = Flow(["one"], {"one": 1})
    with pytest.raises(Abort, match="no more answers"):
        run_flow(flow.steps, context(tmp_path), [pause("", [])])
