"""Small helpers shared by the test folders."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def history(cli, **cli_options) -> list[dict]:
    """The ledger's rows, as `autoreport history --json` gives them."""
    return cli("history", "--json", **cli_options).json_lines()


def trace_event_types(trace_zip: Path) -> set[str]:
    """The kinds of event a Playwright trace recorded: `before`/`after` an action, `frame-snapshot`
    (the DOM), `screencast-frame` (a screenshot of the film)."""
    with zipfile.ZipFile(trace_zip) as trace:
        lines = trace.read("trace.trace").decode().splitlines()
    return {json.loads(line)["type"] for line in lines if line.strip()}


# A dispute appeal whose evidence list the test appends, one `  - path` line a file.
APPEAL_SPEC_HEAD = """\
version: 1
kind: dispute-appeal
order_number: '8000000000000002'
category: dispute-decision
details: The parcel never arrived.
evidence:
"""


def write_appeal_spec(path: Path, *evidence: str) -> Path:
    path.write_text(APPEAL_SPEC_HEAD + "".join(f"  - {entry}\n" for entry in evidence), encoding="utf-8")
    return path
