"""Every shipped example is a valid spec, and together they cover every kind and category."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoreport.spec import (
    SELLER_REPORT_CATEGORIES,
    DisputeAppeal,
    DisputeReview,
    IprComplaint,
    RefundDisagreement,
    RefundRequest,
    SellerReport,
    complaint_key,
    load_spec,
)

EXAMPLES = Path(__file__).parents[2] / "examples"
SPECS = sorted([*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*.json")])


@pytest.mark.parametrize("path", SPECS, ids=lambda path: path.name)
def test_example_is_valid(path: Path) -> None:
    spec = load_spec(path)
    assert spec.source == path.absolute()
    for evidence in getattr(spec, "evidence", ()):
        assert evidence.is_absolute() and evidence.is_file()


@pytest.mark.parametrize("path", [path for path in SPECS if path.suffix == ".yaml"], ids=lambda path: path.name)
def test_yaml_examples_point_editors_at_the_schema(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../autoreport.schema.json"


def test_examples_cover_every_kind_and_seller_report_category() -> None:
    specs = [load_spec(path) for path in SPECS]
    assert {spec.category for spec in specs if isinstance(spec, SellerReport)} == set(SELLER_REPORT_CATEGORIES)
    assert any(isinstance(spec, DisputeAppeal) for spec in specs)
    assert any(isinstance(spec, DisputeReview) for spec in specs)
    assert any(isinstance(spec, RefundRequest) for spec in specs)
    assert any(isinstance(spec, RefundDisagreement) for spec in specs)
    assert any(isinstance(spec, IprComplaint) and spec.listings_file for spec in specs)
    assert any(path.suffix == ".json" for path in SPECS)


def test_the_demo_complaint() -> None:
    spec = load_spec(EXAMPLES / "trade-rules.yaml")
    assert isinstance(spec, SellerReport)
    assert complaint_key(spec) == (
        "seller-report", "trade-rules", "payment-outside-platform", "8000000000000001"
    )
    assert len(spec.evidence) == 2


def test_dispute_examples_use_their_demo_orders() -> None:
    assert load_spec(EXAMPLES / "dispute-appeal.yaml").order_number == "8000000000000002"
    assert load_spec(EXAMPLES / "dispute-review.yaml").order_number == "8000000000000003"


def test_evidence_stays_small() -> None:
    total = sum(path.stat().st_size for path in (EXAMPLES / "evidence").iterdir())
    assert total < 100 * 1024
