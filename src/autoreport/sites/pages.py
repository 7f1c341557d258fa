"""Page objects for the report centre and its forms. They find every element by its id in the site's
knowledge (knowledge.yaml and the site patches in force), never by a locator of their own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from autoreport.errors import AutoreportError, NeedsHuman, SiteUnavailable
from autoreport.sites.blocked import LOGIN_FIELD, SiteBlocked, blocker_marks, stop_if_blocked
from autoreport.sites.elements import PageElements, SiteChanged, wait_visible
from autoreport.sites.profile import SiteProfile


class SiteRefused(AutoreportError):
    """The site showed an error for what was entered or uploaded; repeating will not help."""


class PageNotFound(SiteRefused):
    """The site has no such page (404): an order that is not in the account, a page that moved."""


class SignedOut(NeedsHuman):
    """The site answered that the session is no longer signed in (it expired during the run)."""


def wait_for_page(page: Page, ready: Locator, timeout_s: float) -> None:
    """Wait until the page shows `ready`, or a login or slider instead, without waiting out a timeout."""
    wait_visible(ready.or_(blocker_marks(page)).first, timeout_s)
    stop_if_blocked(page)


def open_page(elements: PageElements, profile: SiteProfile, url: str, ready: str, timeout_s: float) -> None:
    """Go to url and wait until it shows the element `ready` (or a login or slider in its way). A page
    that loaded and never showed it has changed: SiteChanged, which is not tried again."""
    page = elements.page
    # The mock signs its demo account in on the way there; the live site never does.
    target = f"{profile.auto_sign_in_url}?return_url={quote(url, safe='')}" if profile.auto_sign_in_url else url
    response = page.goto(target)
    if response is not None and response.status >= 500:
        raise SiteUnavailable(f"{url} answered {response.status} {response.status_text}".strip())
    if response is not None and response.status == 404:  # known at once, not after waiting out `ready`
        alert = page.get_by_role("alert")
        reason = alert.first.inner_text().strip() if alert.count() else "no such page"
        raise PageNotFound(f"{url} answered 404: {reason}")
    elements.need(ready, timeout_s=timeout_s)


# How the site's anti-bot service answers a request made by a script (HTTP 200, JSON).
ANTI_BOT_ANSWER = "FAIL_SYS_USER_VALIDATE"


def body_of(answer) -> str:
    """The answer's text; empty once the page has moved on (a confirmation replaces the page that asked)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return answer.text()
    except PlaywrightError:
        return ""


def post_form(page: Page, button: Locator, *, by_script: bool = False) -> None:
    """Click the button that sends a form, and wait for the site's answer to it: a connection cut
    before the answer, or a server error, is known at once instead of after waiting out the page. A
    form sent by script (today's site) is answered to the script, not with a new page."""
    if by_script:
        with page.expect_request(UploadAnswers.is_sent_by_script) as sent:
            button.click()
        answer = sent.value.response()  # None: the request failed, the connection was cut
        if answer is None:
            raise SiteUnavailable("the connection was lost before the site answered the submit")
        if answer.ok and ANTI_BOT_ANSWER in body_of(answer):
            raise SiteBlocked("the site's anti-bot service answered the submit and nothing was filed: run with "
                              "--headed and clear its slider in the window, or try again later")
    else:
        with page.expect_navigation(wait_until="commit") as navigation:
            button.click()
        answer = navigation.value
    if answer is not None and answer.status >= 500:
        raise SiteUnavailable(f"the site answered {answer.status} {answer.status_text}".strip())


def recognise_edition(elements: PageElements, profile: SiteProfile, marker: str, timeout_s: float) -> SiteProfile:
    """The profile in the edition whose `marker` (`report-centre-marker`, `my-reports-marker`) the page
    shows; an edition that names no such marker is the one left when no other's shows. SiteChanged
    when the page is none of them."""
    marked = [edition for edition in profile.editions if edition.has(marker)]
    unmarked = [edition for edition in profile.editions if not edition.has(marker)]
    if not marked:
        return profile
    shown = [PageElements(elements.page, edition).find(marker).first for edition in marked]
    if not unmarked:  # one of them must show; it may take a moment
        anyone = shown[0]
        for other in shown[1:]:
            anyone = anyone.or_(other)
        try:
            wait_visible(anyone.first, timeout_s)
        except AssertionError:
            first = marked[0]
            raise SiteChanged(marker, " or ".join(edition.described(marker) for edition in marked),
                              f"what tells the site's edition ({first.element(marker).what})") from None
    for edition, locator in zip(marked, shown, strict=True):
        if locator.is_visible():
            return profile.in_edition(edition)
    return profile.in_edition(unmarked[0])


