"""Site profiles: where the pages are, what the site accepts, and what the tool knows of its pages
(knowledge.yaml with the patches in force). The page objects are shared; a profile differs in URLs and
data, never in code paths."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import quote, urlsplit

from autoreport.browser.contexts import ContextSettings
from autoreport.evidence.limits import MB, EvidenceLimits
from autoreport.sites.knowledge import SiteKnowledge, every_edition


@dataclass(frozen=True)
class SiteProfile:
    name: str
    report_centre_url: str
    my_reports_url: str
    dispute_url_template: str  # formatted with order_number
    login_host_or_path: str  # a URL whose page is the login form starts with this
    knowledge: SiteKnowledge  # of the edition expected, or recognised on a page (recognise_edition)
    editions: tuple[SiteKnowledge, ...] = ()  # every edition the site may show, the expected one first
    punish_path: str = "/_____tmd_____/punish"
    evidence: EvidenceLimits = field(default_factory=EvidenceLimits)
    # The page objects read English labels: every context asks for English pages, and these cookies,
    # set before the first page, force them where the language is chosen by cookie (the live site).
    locale: str = "en-US"
    cookies: tuple[dict, ...] = ()
    # The mock signs its demo account in through this URL; the live site never does.
    auto_sign_in_url: str | None = None
    # Pause between two submissions to the same site: the live site punishes floods.
    min_interval_s: float = 0.0
    # The site as the ledger names it: one live site, but every mock (each its own URL) a site of its own.
    ledger_site: str = ""
    # Every page knowledge.yaml names, by its name there (`order`, `returns`, `ipp-login`), at this site's address.
    urls: dict[str, str] = field(default_factory=dict)
    # The mock's sign-in of its demo rights holder on the IP Protection platform (its pages are urls' ipp-*).
    ipp_auto_sign_in_url: str | None = None
    # Whose pages the profile's URLs are: the marketplace's, or the IP Protection platform's (sites/ipp.py).
    platform: str = "marketplace"

    def __post_init__(self) -> None:
        if not self.ledger_site:
            object.__setattr__(self, "ledger_site", self.name)

    def in_edition(self, knowledge: SiteKnowledge) -> SiteProfile:
        """This profile, its pages known as the edition recognised on the site."""
        return replace(self, knowledge=knowledge)

    def context_settings(self, session_file: Path | None = None) -> ContextSettings:
        """What every browser context on this site is made with, signed in with session_file if given."""
        return ContextSettings(locale=self.locale, cookies=self.cookies, storage_state=session_file)

    def dispute_url(self, order_number: str) -> str:
        return self.dispute_url_template.format(order_number=order_number)

    def page_url(self, name: str, **values: str) -> str:
        """A page knowledge.yaml names, with its `{order_number}` (or other) filled in."""
        return self.urls[name].format(**values)

    def is_login_page(self, url: str) -> bool:
        return url.startswith(self.login_host_or_path)

    def is_punish_page(self, url: str) -> bool:
        return urlsplit(url).path.startswith(self.punish_path)

    def login_url(self, return_url: str | None = None) -> str:
        target = return_url or self.report_centre_url
        return f"{self.login_host_or_path}?return_url={quote(target, safe='')}"


LIVE_ENGLISH_COOKIE = {
    "name": "aep_usuc_f", "value": "site=glo&c_tp=USD&region=US&b_locale=en_US",
    "domain": ".aliexpress.com", "path": "/",
}

def profile_at(urls: dict[str, str], editions: tuple[SiteKnowledge, ...], **settings) -> SiteProfile:
    """The profile of the site of these editions, its pages at urls (knowledge.yaml's names for them)."""
    return SiteProfile(name=editions[0].site, report_centre_url=urls["report-centre"],
                       my_reports_url=urls["my-reports"], dispute_url_template=urls["dispute"],
                       login_host_or_path=urls["login"], knowledge=editions[0], editions=editions, urls=dict(urls),
                       **settings)


def live_profile(patches: tuple = ()) -> SiteProfile:
    """The live site's profile, with the site patches in force (patches.SitePatch)."""
    editions = every_edition("aliexpress", patches)
    return profile_at(dict(editions[0].urls), editions, cookies=(LIVE_ENGLISH_COOKIE,), min_interval_s=60.0)


ALIEXPRESS = live_profile()


MOCK_EVIDENCE_LIMITS = EvidenceLimits(max_video_bytes=20 * MB)


def evidence_limits(site: str) -> EvidenceLimits:
    """The site's limits, known before its URL is (the embedded mock starts later)."""
    return MOCK_EVIDENCE_LIMITS if site == "mock" else ALIEXPRESS.evidence


def mock_profile(base_url: str, *, auto_sign_in: bool = True, patches: tuple = ()) -> SiteProfile:
    """The profile of a mock marketplace served at base_url (same page objects, other URLs)."""
    base = base_url.rstrip("/")
    editions = every_edition("mock", patches)
    urls = {name: f"{base}{path}" for name, path in editions[0].urls.items()}
    return profile_at(urls, editions, auto_sign_in_url=f"{base}/__mock__/sign-in" if auto_sign_in else None,
                      ipp_auto_sign_in_url=f"{base}/__mock__/ipp/sign-in" if auto_sign_in else None,
                      evidence=MOCK_EVIDENCE_LIMITS, ledger_site=f"mock@{base}")


def site_profile(site: str, base_url: str | None, *, auto_sign_in: bool = True, patches: tuple = ()) -> SiteProfile:
    """The profile for `--site`: the live site, or the mock served at base_url; with the site patches."""
    if site == "mock":
        return mock_profile(base_url, auto_sign_in=auto_sign_in, patches=patches)
    return live_profile(patches) if patches else ALIEXPRESS
