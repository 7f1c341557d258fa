"""What a running process tree holds and spends, sampled while it runs (Linux's /proc and psutil):
its peak memory, its open file descriptors, and its CPU time by kind of process."""

from __future__ import annotations

import threading
import time


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


def kind_of(command_line: list[str], is_root: bool) -> str:
    """Which part of a run a process is: the command's Python, Playwright's Node.js (the driver, the
    browser server), or Chromium (the browser, its helpers and renderers: a renderer forked from the
    zygote shows the zygote's command line for a while, so they are not told apart)."""
    if is_root or (command_line and "python" in command_line[0].rsplit("/", 1)[-1]):
        return "python"
    if command_line and command_line[0].rsplit("/", 1)[-1] == "node":
        return "node"
    return "chromium"


class TreeSampler(threading.Thread):
    """A process and all its descendants (driver, browser, renderers) together: RSS, the open file
    descriptors of its Python process and each process's CPU time every 50 ms; PSS every second, because reading it is
    what costs. The CPU time by kind is each process's last sample: a process's last 50 ms are lost,
    so the kinds add up to a little less than the tree's CPU time measured exactly (cpu.py)."""

    EVERY_S = 0.05
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
        self.peak_fds = 0
        self.last_fds = 0
        self.samples = 0
        self.cpu_by_pid: dict[int, tuple[str, float]] = {}
        self.sampling_cpu_s = 0.0  # this thread's own cost, reported so it can be judged

    def tree(self) -> list:
        try:
            return [self.root, *self.root.children(recursive=True)]
        except self.psutil.NoSuchProcess:
            return []

    def sample_process(self, process) -> tuple[int, int | None]:
        """The process's RSS and, for the tool's own Python processes, its open file descriptors;
        its CPU time is noted by kind."""
        with process.oneshot():
            rss = process.memory_info().rss
            times = process.cpu_times()
            known = self.cpu_by_pid.get(process.pid, (None,))[0]
            # A child seen between its fork and its exec still shows its Python parent's command line:
            # a process taken for Python is looked at again until it shows what it became.
            kind = known if known not in (None, "python") else kind_of(process.cmdline(), process == self.root)
            # The tool's own Python processes: the command and the child its Ctrl-C shield forks. A
            # Python process further down is a fork on its way to exec Node.js or Chromium, holding its
            # parent's descriptors and the new process's pipes for a moment: not the tool's.
            own = process == self.root or (kind == "python" and process.ppid() == self.root.pid)
            fds = process.num_fds() if own else None
        self.cpu_by_pid[process.pid] = (kind, times.user + times.system)
        return rss, fds

    def run(self) -> None:
        while not self.finished.is_set():
            cpu_started = time.thread_time()
            processes = self.tree()
            rss, fds = 0, []
            for process in processes:
                try:
                    process_rss, process_fds = self.sample_process(process)
                except (self.psutil.NoSuchProcess, self.psutil.AccessDenied, self.psutil.ZombieProcess):
                    continue
                rss += process_rss
                fds += [process_fds] if process_fds is not None else []
            if fds:  # the Python process that holds the most (a forked one inherits its parent's)
                self.last_fds = max(fds)
                self.peak_fds = max(self.peak_fds, self.last_fds)
            self.peak_rss = max(self.peak_rss, rss)
            self.peak_processes = max(self.peak_processes, len(processes))
            if self.samples % self.PSS_EVERY_N == 0:
                sizes = [pss_bytes(process.pid) for process in processes]
                if any(size is not None for size in sizes):
                    pss = sum(size or 0 for size in sizes)
                    self.peak_pss = max(self.peak_pss or 0, pss)
            self.samples += 1
            self.sampling_cpu_s += time.thread_time() - cpu_started
            self.finished.wait(self.EVERY_S)

    def stop(self) -> dict:
        self.finished.set()
        self.join()
        by_kind: dict[str, float] = {}
        for kind, seconds in self.cpu_by_pid.values():
            by_kind[kind] = by_kind.get(kind, 0.0) + seconds
        return {"peak_rss_bytes": self.peak_rss, "peak_pss_bytes": self.peak_pss,
                "peak_processes": self.peak_processes, "peak_fds": self.peak_fds, "last_fds": self.last_fds,
                "cpu_by_kind_s": {kind: round(seconds, 3) for kind, seconds in sorted(by_kind.items())},
                "samples": self.samples, "sampling_cpu_s": round(self.sampling_cpu_s, 3)}
