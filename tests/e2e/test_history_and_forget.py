"""`history` with its filters and the coupons claimed, and `forget` for a complaint withdrawn on the site."""

from __future__ import annotations

import json

import pytest

from autoreport.store.ledger import ComplaintKey, Ledger

COUPONS = [{"amount": "5.00", "valid_until": "2027-01-27"}] * 4


@pytest.fixture
def ledger(state_dir) -> Ledger:
    """A ledger of three complaints: a live report, a mock appeal with coupons, a mock review."""
    ledger = Ledger(state_dir / "ledger.sqlite3")
    filed = [(ComplaintKey("aliexpress", "seller-report", "trade-rules", "payment-outside-platform",
                           "8000000000000001"), "100000000001", "2026-10-01T09:00:00+00:00"),
             (ComplaintKey("mock", "dispute-appeal", "dispute-decision", None, "8000000000000002"),
              "200000000002", "2026-11-05T09:00:00+00:00"),
             (ComplaintKey("mock", "dispute-review", None, None, "8000000000000003"),
              "300000000003", "2026-11-20T09:00:00+00:00")]
    for key, number, submitted_at in filed:
        ledger.mark_submitted(ledger.record_pending(key, "spec.yaml", "abc", "runs/1"), number, submitted_at)
    appeal = next(e for e in ledger.entries() if e.complaint_number == "200000000002")
    ledger.update_site_status(appeal.id, "decision made", json.dumps({"outcome": "accepted", "coupons": COUPONS}))
    return ledger


def numbers(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [row["complaint_number"] for row in result.json_lines()]


def test_history_filters_by_site_date_and_kind(ledger, cli):
    assert numbers(cli("history", "--json")) == ["100000000001", "200000000002", "300000000003"]
    assert numbers(cli("history", "--json", "--site", "mock")) == ["200000000002", "300000000003"]
    assert numbers(cli("history", "--json", "--since", "2026-11-05")) == ["200000000002", "300000000003"]
    assert numbers(cli("history", "--json", "--kind", "dispute-review")) == ["300000000003"]
    assert numbers(cli("history", "--json", "--site", "aliexpress", "--since", "2026-11-01")) == []


def test_history_refuses_a_date_that_is_not_one(ledger, cli):
    result = cli("history", "--since", "last week")
    assert result.exit_code == 2
    assert "--since" in result.stderr and "Traceback" not in result.stderr


def test_history_shows_the_coupons_claimed(ledger, cli):
    rows = {row["complaint_number"]: row for row in cli("history", "--json").json_lines()}
    assert rows["200000000002"]["coupons"] == COUPONS and rows["100000000001"]["coupons"] == []
    table = cli("history", env={"COLUMNS": "400"})
    assert "4 x US $5.00 until 2027-01-27" in table.stdout


def test_forget_asks_then_removes_the_complaint(ledger, cli):
    kept = cli("forget", "200000000002", stdin="n\n")
    assert kept.exit_code == 0 and "Kept." in kept.stderr
    assert "mock dispute-appeal about 8000000000000002" in kept.stderr
    assert "200000000002" in numbers(cli("history", "--json"))
    forgotten = cli("forget", "200000000002", stdin="y\n")
    assert forgotten.exit_code == 0, forgotten.stderr
    assert "Forgot complaint 200000000002." in forgotten.stderr
    assert numbers(cli("history", "--json")) == ["100000000001", "300000000003"]


def test_forget_yes_skips_the_question(ledger, cli):
    result = cli("forget", "300000000003", "--yes")
    assert result.exit_code == 0 and "Forget it?" not in result.stderr
    assert numbers(cli("history", "--json")) == ["100000000001", "200000000002"]


@pytest.mark.parametrize("with_ledger", [True, False])
def test_forget_an_unknown_number_fails(with_ledger, request, cli):
    if with_ledger:
        request.getfixturevalue("ledger")
    result = cli("forget", "999999999999", "--yes")
    assert result.exit_code == 1
    assert result.stderr.strip() == \
        "error: the ledger has no complaint 999999999999; `autoreport history` lists them"
