"""Running the measured commands: timed (wall and CPU time of the whole process tree), checked, and
sampled while they run (memory, file descriptors, CPU time by kind of process)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cpu import ProcessesLeftRunning, children_cpu_s, reap_orphans
from sampler import TreeSampler

if TYPE_CHECKING:
    from workspace import ServedMock

# The console script next to this interpreter is what users run; `python -m` is the fallback.
CONSOLE_SCRIPT = Path(sys.executable).with_name("autoreport")
CLI = [str(CONSOLE_SCRIPT)] if CONSOLE_SCRIPT.is_file() else [sys.executable, "-m", "autoreport"]
CLI_NAME = "autoreport" if CONSOLE_SCRIPT.is_file() else "python -m autoreport"


class BenchmarkFailed(Exception):
    """A measured command failed or the mock did not get what was expected."""


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - started, completed


def require_success(completed: subprocess.CompletedProcess, what: str) -> None:
    if completed.returncode != 0:
        tail = "\n".join((completed.stderr or completed.stdout).strip().splitlines()[-15:])
        raise BenchmarkFailed(f"{what} exited {completed.returncode}:\n{tail}")


def run_command(mock: ServedMock, specs: list[Path], state: Path, output: Path, *, tracing: str | None = None,
                jobs: int | None = None, force: bool = False) -> list[str]:
    """`autoreport run` as a user runs it (the console script), with its defaults unless told otherwise
    (--force: no look-up on the site before filing)."""
    command = [*CLI, "run", *map(str, specs), "--site", "mock", "--base-url", mock.url, "--json",
               "--output", str(output), "--state-dir", str(state), "--min-interval", "0"]
    command += ["--tracing", tracing] if tracing else []
    command += ["--force"] if force else []
    return command + ["--jobs", str(jobs)] if jobs else command


def check_submitted(completed: subprocess.CompletedProcess, count: int, what: str) -> list[dict]:
    """Every complaint of the run must say `submitted` (not skipped as a duplicate, not failed)."""
    require_success(completed, what)
    results = [json.loads(line) for line in completed.stdout.splitlines() if line.startswith("{")]
    statuses = [result["status"] for result in results]
    if statuses != ["submitted"] * count:
        raise BenchmarkFailed(f"{what}: expected {count} submitted complaints, got {statuses}")
    return results


@dataclass
class Measured:
    """One measured command: wall time, CPU time of its whole process tree, and what was sampled."""

    completed: subprocess.CompletedProcess
    started_at: float  # time.time() at its start, to compare with the times of the files it wrote
    wall_s: float
    cpu_s: float
    tree: dict  # sampler.TreeSampler's figures

    def seconds_to(self, moment: float) -> float:
        """Seconds from the command's start to a moment given as time.time()."""
        return moment - self.started_at


def run_measured(command: list[str]) -> Measured:
    """Run the command to its end, and every process it started to theirs."""
    try:
        reap_orphans()  # those of an unmeasured command before (a probe's renderers): not this one's
    except ProcessesLeftRunning as left:
        raise BenchmarkFailed(f"before {' '.join(command[:3])}: {left}") from None
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        cpu_before = children_cpu_s()
        started_at, started = time.time(), time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True)
        sampler = TreeSampler(process.pid)
        sampler.start()
        returncode = process.wait()
        wall = time.perf_counter() - started
        tree = sampler.stop()
        try:
            reap_orphans()
        except ProcessesLeftRunning as left:
            raise BenchmarkFailed(f"{' '.join(command[:3])}: {left}") from None
        cpu = children_cpu_s() - cpu_before
        stdout.seek(0)
        stderr.seek(0)
        completed = subprocess.CompletedProcess(command, returncode, stdout.read(), stderr.read())
    return Measured(completed, started_at, wall, cpu, tree)
