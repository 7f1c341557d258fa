"""Bad options and bad files met by the real program: one clear line naming the bad thing, the
documented exit code (2: invalid input, nothing launched; 1: failed while running), never a
traceback, and nothing the user had is lost. Here are the cases that need a process of their own (a
browser sent to an unreachable site, the entry point and its Ctrl-C shield); the refusals that need
none run in process, in tests/cli/test_refusals.py."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from support import EXAMPLES, closed_port

TRADE_RULES = str(EXAMPLES / "trade-rules.yaml")
SESSION = {"cookies": [], "origins": []}


def closed_url() -> str:
    """A loopback address nothing listens on: the browser is refused at once."""
    return f"http://127.0.0.1:{closed_port()}"


def refused(result, message: str, exit_code: int = 2) -> None:
    """The command ended with exit_code, its last line of stderr is message, and no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1] == message, result.stderr
    assert result.exit_code == exit_code, result.stderr


def test_the_program_refuses_a_damaged_ledger_from_its_shielded_work(cli, state_dir):
    """The entry point once: `run` works in a child shielded from Ctrl-C, and what the child refuses
    still ends the program with one line and exit 2, nothing lost."""
    state_dir.mkdir()
    ledger = state_dir / "ledger.sqlite3"
    ledger.write_text("my notes, not a ledger\n")
    result = cli("run", TRADE_RULES, "--site", "mock", "--dry-run")
    refused(result, f"error: {ledger}: not a ledger autoreport can read (file is not a database); "
                    "move it away to start a new one")
    assert ledger.read_text() == "my notes, not a ledger\n"


def test_status_on_an_unreachable_site_fails_in_one_line(cli):
    url = closed_url()
    result = cli("status", "--site", "mock", "--base-url", url)
    target = quote(f"{url}/health/myReports.htm", safe="")
    refused(result, f"error: could not read the site: Page.goto: net::ERR_CONNECTION_REFUSED at "
                    f"{url}/__mock__/sign-in?return_url={target}", exit_code=1)
    assert len(result.stderr.splitlines()) == 1


def test_coupons_on_an_unreachable_site_fails_in_one_line(cli):
    url = closed_url()
    result = cli("coupons", "8000000000000002", "--split", "--site", "mock", "--base-url", url)
    target = quote(f"{url}/p/dispute/detail.html?orderId=8000000000000002", safe="")
    refused(result, "error: could not claim the coupons of order 8000000000000002: Page.goto: "
                    f"net::ERR_CONNECTION_REFUSED at {url}/__mock__/sign-in?return_url={target}", exit_code=1)


def test_login_check_on_an_unreachable_site_fails_in_one_line(cli, tmp_path):
    url = closed_url()
    (tmp_path / "session.json").write_text(json.dumps(SESSION))
    result = cli("login", "--check", "--site", "mock", "--base-url", url, "--storage-state", "session.json")
    refused(result, "error: could not check the saved session: Page.goto: net::ERR_CONNECTION_REFUSED at "
                    f"{url}/health/reportIndex.htm", exit_code=1)


def test_login_on_an_unreachable_site_fails_in_one_line(cli, display, tmp_path):
    url = closed_url()
    result = cli("login", "--site", "mock", "--base-url", url, "--storage-state", "session.json")
    target = quote(f"{url}/health/reportIndex.htm", safe="")
    refused(result, "error: could not sign in: Page.goto: net::ERR_CONNECTION_REFUSED at "
                    f"{url}/login?return_url={target}", exit_code=1)
    assert not (tmp_path / "session.json").exists()


def test_an_output_folder_to_be_created_is_accepted(cli, tmp_path):
    """The check refuses only what cannot work: a folder that is not there yet is made by the run."""
    result = cli("run", TRADE_RULES, "--site", "mock", "--dry-run", "--json", "--retry-wait", "0",
                 "--output", "new/runs")
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "new" / "runs").glob("report-*.html"))) == 1
    assert Path(result.only_result["output"]).parent == Path("new/runs")
