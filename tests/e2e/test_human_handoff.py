"""Where only a person may act: signing in, the anti-bot slider, an expired session.

Headless, the tool stops with exit 3; in a visible browser it waits while the person (here, the
test, connected to the same browser) does it, then carries on and submits exactly once.
"""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest
from support import devtools_port
from tool_run import ToolRun


def attach_to(playwright, run: ToolRun):
    """Connect to the tool's browser through the debugging port it chose (the tool passed it
    --remote-debugging-port=0)."""
    return playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{devtools_port(run.browser_profile())}")


def page_at(browser, fragment: str, timeout: float = 30):
    """The tool's page once it shows the URL; polled, as the page belongs to another process."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for context in browser.contexts:
            for page in context.pages:
                if fragment in page.url:
                    return page
        time.sleep(0.1)
    raise AssertionError(f"no page at {fragment!r}")


def sign_in_as_a_person(page, mock_site) -> None:
    page.locator("#fm-login-id").fill("buyer@example.com")
    page.locator("#fm-login-password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()


def slide_as_a_person(page, widget=None) -> None:
    """Drag the slider's handle to the end of its track with the mouse; widget is the frame holding it."""
    widget = widget or page
    handle = widget.locator("#nc_1_n1z").bounding_box()
    track = widget.locator("#nc_1_n1t").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] - 2, handle["y"] + handle["height"] / 2, steps=15)
    page.mouse.up()


@pytest.fixture
def visible_run(start_tool, display):
    def start(*args: str) -> ToolRun:
        return start_tool(*args, "--json", answers=True)

    return start


def sign_in_through_the_modal(page) -> None:
    """Today's site: the login modal over the page, email, Continue, then password."""
    dialog = page.get_by_role("dialog", name="Sign in")
    dialog.locator("#fm-login-id").fill("buyer@example.com")
    dialog.get_by_role("button", name="Continue").click()
    dialog.locator("#fm-login-password").fill("demo-password")
    dialog.get_by_role("button", name="Sign in").click()


def test_login_waits_for_the_person_and_saves_a_private_session(visible_run, playwright, mock_site, tmp_path,
                                                                 run_on_mock, cli, each_edition):
    edition, spec = each_edition.name, each_edition.spec
    session = tmp_path / "session.json"
    login = visible_run("login", "--site", "mock", "--base-url", mock_site.url, "--storage-state", str(session),
                        "--remote-debugging-port", "0")
    login.wait_for("Sign in to mock in the browser window")
    browser = attach_to(playwright, login)
    if edition == "article":
        sign_in_as_a_person(page_at(browser, "/login"), mock_site)
    else:
        sign_in_through_the_modal(page_at(browser, "/login"))
    login.finish()
    assert login.exit_code == 0, login.stderr
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    assert "demo-password" not in session.read_text()

    check = cli("login", "--check", "--site", "mock", "--base-url", mock_site.url, "--storage-state", str(session))
    assert check.exit_code == 0 and "works" in check.stdout

    run = run_on_mock(spec, "--no-auto-sign-in", "--storage-state", str(session))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert run.only_result["complaint_id"] == received["id"]

    mock_site.reset()  # drops every session on the site
    check = cli("login", "--check", "--site", "mock", "--base-url", mock_site.url, "--storage-state", str(session))
    assert check.exit_code == 3 and "does not work" in check.stdout


@pytest.mark.parametrize("fault", [{"captcha": True}, {"captcha": "inline"}, {"session_expired": True}])
def test_headless_stops_for_a_person_with_exit_3(fault, run_on_mock, mock_site, each_edition):
    mock_site.faults(**fault)
    run = run_on_mock(each_edition.spec)
    assert run.exit_code == 3, run.stderr
    result = run.only_result
    assert result["status"] == "needs-human"
    assert ("--headed" in result["error"]) and ("slider" in result["error"] or "sign in" in result["error"])
    # The look on the site before filing meets the blocker first; a picture of it is kept.
    assert (Path(result["output"]) / "00-look-up-failed.png").is_file()
    assert mock_site.submissions() == []


@pytest.fixture
def headed_run(visible_run, playwright, mock_site, tmp_path, each_edition):
    """A visible `run` of each edition's spec, and the test attached to its browser once the tool has said
    `prompt` (what the person must do in the window)."""

    def start(prompt: str):
        run = visible_run("run", each_edition.spec, "--headed", "--site", "mock", "--base-url", mock_site.url,
                          "--output", str(tmp_path / "runs"), "--remote-debugging-port", "0")
        run.wait_for(prompt)
        return run, attach_to(playwright, run)

    return start


def finished_with_one_submission(run, mock_site) -> None:
    run.wait_for("Thank you: carrying on.")
    results = run.finish().json_lines()
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert results[0]["status"] == "submitted" and results[0]["complaint_id"] == received["id"]


@pytest.mark.parametrize("mode", [True, "inline"])
def test_visible_run_waits_while_the_person_slides_then_submits_once(mode, headed_run, mock_site):
    mock_site.faults(captcha=mode)
    run, browser = headed_run("slide it in the browser window")
    # The first page of the run, My Reports (is it filed already?), is where the slider meets the person.
    page = page_at(browser, "/_____tmd_____/punish" if mode is True else "/health/myReports.htm")
    slide_as_a_person(page, None if mode is True else page.frame_locator("#baxia-dialog-content"))
    finished_with_one_submission(run, mock_site)


def test_visible_run_waits_while_the_person_signs_in_again(headed_run, mock_site, each_edition):
    mock_site.faults(session_expired=True)
    run, browser = headed_run("sign in in the browser window")
    if each_edition.name == "article":
        sign_in_as_a_person(page_at(browser, "/login"), mock_site)
    else:  # the login modal over My Reports, the run's first page, at its own address
        sign_in_through_the_modal(page_at(browser, "/health/myReports.htm"))
    finished_with_one_submission(run, mock_site)
