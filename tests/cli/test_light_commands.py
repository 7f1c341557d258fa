"""Commands that only read the state folder start without the browser's modules: `history` is run
after every batch and in scripts, and loading Playwright and the spec models would triple its start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("playwright", "pydantic", "jinja2")


def test_history_reads_the_ledger_without_loading_the_browser_or_the_spec_models(tmp_path: Path) -> None:
    program = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "import autoreport.cli\n"
        "from autoreport.store.state import StateDir\n"
        f"StateDir.resolve({str(tmp_path)!r}).open_ledger()\n"
        f"result = CliRunner().invoke(autoreport.cli.cli, ['history', '--json', '--state-dir', {str(tmp_path)!r}])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(sorted(name for name in {HEAVY!r} if name in sys.modules))\n"
    )
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"
