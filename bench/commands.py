"""Running the measured commands: timed, checked, and with their memory sampled."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from memory import MemorySampler

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


def run_command(mock: ServedMock, specs: list[Path], state: Path, output: Path, *, tracing: str = "off",
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
