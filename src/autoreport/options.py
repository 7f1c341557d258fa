"""What a job was asked to do, in groups: the site choice and the browser (every job that visits the
site takes them), the filing policy and the debugging aids (a run's), and RunOptions, a run's whole.

Each job takes only the groups it uses. The command line builds them (cli/params.py) before any job
is imported: this module imports nothing heavy, so `run` has its options ready while the browser's
driver is still starting.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from autoreport.errors import InvalidInput

if TYPE_CHECKING:
    from autoreport.browser.providers import BrowserProvider
    from autoreport.sites.profile import SiteProfile
    from autoreport.store.state import StateDir


@dataclass(frozen=True)
class SiteChoice:
    """The site a job visits and the saved session it visits it with: resolved here, and only here."""

    name: str = "aliexpress"  # or "mock"
    base_url: str | None = None  # a mock already running; without it, one is served for the job
    storage_state: Path | None = None  # a session file named by the user
    # The mock signs its demo account in by itself unless asked to keep the live site's rules.
    mock_auto_sign_in: bool = True
    # The site patches in force (sites.patches.SitePatch): the config folder's, then --site-patch's.
    patches: tuple = ()
    # The edition an embedded mock serves (the tool recognises either on the page).
    mock_edition: str = "article"

    def session_path(self, state: StateDir) -> Path:
        """Where the session is read from and `login` saves it: the file named, or the state folder's."""
        return self.storage_state or state.session_path(self.name)

    def session_file(self, state: StateDir) -> Path | None:
        """The saved session to start from; None when there is none. A file that is not one is
        refused (InvalidInput) before a browser starts."""
        if self.storage_state is None:
            return state.saved_session(self.name)
        if not self.storage_state.is_file():
            raise InvalidInput(f"session file not found: {self.storage_state}")
        return self.storage_state

    def ipp_session_path(self, state: StateDir) -> Path:
        """Where the IP Protection platform's session is read from and `login --platform ipp` saves it."""
        return self.storage_state or state.session_path(f"{self.name}-ipp")

    def ipp_session_file(self, state: StateDir) -> Path | None:
        """The IP Protection platform's saved session (a rights holder's account); None when there is none."""
        return self.session_file(state) if self.storage_state else state.saved_session(f"{self.name}-ipp")

    @contextmanager
    def profile(self) -> Iterator[SiteProfile]:
        """The chosen site's profile; for the mock without a base URL, an embedded mock served as long
        as the job lasts."""
        from autoreport.sites.profile import site_profile

        if self.name != "mock" or self.base_url:
            yield site_profile(self.name, self.base_url, auto_sign_in=self.mock_auto_sign_in, patches=self.patches)
            return
        from autoreport.mock_site import MockSite

        with MockSite(edition=self.mock_edition) as served:
            yield site_profile(self.name, served.url, auto_sign_in=self.mock_auto_sign_in, patches=self.patches)


@dataclass(frozen=True)
class BrowserOptions:
    """The browser a job drives and how it shows."""

    path: Path | None = None  # found when launched: explicit, Playwright's, the system's
    cdp_endpoint: str | None = None  # drive a Chromium that is already running
    ws_endpoint: str | None = None  # or a Playwright browser server
    args: tuple[str, ...] = ()  # extra flags for a browser launched here
    headed: bool = False
    slowmo: float | None = None

    @property
    def remote(self) -> bool:
        """A browser running elsewhere, which shows (or not) on its own machine."""
        return bool(self.cdp_endpoint or self.ws_endpoint)

    def provider(self) -> BrowserProvider:
        from autoreport.browser.providers import provider_for

        return provider_for(self.path, self.cdp_endpoint, self.ws_endpoint, self.args)


@dataclass(frozen=True)
class FilingPolicy:
    """How the complaints are filed: for real or not, again or not, how patiently, how many at once."""

    dry_run: bool = False
    force: bool = False  # file again what the ledger has
    retries: int = 3
    retry_wait_s: float = 1.0  # the first back-off; later ones double
    timeout_s: float = 30.0  # how long an action or a wait on the page may take
    # How long an element a step needs may take to show before the step fails as drift (not retried).
    element_timeout_s: float = 5.0
    min_interval: float | None = None  # seconds between two submissions; None: the site profile's own
    jobs: int = 1

    @property
    def settle_pause_s(self) -> float:
        """How long a complaint whose submit got no clear answer is given to show up on the site."""
        return 2 * self.retry_wait_s


@dataclass(frozen=True)
class Debug:
    """What a person debugging a run sees: each step before it runs, a failure kept open, a trace."""

    step: bool = False  # pause before each step (in a visible browser)
    pause_on_failure: bool = False
    tracing: str = "retain-on-failure"  # or "on" (with a film of screenshots), "off"


@dataclass(frozen=True)
class RunOptions:
    site: SiteChoice = field(default_factory=SiteChoice)
    browser: BrowserOptions = field(default_factory=BrowserOptions)
    policy: FilingPolicy = field(default_factory=FilingPolicy)
    debug: Debug = field(default_factory=Debug)
    output: Path = Path("autoreport-runs")
    state_dir: Path | None = None

    @property
    def visible(self) -> bool:
        """The browser shows: asked for, or needed to pause before each step."""
        return self.browser.headed or self.debug.step

