"""The command's parent process under a storm of Ctrl-C: it passes each on to the child that does the
work and exits with the child's status, never with a traceback, however the signals fall (one may
land just as the child ends, or while the previous one is being passed on)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

SHIELDED = """
import signal, sys
from autoreport.cli.shield import exit_shielded_from_ctrl_c

def work():
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # this child shrugs off what the parent passes on
    print("working", flush=True)
    sys.stdin.read()  # until the test closes stdin
    return 7

exit_shielded_from_ctrl_c(work)
"""


def test_ctrl_c_after_ctrl_c_while_the_child_ends_leaves_no_traceback():
    parent = subprocess.Popen([sys.executable, "-c", SHIELDED], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    assert parent.stdout.readline() == "working\n"
    for _ in range(5000):
        os.kill(parent.pid, signal.SIGINT)
    parent.stdin.close()  # the child ends while Ctrl-C keeps coming
    while parent.poll() is None:
        try:
            os.kill(parent.pid, signal.SIGINT)
        except ProcessLookupError:
            break
    assert parent.wait(timeout=60) == 7
    stderr = parent.stderr.read()
    assert "Traceback" not in stderr, stderr
