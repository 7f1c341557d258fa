"""What the commands print: progress on stderr, results on stdout (a table, or JSON lines)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table

from autoreport.filing import ComplaintResult, Outcome

_stderr = Console(stderr=True, highlight=False, soft_wrap=True)
_stdout = Console(highlight=False, soft_wrap=True)

OUTCOME_STYLE = {
    Outcome.SUBMITTED: "green", Outcome.DRY_RUN: "cyan", Outcome.SKIPPED_DUPLICATE: "yellow",
    Outcome.FAILED: "red", Outcome.NEEDS_HUMAN: "magenta", Outcome.ABORTED: "yellow",
}


def stderr_line(text: str) -> None:
    _stderr.print(text, markup=False)


def print_results(results: list[ComplaintResult], as_json: bool) -> None:
    if as_json:
        for result in results:
            print(json.dumps(result.as_json()), flush=True)
        return
    table = Table(title="Complaints")
    for column in ("spec", "status", "complaint", "output", "error"):
        table.add_column(column, overflow="fold")
    for result in results:
        table.add_row(str(result.spec), f"[{OUTCOME_STYLE[result.status]}]{result.status}[/]",
                      result.complaint_id or "", str(result.output or ""), result.error or "")
    _stdout.print(table)


HISTORY_COLUMNS = ("complaint_number", "state", "site", "kind", "category", "reason", "target", "submitted_at",
                   "site_status")


def print_history(entries, as_json: bool) -> None:
    rows = [{"complaint_number": e.complaint_number, "state": e.state, "site": e.key.site, "kind": e.key.kind,
             "category": e.key.category, "reason": e.key.reason, "target": e.key.target,
             "submitted_at": e.submitted_at, "site_status": e.site_status, "spec": e.spec_path,
             "run_folder": e.run_folder} for e in entries]
    if as_json:
        for row in rows:
            print(json.dumps(row), flush=True)
        return
    table = Table(title="Ledger")
    for column in HISTORY_COLUMNS:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(str(row[column] or "") for column in HISTORY_COLUMNS))
    _stdout.print(table)
