"""What the soak checks after each round: the mock's complaints against the ledger and the tool's
own results, and what the round's commands may have left behind (processes, temporary folders).

The checks are plain functions of plain data, so a test can feed them a fabricated round and see
each one fail."""

from __future__ import annotations

import os
import shutil
import signal
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psutil

DEFECTS = ("duplicates", "losses", "adopted numbers", "mismatches", "tracebacks", "hangs", "orphan processes",
           "temp folders left")
SETTLED = ("submitted", "skipped-duplicate")  # the tool knows the complaint's number
UNVERIFIED = "unverified"  # documented: a candidate the tool could not prove; never filed again by itself


def words(text: str | None) -> str:
    return " ".join((text or "").split())


@dataclass(frozen=True)
class Complaint:
    """What one spec asks the site to hold: the fields a filed complaint is recognised by."""

    spec: str  # the spec's file name, as the tool's results name it
    kind: str
    category: str | None
    reason: str | None
    target: str  # the order number
    details: str

    @classmethod
    def from_spec(cls, name: str, spec: dict) -> Complaint:
        return cls(name, spec["kind"], spec.get("category"), spec.get("reason"), str(spec["order_number"]),
                   words(spec["details"]))

    def is_filed_as(self, submission: dict) -> bool:
        return (submission.get("kind"), submission.get("category"), submission.get("reason"),
                submission.get("order_number"), words(submission.get("details"))) == \
            (self.kind, self.category, self.reason, self.target, self.details)

    def keys_ledger_row(self, row: dict) -> bool:
        return (row.get("kind"), row.get("category"), row.get("reason"), row.get("target")) == \
            (self.kind, self.category, self.reason, self.target)


@dataclass
class RoundRecord:
    """Everything a round ends with: what was asked, what the site holds, what the tool says."""

    complaints: list[Complaint]
    submissions: list[dict]  # the mock's, GET /__mock__/submissions
    ledger: list[dict]  # `autoreport history --json`
    results: dict[str, dict]  # spec name -> the tool's last result object for it (--json)
    outputs: list[str] = field(default_factory=list)  # every stdout and stderr of the round's commands
    run_folder_tracebacks: list[str] = field(default_factory=list)  # traceback.txt files left in run folders
    # A run stopped once by Ctrl-C or SIGTERM ends cleanly: a result for each complaint it recorded.
    gently_stopped: str | None = None  # how, if it was
    stopped_results: dict[str, dict] = field(default_factory=dict)
    ledger_after_stop: list[dict] = field(default_factory=list)


def find_defects(record: RoundRecord) -> list[tuple[str, str]]:
    """Each defect found, as (one of DEFECTS, what exactly)."""
    found: list[tuple[str, str]] = []
    by_id = {submission["id"]: submission for submission in record.submissions}

    def owner(number: str) -> Complaint | None:
        submission = by_id.get(number)
        return next((c for c in record.complaints if submission and c.is_filed_as(submission)), None)

    for complaint in record.complaints:
        filed = [s["id"] for s in record.submissions if complaint.is_filed_as(s)]
        result = record.results.get(complaint.spec, {})
        status, number = result.get("status"), result.get("complaint_id")
        rows = [row for row in record.ledger if complaint.keys_ledger_row(row)]
        recorded = [row["complaint_number"] for row in rows if row["state"] == "submitted"]
        if len(filed) > 1:
            found.append(("duplicates", f"{complaint.spec}: the site holds it {len(filed)} times ({', '.join(filed)})"))
        if status in SETTLED and not filed:
            found.append(("losses", f"{complaint.spec}: {status} as {number}, but the site does not hold it"))
        if status not in (*SETTLED, UNVERIFIED) and not filed:
            found.append(("losses", f"{complaint.spec}: never filed, last outcome {status or 'none'}"))
        for claimed in {number, *recorded} - {None}:
            other = owner(claimed)
            if other is not None and other != complaint:
                found.append(("adopted numbers", f"{complaint.spec}: took {claimed}, which is {other.spec}'s"))
            elif claimed not in by_id:
                found.append(("mismatches", f"{complaint.spec}: the tool names {claimed}, not on the site"))
        if status in SETTLED and (recorded != [number] or [row["state"] for row in rows] != ["submitted"]):
            found.append(("mismatches", f"{complaint.spec}: {status} as {number}, but the ledger holds "
                                        f"{[(row['state'], row['complaint_number']) for row in rows]}"))
        if filed and status not in (*SETTLED, UNVERIFIED):
            found.append(("mismatches", f"{complaint.spec}: the site holds {filed[0]}, the tool ends at {status}"))
        if record.gently_stopped and complaint.spec not in record.stopped_results:
            kept = [(row["state"], row["complaint_number"]) for row in record.ledger_after_stop
                    if complaint.keys_ledger_row(row)]
            if kept:
                found.append(("mismatches", f"{complaint.spec}: the run stopped by {record.gently_stopped} "
                                            f"recorded it {kept} but printed no result for it"))
    for submission in record.submissions:
        if owner(submission["id"]) is None:
            found.append(("mismatches", f"the site holds {submission['id']}, which no spec of the round asked for"))
    for output in record.outputs:
        if "Traceback" in output:
            found.append(("tracebacks", _around(output, "Traceback")))
    found += [("tracebacks", f"left in a run folder: {path}") for path in record.run_folder_tracebacks]
    return found


def _around(text: str, needle: str, lines: int = 12) -> str:
    start = text.index(needle)
    return "\n".join(text[start:].splitlines()[:lines])


def count(defects: list[tuple[str, str]]) -> Counter[str]:
    counted = Counter({name: 0 for name in DEFECTS})
    counted.update(name for name, _ in defects)
    return counted


# --- what a round leaves behind --------------------------------------------------------------------------

def become_subreaper() -> None:
    """Orphans of the commands this process starts become its children rather than init's (Linux), so a
    process a killed command left running is found by asking for this process's children."""
    import ctypes

    set_child_subreaper = 36  # PR_SET_CHILD_SUBREAPER
    if ctypes.CDLL(None, use_errno=True).prctl(set_child_subreaper, 1) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def leftover_processes(grace_s: float) -> list[str]:
    """The processes still running grace_s after the round's last command ended (orphans reparented
    here), each killed once counted. Those that ended are reaped."""
    running = [child for child in psutil.Process().children(recursive=True) if _alive(child)]
    # They end on their own as their parents' deaths reach them; what outlives the grace is left over.
    _, left = psutil.wait_procs(running, timeout=grace_s)
    described = []
    for process in left:
        try:
            described.append(f"{process.pid} {process.name()}: {' '.join(process.cmdline())[:120]}")
            process.send_signal(signal.SIGKILL)
        except psutil.Error:
            pass
    psutil.wait_procs(left, timeout=10)
    for child in psutil.Process().children():
        _alive(child)
    return described


def _alive(process: psutil.Process) -> bool:
    """Whether it runs; a reparented orphan that ended is reaped here (this process is its parent now)."""
    try:
        if process.status() != psutil.STATUS_ZOMBIE:
            return True
        os.waitpid(process.pid, os.WNOHANG)
    except (psutil.Error, ChildProcessError):
        pass
    return False


def leftover_temp(tmpdir: Path) -> list[str]:
    """What is left in the temporary folder the round's commands used, the tool's own (empty) root
    apart; each is removed once counted, so that the next round starts clean."""
    root = tmpdir / f"autoreport-{os.getuid()}"
    left = [path for path in tmpdir.iterdir() if path != root]
    if root.is_dir():
        left += list(root.iterdir())
    for path in left:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return [str(path.relative_to(tmpdir)) for path in left]
