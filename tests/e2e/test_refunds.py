"""Returns & refunds on today's site, through the tool: a request per item line, exactly once, and the
disagreement with the solution proposed on it."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import yaml
from support import EXAMPLES, history, sha256_of

REQUEST = EXAMPLES / "refund-request.yaml"
DISAGREEMENT = EXAMPLES / "refund-disagreement.yaml"
ORDER = "8000000000000011"
ITEMS = [{"product": "Phone Charger", "price": "12.00"}, {"product": "Travel Adapter", "price": "8.50"}]


@pytest.fixture
def two_items(mock_site) -> list[dict]:
    """The example's two-item order on the current edition: its items with their line ids; the article's
    edition again after the test, as the worker's other tests share the served mock."""
    mock_site.set_edition("current")
    yield mock_site.add_order(ORDER, items=ITEMS)["items"]
    mock_site.set_edition("article")


def spec_for(write_spec, example, name: str, **changes):
    return write_spec(name, {**yaml.safe_load(example.read_text()), **changes})


def steps_of(result: dict) -> list[dict]:
    return json.loads((Path(result["output"]) / "receipt.json").read_text())["steps"]


def returns_on(mock_site, kind: str = "refund-request") -> list[dict]:
    return [received for received in mock_site.submissions() if received["kind"] == kind]


def test_a_request_for_the_second_item_arrives_with_every_field_and_its_rerun_is_a_duplicate(
        two_items, run_on_mock, mock_site):
    spec = yaml.safe_load(REQUEST.read_text())
    run = run_on_mock(str(REQUEST))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert run.only_result["complaint_id"] == received["id"]
    assert (received["kind"], received["order_number"], received["line_id"], received["received"],
            received["reason"], received["refund"], received["details"]) == (
        "refund-request", ORDER, two_items[1]["line_id"], True, "damaged", {"plan": "full"}, spec["details"].strip())
    assert received["evidence"] == [
        {"name": (EXAMPLES / p).name, "size": (EXAMPLES / p).stat().st_size, "sha256": sha256_of(EXAMPLES / p)}
        for p in spec["evidence"]]
    assert received["status"] == "Waiting for AliExpress's feedback"
    for step in ("open-request", "next-step", "submit-request", "read-receipt"):
        assert f"{step}" in run.stderr

    rerun = run_on_mock(str(REQUEST))
    assert rerun.exit_code == 0, rerun.stderr
    assert (rerun.only_result["status"], rerun.only_result["complaint_id"]) == ("skipped-duplicate", received["id"])
    assert len(mock_site.submissions()) == 1


def test_a_request_for_the_first_item_is_a_second_return_with_its_partial_refund(two_items, run_on_mock, mock_site,
                                                                                write_spec):
    second = run_on_mock(str(REQUEST))
    assert second.exit_code == 0, second.stderr
    first_item = spec_for(write_spec, REQUEST, "charger.yaml", item=1, product="phone charger", received=False,
                          reason="returned-canceled-lost", refund="partial", amount=6, evidence=[])
    first = run_on_mock(str(first_item))
    assert first.exit_code == 0, first.stderr
    assert first.only_result["status"] == "submitted"
    by_line = {received["line_id"]: received for received in returns_on(mock_site)}
    assert set(by_line) == {two_items[0]["line_id"], two_items[1]["line_id"]}
    charger = by_line[two_items[0]["line_id"]]
    assert (charger["id"], charger["received"], charger["reason"], charger["refund"], charger["evidence"]) == (
        first.only_result["complaint_id"], False, "returned-canceled-lost", {"plan": "partial", "amount": "6.00"}, [])


def test_a_wrong_product_fails_before_anything_is_typed(two_items, run_on_mock, mock_site, write_spec):
    spec = spec_for(write_spec, REQUEST, "wrong-item.yaml", item=1)
    run = run_on_mock(str(spec))
    assert run.exit_code == 1
    error = run.only_result["error"]
    assert error.startswith("step check-item failed: item 1 of order 8000000000000011 is not 'Travel Adapter': "
                            "the order page shows 'Phone Charger"), error
    assert "check `item` and `product` (nothing was typed)" in error
    assert [step["name"] for step in steps_of(run.only_result) if step["status"] != "not-run"] == [
        "open-order", "check-item"]
    assert mock_site.submissions() == []


