"""What the complaints of one run share, as each ComplaintFiling sees it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autoreport.filing.guards import SubmitSpacing, Submitting
from autoreport.flow.runner import FlowHooks
from autoreport.flow.step_through import Prompter
from autoreport.options import RunOptions
from autoreport.sites.lookup import ListingCache
from autoreport.store.ledger import Ledger
from autoreport.store.state import StateDir


@dataclass
class Run:
    """What the complaints of one run share: its options, ledger, the person's terminal, the Ctrl-C
    flag, the spacing of submissions, the complaints being submitted, and the site's listing."""

    options: RunOptions
    state: StateDir
    ledger: Ledger
    say: Callable[[str], None]
    prompter: Prompter
    progress: Callable[[str], FlowHooks]
    stop_requested: threading.Event
    spacing: SubmitSpacing
    submitting: Submitting
    listing: ListingCache
    session_file: Path | None = None  # the saved session each complaint's browser context starts from
    # The IP Protection platform's account, for IPR complaints: its own saved session, or the site's.
    ipp_session_file: Path | None = None
