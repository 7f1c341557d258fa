"""The soak's checks fail when they should: each defect, fabricated, is found and named; a clean round
has none."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from soak_checks import DEFECTS, Complaint, RoundRecord, count, find_defects, leftover_temp

PAYING = Complaint("paying.yaml", "seller-report", "trade-rules", "payment-outside-platform", "8000000000000001",
                   "The seller asked to be paid by bank transfer.")
CONFIRMING = Complaint("confirming.yaml", "seller-report", "trade-rules", "confirm-receipt-in-advance",
                       "8000000000000001", "The seller asked me to confirm receipt early.")


def filed(complaint: Complaint, number: str) -> dict:
    """The mock's record of a complaint, as GET /__mock__/submissions gives it (line breaks as typed)."""
    return {"id": number, "kind": complaint.kind, "category": complaint.category, "reason": complaint.reason,
            "order_number": complaint.target, "details": complaint.details.replace(" ", "\n", 1)}


def recorded(complaint: Complaint, number: str | None, state: str = "submitted") -> dict:
    """A ledger row, as `autoreport history --json` gives it."""
    return {"complaint_number": number, "state": state, "kind": complaint.kind, "category": complaint.category,
            "reason": complaint.reason, "target": complaint.target}


def result(status: str, number: str | None) -> dict:
    return {"status": status, "complaint_id": number}


def clean_round(**changes) -> RoundRecord:
    record = RoundRecord(
        complaints=[PAYING, CONFIRMING],
        submissions=[filed(PAYING, "101"), filed(CONFIRMING, "102")],
        ledger=[recorded(PAYING, "101"), recorded(CONFIRMING, "102")],
        results={"paying.yaml": result("submitted", "101"), "confirming.yaml": result("skipped-duplicate", "102")},
        outputs=["", "paying.yaml: [1/11] open-report-centre"])
    for name, value in changes.items():
        setattr(record, name, value)
    return record


def found(record: RoundRecord) -> dict[str, int]:
    return {name: n for name, n in count(find_defects(record)).items() if n}


def test_a_clean_round_has_no_defect():
    assert found(clean_round()) == {}
    assert list(count([])) == list(DEFECTS)


def test_a_complaint_the_site_holds_twice_is_a_duplicate():
    record = clean_round(submissions=[filed(PAYING, "101"), filed(CONFIRMING, "102"), filed(PAYING, "103")])
    defects = find_defects(record)
    assert ("duplicates", "paying.yaml: the site holds it 2 times (101, 103)") in defects
    assert found(record) == {"duplicates": 1}


def test_a_settled_complaint_the_site_does_not_hold_is_a_loss():
    record = clean_round(submissions=[filed(CONFIRMING, "102")], ledger=[recorded(CONFIRMING, "102")],
                         results={"paying.yaml": result("submitted", "101"),
                                  "confirming.yaml": result("submitted", "102")})
    assert ("losses", "paying.yaml: submitted as 101, but the site does not hold it") in find_defects(record)


def test_a_complaint_never_filed_after_the_reruns_is_a_loss():
    record = clean_round(submissions=[filed(CONFIRMING, "102")], ledger=[recorded(CONFIRMING, "102")],
                         results={"paying.yaml": result("failed", None), "confirming.yaml": result("submitted", "102")})
    assert found(record) == {"losses": 1}


def test_an_unverified_complaint_is_neither_lost_nor_a_mismatch():
    # The site shows the other reason's complaint on the order; this one was never filed: documented.
    record = clean_round(submissions=[filed(CONFIRMING, "102")],
                         ledger=[recorded(PAYING, None, "unverified"), recorded(CONFIRMING, "102")],
                         results={"paying.yaml": result("unverified", None),
                                  "confirming.yaml": result("submitted", "102")})
    assert found(record) == {}


def test_a_number_that_is_another_complaints_is_adopted():
    record = clean_round(submissions=[filed(CONFIRMING, "102")],
                         ledger=[recorded(PAYING, "102"), recorded(CONFIRMING, "102")],
                         results={"paying.yaml": result("submitted", "102"),
                                  "confirming.yaml": result("submitted", "102")})
    assert ("adopted numbers", "paying.yaml: took 102, which is confirming.yaml's") in find_defects(record)
    assert found(record)["adopted numbers"] == 1


@pytest.mark.parametrize("change, why", [
    ({"ledger": [recorded(PAYING, "101", "pending"), recorded(CONFIRMING, "102")]}, "but the ledger holds"),
    ({"results": {"paying.yaml": result("submitted", "109"), "confirming.yaml": result("submitted", "102")}},
     "the tool names 109, not on the site"),
    ({"results": {"paying.yaml": result("failed", None), "confirming.yaml": result("submitted", "102")}},
     "the site holds 101, the tool ends at failed"),
    ({"submissions": [filed(PAYING, "101"), filed(CONFIRMING, "102"), {**filed(PAYING, "103"), "reason": "other"}]},
     "the site holds 103, which no spec of the round asked for"),
])
def test_the_ledger_the_results_and_the_site_disagreeing_is_a_mismatch(change, why):
    defects = find_defects(clean_round(**change))
    assert [what for name, what in defects if name == "mismatches" and why in what], defects


def test_a_traceback_in_any_output_or_run_folder_is_counted():
    record = clean_round(outputs=["", "Traceback (most recent call last):\n  File ...\nKeyError: 'x'"],
                         run_folder_tracebacks=["runs/paying/traceback.txt"])
    assert found(record) == {"tracebacks": 2}


def test_temporary_files_left_are_counted_and_cleared(tmp_path):
    root = tmp_path / f"autoreport-{os.getuid()}"
    (root / "dead-run" / "playwright-profile").mkdir(parents=True)
    (tmp_path / "escaped.tmp").write_text("x")
    assert sorted(leftover_temp(tmp_path)) == [f"{root.name}/dead-run", "escaped.tmp"]
    assert list(tmp_path.iterdir()) == [root] and list(root.iterdir()) == []
    assert leftover_temp(tmp_path) == []


def test_an_orphaned_process_is_found_and_ended():
    # In a process of its own: becoming a subreaper changes what happens to every orphan below it.
    bench = Path(__file__).resolve().parents[2] / "bench"
    script = textwrap.dedent(f"""
        import subprocess, sys
        sys.path.insert(0, {str(bench)!r})
        from soak_checks import become_subreaper, leftover_processes
        become_subreaper()
        subprocess.run(["sh", "-c", "sleep 300 & exit 0"])  # the shell ends; its sleep is orphaned
        print(leftover_processes(grace_s=0.5))
        print(leftover_processes(grace_s=0.5))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    first, second = run.stdout.splitlines()
    assert "sleep: sleep 300" in first and second == "[]"


def test_a_gently_stopped_run_that_recorded_a_complaint_without_saying_so_is_a_mismatch():
    record = clean_round(gently_stopped="SIGINT", stopped_results={"confirming.yaml": result("submitted", "102")},
                         ledger_after_stop=[recorded(PAYING, "101"), recorded(CONFIRMING, "102")])
    assert ("mismatches", "paying.yaml: the run stopped by SIGINT recorded it [('submitted', '101')] but printed no "
                          "result for it") in find_defects(record)
    assert found(record) == {"mismatches": 1}
    nothing_recorded = clean_round(gently_stopped="SIGTERM", stopped_results={}, ledger_after_stop=[])
    assert found(nothing_recorded) == {}
