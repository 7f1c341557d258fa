"""How each complaint of a run ended, the exit code that follows, and the receipt it leaves."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from autoreport.errors import ExitStatus
from autoreport.flow.step import StepResult
from autoreport.store.ledger import utc_now

MB = 1024 * 1024

if TYPE_CHECKING:
    from autoreport.filing.spec_file import SpecFile
    from autoreport.sites.profile import SiteProfile


class Outcome(StrEnum):
    SUBMITTED = "submitted"
    DRY_RUN = "dry-run"
    SKIPPED_DUPLICATE = "skipped-duplicate"
    FAILED = "failed"
    # The site shows a complaint that may be this one but could not be proven to be: not filed again.
    UNVERIFIED = "unverified"
    # Its input went bad after validation (an evidence file changed or went away): nothing was submitted.
    INVALID = "invalid"
    NEEDS_HUMAN = "needs-human"
    ABORTED = "aborted"


OUTCOME_EXIT = {
    Outcome.SUBMITTED: ExitStatus.OK, Outcome.DRY_RUN: ExitStatus.OK, Outcome.SKIPPED_DUPLICATE: ExitStatus.OK,
    Outcome.ABORTED: ExitStatus.OK, Outcome.NEEDS_HUMAN: ExitStatus.NEEDS_HUMAN, Outcome.FAILED: ExitStatus.FAILED,
    Outcome.UNVERIFIED: ExitStatus.FAILED, Outcome.INVALID: ExitStatus.INVALID_INPUT,
}
# For a batch, the exit code is its worst outcome; a failure outranks a hand-off to a person, and bad
# input outranks both, as it does before a run.
EXIT_SEVERITY = [ExitStatus.OK, ExitStatus.NEEDS_HUMAN, ExitStatus.FAILED, ExitStatus.INVALID_INPUT]


@dataclass
class ComplaintResult:
    spec: Path
    status: Outcome
    complaint_id: str | None = None
    output: Path | None = None
    error: str | None = None
    steps: list[StepResult] = field(default_factory=list)
    filed: dict[str, Any] = field(default_factory=dict)  # what the complaint is: kind, category, reason, target
    evidence: list[dict[str, Any]] = field(default_factory=list)  # each file as uploaded (describe_evidence)
    # The site-patch entries the steps relied on, each with its patch file: {"entry": ..., "file": ...}.
    site_patch: list[dict[str, str]] = field(default_factory=list)
    edition: str | None = None  # the edition of the site the flow recognised on its report centre

    @property
    def exit_status(self) -> ExitStatus:
        return OUTCOME_EXIT[self.status]

    @property
    def label(self) -> str:
        """The spec, and for one complaint of an IPR spec, the places of its listings in the spec."""
        places = self.filed.get("listings")
        return f"{self.spec} listings {places}" if places else str(self.spec)

    def as_json(self) -> dict[str, Any]:
        # One complaint of an IPR spec says which of the spec's listings it carries.
        listings = {"listings": self.filed["listings"]} if self.filed.get("listings") else {}
        return {"spec": str(self.spec), **listings, "status": str(self.status), "complaint_id": self.complaint_id,
                "output": str(self.output) if self.output else None, "error": self.error}


def worst_exit_status(results: list[ComplaintResult], *, interrupted: bool = False) -> ExitStatus:
    """The batch's exit code: its worst outcome, or 130 when Ctrl-C (or a stop) cut it short."""
    if interrupted:
        return ExitStatus.INTERRUPTED
    return max((r.exit_status for r in results), key=EXIT_SEVERITY.index, default=ExitStatus.OK)


def what_is_filed(spec) -> dict[str, Any]:
    """The complaint in a few fields, as receipts and report.html name it."""
    if spec.kind == "ipr-complaint":
        listings = spec.listings_in_order
        return {"kind": spec.kind, "category": f"{spec.ipr}/{spec.complaint_type}", "reason": spec.reason,
                "order_number": None, "product_url": None, "ipr": spec.ipr, "listing_count": len(listings),
                "target": listings[0] if len(listings) == 1 else f"{len(listings)} listings"}
    product_url = getattr(spec, "product_url", None)
    return {"kind": spec.kind, "category": getattr(spec, "category", None), "reason": getattr(spec, "reason", None),
            "order_number": getattr(spec, "order_number", None),
            "product_url": str(product_url) if product_url else None,
            "target": getattr(spec, "order_number", None) or (str(product_url) if product_url else None)}


def describe_evidence(originals: list[Path], uploads: list[Path]) -> list[dict[str, Any]]:
    """Each file as it went up: name, size and sha256, and for a photo downscaled to fit the site's
    limit, what it was before (`downscaled_from`)."""
    described = []
    for original, upload in zip(originals, uploads, strict=True):
        data = upload.read_bytes()
        entry: dict[str, Any] = {"name": upload.name, "file": str(original), "size": len(data),
                                 "sha256": hashlib.sha256(data).hexdigest(), "downscaled_from": None}
        if upload != original and upload.stat().st_size != original.stat().st_size:
            entry["downscaled_from"] = {"size": original.stat().st_size, "pixels": _pixels(original),
                                        "to_pixels": _pixels(upload)}
        described.append(entry)
    return described


def _pixels(photo: Path) -> str | None:
    from PIL import Image

    try:
        with Image.open(photo) as picture:
            return f"{picture.width}x{picture.height}"
    except OSError:
        return None


def downscaled_words(entry: dict[str, Any]) -> str | None:
    """`downscaled from 15.2 MB 4032x3024 to 2.9 MB 2048x1536`, for a photo that was."""
    before = entry.get("downscaled_from")
    if not before:
        return None
    return (f"downscaled from {before['size'] / MB:.1f} MB {before['pixels'] or ''} to "
            f"{entry['size'] / MB:.1f} MB {before['to_pixels'] or ''}").replace("  ", " ").strip()


def write_receipt(run_folder: Path, spec_file: SpecFile, profile: SiteProfile, result: ComplaintResult) -> None:
    """receipt.json, written whole or not at all (a full disk leaves no half receipt)."""
    files = sorted(p.name for p in run_folder.iterdir() if p.is_file() and p.name not in ("receipt.json",)
                   and not p.name.startswith("."))
    receipt = {
        "spec": str(spec_file.path),
        "spec_sha256": spec_file.sha256,
        "site": profile.ledger_site,
        "site_edition": result.edition,
        **(result.filed or what_is_filed(spec_file.spec)),
        "status": str(result.status),
        "complaint_number": result.complaint_id,
        "submitted_at": utc_now() if result.status is Outcome.SUBMITTED else None,
        "written_at": utc_now(),
        "error": result.error,
        "evidence": result.evidence,
        "site_patch": result.site_patch,
        "trace": ({"file": "trace.zip", "open_with": f"playwright show-trace {run_folder / 'trace.zip'}"}
                  if "trace.zip" in files else None),
        "steps": [step.as_dict() for step in result.steps],
        "files": files,
    }
    path = run_folder / "receipt.json"
    partial = path.with_name(".receipt.json.partial")
    try:
        partial.write_text(json.dumps(receipt, indent=2) + "\n")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
