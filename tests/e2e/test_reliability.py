"""Exactly-once filing under faults: failed requests, latency, a lost answer to the submit, an expired
session, a killed browser and a killed process. After each, the mock holds the complaint once and
the tool's result names it."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path

import pytest
import yaml
from support import EXAMPLES, history

from autoreport.store.ledger import ComplaintKey, Ledger

# Tests of the ledger and the lock, which no edition changes, file the article's Trade Rules complaint: two
# evidence files; eleven steps, the submit is the tenth. Tests of the flow's requests run on each edition.
SPEC = str(EXAMPLES / "trade-rules.yaml")


def assert_filed_once(mock_site, result: dict) -> dict:
    """The mock holds one complaint; the result and its receipt name it as submitted."""
    (received,) = mock_site.submissions()
    assert result["status"] == "submitted" and result["error"] is None, result
    assert result["complaint_id"] == received["id"]
    receipt = json.loads((Path(result["output"]) / "receipt.json").read_text())
    assert receipt["status"] == "submitted" and receipt["complaint_number"] == received["id"]
    return received


def assert_evidence_sent_once(received: dict) -> None:
    # A file sent again after a failed upload lands after the others: the order may change.
    assert sorted(file["name"] for file in received["evidence"]) == ["chat-screenshot.png", "parcel.jpg"]


def assert_ledger_has_once(cli, complaint_number: str) -> None:
    (row,) = history(cli)
    assert row["state"] == "submitted" and row["complaint_number"] == complaint_number


# --- failed requests ------------------------------------------------------------------------------

# Three failures in a row, as many as the default three retries absorb: the run meets the first failure,
# the failures after a failed retry, and the retry that passes.
FAILURES = 3


@pytest.mark.parametrize("page, step", [("/health/reportIndex.htm", "open-report-centre"),
                                        ("/health/myReports.htm", "look-up")])
def test_failed_requests_at_the_start_are_retried(page, step, run_on_mock, mock_site, cli, each_edition):
    # The first pages of a run: My Reports (is it filed already?), then the report centre.
    mock_site.faults(fail_requests=FAILURES, fail_path=page)
    run = run_on_mock(each_edition.spec)
    assert run.exit_code == 0, run.stderr
    for attempt in range(1, FAILURES + 1):
        assert run.stderr.count(f"{step}: attempt {attempt} failed") == 1, run.stderr
    assert f"{step}: attempt {FAILURES + 1} failed" not in run.stderr
    received = assert_filed_once(mock_site, run.only_result)
    assert_ledger_has_once(cli, received["id"])
    assert mock_site.faults()["fail_requests"] == 0


# One failure: the first file fails while the second lands, and only the first is sent again. Three:
# both files fail, then the first again, and each is sent until it lands, once.
@pytest.mark.parametrize("failures", [1, FAILURES])
def test_failed_uploads_are_sent_again_once(failures, start_on_mock, mock_site, each_edition):
    run = start_on_mock(each_edition.spec)
    # Once the form is being filled, the report centre has loaded, and nothing is requested until
    # the uploads (the steps before them work on the loaded page): the failures fall on the uploads.
    assert run.wait_for_line("] choose-category"), run.stderr
    mock_site.faults(fail_requests=failures)
    run.finish()
    assert run.exit_code == 0, run.stderr
    received = assert_filed_once(mock_site, run.only_result)
    assert_evidence_sent_once(received)
    assert "attach-evidence: attempt 1 failed (the upload failed on the site's side" in run.stderr
    assert mock_site.faults()["fail_requests"] == 0


# {"fail_requests": N, "fail_path": "/prefix"} fails the next N page/form/upload requests whose path
# starts with the prefix, and leaves other requests alone. The submit goes where the edition sends its form.
AIMED_REQUESTS = {
    "report-centre": "/health/reportIndex.htm",
    "upload": "/health/upload",
    "submit": None,  # not stored: the flow runs again once My Reports shows nothing
    "confirmation": "/health/reportSuccess.htm",  # stored: the tool finds it in My Reports
}

# What the tool says of FAILURES failures aimed at each point, each line as many times as it says it.
WHAT_THE_TOOL_SAYS = {
    "report-centre": [f"open-report-centre: attempt {attempt} failed" for attempt in range(1, FAILURES + 1)],
    "upload": ["attach-evidence: attempt 1 failed (the upload failed on the site's side"],
    "submit": ["starting the flow again from its first step"] * FAILURES,
    # The confirmation page's error is known at once, whether the form's own answer (the article's) or
    # the page its script moved to (today's) carries it, not after waiting out the page. The complaint is
    # then found in My Reports, and the confirmation is not asked for again: the other failures stay unmet.
    "confirmation": ["submit-complaint failed: the site answered 503",
                     "the answer to the submit was lost, but the site has the complaint"],
}


@pytest.mark.parametrize("point", list(AIMED_REQUESTS))
def test_failures_aimed_at_each_request_of_the_flow(point, run_on_mock, mock_site, cli, each_edition):
    mock_site.faults(fail_requests=FAILURES, fail_path=AIMED_REQUESTS[point] or each_edition.submit_path)
    run = run_on_mock(each_edition.spec)
    assert run.exit_code == 0, run.stderr
    received = assert_filed_once(mock_site, run.only_result)
    assert_evidence_sent_once(received)
    assert_ledger_has_once(cli, received["id"])
    said = WHAT_THE_TOOL_SAYS[point]
    for line in set(said):
        assert run.stderr.count(line) == said.count(line), run.stderr
    assert mock_site.faults()["fail_requests"] == (FAILURES - 1 if point == "confirmation" else 0)


# --- a slow site ------------------------------------------------------------------------------------

def test_a_slow_site_is_waited_for(run_on_mock, mock_site, cli, each_edition):
    # The tool's timeout (--timeout, 30 s by default) bounds each action and page wait; 5 s here keeps
    # the test short. A page is two round trips (the document, then its script and style sheet), and
    # so is the submit's answer (the POST, then the page it redirects to): 2 s a request puts each at
    # 80 % of the timeout. Today's form, sent by script, is answered by the POST, then the page it names.
    mock_site.faults(latency_ms=2000)
    run = run_on_mock(each_edition.spec, "--timeout", "5")
    assert run.exit_code == 0, run.stderr
    received = assert_filed_once(mock_site, run.only_result)
    assert_ledger_has_once(cli, received["id"])


def test_a_site_slower_than_the_timeout_fails_with_nothing_filed(run_on_mock, mock_site, cli, each_edition):
    # Past half of the timeout, no page loads in time: the run fails and says so, files nothing and
    # leaves no pending row, so the next run starts afresh.
    mock_site.faults(latency_ms=2600)
    run = run_on_mock(each_edition.spec, "--timeout", "5", "--retries", "1")
    assert run.exit_code == 1
    assert run.only_result["status"] == "failed" and "Timeout" in run.only_result["error"]
    assert mock_site.submissions() == [] and history(cli) == []


# --- a lost answer to the submit ----------------------------------------------------------------------

def test_a_lost_answer_to_the_submit_is_found_in_my_reports(run_on_mock, mock_site, cli, each_edition):
    spec = each_edition.spec  # the article's form is posted with the page, today's sent by script
    mock_site.faults(drop_submit_response=True)
    run = run_on_mock(spec)
    assert run.exit_code == 0, run.stderr
    received = assert_filed_once(mock_site, run.only_result)
    assert "the answer to the submit was lost" in run.stderr
    assert_ledger_has_once(cli, received["id"])


# --- an expired session --------------------------------------------------------------------------------

def test_an_expired_session_needs_a_human_and_the_run_after_the_login_files_once(run_on_mock, mock_site, cli,
                                                                                each_edition):
    mock_site.faults(session_expired=True)
    run = run_on_mock(each_edition.spec, "--no-auto-sign-in")
    assert run.exit_code == 3
    assert run.only_result["status"] == "needs-human"
    assert "asks to sign in" in run.only_result["error"]
    assert mock_site.submissions() == []
    assert history(cli) == []

    again = run_on_mock(each_edition.spec)  # signed in again (the mock's own sign-in)
    assert again.exit_code == 0, again.stderr
    received = assert_filed_once(mock_site, again.only_result)
    assert_ledger_has_once(cli, received["id"])


def test_a_session_that_expires_mid_run_needs_a_human(start_on_mock, mock_site, cli, each_edition):
    run = start_on_mock(each_edition.spec)
    assert run.wait_for_line("] choose-category"), run.stderr
    mock_site.faults(session_expired=True)  # taken by the next request: the first upload
    run.finish()
    assert run.exit_code == 3, run.stderr
    assert run.only_result["status"] == "needs-human"
    assert "the site signed the session out during the upload" in run.only_result["error"]
    assert mock_site.submissions() == []
    assert history(cli) == []


# --- a killed browser ----------------------------------------------------------------------------------

def test_a_killed_browser_is_restarted_and_the_flow_run_again(start_on_mock, mock_site, cli, each_edition):
    spec = each_edition.spec
    run = start_on_mock(spec)
    assert run.wait_for_line("] fill-details"), run.stderr  # the form half filled, in either edition
    assert run.kill_browser(), "no browser process found under the run"
    run.finish()
    assert run.exit_code == 0, run.stderr
    received = assert_filed_once(mock_site, run.only_result)
    assert "starting the flow again from its first step" in run.stderr
    assert_ledger_has_once(cli, received["id"])


# --- a killed process ----------------------------------------------------------------------------------

# Where each run is killed: after the step's progress line, within the given number of milliseconds. Half of
# them fall on the submit, where the complaint may or may not have reached the site.
KILL_POINTS = [
    ("open-report-centre", 1500),
    ("choose-reason", 500),
    ("attach-evidence", 400),
    ("step-before-submit", 100),
    ("submit-complaint", 0),
    ("submit-complaint", 50),
    ("submit-complaint", 150),
    ("submit-complaint", 300),
    ("submit-complaint", 600),
    ("read-receipt", 50),
]


# One case a kill point, so that parallel workers share them out.
@pytest.mark.parametrize(("step", "max_delay_ms"), KILL_POINTS,
                         ids=[f"{step}-{delay}ms" for step, delay in KILL_POINTS])
def test_a_killed_process_is_followed_by_a_run_that_files_once(step, max_delay_ms, start_on_mock, cli, mock_site,
                                                               tmp_path, each_edition):
    seed = random.randrange(1 << 32)
    chance = random.Random(seed)
    state = tmp_path / "state-killed"
    line = f"] {each_edition.step_before_submit if step == 'step-before-submit' else step}"
    killed = start_on_mock(each_edition.spec, state=state)
    assert killed.wait_for_line(line), f"seed {seed}: {killed.stderr}"
    # Not a wait for state: the test picks a random moment to kill at.
    threading.Event().wait(chance.uniform(0, max_delay_ms) / 1000)
    killed.kill_everything()

    rerun = cli("run", each_edition.spec, "--site", "mock", "--base-url", mock_site.url, "--json",
                "--output", str(tmp_path / "runs"), "--retry-wait", "0",
                env={"AUTOREPORT_STATE_DIR": str(state)})
    context = f"seed {seed}, killed after {line!r}\n{killed.stderr}\n---\n{rerun.stderr}"
    assert rerun.exit_code == 0, context
    submissions = mock_site.submissions()
    assert len(submissions) == 1, context
    result = rerun.only_result
    assert result["status"] in ("submitted", "skipped-duplicate"), context
    assert result["complaint_id"] == submissions[0]["id"], context
    rows = history(cli, env={"AUTOREPORT_STATE_DIR": str(state)})
    assert [(row["state"], row["complaint_number"]) for row in rows] == [("submitted", submissions[0]["id"])], \
        context


def test_a_submit_without_answer_is_looked_up_twice_before_filing_again(run_on_mock, mock_site, each_edition):
    mock_site.faults(fail_requests=1, fail_path=each_edition.submit_path)
    run = run_on_mock(each_edition.spec, "--retry-wait", "0.5")
    assert run.exit_code == 0, run.stderr
    assert f"{Path(each_edition.spec).name}: not on the site yet; looking again in 1 s" in run.stderr
    assert "starting the flow again from its first step" in run.stderr
    assert_filed_once(mock_site, run.only_result)


# --- two runs, one complaint ----------------------------------------------------------------------

def test_two_specs_of_one_complaint_in_a_batch_are_refused_before_anything_runs(run_on_mock, mock_site, write_spec):
    spec = yaml.safe_load(Path(SPEC).read_text())
    first, copy = write_spec("a.yaml", spec), write_spec("b.yaml", {**spec, "details": "Said again, otherwise."})
    run = run_on_mock(str(first), str(copy), "--jobs", "2")
    assert run.exit_code == 2
    assert (f"{copy}: the same complaint as {first} (same kind, category, reason and order or product); "
            "a batch files each complaint once, so keep one of them") in run.stderr
    assert "Traceback" not in run.stderr
    assert mock_site.submissions() == []


def test_a_second_run_keeps_away_from_a_complaint_another_run_is_filing(run_on_mock, interactive_on_mock, mock_site,
                                                                         display, cli):
    # The first run stops at its submit prompt, its pending mark not yet written; a second run of the
    # same complaint meanwhile must neither file it nor settle it.
    first = interactive_on_mock(SPEC, "--step")
    for _ in range(9):  # steps 1 to 9; the tenth is the submit
        first.wait_for("[Enter run")
        first.answer("")
    first.wait_for("Type yes")
    second = run_on_mock(SPEC)
    assert second.exit_code == 1, second.stderr
    assert second.only_result["status"] == "failed"
    assert second.only_result["error"] == ("another run is filing this complaint right now: run again once it "
                                           "has finished, and it will be found in the ledger")
    assert mock_site.submissions() == []
    results = first.submit_and_finish("[11/11] read-receipt").json_lines()
    assert first.exit_code == 0, first.stderr
    filed = assert_filed_once(mock_site, results[0])
    third = run_on_mock(SPEC)
    assert (third.only_result["status"], third.only_result["complaint_id"]) == ("skipped-duplicate", filed["id"])
    assert_ledger_has_once(cli, filed["id"])


def test_force_files_again_when_an_interrupted_submit_never_landed(run_on_mock, mock_site, state_dir, cli):
    earlier = run_on_mock(SPEC).only_result["complaint_id"]
    # A later --force run was killed after its pending mark, before the site took the complaint.
    key = ComplaintKey(f"mock@{mock_site.url}", "seller-report", "trade-rules", "payment-outside-platform",
                       "8000000000000001")
    Ledger(state_dir / "ledger.sqlite3").record_pending(key, SPEC, "abc", "runs/killed")
    forced = run_on_mock(SPEC, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "trade-rules.yaml: an earlier run stopped while submitting; looking on the site" in forced.stderr
    result = forced.only_result
    assert result["status"] == "submitted" and result["complaint_id"] != earlier
    assert [s["id"] for s in mock_site.submissions()] == [earlier, result["complaint_id"]]
    assert [(row["state"], row["complaint_number"]) for row in history(cli)] == \
        [("submitted", earlier), ("submitted", result["complaint_id"])]
