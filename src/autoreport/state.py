"""Where the tool keeps what outlives a run: the ledger and saved sessions."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

STATE_DIR_ENV = "AUTOREPORT_STATE_DIR"


@dataclass(frozen=True)
class StateDir:
    root: Path

    @classmethod
    def resolve(cls, explicit: Path | None = None) -> StateDir:
        if explicit is not None:
            return cls(Path(explicit).expanduser())
        if os.environ.get(STATE_DIR_ENV):
            return cls(Path(os.environ[STATE_DIR_ENV]).expanduser())
        from platformdirs import user_data_dir

        return cls(Path(user_data_dir("autoreport", appauthor=False)))

    @property
    def ledger_path(self) -> Path:
        return self.root / "ledger.sqlite3"

    def session_path(self, site: str) -> Path:
        return self.root / "sessions" / f"{site}.json"

    def ensure(self) -> None:
        # The folder holds session files: only the user may list it.
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.root / "sessions").mkdir(exist_ok=True, mode=0o700)


def write_private(path: Path, data: bytes) -> None:
    """Write a secret file (a saved session) readable by its owner only, from its first byte."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
    os.chmod(path, 0o600)  # O_CREAT's mode does not apply to a file that already existed
