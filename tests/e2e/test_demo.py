"""`autoreport demo`, the README's first command: an example filed on each edition of an embedded mock."""

from __future__ import annotations

import json
import re


def receipts_in(stdout: str) -> list[dict]:
    """The receipts the demo prints, one JSON object after another."""
    decoder, receipts, at = json.JSONDecoder(), [], stdout.index("{")
    while at < len(stdout):
        receipt, at = decoder.raw_decode(stdout, at)
        receipts.append(receipt)
        while at < len(stdout) and stdout[at].isspace():
            at += 1
    return receipts


def test_the_demo_files_an_example_on_each_edition_and_prints_their_receipts(cli, tmp_path):
    run = cli("demo", "--output", str(tmp_path / "runs"))
    assert run.exit_code == 0, run.stderr
    current, article = receipts_in(run.stdout)
    for receipt in (current, article):
        assert receipt["status"] == "submitted" and re.fullmatch(r"mock@http://127\.0\.0\.1:\d+", receipt["site"])
        assert re.fullmatch(r"\d{12}", receipt["complaint_number"])
        assert "confirmation.png" in receipt["files"]
    assert (current["site_edition"], current["category"], current["reason"]) == (
        "current", "restricted-products", "hazardous-chemicals")
    assert (article["site_edition"], article["category"], article["reason"], article["order_number"]) == \
        ("article", "trade-rules", "payment-outside-platform", "8000000000000001")
    assert [step["status"] for step in article["steps"]] == ["ok"] * 11

    (folder,) = (tmp_path / "runs").glob("*-trade-rules")
    assert json.loads((folder / "receipt.json").read_text()) == article
    (report,) = (tmp_path / "runs").glob("report-*.html")
    assert f"report: {report}" in run.stderr and (tmp_path / "runs" / "index.html").is_file()
    assert f"receipt: {folder / 'receipt.json'}" in run.stderr