class UploadRejected(SiteRefused):
    pass


class CustomDropdown:
    """A script-driven dropdown: a combobox button that opens a listbox of options."""

    def __init__(self, elements: PageElements, button: str, option: str, timeout_s: float):
        self.elements, self.timeout_s = elements, timeout_s
        self.button_id, self.option_id = button, option

    @property
    def button(self) -> Locator:
        return self.elements.find(self.button_id)

    def choose(self, option_label: str) -> None:
        """Open the list and click the option. A popup that arrives while the list is open is closed by its
        handler with a click outside the list, which closes the list too: then it is opened once more."""
        button = self.elements.need(self.button_id)
        for attempt in range(2):
            button.click()
            try:
                self.elements.need(self.option_id, choice=option_label).click(timeout=self.elements.timeout_s * 1000)
                break
            except (PlaywrightTimeoutError, SiteChanged):
                if attempt or button.get_attribute("aria-expanded") != "false":  # not closed under us
                    raise
        expect(button).to_contain_text(option_label, timeout=self.timeout_s * 1000)


class EvidenceUploader:
    """The styled upload button over a hidden file input, and the list of uploaded files."""

    def __init__(self, elements: PageElements, timeout_s: float):
        self.elements, self.page = elements, elements.page
        self.timeout_s = timeout_s  # for the page; an upload has a timeout of its own
        self.uploaded = elements.find("uploaded-evidence")

    def item(self, file_name: str) -> Locator:
        # The whole name, exactly: `parcel.jpg` must not be confirmed by `01-parcel.jpg`'s thumbnail.
        return self.uploaded.get_by_role("listitem").filter(has=self.page.get_by_text(file_name, exact=True))

    def landed(self, file_name: str) -> Locator:
        item = self.item(file_name)
        return item.get_by_role("img").or_(item.get_by_text("video", exact=False))

    def attach(self, files: list[Path], timeout_ms: float) -> None:
        """Upload the files that are not on the list yet. On a retry, the files an earlier attempt
        left on their way are waited for and those it failed to upload are removed first: no file
        is sent twice, and no old error is read again."""
        # The uploader is script: a file set before the page's scripts ran would never be sent.
        self.page.wait_for_load_state("load")
        file_input = self.elements.need("evidence-input")
        self.finish_uploads_under_way(timeout_ms)
        self.remove_failed()
        missing = [path for path in files if not self.landed(path.name).count()]
        if not missing:
            return
        failed_answers = UploadAnswers(self.page)
        try:
            file_input.set_input_files([str(path) for path in missing])
            for path in missing:
                self.confirm_landed(path.name, timeout_ms, failed_answers)
        finally:
            failed_answers.stop()

    def finish_uploads_under_way(self, timeout_ms: float) -> None:
        """An attempt stops at its first failed file while others may still be on their way; one of
        those that lands after it would be sent again if it were taken for missing."""
        under_way = self.uploaded.get_by_role("listitem").filter(has=self.page.get_by_role("progressbar"))
        try:
            expect(under_way).to_have_count(0, timeout=timeout_ms)
        except AssertionError:
            raise SiteUnavailable(f"{under_way.count()} file(s) sent earlier did not finish uploading "
                                  f"within {timeout_ms / 1000:.0f} s") from None

    def remove_failed(self) -> None:
        failed = self.uploaded.get_by_role("listitem").filter(has=self.page.get_by_role("alert"))
        for _ in range(failed.count()):
            self.elements.find("remove-upload", within=failed.first).click()
        expect(failed).to_have_count(0, timeout=self.timeout_s * 1000)

    def confirm_landed(self, file_name: str, timeout_ms: float, answers: UploadAnswers) -> None:
        """Wait until the file shows a thumbnail (landed) or an error next to it (rejected)."""
        rejected = self.item(file_name).get_by_role("alert")
        # The site's anti-bot service may answer the upload instead, and show its slider over the page.
        try:
            wait_visible(self.landed(file_name).or_(rejected).or_(blocker_marks(self.page)).first, timeout_ms / 1000)
        except AssertionError:
            shown = self.item(file_name)
            state = shown.first.inner_text().strip() if shown.count() else "not in the list of uploaded files"
            raise SiteUnavailable(f"{file_name} did not finish uploading within {timeout_ms / 1000:.0f} s "
                                  f"(the page shows: {state or 'an empty entry'})") from None
        if self.landed(file_name).count():
            return
        if not rejected.count():
            raise SiteBlocked(f"the site's anti-bot slider stopped the upload of {file_name}: run with --headed "
                              "and clear it in the window, or try again later")
        message = f"{file_name}: {rejected.first.inner_text().strip()}"
        if answers.signed_out:
            raise SignedOut(f"the site signed the session out during the upload ({message}): "
                            "sign in with `autoreport login`, then run again")
        if answers.server_failed:
            raise SiteUnavailable(f"the upload failed on the site's side: {message}")
        raise UploadRejected(f"the site rejected {message}")


