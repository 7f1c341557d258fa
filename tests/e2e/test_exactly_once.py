"""Exactly once beyond one ledger and one complaint an order: complaints that differ only by reason,
complaints filed from another ledger or by hand, a look-up that cannot prove what it found, stops in
the middle of a submit, and a ledger file copied on its own."""

from __future__ import annotations

import json
import os
import shutil
import signal
from pathlib import Path

import pytest
import yaml
from support import EXAMPLES, history

TRADE_RULES = yaml.safe_load((EXAMPLES / "trade-rules.yaml").read_text())
ORDER = "8000000000000001"


@pytest.fixture
def two_reasons(write_spec):
    """Two Trade Rules complaints about one order, told apart only by their reason (and words)."""
    paying = write_spec("paying.yaml", {**TRADE_RULES, "evidence": ["evidence/chat-screenshot.png"]})
    confirming = write_spec("confirming.yaml", {
        **TRADE_RULES, "reason": "confirm-receipt-in-advance", "evidence": ["evidence/chat-screenshot.png"],
        "details": "The seller asked me to confirm receipt before the parcel arrived, for a discount."})
    return paying, confirming


@pytest.fixture
def two_reasons_in_each_edition(each_edition, write_spec):
    """Two complaints about one order (today's site: one product), told apart only by their reason and
    words, in each edition: the first as the edition's spec has it, the second of its other reason."""
    spec = yaml.safe_load(Path(each_edition.spec).read_text())
    first = write_spec("first.yaml", {**spec, "evidence": ["evidence/chat-screenshot.png"]})
    second = write_spec("second.yaml", {**spec, "reason": each_edition.other_reason,
                                        "evidence": ["evidence/chat-screenshot.png"],
                                        "details": "A second complaint about it, for another reason."})
    return each_edition, (spec["reason"], first), (each_edition.other_reason, second)


def results_of(run) -> dict[str, dict]:
    return {os.path.basename(result["spec"]): result for result in run.json_lines()}


def reports_on(mock_site) -> dict[str, dict]:
    return {received["id"]: received for received in mock_site.submissions() if received["kind"] == "seller-report"}


def test_two_reasons_on_one_order_with_a_lost_submit_stay_two_complaints(two_reasons_in_each_edition, run_on_mock,
                                                                         mock_site):
    # The first submit fails: its complaint must not take the other one's number when it looks itself up.
    edition, (first_reason, first), (second_reason, second) = two_reasons_in_each_edition
    mock_site.faults(fail_requests=1, fail_path=edition.submit_path)
    run = run_on_mock(str(first), str(second), "--jobs", "2")
    assert run.exit_code == 0, run.stderr
    results, received = results_of(run), reports_on(mock_site)
    assert len(received) == 2
    assert {result["status"] for result in results.values()} == {"submitted"}
    assert received[results["first.yaml"]["complaint_id"]]["reason"] == first_reason
    assert received[results["second.yaml"]["complaint_id"]]["reason"] == second_reason


def test_a_complaint_filed_elsewhere_on_the_order_is_not_taken_for_this_one(two_reasons_in_each_edition, run_on_mock,
                                                                           mock_site, tmp_path):
    edition, (first_reason, first), (second_reason, second) = two_reasons_in_each_edition
    by_hand = run_on_mock(str(first), env={"AUTOREPORT_STATE_DIR": str(tmp_path / "another-ledger")})
    assert by_hand.exit_code == 0, by_hand.stderr
    # This run's own submit gets no answer: the site lists the other complaint on the same order.
    mock_site.faults(fail_requests=1, fail_path=edition.submit_path)
    run = run_on_mock(str(second))
    assert run.exit_code == 0, run.stderr
    assert run.only_result["status"] == "submitted"
    assert run.only_result["complaint_id"] != by_hand.only_result["complaint_id"]
    assert sorted(r["reason"] for r in reports_on(mock_site).values()) == sorted([first_reason, second_reason])


