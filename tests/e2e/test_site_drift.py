"""A site that changed: a renamed label fails the step in seconds, naming the element and how it was
looked for, with no retry; a site patch repairs it without code; a bad patch stops everything before
a browser starts."""

from __future__ import annotations

import json
from pathlib import Path

from support import EXAMPLES

TRADE_RULES = str(EXAMPLES / "trade-rules.yaml")
RELABELED = {"Order number": "Order ID"}


def receipt_of(run) -> dict:
    return json.loads((Path(run.only_result["output"]) / "receipt.json").read_text())


def test_a_renamed_label_fails_its_step_at_once_naming_the_element(run_on_mock, mock_site):
    mock_site.faults(relabel=RELABELED)
    run = run_on_mock(TRADE_RULES, "--retries", "3")
    assert run.exit_code == 1, run.stderr
    assert run.only_result["error"] == (
        'step fill-order failed: the page shows no element order-number (get_by_label("Order number", '
        'exact=True)); the site may have changed: run autoreport repair')
    steps = {step["name"]: step for step in receipt_of(run)["steps"]}
    assert steps["fill-order"]["status"] == "failed"
    assert steps["fill-order"]["attempts"] == 1  # drift is not retried as if the site were slow
    assert mock_site.submissions() == []


def test_a_site_patch_repairs_it_and_the_receipt_says_so(run_on_mock, mock_site, tmp_path):
    mock_site.faults(relabel=RELABELED)
    patch = tmp_path / "order-id.yaml"
    patch.write_text('site: mock\nelements:\n  order-number: {label: "Order ID"}\n')
    run = run_on_mock(TRADE_RULES, "--site-patch", str(patch))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert received["order_number"] == "8000000000000001"
    assert receipt_of(run)["site_patch"] == [{"entry": "elements.order-number", "file": str(patch)}]
    report = (tmp_path / "runs").glob("report-*.html")
    assert any("elements.order-number" in page.read_text() for page in report)


def test_a_patch_in_the_config_folder_applies_to_every_run_on_its_site(run_on_mock, mock_site, tmp_path):
    mock_site.faults(relabel={"Order number": "Order ID", "Trade Rules": "Trade Rule Violations"})
    folder = tmp_path / "config" / "site-patches"
    folder.mkdir(parents=True)
    (folder / "mock.yaml").write_text('site: mock\nelements:\n  order-number: {role: textbox, name: "Order ID"}\n'
                                      'labels:\n  categories.trade-rules: "Trade Rule Violations"\n')
    run = run_on_mock(TRADE_RULES, env={"AUTOREPORT_CONFIG_DIR": str(tmp_path / "config")})
    assert run.exit_code == 0, run.stderr
    assert len(mock_site.submissions()) == 1
    assert [used["entry"] for used in receipt_of(run)["site_patch"]] == [
        "elements.order-number", "labels.categories.trade-rules"]


def test_a_bad_patch_is_exit_2_with_its_line_and_nothing_starts(run_on_mock, mock_site, tmp_path):
    patch = tmp_path / "bad.yaml"
    patch.write_text("site: mock\nelements:\n  order-numbr: {label: Order ID}\n")
    run = run_on_mock(TRADE_RULES, "--site-patch", str(patch))
    assert run.exit_code == 2
    assert (f"{patch}:3:3: elements.order-numbr: unknown element id 'order-numbr'; did you mean 'order-number'?"
            in run.stderr)
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
    assert mock_site.submissions() == []


def test_a_field_moved_to_another_section_under_a_new_label_is_drift_and_a_patch_follows_it(
        run_on_mock, mock_site, tmp_path):
    mock_site.faults(move=True)
    run = run_on_mock(TRADE_RULES)
    assert run.exit_code == 1, run.stderr
    assert "the page shows no element order-number" in run.only_result["error"]
    assert mock_site.submissions() == []

    patch = tmp_path / "moved.yaml"
    patch.write_text('site: mock\nelements:\n  order-number: {role: textbox, name: "Order ID"}\n')
    run = run_on_mock(TRADE_RULES, "--site-patch", str(patch))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert received["order_number"] == "8000000000000001"


def test_a_renamed_question_names_the_question_not_its_answer(run_on_mock, mock_site):
    mock_site.faults(relabel={"Have you received the goods?": "Did the goods arrive?"})
    run = run_on_mock(TRADE_RULES)
    assert run.exit_code == 1, run.stderr
    assert run.only_result["error"].startswith("step answer-questions failed: the page shows no element question (")
    assert "Have you received the goods?" in run.only_result["error"]
    assert mock_site.submissions() == []
