"""A rights holder's IPR complaint on the IP Protection platform: hundreds of listings become
complaints of at most 300, every listing filed exactly once, across reruns and a killed run."""

from __future__ import annotations

import json
import stat
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from support import devtools_port

ITEM = "https://www.aliexpress.com/item/{}.html"


def ipr_spec(count: int, **fields) -> dict:
    return {"version": 1, "kind": "ipr-complaint", "platform": "aliexpress", "ipr": "30001234",
            "complaint_type": "product-listing", "reason": "counterfeit",
            "listings": [ITEM.format(1005006000000000 + n) for n in range(count)],
            "details": "These listings sell copies of our NOVABUD earbuds.", **fields}


def results(run) -> list[dict]:
    return [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]


def filed_listings(mock_site) -> list[str]:
    return [listing for complaint in mock_site.submissions() for listing in complaint["listings"]]


def test_650_listings_become_three_complaints_each_listing_once_and_a_rerun_files_nothing(
        write_spec, run_on_mock, mock_site):
    spec = ipr_spec(650)
    path = write_spec("ipr.yaml", spec)
    run = run_on_mock(str(path), timeout=300)
    assert run.exit_code == 0, run.stderr
    received = mock_site.submissions()
    assert [len(complaint["listings"]) for complaint in received] == [300, 300, 50]
    assert filed_listings(mock_site) == spec["listings"]
    assert {complaint["kind"] for complaint in received} == {"ipr-complaint"}
    assert {complaint["ipr"] for complaint in received} == {"30001234"}
    assert [result["complaint_id"] for result in results(run)] == [complaint["id"] for complaint in received]
    assert [result["listings"] for result in results(run)] == ["1-300", "301-600", "601-650"]
    assert "650 of 650 listings filed" in run.stderr

    again = run_on_mock(str(path), timeout=120)
    assert again.exit_code == 0, again.stderr
    assert len(mock_site.submissions()) == 3
    assert [(result["status"], result["complaint_id"]) for result in results(again)] == [
        ("skipped-duplicate", complaint["id"]) for complaint in received]
    for complaint, places in zip(received, ("1-300", "301-600", "601-650"), strict=True):
        assert f"listings {places} already filed as {complaint['id']}" in again.stderr


