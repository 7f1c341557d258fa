"""CPU time of a whole process tree: the command, Playwright's driver, the browser and its renderers.

A process's CPU time reaches its parent when the parent waits for it (getrusage's RUSAGE_CHILDREN).
A browser's renderers are not all waited for: they outlive the browser by a moment as orphans, and
their CPU time (a second of it, for one complaint) would be lost. On Linux the benchmark makes itself
their reaper (PR_SET_CHILD_SUBREAPER): orphans of its commands become its children, and it waits for
every one before it reads the clock. Elsewhere only the processes waited for are counted.
"""

from __future__ import annotations

import os
import resource
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
ORPHANS_TIMEOUT_S = 30


class ProcessesLeftRunning(Exception):
    """A measured command left processes running after it ended."""


def adopt_orphans() -> bool:
    """Make this process the reaper of its commands' orphans; True when every process is counted."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0


def children_cpu_s() -> float:
    """User plus system time of every process this one has waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reap_orphans() -> int:
    """Wait for every orphan the last command left (each adds its CPU time to RUSAGE_CHILDREN); the
    benchmark runs one command at a time, so every child left is one. Returns how many there were."""
    deadline = time.monotonic() + ORPHANS_TIMEOUT_S
    reaped = 0
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # none left
            return reaped
        if pid:
            reaped += 1
        elif time.monotonic() > deadline:
            raise ProcessesLeftRunning(f"processes still running {ORPHANS_TIMEOUT_S} s after the command ended")
        else:
            time.sleep(0.02)
