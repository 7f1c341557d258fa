"""The ledger: every complaint the tool filed (or was filing when it stopped), in SQLite.

A row is written as `pending` and committed before the submit click, then becomes `submitted` with
the site's complaint number; a `pending` row left by a crash is reconciled against the site by the
next run before anything is submitted again.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PENDING = "pending"
SUBMITTED = "submitted"

SCHEMA = """
CREATE TABLE IF NOT EXISTS complaints (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT,
    reason TEXT,
    target TEXT NOT NULL,          -- order number or product link
    state TEXT NOT NULL,           -- pending | submitted
    complaint_number TEXT,
    spec_path TEXT NOT NULL,
    spec_sha256 TEXT NOT NULL,
    run_folder TEXT,
    started_at TEXT NOT NULL,
    submitted_at TEXT,
    site_status TEXT,              -- the site's own wording, as last read
    status_checked_at TEXT,
    details_json TEXT              -- what later commands add (coupons, decision dates)
);
CREATE INDEX IF NOT EXISTS complaints_key ON complaints (site, kind, category, reason, target);
"""


@dataclass(frozen=True)
class ComplaintKey:
    site: str
    kind: str
    category: str | None
    reason: str | None
    target: str


@dataclass(frozen=True)
class LedgerEntry:
    id: int
    key: ComplaintKey
    state: str
    complaint_number: str | None
    spec_path: str
    spec_sha256: str
    run_folder: str | None
    started_at: str
    submitted_at: str | None
    site_status: str | None
    status_checked_at: str | None
    details_json: str | None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = path
        # One connection for the run's workers; the lock keeps their transactions apart.
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        self._lock = threading.RLock()
        # FULL: a committed `pending` row is on disk before the submit click.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _select(self, where: str, params: tuple) -> list[LedgerEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, site, kind, category, reason, target, state, complaint_number, spec_path, spec_sha256,"
                " run_folder, started_at, submitted_at, site_status, status_checked_at, details_json"
                f" FROM complaints WHERE {where} ORDER BY id", params).fetchall()
        return [LedgerEntry(row[0], ComplaintKey(*row[1:6]), *row[6:]) for row in rows]

    def find(self, key: ComplaintKey, state: str) -> LedgerEntry | None:
        matches = self._select(
            "site = ? AND kind = ? AND category IS ? AND reason IS ? AND target = ? AND state = ?",
            (key.site, key.kind, key.category, key.reason, key.target, state))
        return matches[-1] if matches else None

    def entries(self, site: str | None = None) -> list[LedgerEntry]:
        return self._select("site = ?", (site,)) if site else self._select("1", ())

    def record_pending(self, key: ComplaintKey, spec_path: str, spec_sha256: str, run_folder: str) -> int:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO complaints (site, kind, category, reason, target, state, spec_path, spec_sha256,"
                " run_folder, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key.site, key.kind, key.category, key.reason, key.target, PENDING, spec_path, spec_sha256,
                 run_folder, utc_now()))
            return cursor.lastrowid

    def mark_submitted(self, entry_id: int, complaint_number: str, submitted_at: str | None = None) -> None:
        with self._transaction() as db:
            db.execute("UPDATE complaints SET state = ?, complaint_number = ?, submitted_at = ? WHERE id = ?",
                       (SUBMITTED, complaint_number, submitted_at or utc_now(), entry_id))

    def forget_pending(self, entry_id: int) -> None:
        """The site shows no such complaint: the pending row described a submit that never landed."""
        with self._transaction() as db:
            db.execute("DELETE FROM complaints WHERE id = ? AND state = ?", (entry_id, PENDING))

    def update_site_status(self, entry_id: int, site_status: str, details_json: str | None = None) -> None:
        with self._transaction() as db:
            db.execute("UPDATE complaints SET site_status = ?, status_checked_at = ?,"
                       " details_json = COALESCE(?, details_json) WHERE id = ?",
                       (site_status, utc_now(), details_json, entry_id))

    def forget(self, complaint_number: str) -> int:
        """Take a filed complaint off the ledger (withdrawn on the site, say); how many rows went."""
        with self._transaction() as db:
            return db.execute("DELETE FROM complaints WHERE complaint_number = ? AND state = ?",
                              (complaint_number, SUBMITTED)).rowcount
