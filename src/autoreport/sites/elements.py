"""The elements of a page, found as the site's knowledge says. An element a step needs that does not
show within the element wait is drift, not a slow site: the step fails at once, naming the element and
how it was looked for, and is not retried."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from autoreport.errors import AutoreportError, SiteUnavailable
from autoreport.flow.step import DEFAULT_ELEMENT_WAIT_S, FlowContext
from autoreport.sites.blocked import stop_if_blocked, unblocked
from autoreport.sites.knowledge import CHOICE

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

    from autoreport.sites.knowledge import SiteKnowledge

# Where a flow keeps the site-patch entries it relied on (`elements.order-number`), for its receipt.
PATCH_ENTRIES_USED = "patch_entries_used"
# Where a flow keeps the edition of the site it recognised on a page, for its receipt.
EDITION = "site_edition"

# Playwright's polling backs off to half-second steps on long waits but keeps steps under a fifth
# of the timeout: waiting in one-second slices notices content a script adds ~0.25 s sooner.
WAIT_SLICE_S = 1.0


class SiteChanged(AutoreportError):
    """The page does not show an element a step needs: the site has most likely changed. Waiting
    longer or trying again would only repeat the same wait; a site patch (`autoreport repair`) fixes it."""

    def __init__(self, element_id: str, locator: str, what: str, choice: str | None = None):
        self.element_id, self.locator, self.what, self.choice = element_id, locator, what, choice
        super().__init__(f"the page shows no element {element_id} ({locator}); the site may have changed: "
                         "run autoreport repair")


def wait_visible(locator: Locator, timeout_s: float, *, after_each_slice: Callable[[], None] | None = None) -> None:
    """Wait until the locator is visible, checking promptly, for up to timeout_s; after_each_slice, when
    given, is called each time a slice of the wait ends with the locator not visible."""
    from playwright.sync_api import expect

    deadline = time.monotonic() + timeout_s
    while True:
        remaining = deadline - time.monotonic()
        try:
            expect(locator).to_be_visible(timeout=max(min(WAIT_SLICE_S, remaining), 0.001) * 1000)
            return
        except AssertionError:
            if after_each_slice is not None:
                after_each_slice()
            if time.monotonic() >= deadline:
                raise


# The status the page's own document was answered with (0 while the page is between documents).
DOCUMENT_STATUS = "() => performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0"


def stop_if_server_error(page: Page) -> None:
    """A document the site answered with a server error never shows what a step waits for: known at
    the end of a slice instead of the timeout. A page a script moved to shows no error to its script
    (a form sent by script, then a redirect), so only the document itself can tell."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        status = page.evaluate(DOCUMENT_STATUS)
    except PlaywrightError:  # the page is on its way to another document
        return
    if status >= 500:
        raise SiteUnavailable(f"the site answered {status} for {page.url}")


def wait_unblocked(page: Page, locator: Locator, timeout_s: float) -> None:
    """Wait until the locator is visible with no login form or slider on the page: one call when the
    page is as expected. A login form or slider is SiteBlocked, and a server error page SiteUnavailable,
    known at the end of the wait's slice it showed in; the locator not shown within timeout_s is an
    AssertionError."""
    def stop_if_not_coming() -> None:
        stop_if_blocked(page)
        stop_if_server_error(page)

    wait_visible(unblocked(page, locator).first, timeout_s, after_each_slice=stop_if_not_coming)


class PageElements:
    """A page's elements by id. `used` collects the patch entries the run relied on, for its receipt."""

    def __init__(self, page: Page, knowledge: SiteKnowledge, timeout_s: float = DEFAULT_ELEMENT_WAIT_S,
                 used: set[str] | None = None):
        self.page, self.knowledge, self.timeout_s = page, knowledge, timeout_s
        self.used = used if used is not None else set()

    def find(self, element_id: str, *, choice: str | None = None, within: Locator | None = None) -> Locator:
        """The element's locator (nothing is waited for). `choice` fills the `{choice}` of its name;
        `within` narrows it to a part of the page the caller found."""
        element = self.knowledge.element(element_id)
        self.note_use(f"elements.{element_id}")
        if within is None:  # a container named by the choice too: the card of a category
            within = self.find(element.within, choice=choice) if element.within else self.page
        if element.css is not None:
            return within.locator(element.css)
        if element.role is not None:
            if element.name is None:
                return within.get_by_role(element.role)  # type: ignore[arg-type]
            return within.get_by_role(element.role, **name_match(element.name, choice, element.exact))  # type: ignore[arg-type]
        if element.label is not None:
            return within.get_by_label(**text_match(element.label, choice, element.exact))
        return within.get_by_text(**text_match(element.text or "", choice, element.exact))

    def need(self, element_id: str, *, choice: str | None = None, within: Locator | None = None,
             timeout_s: float | None = None) -> Locator:
        """The element, once it shows (a hidden file input: once it is there); SiteChanged when it does
        not within the element wait (or timeout_s: a page still loading, a form the site renders late).
        A login page or slider shown instead is the site's, not drift: SiteBlocked."""
        timeout_s = self.timeout_s if timeout_s is None else timeout_s
        found = self.find(element_id, choice=choice, within=within)
        try:
            if self.knowledge.element(element_id).kind == "file":
                from playwright.sync_api import expect

                expect(found.first).to_be_attached(timeout=timeout_s * 1000)
            else:
                wait_unblocked(self.page, found, timeout_s)
        except AssertionError:
            raise self.changed(element_id, choice) from None
        return found

    def changed(self, element_id: str, choice: str | None = None) -> SiteChanged:
        """The error of a page that lacks the element: its id, how it was looked for, what it is."""
        what = self.knowledge.element(element_id).what.replace(CHOICE, choice or "")
        return SiteChanged(element_id, self.knowledge.described(element_id, choice), what, choice)

    def choose(self, element_id: str, choice: str) -> None:
        """Make a choice: a radio or checkbox is checked, a button (a card's) is clicked."""
        found = self.need(element_id, choice=choice)
        if self.knowledge.element(element_id).kind == "choice":
            found.check()
        else:
            found.click()

    def label(self, key: str) -> str:
        self.note_use(f"labels.{key}")
        return self.knowledge.label(key)

    def note_use(self, entry: str) -> None:
        if entry in self.knowledge.patched:
            self.used.add(entry)


def elements_of(ctx: FlowContext) -> PageElements:
    """The elements of the flow's page, found as its site's knowledge says, within the element wait."""
    return PageElements(ctx.page, ctx.profile.knowledge, ctx.element_timeout_s,
                        used=ctx.notes.setdefault(PATCH_ENTRIES_USED, set()))


def name_match(text: str, choice: str | None, exact: bool) -> dict:
    from autoreport.sites.knowledge import fill, is_pattern

    text = fill(text, choice)
    return {"name": re.compile(text[1:-1])} if is_pattern(text) else {"name": text, "exact": exact}


def text_match(text: str, choice: str | None, exact: bool) -> dict:
    matched = name_match(text, choice, exact)
    return {"text": matched.pop("name"), **matched}