class UploadAnswers:
    """How the site answered the uploads while they ran. The words next to a failed file do not tell
    a refused file from a site that failed or signed the session out; the HTTP status does."""

    def __init__(self, page: Page):
        self.page = page
        self.server_failed = False  # a 5xx or a lost connection: worth another try
        self.signed_out = False  # 401/403: a person has to sign in again
        page.on("response", self.note_answer)
        page.on("requestfailed", self.note_lost)

    @staticmethod
    def is_sent_by_script(request) -> bool:
        return request.method == "POST" and request.resource_type in ("xhr", "fetch")

    def note_answer(self, response) -> None:
        if self.is_sent_by_script(response.request):
            self.server_failed |= response.status >= 500
            self.signed_out |= response.status in (401, 403)

    def note_lost(self, request) -> None:
        if self.is_sent_by_script(request):
            self.server_failed = True

    def stop(self) -> None:
        self.page.remove_listener("response", self.note_answer)
        self.page.remove_listener("requestfailed", self.note_lost)


class ReportCentrePage:
    """Submit a Report: the cause, the reason, then the form of that category."""

    def __init__(self, elements: PageElements, profile: SiteProfile, timeout_s: float):
        self.elements, self.profile, self.timeout_s = elements, profile, timeout_s

    def open(self) -> None:
        open_page(self.elements, self.profile, self.profile.report_centre_url, "report-centre-heading", self.timeout_s)

    def choose_category(self, label: str) -> None:
        self.elements.choose("category", label)

    def reason_dropdown(self) -> CustomDropdown:
        return CustomDropdown(self.elements, "reason", "reason-option", self.timeout_s)

    def choose_reason(self, label: str) -> None:
        """The reason: from the Reason dropdown (the article's site), or among the radios of a card's
        form, which the site renders a moment after the card was chosen (its own pace, waited for as
        long as a page)."""
        if self.elements.knowledge.has("reason"):
            self.reason_dropdown().choose(label)
        else:
            self.elements.need("reason-option", choice=label, timeout_s=self.timeout_s).check()
        # The article's category form is rendered by script after the reason is chosen.
        self.elements.need("submit", timeout_s=self.timeout_s)

    def answer(self, question: str, answer: str) -> None:
        self.elements.need("question-answer", choice=answer, within=self.elements.need("question", choice=question)) \
            .check()

    def contact_channel_dropdown(self) -> CustomDropdown:
        return CustomDropdown(self.elements, "contact-channel", "contact-channel-option", self.timeout_s)

    def evidence(self) -> EvidenceUploader:
        return EvidenceUploader(self.elements, self.timeout_s)


