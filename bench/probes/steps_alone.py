"""The flow's own steps and nothing else, complaint after complaint in one warm browser: no runner,
hooks, ledger, receipt, screenshot or trace. No batch can file a complaint faster than this.
Prints a JSON list: each complaint's number and seconds.

    python bench/probes/steps_alone.py MOCK_URL SPEC...
"""

import json
import sys
import time
from pathlib import Path

from autoreport.browser.contexts import new_context
from autoreport.browser.discovery import find_browser
from autoreport.browser.driver import start_playwright
from autoreport.filing.spec_file import SpecFile
from autoreport.flow.step import FlowContext
from autoreport.sites.flows import flow_for
from autoreport.sites.pages import dismiss_obstacles_when_they_appear
from autoreport.sites.profile import mock_profile

base_url, *spec_paths = sys.argv[1:]
profile = mock_profile(base_url)
playwright = start_playwright().start()
browser = playwright.chromium.launch(headless=True, **find_browser().launch_kwargs())
complaints = []
for path in map(Path, spec_paths):
    spec = SpecFile.load(path).spec
    started = time.perf_counter()
    context = new_context(browser, profile.context_settings())
    page = context.new_page()
    dismiss_obstacles_when_they_appear(page, profile)
    ctx = FlowContext(page=page, profile=profile, spec=spec, run_folder=path.parent, wait_timeout_s=30,
                      evidence=list(spec.evidence))
    for step in flow_for(spec).steps(dry_run=False):
        step.action(ctx)
    context.close()
    complaints.append({"complaint_number": ctx.complaint_number, "seconds": time.perf_counter() - started})
browser.close()
playwright.stop()
print(json.dumps(complaints))
