"""The discovered browser, driven through pytest-playwright's fixtures, loads a page and fills a form."""

from __future__ import annotations

from playwright.sync_api import expect


def test_page_loads_and_form_fills(page, tmp_path):
    form = tmp_path / "form.html"
    form.write_text("""<!doctype html><title>Form</title><h1>Contact</h1>
        <form><label for="email">Email</label><input id="email" name="email">
        <label><input type="checkbox" name="agree"> I agree</label></form>""")
    page.goto(form.as_uri())
    expect(page.get_by_role("heading", name="Contact")).to_be_visible()
    page.get_by_label("Email").fill("buyer@example.com")
    page.get_by_label("I agree").check()
    assert page.get_by_label("Email").input_value() == "buyer@example.com"
    assert page.get_by_label("I agree").is_checked()
