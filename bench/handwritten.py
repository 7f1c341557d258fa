"""The floor: what a user would write by hand to file a Trade Rules complaint on the mock, with plain
Playwright and nothing of autoreport. Role and label locators, waits on what the page shows; no
ledger, lock, receipt, screenshot, trace or check of what the site answered.

    python bench/handwritten.py MOCK_URL SPEC          # one complaint, like one `autoreport run`
    python bench/handwritten.py MOCK_URL SPEC SPEC...  # a batch: one browser, a context each
    python bench/handwritten.py --executable-path /usr/bin/chromium MOCK_URL SPEC  # another Chromium

Prints a JSON list: each complaint's number and seconds. It reads the spec files the benchmark
generates (YAML, as `autoreport run` does) only for their order number, answers, text and evidence.
"""

import argparse
import json
import time
from pathlib import Path
from urllib.parse import quote

import yaml
from playwright.sync_api import expect, sync_playwright

REASONS = {"payment-outside-platform": "Payment or refund outside AliExpress"}
CHANNELS = {"aliexpress-messages": "AliExpress messages"}
QUESTIONS = {"order_closed": "Is your order closed?",
             "receipt_confirmed_at_seller_request":
                 "Have you confirmed receipt of the goods because the seller asked you to?",
             "goods_received": "Have you received the goods?"}


def choose(page, dropdown: str, option: str) -> None:
    page.get_by_role("combobox", name=dropdown).click()
    page.get_by_role("option", name=option).click()


def file_complaint(browser, base_url: str, spec_path: Path) -> str:
    spec = yaml.safe_load(spec_path.read_text())
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # The mock signs its demo account in on the way to the report centre.
    page.goto(f"{base_url}/__mock__/sign-in?return_url={quote(base_url + '/health/reportIndex.htm', safe='')}")
    page.get_by_role("radio", name="Trade Rules").check()
    choose(page, "Reason", REASONS[spec["reason"]])
    page.get_by_label("Order number").fill(spec["order_number"])
    for field, question in QUESTIONS.items():
        answer = "Yes" if spec["answers"][field] else "No"
        page.get_by_role("group", name=question).get_by_role("radio", name=answer).check()
    choose(page, "How did the seller contact you about this?", CHANNELS[spec["seller_contact_channel"]])
    page.get_by_role("textbox", name="Describe what happened").fill(spec["details"])
    evidence = [spec_path.parent / name for name in spec["evidence"]]
    page.get_by_label("Photo or video evidence").set_input_files(evidence)
    uploaded = page.get_by_role("list", name="Uploaded evidence").get_by_role("listitem")
    for path in evidence:  # landed: its thumbnail shows
        expect(uploaded.filter(has_text=path.name).get_by_role("img")).to_be_visible()
    page.get_by_label("Claim having sent goods and provide a valid tracking number") \
        .set_checked(spec["request_tracking_number"])
    page.get_by_role("button", name="Add a complaint").click()
    expect(page.get_by_role("heading", name="Report submitted")).to_be_visible()
    number = page.locator("#complaint-number").inner_text().strip()
    context.close()
    return number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--executable-path", help="the Chromium to launch (default: Playwright's own)")
    parser.add_argument("base_url")
    parser.add_argument("specs", nargs="+", type=Path)
    args = parser.parse_args()
    complaints = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.executable_path)
        for path in args.specs:
            started = time.perf_counter()
            number = file_complaint(browser, args.base_url.rstrip("/"), path)
            complaints.append({"complaint_number": number, "seconds": time.perf_counter() - started,
                               "read_at": time.time()})
        browser.close()
    print(json.dumps(complaints))


if __name__ == "__main__":
    main()
