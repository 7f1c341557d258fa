"""How a page shows that the site is in the way of a flow: its login form (a page of its own, or a modal
over the page) or its anti-bot slider (a page of its own, or an inline dialog). The marks are the live
site's, and the mock copies them; they are detection, not elements a step acts on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from autoreport.errors import NeedsHuman

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# The live site's inline anti-bot dialog (the slider in an iframe over the page); the mock copies it.
CAPTCHA_DIALOG = ".baxia-dialog"
# The account field of the site's login form, on its login page or in its login modal.
LOGIN_FIELD = "#fm-login-id"


class SiteBlocked(NeedsHuman):
    """The site put its login page or its anti-bot slider in the way: a person is needed."""


# What the live site puts in the way of a page, and the mock copies: its login form (#fm-login-id) and
# its anti-bot slider (#nc_1_n1z, or the inline dialog).
BLOCKER_MARKS = (LOGIN_FIELD, "#nc_1_n1z", CAPTCHA_DIALOG)


def blocker_marks(page: Page) -> Locator:
    """The login form or the slider on the page."""
    return page.locator(", ".join(BLOCKER_MARKS))


def unblocked(page: Page, locator: Locator) -> Locator:
    """The locator, matching only while no login form or slider shows: one query of the page tells both
    that the element is there and that nothing is in its way (a call saved, and a snapshot in the trace)."""
    shown = ", ".join(f"{mark}:visible" for mark in BLOCKER_MARKS)
    return page.locator(f"html:not(:has({shown}))").locator(locator)


def stop_if_blocked(page: Page) -> None:
    """SiteBlocked when the page shows the login or the slider (a wait for the page's own element asks
    this at the end of each of its slices)."""
    if blocker_marks(page).filter(visible=True).count():
        raise SiteBlocked(f"the site shows its login page or its anti-bot slider ({page.url}): sign in with "
                          "`autoreport login`, or run with --headed and clear it in the window")
