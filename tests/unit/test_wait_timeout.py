"""The wait timeout is a value carried with the flow: a page object waits as long as it is told,
not Playwright's default of 5 s, nor a setting some earlier run left in the process."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

from autoreport.flow.step import FlowContext
from autoreport.sites.elements import PageElements, elements_of
from autoreport.sites.knowledge import site_knowledge
from autoreport.sites.pages import CustomDropdown, read_complaint_number
from autoreport.sites.profile import mock_profile

SRC = Path(__file__).parents[2] / "src"

# A dropdown whose script never shows the choice made.
STUCK_DROPDOWN = """
<button role="combobox" aria-label="Reason">Choose a reason</button>
<ul role="listbox"><li role="option">The seller asked me to pay outside AliExpress</li></ul>
"""


def test_a_page_object_waits_as_long_as_it_is_told(page: Page):
    page.set_content(STUCK_DROPDOWN)
    dropdown = CustomDropdown(PageElements(page, site_knowledge("mock", edition="article")), "reason",
                              "reason-option", timeout_s=0.3)
    with pytest.raises(AssertionError, match="with timeout 300ms"):
        dropdown.choose("The seller asked me to pay outside AliExpress")


def test_a_step_waits_as_long_as_its_flow_says(page: Page, tmp_path):
    page.set_content("<h1>Something else</h1>")
    ctx = FlowContext(page=page, profile=mock_profile("http://127.0.0.1:1"), spec=None, run_folder=tmp_path,
                      wait_timeout_s=0.4)
    with pytest.raises(AssertionError) as waited:
        read_complaint_number(elements_of(ctx), "report-submitted-heading", ctx.wait_timeout_s)
    # It waits in slices, the last one what is left of the flow's 0.4 s.
    slice_ms = float(re.search(r"with timeout ([\d.]+)ms", str(waited.value)).group(1))
    assert 0 < slice_ms <= 400


def test_nothing_sets_playwrights_process_wide_expect_options():
    calls = [f"{path.relative_to(SRC)}:{node.lineno}" for path in SRC.rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Attribute) and node.attr == "set_options"]
    assert calls == []
