"""Benchmark autoreport against the embedded mock marketplace, and against the floor: a hand-written
Playwright script that files the same complaint (handwritten.py).

    python bench/run.py            # the full benchmark (a quarter of an hour)
    python bench/run.py --quick    # a smoke test: one round, batches of 3 and 6 complaints

Measures cold starts, validation, one complaint to its receipt, batches of 20 complaints with --jobs 1
and 2, and a batch of 200: wall time and CPU time of every process of the run (Python, Playwright's
driver, the browser), peak memory, file descriptors, the ledger. The tool and the script run in turns,
so the machine's noise falls on both; each target is judged on the median of the rounds' ratios. Every
complaint must exit 0 and arrive at the mock, or the benchmark stops: a benchmark that silently failed
is worthless. The load average at the start and end is recorded because other work skews every figure.

The measurements are in measure.py (the commands they time in commands.py, the CPU clock of a process
tree in cpu.py, the sampler of memory, descriptors and CPU by process in sampler.py, the specs and the
served mock in workspace.py), the targets and the table in report.py; probes/ holds the scripts measured
in processes of their own (imports, browser launch, the steps alone).

Exit status: 0 every target met, 1 a target missed, 2 the benchmark itself failed.
Needs psutil (the sampler).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from commands import BenchmarkFailed
from cpu import adopt_orphans
from measure import (
    batches,
    browser_launch,
    cold_start,
    growth,
    one_complaint,
    steps_alone,
    validate_many,
)
from report import print_table, targets
from workspace import ServedMock, Workspace

from autoreport.browser.discovery import find_browser

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="one round, batches of 3 and 6 complaints: a smoke test")
    parser.add_argument("--repeat", type=int, default=None,
                        help="repetitions of each cold start; the median is reported (default 5, 2 with --quick)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="rounds of the tool against the script; medians are reported (default 5 for one "
                             "complaint and 3 for the batches, 1 with --quick)")
    parser.add_argument("--batch", type=int, default=None, help="complaints a batch (default 20, 3 with --quick)")
    parser.add_argument("--growth", type=int, default=None,
                        help="complaints of the long batch (default 200, 6 with --quick)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help=f"where to write the results (default {RESULTS.relative_to(REPO)})")
    args = parser.parse_args()
    try:
        import psutil  # noqa: F401  (the sampler needs it; fail before measuring anything)
    except ImportError:
        parser.error("the benchmark needs psutil: pip install psutil")
    repeat = args.repeat or (2 if args.quick else 5)
    launches = 1 if args.quick else 3
    one_rounds = args.rounds or (1 if args.quick else 5)
    batch_rounds = args.rounds or (1 if args.quick else 3)
    batch_size = args.batch or (3 if args.quick else 20)
    growth_size = args.growth or (6 if args.quick else 200)

    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {"quick": args.quick, "cold_start_repeat": repeat, "launch_repeat": launches,
                     "one_complaint_rounds": one_rounds, "batch_rounds": batch_rounds, "batch": batch_size,
                     "growth": growth_size},
        "machine": {"cpus": os.cpu_count(), "load_average_start": [round(x, 2) for x in os.getloadavg()],
                    "platform": platform.platform(), "python": platform.python_version(),
                    "playwright": version("playwright"), "cpu_counts_every_process": adopt_orphans()},
    }
    if os.getloadavg()[0] >= 1:
        say(f"note: load average {os.getloadavg()[0]:.2f} at the start: other work will skew the figures")
    browser = find_browser().executable_for(headless=True)  # the script launches what the tool launches
    with tempfile.TemporaryDirectory(prefix="autoreport-bench-") as root:
        workspace = Workspace(Path(root))
        say("cold starts")
        one_spec = workspace.trade_rules_specs("validate-one", 1)
        results["cold_start"] = {"help": cold_start(["--help"], repeat),
                                 "validate": cold_start(["validate", str(one_spec[0])], repeat)}
        say("validate 100 specs")
        results["validate_many"] = validate_many(workspace.trade_rules_specs("validate-many", 100), launches)
        say("browser launch")
        results["browser_launch"] = browser_launch(launches)
        mock = ServedMock()
        try:
            browser_path = str(browser) if browser else None
            say(f"one complaint, tool and hand-written script in turns, {one_rounds} rounds")
            results["one_complaint"] = one_complaint(mock, workspace, one_rounds, browser_path)
            say(f"{batch_size} complaints: --jobs 1, --jobs 2, the hand-written script, {batch_rounds} rounds")
            results["batches"] = batches(mock, workspace, batch_size, batch_rounds, browser_path)
            say(f"{growth_size} complaints, --jobs 2")
            results["growth"] = growth(mock, workspace, growth_size)
            say(f"the flow's steps alone, {batch_size} complaints")
            results["steps_alone"] = steps_alone(mock, workspace, batch_size)
        finally:
            mock.stop()
    results["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    results["targets"] = targets(results)

    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=2) + "\n")
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print_table(results)
        print(f"results: {args.results}")
    return 0 if all(target["passed"] for target in results["targets"]) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchmarkFailed as failed:
        print(f"benchmark failed: {failed}", file=sys.stderr)
        sys.exit(2)
