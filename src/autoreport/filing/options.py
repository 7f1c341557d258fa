"""What a run of `autoreport run` was asked to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class RunOptions:
    site: str = "aliexpress"
    base_url: str | None = None
    dry_run: bool = False
    output: Path = Path("autoreport-runs")
    storage_state: Path | None = None
    state_dir: Path | None = None
    force: bool = False
    tracing: str = "retain-on-failure"
    headed: bool = False
    step: bool = False  # pause before each step (implies a visible browser)
    pause_on_failure: bool = False
    slowmo: float | None = None
    retries: int = 3
    jobs: int = 1
    cdp_endpoint: str | None = None  # drive a Chromium that is already running
    ws_endpoint: str | None = None  # or a Playwright browser server
    browser_args: tuple[str, ...] = ()  # extra flags for a browser launched here
    retry_wait_s: float = 1.0  # the first back-off; later ones double
    timeout_s: float = 30.0  # how long an action or a wait on the page may take
    min_interval: float | None = None  # None: the site profile's own
    browser_path: Path | None = None
    # The mock signs its demo account in by itself unless asked to keep the live site's rules.
    mock_auto_sign_in: bool = True

    @property
    def visible(self) -> bool:
        return self.headed or self.step

    @property
    def settle_pause_s(self) -> float:
        """How long a complaint whose submit got no clear answer is given to show up on the site."""
        return 2 * self.retry_wait_s
