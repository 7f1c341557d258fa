"""The measurements: each runs its commands, checks they did what they should, and returns its figures."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from commands import (
    CLI,
    CLI_NAME,
    BenchmarkFailed,
    check_submitted,
    require_success,
    run_command,
    run_with_memory,
    timed,
    timed_to_receipt,
)
from workspace import ServedMock, Workspace

PROBES = Path(__file__).resolve().parent / "probes"


def imported_modules(arguments: list[str]) -> list[str]:
    completed = subprocess.run([sys.executable, str(PROBES / "imports.py"), *arguments], capture_output=True, text=True)
    marker = [line for line in completed.stdout.splitlines() if line.startswith("IMPORTED ")]
    if not marker:
        raise BenchmarkFailed(f"the import check of {arguments} printed nothing:\n{completed.stderr}")
    return json.loads(marker[-1].removeprefix("IMPORTED "))


def cold_start(arguments: list[str], repeat: int) -> dict:
    command = CLI + arguments
    require_success(timed(command)[1], " ".join(arguments))  # warms the file cache; not counted
    runs = []
    for _ in range(repeat):
        elapsed, completed = timed(command)
        require_success(completed, " ".join(arguments))
        runs.append(elapsed)
    imported = imported_modules(arguments)
    return {"command": f"{CLI_NAME} {arguments[0]}", "runs_s": runs, "median_s": statistics.median(runs),
            "heavy_modules_imported": imported, "imports_playwright": "playwright" in imported}


def validate_many(specs: list[Path], repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        elapsed, completed = timed(CLI + ["validate", *map(str, specs)])
        require_success(completed, "validate")
        if completed.stdout.count(": ok") != len(specs):
            raise BenchmarkFailed(f"validate did not accept all {len(specs)} specs:\n{completed.stdout[-2000:]}")
        runs.append(elapsed)
    middle = statistics.median(runs)
    return {"specs": len(specs), "runs_s": runs, "median_s": middle, "per_spec_s": middle / len(specs)}


def browser_launch(repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        completed = subprocess.run([sys.executable, str(PROBES / "launch.py")], capture_output=True, text=True)
        require_success(completed, "the launch probe")
        runs.append(json.loads(completed.stdout))
    phases = [key for key in runs[0] if key.endswith("_s")]
    medians = {key: statistics.median([run[key] for run in runs]) for key in phases}
    return {"browser": runs[0]["browser"], "found_by": runs[0]["found_by"], "runs": runs, "median": medians,
            # What the issue calls browser launch: the Playwright driver plus Chromium.
            "launch_s": medians["playwright_start_s"] + medians["chromium_launch_s"]}


def single_complaint(mock: ServedMock, workspace: Workspace, tracing: str, repeat: int, launch_s: float,
                     late_form: bool = True) -> dict:
    runs = []
    scenario = f"single-{tracing}" + ("" if late_form else "-form-at-once")
    for attempt in range(repeat):
        specs = workspace.trade_rules_specs(f"{scenario}-{attempt}", 1)
        state, output = workspace.scenario_folders(f"{scenario}-{attempt}")
        mock.prepare(specs, late_form=late_form)
        to_receipt, to_exit, completed = timed_to_receipt(run_command(mock, specs, state, output, tracing=tracing))
        result = check_submitted(completed, 1, f"one complaint ({scenario})")[0]
        mock.check_received(specs)
        receipt = json.loads((Path(result["output"]) / "receipt.json").read_text())
        runs.append({"to_receipt_s": to_receipt, "total_s": to_exit,
                     "steps_s": {step["name"]: step["duration_s"] for step in receipt["steps"]}})
    to_receipt = statistics.median([run["to_receipt_s"] for run in runs])
    total = statistics.median([run["total_s"] for run in runs])
    steps = {name: statistics.median([run["steps_s"][name] for run in runs]) for name in runs[0]["steps_s"]}
    return {"tracing": tracing, "late_form": late_form, "runs": runs, "to_receipt_s": to_receipt, "total_s": total,
            "steps_s": steps, "steps_sum_s": sum(steps.values()), "launch_s": launch_s,
            "other_s": to_receipt - sum(steps.values()) - launch_s}


def separate_runs(mock: ServedMock, workspace: Workspace, count: int) -> dict:
    specs = workspace.trade_rules_specs("separate", count)
    state, output = workspace.scenario_folders("separate")
    mock.prepare(specs)
    runs = []
    for spec in specs:
        elapsed, completed = timed(run_command(mock, [spec], state, output))
        check_submitted(completed, 1, f"separate run of {spec.name}")
        runs.append(elapsed)
    mock.check_received(specs)
    return {"complaints": count, "total_s": sum(runs), "per_complaint_s": sum(runs) / count, "runs_s": runs}


def batch(mock: ServedMock, workspace: Workspace, count: int, jobs: int) -> dict:
    specs = workspace.trade_rules_specs(f"batch-jobs-{jobs}", count)
    state, output = workspace.scenario_folders(f"batch-jobs-{jobs}")
    mock.prepare(specs)
    elapsed, completed, memory = run_with_memory(run_command(mock, specs, state, output, jobs=jobs))
    check_submitted(completed, count, f"batch --jobs {jobs}")
    mock.check_received(specs)
    return {"complaints": count, "jobs": jobs, "total_s": elapsed, "per_complaint_s": elapsed / count, **memory}


def steps_alone(mock: ServedMock, workspace: Workspace, count: int) -> dict:
    """The flow's steps with nothing around them, in one warm browser: the least a complaint costs."""
    specs = workspace.trade_rules_specs("steps-alone", count)
    mock.prepare(specs)
    completed = subprocess.run([sys.executable, str(PROBES / "steps_alone.py"), mock.url, *map(str, specs)],
                               capture_output=True, text=True)
    require_success(completed, "the steps-alone probe")
    complaints = json.loads(completed.stdout)
    if not all(complaint["complaint_number"] for complaint in complaints):
        raise BenchmarkFailed(f"the steps-alone probe read no complaint number for some complaints: {complaints}")
    mock.check_received(specs)
    seconds = [complaint["seconds"] for complaint in complaints]
    # The first complaint also warms the browser; the others are what a batch repeats.
    return {"complaints": count, "runs_s": seconds, "per_complaint_s": statistics.median(seconds[1:] or seconds)}
