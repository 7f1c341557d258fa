"""Complaints after a dispute: appeals, reviews, `status` with its deadlines, and coupons."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
import yaml
from support import EXAMPLES, sha256_of

APPEAL = EXAMPLES / "dispute-appeal.yaml"
REVIEW = EXAMPLES / "dispute-review.yaml"


@pytest.fixture
def mock_cli(cli, mock_site):
    """A command against the served mock, as JSON lines."""

    def run(*args: str):
        result = cli(*args, "--site", "mock", "--base-url", mock_site.url, "--json")
        return result, result.json_lines()

    return run


def spec_for(write_spec, example, name: str, **changes):
    return write_spec(name, {**yaml.safe_load(example.read_text()), **changes})


def test_an_appeal_is_filed_and_the_dispute_moves_on(run_on_mock, mock_site):
    spec = yaml.safe_load(APPEAL.read_text())
    run = run_on_mock(str(APPEAL))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert received["id"] == run.only_result["complaint_id"]
    assert (received["kind"], received["category"], received["order_number"]) == \
        ("dispute-appeal", spec["category"], spec["order_number"])
    assert received["details"] == spec["details"].strip()
    assert received["evidence"] == [
        {"name": (EXAMPLES / p).name, "size": (EXAMPLES / p).stat().st_size, "sha256": sha256_of(EXAMPLES / p)}
        for p in spec["evidence"]]
    assert received["status"] == "complaint submitted"
    assert "check-dispute-status" in run.stderr


@pytest.mark.parametrize("example", [APPEAL, REVIEW])
def test_a_lost_answer_to_the_send_is_found_on_the_dispute_page(example, run_on_mock, mock_site, cli):
    mock_site.faults(drop_submit_response=True)
    run = run_on_mock(str(example))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert run.only_result["status"] == "submitted" and run.only_result["complaint_id"] == received["id"]
    assert "the answer to the submit was lost, but the site has the complaint" in run.stderr
    history = [json.loads(line) for line in cli("history", "--json").stdout.splitlines()]
    assert [(h["state"], h["complaint_number"]) for h in history] == [("submitted", received["id"])]


def test_a_review_is_filed_with_its_rating(run_on_mock, mock_site):
    spec = yaml.safe_load(REVIEW.read_text())
    run = run_on_mock(str(REVIEW))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert (received["kind"], received["order_number"], received["rating"], received["details"]) == \
        ("dispute-review", spec["order_number"], spec["rating"], spec["details"].strip())
    assert received["id"] == run.only_result["complaint_id"]


@pytest.mark.parametrize(("order", "message"), [
    ("8000000000000004", "the dispute of order 8000000000000004 is still open: a dispute must close"),
    ("8000000000000001", "order 8000000000000001 has no dispute"),
    ("8123456789012345", "?orderId=8123456789012345 answered 404: This order was not found in your account."),
])
def test_an_appeal_needs_a_closed_dispute(order, message, run_on_mock, mock_site, write_spec):
    spec = spec_for(write_spec, APPEAL, f"appeal-{order}.yaml", order_number=order, evidence=[])
    run = run_on_mock(str(spec))
    assert run.exit_code == 1
    assert run.only_result["status"] == "failed"
    assert run.only_result["error"] == f"step open-dispute failed: {run.only_result['error'].split(': ', 1)[1]}"
    assert message in run.only_result["error"]
    assert mock_site.submissions() == []


def test_a_second_appeal_is_a_duplicate_and_the_site_refuses_one_too(run_on_mock, mock_site, write_spec):
    first = run_on_mock(str(APPEAL)).only_result
    again = run_on_mock(str(APPEAL)).only_result
    assert again["status"] == "skipped-duplicate" and again["complaint_id"] == first["complaint_id"]
    other_category = spec_for(write_spec, APPEAL, "administration.yaml", category="administration", evidence=[])
    refused = run_on_mock(str(other_category))
    assert refused.exit_code == 1
    assert "a complaint about it may exist already" in refused.only_result["error"]
    assert len(mock_site.submissions()) == 1


def test_status_follows_each_transition_with_its_deadline(run_on_mock, mock_site, mock_cli):
    mock_site.set_clock("2026-11-01T10:00:00")
    assert run_on_mock(str(APPEAL)).exit_code == 0
    assert run_on_mock(str(EXAMPLES / "trade-rules.yaml")).exit_code == 0

    def rows(today: str) -> dict[str, dict]:
        result, lines = mock_cli("status", "--today", today)
        assert result.exit_code == 0, result.stderr
        return {row["kind"]: row for row in lines}

    before = rows("2026-11-03")
    assert (before["seller-report"]["site_status"], before["seller-report"]["state"]) == ("waiting process", "open")
    assert (before["seller-report"]["next"], before["seller-report"]["next_date"]) == \
        ("answer expected", "2026-11-04")
    assert (before["dispute-appeal"]["site_status"], before["dispute-appeal"]["next_date"]) == \
        ("complaint submitted", "2026-11-16")
    assert not before["dispute-appeal"]["overdue"]

    mock_site.advance()
    middle = rows("2026-11-20")
    assert middle["seller-report"]["site_status"] == "processing"
    assert middle["dispute-appeal"]["site_status"] == "under review"
    assert middle["dispute-appeal"]["overdue"] and middle["seller-report"]["overdue"]

    mock_site.set_clock("2026-11-10T09:00:00")
    mock_site.advance()
    after = rows("2026-11-12")
    assert (after["seller-report"]["site_status"], after["seller-report"]["state"]) == \
        ("case closed(has been established)", "upheld")
    assert after["seller-report"]["next"] is None and after["seller-report"]["next_step"] is None
    appeal = after["dispute-appeal"]
    assert (appeal["site_status"], appeal["state"], appeal["next"], appeal["next_date"]) == \
        ("decision made", "decided-accepted", "coupons appear by", "2026-11-15")
    assert appeal["next_step"] == "choose coupons with autoreport coupons 8000000000000002 --single|--split"


def test_the_status_table_says_what_a_status_means_and_what_to_do_next(run_on_mock, mock_site, cli):
    assert run_on_mock(str(APPEAL)).exit_code == 0
    assert run_on_mock(str(EXAMPLES / "trade-rules.yaml")).exit_code == 0
    mock_site.advance()
    mock_site.advance()
    table = cli("status", "--site", "mock", "--base-url", mock_site.url, env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.stderr
    assert "decision made (accepted): choose coupons with autoreport coupons 8000000000000002 --single|--split" \
        in table.stdout
    assert "case closed(has been established) (upheld)" in table.stdout


def test_a_report_the_site_no_longer_lists_is_not_listed_not_closed(mock_site, mock_cli, state_dir):
    from autoreport.store.ledger import ComplaintKey, Ledger

    ledger = Ledger(state_dir / "ledger.sqlite3")
    key = ComplaintKey(f"mock@{mock_site.url}", "seller-report", "trade-rules", "payment-outside-platform",
                       "8000000000000001")
    ledger.mark_submitted(ledger.record_pending(key, "spec.yaml", "abc", "runs/1"), "RP99999999")
    result, (row,) = mock_cli("status")
    assert result.exit_code == 0, result.stderr
    assert (row["site_status"], row["state"]) == ("not listed", "not-listed")
    assert row["next_step"] == \
        "if you withdrew it on the site, take it off the ledger with autoreport forget RP99999999"


@pytest.mark.parametrize(("plan", "expected"), [("single", ["20.00"]), ("split", ["5.00"] * 4)])
def test_coupons_are_claimed_and_recorded(plan, expected, run_on_mock, mock_site, mock_cli):
    mock_site.set_clock("2026-11-27T10:00:00")
    run_on_mock(str(APPEAL))
    mock_site.advance()
    mock_site.advance()
    result, (claimed,) = mock_cli("coupons", "8000000000000002", f"--{plan}")
    assert result.exit_code == 0, result.stderr
    amounts = [coupon["amount"] for coupon in claimed["coupons"]]
    assert amounts == expected and sum(map(Decimal, amounts)) == Decimal("20.00")
    assert claimed["total"] == "20.00"
    assert {coupon["valid_until"] for coupon in claimed["coupons"]} == {"2027-01-27"}
    _, (history,) = mock_cli("status", "--today", "2026-12-01")
    assert (history["next"], history["next_date"]) == ("coupons expire", "2027-01-27")
    assert history["next_step"] is None  # claimed already
    _, (later,) = mock_cli("status", "--today", "2027-01-28")
    assert (later["expired"], later["overdue"]) == (True, False)


def test_coupons_are_chosen_once_and_a_second_choice_says_what_was_chosen(run_on_mock, mock_site, cli):
    mock_site.set_clock("2026-11-27T10:00:00")
    run_on_mock(str(APPEAL))
    mock_site.advance()
    mock_site.advance()
    site = ("--site", "mock", "--base-url", mock_site.url)
    first = cli("coupons", "8000000000000002", "--split", *site)
    assert first.exit_code == 0, first.stderr
    assert first.stdout.splitlines() == ["US $5.00 coupon, valid until 2027-01-27"] * 4 + [
        "total: 4 coupons, US $20.00 in all, valid until 2027-01-27"]
    again = cli("coupons", "8000000000000002", "--single", *site)
    assert again.exit_code == 1
    assert again.stdout == ""  # nothing reads as claimed now
    assert again.stderr.strip().splitlines()[-1] == (
        "error: the coupons of order 8000000000000002 were already chosen, and the site takes one choice: "
        "4 coupons, US $20.00 in all, valid until 2027-01-27")


def test_single_and_split_together_are_refused(cli, mock_site):
    result = cli("coupons", "8000000000000002", "--single", "--split", "--site", "mock", "--base-url", mock_site.url)
    assert result.exit_code == 2
    assert "--single and --split are two choices: give one" in result.stderr


def test_an_order_without_a_dispute_has_no_coupons(mock_site, mock_cli):
    result, _ = mock_cli("coupons", "8000000000000001", "--single")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: order 8000000000000001 has no dispute, so it has no coupons to claim "
        "(coupons come from an accepted complaint about a closed dispute)")


def test_a_rejected_appeal_has_no_coupons(run_on_mock, mock_site, mock_cli, write_spec):
    spec = spec_for(write_spec, APPEAL, "rejected.yaml", order_number="8000000000000003", evidence=[])
    assert run_on_mock(str(spec)).exit_code == 0
    mock_site.advance()
    mock_site.advance()
    result, _ = mock_cli("coupons", "8000000000000003", "--single")
    assert result.exit_code == 1
    assert "was rejected, so there are no coupons" in result.stderr
    assert "dispute-review" in result.stderr


def test_coupons_for_an_order_the_account_does_not_have_fail_at_once(mock_site, mock_cli):
    result, _ = mock_cli("coupons", "8123456789012345", "--single")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: the site shows no dispute for order 8123456789012345 "
        f"({mock_site.url}/p/dispute/detail.html?orderId=8123456789012345 answered 404: "
        "This order was not found in your account.)")


def test_status_without_a_session_needs_a_human(cli, mock_site):
    result = cli("status", "--site", "mock", "--base-url", mock_site.url, "--no-auto-sign-in")
    assert result.exit_code == 3
    assert "sign in with `autoreport login`" in result.stderr
    assert "Traceback" not in result.stderr


def test_status_reads_a_report_in_my_reports_of_each_edition(run_on_mock, mock_site, mock_cli, each_edition):
    spec = each_edition.spec  # the two editions name My Reports' columns differently
    run = run_on_mock(spec)
    assert run.exit_code == 0, run.stderr
    result, (row,) = mock_cli("status")
    assert result.exit_code == 0, result.stderr
    assert row["complaint_number"] == run.only_result["complaint_id"]
    assert (row["site_status"], row["state"]) == ("waiting process", "open")
