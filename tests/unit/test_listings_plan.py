"""An IPR spec's listings as the complaints left to file: at most 300 each in the order given, a listing
filed already skipped with its number, one an earlier run left pending carried by exactly that complaint."""

from __future__ import annotations

from pathlib import Path

from autoreport.filing.listings import places_of, split_into_complaints
from autoreport.filing.result import Outcome
from autoreport.filing.spec_file import SpecFile
from autoreport.spec import validate_spec_data
from autoreport.store.ledger import PENDING, Ledger

SITE = "mock@http://127.0.0.1:1"


def item(number: int) -> str:
    return f"https://www.aliexpress.com/item/{1005006000000000 + number}.html"


def spec_file(tmp_path: Path, count: int, *, repeat: tuple[int, ...] = ()) -> SpecFile:
    listings = [item(n) for n in range(count)] + [item(n) for n in repeat]
    spec = validate_spec_data({"version": 1, "kind": "ipr-complaint", "platform": "aliexpress", "ipr": "30001234",
                               "complaint_type": "product-listing", "reason": "counterfeit", "listings": listings,
                               "details": "Copies of our NOVABUD earbuds."}, tmp_path)
    return SpecFile(tmp_path / "ipr.yaml", spec, "0" * 64)


def plan(ledger: Ledger, spec: SpecFile, *, force: bool = False):
    said: list[str] = []
    parts, settled = split_into_complaints([spec], ledger, SITE, force=force, say=said.append)
    return parts, settled, said


def file_part(ledger: Ledger, part: SpecFile, number: str | None) -> int:
    """The ledger's marks of a complaint filed (number given) or left pending by a killed run (None)."""
    entry_id = ledger.record_pending(part.key(SITE), str(part.path), part.sha256, "runs/x",
                                     part.spec.listings_in_order)
    if number:
        ledger.mark_submitted(entry_id, number)
    return entry_id


def test_650_listings_are_three_complaints_of_at_most_300_in_the_order_given(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        parts, settled, _ = plan(ledger, spec_file(tmp_path, 650))
    assert settled == []
    assert [len(part.spec.listings_in_order) for part in parts] == [300, 300, 50]
    assert [part.listings_part.places for part in parts] == ["1-300", "301-600", "601-650"]
    assert [listing for part in parts for listing in part.spec.listings_in_order] == [item(n) for n in range(650)]
    assert [part.label for part in parts][0] == "ipr.yaml listings 1-300"
    assert len({part.key(SITE) for part in parts}) == 3


def test_listings_filed_already_are_skipped_with_their_number_and_the_rest_filed(tmp_path):
    spec = spec_file(tmp_path, 650)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        first, _, _ = plan(ledger, spec)
        file_part(ledger, first[0], "100000000001")
        parts, settled, said = plan(ledger, spec)
        assert [part.listings_part.places for part in parts] == ["301-600", "601-650"]
        assert [(result.status, result.complaint_id, result.filed["listings"]) for result in settled] == [
            (Outcome.SKIPPED_DUPLICATE, "100000000001", "1-300")]
        assert "ipr.yaml: listings 1-300 already filed as 100000000001; skipped (--force files them again)" in said
        assert parts[0].listings_part.tally.filed == 300
        forced, settled, _ = plan(ledger, spec, force=True)
        assert [part.listings_part.places for part in forced] == ["1-300", "301-600", "601-650"] and settled == []


def test_a_complaint_left_pending_is_settled_first_with_exactly_its_listings(tmp_path):
    spec = spec_file(tmp_path, 650)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        first, _, _ = plan(ledger, spec)
        file_part(ledger, first[0], "100000000001")
        file_part(ledger, first[1], None)  # killed between the submit click and the number
        parts, _, _ = plan(ledger, spec)
        assert parts[0].spec.listings_in_order == first[1].spec.listings_in_order
        # The same key as the pending row: the complaint protocol finds it pending and looks it up first.
        assert ledger.find(parts[0].key(SITE), PENDING) is not None
        assert [part.listings_part.places for part in parts] == ["301-600", "601-650"]


def test_a_pending_row_that_never_landed_frees_its_listings(tmp_path):
    spec = spec_file(tmp_path, 5)
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        (part,), _, _ = plan(ledger, spec)
        ledger.forget_pending(file_part(ledger, part, None))
        assert ledger.listings_marked(SITE, "ipr-complaint", "30001234/product-listing", "counterfeit") == {}


def test_a_listing_given_twice_is_said_and_planned_once(tmp_path):
    with Ledger(tmp_path / "ledger.sqlite3") as ledger:
        (part,), _, said = plan(ledger, spec_file(tmp_path, 3, repeat=(1,)))
    assert part.spec.listings_in_order == (item(0), item(1), item(2))
    assert said == [f"ipr.yaml: listings.3 is the same listing as listings.1 ({item(1)}); it is filed once"]


def test_places_are_written_as_runs():
    assert places_of([1, 2, 3, 7, 9, 10]) == "1-3, 7, 9-10"
    assert places_of([5]) == "5"
