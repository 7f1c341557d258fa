"""Step-through debug mode in a visible browser (under Xvfb), with prompts answered on stdin."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from support import EXAMPLES

from autoreport.flow.hooks import FailureScreenshot
from autoreport.flow.runner import FlowFailed, run_flow
from autoreport.flow.step import FlowContext, Step
from autoreport.flow.step_through import HIGHLIGHT_ID, Prompter, StepThrough

TRADE_RULES = str(EXAMPLES / "trade-rules.yaml")
TRADE_RULES_STEPS = 11


@pytest.fixture
def step_run(cli, mock_site, tmp_path, display):
    def run(spec: str, answers: str, *extra: str):
        return cli("run", spec, "--step", "--site", "mock", "--base-url", mock_site.url, "--json",
                   "--output", str(tmp_path / "runs"), *extra, stdin=answers)

    return run


def receipt_of(result: dict) -> dict:
    return json.loads((Path(result["output"]) / "receipt.json").read_text())


def test_a_full_step_through_run_submits_once(step_run, mock_site):
    answers = "\n" * (TRADE_RULES_STEPS - 2) + "yes\n" + "\n"
    run = step_run(TRADE_RULES, answers)
    assert run.exit_code == 0, run.stderr
    assert "[1/11] open-report-centre: open the report centre" in run.stderr
    assert "[10/11] submit-complaint: click Add a complaint (files the complaint)" in run.stderr
    assert "Type yes to go on" in run.stderr
    (received,) = mock_site.submissions()
    assert run.only_result == {**run.only_result, "status": "submitted", "complaint_id": received["id"]}


def test_a_skippable_step_is_skipped_and_a_required_one_is_not(step_run, mock_site, write_spec):
    spec = yaml.safe_load((EXAMPLES / "trade-rules.yaml").read_text())
    path = write_spec("contact.yaml", {**spec, "evidence": [], "contact": {"email": "other@example.com"}})
    # open, category, reason, order, answers, channel, details, tracking, set-contact, submit, receipt
    answers = "s\n\n" + "\n" * 7 + "s\n" + "yes\n" + "\n"
    run = step_run(str(path), answers)
    assert run.exit_code == 0, run.stderr
    assert "open-report-centre cannot be skipped" in run.stderr
    assert "  skipped set-contact" in run.stderr.splitlines()
    (received,) = mock_site.submissions()
    assert received["contact"]["email"] == "buyer@example.com"  # the account's, not the spec's
    steps = {s["name"]: s["status"] for s in receipt_of(run.only_result)["steps"]}
    assert steps["set-contact"] == "skipped" and steps["open-report-centre"] == "ok"


@pytest.mark.parametrize(("answers", "where", "screenshot"),
                         [("\n\n\nq\n", "before fill-order", "04-fill-order-quit.png"),
                          ("\n" * 9 + "no\n", "before submit-complaint", "10-submit-complaint-quit.png")])
def test_quitting_submits_nothing_and_says_aborted(step_run, mock_site, answers, where, screenshot):
    run = step_run(TRADE_RULES, answers)
    assert run.exit_code == 0, run.stderr
    result = run.only_result
    assert result["status"] == "aborted" and where in result["error"]
    assert receipt_of(result)["status"] == "aborted"
    assert sorted(p.name for p in Path(result["output"]).glob("*.png")) == [screenshot]
    assert mock_site.submissions() == []


def test_a_failed_step_is_retried_from_the_failure_pause(interactive_on_mock, mock_site, display):
    mock_site.faults(fail_requests=1, fail_path="/health/reportIndex.htm")
    run = interactive_on_mock(TRADE_RULES, "--step", "--retries", "0")
    run.wait_for("[1/11] open-report-centre")
    run.answer("")
    assert "503" in run.wait_for("open-report-centre failed:")
    run.wait_for("r retry the step")
    mock_site.faults(fail_requests=0)
    run.answer("r")
    for _ in range(TRADE_RULES_STEPS - 3):  # steps 2 to 9
        run.wait_for("[Enter run")
        run.answer("")
    run.wait_for("Type yes")
    results = run.submit_and_finish("[11/11] read-receipt").json_lines()
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert results[0]["status"] == "submitted" and results[0]["complaint_id"] == received["id"]
    steps = receipt_of(results[0])["steps"]
    assert steps[0]["name"] == "open-report-centre" and steps[0]["attempts"] == 2


class ScriptedAnswers:
    """Answers prompts line by line, and notes what the page shows while each prompt waits."""

    def __init__(self, page, answers: list[str]):
        self.page, self.answers, self.seen = page, answers, []

    def readline(self) -> str:
        self.seen.append(page_state(self.page))
        return self.answers.pop(0) + "\n"


def page_state(page) -> dict:
    return page.evaluate("""id => {
        const frames = document.querySelectorAll('#' + id);
        const box = el => el && el.getBoundingClientRect();
        const second = box(document.getElementById('second'));
        return {frames: frames.length, frame: frames.length ? box(frames[0]).top : null,
                second_top: second.top, second_in_view: second.top >= 0 && second.bottom <= innerHeight};
    }""", HIGHLIGHT_ID)


def test_only_the_current_target_is_highlighted_in_view_and_never_in_a_screenshot(page, tmp_path):
    page.set_content("<button id=first>first</button><div style='height:4000px'></div>"
                     "<button id=second>second</button>")
    during_steps = []

    def act(ctx):
        during_steps.append(page_state(ctx.page))  # what a screenshot taken by the step would show

    def fail(ctx):
        act(ctx)
        raise RuntimeError("the page refused")

    steps = [Step("one", "click first", act, target=lambda ctx: ctx.page.locator("#first")),
             Step("two", "click second", fail, target=lambda ctx: ctx.page.locator("#second"))]
    answers = ScriptedAnswers(page, ["", ""])
    ctx = FlowContext(page=page, profile=None, spec=None, run_folder=tmp_path)
    with pytest.raises(FlowFailed):
        run_flow(steps, ctx, [StepThrough(Prompter(answers, say=lambda text: None)), FailureScreenshot()])
    first_prompt, second_prompt = answers.seen
    assert first_prompt["frames"] == 1 and not first_prompt["second_in_view"]
    # At the second prompt the first step's frame is gone, and the target below the fold is in view.
    assert second_prompt["frames"] == 1 and second_prompt["second_in_view"]
    assert abs(second_prompt["frame"] - (second_prompt["second_top"] - 3)) < 1
    assert [state["frames"] for state in during_steps] == [0, 0]
    assert page_state(page)["frames"] == 0 and (tmp_path / "02-two-failed.png").is_file()


def test_the_inspector_says_how_to_come_back(tmp_path):
    said = []
    paused = []
    fake_page = SimpleNamespace(pause=lambda: paused.append(said[-1]))
    ctx = FlowContext(page=fake_page, profile=None, spec=None, run_folder=tmp_path)
    steps = [Step("one", "do it", lambda ctx: None)]
    run_flow(steps, ctx, [StepThrough(Prompter(io.StringIO("i\n\n"), say=said.append))])
    assert paused == ["  The Playwright Inspector is open: close its window, or press Resume in it, "
                      "to come back here."]
    assert "  Back from the Inspector." in said
