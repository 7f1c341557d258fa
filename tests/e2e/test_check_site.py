"""`autoreport check-site` walks every flow on the mock with its sample data, submits nothing,
and names the step and the locator of each element the site no longer has, and the first node of each
page that is no longer what its stored template says."""

from __future__ import annotations

import json
from pathlib import Path

from support import EXAMPLES

FLOWS = ["trade-rules", "ipr-protection", "restricted-products", "search-violations", "dispute-appeal",
         "dispute-review"]
# Returns and refunds are today's site's: the article's edition (this mock's) has none to check.
RETURN_FLOWS = ["refund-request", "refund-disagreement"]
NO_RETURNS = "not checked (the site's article edition has no returns and refunds per item)"
# Every flow, in the order check-site walks them: the IP Protection platform's last.
EVERY_FLOW = [*FLOWS, *RETURN_FLOWS, "ipr-complaint"]
# The pages each flow compares with their templates, and the step after which each is complete.
PAGES = {
    **{flow: [("report-centre", "open-report-centre"), (f"{flow}-form", "choose-reason")] for flow in FLOWS[:4]},
    "dispute-appeal": [("dispute", "open-dispute"), ("complaint-form", "open-complaint-form")],
    "dispute-review": [("dispute", "open-dispute"), ("review-form", "open-review-form")],
    "ipr-complaint": [],  # the IP Protection platform's pages have no stored templates
}


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


def test_every_element_is_found_and_every_page_matches_its_template_on_the_untouched_mock(cli, mock_site, tmp_path):
    output = tmp_path / "check"
    run, flows = check_site(cli, mock_site, output)

    assert run.exit_code == 0, run.stderr
    assert list(flows) == EVERY_FLOW
    for name in RETURN_FLOWS:
        assert (flows[name]["ok"], flows[name]["note"]) == (None, NO_RETURNS)
        assert {step["result"] for step in flows.pop(name)["steps"]} == {"not checked"}
    for flow in flows.values():
        assert flow["ok"] is True, flow
        assert {step["result"] for step in flow["steps"]} == {"found"}
        assert [(page["page"], page["step"]) for page in flow["pages"]] == PAGES[flow["flow"]]
        assert all((page["result"], page["first_difference"]) == ("matches", None) for page in flow["pages"])
        assert flow["steps"][-1]["name"] == "review-filled-form"
        assert (output / flow["flow"] / "filled-form.png").is_file()
    assert "fill-order" in steps_of(flows["trade-rules"]) and "fill-brand" in steps_of(flows["ipr-protection"])
    assert list(steps_of(flows["ipr-complaint"])) == [
        "open-ipp-user-center", "start-ipp-complaint", "choose-website", "choose-ipr", "choose-complaint-type",
        "choose-ipp-reason", "fill-listings", "fill-supplement", "attach-prima-facie-evidence", "review-filled-form"]
    report = json.loads((output / "report.json").read_text())
    assert report["ok"] is True and [flow["flow"] for flow in report["flows"]] == EVERY_FLOW
    assert mock_site.submissions() == []


def test_renamed_labels_are_named_by_flow_step_and_locator(cli, mock_site, tmp_path):
    # Three flows lose an element each (one check run serves them all): the Trade Rules order field,
    # the text of the complaint about a dispute, and the IP Protection platform's listings.
    output = tmp_path / "check"
    mock_site.faults(relabel={"Order number": "Order ID", "Describe the situation": "Tell us what happened",
                              "Infringing listings": "Listings"})
    run, flows = check_site(cli, mock_site, output)

    assert run.exit_code == 1, run.stderr
    assert_missing(flows.pop("trade-rules"), "fill-order", "Order number", output)
    assert_missing(flows.pop("dispute-appeal"), "fill-details", "Describe the situation", output)
    assert_missing(flows.pop("ipr-complaint"), "fill-listings", "Infringing listings", output)
    assert list(flows) == ["ipr-protection", "restricted-products", "search-violations", "dispute-review",
                           *RETURN_FLOWS]
    assert all(flows[name]["ok"] for name in FLOWS if name in flows), flows
    assert sorted(path.name for path in output.glob("*-missing.png")) == [
        "dispute-appeal-04-fill-details-missing.png", "ipr-complaint-07-fill-listings-missing.png",
        "trade-rules-04-fill-order-missing.png"]
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