def test_force_files_every_listing_again(write_spec, run_on_mock, mock_site):
    path = write_spec("ipr.yaml", ipr_spec(3))
    assert run_on_mock(str(path)).exit_code == 0
    forced = run_on_mock(str(path), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert [len(complaint["listings"]) for complaint in mock_site.submissions()] == [3, 3]


def test_a_lost_answer_is_found_in_manage_complaints_and_not_filed_again(write_spec, run_on_mock, mock_site):
    path = write_spec("ipr.yaml", ipr_spec(5))
    mock_site.faults(drop_submit_response=True)
    run = run_on_mock(str(path))
    assert run.exit_code == 0, run.stderr
    (complaint,) = mock_site.submissions()
    assert results(run)[0]["complaint_id"] == complaint["id"]


def test_a_listings_file_with_a_bad_url_on_line_7_is_exit_2_and_nothing_runs(write_spec, run_on_mock, mock_site,
                                                                               tmp_path):
    urls = [ITEM.format(n) for n in range(1, 11)]
    urls[6] = "https://www.aliexpress.com/itm/7.html"
    spec = ipr_spec(1)
    del spec["listings"]
    path = write_spec("ipr.yaml", {**spec, "listings_file": "found.txt"})
    (path.parent / "found.txt").write_text("\n".join(urls) + "\n")
    run = run_on_mock(str(path))
    assert run.exit_code == 2
    assert "found.txt line 7" in run.stdout + run.stderr
    assert mock_site.submissions() == []


def wait_until(condition, timeout: float = 60) -> bool:
    """Poll the mock's state until `condition()` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        threading.Event().wait(0.02)
    return True


# Killed as the submit step starts (the pending mark may or may not be written), or once the platform
# stored the second complaint (its number may or may not be in the ledger): the rerun settles either.
@pytest.mark.parametrize("moment", ["at-the-submit-click", "once-the-platform-stored-it"])
def test_a_kill_9_in_the_second_complaint_and_a_rerun_leave_every_listing_once(
        moment, write_spec, start_on_mock, cli, mock_site, tmp_path, state_dir):
    spec = ipr_spec(650)
    path = write_spec("ipr.yaml", spec)
    killed = start_on_mock(str(path))
    if moment == "at-the-submit-click":
        assert killed.wait_for_line("ipr.yaml listings 301-600: [9/10] submit-ipp-complaint", timeout=180), \
            killed.stderr
    else:
        assert wait_until(lambda: len(mock_site.submissions()) == 2), killed.stderr
    killed.kill_everything()  # SIGKILL: nothing of the run's own clean-up happens

    rerun = cli("run", str(path), "--site", "mock", "--base-url", mock_site.url, "--json",
                "--output", str(tmp_path / "runs"), "--retry-wait", "0", timeout=300)
    context = f"killed {moment}\n{killed.stderr}\n---\n{rerun.stderr}"
    assert rerun.exit_code == 0, context
    assert sorted(filed_listings(mock_site)) == sorted(spec["listings"]), context
    assert len(filed_listings(mock_site)) == 650, context
    assert {result["status"] for result in results(rerun)} <= {"submitted", "skipped-duplicate"}, context


def test_status_finds_a_complaint_older_than_15_days_through_the_date_filter(write_spec, run_on_mock, mock_site,
                                                                             cli):
    today = datetime.now(UTC).date()  # the day the ledger records: this machine's
    mock_site.set_clock(f"{today.isoformat()}T10:00:00")
    assert run_on_mock(str(write_spec("ipr.yaml", ipr_spec(2)))).exit_code == 0
    (complaint,) = mock_site.submissions()
    mock_site.advance()
    mock_site.set_clock(f"{(today + timedelta(days=20)).isoformat()}T10:00:00")  # out of the 15 days shown
    status = cli("status", "--site", "mock", "--base-url", mock_site.url, "--json")
    assert status.exit_code == 0, status.stderr
    rows = [json.loads(line) for line in status.stdout.splitlines()]
    assert [(row["complaint_number"], row["kind"], row["site_status"], row["state"], row["submitted"])
            for row in rows] == [(complaint["id"], "ipr-complaint", "Under review", "open", today.isoformat())]
    assert rows[0]["subject"] == "IPR 30001234/product-listing"


def test_login_for_ipp_waits_for_the_rights_holder_and_saves_a_session_of_its_own(
        start_tool, display, playwright, write_spec, run_on_mock, mock_site, cli, state_dir):
    login = start_tool("login", "--platform", "ipp", "--site", "mock", "--base-url", mock_site.url,
                       "--remote-debugging-port", "0", answers=True)
    login.wait_for("Sign in to mock in the browser window")
    browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{devtools_port(login.browser_profile())}")
    page = next(page for context in browser.contexts for page in context.pages if "/ipp/login" in page.url)
    page.locator("#fm-login-id").fill("rights@example.com")
    page.locator("#fm-login-password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    login.finish()
    assert login.exit_code == 0, login.stderr
    session = state_dir / "sessions" / "mock-ipp.json"
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    assert not (state_dir / "sessions" / "mock.json").exists()  # the buyer's session is another

    check = cli("login", "--check", "--platform", "ipp", "--site", "mock", "--base-url", mock_site.url)
    assert check.exit_code == 0 and "works" in check.stdout
    run = run_on_mock(str(write_spec("ipr.yaml", ipr_spec(2))), "--no-auto-sign-in")
    assert run.exit_code == 0, run.stderr
    assert len(mock_site.submissions()) == 1

    mock_site.reset()  # drops every session on the platform
    check = cli("login", "--check", "--platform", "ipp", "--site", "mock", "--base-url", mock_site.url)
    assert check.exit_code == 3 and "login --platform ipp" in check.stdout


def test_without_the_rights_holders_session_a_headless_run_needs_a_person_and_files_nothing(
        write_spec, run_on_mock, mock_site):
    run = run_on_mock(str(write_spec("ipr.yaml", ipr_spec(3))), "--no-auto-sign-in")
    assert run.exit_code == 3, run.stderr
    result = run.only_result
    assert result["status"] == "needs-human"
    assert "autoreport login --platform ipp" in result["error"]
    assert mock_site.submissions() == []


def test_the_platforms_slider_is_handed_to_a_person_and_nothing_is_filed_headless(write_spec, run_on_mock, mock_site):
    mock_site.faults(captcha=True)
    run = run_on_mock(str(write_spec("ipr.yaml", ipr_spec(3))))
    assert run.exit_code == 3, run.stderr
    assert "slider" in run.only_result["error"] and "--headed" in run.only_result["error"]
    assert mock_site.submissions() == []
