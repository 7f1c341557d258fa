"""What a complaint's site status means, and the next date that matters, from the waits the live site
announces: a report's answer within one to three days, an appeal's decision within 15 days, an accepted
appeal's coupons within 5 days of the decision.

Pure functions of the statuses and dates read from the site, so tests pass the current date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

REPORT_ANSWER_DAYS = 3  # "an answer comes within one to three days"
APPEAL_DECISION_DAYS = 15  # "a decision within 15 days"
COUPONS_APPEAR_DAYS = 5  # accepted: coupons "in the account within 5 days"

OPEN_REPORT_STATUSES = ("waiting process", "processing")
OPEN_APPEAL_STATUSES = ("complaint submitted", "under review")


@dataclass(frozen=True)
class NextDate:
    what: str
    due: date


@dataclass(frozen=True)
class Standing:
    state: str  # open | decided-accepted | decided-rejected | closed
    next: NextDate | None = None

    def overdue(self, today: date) -> bool:
        return self.next is not None and self.next.due < today


def report_standing(site_status: str, submitted: date) -> Standing:
    if site_status in OPEN_REPORT_STATUSES:
        return Standing("open", NextDate("answer expected", submitted + timedelta(days=REPORT_ANSWER_DAYS)))
    return Standing("closed")


def appeal_standing(site_status: str, sent: date, *, outcome: str | None = None, decided: date | None = None,
                    coupons_valid_until: date | None = None) -> Standing:
    if site_status in OPEN_APPEAL_STATUSES or outcome is None:
        return Standing("open", NextDate("decision due", sent + timedelta(days=APPEAL_DECISION_DAYS)))
    if outcome == "rejected":
        return Standing("decided-rejected")
    if coupons_valid_until is not None:
        return Standing("decided-accepted", NextDate("coupons expire", coupons_valid_until))
    decided_on = decided or sent
    return Standing("decided-accepted", NextDate("coupons appear by", decided_on + timedelta(days=COUPONS_APPEAR_DAYS)))
