"""Many complaints in one run, Ctrl-C, remote browsers, and the HTML run report."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import psutil
import pytest
import yaml
from support import EXAMPLES
from tool_run import command_line, descendant_pids

# A complaint about a listing (a product link) on each edition: today's site has no Search Related Violations.
LISTING_EXAMPLES = {"article": EXAMPLES / "search-violations.yaml", "current": EXAMPLES / "restricted-products.json"}


@pytest.fixture
def listing_specs(write_spec):
    """Distinct complaints about listings, of the article's category or the given edition's: one per product
    link."""

    def make(count: int, edition: str = "article") -> list[Path]:
        spec = yaml.safe_load(LISTING_EXAMPLES[edition].read_text())
        return [write_spec(f"listing-{n}.yaml", {**spec, "product_url": f"https://www.aliexpress.com/item/10050060{n:05d}.html"})
                for n in range(count)]

    return make


def test_a_folder_is_filed_two_at_a_time_with_a_report(listing_specs, run_on_mock, mock_site, tmp_path, page,
                                                       each_edition):
    specs = listing_specs(3, each_edition.name)
    run = run_on_mock(str(specs[0].parent), "--jobs", "2")
    assert run.exit_code == 0, run.stderr
    results = run.json_lines()
    assert [Path(r["spec"]).name for r in results] == ["listing-0.yaml", "listing-1.yaml", "listing-2.yaml"]
    received = {s["product_url"]: s["id"] for s in mock_site.submissions()}
    assert len(received) == 3
    for result, spec in zip(results, specs, strict=True):
        assert result["complaint_id"] == received[yaml.safe_load(spec.read_text())["product_url"]]
    # Two at a time: the second complaint started before the first one's last step.
    steps = len(json.loads((Path(results[0]["output"]) / "receipt.json").read_text())["steps"])
    progress = run.stderr.splitlines()
    assert progress.index(f"listing-1.yaml: [1/{steps}] open-report-centre") < \
        progress.index(f"listing-0.yaml: [{steps}/{steps}] read-receipt"), run.stderr

    (report,) = (tmp_path / "runs").glob("report-*.html")
    page.goto(report.as_uri())
    rows = page.locator("tbody tr")
    assert rows.count() == 3
    for index, result in enumerate(results):
        row = rows.nth(index)
        assert result["complaint_id"] in row.inner_text()
        assert "submitted" in row.inner_text()
        assert row.locator(".timeline .bar").count() == steps
        assert "submit-complaint" in row.locator(".steps").inner_text()
        assert row.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
        receipt_link = row.get_by_role("link", name="receipt.json")
        assert json.loads((report.parent / receipt_link.get_attribute("href")).read_text())["complaint_number"] == \
            result["complaint_id"]


def test_ctrl_c_finishes_the_step_under_way_and_starts_nothing_more(listing_specs, interactive_on_mock, mock_site,
                                                                     cli):
    specs = listing_specs(3)
    run = interactive_on_mock(str(specs[0].parent))
    results = run.ctrl_c_after("listing-1.yaml: [3/7]").json_lines()
    assert run.exit_code == 130, run.stderr  # interrupted: complaints were left unfiled
    assert [r["status"] for r in results] == ["submitted", "aborted", "aborted"]
    assert results[1]["error"].startswith("stopped (Ctrl-C) before ")
    assert results[2]["error"] == "stopped before it started"
    assert [s["id"] for s in mock_site.submissions()] == [results[0]["complaint_id"]]
    history = [json.loads(line) for line in cli("history", "--json").stdout.splitlines()]
    assert [(h["state"], h["complaint_number"]) for h in history] == [("submitted", results[0]["complaint_id"])]


def both_filling(run, specs: list[Path]) -> None:
    """Until the first two complaints are both past their first steps, each in its own worker."""
    for spec in specs[:2]:
        assert run.wait_for_line(f"{spec.name}: [3/7]"), run.stderr


def filed_once_each(run, mock_site, specs: list[Path]) -> None:
    assert run.exit_code == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert [r["status"] for r in results] == ["submitted"] * len(specs)
    received = sorted(s["product_url"] for s in mock_site.submissions())
    assert received == sorted(yaml.safe_load(spec.read_text())["product_url"] for spec in specs)


def test_the_workers_of_a_batch_share_one_browser(listing_specs, start_on_mock, mock_site):
    specs = listing_specs(4)
    run = start_on_mock(str(specs[0].parent), "--jobs", "2")
    both_filling(run, specs)
    # Each worker thread has its own Playwright; one Chromium serves both.
    assert len(run.driver_pids()) == 2
    assert len(run.browser_main_pids()) == 1
    run.finish()
    filed_once_each(run, mock_site, specs)


def test_a_shared_browser_that_died_is_replaced_for_every_worker(listing_specs, start_on_mock, mock_site):
    specs = listing_specs(2)
    run = start_on_mock(str(specs[0].parent), "--jobs", "2")
    both_filling(run, specs)
    (killed,) = run.browser_main_pids()
    assert run.kill_browser()
    # A complaint past its first step again has a browser again.
    assert run.wait_for_line("[2/7] choose-category", times=3), run.stderr
    (replacement,) = run.browser_main_pids()
    assert replacement != killed
    run.finish()
    filed_once_each(run, mock_site, specs)


def test_the_shared_browser_ends_with_the_tool_however_it_ends(listing_specs, start_on_mock):
    specs = listing_specs(2)
    run = start_on_mock(str(specs[0].parent), "--jobs", "2")
    both_filling(run, specs)
    # The tool's own processes (the command and its filing child) run `python -m autoreport`.
    tool = [pid for pid in [run.process.pid, *descendant_pids(run.process.pid)]
            if " -m autoreport " in command_line(pid)]
    left_behind = [psutil.Process(pid) for pid in descendant_pids(run.process.pid) if pid not in tool]
    assert len(tool) == 2 and run.browser_main_pids()
    for pid in tool:  # kill -9: nothing of the tool can clean up after it
        os.kill(pid, signal.SIGKILL)
    run.process.wait(timeout=30)
    _, alive = psutil.wait_procs(left_behind, timeout=30)
    assert alive == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_browser_that_cannot_start_is_named_with_its_reason(jobs, listing_specs, run_on_mock, mock_site, tmp_path):
    broken = tmp_path / "broken-chromium"
    broken.write_text("#!/bin/sh\necho 'this build is broken' >&2\nexit 1\n")
    broken.chmod(0o755)
    specs = listing_specs(2)
    run = run_on_mock(str(specs[0].parent), "--jobs", jobs, "--browser-path", str(broken))
    assert run.exit_code == 1
    assert f"could not start {broken}: " in run.stderr
    assert "(the browser said: this build is broken)" in run.stderr
    assert "Traceback" not in run.stderr
    assert mock_site.submissions() == []


def test_ctrl_c_ends_a_batch_on_a_shared_browser_and_the_browser_with_it(listing_specs, interactive_on_mock,
                                                                          mock_site):
    specs = listing_specs(3)
    run = interactive_on_mock(str(specs[0].parent), "--jobs", "2")
    run.wait_for("listing-1.yaml: [3/7]")
    started = [psutil.Process(pid) for pid in descendant_pids(run.process.pid)]
    assert any("--remote-debugging-pipe" in command_line(process.pid) for process in started)
    run.press_ctrl_c()
    results = run.finish().json_lines()
    assert run.exit_code == 130, run.stderr
    # The two under way each end where the Ctrl-C found them: filed, or stopped before their next step.
    assert {r["status"] for r in results[:2]} <= {"submitted", "aborted"}
    assert results[2]["status"] == "aborted" and results[2]["error"] == "stopped before it started"
    filed = {r["complaint_id"] for r in results if r["status"] == "submitted"}
    assert {s["id"] for s in mock_site.submissions()} == filed
    _, alive = psutil.wait_procs(started, timeout=30)
    assert alive == []  # the browser server, its browser and the drivers ended with the run


@pytest.fixture
def playwright_browser_server(browser_choice, tmp_path):
    config = tmp_path / "server.json"
    # No port given: the server takes one the system offers, and says it in the endpoint it prints.
    config.write_text(json.dumps({"host": "127.0.0.1", "headless": True,
                                  **({"executablePath": str(browser_choice.executable)}
                                     if browser_choice.found_by != "playwright" else {})}))
    # Its own process group: the Python wrapper starts a Node server, and both must go at the end.
    server = subprocess.Popen([sys.executable, "-m", "playwright", "launch-server", "--browser", "chromium",
                               "--config", str(config)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              process_group=0)
    endpoint = server.stdout.readline().strip()
    assert endpoint.startswith("ws://127.0.0.1:"), endpoint
    yield endpoint
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def test_a_running_chromium_is_driven_over_cdp(chromium_with_debugging_port, run_on_mock, mock_site):
    run = run_on_mock(str(EXAMPLES / "trade-rules.yaml"), "--cdp-endpoint", chromium_with_debugging_port)
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert run.only_result["complaint_id"] == received["id"]
    assert len(received["evidence"]) == 2


def test_a_playwright_browser_server_is_driven(playwright_browser_server, run_on_mock, mock_site):
    run = run_on_mock(str(EXAMPLES / "ipr-counterfeit.yaml"), "--ws-endpoint", playwright_browser_server)
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert run.only_result["complaint_id"] == received["id"]
    assert [e["name"] for e in received["evidence"]] == ["parcel.jpg", "unboxing.mp4"]


def test_evidence_too_big_for_a_remote_browser_is_refused_before_the_run(write_spec, tmp_path, cli):
    video = tmp_path / "specs" / "evidence" / "long.mp4"
    with video.open("wb") as file:
        file.write((EXAMPLES / "evidence" / "unboxing.mp4").read_bytes())
        file.truncate(60 * 1024 * 1024)
    spec = yaml.safe_load((EXAMPLES / "ipr-counterfeit.yaml").read_text())
    path = write_spec("long.yaml", {**spec, "evidence": ["evidence/long.mp4"]})
    run = cli("run", str(path), "--cdp-endpoint", "http://127.0.0.1:9", "--json")
    assert run.exit_code == 2
    assert "long.mp4 is 60.0 MB; a remote browser takes files up to 50.0 MB" in run.stderr
    assert run.stdout == ""


def test_submissions_are_spaced_by_the_minimum_interval(listing_specs, run_on_mock, mock_site):
    specs = listing_specs(2)
    # Long enough that the second complaint reaches its submit before it, on a busy machine too.
    run = run_on_mock(str(specs[0]), str(specs[1]), "--min-interval", "8")
    assert run.exit_code == 0, run.stderr
    assert re.search(r"waiting [1-8] s before the next submission \(--min-interval\)", run.stderr)
    first, second = (datetime.fromisoformat(s["submitted_at"]) for s in mock_site.submissions())
    assert (second - first).total_seconds() >= 7.5


def test_ctrl_c_in_the_pause_between_submissions_leaves_nothing_pending(listing_specs, interactive_on_mock, mock_site,
                                                                         cli):
    specs = listing_specs(2)
    run = interactive_on_mock(str(specs[0]), str(specs[1]), "--min-interval", "60")
    results = run.ctrl_c_after("before the next submission (--min-interval)").json_lines()
    assert run.exit_code == 130, run.stderr
    assert [r["status"] for r in results] == ["submitted", "aborted"]
    assert results[1]["error"] == "stopped while waiting to submit"
    (filed,) = mock_site.submissions()
    # The second complaint's submit was never clicked: no pending row for a later run to chase.
    rows = [json.loads(line) for line in cli("history", "--json").stdout.splitlines() if line.startswith("{")]
    assert [(row["state"], row["complaint_number"]) for row in rows] == [("submitted", filed["id"])]


def test_a_folder_is_filed_again_with_its_run_output_inside(write_spec, run_on_mock, mock_site):
    spec = write_spec("listing.yaml", yaml.safe_load((EXAMPLES / "search-violations.yaml").read_text()))
    folder = spec.parent
    first = run_on_mock(str(folder), "--output", str(folder / "runs"))
    assert first.exit_code == 0, first.stderr
    assert (folder / "runs" / "index.html").is_file()

    again = run_on_mock(str(folder), "--output", str(folder / "runs"), "--verbose")
    assert again.exit_code == 0, again.stderr
    assert [(Path(r["spec"]).name, r["status"]) for r in again.json_lines()] == [("listing.yaml", "skipped-duplicate")]
    assert f"skipped {folder / 'runs'}: the --output folder" in again.stderr.splitlines()
    assert not [line for line in again.stderr.splitlines() if "error" in line.lower()], again.stderr
    assert len(mock_site.submissions()) == 1

    # Elsewhere, the earlier output folder is still known as the tool's by its marker.
    elsewhere = run_on_mock(str(folder), "--output", str(folder / "later"), "--verbose")
    assert elsewhere.exit_code == 0, elsewhere.stderr
    assert f"skipped {folder / 'runs'}: the tool's output (it holds .autoreport-output)" in elsewhere.stderr
    assert len(elsewhere.json_lines()) == 1
