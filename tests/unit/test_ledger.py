"""The ledger's pending/submitted life cycle, and that a pending row survives the process."""

from __future__ import annotations

import stat
import subprocess
import sys

from autoreport.store.ledger import PENDING, SUBMITTED, ComplaintKey, Ledger
from autoreport.store.state import write_private

KEY = ComplaintKey("mock", "seller-report", "trade-rules", "payment-outside-platform", "8000000000000001")


def test_pending_then_submitted(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    entry_id = ledger.record_pending(KEY, "spec.yaml", "abc", "runs/1")
    assert ledger.find(KEY, PENDING).id == entry_id
    assert ledger.find(KEY, SUBMITTED) is None
    ledger.mark_submitted(entry_id, "100000000001")
    submitted = ledger.find(KEY, SUBMITTED)
    assert (submitted.id, submitted.complaint_number) == (entry_id, "100000000001")
    assert ledger.find(KEY, PENDING) is None


def test_other_reason_is_another_complaint(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    ledger.mark_submitted(ledger.record_pending(KEY, "spec.yaml", "abc", "runs/1"), "100000000001")
    other = ComplaintKey(KEY.site, KEY.kind, KEY.category, "malicious-harassment", KEY.target)
    assert ledger.find(other, SUBMITTED) is None


def test_forget_pending_removes_only_a_pending_row(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    pending = ledger.record_pending(KEY, "spec.yaml", "abc", "runs/1")
    ledger.forget_pending(pending)
    assert ledger.entries() == []
    submitted = ledger.record_pending(KEY, "spec.yaml", "abc", "runs/2")
    ledger.mark_submitted(submitted, "100000000001")
    ledger.forget_pending(submitted)  # a submitted complaint is never forgotten
    assert [(entry.id, entry.state) for entry in ledger.entries()] == [(submitted, SUBMITTED)]


def test_a_pending_row_is_on_disk_when_the_process_dies(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    code = (
        "import os; from pathlib import Path; from autoreport.store.ledger import Ledger, ComplaintKey;"
        f"Ledger(Path({str(path)!r})).record_pending(ComplaintKey(*{tuple(KEY.__dict__.values())!r}),"
        " 'spec.yaml', 'abc', 'runs/1'); os._exit(9)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    assert Ledger(path).find(KEY, PENDING) is not None


def test_session_files_are_private(tmp_path):
    path = tmp_path / "sessions" / "aliexpress.json"
    path.parent.mkdir()
    path.write_text("old")
    path.chmod(0o644)
    write_private(path, b"{}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes() == b"{}"



def test_every_row_is_in_the_ledger_file_itself(tmp_path):
    """A copy of ledger.sqlite3 alone, taken while the tool still has it open, holds every complaint."""
    path = tmp_path / "ledger.sqlite3"
    ledger = Ledger(path)
    ledger.mark_submitted(ledger.record_pending(KEY, "spec.yaml", "abc", "runs/1"), "100000000001")
    copy = tmp_path / "copy" / "ledger.sqlite3"
    copy.parent.mkdir()
    copy.write_bytes(path.read_bytes())
    assert not (tmp_path / "ledger.sqlite3-wal").exists()
    assert [entry.complaint_number for entry in Ledger(copy).entries()] == ["100000000001"]


def test_a_ledger_left_with_a_write_ahead_log_is_folded_back_into_its_file(tmp_path):
    """An older version kept recent rows in ledger.sqlite3-wal and exited without a checkpoint."""
    path = tmp_path / "ledger.sqlite3"
    code = (
        "import os, sqlite3; from autoreport.store.ledger import SCHEMA;"
        f"db = sqlite3.connect({str(path)!r}, isolation_level=None); db.execute('PRAGMA journal_mode=WAL');"
        "db.executescript(SCHEMA); db.execute(\"INSERT INTO complaints (site, kind, target, state, complaint_number,"
        " spec_path, spec_sha256, started_at) VALUES ('mock', 'dispute-review', '8000000000000002', 'submitted',"
        " '5', 's', 'x', '2026-01-01T00:00:00+00:00')\"); os._exit(0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
    assert (tmp_path / "ledger.sqlite3-wal").stat().st_size > 0
    Ledger(path).close()
    assert not (tmp_path / "ledger.sqlite3-wal").exists()
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(path.read_bytes())
    assert [entry.complaint_number for entry in Ledger(copy).entries()] == ["5"]


def test_unverified_rows_keep_their_candidates_and_are_forgotten_only_on_request(tmp_path):
    import json

    from autoreport.store.ledger import UNVERIFIED

    ledger = Ledger(tmp_path / "ledger.sqlite3")
    entry_id = ledger.record_pending(KEY, "spec.yaml", "abc", "runs/1")
    ledger.mark_unverified(entry_id, ("100000000007",), "100000000007: its page could not be read")
    entry = ledger.find(KEY, UNVERIFIED)
    assert (entry.id, entry.complaint_number) == (entry_id, None)
    assert json.loads(entry.details_json)["candidates"] == ["100000000007"]
    ledger.forget_pending(entry_id)  # not pending: stays
    assert ledger.find(KEY, UNVERIFIED) is not None
    ledger.forget_unverified(entry_id)
    assert ledger.entries() == []


def test_forget_takes_a_submitted_complaint_off_and_leaves_the_rest(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    ledger.mark_submitted(ledger.record_pending(KEY, "spec.yaml", "abc", "runs/1"), "100000000001")
    other = ComplaintKey(KEY.site, KEY.kind, KEY.category, "malicious-harassment", KEY.target)
    pending = ledger.record_pending(other, "other.yaml", "def", "runs/2")
    assert ledger.forget("100000000001") == 1
    assert ledger.find(KEY, SUBMITTED) is None
    assert [entry.id for entry in ledger.entries()] == [pending]
    assert ledger.forget("100000000001") == 0


def test_a_ledger_a_run_was_killed_writing_to_is_rolled_back_and_read(tmp_path):
    """kill -9 in the middle of a commit leaves a hot journal; the next run opens the ledger as it was."""
    path = tmp_path / "ledger.sqlite3"
    ledger = Ledger(path)
    ledger.mark_submitted(ledger.record_pending(KEY, "spec.yaml", "abc", "runs/1"), "100000000001")
    ledger.close()
    code = (
        "import os, sqlite3;"
        f"db = sqlite3.connect({str(path)!r}, isolation_level=None); db.execute('PRAGMA journal_mode=DELETE');"
        "db.execute('PRAGMA cache_size=1'); db.execute('BEGIN IMMEDIATE');"
        "[db.execute(\"UPDATE complaints SET spec_path = ? WHERE id = 1\", ('x' * 5000,)) for _ in range(3)];"
        "db.execute(\"INSERT INTO complaints (site, kind, target, state, spec_path, spec_sha256, started_at)"
        " SELECT site, kind, target, 'pending', spec_path, spec_sha256, started_at FROM complaints\");"
        "os._exit(9)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 9
    assert (tmp_path / "ledger.sqlite3-journal").stat().st_size > 0
    assert [(e.complaint_number, e.spec_path) for e in Ledger(path).entries()] == [("100000000001", "spec.yaml")]
