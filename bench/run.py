"""Benchmark autoreport against the embedded mock marketplace.

    python bench/run.py            # the full benchmark (a few minutes)
    python bench/run.py --quick    # a smoke test: fewer repetitions, 5 complaints instead of 20

Measures cold starts, validation, one complaint step by step, batches of complaints and their
peak memory, prints each figure against its target and writes bench/results/latest.json.
Every complaint must exit 0 and arrive at the mock, or the benchmark stops: a benchmark that
silently failed is worthless. Run it on an otherwise idle machine: the load average at the start
is recorded because other work skews every figure.

Exit status: 0 every target met, 1 a target missed, 2 the benchmark itself failed.
Needs psutil (the memory sampler).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"
GIB = 1024 ** 3

# The console script next to this interpreter is what users run; `python -m` is the fallback.
CONSOLE_SCRIPT = Path(sys.executable).with_name("autoreport")
CLI = [str(CONSOLE_SCRIPT)] if CONSOLE_SCRIPT.is_file() else [sys.executable, "-m", "autoreport"]
CLI_NAME = "autoreport" if CONSOLE_SCRIPT.is_file() else "python -m autoreport"

# Modules that cost real start-up time; `--help` and `validate` should load none of playwright.
HEAVY_MODULES = ("playwright", "pydantic", "flask", "werkzeug", "jinja2", "rich", "PIL", "yaml", "tenacity")

# Runs the CLI in this interpreter, then reports which heavy modules it imported.
IMPORTS_PROBE = f"""
import json, sys
from autoreport.cli import main
sys.argv = ["autoreport", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\nIMPORTED " + json.dumps([name for name in {HEAVY_MODULES!r} if name in sys.modules]))
"""

# Times what a `run` does before its first step, phase by phase, the way filing.py does it.
LAUNCH_PROBE = """
import json, time
started = time.perf_counter()
from autoreport.browser import find_browser, start_playwright
imported = time.perf_counter()
choice = find_browser()
found = time.perf_counter()
playwright = start_playwright().start()
driver_up = time.perf_counter()
browser = playwright.chromium.launch(headless=True, **choice.launch_kwargs())
launched = time.perf_counter()
page = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900}).new_page()
page_ready = time.perf_counter()
browser.close()
playwright.stop()
stopped = time.perf_counter()
print(json.dumps({"import_playwright_s": imported - started, "find_browser_s": found - imported,
                  "playwright_start_s": driver_up - found, "chromium_launch_s": launched - driver_up,
                  "context_and_page_s": page_ready - launched, "close_s": stopped - page_ready,
                  "browser": str(choice.executable), "found_by": choice.found_by}))
"""

# The flow's own steps and nothing else, complaint after complaint in one warm browser: no runner,
# hooks, ledger, receipt, screenshot or trace. No batch can file a complaint faster than this.
STEPS_ALONE_PROBE = """
import json, sys, time
from pathlib import Path
from autoreport.browser import find_browser, start_playwright
from autoreport.filing import SpecFile
from autoreport.flow.step import FlowContext
from autoreport.sites.flows import flow_for
from autoreport.sites.pages import configure_waits, dismiss_obstacles_when_they_appear
from autoreport.sites.profile import mock_profile

base_url, *spec_paths = sys.argv[1:]
profile = mock_profile(base_url)
configure_waits(30)
playwright = start_playwright().start()
browser = playwright.chromium.launch(headless=True, **find_browser().launch_kwargs())
complaints = []
for path in map(Path, spec_paths):
    spec = SpecFile.load(path).spec
    started = time.perf_counter()
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dismiss_obstacles_when_they_appear(page)
    ctx = FlowContext(page=page, profile=profile, spec=spec, run_folder=path.parent,
                      evidence=list(spec.evidence))
    for step in flow_for(spec).steps(dry_run=False):
        step.action(ctx)
    context.close()
    complaints.append({"complaint_number": ctx.complaint_number, "seconds": time.perf_counter() - started})
