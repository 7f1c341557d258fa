"""Small helpers shared by the test folders."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def trace_event_types(trace_zip: Path) -> set[str]:
    """The kinds of event a Playwright trace recorded: `before`/`after` an action, `frame-snapshot`
    (the DOM), `screencast-frame` (a screenshot of the film)."""
    with zipfile.ZipFile(trace_zip) as trace:
        lines = trace.read("trace.trace").decode().splitlines()
    return {json.loads(line)["type"] for line in lines if line.strip()}
