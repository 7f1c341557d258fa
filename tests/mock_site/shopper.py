"""How the tests drive the mock marketplace: a signed-in HTTP session, sample evidence files,
and the report centre's widgets used as a person uses them."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import requests
from PIL import Image
from playwright.sync_api import Locator, Page, expect


def signed_in_session(site_url: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{site_url}/__mock__/sign-in", timeout=10).raise_for_status()
    return session


@dataclass(frozen=True)
class SampleFile:
    name: str
    mime_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    def payload(self) -> dict:
        """What Page.set_input_files takes."""
        return {"name": self.name, "mimeType": self.mime_type, "buffer": self.data}


def png(name: str = "photo.png", colour: str = "red") -> SampleFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="PNG")
    return SampleFile(name, "image/png", buffer.getvalue())


def mp4(name: str = "clip.mp4", size: int = 4096) -> SampleFile:
    header = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    return SampleFile(name, "video/mp4", header + b"\x00" * (size - len(header)))


def text_file(name: str = "notes.txt") -> SampleFile:
    return SampleFile(name, "text/plain", b"Just some notes, not a photo.\n")


def oversized_png(name: str = "huge.png") -> SampleFile:
    """Judged by content a PNG, and one byte over the 3 MB limit for photos."""
    signature = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    return SampleFile(name, "image/png", signature + b"\x00" * (3 * 1024 * 1024 + 1 - len(signature)))


# --- the report centre, driven as a person does -----------------------------------------------
def open_report_centre(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}/health/reportIndex.htm")
    expect(page.get_by_role("heading", name="Submit a Report", level=1)).to_be_visible()


def choose_from_dropdown(page: Page, name: str, option: str) -> None:
    combobox = page.get_by_role("combobox", name=name, exact=True)
    combobox.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(combobox).to_contain_text(option)


def choose_cause_and_reason(page: Page, category: str, reason: str) -> None:
    page.get_by_role("radiogroup", name="Choose the cause of the complaint") \
        .get_by_role("radio", name=category, exact=True).check()
    choose_from_dropdown(page, "Reason", reason)
    expect(add_complaint_button(page)).to_be_visible()


def add_complaint_button(page: Page) -> Locator:
    return page.get_by_role("button", name="Add a complaint", exact=True)


def uploaded_evidence(page: Page) -> Locator:
    return page.get_by_role("list", name="Uploaded evidence")


def upload(page: Page, *files: SampleFile) -> None:
    page.get_by_label("Photo or video evidence", exact=True).set_input_files([f.payload() for f in files])


def expect_uploaded(page: Page, *files: SampleFile) -> None:
    for sample in files:
        item = uploaded_evidence(page).get_by_role("listitem").filter(has_text=sample.name)
        expect(item.get_by_role("img")).to_be_visible()
        expect(item.locator('input[name="evidence_id"]')).to_have_count(1)


def fill_trade_rules(page: Page, order_number: str = "8000000000000001",
                     details: str = "The seller asked me to pay outside AliExpress.") -> None:
    choose_cause_and_reason(page, "Trade Rules", "Payment or refund outside AliExpress")
    answer_trade_rules(page, order_number, details)


def answer_trade_rules(page: Page, order_number: str, details: str, order_label: str = "Order number") -> None:
    """Fill the Trade Rules form once it is there: no, yes, no; contacted by messenger."""
    page.get_by_label(order_label, exact=True).fill(order_number)
    for question, answer in (("Is your order closed?", "No"),
                             ("Have you confirmed receipt of the goods because the seller asked you to?", "Yes"),
                             ("Have you received the goods?", "No")):
        page.get_by_role("group", name=question, exact=True).get_by_role("radio", name=answer, exact=True).check()
    choose_from_dropdown(page, "How did the seller contact you about this?", "Messenger app")
    page.get_by_label("Describe what happened", exact=True).fill(details)


def form_alert(page: Page) -> Locator:
    return page.locator("form").get_by_role("alert").first


def drag_slider(page: Page, handle: Locator, track: Locator, fraction: float) -> None:
    """Drag the captcha handle along a fraction of the track with the mouse, as a person would."""
    handle_box, track_box = handle.bounding_box(), track.bounding_box()
    start_x = handle_box["x"] + handle_box["width"] / 2
    y = handle_box["y"] + handle_box["height"] / 2
    page.mouse.move(start_x, y)
    page.mouse.down()
    page.mouse.move(start_x + (track_box["width"] - handle_box["width"]) * fraction + (8 if fraction >= 1 else 0),
                    y, steps=12)
    page.mouse.up()


# --- the current edition's report centre ---------------------------------------------------------
def open_card(page: Page, site_url: str, card: str) -> Locator:
    """Open the report centre, press the card's own Submit a Report button; the card's form, once there."""
    page.goto(f"{site_url}/health/reportIndex.htm")
    page.get_by_role("region", name=card, exact=True).get_by_role("button", name="Submit a Report").click()
    form = page.get_by_role("region", name=f"{card}: details", exact=True)
    expect(form).to_be_visible()
    return form


def fill_product_report(form: Locator, product_url: str, details: str, brand: str | None = None) -> None:
    form.get_by_label("Product link", exact=True).fill(product_url)
    if brand is not None:
        form.get_by_label("Brand name", exact=True).fill(brand)
    form.get_by_label("Description", exact=True).fill(details)


def submit_card_report(page: Page) -> str:
    """Submit the card's form; the complaint number the confirmation shows."""
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_role("heading", name="Report submitted", level=1)).to_be_visible()
    return page.locator("#complaint-number").inner_text()
