"""Small helpers shared by the test folders."""

from __future__ import annotations

import hashlib
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