def test_an_item_the_order_does_not_have_and_an_order_not_in_the_account_fail_with_the_sites_words(
        two_items, run_on_mock, mock_site, write_spec):
    third = run_on_mock(str(spec_for(write_spec, REQUEST, "third.yaml", item=3, product=None)))
    assert third.exit_code == 1
    assert "order 8000000000000011 shows 2 items, so it has no item 3" in third.only_result["error"]
    missing = run_on_mock(str(spec_for(write_spec, REQUEST, "missing.yaml", order_number="8123456789012345")))
    assert missing.exit_code == 1
    assert "answered 404: This order was not found in your account." in missing.only_result["error"]
    assert mock_site.submissions() == []


def test_a_dry_run_stops_on_the_review_page_before_submit(two_items, run_on_mock, mock_site):
    run = run_on_mock(str(REQUEST), "--dry-run")
    assert run.exit_code == 0, run.stderr
    assert run.only_result["status"] == "dry-run"
    names = [step["name"] for step in steps_of(run.only_result)]
    assert names[-2:] == ["next-step", "review-filled-form"] and "submit-request" not in names
    assert mock_site.submissions() == []


def test_the_disagreement_is_refused_before_the_site_offers_it_then_filed_once_after_advance(
        two_items, run_on_mock, mock_site):
    none_yet = run_on_mock(str(DISAGREEMENT))
    assert none_yet.exit_code == 1
    assert "item 2 of order 8000000000000011 has no return on the site: ask for one first with a refund-request " \
           "spec" in none_yet.only_result["error"]

    assert run_on_mock(str(REQUEST)).exit_code == 0
    early = run_on_mock(str(DISAGREEMENT))
    assert early.exit_code == 1
    (request,) = mock_site.submissions()
    assert early.only_result["error"] == (
        f"step check-return-status failed: the return {request['id']} of item 2 of order 8000000000000011 is "
        "\"Waiting for AliExpress's feedback\": the site takes a disagreement only while a return is 'Waiting for "
        "your response' (see `autoreport status`); nothing was sent")

    mock_site.advance()
    run = run_on_mock(str(DISAGREEMENT))
    assert run.exit_code == 0, run.stderr
    spec = yaml.safe_load(DISAGREEMENT.read_text())
    (disagreement,) = returns_on(mock_site, "refund-disagreement")
    assert run.only_result["complaint_id"] == disagreement["id"]
    assert (disagreement["line_id"], disagreement["details"], [e["name"] for e in disagreement["evidence"]]) == (
        two_items[1]["line_id"], spec["details"].strip(), ["chat-screenshot.png"])
    (request,) = returns_on(mock_site)
    assert (request["status"], request["response_id"]) == ("Waiting for AliExpress's feedback", disagreement["id"])
    again = run_on_mock(str(DISAGREEMENT))
    assert (again.exit_code, again.only_result["status"]) == (0, "skipped-duplicate")
    assert len(returns_on(mock_site, "refund-disagreement")) == 1


@pytest.mark.parametrize("example", [REQUEST, DISAGREEMENT])
def test_a_lost_answer_after_the_confirm_is_found_in_the_list_and_not_sent_again(example, two_items, run_on_mock,
                                                                                  mock_site, cli):
    if example == DISAGREEMENT:
        assert run_on_mock(str(REQUEST)).exit_code == 0
        mock_site.advance()
    kind = yaml.safe_load(example.read_text())["kind"]
    before = len(returns_on(mock_site, kind))
    mock_site.faults(drop_submit_response=True)
    run = run_on_mock(str(example))
    assert run.exit_code == 0, run.stderr
    assert "the answer to the submit was lost, but the site has the complaint" in run.stderr
    filed = returns_on(mock_site, kind)
    assert len(filed) == before + 1
    assert run.only_result["complaint_id"] == filed[-1]["id"]
    assert [(row["state"], row["complaint_number"]) for row in history(cli) if row["kind"] == kind] == [
        ("submitted", filed[-1]["id"])]


def test_a_kill_at_the_confirm_modal_leaves_one_return_after_a_rerun(two_items, start_on_mock, run_on_mock, mock_site,
                                                                     tmp_path, cli):
    # The site takes its time to answer the Confirm: the run is killed while it waits.
    killed = start_on_mock(str(REQUEST))
    assert killed.wait_for_line("submit-request"), killed.stderr
    mock_site.faults(latency_ms=1500)
    threading.Event().wait(0.5)  # not a wait for state: the kill falls somewhere in the slow answer
    killed.kill_everything()
    mock_site.faults(latency_ms=0)
    rerun = run_on_mock(str(REQUEST))
    assert rerun.exit_code == 0, f"{killed.stderr}\n---\n{rerun.stderr}"
    (filed,) = returns_on(mock_site)
    assert rerun.only_result["complaint_id"] == filed["id"]
    assert [(row["state"], row["complaint_number"]) for row in history(cli)] == [("submitted", filed["id"])]


