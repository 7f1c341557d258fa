"""Result tables at 80 and 120 columns: numbers, dates and names whole on one line; plain lines and CSV
with every column whatever the width."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import click
import pytest

from autoreport.check_site import FlowCheck, Result, StepCheck, print_checks
from autoreport.check_site_pages import PageCheck, PageResult
from autoreport.filing.result import ComplaintResult, Outcome
from autoreport.tables import chosen_format
from autoreport.terminal import print_results

COMPLAINT = "8123456789012345"
DEEP = Path("/home/buyer/complaints/2026/november/a-seller-who-asked-for-payment-by-bank-transfer")


def results() -> list[ComplaintResult]:
    return [ComplaintResult(DEEP / "trade-rules.yaml", Outcome.SUBMITTED, COMPLAINT, DEEP / "runs" / "one"),
            ComplaintResult(DEEP / "ipr.yaml", Outcome.SKIPPED_DUPLICATE, "8000000000000099", DEEP / "runs" / "two",
                            error="already submitted as 8000000000000099 on 2026-11-27 [see history]")]


def checks() -> list[FlowCheck]:
    return [FlowCheck("trade-rules", [StepCheck("open-report-centre", Result.FOUND),
                                      StepCheck("request-tracking-number", Result.MISSING,
                                                locator='get_by_label("Please provide a tracking number")',
                                                screenshot="/out/trade-rules-10-request-tracking-number-missing.png"),
                                      StepCheck("set-contact")]),
            FlowCheck("dispute-appeal", [StepCheck("open-dispute", Result.NOT_CHECKED)],
                      note="not checked (needs --dispute-order)")]


@pytest.mark.parametrize("width", ["80", "120"])
def test_the_run_summary_keeps_complaint_numbers_and_outcomes_whole(width, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", width)
    print_results(results(), "table")
    lines = capsys.readouterr().out.splitlines()
    assert max(map(len, lines)) <= int(width)
    for whole in (COMPLAINT, "8000000000000099", "skipped-duplicate"):
        assert any(whole in line for line in lines), whole
    assert "[see" in "".join(lines)  # text, not markup


@pytest.mark.parametrize("width", ["80", "120"])
def test_the_site_check_keeps_step_names_whole_and_names_each_locator_on_one_line(width, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", width)
    print_checks(checks(), "table", Path("/out"))
    lines = capsys.readouterr().out.splitlines()
    for whole in ("request-tracking-number", "open-report-centre", "not reached", "dispute-appeal"):
        assert any(whole in line for line in lines), whole
    assert 'trade-rules request-tracking-number: missing: get_by_label("Please provide a tracking number") ' \
           "(screenshot: /out/trade-rules-10-request-tracking-number-missing.png)" in lines


def test_a_narrow_table_names_the_columns_it_left_out(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "80")
    print_checks(checks(), "table", Path("/out"))
    out = capsys.readouterr().out
    assert "left out at 80 columns: screenshot (see --format plain)" in out
    monkeypatch.setenv("COLUMNS", "200")
    print_checks(checks(), "table", Path("/out"))
    assert "left out" not in capsys.readouterr().out


def test_plain_lines_hold_every_column_whole_whatever_the_width(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "40")
    print_results(results(), "plain")
    header, first, second = capsys.readouterr().out.splitlines()
    assert header.split() == ["spec", "status", "complaint", "output", "error"]
    assert first.split()[:4] == [str(DEEP / "trade-rules.yaml"), "submitted", COMPLAINT, str(DEEP / "runs" / "one")]
    assert first.split()[4] == "-"  # an empty cell, so the columns still line up
    assert second.endswith("already submitted as 8000000000000099 on 2026-11-27 [see history]")
    assert first.index(COMPLAINT) == second.index("8000000000000099") == header.index("complaint")


def test_csv_parses_with_every_field_whole(capsys):
    print_results(results(), "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(row["spec"], row["status"], row["complaint_id"]) for row in rows] == [
        (str(DEEP / "trade-rules.yaml"), "submitted", COMPLAINT), (str(DEEP / "ipr.yaml"), "skipped-duplicate",
                                                                   "8000000000000099")]
    assert rows[1]["error"] == "already submitted as 8000000000000099 on 2026-11-27 [see history]"
    print_checks(checks(), "csv", Path("/out"))
    out = capsys.readouterr().out
    checked = list(csv.DictReader(io.StringIO(out)))
    # Every row names its flow; no problem line follows the CSV.
    assert [(row["flow"], row["step"], row["result"]) for row in checked] == [
        ("trade-rules", "open-report-centre", "found"), ("trade-rules", "request-tracking-number", "missing"),
        ("trade-rules", "set-contact", "not reached"), ("dispute-appeal", "", "not checked")]
    assert checked[1]["locator"] == 'get_by_label("Please provide a tracking number")'


def test_json_is_the_format_json_asks_for_and_two_formats_are_refused():
    assert chosen_format("csv") == "csv"
    assert chosen_format(None, as_json=True) == chosen_format("json", as_json=True) == "json"
    assert chosen_format(None) == "plain"  # the tests' stdout is not a terminal
    with pytest.raises(click.UsageError, match="--json and --format csv ask for two formats: give one"):
        chosen_format("csv", as_json=True)


def checks_with_a_differing_page() -> list[FlowCheck]:
    return [FlowCheck("restricted-products",
                      [StepCheck("open-report-centre", Result.FOUND), StepCheck("choose-reason", Result.FOUND),
                       StepCheck("request-tracking-number", Result.NOT_REACHED)],
                      pages=[PageCheck("report-centre", "open-report-centre", PageResult.MATCHES),
                             PageCheck("restricted-products-form", "choose-reason", PageResult.DIFFERS,
                                       first_difference='textbox "Product link"',
                                       screenshot="/out/restricted-products-03-choose-reason-differs.png")])]


def test_a_page_that_differs_is_named_with_its_first_differing_node_and_leaves_names_whole(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "120")
    print_checks(checks_with_a_differing_page(), "table", Path("/out"))
    lines = capsys.readouterr().out.splitlines()
    assert any("restricted-products-form: differs" in line for line in lines)
    assert 'restricted-products restricted-products-form page (at choose-reason): first differing node: ' \
           'textbox "Product link" (screenshot: /out/restricted-products-03-choose-reason-differs.png)' in lines
    # Too narrow for the page column: it is left out, never a flow or a step name cut.
    monkeypatch.setenv("COLUMNS", "80")
    print_checks(checks_with_a_differing_page(), "table", Path("/out"))
    out = capsys.readouterr().out
    assert "left out at 80 columns: screenshot, page (see --format plain)" in out
    assert "request-tracking-number" in out and "restricted-products " in out and "…" not in out
