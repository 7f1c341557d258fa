"""Breaking a run on purpose: `autoreport run` in the background, its progress lines as they come,
and kill -9 of its browser or of the whole process at a chosen moment."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path


def child_pids(pid: int) -> list[int]:
    children = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # the thread or the process ended meanwhile
            pass
    return children


def descendant_pids(pid: int) -> list[int]:
    children = child_pids(pid)
    return children + [grandchild for child in children for grandchild in descendant_pids(child)]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class BackgroundRun:
    """`python -m autoreport ARGS` in its own session, its stderr read line by line as it comes."""

    def __init__(self, args: list[str], *, cwd: Path, env: dict[str, str]):
        self.process = subprocess.Popen([sys.executable, "-m", "autoreport", *args], cwd=cwd, env=env,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        start_new_session=True)
        self.stderr_lines: list[str] = []
        self.stdout = ""
        self._line_came = threading.Condition()
        self._readers = [threading.Thread(target=self._read_stderr, daemon=True),
                         threading.Thread(target=self._read_stdout, daemon=True)]
        for reader in self._readers:
            reader.start()

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            with self._line_came:
                self.stderr_lines.append(line.rstrip("\n"))
                self._line_came.notify_all()
        with self._line_came:  # the end of the output is news too: nobody waits for a line after it
            self._line_came.notify_all()

    def _read_stdout(self) -> None:
        self.stdout = self.process.stdout.read()

    def wait_for_line(self, text: str, timeout: float = 60, *, times: int = 1) -> bool:
        """Until `times` stderr lines contain text; False if the output ended or timeout passed first."""

        def seen() -> bool:
            return sum(text in line for line in self.stderr_lines) >= times

        with self._line_came:
            self._line_came.wait_for(lambda: seen() or not self._readers[0].is_alive(), timeout=timeout)
            return seen()

    def browser_main_pids(self) -> list[int]:
        """Each Chromium's main process: launched by Playwright with a debugging pipe, which its helper
        processes (each with a --type) inherit."""
        return [pid for pid in descendant_pids(self.process.pid)
                if "--remote-debugging-pipe" in (line := command_line(pid)) and "--type=" not in line]

    def browser_pids(self) -> list[int]:
        """Chromium and its helpers; the Playwright processes that launched it survive."""
        return [pid for main in self.browser_main_pids() for pid in (main, *descendant_pids(main))]

    def driver_pids(self) -> list[int]:
        """The Playwright drivers: one per worker thread."""
        return [pid for pid in descendant_pids(self.process.pid) if "run-driver" in command_line(pid)]

    def kill_browser(self) -> list[int]:
        pids = self.browser_pids()
        kill_all(pids)
        return pids

    def kill_everything(self) -> None:
        """kill -9 of the tool's process group, and of what runs in sessions of its own (the tool's
        worker, Chromium): the tree is read first, as killed parents hand their children to init."""
        browser = descendant_pids(self.process.pid)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_all(browser)
        self.process.wait(timeout=30)

    def finish(self, timeout: float = 180) -> BackgroundRun:
        """Wait for the end of the run (killing it if it outlives timeout) and of its output."""
        try:
            self.process.wait(timeout=timeout)
        finally:
            if self.process.poll() is None:
                self.kill_everything()
        for reader in self._readers:
            reader.join(timeout=10)
        return self

    @property
    def exit_code(self) -> int | None:
        return self.process.returncode

    @property
    def stderr(self) -> str:
        return "\n".join(self.stderr_lines)

    @property
    def only_result(self) -> dict:
        (result,) = [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]
        return result


def history(cli, **cli_options) -> list[dict]:
    """The ledger's rows, as `autoreport history --json` gives them."""
    run = cli("history", "--json", **cli_options)
    return [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
