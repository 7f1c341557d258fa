"""Benchmark autoreport against the embedded mock marketplace.

    python bench/run.py            # the full benchmark (a few minutes)
    python bench/run.py --quick    # a smoke test: fewer repetitions, 5 complaints instead of 20

Measures cold starts, validation, one complaint step by step, batches of complaints and their
peak memory, prints each figure against its target and writes bench/results/latest.json.
Every complaint must exit 0 and arrive at the mock, or the benchmark stops: a benchmark that
silently failed is worthless. Run it on an otherwise idle machine: the load average at the start
is recorded because other work skews every figure.

The measurements are in measure.py (the commands they time in commands.py, the memory sampler in
memory.py, the specs and the served mock in workspace.py), the targets and the table in report.py;
probes/ holds the scripts measured in processes of their own (imports, browser launch, the steps alone).

Exit status: 0 every target met, 1 a target missed, 2 the benchmark itself failed.
Needs psutil (the memory sampler).
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
from measure import (
    batch,
    browser_launch,
    cold_start,
    separate_runs,
    single_complaint,
    steps_alone,
    validate_many,
)
from report import print_table, targets
from workspace import ServedMock, Workspace

REPO = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer repetitions and 5 complaints instead of 20: a smoke test")
    parser.add_argument("--repeat", type=int, default=None,
                        help="repetitions of each cold start; the median is reported (default 5, 2 with --quick)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of the table")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help=f"where to write the results (default {RESULTS.relative_to(REPO)})")
    args = parser.parse_args()
    try:
        import psutil  # noqa: F401  (the memory sampler needs it; fail before measuring anything)
    except ImportError:
        parser.error("the benchmark needs psutil: pip install psutil")
    repeat = args.repeat or (2 if args.quick else 5)
    repeat_heavy = 1 if args.quick else 3  # launches and single complaints take seconds each
    complaints = 5 if args.quick else 20

    results = {
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "settings": {"quick": args.quick, "cold_start_repeat": repeat, "repeat": repeat_heavy,
                     "complaints": complaints},
        "machine": {"cpus": os.cpu_count(), "load_average_start": [round(x, 2) for x in os.getloadavg()],
                    "platform": platform.platform(), "python": platform.python_version(),
                    "playwright": version("playwright")},
    }
    if os.getloadavg()[0] >= 1:
        say(f"note: load average {os.getloadavg()[0]:.2f} at the start: other work will skew the figures")
    with tempfile.TemporaryDirectory(prefix="autoreport-bench-") as root:
        workspace = Workspace(Path(root))
        say("cold starts")
        one_spec = workspace.trade_rules_specs("validate-one", 1)
        results["cold_start"] = {"help": cold_start(["--help"], repeat),
                                 "validate": cold_start(["validate", str(one_spec[0])], repeat)}
        say("validate 100 specs")
        results["validate_many"] = validate_many(workspace.trade_rules_specs("validate-many", 100), repeat_heavy)
        say("browser launch")
        results["browser_launch"] = browser_launch(repeat_heavy)
        mock = ServedMock()
        try:
            say("one complaint")
            launch_s = results["browser_launch"]["launch_s"]
            results["single_complaint"] = {
                "tracing_off": single_complaint(mock, workspace, "off", repeat_heavy, launch_s),
                "tracing_retain_on_failure": single_complaint(mock, workspace, "retain-on-failure", repeat_heavy,
                                                              launch_s),
                # What the tool itself costs: the mock's deliberately late report form switched off.
                "form_at_once": single_complaint(mock, workspace, "retain-on-failure", repeat_heavy, launch_s,
                                                 late_form=False)}
            say(f"{complaints} complaints: separate runs, --jobs 1, --jobs 2")
            results["complaints"] = {"separate": separate_runs(mock, workspace, complaints),
                                     "jobs_1": batch(mock, workspace, complaints, jobs=1),
                                     "jobs_2": batch(mock, workspace, complaints, jobs=2),
                                     "steps_alone": steps_alone(mock, workspace, complaints)}
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
