"""Bad options and bad files, in process: one clear line naming the bad thing, exit 2 (invalid input,
nothing launched), never a traceback, and nothing the user had is lost. What needs the real program
(a browser on an unreachable site, the entry point itself) is in tests/e2e/test_bad_options.py."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner, Result
from support import EXAMPLES

from autoreport.cli import cli

TRADE_RULES = str(EXAMPLES / "trade-rules.yaml")


def autoreport(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def refused(result: Result, message: str, exit_code: int = 2) -> None:
    """The command ended with exit_code, its last line of stderr is message, and no traceback: it
    ended by exiting, not by an exception let through."""
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.stderr.splitlines()[-1] == message, result.stderr
    assert result.exit_code == exit_code, result.stderr


# Commands that take --output, and what else each needs to get that far.
OUTPUT_COMMANDS = {
    "run": ["run", TRADE_RULES, "--site", "mock", "--dry-run"],
    "demo": ["demo"],
    "check-site": ["check-site", "--site", "mock"],
}


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_an_output_that_is_a_file_is_refused_before_anything_starts(command, tmp_path, state_dir):
    (tmp_path / "notes.txt").write_text("keep me")
    result = autoreport(*OUTPUT_COMMANDS[command], "--output", "notes.txt")
    refused(result, "Error: Invalid value for '--output': notes.txt is a file, not a folder")
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert not state_dir.exists()  # no ledger opened, nothing launched


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_an_output_under_a_file_is_refused_before_anything_starts(command, tmp_path, state_dir):
    (tmp_path / "notes.txt").write_text("keep me")
    result = autoreport(*OUTPUT_COMMANDS[command], "--output", "notes.txt/runs")
    refused(result, "Error: Invalid value for '--output': cannot create notes.txt/runs: "
                    "notes.txt is a file, not a folder")
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert not state_dir.exists()


# Commands that keep their ledger or sessions in the state folder.
STATE_COMMANDS = {
    "run": ["run", TRADE_RULES, "--site", "mock", "--dry-run"],
    "login": ["login", "--site", "mock", "--base-url", "http://127.0.0.1:1"],
    "login --check": ["login", "--check", "--site", "mock", "--base-url", "http://127.0.0.1:1"],
    "status": ["status", "--site", "mock", "--base-url", "http://127.0.0.1:1"],
    "coupons": ["coupons", "8000000000000002", "--single", "--site", "mock", "--base-url", "http://127.0.0.1:1"],
    "history": ["history"],
    "check-site": ["check-site", "--site", "mock"],
}


@pytest.mark.parametrize("command", STATE_COMMANDS)
def test_a_state_dir_that_is_a_file_is_refused(command, tmp_path):
    (tmp_path / "state.txt").write_text("keep me")
    result = autoreport(*STATE_COMMANDS[command], "--state-dir", "state.txt")
    refused(result, "Error: Invalid value for '--state-dir': state.txt is a file, not a folder")
    assert (tmp_path / "state.txt").read_text() == "keep me"


@pytest.mark.parametrize("command", ["run", "login", "history"])
def test_a_state_dir_from_the_environment_that_cannot_be_created_is_refused(command, tmp_path):
    (tmp_path / "state.txt").write_text("keep me")
    result = autoreport(*STATE_COMMANDS[command], env={"AUTOREPORT_STATE_DIR": "state.txt/autoreport"})
    refused(result, "Error: Invalid value for '--state-dir' (from AUTOREPORT_STATE_DIR): "
                    "cannot create state.txt/autoreport: state.txt is a file, not a folder")


@pytest.mark.parametrize("command", ["run", "status", "coupons", "history"])
def test_a_ledger_that_is_not_a_database_is_refused_and_left_alone(command, state_dir):
    state_dir.mkdir()
    ledger = state_dir / "ledger.sqlite3"
    ledger.write_text("my notes, not a ledger\n")
    result = autoreport(*STATE_COMMANDS[command])
    refused(result, f"error: {ledger}: not a ledger autoreport can read (file is not a database); "
                    "move it away to start a new one")
    assert ledger.read_text() == "my notes, not a ledger\n"
    assert sorted(p.name for p in state_dir.iterdir()) == ["ledger.sqlite3", "locks", "sessions"]


NOT_A_SESSION = {
    "not JSON": ("cookie=abc\n", "not valid JSON: Expecting value: line 1 column 1 (char 0)"),
    "no cookies": (json.dumps({"origins": []}),
                   'a JSON object with a "cookies" list, as `autoreport login` saves, was expected'),
}
SESSION_COMMANDS = {name: args for name, args in STATE_COMMANDS.items() if name != "history"}


@pytest.mark.parametrize("command", SESSION_COMMANDS)
@pytest.mark.parametrize("content", NOT_A_SESSION)
def test_a_storage_state_that_is_not_a_session_is_refused_and_left_alone(command, content, tmp_path, state_dir):
    text, reason = NOT_A_SESSION[content]
    (tmp_path / "session.json").write_text(text)
    result = autoreport(*SESSION_COMMANDS[command], "--storage-state", "session.json")
    refused(result, f"Error: Invalid value for '--storage-state': session.json: not a saved session ({reason})")
    assert (tmp_path / "session.json").read_text() == text  # login did not write over it
    assert not state_dir.exists()


def test_a_storage_state_that_is_a_folder_is_refused(tmp_path):
    (tmp_path / "sessions").mkdir()
    result = autoreport(*STATE_COMMANDS["status"], "--storage-state", "sessions")
    refused(result, "Error: Invalid value for '--storage-state': sessions is a folder, not a session file")


@pytest.mark.parametrize("command", ["run", "status", "login --check", "check-site"])
def test_a_saved_session_in_the_state_dir_that_is_not_one_is_refused(command, state_dir):
    session = state_dir / "sessions" / "mock.json"
    session.parent.mkdir(parents=True)
    session.write_text("{")
    result = autoreport(*SESSION_COMMANDS[command])
    refused(result, f"error: {session}: not a saved session "
                    "(not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1))")
    assert session.read_text() == "{"


BASE_URL_COMMANDS = {
    "run": ["run", TRADE_RULES, "--site", "mock", "--dry-run"],
    "login": ["login", "--site", "mock"],
    "status": ["status", "--site", "mock"],
    "coupons": ["coupons", "8000000000000002", "--single", "--site", "mock"],
    "check-site": ["check-site", "--site", "mock"],
}


@pytest.mark.parametrize("command", BASE_URL_COMMANDS)
def test_a_base_url_that_is_not_a_web_address_is_refused(command):
    result = autoreport(*BASE_URL_COMMANDS[command], "--base-url", "127.0.0.1:8000")
    refused(result, "Error: Invalid value for '--base-url': '127.0.0.1:8000' is not a web address: "
                    "give it as http://host:port")


def test_a_base_url_with_a_port_out_of_range_is_refused():
    result = autoreport(*BASE_URL_COMMANDS["status"], "--base-url", "http://127.0.0.1:99999")
    refused(result, "Error: Invalid value for '--base-url': 'http://127.0.0.1:99999' is not a valid URL "
                    "(Port out of range 0-65535)")


@pytest.mark.parametrize(("order", "reason"), [
    ("123", "must be 14 to 16 digits, got 3"),
    ("8000-0000-0000-0002", "must be digits only, as shown in My Orders, got '8000-0000-0000-0002'"),
])
def test_coupons_refuses_what_is_not_an_order_number(order, reason, state_dir):
    result = autoreport("coupons", order, "--single", "--site", "mock", "--base-url", "http://127.0.0.1:1")
    refused(result, f"Error: Invalid value for 'ORDER_NUMBER': {reason}")
    assert not state_dir.exists()


@pytest.mark.parametrize("port", ["-1", "70000"])
def test_mock_site_refuses_a_port_out_of_range(port):
    result = autoreport("mock-site", "--port", port)
    refused(result, f"Error: Invalid value for '--port': {port} is not in the range 0<=x<=65535.")


def test_mock_site_refuses_a_port_in_use():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = autoreport("mock-site", "--port", str(port))
    refused(result, f"Error: Invalid value for '--port': port {port} is in use")


def test_run_on_a_folder_without_specs_is_refused(tmp_path, state_dir):
    (tmp_path / "specs" / "evidence").mkdir(parents=True)
    (tmp_path / "specs" / "notes.txt").write_text("not a spec")
    result = autoreport("run", "specs", "--site", "mock")
    refused(result, "Error: Invalid value for SPECS: no spec in specs (no .yaml, .yml or .json file)")
    assert not state_dir.exists() and not (tmp_path / "autoreport-runs").exists()


def test_a_glob_that_matches_nothing_is_refused_alike(state_dir):
    result = autoreport("run", "specs/*.yaml", "--site", "mock")
    refused(result, "Error: Invalid value for SPECS: no spec matches specs/*.yaml")
    assert not state_dir.exists()