def test_a_second_ledger_finds_the_complaint_on_the_site_and_files_nothing(run_on_mock, mock_site, tmp_path, cli,
                                                                          each_edition):
    spec = each_edition.spec
    first = run_on_mock(spec)
    number = first.only_result["complaint_id"]
    elsewhere = {"AUTOREPORT_STATE_DIR": str(tmp_path / "laptop")}
    second = run_on_mock(spec, env=elsewhere)
    assert second.exit_code == 0, second.stderr
    assert (second.only_result["status"], second.only_result["complaint_id"]) == ("skipped-duplicate", number)
    assert f"the site has it already as {number} (filed from elsewhere); recorded, not filed again" in second.stderr
    assert list(reports_on(mock_site)) == [number]
    (row,) = history(cli, env=elsewhere)
    assert (row["state"], row["complaint_number"]) == ("submitted", number)


def test_a_complaint_the_site_cannot_prove_is_unverified_and_never_filed_again_by_itself(run_on_mock, mock_site,
                                                                                      tmp_path, each_edition):
    spec = each_edition.spec
    number = run_on_mock(spec).only_result["complaint_id"]
    elsewhere = {"AUTOREPORT_STATE_DIR": str(tmp_path / "laptop")}
    mock_site.faults(relabel={"Description": "Your words"})  # the details page no longer shows the text
    for _ in range(2):
        run = run_on_mock(spec, env=elsewhere)
        assert run.exit_code == 1, run.stderr
        assert run.only_result["status"] == "unverified"
        assert run.only_result["error"].startswith(
            f"the site shows complaint {number}, which may be this one, but it could not be proven ({number}: "
            "the site does not show its Description); it is not filed again by itself. Check")
        assert list(reports_on(mock_site)) == [number]
    mock_site.faults(relabel={})
    forced = run_on_mock(spec, "--force", env=elsewhere)
    assert forced.only_result["status"] == "submitted"
    assert len(reports_on(mock_site)) == 2


def test_a_look_up_that_meets_a_failing_site_leaves_the_complaint_for_the_next_run(start_on_mock, run_on_mock,
                                                                                   mock_site, cli, each_edition):
    spec = each_edition.spec
    run = start_on_mock(spec, "--retries", "1")
    assert run.wait_for_line("] open-report-centre"), run.stderr  # past the look-up before filing
    # The answer to the submit is lost, and My Reports then fails on every request.
    mock_site.faults(drop_submit_response=True, fail_requests=50, fail_path="/health/myReports.htm")
    run.finish()
    assert run.exit_code == 1, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    error = run.only_result["error"]
    assert error.startswith("step submit-complaint failed") and "then could not find out whether the site took " \
        "it after its answer was lost" in error and "answered 503" in error, error
    assert [row["state"] for row in history(cli)] == ["pending"]
    (filed,) = reports_on(mock_site)
    mock_site.faults(fail_requests=0, fail_path=None)
    again = run_on_mock(spec)
    assert (again.only_result["status"], again.only_result["complaint_id"]) == ("skipped-duplicate", filed)
    assert list(reports_on(mock_site)) == [filed]


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_just_after_the_submit_click_still_reads_the_number(stop, start_on_mock, mock_site, cli, each_edition):
    run = start_on_mock(each_edition.spec)
    assert run.wait_for_line(f"] {each_edition.step_before_submit}"), run.stderr
    mock_site.faults(latency_ms=1500)  # the submit's answer takes its time: the stop comes while it runs
    assert run.wait_for_line("] submit-complaint"), run.stderr
    if stop == signal.SIGINT:
        os.killpg(run.process.pid, signal.SIGINT)  # as a terminal sends Ctrl-C
    else:
        os.kill(run.process.pid, signal.SIGTERM)  # as a supervisor stops a service
    run.finish()
    mock_site.faults(latency_ms=0)
    assert run.exit_code == 130, run.stderr
    (filed,) = reports_on(mock_site)
    assert (run.only_result["status"], run.only_result["complaint_id"]) == ("submitted", filed)
    assert [(row["state"], row["complaint_number"]) for row in history(cli)] == [("submitted", filed)]