def read_complaint_number(elements: PageElements, heading: str, timeout_s: float) -> str:
    """The number the confirmation page shows, once the page with that heading is there."""
    wait_for_page(elements.page, elements.find(heading), timeout_s)
    number = elements.find("complaint-number").inner_text().strip()
    if not number:
        raise AutoreportError("the confirmation page shows no complaint number")
    return number


# An obstacle's own button may sit under another obstacle (a promotion over the cookie banner): its
# handler gives up quickly, the other one clears the way, and Playwright calls this one again.
OBSTACLE_CLICK_MS = 2_000


def dismiss_obstacles_when_they_appear(page: Page, profile: SiteProfile) -> None:
    """Cookie banners and promotional modals can cover the page at any moment: Playwright runs
    these handlers whenever one of them blocks an action. A modal covers everything, so it goes first. The
    login modal has a Close button too, but it is for a person: closing it would hide why the page is empty."""
    elements = PageElements(page, profile.knowledge)
    close = elements.find("popup-close")
    promo = page.get_by_role("dialog").filter(has=close).filter(has_not=page.locator(LOGIN_FIELD))
    page.add_locator_handler(promo, lambda dialog: click_obstacle(dialog.locator(close)), no_wait_after=True)
    page.add_locator_handler(elements.find("accept-cookies"), click_obstacle, no_wait_after=True)


def click_obstacle(button: Locator) -> None:
    try:
        button.click(timeout=OBSTACLE_CLICK_MS)
    except PlaywrightTimeoutError:
        pass  # covered by another obstacle, or gone: the blocked action tries again and so do the handlers


def read_table(table: Locator) -> list[dict[str, str]]:
    """A data table as a list of {header: cell text} rows."""
    headers = [text.strip() for text in table.locator("thead th, thead td").all_inner_texts()]
    rows = []
    for row in table.locator("tbody tr").all():
        cells = [text.strip() for text in row.locator("td, th").all_inner_texts()]
        rows.append(dict(zip(headers, cells, strict=False)))
    return rows


class MyReportsPage:
    """My Reports: each complaint with its number, category, order or product, date and status."""

    COLUMNS = ("number", "category", "target", "status", "date")

    def __init__(self, elements: PageElements, profile: SiteProfile, timeout_s: float):
        self.elements, self.page = elements, elements.page
        self.profile, self.timeout_s = profile, timeout_s

    def open(self) -> SiteProfile:
        """Open the list; the profile in the edition the list is of (its columns are named its way)."""
        open_page(self.elements, self.profile, self.profile.my_reports_url, "my-reports-heading", self.timeout_s)
        self.profile = recognise_edition(self.elements, self.profile, "my-reports-marker", self.timeout_s)
        self.elements = PageElements(self.page, self.profile.knowledge, self.elements.timeout_s, self.elements.used)
        return self.profile

    def reports(self) -> list[dict[str, str]]:
        """Each row by the edition's column names turned into the tool's: number, category, target
        (the order or product), status, date."""
        named = {self.elements.label(f"columns.{column}"): column for column in self.COLUMNS}
        return [{named.get(header, header): cell for header, cell in row.items()}
                for row in read_table(self.elements.find("my-reports-table"))]

    def listed(self) -> list[ListedReport]:
        """Every report the list shows, with the address of its own page (read before leaving the list)."""
        if not self.elements.find("my-reports-table").count():  # the list is empty
            return []
        listed = []
        for row in self.reports():
            number = row.get("number", "")
            link = self.page.get_by_role("link", name=number, exact=True)
            href = link.first.get_attribute("href") if number and link.count() else None
            listed.append(ListedReport(number, row, urljoin(self.page.url, href) if href else None))
        return listed


@dataclass(frozen=True)
class ListedReport:
    number: str
    row: dict[str, str]
    page_url: str | None  # its details page, when the list links one


def read_definitions(elements: PageElements, element_id: str) -> dict[str, str] | None:
    """A description list (`<dl>`) as {term: description}; None when the page has none."""
    definitions = elements.find(element_id)
    if not definitions.count():
        return None
    terms = [text.strip() for text in definitions.first.locator("dt").all_inner_texts()]
    values = [text.strip() for text in definitions.first.locator("dd").all_inner_texts()]
    return dict(zip(terms, values, strict=False))
