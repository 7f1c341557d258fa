"""The tool's error tree and its exit codes: every failure a user can meet maps to one of these."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """Documented exit codes, the same for every command."""

    OK = 0
    FAILED = 1  # something went wrong while running (site, browser, network)
    INVALID_INPUT = 2  # a spec, option or file is wrong; nothing was launched
    NEEDS_HUMAN = 3  # login, captcha or another step only a person may take
    INTERRUPTED = 130  # Ctrl-C or a stop signal cut the run short (128 + SIGINT, as shells count)


class AutoreportError(Exception):
    """Base of every error the CLI turns into a message and an exit code (never a traceback)."""

    exit_status: ExitStatus = ExitStatus.FAILED


class InvalidInput(AutoreportError):
    exit_status = ExitStatus.INVALID_INPUT


class BrowserNotFound(AutoreportError):
    """No Chromium could be found or launched."""


class SiteUnavailable(AutoreportError):
    """The site answered with a server error (5xx) page or upload error: worth another try."""


class NeedsHuman(AutoreportError):
    """The site wants a person: a login, a captcha slider, an expired session."""

    exit_status = ExitStatus.NEEDS_HUMAN


def first_line(error: BaseException) -> str:
    """An error's first line, as the tool reports a failure: Playwright's own words, without its call log."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
