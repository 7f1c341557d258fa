"""`make soak`, short: three rounds (one of each kind) of runs stopped at a random moment under a
fault of the mock's, then run again. Its table shows no defect, and the mock holds each complaint of
each round once. The checks themselves are shown able to fail in tests/unit/test_soak_checks.py."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from soak_checks import DEFECTS

REPO = Path(__file__).resolve().parents[2]
# Its three rounds: SIGTERM at a submit; Ctrl-C twice at a submit in a batch of two reasons on one order,
# the confirmation page failing; kill -9 at an appeal's receipt on a slow site.
SEED = 53


def test_a_short_soak_finds_no_defect_and_the_mock_holds_each_complaint_once(tmp_path):
    results_file = tmp_path / "soak.json"
    run = subprocess.run([sys.executable, str(REPO / "bench" / "soak.py"), "--rounds", "3", "--seed", str(SEED),
                          "--results", str(results_file)], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"soak: seed {SEED}, 3 round(s)" in run.stdout
    for defect in DEFECTS:
        assert re.search(rf"│ {defect}\s+│ 0\s+│", run.stdout), f"{defect}:\n{run.stdout}"
    results = json.loads(results_file.read_text())
    assert results["defects"] == {defect: 0 for defect in DEFECTS}
    assert [len(round["complaints"]) for round in results["rounds"]] == [1, 2, 2]
    for round in results["rounds"]:
        assert round["defects"] == [], round
        outcomes = set(round["outcomes"].values())
        assert outcomes <= {"submitted", "skipped-duplicate", "unverified"}, round
        held = {spec: numbers for spec, numbers in round["complaints"].items()
                if round["outcomes"][spec] != "unverified"}  # documented: an unverified one may not be on the site
        assert all(len(numbers) == 1 for numbers in held.values()), round
        assert len(round["commands"]) >= 2  # the stopped run and at least one more
