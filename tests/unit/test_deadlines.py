"""Deadlines from statuses and dates, with the current date passed in."""

from __future__ import annotations

from datetime import date

import pytest

from autoreport.deadlines import NextDate, Standing, appeal_standing, report_standing

SENT = date(2026, 11, 1)


@pytest.mark.parametrize(("status", "expected"), [
    ("waiting process", Standing("open", NextDate("answer expected", date(2026, 11, 4)))),
    ("processing", Standing("open", NextDate("answer expected", date(2026, 11, 4)))),
    ("case closed(has been established)", Standing("upheld")),
    ("case closed(has not been established)", Standing("rejected")),
    ("case withdraw", Standing("withdrawn")),
    ("not listed", Standing("not-listed")),
])
def test_report_standing(status, expected):
    assert report_standing(status, SENT) == expected


def test_an_open_appeal_is_due_fifteen_days_after_it_was_sent():
    standing = appeal_standing("under review", SENT)
    assert standing == Standing("open", NextDate("decision due", date(2026, 11, 16)))
    assert not standing.overdue(date(2026, 11, 16))
    assert standing.overdue(date(2026, 11, 17))


def test_accepted_appeal_coupons_appear_within_five_days_then_expire():
    waiting = appeal_standing("decision made", SENT, outcome="accepted", decided=date(2026, 11, 10))
    assert waiting == Standing("decided-accepted", NextDate("coupons appear by", date(2026, 11, 15)))
    claimed = appeal_standing("decision made", SENT, outcome="accepted", decided=date(2026, 11, 10),
                              coupons_valid_until=date(2027, 1, 12))
    assert claimed.next == NextDate("coupons expire", date(2027, 1, 12), when_past="expired")


def test_rejected_appeal_has_no_next_date():
    assert appeal_standing("decision made", SENT, outcome="rejected") == Standing("decided-rejected")


def test_coupons_past_their_date_are_expired_not_overdue():
    claimed = appeal_standing("decision made", SENT, outcome="accepted", decided=date(2026, 11, 10),
                              coupons_valid_until=date(2027, 1, 12))
    assert claimed.past(date(2027, 1, 12)) is None
    assert claimed.past(date(2027, 1, 13)) == "expired"
    assert claimed.expired(date(2027, 1, 13)) and not claimed.overdue(date(2027, 1, 13))
