"""`autoreport doctor` names the browser it will use and how it found it, and the state it keeps."""

from __future__ import annotations

import json
import os
import sqlite3

from support import EXAMPLES


def test_doctor_reports_the_browser(cli, browser_choice):
    result = cli("doctor")
    assert result.exit_code == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    assert lines["browser"].strip() == f"{browser_choice.executable} (found by: {browser_choice.found_by})"
    assert "Chrom" in lines["version"]
    assert lines["playwright"].strip()[0].isdigit()


def test_doctor_says_how_to_get_a_browser(cli, tmp_path):
    result = cli("doctor", "--browser-path", str(tmp_path / "no-such-browser"))
    assert result.exit_code == 1  # nothing can be filed without one
    assert "does not exist" in result.stdout
    assert "python -m playwright install chromium" in result.stdout


def test_doctor_says_the_environment_variable_found_the_browser(cli, browser_choice):
    result = cli("doctor", env={"AUTOREPORT_BROWSER": str(browser_choice.executable)})
    assert f"{browser_choice.executable} (found by: environment)" in result.stdout


def test_doctor_shows_the_state_folder_without_making_it(cli, tmp_path):
    state = tmp_path / "not-yet"
    result = cli("doctor", "--state-dir", str(state))
    assert result.exit_code == 0, result.stderr
    assert f"state:              {state} (not made yet: the first run makes it)" in result.stdout.splitlines()
    assert not state.exists()


def test_doctor_shows_the_ledger_and_the_saved_sessions_never_a_cookie(cli, run_on_mock, state_dir, tmp_path):
    from autoreport.store.state import StateDir

    assert run_on_mock(str(EXAMPLES / "trade-rules.yaml")).exit_code == 0
    session = StateDir(state_dir).session_path("aliexpress")
    session.write_text(json.dumps({"cookies": [{"name": "xman_t", "value": "secret-cookie-value"}], "origins": []}))
    os.chmod(session, 0o600)
    (StateDir(state_dir).session_path("mock")).write_text("not json")

    result = cli("doctor")
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines() if ": " in line)
    assert lines["state"].strip() == f"{state_dir} (mode 700)"
    assert lines["ledger"].strip() == f"{state_dir / 'ledger.sqlite3'} (1 complaint: 1 submitted)"
    assert lines["session aliexpress"].strip().startswith(f"{session} (saved ")
    assert lines["session aliexpress"].strip().endswith(", 1 cookie)")
    assert lines["session mock"].strip() == (f"{StateDir(state_dir).session_path('mock')}: not a saved session "
                                             "(not valid JSON: Expecting value: line 1 column 1 (char 0))")
    assert "secret-cookie-value" not in result.stdout + result.stderr


def test_doctor_says_a_ledger_it_cannot_read(cli, state_dir):
    state_dir.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(state_dir / "ledger.sqlite3")
    db.execute("CREATE TABLE photos (id INTEGER)")
    db.commit()
    db.close()
    result = cli("doctor")
    assert (f"ledger:             {state_dir / 'ledger.sqlite3'}: not a ledger autoreport can read "
            "(a database of another program (its tables: photos))") in result.stdout.splitlines()
