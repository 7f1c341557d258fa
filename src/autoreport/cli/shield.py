"""Ctrl-C, a supervisor's stop (SIGTERM) and a closed terminal (SIGHUP) during a command's work: the
step under way finishes, a complaint being submitted is filed to its number, and the command ends."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from typing import NoReturn

import click

from autoreport import scratch
from autoreport.cli.output import exit_status_of
from autoreport.errors import ExitStatus


class OwnProcess:
    """Handed to the command line by the `autoreport` program (as click's context object): the
    command runs in a process of its own, which the shield may fork and end. A command invoked in
    another program's process (a test's CliRunner) runs its work there, unshielded: that process's
    signals and exit are not the command's to take."""


def exit_with(work: Callable[[], int]) -> NoReturn:
    """Run a command's work and exit with its status; shielded from Ctrl-C in a process of its own."""
    if os.name == "posix" and click.get_current_context().find_object(OwnProcess) is not None:
        exit_shielded_from_ctrl_c(work)
    sys.exit(work())


def exit_shielded_from_ctrl_c(work: Callable[[], int]) -> NoReturn:
    """Run work in a child process of its own session, pass Ctrl-C on to that child alone, and exit
    with the child's status.

    A terminal sends Ctrl-C to every process of its foreground group, Playwright's driver included,
    which would die in the middle of a step. Shielded, the driver lives on while the child finishes
    the step under way, records what it submitted, and stops.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    # Blocked from before the fork, the stops wait in the kernel until the parent takes them one at a
    # time (sigwait): no moment is left in which Ctrl-C would raise in the parent, and a storm of them
    # folds into one pending signal instead of nesting handler calls until Python's recursion limit.
    signal.pthread_sigmask(signal.SIG_BLOCK, PASSED_ON | {signal.SIGCHLD})
    child = os.fork()
    if child == 0:
        os.setsid()
        die_with(parent)
        # A supervisor's stop (SIGTERM) or a closed terminal (SIGHUP) is handled as Ctrl-C: the step
        # under way finishes, a complaint being submitted is filed to its number, and the run ends.
        for stop in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop, signal.default_int_handler)

        def work_open_to_stops() -> int:
            # Unblocked inside the exit status's guard: a Ctrl-C that came early is taken here as one.
            signal.pthread_sigmask(signal.SIG_UNBLOCK, PASSED_ON | {signal.SIGCHLD})
            return work()

        code = exit_status_of(lambda: sys.exit(work_open_to_stops()))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    wait_status = pass_stops_on_until_it_ends(child)
    # The child did the work and its own clean-up; tearing down this copy of the interpreter would
    # only free modules again, a tenth of a second spent on nothing.
    sys.stdout.flush()
    sys.stderr.flush()
    scratch.release()
    os._exit(os.waitstatus_to_exitcode(wait_status))


PASSED_ON = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def pass_stops_on_until_it_ends(child: int) -> int:
    """Pass Ctrl-C and a supervisor's stop on to the child until it ends, and return its wait status.
    Whatever ends the parent ends the child: a parent killed outright takes the child along (die_with)."""
    while True:
        ended, wait_status = os.waitpid(child, os.WNOHANG)
        if ended:
            return wait_status
        # A child that ends after the look above raises SIGCHLD, which stays pending until taken here.
        stop = signal.sigwait(PASSED_ON | {signal.SIGCHLD})
        if stop != signal.SIGCHLD:
            with suppress(ProcessLookupError):  # the child may have just ended
                os.kill(child, stop)


def die_with(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux), so a `kill -9` of the
    command leaves nothing running; elsewhere a supervisor's stop still reaches it through the parent."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    set_parent_death_signal = 1  # PR_SET_PDEATHSIG
    ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(ExitStatus.FAILED)