browser.close()
playwright.stop()
print(json.dumps(complaints))
"""


class BenchmarkFailed(Exception):
    """A measured command failed or the mock did not get what was expected."""


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - started, completed


def timed_to_receipt(command: list[str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Seconds from process start to the receipt written (its file's time) and to the process's exit."""
    started_wall, started = time.time(), time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    to_exit = time.perf_counter() - started
    outputs = [json.loads(line)["output"] for line in completed.stdout.splitlines() if line.startswith("{")]
    receipt = Path(outputs[0]) / "receipt.json" if outputs and outputs[0] else None
    to_receipt = receipt.stat().st_mtime - started_wall if receipt and receipt.is_file() else float("nan")
    return to_receipt, to_exit, completed


def require_success(completed: subprocess.CompletedProcess, what: str) -> None:
    if completed.returncode != 0:
        tail = "\n".join((completed.stderr or completed.stdout).strip().splitlines()[-15:])
        raise BenchmarkFailed(f"{what} exited {completed.returncode}:\n{tail}")


# --- memory --------------------------------------------------------------------------------------

def pss_bytes(pid: int) -> int | None:
    """Proportional set size: shared pages (Chromium's, mostly) split among their sharers.
    smaps_rollup is Linux-only and costs milliseconds per process, so it is sampled sparingly."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    """Peak memory of a process and all its descendants (driver, browser, renderers) together:
    RSS every 50 ms; PSS every second, because reading it is what costs."""

    RSS_EVERY_S = 0.05
    PSS_EVERY_N = 20

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        import psutil

        self.psutil = psutil
        self.root = psutil.Process(pid)
        self.finished = threading.Event()
        self.peak_rss = 0
        self.peak_pss: int | None = None
        self.peak_processes = 0
        self.samples = 0
        self.sampling_cpu_s = 0.0  # this thread's own cost, reported so it can be judged

    def tree(self) -> list:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except self.psutil.NoSuchProcess:
            return []

    def run(self) -> None:
        while not self.finished.is_set():
            cpu_started = time.thread_time()
            processes = self.tree()
            rss = 0
            for process in processes:
                try:
                    rss += process.memory_info().rss
                except (self.psutil.NoSuchProcess, self.psutil.AccessDenied):
                    pass
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_processes = max(self.peak_processes, len(processes))
            if self.samples % self.PSS_EVERY_N == 0:
                sizes = [pss_bytes(process.pid) for process in processes]
                if any(size is not None for size in sizes):
                    pss = sum(size or 0 for size in sizes)
                    self.peak_pss = max(self.peak_pss or 0, pss)
            self.samples += 1
            self.sampling_cpu_s += time.thread_time() - cpu_started
            self.finished.wait(self.RSS_EVERY_S)

    def stop(self) -> dict:
        self.finished.set()
        self.join()
        return {"peak_rss_bytes": self.peak_rss, "peak_pss_bytes": self.peak_pss,
                "peak_processes": self.peak_processes, "samples": self.samples,
                "sampling_cpu_s": round(self.sampling_cpu_s, 3)}


# --- specs and the mock --------------------------------------------------------------------------

class Workspace:
    """A temporary folder with copies of the example evidence and specs generated next to them."""

    def __init__(self, root: Path):
        import yaml

        self.root = root
        self.evidence = root / "evidence"
        shutil.copytree(EXAMPLES / "evidence", self.evidence)
        self.template = yaml.safe_load((EXAMPLES / "trade-rules.yaml").read_text())
        self.next_order = 8_100_000_000_000_000  # 16 digits, apart from the mock's own orders

    def new_order_number(self) -> str:
        self.next_order += 1
        return str(self.next_order)

    def trade_rules_specs(self, folder: str, count: int) -> list[Path]:
        """Trade Rules complaints with two evidence files each, every one about another order."""
        import yaml

        target = self.root / folder
        target.mkdir()
        specs = []
        for number in range(count):
            spec = dict(self.template, order_number=self.new_order_number(),
                        evidence=[f"../evidence/{name}" for name in ("chat-screenshot.png", "parcel.jpg")])
            path = target / f"complaint-{number:03d}.yaml"
            path.write_text(yaml.safe_dump(spec, sort_keys=False))
            specs.append(path)
        return specs

    def scenario_folders(self, name: str) -> tuple[Path, Path]:
        """A fresh state folder (empty ledger) and output folder for one scenario."""
        return self.root / name / "state", self.root / name / "runs"


class Mock:
    """The embedded mock marketplace, driven through its control API."""

    def __init__(self):
        from autoreport.mock_site import MockSite

        self.site = MockSite().start()
        self.url = self.site.url

    def call(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.url}/__mock__/{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())

    def prepare(self, specs: list[Path], late_form: bool = True) -> None:
        """A clean mock that knows the orders the specs complain about; its report form arrives late
        (its default) unless late_form is False."""
        import yaml

        self.call("POST", "reset")
        if not late_form:
            self.call("POST", "faults", {"late_form_ms": 0})
        for spec in specs:
            order_number = yaml.safe_load(spec.read_text())["order_number"]
            self.call("POST", "orders", {"order_number": order_number, "dispute": "none"})

    def check_received(self, specs: list[Path]) -> None:
        import yaml

        expected = sorted(yaml.safe_load(spec.read_text())["order_number"] for spec in specs)
        received = sorted(submission.get("order_number") for submission in self.call("GET", "submissions"))
        if received != expected:
            raise BenchmarkFailed(f"the mock received {len(received)} complaints, expected {len(expected)}: "
                                  f"{received} != {expected}")

    def stop(self) -> None:
        self.site.stop()


def run_command(mock: Mock, specs: list[Path], state: Path, output: Path, *, tracing: str = "off",
                jobs: int | None = None) -> list[str]:
    command = [sys.executable, "-m", "autoreport", "run", *map(str, specs), "--site", "mock",
               "--base-url", mock.url, "--json", "--output", str(output), "--state-dir", str(state),
               "--min-interval", "0", "--tracing", tracing]
    return command + ["--jobs", str(jobs)] if jobs else command


def check_submitted(completed: subprocess.CompletedProcess, count: int, what: str) -> list[dict]:
    """Every complaint of the run must say `submitted` (not skipped as a duplicate, not failed)."""
    require_success(completed, what)
    results = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    statuses = [result["status"] for result in results]
    if statuses != ["submitted"] * count:
        raise BenchmarkFailed(f"{what}: expected {count} submitted complaints, got {statuses}")
    return results


def run_with_memory(command: list[str]) -> tuple[float, subprocess.CompletedProcess, dict]:
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True)
        sampler = MemorySampler(process.pid)
        sampler.start()
        returncode = process.wait()
        elapsed = time.perf_counter() - started
        memory = sampler.stop()
        stdout.seek(0)
        stderr.seek(0)
        completed = subprocess.CompletedProcess(command, returncode, stdout.read(), stderr.read())
    return elapsed, completed, memory


# --- the measurements ----------------------------------------------------------------------------

def imported_modules(arguments: list[str]) -> list[str]:
    completed = subprocess.run([sys.executable, "-c", IMPORTS_PROBE, *arguments], capture_output=True, text=True)
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
        completed = subprocess.run([sys.executable, "-c", LAUNCH_PROBE], capture_output=True, text=True)
        require_success(completed, "the launch probe")
        runs.append(json.loads(completed.stdout))
    phases = [key for key in runs[0] if key.endswith("_s")]
    medians = {key: statistics.median([run[key] for run in runs]) for key in phases}
    return {"browser": runs[0]["browser"], "found_by": runs[0]["found_by"], "runs": runs, "median": medians,
            # What the issue calls browser launch: the Playwright driver plus Chromium.
            "launch_s": medians["playwright_start_s"] + medians["chromium_launch_s"]}


def single_complaint(mock: Mock, workspace: Workspace, tracing: str, repeat: int, launch_s: float,
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


def separate_runs(mock: Mock, workspace: Workspace, count: int) -> dict:
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


def batch(mock: Mock, workspace: Workspace, count: int, jobs: int) -> dict:
    specs = workspace.trade_rules_specs(f"batch-jobs-{jobs}", count)
    state, output = workspace.scenario_folders(f"batch-jobs-{jobs}")
    mock.prepare(specs)
    elapsed, completed, memory = run_with_memory(run_command(mock, specs, state, output, jobs=jobs))
    check_submitted(completed, count, f"batch --jobs {jobs}")
    mock.check_received(specs)
    return {"complaints": count, "jobs": jobs, "total_s": elapsed, "per_complaint_s": elapsed / count, **memory}


def steps_alone(mock: Mock, workspace: Workspace, count: int) -> dict:
    """The flow's steps with nothing around them, in one warm browser: the least a complaint costs."""
    specs = workspace.trade_rules_specs("steps-alone", count)
    mock.prepare(specs)
    completed = subprocess.run([sys.executable, "-c", STEPS_ALONE_PROBE, mock.url, *map(str, specs)],
                               capture_output=True, text=True)
    require_success(completed, "the steps-alone probe")
    complaints = json.loads(completed.stdout)
    if not all(complaint["complaint_number"] for complaint in complaints):
        raise BenchmarkFailed(f"the steps-alone probe read no complaint number for some complaints: {complaints}")
    mock.check_received(specs)
    seconds = [complaint["seconds"] for complaint in complaints]
    # The first complaint also warms the browser; the others are what a batch repeats.
    return {"complaints": count, "runs_s": seconds, "per_complaint_s": statistics.median(seconds[1:] or seconds)}


