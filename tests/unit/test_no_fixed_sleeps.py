"""The flows wait on page state, never on the clock."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "autoreport"
# A sleep in any spelling, Playwright's fixed wait, or a wait given a bare duration (Event.wait(5)).
FIXED_PAUSE = re.compile(r"\bsleep\(|\bwait_for_timeout\(|\.wait\((?!\)|timeout=)")
# Pauses the site's rules call for, not waits for a page: the gap between two submissions
# (--min-interval) and the second look for a complaint whose answer was lost. Ctrl-C ends both.
DELIBERATE_PAUSES = {
    "filing/complaint.py: self.run.stop_requested.wait(self.policy.settle_pause_s)",
    "filing/guards.py: if self.stop_requested.wait(remaining):",
}


def pauses_in_the_tool() -> set[str]:
    return {f"{path.relative_to(SOURCE)}: {line.strip()}"
            for path in sorted(SOURCE.rglob("*.py"))
            for line in path.read_text().splitlines()
            if FIXED_PAUSE.search(line) and not line.strip().startswith("#")}


def test_no_fixed_sleeps_in_the_tool():
    assert pauses_in_the_tool() - DELIBERATE_PAUSES == set()


def test_the_deliberate_pauses_are_still_there():
    # An entry the code no longer has would let a new pause of the same words in unnoticed.
    assert DELIBERATE_PAUSES <= pauses_in_the_tool()


def test_the_pattern_finds_a_sleep_in_any_spelling():
    for line in ("    time.sleep(2)", "sleep(delay)", "await asyncio.sleep(0.5)", "page.wait_for_timeout(500)",
                 "stop.wait(3)", "done.wait(seconds)"):
        assert FIXED_PAUSE.search(line), line


def test_the_pattern_leaves_waits_on_state_alone():
    for line in ("expect(button).to_be_visible()", "page.wait_for_load_state('load')", "site.wait()",
                 "worker.finished.wait(timeout=0.5)", "def log_before_sleep(state):", "state.upcoming_sleep)"):
        assert not FIXED_PAUSE.search(line), line
