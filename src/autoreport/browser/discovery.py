"""Finding the browser to drive: an explicit path (option or AUTOREPORT_BROWSER), then Playwright's
own Chromium, then a system Chromium or Chrome on PATH (with the system's headless shell for headless
runs, where it is installed); and the message when there is none."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autoreport.browser.driver import start_playwright
from autoreport.errors import BrowserNotFound

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

BROWSER_ENV = "AUTOREPORT_BROWSER"
SYSTEM_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Chromium's headless shell, as Debian packages it: what Playwright's own headless runs launch, and lighter
# than the full browser (a complaint on the mock: a quarter less CPU, two fifths less memory).
SYSTEM_HEADLESS_SHELL = "chromium-headless-shell"

HOW_TO_GET_A_BROWSER = (
    "Get a browser in either way:\n"
    "  - Playwright's build:  python -m playwright install chromium\n"
    "  - your system's:       sudo apt-get install chromium"
    "   (Debian/Ubuntu; elsewhere, install Chromium or Chrome)\n"
    f"or point the tool at a browser with --browser-path PATH or {BROWSER_ENV}=PATH."
)


@dataclass(frozen=True)
class BrowserChoice:
    """The browser the tool will launch and how it was found."""

    executable: Path
    found_by: str  # "option", "environment", "playwright", "system"
    headless_shell: Path | None = None  # the system's, beside a system browser; named ones are launched as they are

    def executable_for(self, *, headless: bool) -> Path | None:
        """The path a launch must name; None for Playwright's own build, which it locates itself (and
        whose headless shell it picks for a headless launch)."""
        if self.found_by == "playwright":
            return None
        return self.headless_shell if headless and self.headless_shell else self.executable

    def launch_kwargs(self, *, headless: bool = True) -> dict:
        executable = self.executable_for(headless=headless)
        return {"executable_path": str(executable)} if executable else {}

    def version(self) -> str:
        try:
            result = subprocess.run([str(self.executable), "--version"], capture_output=True, text=True, timeout=15)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"unknown ({exc})"
        return result.stdout.strip() or result.stderr.strip() or "unknown"


def _playwright_chromium(playwright: Playwright | None = None) -> Path | None:
    from playwright.sync_api import Error as PlaywrightError

    try:
        if playwright is not None:
            path = Path(playwright.chromium.executable_path)
        else:
            with start_playwright() as started:
                path = Path(started.chromium.executable_path)
    except PlaywrightError:
        return None
    return path if path.is_file() else None


def find_browser(explicit: Path | str | None = None, playwright: Playwright | None = None) -> BrowserChoice:
    """Find the browser to drive, or raise BrowserNotFound saying how to get one. A running
    Playwright, when given, answers where its own Chromium is (starting one costs a quarter second)."""
    if explicit is None and os.environ.get(BROWSER_ENV):
        explicit, found_by = os.environ[BROWSER_ENV], "environment"
    else:
        found_by = "option"
    if explicit is not None:
        path = Path(explicit).expanduser()
        resolved = path if path.is_file() else shutil.which(str(explicit))
        if not resolved:
            raise BrowserNotFound(f"the browser {str(explicit)!r} does not exist.\n{HOW_TO_GET_A_BROWSER}")
        return BrowserChoice(Path(resolved).absolute(), found_by)
    if own := _playwright_chromium(playwright):
        return BrowserChoice(own, "playwright")
    for name in SYSTEM_BROWSER_NAMES:
        if system := shutil.which(name):
            shell = shutil.which(SYSTEM_HEADLESS_SHELL)
            return BrowserChoice(Path(system), "system", Path(shell) if shell else None)
    raise BrowserNotFound(f"no Chromium or Chrome was found.\n{HOW_TO_GET_A_BROWSER}")


def display_available() -> bool:
    """Whether a visible (headed) browser can open a window here."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def describe_environment(explicit: Path | None = None) -> tuple[list[tuple[str, str]], bool]:
    """What `autoreport doctor` prints of the machine, one (name, value) pair a line, and whether a
    browser was found."""
    from importlib.metadata import version

    rows = [("python", f"{platform.python_version()} ({sys.executable})"),
            ("playwright", version("playwright"))]
    try:
        choice = find_browser(explicit)
    except BrowserNotFound as missing:
        rows.append(("browser", f"none found\n{missing}"))
        found = False
    else:
        found = True
        rows.append(("browser", f"{choice.executable} (found by: {choice.found_by})"))
        rows.append(("version", choice.version()))
        if choice.headless_shell:
            rows.append(("headless", f"{choice.headless_shell} (for headless runs)"))
    if display_available():
        rows.append(("display", os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "native"))
    else:
        hint = ("run headed commands under xvfb-run -a" if shutil.which("xvfb-run")
                else "install xvfb and use xvfb-run -a")
        rows.append(("display", f"none (headless only; {hint})"))
    return rows, found
