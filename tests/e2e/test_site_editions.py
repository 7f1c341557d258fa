"""Today's report centre (the mock's current edition: three cards, forms sent by script): the tool
recognises the edition on the report centre, files the categories it still offers, and refuses at once
those it does not, before anything is typed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import EXAMPLES, devtools_port


@pytest.fixture
def current_edition(mock_site):
    mock_site.set_edition("current")
    yield mock_site
    mock_site.set_edition("article")  # the served mock is shared by the worker's other tests


def receipt_of(run) -> dict:
    return json.loads((Path(run.only_result["output"]) / "receipt.json").read_text())


def test_a_restricted_report_arrives_with_every_field(run_on_mock, current_edition):
    run = run_on_mock(str(EXAMPLES / "restricted-products.json"))
    assert run.exit_code == 0, run.stderr
    (received,) = current_edition.submissions()
    assert run.only_result["complaint_id"] == received["id"]
    spec = json.loads((EXAMPLES / "restricted-products.json").read_text())
    assert {key: received[key] for key in ("edition", "card", "category", "reason", "product_url", "details")} == {
        "edition": "current", "card": "restricted-products", "category": "restricted-products",
        "reason": "hazardous-chemicals", "product_url": spec["product_url"], "details": spec["details"]}
    assert [upload["name"] for upload in received["evidence"]] == ["parcel.jpg"]
    assert received["contact"]["phone"] == "+1 555 123 4567"
    receipt = receipt_of(run)
    assert receipt["site_edition"] == "current"
    assert "restricted-products.json:   site edition: current" in run.stderr.splitlines()
    assert [step["name"] for step in receipt["steps"]][:3] == ["open-report-centre", "choose-category",
                                                               "choose-reason"]


def test_a_buyers_ipr_report_goes_through_the_non_rights_holders_card_with_its_reason_in_the_text(
        run_on_mock, current_edition):
    run = run_on_mock(str(EXAMPLES / "ipr-counterfeit.yaml"))
    assert run.exit_code == 0, run.stderr
    (received,) = current_edition.submissions()
    assert (received["card"], received["sub_type"], received["brand"]) == (
        "non-rights-holders", "ipr-infringement", "Example Audio")
    assert received["details"].startswith("Counterfeit of a brand: The listing says \"original Example Audio")
    assert sorted(upload["name"] for upload in received["evidence"]) == ["parcel.jpg", "unboxing.mp4"]

    again = run_on_mock(str(EXAMPLES / "ipr-counterfeit.yaml"))  # the ledger knows it: not filed twice
    assert again.exit_code == 0, again.stderr
    assert len(current_edition.submissions()) == 1


def test_a_category_the_site_no_longer_offers_fails_at_once_and_nothing_arrives(run_on_mock, current_edition):
    run = run_on_mock(str(EXAMPLES / "trade-rules.yaml"), "--retries", "3")
    assert run.exit_code == 1, run.stderr
    assert run.only_result["error"] == (
        "step choose-category failed: the report centre offers no Trade Rules category (it offers: Intellectual "
        "Property Complaint (For Rights Holders), Report (For Non-Rights Holders), Restricted or Prohibited "
        "Products); AliExpress now handles this through returns and refunds")
    steps = {step["name"]: step for step in receipt_of(run)["steps"]}
    assert steps["choose-category"]["attempts"] == 1 and steps["fill-order"]["status"] == "not-run"
    assert current_edition.submissions() == []


def test_check_site_names_the_edition_finds_every_element_and_leaves_out_what_it_does_not_offer(
        cli, current_edition, tmp_path):
    output = tmp_path / "check"
    run = cli("check-site", "--site", "mock", "--base-url", current_edition.url, "--json", "--output", str(output))
    assert run.exit_code == 0, run.stderr
    flows = {flow["flow"]: flow for flow in json.loads((output / "report.json").read_text())["flows"]}
    # Known where the report centre shows it; the dispute pages are alike in both editions.
    assert {name: flow["edition"] for name, flow in flows.items()} == {
        "trade-rules": "current", "ipr-protection": "current", "restricted-products": "current",
        "search-violations": "current", "dispute-appeal": None, "dispute-review": None,
        "refund-request": "current", "refund-disagreement": "current", "ipr-complaint": None}
    assert {name for name, flow in flows.items() if flow["ok"] is True} == {
        "ipr-protection", "restricted-products", "dispute-appeal", "dispute-review", "refund-request", "ipr-complaint"}
    # The sample item has no return yet, so no solution to disagree with: not checked, with the reason.
    assert flows["refund-disagreement"]["ok"] is None
    assert flows["refund-disagreement"]["note"].startswith("item 1 of order 8000000000000001 has no return on the site")
    assert flows["trade-rules"]["ok"] is None
    assert flows["trade-rules"]["note"].startswith("the report centre offers no Trade Rules category")
    # Today's report centre and forms with their own templates, the dispute pages with the article's.
    pages = {(page["page"], page["result"]) for name in ("ipr-protection", "restricted-products", "dispute-appeal",
                                                          "dispute-review") for page in flows[name]["pages"]}
    assert pages == {("report-centre", "matches"), ("ipr-protection-form", "matches"),
                     ("restricted-products-form", "matches"), ("dispute", "matches"), ("complaint-form", "matches"),
                     ("review-form", "matches")}
    assert current_edition.submissions() == []


def test_the_anti_bot_answer_to_a_background_request_stops_a_headless_run_for_a_person(run_on_mock, current_edition):
    current_edition.faults(captcha="xhr")
    run = run_on_mock(str(EXAMPLES / "restricted-products.json"))
    assert run.exit_code == 3, run.stderr
    assert run.only_result["status"] == "needs-human"
    assert "--headed" in run.only_result["error"]
    assert current_edition.submissions() == []


def restricted_without_evidence(write_spec) -> str:
    """The Restricted example with nothing to upload: the anti-bot answer then meets the submit itself."""
    spec = json.loads((EXAMPLES / "restricted-products.json").read_text())
    del spec["evidence"]
    return str(write_spec("restricted.yaml", spec))


def test_the_anti_bot_answer_to_the_submit_files_nothing_and_is_not_sent_again_headless(
        run_on_mock, current_edition, write_spec):
    current_edition.faults(captcha="xhr")
    run = run_on_mock(restricted_without_evidence(write_spec))
    assert run.exit_code == 3, run.stderr
    assert "anti-bot slider" in run.only_result["error"] and "--headed" in run.only_result["error"]
    assert current_edition.submissions() == []  # and the run did not file it again on its own


def test_a_visible_run_waits_while_the_person_clears_the_anti_bot_answer_and_files_once(
        start_tool, playwright, current_edition, write_spec, tmp_path, display):
    current_edition.faults(captcha="xhr")
    run = start_tool("run", restricted_without_evidence(write_spec), "--headed", "--site", "mock", "--base-url",
                     current_edition.url, "--json", "--output", str(tmp_path / "runs"), "--remote-debugging-port", "0",
                     answers=True)
    run.wait_for("slide it in the browser window")
    browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{devtools_port(run.browser_profile())}")
    page = next(page for context in browser.contexts for page in context.pages if "reportIndex" in page.url)
    widget = page.frame_locator("#baxia-dialog-content")
    handle, track = widget.locator("#nc_1_n1z").bounding_box(), widget.locator("#nc_1_n1t").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] - 2, handle["y"] + handle["height"] / 2, steps=15)
    page.mouse.up()
    (result,) = run.finish().json_lines()
    assert run.exit_code == 0, run.stderr
    (received,) = current_edition.submissions()
    assert result["status"] == "submitted" and result["complaint_id"] == received["id"]
