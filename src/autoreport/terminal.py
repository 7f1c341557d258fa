"""What the commands print: progress on stderr, results on stdout (a table, or JSON lines)."""

from __future__ import annotations

import json
from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from autoreport.filing import ComplaintResult, Outcome
from autoreport.flow.runner import Abort, FlowHooks
from autoreport.flow.step import StepStatus

_stderr = Console(stderr=True, highlight=False, soft_wrap=True)
_stdout = Console(highlight=False, soft_wrap=True)

OUTCOME_STYLE = {
    Outcome.SUBMITTED: "green", Outcome.DRY_RUN: "cyan", Outcome.SKIPPED_DUPLICATE: "yellow",
    Outcome.FAILED: "red", Outcome.NEEDS_HUMAN: "magenta", Outcome.ABORTED: "yellow", Outcome.UNVERIFIED: "red",
    Outcome.INVALID: "red",
}


def stderr_line(text: str) -> None:
    _stderr.print(text, markup=False)


class LiveProgress:
    """On a terminal: one live line per complaint with its current step, then its outcome."""

    def __init__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.display = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                TimeElapsedColumn(), console=_stderr, transient=False)

    def __enter__(self) -> LiveProgress:
        self.display.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.display.stop()

    def say(self, text: str) -> None:
        self.display.console.print(text, markup=False)

    def hook(self, label: str) -> FlowHooks:
        return _LiveComplaint(self.display, label)


class _LiveComplaint(FlowHooks):
    def __init__(self, display, label: str):
        self.display, self.label = display, label
        self.task = None

    def before_flow(self, steps, ctx) -> None:
        self.task = self.display.add_task(f"{self.label}: starting", total=len(steps))

    def before_each(self, step, position, total, ctx) -> None:
        self.display.update(self.task, description=f"{self.label}: {step.name}", completed=position - 1)

    def after_flow(self, results, error, ctx) -> None:
        done = sum(1 for r in results if r.status in (StepStatus.OK, StepStatus.SKIPPED))
        # The same word as the summary table: a flow stopped by Ctrl-C or by the person is aborted.
        outcome = "[green]done[/]" if error is None else "[yellow]aborted[/]" if isinstance(error, Abort) \
            else "[red]failed[/]"
        self.display.update(self.task, description=f"{self.label}: {outcome}", completed=done)


def progress_view() -> LiveProgress | None:
    """The live view on an interactive terminal; None where plain lines read better (CI, pipes)."""
    return LiveProgress() if _stderr.is_terminal else None


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
                   "site_status", "coupons")


def print_history(entries, as_json: bool) -> None:
    rows = [{"complaint_number": e.complaint_number, "state": e.state, "site": e.key.site, "kind": e.key.kind,
             "category": e.key.category, "reason": e.key.reason, "target": e.key.target,
             "submitted_at": e.submitted_at, "site_status": e.site_status, "spec": e.spec_path,
             "run_folder": e.run_folder, "coupons": coupons_of(e)} for e in entries]
    if as_json:
        for row in rows:
            print(json.dumps(row), flush=True)
        return
    table = Table(title="Ledger")
    for column in HISTORY_COLUMNS:
        table.add_column(column.replace("_", " "), overflow="fold")
    for row in rows:
        table.add_row(*(str(row[column] or "") for column in HISTORY_COLUMNS[:-1]), coupons_text(row["coupons"]))
    _stdout.print(table)


def coupons_of(entry) -> list[dict[str, str]]:
    """The coupons `autoreport coupons` claimed and recorded with the complaint."""
    return json.loads(entry.details_json).get("coupons", []) if entry.details_json else []


def coupons_text(coupons: list[dict[str, str]]) -> str:
    """`US $20.00 until 2027-01-27`, or `4 x US $5.00 until ...` for split coupons."""
    counted = Counter((coupon["amount"], coupon["valid_until"]) for coupon in coupons)
    return ", ".join(f"{f'{n} x ' if n > 1 else ''}US ${amount} until {until}"
                     for (amount, until), n in counted.items())


def print_status(rows, today, as_json: bool) -> None:
    if as_json:
        for row in rows:
            print(json.dumps(row.as_json(today)), flush=True)
        return
    table = Table(title=f"Complaints on {today.isoformat()}")
    for column in ("complaint", "kind", "category or dispute", "order or product", "submitted", "status",
                   "next date"):
        table.add_column(column, overflow="fold")
    for row in rows:
        upcoming = row.standing.next
        next_text = f"{upcoming.what} {upcoming.due.isoformat()}" if upcoming else ""
        if past := row.standing.past(today):
            next_text = f"[bold red]{next_text} ({past})[/]"
        table.add_row(row.complaint_number, row.kind, row.subject, row.target, row.submitted.isoformat(),
                      escape(status_text(row)), next_text)
    _stdout.print(table)


STATE_WORDS = {"decided-accepted": "accepted", "decided-rejected": "rejected", "not-listed": "not listed"}


def status_text(row) -> str:
    """`decision made (accepted): choose coupons with ...`: the site's words, what they mean, what to do."""
    meaning = STATE_WORDS.get(row.standing.state, row.standing.state)
    text = row.site_status if meaning == row.site_status else f"{row.site_status} ({meaning})"
    return f"{text}: {row.next_step}" if row.next_step else text
