"""The measurements: each runs its commands, checks they did what they should, and returns its figures."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from commands import (
    CLI,
    CLI_NAME,
    BenchmarkFailed,
    Measured,
    check_submitted,
    require_success,
    run_command,
    run_measured,
    timed,
)
from workspace import ServedMock, Workspace

PROBES = Path(__file__).resolve().parent / "probes"
HANDWRITTEN = Path(__file__).resolve().parent / "handwritten.py"


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


def script_command(mock: ServedMock, specs: list[Path], browser: str | None) -> list[str]:
    """The hand-written script, on the browser the tool launches (its path when not Playwright's own)."""
    return [sys.executable, str(HANDWRITTEN), *(["--executable-path", browser] if browser else []), mock.url,
            *map(str, specs)]


def tool_run(mock: ServedMock, workspace: Workspace, name: str, count: int, jobs: int | None = None,
             **options) -> dict:
    """`autoreport run` of count new complaints on a fresh ledger: times, CPU, and what it left.
    options: run_command's (tracing, force), to measure what a part of the run costs."""
    specs = workspace.trade_rules_specs(name, count)
    state, output = workspace.scenario_folders(name)
    mock.prepare(specs)
    measured = run_measured(run_command(mock, specs, state, output, jobs=jobs, **options))
    results = check_submitted(measured.completed, count, f"autoreport run ({name})")
    mock.check_received(specs)
    figures = figures_of(measured, count)
    figures["ledger_bytes"] = (state / "ledger.sqlite3").stat().st_size
    if count == 1:
        receipt = Path(results[0]["output"]) / "receipt.json"
        figures["to_receipt_s"] = measured.seconds_to(receipt.stat().st_mtime)
        figures["steps_s"] = {step["name"]: step["duration_s"]
                              for step in json.loads(receipt.read_text())["steps"]}
    return figures


def script_run(mock: ServedMock, workspace: Workspace, name: str, count: int, browser: str | None) -> dict:
    """The hand-written script filing count new complaints in one browser."""
    specs = workspace.trade_rules_specs(name, count)
    mock.prepare(specs)
    measured = run_measured(script_command(mock, specs, browser))
    require_success(measured.completed, f"the hand-written script ({name})")
    complaints = json.loads(measured.completed.stdout)
    if len(complaints) != count or not all(complaint["complaint_number"] for complaint in complaints):
        raise BenchmarkFailed(f"the hand-written script ({name}) read no complaint number for some: {complaints}")
    mock.check_received(specs)
    figures = figures_of(measured, count)
    if count == 1:
        figures["to_receipt_s"] = measured.seconds_to(complaints[0]["read_at"])
    return figures


def figures_of(measured: Measured, count: int) -> dict:
    return {"complaints": count, "wall_s": measured.wall_s, "cpu_s": measured.cpu_s,
            "wall_per_complaint_s": measured.wall_s / count, "cpu_per_complaint_s": measured.cpu_s / count,
            **measured.tree}


def alternating(scenario: str, rounds: int, runs: dict[str, Callable[[str], dict]]) -> dict[str, list[dict]]:
    """Each run once a round, in an order that turns by one each round, so that the machine's noise
    (other work, a warmer cache) falls on every one of them alike."""
    names = list(runs)
    measured: dict[str, list[dict]] = {name: [] for name in names}
    for round_ in range(rounds):
        turn = round_ % len(names)
        for name in names[turn:] + names[:turn]:
            measured[name].append(runs[name](f"{scenario}-{name}-{round_}"))
    return measured


def median_of(runs: list[dict], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def ratios(runs: list[dict], floors: list[dict], key: str) -> dict:
    """Each round's run against the floor measured in the same round, and their median."""
    each = [run[key] / floor[key] for run, floor in zip(runs, floors, strict=True)]
    return {"each": each, "median": statistics.median(each)}


def one_complaint(mock: ServedMock, workspace: Workspace, rounds: int, browser: str | None) -> dict:
    """One complaint to its receipt, `autoreport run` against the hand-written script, a process each;
    and, for the split of the tool's cost, the tool without its trace and without its look-up."""
    measured = alternating("one", rounds, {
        "tool": lambda name: tool_run(mock, workspace, name, 1),
        "script": lambda name: script_run(mock, workspace, name, 1, browser),
        "tool_tracing_off": lambda name: tool_run(mock, workspace, name, 1, tracing="off"),
        "tool_no_look_up": lambda name: tool_run(mock, workspace, name, 1, force=True)})
    tool, script = measured["tool"], measured["script"]
    steps = {step: statistics.median(run["steps_s"][step] for run in tool) for step in tool[0]["steps_s"]}
    return {"rounds": rounds, **measured, "steps_s": steps,
            **{f"{which}_{key}": median_of(runs, key) for which, runs in measured.items()
               for key in ("to_receipt_s", "wall_s", "cpu_s")},
            **{f"{which}_cpu_ratio": ratios(measured[which], script, "cpu_s")
               for which in ("tool_tracing_off", "tool_no_look_up")},
            "to_receipt_ratio": ratios(tool, script, "to_receipt_s"), "wall_ratio": ratios(tool, script, "wall_s"),
            "cpu_ratio": ratios(tool, script, "cpu_s")}


def batches(mock: ServedMock, workspace: Workspace, count: int, rounds: int, browser: str | None) -> dict:
    """count complaints as one batch: --jobs 1, --jobs 2, and the hand-written script's one browser; and
    --jobs 1 without its trace, for the split of the tool's cost."""
    measured = alternating("batch", rounds, {
        "jobs_1": lambda name: tool_run(mock, workspace, name, count, jobs=1),
        "jobs_2": lambda name: tool_run(mock, workspace, name, count, jobs=2),
        "script": lambda name: script_run(mock, workspace, name, count, browser),
        "jobs_1_tracing_off": lambda name: tool_run(mock, workspace, name, count, jobs=1, tracing="off")})
    jobs_1, jobs_2, script = measured["jobs_1"], measured["jobs_2"], measured["script"]
    return {"complaints": count, "rounds": rounds, **measured,
            **{f"{which}_{key}": median_of(runs, key) for which, runs in measured.items()
               for key in ("wall_per_complaint_s", "cpu_per_complaint_s", "peak_pss_bytes", "peak_rss_bytes")
               if all(run[key] is not None for run in runs)},
            "jobs_1_wall_ratio": ratios(jobs_1, script, "wall_s"), "jobs_1_cpu_ratio": ratios(jobs_1, script, "cpu_s"),
            "jobs_1_tracing_off_wall_ratio": ratios(measured["jobs_1_tracing_off"], script, "wall_s"),
            "jobs_1_tracing_off_cpu_ratio": ratios(measured["jobs_1_tracing_off"], script, "cpu_s"),
            "jobs_2_wall_ratio": ratios(jobs_2, script, "wall_s"), "jobs_2_cpu_ratio": ratios(jobs_2, script, "cpu_s"),
            "jobs_2_speed_up": speed_ups(jobs_1, jobs_2)}


def speed_ups(slower: list[dict], faster: list[dict]) -> dict:
    each = [one["wall_s"] / two["wall_s"] for one, two in zip(slower, faster, strict=True)]
    return {"each": each, "median": statistics.median(each)}


def growth(mock: ServedMock, workspace: Workspace, count: int) -> dict:
    """A long batch, --jobs 2: what each complaint costs, and what the run holds, as the batch grows."""
    return tool_run(mock, workspace, f"growth-{count}", count, jobs=2)


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
