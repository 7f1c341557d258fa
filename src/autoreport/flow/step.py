"""A flow is a list of named steps; the name is used in progress lines, trace groups,
artifact names, the receipt and the step-through prompt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# How long a wait on the page may take when the caller says nothing: Playwright's own default.
DEFAULT_WAIT_S = 30.0
# How long an element a step needs may take to show once its page is there, before the step fails
# as drift (the site changed) instead of waiting out DEFAULT_WAIT_S and retrying.
DEFAULT_ELEMENT_WAIT_S = 5.0


@dataclass(frozen=True)
class Step:
    name: str  # stable kebab-case name
    describe: str  # what the step is about to do, in a few words
    action: Callable[[FlowContext], None]
    # Steps before the submit are safe to repeat; the submit is not (it may file a second complaint).
    repeatable: bool = True
    # Optional steps (say, the contact override) may be skipped by a person in step-through mode.
    skippable: bool = False
    # The element the step acts on, so a visible run can highlight it before it acts.
    target: Callable[[FlowContext], Locator] | None = None
    # The ids of the site's elements the step uses (the site's knowledge names them), for a repair.
    elements: tuple[str, ...] = ()


class StepStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_RUN = "not-run"


@dataclass
class StepResult:
    name: str
    status: StepStatus
    duration_s: float = 0.0
    error: str | None = None
    attempts: int = 0

    def start_over(self) -> None:
        """The flow runs again from its first step: the step has not run in this pass. Its attempts
        keep counting, so the receipt says how often it ran in all."""
        self.status, self.duration_s, self.error = StepStatus.NOT_RUN, 0.0, None

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "status": str(self.status), "duration_s": round(self.duration_s, 3),
                "error": self.error, "attempts": self.attempts}


@dataclass
class FlowContext:
    """What the steps of one complaint share: its page, its data, how long a wait on the page may
    take, and what they found out. The runner reads none of the site's parts: the profile is the
    site's (sites/), read by the site's steps."""

    page: Page
    profile: Any
    spec: Any
    run_folder: Path
    wait_timeout_s: float = DEFAULT_WAIT_S
    element_timeout_s: float = DEFAULT_ELEMENT_WAIT_S
    evidence: list[Path] = field(default_factory=list)  # files as they will be uploaded
    complaint_number: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)
