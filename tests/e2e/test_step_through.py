"""Step-through debug mode in a visible browser (under Xvfb), with prompts answered on stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from support import EXAMPLES

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
    (received,) = mock_site.submissions()
    assert received["contact"]["email"] == "buyer@example.com"  # the account's, not the spec's
    steps = {s["name"]: s["status"] for s in receipt_of(run.only_result)["steps"]}
    assert steps["set-contact"] == "skipped" and steps["open-report-centre"] == "ok"


@pytest.mark.parametrize(("answers", "where"), [("\n\n\nq\n", "before fill-order"),
                                                 ("\n" * 9 + "no\n", "before submit-complaint")])
def test_quitting_submits_nothing_and_says_aborted(step_run, mock_site, answers, where):
    run = step_run(TRADE_RULES, answers)
    assert run.exit_code == 0, run.stderr
    result = run.only_result
    assert result["status"] == "aborted" and where in result["error"]
    assert receipt_of(result)["status"] == "aborted"
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
    code, results = run.submit_and_finish("[11/11] read-receipt")
    assert code == 0, "\n".join(run.seen)
    (received,) = mock_site.submissions()
    assert results[0]["status"] == "submitted" and results[0]["complaint_id"] == received["id"]
    steps = receipt_of(results[0])["steps"]
    assert steps[0]["name"] == "open-report-centre" and steps[0]["attempts"] == 2
