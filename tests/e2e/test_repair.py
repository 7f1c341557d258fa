"""`autoreport repair`: the person points at the element the tool no longer finds (here, the test
clicks it through a second connection to the same browser, as a person would), sees the patch entry as
a diff, and it is written only after their yes; nothing is ever submitted."""

from __future__ import annotations

import json
import time
from pathlib import Path

import yaml
from support import EXAMPLES, devtools_port

TRADE_RULES = str(EXAMPLES / "trade-rules.yaml")


def click_as_a_person(playwright, endpoint: str, url_part: str, field_label: str, run, picked: str) -> None:
    """Connect to the browser the tool drives, and click the field at its place on the screen (the
    tool's picker covers the page, so no locator click: a mouse click where the field is), again until
    the tool says `picked`: a click that came before the picker was ready is not taken."""
    browser = playwright.chromium.connect_over_cdp(endpoint)
    deadline = time.monotonic() + 30
    pages = []
    while not pages and time.monotonic() < deadline:
        pages = [page for context in browser.contexts for page in context.pages if url_part in page.url]
        time.sleep(0.1)
    box = pages[0].get_by_label(field_label, exact=True).bounding_box()
    while time.monotonic() < deadline:
        pages[0].mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        if run.wait_for_line(picked, timeout=2):
            break
    browser.close()  # only this connection: the tool's browser stays


def start_repair(start_tool, mock_site, chromium_with_debugging_port, patch, tmp_path):
    return start_tool("repair", TRADE_RULES, "--site", "mock", "--base-url", mock_site.url, "--cdp-endpoint",
                      chromium_with_debugging_port, "--patch", str(patch), "--output", str(tmp_path / "repair"),
                      answers=True)


def test_repair_writes_the_patch_after_a_pick_and_yes_and_the_run_then_files(
        playwright, start_tool, run_on_mock, mock_site, chromium_with_debugging_port, tmp_path):
    mock_site.faults(relabel={"Order number": "Order ID"})
    patch = tmp_path / "mock.yaml"
    repair = start_repair(start_tool, mock_site, chromium_with_debugging_port, patch, tmp_path)
    repair.wait_for("fill-order: the page shows no element order-number")
    repair.wait_for("Point at the order number field (order-number) in the browser window")
    click_as_a_person(playwright, chromium_with_debugging_port, "reportIndex", "Order ID", repair,
                      "+  order-number: {role: textbox, name: Order ID}")
    repair.wait_for("+  order-number: {role: textbox, name: Order ID}")
    repair.wait_for(f"Write this to {patch}?")
    repair.answer("yes")
    repair.finish()
    assert repair.exit_code == 0, repair.stderr
    assert f"repaired: elements.order-number in {patch}" in repair.stderr
    assert yaml.safe_load(patch.read_text()) == {
        "site": "mock", "elements": {"order-number": {"role": "textbox", "name": "Order ID"}}}
    assert mock_site.submissions() == []  # a repair never submits

    run = run_on_mock(TRADE_RULES, "--site-patch", str(patch))
    assert run.exit_code == 0, run.stderr
    assert len(mock_site.submissions()) == 1


def test_repair_writes_nothing_after_no(playwright, start_tool, mock_site, chromium_with_debugging_port, tmp_path):
    mock_site.faults(relabel={"Order number": "Order ID"})
    patch = tmp_path / "mock.yaml"
    repair = start_repair(start_tool, mock_site, chromium_with_debugging_port, patch, tmp_path)
    repair.wait_for("Point at the order number field (order-number)")
    click_as_a_person(playwright, chromium_with_debugging_port, "reportIndex", "Order ID", repair,
                      f"Write this to {patch}?")
    repair.wait_for(f"Write this to {patch}?")
    repair.answer("no")
    repair.finish()
    assert repair.exit_code == 1
    assert f"elements.order-number was not written; {patch} is unchanged" in repair.stderr
    assert "Traceback" not in repair.stderr
    assert not patch.exists()
    assert mock_site.submissions() == []


def test_repair_on_an_unchanged_site_finds_everything(start_tool, mock_site, chromium_with_debugging_port, tmp_path):
    patch = tmp_path / "mock.yaml"
    repair = start_repair(start_tool, mock_site, chromium_with_debugging_port, patch, tmp_path).finish()
    assert repair.exit_code == 0, repair.stderr
    assert "every element of the form was found: nothing to repair" in repair.stderr
    assert not patch.exists()


def test_the_pause_on_failure_repairs_a_missing_element_when_the_person_points_at_it(
        playwright, interactive_on_mock, mock_site, tmp_path, display):
    mock_site.faults(relabel={"Order number": "Order ID"})
    config = tmp_path / "config"
    run = interactive_on_mock(TRADE_RULES, "--headed", "--pause-on-failure", "--remote-debugging-port", "0",
                              env={"AUTOREPORT_CONFIG_DIR": str(config)})
    run.wait_for("fill-order failed: the page shows no element order-number")
    run.wait_for("p point at the element, R restart from a fresh page")
    run.answer("p")
    run.wait_for("Point at the order number field (order-number)")
    click_as_a_person(playwright, f"http://127.0.0.1:{devtools_port(run.browser_profile())}", "reportIndex",
                      "Order ID", run, "Write this to")
    patch = config / "site-patches" / "mock.yaml"
    run.wait_for(f"Write this to {patch}?")
    run.answer("yes")
    (result,) = run.finish().json_lines()
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert result["complaint_id"] == received["id"] and received["order_number"] == "8000000000000001"
    assert yaml.safe_load(patch.read_text())["elements"] == {"order-number": {"role": "textbox", "name": "Order ID"}}
    receipt = json.loads((Path(result["output"]) / "receipt.json").read_text())
    assert receipt["site_patch"] == [{"entry": "elements.order-number", "file": str(patch)}]
    assert {step["name"]: step["attempts"] for step in receipt["steps"]}["fill-order"] == 2
