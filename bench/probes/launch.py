"""Time what an `autoreport run` does before its first step, phase by phase, and print the times as
one JSON object: importing Playwright, finding the browser, starting the driver, launching Chromium,
opening a context and a page, closing.

    python bench/probes/launch.py
"""

import json
import time

started = time.perf_counter()
# The imports are timed.
from autoreport.browser.contexts import ContextSettings, new_context  # noqa: E402
from autoreport.browser.discovery import find_browser  # noqa: E402
from autoreport.browser.driver import start_playwright  # noqa: E402

imported = time.perf_counter()
choice = find_browser()
found = time.perf_counter()
playwright = start_playwright().start()
driver_up = time.perf_counter()
browser = playwright.chromium.launch(headless=True, **choice.launch_kwargs())
launched = time.perf_counter()
page = new_context(browser, ContextSettings(locale="en-US")).new_page()
page_ready = time.perf_counter()
browser.close()
playwright.stop()
stopped = time.perf_counter()
print(json.dumps({"import_playwright_s": imported - started, "find_browser_s": found - imported,
                  "playwright_start_s": driver_up - found, "chromium_launch_s": launched - driver_up,
                  "context_and_page_s": page_ready - launched, "close_s": stopped - page_ready,
                  "browser": str(choice.executable), "found_by": choice.found_by}))
