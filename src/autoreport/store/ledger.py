"""The ledger: every complaint the tool filed (or was filing when it stopped), in SQLite.

A row is written as `pending` and committed before the submit click, then becomes `submitted` with
the site's complaint number; a `pending` row left by a crash is reconciled against the site by the
next run before anything is submitted again. A row is `unverified` when the site shows a complaint
that may be this one but cannot be proven to be: it is never filed again by itself.

The file is SQLite with a rollback journal: every committed row is in `ledger.sqlite3` itself, so
the file alone can be copied, moved or backed up (a write-ahead log would hold recent rows in a
second file until a checkpoint).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PENDING = "pending"
SUBMITTED = "submitted"
UNVERIFIED = "unverified"
STATES = (PENDING, SUBMITTED, UNVERIFIED)

SCHEMA = """
CREATE TABLE IF NOT EXISTS complaints (
    id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT,
    reason TEXT,
    target TEXT NOT NULL,          -- order number or product link
    state TEXT NOT NULL,           -- pending | submitted | unverified
    complaint_number TEXT,
    spec_path TEXT NOT NULL,
    spec_sha256 TEXT NOT NULL,
    run_folder TEXT,
    started_at TEXT NOT NULL,
    submitted_at TEXT,
    site_status TEXT,              -- the site's own wording, as last read
    status_checked_at TEXT,
    details_json TEXT              -- what later commands add (coupons, decision dates); for an
                                   -- unverified row, the complaints on the site that may be it
);
CREATE INDEX IF NOT EXISTS complaints_key ON complaints (site, kind, category, reason, target);
-- An IPR complaint names many listings: each is marked here with the complaint that files it, so that
-- a listing is filed once whichever complaint of whichever run carries it.
CREATE TABLE IF NOT EXISTS listings (
    complaint_id INTEGER NOT NULL REFERENCES complaints (id),
    listing TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS listings_of ON listings (complaint_id);
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


class LedgerUnreadable(Exception):
    """The file is not a ledger this version can use: another program's database, a damaged one, or
    a row that does not read as the tool writes it. Nothing was written to it."""


COLUMNS = ("id", "site", "kind", "category", "reason", "target", "state", "complaint_number", "spec_path",
           "spec_sha256", "run_folder", "started_at", "submitted_at", "site_status", "status_checked_at",
           "details_json")


def check_ledger_file(path: Path) -> None:
    """Refuse a file that is not a ledger, reading it only: a ledger with its table and every row
    as the tool writes them, or an empty database (a new one). The connection may write in one case:
    SQLite rolls back a transaction a killed run left half done (a `-journal` beside the file)."""
    try:
        db = sqlite3.connect(path, isolation_level=None, timeout=30)
    except sqlite3.OperationalError as error:
        raise LedgerUnreadable(str(error)) from None
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            raise LedgerUnreadable(f"the database is damaged: {verdict}")
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return
        if "complaints" not in tables:
            raise LedgerUnreadable(f"a database of another program (its tables: {', '.join(sorted(tables))})")
        columns = tuple(row[1] for row in db.execute("PRAGMA table_info(complaints)"))
        if columns != COLUMNS:
            raise LedgerUnreadable(f"its complaints table is not the ledger's (columns: {', '.join(columns)})")
        for row_id, state, *dates in db.execute(
                "SELECT id, state, started_at, submitted_at, status_checked_at FROM complaints"):
            if state not in STATES:
                raise LedgerUnreadable(f"row {row_id} has an unknown state {state!r}")
            for value in dates:
                if value is not None and not _is_timestamp(value):
                    raise LedgerUnreadable(f"row {row_id} has a date that is not one: {value!r}")
    except sqlite3.DatabaseError as error:
        raise LedgerUnreadable(str(error)) from None
    finally:
        db.close()


def _is_timestamp(value: object) -> bool:
    try:
        datetime.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


class Ledger:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = path
        if path.exists() and path.stat().st_size:
            check_ledger_file(path)
        # One connection for the run's workers; the lock keeps their transactions apart.
        self._db = sqlite3.connect(path, isolation_level=None, timeout=30, check_same_thread=False)
        self._lock = threading.RLock()
        # A rollback journal keeps every committed row in the ledger file itself (a ledger written by an
        # older version in WAL mode has its log folded back in here); FULL: a committed `pending` row is
        # on disk before the submit click.
        self._db.execute("PRAGMA journal_mode=DELETE")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

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

    def record_pending(self, key: ComplaintKey, spec_path: str, spec_sha256: str, run_folder: str,
                       listings: tuple[str, ...] = ()) -> int:
        """A complaint about to be filed, with the listings it names (an IPR complaint's), in one commit."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO complaints (site, kind, category, reason, target, state, spec_path, spec_sha256,"
                " run_folder, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key.site, key.kind, key.category, key.reason, key.target, PENDING, spec_path, spec_sha256,
                 run_folder, utc_now()))
            db.executemany("INSERT INTO listings (complaint_id, listing) VALUES (?, ?)",
                           [(cursor.lastrowid, listing) for listing in listings])
            return cursor.lastrowid

    def listings_marked(self, site: str, kind: str, category: str, reason: str) -> dict[str, LedgerEntry]:
        """Each listing some complaint of this IPR, type and reason names, with that complaint (the latest)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT listing, complaint_id FROM listings JOIN complaints ON complaints.id = complaint_id"
                " WHERE site = ? AND kind = ? AND category = ? AND reason = ? ORDER BY complaint_id",
                (site, kind, category, reason)).fetchall()
        entries = {entry.id: entry for entry in self._select(
            "id IN (SELECT complaint_id FROM listings)", ())} if rows else {}
        return {listing: entries[complaint_id] for listing, complaint_id in rows}

    def listings_of(self, entry_id: int) -> tuple[str, ...]:
        with self._lock:
            return tuple(row[0] for row in self._db.execute(
                "SELECT listing FROM listings WHERE complaint_id = ? ORDER BY rowid", (entry_id,)))

    def mark_submitted(self, entry_id: int, complaint_number: str, submitted_at: str | None = None) -> None:
        with self._transaction() as db:
            db.execute("UPDATE complaints SET state = ?, complaint_number = ?, submitted_at = ? WHERE id = ?",
                       (SUBMITTED, complaint_number, submitted_at or utc_now(), entry_id))

    def mark_unverified(self, entry_id: int, candidates: tuple[str, ...], why: str) -> None:
        with self._transaction() as db:
            db.execute("UPDATE complaints SET state = ?, details_json = ? WHERE id = ? AND state != ?",
                       (UNVERIFIED, json.dumps({"candidates": list(candidates), "why": why}), entry_id, SUBMITTED))

    def forget_pending(self, entry_id: int) -> None:
        """The site shows no such complaint: the pending row described a submit that never landed."""
        with self._transaction() as db:
            if db.execute("DELETE FROM complaints WHERE id = ? AND state = ?", (entry_id, PENDING)).rowcount:
                db.execute("DELETE FROM listings WHERE complaint_id = ?", (entry_id,))

    def forget_unverified(self, entry_id: int) -> None:
        """The person chose to file again (--force) over a complaint that could not be proven filed."""
        with self._transaction() as db:
            if db.execute("DELETE FROM complaints WHERE id = ? AND state = ?", (entry_id, UNVERIFIED)).rowcount:
                db.execute("DELETE FROM listings WHERE complaint_id = ?", (entry_id,))

    def update_site_status(self, entry_id: int, site_status: str, details_json: str | None = None) -> None:
        with self._transaction() as db:
            db.execute("UPDATE complaints SET site_status = ?, status_checked_at = ?,"
                       " details_json = COALESCE(?, details_json) WHERE id = ?",
                       (site_status, utc_now(), details_json, entry_id))

    def forget(self, complaint_number: str) -> int:
        """Take a filed complaint off the ledger (withdrawn on the site, say); how many rows went."""
        with self._transaction() as db:
            db.execute("DELETE FROM listings WHERE complaint_id IN (SELECT id FROM complaints"
                       " WHERE complaint_number = ? AND state = ?)", (complaint_number, SUBMITTED))
            return db.execute("DELETE FROM complaints WHERE complaint_number = ? AND state = ?",
                              (complaint_number, SUBMITTED)).rowcount
