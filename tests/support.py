"""Small helpers shared by the test folders."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


# A Chromium started outside Playwright (for --cdp-endpoint) needs what Playwright passes itself:
# no sandbox as root, and no background calls home, which a closed network refuses slowly.
SELF_STARTED_CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def devtools_port(profile: Path, timeout: float = 30) -> int:
    """The debugging port a Chromium started with --remote-debugging-port=0 chose: it writes it to
    DevToolsActivePort in its profile once it listens. A port picked beforehand and handed to it could
    be taken by another process in between."""
    active_port = profile / "DevToolsActivePort"
    deadline = time.monotonic() + timeout
    # Two lines when whole: the port, then the browser's debugging path.
    while len(lines := (active_port.read_text().splitlines() if active_port.is_file() else [])) < 2:
        if time.monotonic() > deadline:
            raise AssertionError(f"no DevToolsActivePort in {profile} within {timeout:.0f} s")
        time.sleep(0.05)
    return int(lines[0])


def closed_port() -> int:
    """A loopback port nothing listens on (the system's pick, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def history(cli, **cli_options) -> list[dict]:
    """The ledger's rows, as `autoreport history --json` gives them."""
    return cli("history", "--json", **cli_options).json_lines()


def modules_loaded_by(args: list[str], of: tuple[str, ...], before: str = "") -> list[str]:
    """Which of the modules `of` the command line loads to run `autoreport ARGS` (its exit status 0),
    in a fresh interpreter; `before` is Python run first (to set up a state folder, say)."""
    program = (
        "import json, sys\n"
        "from click.testing import CliRunner\n"
        "import autoreport.cli\n"
        f"{before}\n"
        f"result = CliRunner().invoke(autoreport.cli.cli, {args!r})\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(json.dumps(sorted(name for name in {of!r} if name in sys.modules)))\n"
    )
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout)


# The tests' runs of the tool keep no trace (tests/e2e/conftest.py): recording one is a fifth of a run's
# CPU, and only the tests of traces read them. These ask for a trace (--tracing), or with this, for the
# tool's own default (a trace kept when the run did not end well).
THE_TOOLS_OWN_TRACING = {"AUTOREPORT_TRACING": None}


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
