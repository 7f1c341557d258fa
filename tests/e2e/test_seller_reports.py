"""`autoreport run` files each kind of seller report on the mock, and the mock received exactly the spec."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from support import EXAMPLES, THE_TOOLS_OWN_TRACING, sha256_of, trace_event_types

CATEGORY_EXAMPLES = ["trade-rules.yaml", "ipr-counterfeit.yaml", "restricted-products.json", "search-violations.yaml"]


def load_example(name: str) -> dict:
    return yaml.safe_load((EXAMPLES / name).read_text())


def expected_evidence(spec: dict, folder: Path) -> list[dict]:
    return [{"name": Path(p).name, "size": (folder / p).stat().st_size, "sha256": sha256_of(folder / p)}
            for p in spec.get("evidence", [])]


@pytest.mark.parametrize("example", CATEGORY_EXAMPLES)
def test_each_category_is_filed_with_every_field(example, run_on_mock, mock_site):
    spec = load_example(example)
    run = run_on_mock(str(EXAMPLES / example), env=THE_TOOLS_OWN_TRACING)
    assert run.exit_code == 0, run.stderr
    result = run.only_result
    assert result["status"] == "submitted" and result["error"] is None

    (received,) = mock_site.submissions()
    assert received["id"] == result["complaint_id"]
    assert received["kind"] == "seller-report"
    assert received["category"] == spec["category"]
    assert received["reason"] == spec["reason"]
    assert received["details"] == spec["details"].strip()
    assert received["evidence"] == expected_evidence(spec, EXAMPLES)
    if spec["category"] == "trade-rules":
        assert received["order_number"] == spec["order_number"]
        assert received["answers"] == spec["answers"]
        assert received["seller_contact_channel"] == spec["seller_contact_channel"]
        assert received["request_tracking_number"] == spec.get("request_tracking_number", False)
    else:
        assert received["product_url"] == spec["product_url"]
    if spec["category"] == "ipr-protection":
        assert received["brand"] == spec["brand"]
    account = {"email": "buyer@example.com", "phone": "+1 555 0100"}
    assert received["contact"] == {**account, **spec.get("contact", {})}

    receipt = json.loads((Path(result["output"]) / "receipt.json").read_text())
    assert receipt["complaint_number"] == received["id"]
    assert receipt["status"] == "submitted"
    assert receipt["category"] == spec["category"] and receipt["reason"] == spec["reason"]
    assert [step["status"] for step in receipt["steps"]] == ["ok"] * len(receipt["steps"])
    assert receipt["steps"][-2]["name"] == "submit-complaint"
    assert "confirmation.png" in receipt["files"]
    assert "trace.zip" not in receipt["files"]  # kept on failure only, by default


def test_dry_run_fills_everything_and_submits_nothing(run_on_mock, mock_site, each_edition):
    spec = each_edition.spec
    run = run_on_mock(spec, "--dry-run")
    assert run.exit_code == 0, run.stderr
    result = run.only_result
    assert result["status"] == "dry-run" and result["complaint_id"] is None
    assert (Path(result["output"]) / "filled-form.png").stat().st_size > 10_000
    receipt = json.loads((Path(result["output"]) / "receipt.json").read_text())
    assert receipt["steps"][-1]["name"] == "review-filled-form"
    assert "submit-complaint" not in [s["name"] for s in receipt["steps"]]
    assert mock_site.submissions() == []


def test_a_second_run_is_skipped_as_duplicate_and_force_files_again(run_on_mock, mock_site, cli):
    spec = str(EXAMPLES / "search-violations.yaml")
    first = run_on_mock(spec).only_result
    second = run_on_mock(spec)
    assert second.exit_code == 0
    assert second.only_result["status"] == "skipped-duplicate"
    assert second.only_result["complaint_id"] == first["complaint_id"]
    assert "already submitted as " + first["complaint_id"] in second.stderr
    assert len(mock_site.submissions()) == 1

    forced = run_on_mock(spec, "--force").only_result
    assert forced["status"] == "submitted" and forced["complaint_id"] != first["complaint_id"]
    assert [s["id"] for s in mock_site.submissions()] == [first["complaint_id"], forced["complaint_id"]]

    history = cli("history", "--json")
    numbers = [json.loads(line)["complaint_number"] for line in history.stdout.splitlines()]
    assert numbers == [first["complaint_id"], forced["complaint_id"]]


def test_the_flow_gets_past_popups_cookie_banner_and_latency(run_on_mock, mock_site, each_edition):
    spec = each_edition.spec  # each edition has its own consent banner
    mock_site.faults(popup=True, cookie_banner=True, latency_ms=300)
    run = run_on_mock(spec)
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert received["id"] == run.only_result["complaint_id"]


def test_an_oversize_photo_is_downscaled_and_the_original_kept(run_on_mock, mock_site, write_spec, tmp_path):
    from PIL import Image

    photo = tmp_path / "specs" / "evidence" / "huge.png"
    Image.effect_noise((1400, 1400), 120).convert("RGB").save(photo)
    original = photo.read_bytes()
    assert len(original) > 3 * 1024 * 1024
    spec = write_spec("huge.yaml", {**load_example("trade-rules.yaml"), "evidence": ["evidence/huge.png"]})
    run = run_on_mock(str(spec))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    (evidence,) = received["evidence"]
    assert evidence["name"] == "01-huge.jpg"  # the copy is named after its position in the spec
    assert evidence["size"] <= 3 * 1024 * 1024
    uploaded = Path(run.only_result["output"]) / "evidence" / "01-huge.jpg"
    assert evidence["sha256"] == sha256_of(uploaded)
    assert photo.read_bytes() == original


def test_a_file_the_site_rejects_fails_with_the_sites_message(run_on_mock, mock_site, write_spec, tmp_path):
    damaged = tmp_path / "specs" / "evidence" / "damaged.jpg"
    damaged.write_bytes((EXAMPLES / "evidence" / "parcel.jpg").read_bytes()[:600])  # a JPEG cut short
    spec = write_spec("damaged.yaml", {**load_example("trade-rules.yaml"), "evidence": ["evidence/damaged.jpg"]})
    run = run_on_mock(str(spec), env=THE_TOOLS_OWN_TRACING)
    assert run.exit_code == 1
    result = run.only_result
    assert result["status"] == "failed"
    assert result["error"].startswith("step attach-evidence failed: the site rejected damaged.jpg: ")
    assert "damaged" in result["error"].split(": ", 2)[-1]
    assert mock_site.submissions() == []
    # A trace kept on failure has the page's DOM at each action, not the film of screenshots.
    assert trace_event_types(Path(result["output"]) / "trace.zip") >= {"frame-snapshot", "before", "after"}
    assert "screencast-frame" not in trace_event_types(Path(result["output"]) / "trace.zip")
    assert list(Path(result["output"]).glob("*-attach-evidence-failed.png"))


def test_no_session_on_the_live_rules_needs_a_human(run_on_mock, mock_site):
    run = run_on_mock(str(EXAMPLES / "trade-rules.yaml"), "--no-auto-sign-in")
    assert run.exit_code == 3
    result = run.only_result
    assert result["status"] == "needs-human"
    assert "asks to sign in" in result["error"] and "autoreport login --site mock" in result["error"]
    assert mock_site.submissions() == []


@pytest.fixture
def browser_that_signs_in(browser_choice, tmp_path):
    """The run's browser behind a script that first writes a line to a file: proof of each start."""
    starts = tmp_path / "browser-starts.txt"
    script = tmp_path / "chromium-that-signs-in"
    script.write_text(f"#!/bin/sh\necho started >> '{starts}'\nexec '{browser_choice.executable}' \"$@\"\n")
    script.chmod(0o755)
    return script, starts


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_invalid_spec_launches_nothing(jobs, run_on_mock, mock_site, write_spec, browser_that_signs_in):
    browser, starts = browser_that_signs_in
    bad = write_spec("bad.yaml", {**load_example("trade-rules.yaml"), "reason": "counterfeit"})
    valid = [str(EXAMPLES / "search-violations.yaml"), str(EXAMPLES / "ipr-counterfeit.yaml")]
    run = run_on_mock(*valid, str(bad), "--jobs", jobs, "--browser-path", str(browser))
    assert run.exit_code == 2
    assert "reason: 'counterfeit' is not a reason of category 'trade-rules'" in run.stderr
    assert "Traceback" not in run.stderr
    assert run.json_lines() == [{"file": str(bad), "valid": False, "errors": [
        {"file": str(bad), "line": 4, "column": 9, "field": "reason",
         "message": "'counterfeit' is not a reason of category 'trade-rules' (it is an ipr-protection reason); "
                    "valid reasons: payment-outside-platform, confirm-receipt-in-advance, dispute-deception, "
                    "no-valid-tracking-number, malicious-harassment"}]}]
    assert mock_site.submissions() == []
    assert not starts.exists()

    # The valid ones alone: the file shows the start (so its absence above means something), and one
    # browser serves both complaints.
    run = run_on_mock(*valid, "--jobs", jobs, "--browser-path", str(browser))
    assert run.exit_code == 0, run.stderr
    assert len(mock_site.submissions()) == 2
    assert starts.read_text().splitlines() == ["started"]




