"""A complaint spec as a run files it: validated, with the file it came from and that file's hash."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autoreport.store.ledger import ComplaintKey


@dataclass(frozen=True)
class SpecFile:
    """A validated spec and the file it came from."""

    path: Path
    spec: Any
    sha256: str
    # One complaint's share of an IPR spec's listings (filing/listings.py); None for every other spec.
    listings_part: Any = None

    @property
    def label(self) -> str:
        """How the run names this complaint: the spec file's name, and its listings' places."""
        part = self.listings_part
        return f"{self.path.name} listings {part.places}" if part else self.path.name

    @classmethod
    def load(cls, path: Path) -> SpecFile:
        from autoreport.spec import load_spec

        spec = load_spec(path)
        return cls(path, spec, hashlib.sha256(path.read_bytes()).hexdigest())

    def key(self, site: str) -> ComplaintKey:
        from autoreport.spec import complaint_key

        return ComplaintKey(site, *complaint_key(self.spec))
