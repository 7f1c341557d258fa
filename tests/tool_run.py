"""The one way the tests run the tool: `python -m autoreport ARGS` as a process of its own, as a person
starts it from a shell, its output read line by line as it comes.

A test either lets it finish (`ToolRun(...).finish()`, what the `cli` fixture does), or talks to it
while it runs: waits for a line, answers on stdin, presses Ctrl-C, kills its browser or the whole
tool at a chosen moment.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path


def child_pids(pid: int) -> list[int]:
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # the process ended before its threads could be listed
        return []
    children = []
    for task in tasks:
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


def is_a_shell(pid: int) -> bool:
    """Whether the process runs a shell: Debian's chromium-headless-shell is a script that starts the browser
    as its child, with the browser's command line."""
    try:
        return Path(os.readlink(f"/proc/{pid}/exe")).name in ("sh", "dash", "bash")
    except OSError:
        return False


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class ToolRun:
    """`python -m autoreport ARGS` in its own process group, as a command started from a shell is
    (Ctrl-C and kill -9 can then be sent to the whole command).

    stdin: the text given is sent and stdin closed, as `command < file` does; with `answers=True` it
    stays open for the test to answer prompts (`answer`) until `finish` closes it. env: variables set
    over the test's own environment; one set to None is taken out of it.
    """

    def __init__(self, args: list[str], *, cwd: Path, env: dict[str, str | None] | None = None,
                 stdin: str | None = None, answers: bool = False):
        self.args = args
        environment = {name: value for name, value in {**os.environ, **(env or {})}.items() if value is not None}
        self.process = subprocess.Popen([sys.executable, "-m", "autoreport", *args], cwd=cwd,
                                        env=environment, text=True, bufsize=1,
                                        process_group=0, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.stderr_lines: list[str] = []
        self.stderr = ""  # as it came, line breaks and all
        self.stdout = ""
        self._read_up_to = 0  # wait_for's place in stderr_lines: a prompt is answered once
        self._line_came = threading.Condition()
        self._readers = [threading.Thread(target=self._read_stderr, daemon=True),
                         threading.Thread(target=self._read_stdout, daemon=True)]
        for reader in self._readers:
            reader.start()
        if not answers:
            self._close_stdin(stdin or "")

    def _close_stdin(self, text: str = "") -> None:
        try:
            if text:
                self.process.stdin.write(text)
            self.process.stdin.close()
        except BrokenPipeError:  # the tool ended without reading it
            pass

    def _read_stderr(self) -> None:
        for line in self.process.stderr:
            with self._line_came:
                self.stderr += line
                self.stderr_lines.append(line.rstrip("\n"))
                self._line_came.notify_all()
        with self._line_came:  # the end of the output is news too: nobody waits for a line after it
            self._line_came.notify_all()

    def _read_stdout(self) -> None:
        self.stdout = self.process.stdout.read()

    def _output_ended(self) -> bool:
        return not self._readers[0].is_alive()

    # --- talking to it while it runs

    def wait_for_line(self, text: str, timeout: float = 60, *, times: int = 1) -> bool:
        """Until `times` lines of everything it said on stderr contain text; False if the output
        ended or timeout passed first."""

        def seen() -> bool:
            return sum(text in line for line in self.stderr_lines) >= times

        with self._line_came:
            self._line_came.wait_for(lambda: seen() or self._output_ended(), timeout=timeout)
            return seen()

    def wait_for(self, text: str, timeout: float = 60) -> str:
        """The next stderr line containing text, after the one the last wait_for returned: prompts
        are answered in turn. Fails the test if the output ends or timeout passes first."""

        def found() -> int | None:
            return next((index for index in range(self._read_up_to, len(self.stderr_lines))
                         if text in self.stderr_lines[index]), None)

        with self._line_came:
            self._line_came.wait_for(lambda: found() is not None or self._output_ended(), timeout=timeout)
            index = found()
            if index is None:
                why = "the process ended" if self._output_ended() else f"{timeout} s passed"
                raise AssertionError(f"{why} before a line with {text!r}:\n{self.stderr}")
            self._read_up_to = index + 1
            return self.stderr_lines[index]

    def answer(self, text: str) -> None:
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def press_ctrl_c(self) -> None:
        """What a terminal does on Ctrl-C: SIGINT to the command's whole process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def ctrl_c_after(self, text: str) -> ToolRun:
        """Press Ctrl-C once the command has said `text`, and wait for its end."""
        self.wait_for(text)
        self.press_ctrl_c()
        return self.finish()

    def submit_and_finish(self, last_step: str) -> ToolRun:
        """In step-through mode at the submit prompt: type yes, run the last step, wait for the end."""
        self.answer("yes")
        self.wait_for(last_step)
        self.answer("")
        return self.finish()

    # --- its processes

    def browser_main_pids(self) -> list[int]:
        """Each Chromium's main process: launched by Playwright with a debugging pipe, which its helper
        processes (each with a --type) inherit."""
        return [pid for pid in descendant_pids(self.process.pid)
                if "--remote-debugging-pipe" in (line := command_line(pid)) and "--type=" not in line
                and not is_a_shell(pid)]

    def browser_profile(self) -> Path:
        """The profile folder of the one Chromium the tool launched."""
        (main,) = self.browser_main_pids()
        return Path(re.search(r"--user-data-dir=(\S+)", command_line(main))[1])

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
        if self.process.poll() is not None:
            return
        tree = descendant_pids(self.process.pid)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_all(tree)
        self.process.wait(timeout=30)

    # --- its end

    def finish(self, timeout: float = 180) -> ToolRun:
        """Wait for the end of the run (killing it if it outlives timeout, which fails the test) and
        of its output."""
        if not self.process.stdin.closed:
            self._close_stdin()
        try:
            self.process.wait(timeout=timeout)
        finally:
            self.kill_everything()
        for reader in self._readers:
            reader.join(timeout=10)
        return self

    @property
    def exit_code(self) -> int | None:
        return self.process.returncode

    def json_lines(self) -> list[dict]:
        """The JSON results it printed on stdout, one a line."""
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]

    @property
    def only_result(self) -> dict:
        (result,) = self.json_lines()
        return result