def test_the_live_site_without_a_saved_session_says_to_sign_in_before_a_browser_starts(cli):
    run = cli("run", str(EXAMPLES / "trade-rules.yaml"))
    assert run.exit_code == 3
    assert run.stderr.splitlines()[-1] == (
        "error: no saved session for the live site: sign in first with `autoreport login` (you type your "
        "password yourself, in the browser), or add --site mock to try the tool on the mock marketplace")


def test_a_dry_run_of_a_complaint_already_filed_says_a_real_run_would_skip_it(run_on_mock):
    spec = str(EXAMPLES / "trade-rules.yaml")
    number = run_on_mock(spec).only_result["complaint_id"]
    dry = run_on_mock(spec, "--dry-run")
    assert dry.only_result["status"] == "dry-run"
    assert f"trade-rules.yaml: the ledger has it as {number} (filed " in dry.stderr
    assert "a real run would skip it (--force files it again); the dry run goes on" in dry.stderr


def test_each_run_keeps_its_own_report_and_the_index_lists_them(run_on_mock, tmp_path, page):
    spec = str(EXAMPLES / "trade-rules.yaml")
    first = run_on_mock(spec, "--tracing", "on")
    second = run_on_mock(spec, "--dry-run")
    pages = sorted((tmp_path / "runs").glob("report-*.html"))
    assert len(pages) == 2
    assert [line for line in first.stderr.splitlines() + second.stderr.splitlines() if line.startswith("report: ")] \
        == [f"report: {path}" for path in pages]
    page.goto((tmp_path / "runs" / "index.html").as_uri())
    assert page.get_by_role("list", name="Runs").get_by_role("link").all_inner_texts() == [p.name for p in
                                                                                            reversed(pages)]
    page.goto(pages[0].as_uri())
    row = page.locator("tbody tr").first
    assert row.get_by_role("list", name="What was filed").inner_text().split("\n") == [
        "seller-report, trade-rules: payment-outside-platform", "8000000000000001", "site edition: article"]
    assert "chat-screenshot.png" in row.get_by_role("list", name=f"Evidence of {spec}").inner_text()
    trace = Path(first.only_result["output"]) / "trace.zip"
    assert f"playwright show-trace {trace}" in row.inner_text()
    import re

    assert re.search(r"written \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d\.", page.locator("p").first.inner_text())