# --- targets and the table -----------------------------------------------------------------------

def targets(results: dict) -> list[dict]:
    help_, singles = results["cold_start"]["help"], results["single_complaint"]
    separate, jobs_1, jobs_2 = (results["complaints"][key] for key in ("separate", "jobs_1", "jobs_2"))
    speed_up_1 = separate["total_s"] / jobs_1["total_s"]
    checks = [
        ("--help cold start (median)", help_["median_s"], "s", "< 0.3 s", help_["median_s"] < 0.3),
        ("--help imports no playwright", help_["imports_playwright"], "", "False", not help_["imports_playwright"]),
        ("validate imports no playwright", results["cold_start"]["validate"]["imports_playwright"], "", "False",
         not results["cold_start"]["validate"]["imports_playwright"]),
        *((f"one complaint to receipt, tracing {single['tracing']}", single["to_receipt_s"], "s", "< 2.5 s",
           single["to_receipt_s"] < 2.5) for single in (singles["tracing_retain_on_failure"], singles["tracing_off"])),
        ("batch --jobs 1 vs separate runs", speed_up_1, "x faster", ">= 3x", speed_up_1 >= 3),
        ("batch --jobs 2 vs --jobs 1", jobs_1["total_s"] / jobs_2["total_s"], "x faster", "> 1x",
         jobs_2["total_s"] < jobs_1["total_s"]),
    ]
    # Memory in all is the sum of PSS: a page shared by several processes counts once, split among
    # them; a sum of RSS counts it in each (printed below the table, for comparison).
    if jobs_2["peak_pss_bytes"] is not None:
        checks.append(("batch --jobs 2 peak memory, PSS sum", jobs_2["peak_pss_bytes"] / GIB, "GiB", "< 1 GiB",
                       jobs_2["peak_pss_bytes"] < GIB))
    else:
        checks.append(("batch --jobs 2 peak memory, RSS sum (no PSS here)", jobs_2["peak_rss_bytes"] / GIB, "GiB",
                       "< 1 GiB", jobs_2["peak_rss_bytes"] < GIB))
    return [{"name": name, "value": value, "unit": unit, "target": target, "passed": passed}
            for name, value, unit, target, passed in checks]


