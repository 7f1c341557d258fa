"""Commands that only read the state folder start without the browser's modules: `history` is run
after every batch and in scripts, and loading Playwright and the spec models would triple its start."""

from __future__ import annotations

from pathlib import Path

from support import modules_loaded_by


def test_history_reads_the_ledger_without_loading_the_browser_or_the_spec_models(tmp_path: Path) -> None:
    new_ledger = f"from autoreport.store.state import StateDir; StateDir.resolve({str(tmp_path)!r}).open_ledger()"
    assert modules_loaded_by(["history", "--json", "--state-dir", str(tmp_path)],
                             of=("playwright", "pydantic", "jinja2"), before=new_ledger) == []
