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
    child = os.fork()
    if child == 0:
        os.setsid()
        die_with(parent)
        # A supervisor's stop (SIGTERM) or a closed terminal (SIGHUP) is handled as Ctrl-C: the step
        # under way finishes, a complaint being submitted is filed to its number, and the run ends.
        for stop in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop, signal.default_int_handler)
        code = exit_status_of(lambda: sys.exit(work()))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    # Whatever ends the parent ends the child: Ctrl-C and a supervisor's stop are passed on, and a
    # parent killed outright takes the child along (die_with). A handler passes them, not an exception:
    # a KeyboardInterrupt raised just as waitpid returned would lose the child's status, and a child
    # that has just ended cannot be signalled.
    def pass_on(number: int, frame) -> None:
        with suppress(ProcessLookupError):
            os.kill(child, number)

    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, pass_on)
    _, wait_status = os.waitpid(child, 0)  # resumed after each handler (PEP 475)
    # The child did the work and its own clean-up; tearing down this copy of the interpreter would
    # only free modules again, a tenth of a second spent on nothing.
    sys.stdout.flush()
    sys.stderr.flush()
    scratch.release()
    os._exit(os.waitstatus_to_exitcode(wait_status))


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