def show(value, unit: str) -> str:
    if isinstance(value, bool):
        return str(value)
    return f"{value:.3f} {unit}" if unit in ("s", "GiB") else f"{value:.2f}{unit}"


def print_table(results: dict) -> None:
    machine = results["machine"]
    print(f"autoreport benchmark  {results['started_at']}  {machine['cpus']} CPUs  "
          f"load average at start {machine['load_average_start']}  (quick: {results['settings']['quick']})")
    print(f"browser {results['browser_launch']['browser']} (found by {results['browser_launch']['found_by']}), "
          f"playwright {machine['playwright']}, python {machine['python']}\n")

    rows = [("measure", "value", "target", "result")]
    rows += [(t["name"], show(t["value"], t["unit"]), t["target"], "pass" if t["passed"] else "FAIL")
             for t in results["targets"]]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())

    cold, validate_100 = results["cold_start"], results["validate_many"]
    print(f"\ncold starts ({cold['help']['command']}, median of {len(cold['help']['runs_s'])}): "
          f"--help {cold['help']['median_s']:.3f} s, validate one spec {cold['validate']['median_s']:.3f} s")
    print(f"  heavy modules imported by --help: {', '.join(cold['help']['heavy_modules_imported']) or 'none'}; "
          f"by validate: {', '.join(cold['validate']['heavy_modules_imported']) or 'none'}")
    print(f"validate {validate_100['specs']} specs in one process: {validate_100['median_s']:.3f} s "
          f"({1000 * validate_100['per_spec_s']:.1f} ms a spec)")

    launch = results["browser_launch"]["median"]
    print("\nbefore the first step (separate process, medians): "
          + ", ".join(f"{key.removesuffix('_s').replace('_', ' ')} {value:.3f} s" for key, value in launch.items()))
    for single in results["single_complaint"].values():
        form = "" if single["late_form"] else ", the mock's report form at once (late_form_ms 0)"
        print(f"\none complaint, tracing {single['tracing']}{form} (median of {len(single['runs'])}), "
              "process start to receipt:")
        print(f"  {'browser launch (driver + chromium)':<36} {single['launch_s']:7.3f} s")
        for name, seconds in single["steps_s"].items():
            print(f"  {'step ' + name:<36} {seconds:7.3f} s")
        print(f"  {'other (imports, context, screenshot)':<36} {single['other_s']:7.3f} s")
        print(f"  {'to receipt':<36} {single['to_receipt_s']:7.3f} s")
        print(f"  {'to exit (browser and driver closed)':<36} {single['total_s']:7.3f} s")

    print()
    complaints = results["complaints"]
    separate = complaints["separate"]
    print(f"{separate['complaints']} complaints as separate runs: {separate['total_s']:.2f} s "
          f"({separate['per_complaint_s']:.2f} s each)")
    for key in ("jobs_1", "jobs_2"):
        run = complaints[key]
        pss = f", PSS {run['peak_pss_bytes'] / GIB:.3f} GiB" if run["peak_pss_bytes"] is not None else ""
        print(f"{run['complaints']} complaints, one batch --jobs {run['jobs']}: {run['total_s']:.2f} s "
              f"({run['per_complaint_s']:.2f} s each), peak RSS {run['peak_rss_bytes'] / GIB:.3f} GiB{pss} "
              f"over {run['peak_processes']} processes (sampler used {run['sampling_cpu_s']:.2f} s CPU)")
    alone = complaints["steps_alone"]
    print(f"the flow's steps alone, in one warm browser (no runner, receipt, screenshot or trace): "
          f"{alone['per_complaint_s']:.2f} s a complaint (median); no batch can do better than "
          f"{separate['per_complaint_s'] / alone['per_complaint_s']:.2f}x faster than separate runs")
    print(f"\nload average at end {machine['load_average_end']}")


# --- main ----------------------------------------------------------------------------------------

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
        mock = Mock()
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