def test_a_renamed_label_is_named_as_the_first_node_that_differs_on_its_page(cli, mock_site, tmp_path):
    # The order field's label is renamed, and the dispute page's link to the complaint form: the
    # dispute's status still offers a complaint, so that link is missing (drift), not "not checked".
    output = tmp_path / "check"
    mock_site.faults(relabel={"Order number": "Order ID", "Make a complaint": "File a complaint"})
    run = cli("check-site", "--site", "mock", "--base-url", mock_site.url, "--format", "plain",
              "--output", str(output))

    assert run.exit_code == 1, run.stderr
    screenshot = output / "trade-rules-03-choose-reason-differs.png"
    assert screenshot.is_file()
    # The problem lines below the table, one a line.
    problems = [line for line in run.stdout.splitlines() if ": missing: " in line or "first differing node" in line]
    assert problems[:2] == [
        f'trade-rules trade-rules-form page (at choose-reason): first differing node: textbox "Order number" '
        f"(screenshot: {screenshot})",
        'trade-rules fill-order: missing: order-number: get_by_label("Order number", exact=True) '
        f"(screenshot: {output / 'trade-rules-04-fill-order-missing.png'})"]
    missing_link = 'dispute-appeal open-complaint-form: missing: get_by_role("link", name="Make a complaint"'
    assert any(line.startswith(missing_link) for line in problems), problems
    flows = {flow["flow"]: flow for flow in json.loads((output / "report.json").read_text())["flows"]}
    form = flows["trade-rules"]["pages"][1]
    assert (form["page"], form["step"], form["result"], form["first_difference"], form["screenshot"]) == \
        ("trade-rules-form", "choose-reason", "differs", 'textbox "Order number"', str(screenshot))
    # The report centre matched before the category was chosen; the other categories' forms have no order field.
    assert flows["trade-rules"]["pages"][0]["result"] == "matches"
    assert [flow for flow, check in flows.items() if check["ok"] is False] == ["trade-rules", "dispute-appeal"]
    assert [page["result"] for page in flows["dispute-appeal"]["pages"]] == ["matches", "not reached"]
    assert mock_site.submissions() == []


def test_what_a_page_gains_besides_its_template_is_not_drift(cli, mock_site, tmp_path):
    # New hashed class names on every page, a promotion dialog and a cookie banner: the templates
    # hold the pages' roles and names, in contain mode, so every page still matches.
    mock_site.faults(scramble=True, popup=True, cookie_banner=True)
    run, flows = check_site(cli, mock_site, tmp_path / "check")

    assert run.exit_code == 0, run.stderr
    assert {page["result"] for flow in flows.values() for page in flow["pages"]} == {"matches"}, flows


def test_a_sample_dispute_appealed_and_reviewed_already_is_not_checked_with_the_reason(cli, mock_site, tmp_path):
    # An earlier run filed the appeal and the review the sample disputes stand for: nothing left to check on
    # them, and nothing changed on the site.
    for example in ("dispute-appeal.yaml", "dispute-review.yaml"):
        filed = cli("run", str(EXAMPLES / example), "--site", "mock", "--base-url", mock_site.url,
                    "--output", str(tmp_path / "runs"))
        assert filed.exit_code == 0, filed.stderr
    output = tmp_path / "check"
    run = cli("check-site", "--site", "mock", "--base-url", mock_site.url, "--format", "plain",
              "--output", str(output))

    assert run.exit_code == 0, run.stderr
    appeal_note = ("the sample dispute 8000000000000002 was already appealed (status: complaint submitted): "
                   "no Make a complaint to check")
    review_note = "the sample dispute 8000000000000003 was already reviewed: no review form to check"
    assert f"dispute-appeal: {appeal_note}" in run.stdout.splitlines()
    assert f"dispute-review: {review_note}" in run.stdout.splitlines()
    report = json.loads((output / "report.json").read_text())
    assert report["ok"] is True
    flows = {flow["flow"]: flow for flow in report["flows"]}
    for name, note in (("dispute-appeal", appeal_note), ("dispute-review", review_note)):
        assert flows[name]["ok"] is None and flows[name]["note"] == note
        assert {step["result"] for step in flows[name]["steps"]} == {"not checked"}
        assert {page["result"] for page in flows[name]["pages"]} == {"not checked"}
    assert all(flows[name]["ok"] is True for name in FLOWS[:4])
    assert not list(output.glob("*.png"))
    assert len(mock_site.submissions()) == 2
