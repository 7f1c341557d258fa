"""An IPR complaint's listings, each filed exactly once: split into complaints of at most 300 (the
platform's limit) in the order given, each listing marked in the ledger with the complaint that files it.

Before anything is filed, the ledger says what is left to do with each listing:
- filed already (`submitted`): skipped with its complaint's number, unless `--force`;
- under a complaint an earlier run left `pending` or `unverified`: that complaint, with exactly the
  listings it had, is settled first as any complaint is (looked up in Manage Complaints, recorded when
  found, filed again only when the platform shows nothing);
- neither: filed, in new complaints of at most 300.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from autoreport.filing.result import ComplaintResult, Outcome, what_is_filed
from autoreport.filing.spec_file import SpecFile
from autoreport.spec.catalog import IPR_LISTINGS_PER_COMPLAINT
from autoreport.spec.ipr import IprComplaint, ipr_category
from autoreport.store.ledger import SUBMITTED, Ledger


class ListingsTally:
    """How many of a spec's listings are filed, across its complaints (which may run in parallel)."""

    def __init__(self, total: int, filed: int = 0):
        self.total, self.filed = total, filed
        self._lock = threading.Lock()

    def add(self, count: int) -> int:
        with self._lock:
            self.filed += count
            return self.filed


@dataclass(frozen=True)
class ListingsPart:
    """One complaint's share of a spec's listings: which ones (their places in the spec) and the tally."""

    places: str  # "1-300", or "12-40, 97" for listings an earlier complaint carried
    count: int
    tally: ListingsTally


def places_of(positions: list[int]) -> str:
    """1-based positions as runs: [1, 2, 3, 7] -> '1-3, 7'; listings not in the spec are left out."""
    runs: list[list[int]] = []
    for position in sorted(positions):
        if runs and position == runs[-1][1] + 1:
            runs[-1][1] = position
        else:
            runs.append([position, position])
    return ", ".join(f"{first}-{last}" if first != last else str(first) for first, last in runs)


def split_into_complaints(spec_files: list[SpecFile], ledger: Ledger, site: str, *, force: bool,
                          say: Callable[[str], None]) -> tuple[list[SpecFile], list[ComplaintResult]]:
    """Each IPR spec as the complaints left to file, and a result for each complaint whose listings
    were all filed already; other specs pass through."""
    to_file: list[SpecFile] = []
    settled: list[ComplaintResult] = []
    for spec_file in spec_files:
        if not isinstance(spec_file.spec, IprComplaint):
            to_file.append(spec_file)
            continue
        parts, done = _plan(spec_file, ledger, site, force=force, say=say)
        to_file += parts
        settled += done
    return to_file, settled


def _plan(spec_file: SpecFile, ledger: Ledger, site: str, *, force: bool,
          say: Callable[[str], None]) -> tuple[list[SpecFile], list[ComplaintResult]]:
    spec: IprComplaint = spec_file.spec
    name = spec_file.path.name
    for duplicate in spec.duplicates:
        say(f"{name}: {duplicate}")
    order = spec.listings_in_order
    position = {listing: place for place, listing in enumerate(order, start=1)}
    marked = ledger.listings_marked(site, spec.kind, ipr_category(spec), spec.reason)
    filed: dict[str, list[str]] = {}  # complaint number -> its listings of this spec
    unsettled: dict[int, tuple[str, ...]] = {}  # an earlier complaint not settled -> all its listings
    fresh: list[str] = []
    for listing in order:
        entry = marked.get(listing)
        if entry is None or (force and entry.state == SUBMITTED):
            fresh.append(listing)
        elif entry.state == SUBMITTED:
            filed.setdefault(entry.complaint_number, []).append(listing)
        elif entry.id not in unsettled:
            unsettled[entry.id] = ledger.listings_of(entry.id)
    tally = ListingsTally(len(order), sum(map(len, filed.values())))
    done = []
    for number, listings in filed.items():
        places = places_of([position[listing] for listing in listings])
        say(f"{name}: listings {places} already filed as {number}; skipped (--force files them again)")
        done.append(ComplaintResult(spec_file.path, Outcome.SKIPPED_DUPLICATE, complaint_id=number,
                                    filed={**what_is_filed(spec), "listings": places}))
    chunks = [list(listings) for listings in unsettled.values()]
    carried = {listing for listings in chunks for listing in listings}
    fresh = [listing for listing in fresh if listing not in carried]
    chunks += [fresh[start:start + IPR_LISTINGS_PER_COMPLAINT]
               for start in range(0, len(fresh), IPR_LISTINGS_PER_COMPLAINT)]
    parts = []
    for listings in chunks:
        places = places_of([position[listing] for listing in listings if listing in position])
        part_spec = spec.model_copy(update={"listings": tuple(listings), "listings_file": None})
        parts.append(replace(spec_file, spec=part_spec,
                             listings_part=ListingsPart(places or "none of this spec's", len(listings), tally)))
    return parts, done
