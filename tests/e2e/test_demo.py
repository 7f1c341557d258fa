"""`autoreport demo`, the README's first command: the Trade Rules example filed on an embedded mock."""

from __future__ import annotations

import json
import re


def test_the_demo_files_the_example_and_prints_its_receipt(cli, tmp_path):
    run = cli("demo", "--output", str(tmp_path / "runs"))
    assert run.exit_code == 0, run.stderr
    receipt = json.loads(run.stdout[run.stdout.index("{"):])
    assert receipt["status"] == "submitted" and re.fullmatch(r"mock@http://127\.0\.0\.1:\d+", receipt["site"])
    assert re.fullmatch(r"\d{12}", receipt["complaint_number"])
    assert (receipt["category"], receipt["reason"], receipt["order_number"]) == \
        ("trade-rules", "payment-outside-platform", "8000000000000001")
    assert [step["status"] for step in receipt["steps"]] == ["ok"] * 11
    assert "confirmation.png" in receipt["files"]

    (folder,) = (tmp_path / "runs").glob("*-trade-rules")
    assert json.loads((folder / "receipt.json").read_text()) == receipt
    (report,) = (tmp_path / "runs").glob("report-*.html")
    assert f"report: {report}" in run.stderr and (tmp_path / "runs" / "index.html").is_file()
    assert f"receipt: {folder / 'receipt.json'}" in run.stderr
