"""What the commands say besides their results: how a command ended (one line and its exit code,
never a traceback), log records as single lines, and what a walk for specs left out."""

from __future__ import annotations

import logging
from collections.abc import Callable

import click

from autoreport.errors import AutoreportError, ExitStatus, first_line


def exit_status_of(work: Callable[[], object]) -> int:
    """Run work and turn how it ended into an exit code, with a message instead of a traceback."""
    try:
        work()
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else ExitStatus.FAILED
    except (click.exceptions.Abort, KeyboardInterrupt):  # click turns Ctrl-C into Abort in its own part
        click.echo("Interrupted.", err=True)
        return ExitStatus.INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        return ExitStatus.INVALID_INPUT
    except AutoreportError as exc:
        click.echo(f"error: {exc}", err=True)
        return exc.exit_status
    return ExitStatus.OK


def say_skipped(path: str, reason: str) -> None:
    click.echo(f"skipped {path}: {reason}", err=True)


class OneLine(logging.Formatter):
    """A log record as one line: the message and, for an error, its first line, never a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text = f"{text}: {first_line(record.exc_info[1])}"
        return text


def log_in_one_line() -> None:
    """Warnings and errors, the tool's and its libraries' (the embedded mock's server among them),
    reach the terminal as single lines; so does an error that ends a thread."""
    import threading

    handler = logging.StreamHandler()
    handler.setFormatter(OneLine())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    threading.excepthook = lambda hook: logging.getLogger("autoreport").error(
        "%s stopped: %s", hook.thread.name if hook.thread else "a thread",
        first_line(hook.exc_value) if hook.exc_value else hook.exc_type.__name__)
