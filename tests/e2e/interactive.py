"""Drive `autoreport` as a person at a terminal would: read its prompts, answer them one by one."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

# A Chromium started outside Playwright (for --cdp-endpoint) needs what Playwright passes itself:
# no sandbox as root, and no background calls home, which a closed network refuses slowly.
SELF_STARTED_CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class InteractiveRun:
    """An `autoreport` process whose stderr is read line by line while the test answers on stdin."""

    def __init__(self, args: list[str], *, cwd: Path, env: dict[str, str]):
        # Its own process group, as a command started from a shell has: Ctrl-C can then be sent to it.
        self.process = subprocess.Popen([sys.executable, "-m", "autoreport", *args], cwd=cwd,
                                        env={**os.environ, **env}, text=True, bufsize=1, process_group=0,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """The first stderr line from now on that contains text."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"the process ended before saying {text!r}:\n" + "\n".join(self.seen))
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} within {timeout} s:\n" + "\n".join(self.seen))

    def answer(self, text: str) -> None:
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def finish(self, timeout: float = 120) -> tuple[int, list[dict]]:
        self.process.stdin.close()
        stdout = self.process.stdout.read()
        code = self.process.wait(timeout=timeout)
        while (line := self.lines.get(timeout=10)) is not None:
            self.seen.append(line)
        return code, [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]

    def submit_and_finish(self, last_step: str) -> tuple[int, list[dict]]:
        """In step-through mode at the submit prompt: type yes, run the last step, wait for the end."""
        self.answer("yes")
        self.wait_for(last_step)
        self.answer("")
        return self.finish()

    def ctrl_c_after(self, text: str) -> tuple[int, list[dict]]:
        """Press Ctrl-C once the command has said `text`, and wait for its end."""
        self.wait_for(text)
        self.press_ctrl_c()
        return self.finish()

    def press_ctrl_c(self) -> None:
        """What a terminal does on Ctrl-C: SIGINT to the command's whole process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def kill(self) -> None:
        """End the command and whatever it started (its filing child dies with it)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
