"""The benchmark script runs end to end. Its figures are not judged here: speed is the benchmark's
business, not the tests'; this only keeps `make bench` from rotting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_quick_benchmark_measures_everything_it_reports(tmp_path):
    results_file = tmp_path / "latest.json"
    run = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--results", str(results_file)],
                         capture_output=True, text=True, timeout=900)
    # 0: every target met, 1: one missed (the batch ratio, as the README explains); 2 would mean a
    # measured command failed or the mock did not receive every complaint.
    assert run.returncode in (0, 1), run.stderr
    results = json.loads(results_file.read_text())
    assert [target["name"] for target in results["targets"]] == [
        "--help cold start (median)", "--help imports no playwright", "validate imports no playwright",
        "one complaint to receipt, tracing retain-on-failure", "one complaint to receipt, tracing off",
        "batch --jobs 1 vs separate runs", "batch --jobs 2 vs --jobs 1", "batch --jobs 2 peak memory, PSS sum"]
    assert results["cold_start"]["help"]["heavy_modules_imported"] == []
    singles = results["single_complaint"]
    assert set(singles) == {"tracing_off", "tracing_retain_on_failure", "form_at_once"}
    for single in singles.values():
        assert 0 < single["to_receipt_s"] < single["total_s"]
        assert len(single["steps_s"]) == 11
    assert [results["complaints"][key]["complaints"] for key in ("separate", "jobs_1", "jobs_2", "steps_alone")] \
        == [5, 5, 5, 5]
    assert len(results["complaints"]["steps_alone"]["runs_s"]) == 5
    assert "no batch can do better than" in run.stdout
    assert results["complaints"]["jobs_2"]["peak_processes"] > results["complaints"]["jobs_1"]["peak_processes"]
    assert f"results: {results_file}" in run.stdout
