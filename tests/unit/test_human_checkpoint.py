"""What the hand-off to a person recognises on a page, with a fake page: no browser."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoreport.flow.step import FlowContext
from autoreport.sites.blockers import HumanCheckpoint
from autoreport.sites.profile import ALIEXPRESS, mock_profile

MOCK = mock_profile("http://127.0.0.1:8080")


SLIDER_DIALOG, LOGIN_MODAL = ".baxia-dialog", "#batman-dialog-wrap"  # today's site, the profiles' first edition


class FakeLocator:
    """The elements of some selectors of a FakePage: visible are those the page shows."""

    def __init__(self, page: FakePage, selectors: tuple[str, ...], visible_only: bool = False):
        self.page, self.selectors, self.visible_only = page, selectors, visible_only

    def or_(self, other: FakeLocator) -> FakeLocator:
        return FakeLocator(self.page, self.selectors + other.selectors, self.visible_only)

    def filter(self, *, visible: bool) -> FakeLocator:
        return FakeLocator(self.page, self.selectors, visible_only=visible)

    def count(self) -> int:
        assert self.visible_only, "the hand-off only counts visible elements"
        self.page.queries += 1
        return sum(selector in self.page.shown for selector in self.selectors)


class FakePage:
    """A page at `url` showing the elements of the selectors given; counts what was asked of it."""

    def __init__(self, url: str, *shown: str):
        self.url = url
        self.shown = shown
        self.queries = 0

    def locator(self, selector: str) -> FakeLocator:
        return FakeLocator(self, (selector,))


def blocker_on(page: FakePage, profile=MOCK) -> str | None:
    return HumanCheckpoint.blocker(FlowContext(page=page, profile=profile, spec=None, run_folder=Path(".")))


@pytest.mark.parametrize(("url", "shown", "blocker"), [
    ("http://127.0.0.1:8080/login?return_url=%2Fhealth%2FreportIndex.htm", (), "login"),
    # Today's site answers a signed-out visitor at the address asked for, with its login modal open.
    ("http://127.0.0.1:8080/health/myReports.htm", (LOGIN_MODAL,), "login"),
    ("http://127.0.0.1:8080/_____tmd_____/punish?x5secdata=1", (), "captcha"),
    ("http://127.0.0.1:8080/health/reportIndex.htm", (SLIDER_DIALOG,), "captcha"),
    ("http://127.0.0.1:8080/health/reportIndex.htm", (), None),
])
def test_the_login_and_the_slider_are_recognised(url, shown, blocker):
    assert blocker_on(FakePage(url, *shown)) == blocker


def test_a_page_with_nothing_in_the_way_is_asked_once():
    page = FakePage("http://127.0.0.1:8080/health/reportIndex.htm")
    assert blocker_on(page) is None
    assert page.queries == 1


def test_the_live_sites_login_host_is_recognised():
    assert blocker_on(FakePage(ALIEXPRESS.login_url()), profile=ALIEXPRESS) == "login"


def test_a_page_that_has_loaded_nothing_yet_is_not_asked():
    page = FakePage("about:blank", SLIDER_DIALOG, LOGIN_MODAL)
    assert blocker_on(page) is None
    assert page.queries == 0