def test_status_shows_each_return_with_its_status_and_what_to_do_next(two_items, run_on_mock, mock_site, cli,
                                                                      write_spec):
    charger = spec_for(write_spec, REQUEST, "charger.yaml", item=1, product="Phone Charger", received=False,
                       reason="still-in-transit", evidence=[])
    assert run_on_mock(str(REQUEST), str(charger)).exit_code == 0
    mock_site.advance()  # both returns now wait for the buyer
    assert run_on_mock(str(DISAGREEMENT)).exit_code == 0  # the adapter's goes back to AliExpress

    status = cli("status", "--site", "mock", "--base-url", mock_site.url, "--json")
    assert status.exit_code == 0, status.stderr
    rows = {(row["kind"], row["target"]): row for row in status.json_lines()}
    adapter, charger_row = rows["refund-request", f"{ORDER} item 2"], rows["refund-request", f"{ORDER} item 1"]
    disagreement = rows["refund-disagreement", f"{ORDER} item 2"]
    assert (adapter["site_status"], adapter["state"], adapter["next_step"], adapter["subject"]) == (
        "Waiting for AliExpress's feedback", "open", None, "return: Travel Adapter")
    assert (charger_row["site_status"], charger_row["state"], charger_row["next_step"]) == (
        "Waiting for your response", "waiting-for-you",
        "run a refund-disagreement spec for this item (autoreport new refund-disagreement)")
    assert (disagreement["site_status"], disagreement["subject"]) == ("Waiting for AliExpress's feedback",
                                                                      "disagreement: Travel Adapter")
    mock_site.advance()  # the adapter's return ends as the item's refund_outcome says
    table = cli("status", "--site", "mock", "--base-url", mock_site.url, env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.stderr
    assert "Refund complete (refunded)" in table.stdout
    assert "Waiting for your response (your turn): run a refund-disagreement spec for this item" in table.stdout
    assert f"{ORDER} item 1" in table.stdout  # the item line, in the order column


def test_check_site_walks_the_disagreement_once_a_return_waits_and_leaves_the_request_of_an_open_one(
        two_items, run_on_mock, mock_site, cli, write_spec, tmp_path):
    sample = spec_for(write_spec, REQUEST, "sample-item.yaml", order_number="8000000000000001", item=1,
                      product=None, received=False, reason="wrong-address", evidence=[])
    assert run_on_mock(str(sample)).exit_code == 0
    mock_site.advance()
    output = tmp_path / "check"
    run = cli("check-site", "--site", "mock", "--base-url", mock_site.url, "--json", "--output", str(output))
    assert run.exit_code == 0, run.stderr
    flows = {flow["flow"]: flow for flow in run.json_lines()}
    disagreement, request = flows["refund-disagreement"], flows["refund-request"]
    assert (disagreement["ok"], disagreement["edition"]) == (True, "current")
    assert [step["name"] for step in disagreement["steps"]][-3:] == ["fill-details", "attach-evidence",
                                                                     "review-filled-form"]
    assert (output / "refund-disagreement" / "filled-form.png").is_file()
    assert request["ok"] is None
    assert request["note"] == ("the site refused a return of item 1 of order 8000000000000001: This item already "
                               "has an open return or refund request.")
    assert len(mock_site.submissions()) == 1  # the sample request only: check-site sends nothing


def test_a_request_on_the_articles_site_says_it_has_no_returns_per_item_and_files_nothing(run_on_mock, mock_site):
    mock_site.add_order(ORDER, items=ITEMS)  # the article's edition: one dispute for the whole order
    run = run_on_mock(str(REQUEST))
    assert run.exit_code == 1, run.stderr
    assert run.only_result["error"] == (
        f"step open-order failed: order {ORDER}'s page lists no items with Returns/refunds, as the article edition "
        "of the site has them: this site takes disputes for the whole order, which the tool does not open (open one "
        "by hand, and complain with a dispute-appeal spec once it is closed)")
    assert mock_site.submissions() == []
