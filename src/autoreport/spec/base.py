"""What every spec model shares: frozen, no unknown fields, and the file it was read from."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, PrivateAttr


class _SpecModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Complaint(_SpecModel):
    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        """The spec file this complaint was read from (absolute), if it came from a file."""
        return self._source
