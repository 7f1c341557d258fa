"""The flows wait on page state, never on the clock."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "autoreport"
FIXED_SLEEP = re.compile(r"\btime\.sleep\(|\bwait_for_timeout\(|\bsleep\(\s*\d")


def test_no_fixed_sleeps_in_the_tool():
    offenders = [f"{path.relative_to(SOURCE)}:{number}: {line.strip()}"
                 for path in sorted(SOURCE.rglob("*.py"))
                 for number, line in enumerate(path.read_text().splitlines(), start=1)
                 if FIXED_SLEEP.search(line) and not line.strip().startswith("#")]
    assert offenders == []


def test_the_pattern_finds_a_sleep():
    assert FIXED_SLEEP.search("    time.sleep(2)")
    assert FIXED_SLEEP.search("page.wait_for_timeout(500)")
