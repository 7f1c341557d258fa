"""What the commands print: progress on stderr, results on stdout (a table, plain lines, CSV or JSON lines)."""

from __future__ import annotations

import json
from collections import Counter

from rich.console import Console
from rich.text import Text

from autoreport.filing.result import ComplaintResult, Outcome
from autoreport.flow.runner import Abort, FlowHooks
from autoreport.flow.step import StepStatus
from autoreport.tables import Column, print_rows

_stderr = Console(stderr=True, highlight=False, soft_wrap=True)

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


RESULT_COLUMNS = (Column("spec", "spec"), Column("status", "status", whole=True),
                  Column("complaint_id", "complaint", whole=True), Column("output", "output"), Column("error", "error"))


def print_results(results: list[ComplaintResult], output_format: str) -> None:
    if output_format == "json":
        for result in results:
            print(json.dumps(result.as_json()), flush=True)
        return
    rows = [{"spec": result.label, "status": Text(str(result.status), style=OUTCOME_STYLE[result.status]),
             "complaint_id": result.complaint_id, "output": str(result.output or ""), "error": result.error}
            for result in results]
    print_rows(RESULT_COLUMNS, rows, output_format, title="Complaints", leave_out_first=("output", "spec"))


def day(timestamp: str) -> str:
    """2026-11-27 of 2026-11-27T10:00:00+00:00: the table's day; plain lines and CSV keep the time."""
    return timestamp[:10]


HISTORY_COLUMNS = (Column("complaint_number", "complaint", whole=True), Column("state", "state", whole=True),
                   Column("site", "site"), Column("kind", "kind", whole=True),
                   Column("category", "category", whole=True), Column("reason", "reason", whole=True),
                   Column("order_number", "order", whole=True),
                   Column("product_url", "product"), Column("submitted_at", "submitted", whole=True, in_table=day),
                   Column("site_status", "site status"), Column("coupons", "coupons"))
# A narrow terminal's table keeps the complaint, what it is about, when and where it stands.
HISTORY_LEFT_OUT_FIRST = ("site", "reason", "category", "state", "kind", "coupons", "site_status")


def print_history(entries, output_format: str) -> None:
    rows = [{"complaint_number": e.complaint_number, "state": e.state, "site": e.key.site, "kind": e.key.kind,
             "category": e.key.category, "reason": e.key.reason, "target": e.key.target,
             "submitted_at": e.submitted_at, "site_status": e.site_status, "spec": e.spec_path,
             "run_folder": e.run_folder, "coupons": coupons_of(e)} for e in entries]
    if output_format == "json":
        for row in rows:
            print(json.dumps(row), flush=True)
        return
    for row in rows:
        order = row["target"].isdigit()
        row |= {"order_number": row["target"] if order else None, "product_url": None if order else row["target"],
                "coupons": coupons_text(row["coupons"])}
    print_rows(HISTORY_COLUMNS, rows, output_format, title="Ledger", leave_out_first=HISTORY_LEFT_OUT_FIRST)


def coupons_of(entry) -> list[dict[str, str]]:
    """The coupons `autoreport coupons` claimed and recorded with the complaint."""
    return json.loads(entry.details_json).get("coupons", []) if entry.details_json else []


def coupons_text(coupons: list[dict[str, str]]) -> str:
    """`US $20.00 until 2027-01-27`, or `4 x US $5.00 until ...` for split coupons."""
    counted = Counter((coupon["amount"], coupon["valid_until"]) for coupon in coupons)
    return ", ".join(f"{f'{n} x ' if n > 1 else ''}US ${amount} until {until}"
                     for (amount, until), n in counted.items())


STATUS_COLUMNS = (Column("complaint_number", "complaint", whole=True), Column("kind", "kind", whole=True),
                  Column("subject", "category or dispute"), Column("order_number", "order", whole=True),
                  Column("product_url", "product"), Column("submitted", "submitted", whole=True),
                  Column("status", "status"), Column("next", "next date"))


def print_status(rows, today, output_format: str) -> None:
    if output_format == "json":
        for row in rows:
            print(json.dumps(row.as_json(today)), flush=True)
        return
    lines = []
    for row in rows:
        upcoming = row.standing.next
        next_text = Text(f"{upcoming.what} {upcoming.due.isoformat()}" if upcoming else "")
        if past := row.standing.past(today):
            next_text = Text(f"{next_text} ({past})", style="bold red")
        order = row.target.split(" ")[0].isdigit()  # an order, or an order's item line (`... item 2`)
        lines.append({"complaint_number": row.complaint_number, "kind": row.kind, "subject": row.subject,
                      "order_number": row.target if order else None, "product_url": None if order else row.target,
                      "submitted": row.submitted.isoformat(), "status": status_text(row), "next": next_text})
    print_rows(STATUS_COLUMNS, lines, output_format, title=f"Complaints on {today.isoformat()}",
               leave_out_first=("kind", "subject"))


STATE_WORDS = {"decided-accepted": "accepted", "decided-rejected": "rejected", "not-listed": "not listed",
               "waiting-for-you": "your turn"}


def status_text(row) -> str:
    """`decision made (accepted): choose coupons with ...`: the site's words, what they mean, what to do."""
    meaning = STATE_WORDS.get(row.standing.state, row.standing.state)
    text = row.site_status if meaning == row.site_status else f"{row.site_status} ({meaning})"
    return f"{text}: {row.next_step}" if row.next_step else text
