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


CTRL_C_WHILE_LOADING = """
import sys

class CtrlCWhileLoading:
    # Stands for a Ctrl-C that lands while Python loads the command line's module.
    def find_spec(self, name, path=None, target=None):
        if name == "autoreport.cli":
            raise KeyboardInterrupt
        return None

sys.meta_path.insert(0, CtrlCWhileLoading())
from autoreport.__main__ import main
main()
"""


def test_ctrl_c_while_the_command_loads_is_one_line_and_exit_130():
    run = subprocess.run([sys.executable, "-c", CTRL_C_WHILE_LOADING], capture_output=True, text=True, timeout=60)
    assert (run.returncode, run.stderr) == (130, "Interrupted.\n")
