"""The benchmark script runs end to end. Its figures are not judged here: speed is the benchmark's
business, not the tests'; this only keeps `make bench` from rotting."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# The smallest batches that still show what is measured: two workers side by side, and growth.
BATCH, GROWTH = 2, 4


def test_the_quick_benchmark_measures_everything_it_reports(tmp_path):
    results_file = tmp_path / "latest.json"
    run = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--batch", str(BATCH),
                          "--growth", str(GROWTH), "--results", str(results_file)],
                         capture_output=True, text=True, timeout=900)
    # 0: every target met, 1: one missed (the README says which, and why); 2 would mean a measured
    # command failed, left processes running, or the mock did not receive every complaint.
    assert run.returncode in (0, 1), run.stderr
    results = json.loads(results_file.read_text())
    assert [target["name"] for target in results["targets"]] == [
        "--help cold start (median)", "--help imports no playwright", "validate imports no playwright",
        "validate 100 specs (median)", "one complaint to receipt, tool / script",
        "one complaint CPU time, tool / script", f"batch of {BATCH} --jobs 1 / script's batch",
        f"batch of {BATCH} --jobs 2 vs --jobs 1", "batch --jobs 2 peak memory, PSS sum",
        *(f"{GROWTH} complaints / {BATCH}: {measure}" for measure in
          ("time a complaint", "CPU a complaint", "peak memory (RSS sum)", "open descriptors"))]
    assert results["cold_start"]["help"]["heavy_modules_imported"] == []
    assert results["machine"]["cpu_counts_every_process"] is True  # Linux: the orphans are reaped and counted
    one = results["one_complaint"]
    assert len(one["tool"]) == len(one["script"]) == 1
    for measured in one["tool"] + one["script"]:
        assert 0 < measured["to_receipt_s"] < measured["wall_s"]
        # Every process of the run is counted: Chromium's time is most of it.
        assert measured["cpu_s"] > measured["cpu_by_kind_s"]["chromium"] > measured["cpu_by_kind_s"]["python"] > 0
        assert measured["cpu_by_kind_s"]["node"] > 0
    assert len(one["steps_s"]) == 11
    batches = results["batches"]
    assert [run["complaints"] for key in ("jobs_1", "jobs_2", "script") for run in batches[key]] == [BATCH] * 3
    assert batches["jobs_2"][0]["peak_processes"] > batches["jobs_1"][0]["peak_processes"]
    assert results["growth"]["complaints"] == GROWTH and results["growth"]["ledger_bytes"] > 0
    assert results["growth"]["peak_fds"] > 0
    assert len(results["steps_alone"]["runs_s"]) == BATCH
    assert "CPU by process, script:" in run.stdout
    assert f"results: {results_file}" in run.stdout
