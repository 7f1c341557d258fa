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
# How the site words a closed report's verdict.
REPORT_VERDICTS = {"case closed(has been established)": "upheld",
                   "case closed(has not been established)": "rejected",
                   "case withdraw": "withdrawn"}
NOT_LISTED = "not listed"  # My Reports no longer shows the report (withdrawn on the site, say)


@dataclass(frozen=True)
class NextDate:
    what: str
    due: date
    # What a date gone by is: a wait the site promised is overdue; coupons past their date expired.
    when_past: str = "overdue"


@dataclass(frozen=True)
class Standing:
    # open | upheld | rejected | withdrawn | not-listed | closed (reports);
    # open | decided-accepted | decided-rejected (appeals); closed (reviews)
    state: str
    next: NextDate | None = None

    def past(self, today: date) -> str | None:
        """'overdue' or 'expired' once the next date has gone by; None before."""
        return self.next.when_past if self.next is not None and self.next.due < today else None

    def overdue(self, today: date) -> bool:
        return self.past(today) == "overdue"

    def expired(self, today: date) -> bool:
        return self.past(today) == "expired"


def report_standing(site_status: str, submitted: date) -> Standing:
    if site_status in OPEN_REPORT_STATUSES:
        return Standing("open", NextDate("answer expected", submitted + timedelta(days=REPORT_ANSWER_DAYS)))
    if site_status == NOT_LISTED:
        return Standing("not-listed")
    return Standing(REPORT_VERDICTS.get(site_status, "closed"))


def appeal_standing(site_status: str, sent: date, *, outcome: str | None = None, decided: date | None = None,
                    coupons_valid_until: date | None = None) -> Standing:
    if site_status in OPEN_APPEAL_STATUSES or outcome is None:
        return Standing("open", NextDate("decision due", sent + timedelta(days=APPEAL_DECISION_DAYS)))
    if outcome == "rejected":
        return Standing("decided-rejected")
    if coupons_valid_until is not None:
        return Standing("decided-accepted", NextDate("coupons expire", coupons_valid_until, when_past="expired"))
    decided_on = decided or sent
    return Standing("decided-accepted", NextDate("coupons appear by", decided_on + timedelta(days=COUPONS_APPEAR_DAYS)))
