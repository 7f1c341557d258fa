"""The committed JSON Schema is the one the code generates."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from autoreport.cli import cli
from autoreport.spec import json_schema

SCHEMA_FILE = Path(__file__).parents[2] / "autoreport.schema.json"


def test_committed_schema_is_up_to_date() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), (
        "autoreport.schema.json is out of date; regenerate it with: "
        "autoreport schema > autoreport.schema.json"
    )


def test_schema_command_prints_the_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == json_schema()


def test_schema_describes_every_kind() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["discriminator"]["propertyName"] == "kind"
    assert set(schema["discriminator"]["mapping"]) == {"seller-report", "dispute-appeal", "dispute-review",
                                                         "refund-request", "refund-disagreement", "ipr-complaint"}


def test_schema_ties_reasons_and_fields_to_each_category() -> None:
    rules = json_schema()["$defs"]["SellerReport"]["allOf"]
    by_category = {rule["if"]["properties"]["category"]["const"]: rule["then"] for rule in rules}
    trade_rules = by_category["trade-rules"]
    assert "payment-outside-platform" in trade_rules["properties"]["reason"]["enum"]
    assert trade_rules["required"] == ["answers", "order_number", "seller_contact_channel"]
    assert trade_rules["properties"]["brand"] is False
    assert by_category["ipr-protection"]["required"] == ["brand", "product_url"]
