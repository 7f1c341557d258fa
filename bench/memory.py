"""Peak memory of a process tree, sampled while it runs (Linux's /proc and psutil)."""

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
