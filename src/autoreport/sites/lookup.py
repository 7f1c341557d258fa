"""Finding a complaint on the site again, and the proof that what was found is this complaint.

A look-up runs when the tool cannot know from its own ledger whether a complaint reached the site: an
answer to the submit was lost, a run died in the middle, another ledger may have filed it. The site
may hold other complaints on the same order (another reason, filed by hand or from another machine);
adopting one of those would lose this complaint and let the other be filed twice. So a complaint
found on the site is only taken as this one when every field the site shows agrees with the spec.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Lookup:
    """What a look-up found: the complaint's number when it is proven to be this one, or the
    complaints that may be this one but could not be proven (`unproven`, with `why`)."""

    number: str | None = None
    unproven: tuple[str, ...] = ()
    why: str = ""

    @property
    def proven(self) -> bool:
        return self.number is not None

    @property
    def nothing_found(self) -> bool:
        return self.number is None and not self.unproven


NOT_ON_SITE = Lookup()


def same_text(shown: str, expected: str) -> bool:
    """Sites reflow text (line ends, runs of spaces); the words must be the same."""
    return " ".join(shown.split()) == " ".join(expected.split())


@dataclass(frozen=True)
class Candidate:
    """A complaint on the site that might be this one: its number and the fields its page shows
    (None when its page could not be read)."""

    number: str
    shown: Mapping[str, str] | None


def judge(expected: Mapping[str, str], candidates: Iterable[Candidate]) -> Lookup:
    """Which candidate is provably this complaint. A candidate that differs in any field is another
    complaint and is left out; one whose page lacks a field cannot be told apart, so nothing is
    adopted while it exists. Two candidates that both agree are not told apart either."""
    proven, unknown, reasons = [], [], []
    for candidate in candidates:
        if candidate.shown is None:
            unknown.append(candidate.number)
            reasons.append(f"{candidate.number}: its page could not be read")
            continue
        missing = [name for name in expected if name not in candidate.shown]
        if any(name in candidate.shown and not same_text(candidate.shown[name], value)
               for name, value in expected.items()):
            continue  # provably another complaint
        if missing:
            unknown.append(candidate.number)
            reasons.append(f"{candidate.number}: the site does not show its {', '.join(missing)}")
        else:
            proven.append(candidate.number)
    if len(proven) == 1 and not unknown:
        return Lookup(number=proven[0])
    if len(proven) > 1:
        reasons.insert(0, f"{len(proven)} complaints on the site match it: {', '.join(proven)}")
    if proven or unknown:
        return Lookup(unproven=tuple(proven + unknown), why="; ".join(reasons))
    return NOT_ON_SITE


class ListingCache:
    """A list of the site's complaints read once for a whole batch, for the look-ups made before a
    complaint's first filing: a complaint the batch itself files meanwhile is another complaint (a
    batch refuses two specs of one complaint), so an earlier reading is still the right one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read: dict[str, Any] = {}

    def read(self, name: str, read: Callable[[], Any]) -> Any:
        with self._lock:
            if name not in self._read:
                self._read[name] = read()
            return self._read[name]
