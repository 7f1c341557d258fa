"""`autoreport check-site` walks every flow on the mock with its sample data, submits nothing,
and names the step and the locator of each element the site no longer has."""

from __future__ import annotations

import json
from pathlib import Path

FLOWS = ["trade-rules", "ipr-protection", "restricted-products", "search-violations", "dispute-appeal",
         "dispute-review"]


def check_site(cli, mock_site, output: Path):
    run = cli("check-site", "--site", "mock", "--base-url", mock_site.url, "--json", "--output", str(output))
    return run, {flow["flow"]: flow for flow in run.json_lines()}


def steps_of(flow: dict) -> dict[str, dict]:
    return {step["name"]: step for step in flow["steps"]}


def assert_missing(flow: dict, step_name: str, label: str, output: Path) -> None:
    """The step is missing an element named by `label`, with a screenshot; the steps after it did not run."""
    assert flow["ok"] is False
    names = [step["name"] for step in flow["steps"]]
    failed_at = names.index(step_name)
    step = flow["steps"][failed_at]
    assert step["result"] == "missing"
    assert f'"{label}"' in step["locator"]
    screenshot = Path(step["screenshot"])
    assert screenshot.name == f"{flow['flow']}-{failed_at + 1:02d}-{step_name}-missing.png"
    assert screenshot.parent == output and screenshot.is_file()
    assert [s["result"] for s in flow["steps"][:failed_at]] == ["found"] * failed_at
    assert {s["result"] for s in flow["steps"][failed_at + 1:]} == {"not reached"}


def test_every_element_is_found_on_the_untouched_mock(cli, mock_site, tmp_path):
    output = tmp_path / "check"
    run, flows = check_site(cli, mock_site, output)

    assert run.exit_code == 0, run.stderr
    assert list(flows) == FLOWS
    for flow in flows.values():
        assert flow["ok"] is True, flow
        assert {step["result"] for step in flow["steps"]} == {"found"}
        assert flow["steps"][-1]["name"] == "review-filled-form"
        assert (output / flow["flow"] / "filled-form.png").is_file()
    assert "fill-order" in steps_of(flows["trade-rules"]) and "fill-brand" in steps_of(flows["ipr-protection"])
    report = json.loads((output / "report.json").read_text())
    assert report["ok"] is True and [flow["flow"] for flow in report["flows"]] == FLOWS
    assert mock_site.submissions() == []


def test_renamed_labels_are_named_by_flow_step_and_locator(cli, mock_site, tmp_path):
    # Two flows lose an element each (one check run serves both): the Trade Rules order field,
    # and the text of the complaint about a dispute.
    output = tmp_path / "check"
    mock_site.faults(relabel={"Order number": "Order ID", "Describe the situation": "Tell us what happened"})
    run, flows = check_site(cli, mock_site, output)

    assert run.exit_code == 1, run.stderr
    assert_missing(flows.pop("trade-rules"), "fill-order", "Order number", output)
    assert_missing(flows.pop("dispute-appeal"), "fill-details", "Describe the situation", output)
    assert list(flows) == ["ipr-protection", "restricted-products", "search-violations", "dispute-review"]
    assert all(flow["ok"] for flow in flows.values()), flows
    assert sorted(path.name for path in output.glob("*-missing.png")) == [
        "dispute-appeal-04-fill-details-missing.png", "trade-rules-04-fill-order-missing.png"]
    assert mock_site.submissions() == []


def test_a_sign_in_request_needs_a_person(cli, mock_site, tmp_path):
    mock_site.faults(session_expired=True)
    run, _ = check_site(cli, mock_site, tmp_path / "check")

    assert run.exit_code == 3, run.stderr
    assert "sign in" in run.stderr
    assert mock_site.submissions() == []


def test_a_malformed_dispute_order_is_refused_before_a_browser_starts(cli, tmp_path):
    run = cli("check-site", "--dispute-order", "12ab", "--output", str(tmp_path / "check"))

    assert run.exit_code == 2
    assert "--dispute-order" in run.stderr and "digits" in run.stderr
    assert not (tmp_path / "check").exists()