def test_two_ctrl_c_stop_a_batch_at_once_without_a_traceback(two_reasons, start_on_mock, mock_site, cli):
    mock_site.faults(latency_ms=400)
    run = start_on_mock(*map(str, two_reasons), "--jobs", "2")
    assert run.wait_for_line("[2/", times=2), run.stderr
    os.killpg(run.process.pid, signal.SIGINT)
    assert run.wait_for_line("Ctrl-C again stops at once"), run.stderr
    os.killpg(run.process.pid, signal.SIGINT)
    run.finish(timeout=60)
    mock_site.faults(latency_ms=0)
    assert run.exit_code == 130, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    # The second Ctrl-C stops at once either while a worker still finishes its step, or, when both
    # had just finished, while the browser closes: which one depends on where the steps were.
    assert run.stderr.rstrip().splitlines()[-1] in ("error: stopped at once (a second Ctrl-C)", "Interrupted.")
    assert all(row["state"] != "pending" for row in history(cli))  # no submit was under way


def test_the_ledger_file_alone_holds_every_complaint(run_on_mock, cli, state_dir, tmp_path):
    spec = str(EXAMPLES / "trade-rules.yaml")
    number = run_on_mock(spec).only_result["complaint_id"]
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.copy(state_dir / "ledger.sqlite3", moved / "ledger.sqlite3")  # as the README says to move one
    assert [row["complaint_number"] for row in history(cli, env={"AUTOREPORT_STATE_DIR": str(moved)})] == [number]
    again = run_on_mock(spec, env={"AUTOREPORT_STATE_DIR": str(moved)})
    assert (again.only_result["status"], again.only_result["complaint_id"]) == ("skipped-duplicate", number)
    assert "already submitted as" in again.stderr  # known from the ledger copy, not found on the site


@pytest.fixture
def system_tmp():
    """A temporary folder of the test's own, as short as the system's (Chromium puts a socket in it)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="t"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def left_in(system_tmp: Path) -> list[str]:
    """What is left in a temporary folder, the tool's (empty) root apart."""
    root = system_tmp / f"autoreport-{os.getuid()}"
    return sorted(str(p.relative_to(system_tmp)) for p in [*system_tmp.iterdir(), *root.iterdir()] if p != root)


def test_kept_traces_hold_no_contact_and_no_temporary_files_are_left(write_spec, run_on_mock, system_tmp):
    import zipfile

    spec = write_spec("contact.yaml", {**TRADE_RULES, "contact": {"email": "someone.private@example.org",
                                                                  "phone": "+44 20 7946 0958"}})
    run = run_on_mock(str(spec), "--tracing", "on", "--jobs", "2", env={"TMPDIR": str(system_tmp)})
    assert run.exit_code == 0, run.stderr
    with zipfile.ZipFile(os.path.join(run.only_result["output"], "trace.zip")) as trace:
        text = b"".join(trace.read(name) for name in trace.namelist())
    assert b"someone.private" not in text and b"7946 0958" not in text and b"s***@example.org" in text
    assert left_in(system_tmp) == []


def test_a_killed_run_leaves_temporary_files_the_next_command_clears(start_on_mock, cli, system_tmp):
    run = start_on_mock(str(EXAMPLES / "trade-rules.yaml"), "--tracing", "on", env={"TMPDIR": str(system_tmp)})
    assert run.wait_for_line("[3/11]"), run.stderr
    run.kill_everything()
    assert left_in(system_tmp), "a killed run leaves its folder"
    cli("history", env={"TMPDIR": str(system_tmp)})
    assert left_in(system_tmp) == []


def test_a_stop_after_the_filing_still_prints_every_result(two_reasons, start_on_mock, mock_site, tmp_path):
    # Both receipts are written and the browser is gone: the run is closing down when Ctrl-C comes.
    import time

    run = start_on_mock(*map(str, two_reasons), "--jobs", "2")
    deadline = time.monotonic() + 120
    while (len(list((tmp_path / "runs").glob("*/receipt.json"))) < 2 or run.browser_main_pids()) \
            and run.process.poll() is None:
        assert time.monotonic() < deadline, run.stderr
        time.sleep(0.005)  # polled: the receipts written and the browser gone are the state waited for
    os.killpg(run.process.pid, signal.SIGINT)
    run.finish()
    assert run.exit_code in (0, 130), run.stderr  # 0: the run had ended before Ctrl-C reached it
    assert "Traceback" not in run.stderr + run.stdout
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert {result["status"] for result in results} == {"submitted"}, run.stderr
    assert sorted(result["complaint_id"] for result in results) == sorted(reports_on(mock_site))
