"""What the hand-off to a person recognises on a page, with a fake page: no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoreport.flow.step import FlowContext
from autoreport.sites.blockers import HumanCheckpoint
from autoreport.sites.profile import ALIEXPRESS, mock_profile

MOCK = mock_profile("http://127.0.0.1:8080")


class FakePage:
    """A page at `url` whose inline slider dialog is shown or not; counts what was asked of it."""

    def __init__(self, url: str, dialog_shown: bool = False):
        self.url = url
        self.dialog_shown = dialog_shown
        self.selectors_asked: list[str] = []

    def locator(self, selector: str):
        self.selectors_asked.append(selector)
        page = self

        class Locator:
            def is_visible(self) -> bool:
                return page.dialog_shown

        return Locator()


def blocker_on(page: FakePage, profile=MOCK) -> str | None:
    return HumanCheckpoint.blocker(FlowContext(page=page, profile=profile, spec=None, run_folder=Path(".")))


@pytest.mark.parametrize(("url", "dialog_shown", "blocker"), [
    ("http://127.0.0.1:8080/login?return_url=%2Fhealth%2FreportIndex.htm", False, "login"),
    ("http://127.0.0.1:8080/_____tmd_____/punish?x5secdata=1", False, "captcha"),
    ("http://127.0.0.1:8080/health/reportIndex.htm", True, "captcha"),
    ("http://127.0.0.1:8080/health/reportIndex.htm", False, None),
])
def test_the_login_page_and_the_slider_are_recognised(url, dialog_shown, blocker):
    assert blocker_on(FakePage(url, dialog_shown)) == blocker


def test_the_live_sites_login_host_is_recognised():
    assert blocker_on(FakePage(ALIEXPRESS.login_url()), profile=ALIEXPRESS) == "login"


def test_a_page_that_has_loaded_nothing_yet_is_not_asked():
    page = FakePage("about:blank", dialog_shown=True)
    assert blocker_on(page) is None
    assert page.selectors_asked == []
