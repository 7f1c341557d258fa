"""Returns & refunds specs: a request for an item line, and the disagreement with the proposed solution."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from autoreport.spec import (
    REFUND_REASONS_NOT_RECEIVED,
    REFUND_REASONS_RECEIVED,
    RefundDisagreement,
    RefundRequest,
    SpecInvalid,
    complaint_key,
    json_schema,
    load_spec,
)

EVIDENCE = Path(__file__).parents[2] / "examples" / "evidence"

REQUEST = {"version": 1, "kind": "refund-request", "order_number": "8000000000000011", "item": 2,
           "received": False, "reason": "still-in-transit", "details": "No movement for five weeks."}
DISAGREEMENT = {"version": 1, "kind": "refund-disagreement", "order_number": "8000000000000011", "item": 2,
                "details": "The proposed solution ignores my photos.", "evidence": ["parcel.jpg"]}


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "parcel.jpg").write_bytes((EVIDENCE / "parcel.jpg").read_bytes())
    return tmp_path


def load(document: dict):
    Path("spec.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
    return load_spec(Path("spec.yaml"))


def problems(document: dict) -> list[str]:
    with pytest.raises(SpecInvalid) as caught:
        load(document)
    return caught.value.lines()


def test_a_request_for_goods_not_received_needs_no_evidence_and_asks_the_full_price_by_default():
    spec = load(REQUEST)
    assert isinstance(spec, RefundRequest)
    assert (spec.item, spec.product, spec.received, spec.refund, spec.amount, spec.evidence) == \
        (2, None, False, "full", None, ())


def test_the_item_is_the_first_when_not_given():
    document = {key: value for key, value in REQUEST.items() if key != "item"}
    assert load(document).item == 1


def test_a_partial_refund_takes_its_amount_in_cents():
    spec = load({**REQUEST, "refund": "partial", "amount": "12.5", "product": "  Travel Adapter "})
    assert (spec.refund, spec.amount, spec.product) == ("partial", Decimal("12.50"), "Travel Adapter")


@pytest.mark.parametrize(("changes", "message"), [
    ({"refund": "partial"}, "spec.yaml:1:1: amount: field required for a partial refund"),
    ({"amount": 3}, "amount: only a partial refund has an amount: remove it, or set `refund: partial`"),
    ({"refund": "partial", "amount": 0}, "amount: must be more than 0, got 0"),
    ({"refund": "partial", "amount": 1.234}, "amount: must have at most 2 decimals (cents), got 1.234"),
    ({"refund": "partial", "amount": "lots"}, "amount: must be an amount in US dollars, e.g. 12.50, got 'lots'"),
    ({"refund": "half"}, "refund: must be 'full' or 'partial', got 'half'"),
    ({"item": 0}, "item: must be at least 1, got 0"),
    ({"item": True}, "item: must be a whole number, got true"),
    ({"item": "2"}, "item: must be a whole number, got '2'"),
    ({"received": "yes"}, "received: must be true or false, got 'yes'"),
    ({"product": "  "}, "product: must not be empty"),
    ({"reason": "damaged"}, "reason: 'damaged' is not a reason for goods not received (it is for goods received: "
                            "check `received`); valid reasons: " + ", ".join(REFUND_REASONS_NOT_RECEIVED)),
    ({"reason": "late"}, "reason: 'late' is not a reason for goods not received; valid reasons: "),
    ({"details": "x" * 1001}, "details: too long: 1001 characters, at most 1000"),
    ({"category": "trade-rules"}, "category: not a field of a refund-request spec"),
])
def test_a_bad_request_says_where_and_what_to_do(changes, message):
    lines = problems({**REQUEST, **changes})
    assert any(message in line for line in lines), lines


def test_goods_received_need_a_reason_of_their_own_and_evidence():
    lines = problems({**REQUEST, "received": True})
    assert any("reason: 'still-in-transit' is not a reason for goods received" in line for line in lines)
    assert any(line.startswith("spec.yaml:1:1: evidence: at least one photo or video is required for goods "
                               "received, as the site asks") for line in lines), lines
    spec = load({**REQUEST, "received": True, "reason": "damaged", "evidence": ["parcel.jpg"]})
    assert spec.reason == "damaged" and [path.name for path in spec.evidence] == ["parcel.jpg"]


def test_a_disagreement_needs_at_least_one_file_and_has_no_reason():
    spec = load(DISAGREEMENT)
    assert isinstance(spec, RefundDisagreement) and spec.item == 2
    assert any("evidence: at least one photo or video is required" in line
               for line in problems({**DISAGREEMENT, "evidence": []}))
    assert any("reason: not a field of a refund-disagreement spec" in line
               for line in problems({**DISAGREEMENT, "reason": "damaged"}))


def test_the_ledger_key_is_the_item_line_whatever_the_reason():
    first, other_reason = load(REQUEST), load({**REQUEST, "reason": "held-at-customs"})
    assert complaint_key(first) == ("refund-request", None, None, "8000000000000011 item 2")
    assert complaint_key(first) == complaint_key(other_reason)
    assert complaint_key(load({**REQUEST, "item": 1})) != complaint_key(first)
    assert complaint_key(load(DISAGREEMENT)) == ("refund-disagreement", None, None, "8000000000000011 item 2")


def test_the_schema_knows_both_kinds_and_every_reason():
    text = str(json_schema())
    for kind in ("refund-request", "refund-disagreement"):
        assert kind in text
    assert all(slug in text for slug in [*REFUND_REASONS_RECEIVED, *REFUND_REASONS_NOT_RECEIVED])
