"""How each complaint of a run ended, the exit code that follows, and the receipt it leaves."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoreport.errors import ExitStatus
from autoreport.flow.step import StepResult
from autoreport.ledger import utc_now

if TYPE_CHECKING:
    from autoreport.filing.batch import SpecFile
    from autoreport.sites.profile import SiteProfile


class Outcome(StrEnum):
    SUBMITTED = "submitted"
    DRY_RUN = "dry-run"
    SKIPPED_DUPLICATE = "skipped-duplicate"
    FAILED = "failed"
    # The site shows a complaint that may be this one but could not be proven to be: not filed again.
    UNVERIFIED = "unverified"
    NEEDS_HUMAN = "needs-human"
    ABORTED = "aborted"


OUTCOME_EXIT = {
    Outcome.SUBMITTED: ExitStatus.OK, Outcome.DRY_RUN: ExitStatus.OK, Outcome.SKIPPED_DUPLICATE: ExitStatus.OK,
    Outcome.ABORTED: ExitStatus.OK, Outcome.NEEDS_HUMAN: ExitStatus.NEEDS_HUMAN, Outcome.FAILED: ExitStatus.FAILED,
    Outcome.UNVERIFIED: ExitStatus.FAILED,
}
# For a batch, the exit code is its worst outcome; a failure outranks a hand-off to a person.
EXIT_SEVERITY = [ExitStatus.OK, ExitStatus.NEEDS_HUMAN, ExitStatus.FAILED]


@dataclass
class ComplaintResult:
    spec: Path
    status: Outcome
    complaint_id: str | None = None
    output: Path | None = None
    error: str | None = None
    steps: list[StepResult] = field(default_factory=list)

    @property
    def exit_status(self) -> ExitStatus:
        return OUTCOME_EXIT[self.status]

    def as_json(self) -> dict[str, Any]:
        return {"spec": str(self.spec), "status": str(self.status), "complaint_id": self.complaint_id,
                "output": str(self.output) if self.output else None, "error": self.error}


def worst_exit_status(results: list[ComplaintResult], *, interrupted: bool = False) -> ExitStatus:
    """The batch's exit code: its worst outcome, or 130 when Ctrl-C (or a stop) cut it short."""
    if interrupted:
        return ExitStatus.INTERRUPTED
    return max((r.exit_status for r in results), key=EXIT_SEVERITY.index, default=ExitStatus.OK)


def write_receipt(run_folder: Path, spec_file: SpecFile, profile: SiteProfile, result: ComplaintResult) -> None:
    """receipt.json, written whole or not at all (a full disk leaves no half receipt)."""
    spec = spec_file.spec
    receipt = {
        "spec": str(spec_file.path),
        "spec_sha256": spec_file.sha256,
        "site": profile.ledger_site,
        "kind": spec.kind,
        "category": getattr(spec, "category", None),
        "reason": getattr(spec, "reason", None),
        "order_number": getattr(spec, "order_number", None),
        "product_url": str(spec.product_url) if getattr(spec, "product_url", None) else None,
        "status": str(result.status),
        "complaint_number": result.complaint_id,
        "submitted_at": utc_now() if result.status is Outcome.SUBMITTED else None,
        "error": result.error,
        "steps": [step.as_dict() for step in result.steps],
        "files": sorted(p.name for p in run_folder.iterdir() if p.is_file() and p.name != "receipt.json"),
    }
    path = run_folder / "receipt.json"
    partial = path.with_name(".receipt.json.partial")
    try:
        partial.write_text(json.dumps(receipt, indent=2) + "\n")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
