"""What every spec model shares: frozen, no unknown fields, and the file a complaint was read from."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, PrivateAttr


class SpecModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ComplaintSpec(SpecModel):
    """One kind of complaint spec (the `kind` field tells them apart)."""

    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        """The spec file this complaint was read from (absolute), if it came from a file."""
        return self._source
