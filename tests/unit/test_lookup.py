"""The proof rule: a complaint found on the site is adopted only when every field it shows agrees."""

from __future__ import annotations

from autoreport.sites.lookup import NOT_ON_SITE, Candidate, ListingCache, Lookup, judge

EXPECTED = {"Reason": "Payment or refund outside AliExpress", "Description": "The seller asked for 20 USD.",
            "Evidence": "2"}


def shown(**changes) -> dict[str, str]:
    return {**EXPECTED, "Complaint number": "100000000001", **changes}


def test_a_candidate_that_agrees_in_every_field_is_adopted():
    assert judge(EXPECTED, [Candidate("100000000001", shown())]) == Lookup(number="100000000001")


def test_text_reflowed_by_the_site_still_agrees():
    reflowed = shown(Description="The seller  asked\nfor 20 USD. ")
    assert judge(EXPECTED, [Candidate("100000000001", reflowed)]).number == "100000000001"


def test_another_reason_on_the_same_order_is_another_complaint():
    other = Candidate("100000000002", shown(Reason="Asked to confirm receipt in advance"))
    assert judge(EXPECTED, [other]) == NOT_ON_SITE


def test_other_text_or_another_number_of_files_is_another_complaint():
    assert judge(EXPECTED, [Candidate("1", shown(Description="Something else.")),
                            Candidate("2", shown(Evidence="1"))]) == NOT_ON_SITE


def test_the_right_one_is_picked_among_other_complaints_of_the_order():
    found = judge(EXPECTED, [Candidate("2", shown(Reason="Malicious harassment")), Candidate("3", shown())])
    assert found.number == "3"


def test_a_page_that_cannot_be_read_proves_nothing_and_adopts_nothing():
    found = judge(EXPECTED, [Candidate("100000000001", None)])
    assert (found.number, found.unproven) == (None, ("100000000001",))
    assert found.why == "100000000001: its page could not be read"


def test_a_field_the_site_does_not_show_leaves_the_candidate_unproven():
    partial = {name: value for name, value in shown().items() if name != "Evidence"}
    found = judge(EXPECTED, [Candidate("7", partial)])
    assert (found.proven, found.unproven, found.why) == (False, ("7",), "7: the site does not show its Evidence")


def test_a_provable_match_beside_an_unreadable_candidate_is_not_adopted():
    found = judge(EXPECTED, [Candidate("1", shown()), Candidate("2", None)])
    assert (found.number, found.unproven) == (None, ("1", "2"))


def test_two_complaints_that_both_agree_are_not_told_apart():
    found = judge(EXPECTED, [Candidate("1", shown()), Candidate("2", shown())])
    assert (found.number, found.unproven) == (None, ("1", "2"))
    assert found.why.startswith("2 complaints on the site match it: 1, 2")


def test_no_candidate_is_nothing_found():
    assert judge(EXPECTED, []).nothing_found


def test_a_batch_reads_the_listing_once():
    cache, reads = ListingCache(), []
    for _ in range(3):
        assert cache.read("my-reports", lambda: reads.append(1) or ["row"]) == ["row"]
    assert reads == [1]
