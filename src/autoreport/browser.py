"""The one place that knows how to find, launch and connect to a browser.

Discovery order: an explicit path (option or AUTOREPORT_BROWSER), then Playwright's own Chromium,
then a system Chromium or Chrome on PATH.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autoreport.errors import BrowserNotFound

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

BROWSER_ENV = "AUTOREPORT_BROWSER"
SYSTEM_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

# A Chromium started outside Playwright (for --cdp-endpoint) needs what Playwright passes itself:
# no sandbox as root, and no background calls home, which a closed network refuses slowly.
SELF_STARTED_CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

HOW_TO_GET_A_BROWSER = (
    "Get a browser in either way:\n"
    "  - Playwright's build:  python -m playwright install chromium\n"
    "  - your system's:       sudo apt-get install chromium   (Debian/Ubuntu; other systems: install Chromium or Chrome)\n"
    f"or point the tool at a browser with --browser-path PATH or {BROWSER_ENV}=PATH."
)


@dataclass(frozen=True)
class BrowserChoice:
    """The browser the tool will launch and how it was found."""

    executable: Path
    found_by: str  # "option", "environment", "playwright", "system"

    def launch_kwargs(self) -> dict:
        # Playwright locates its own build; naming it explicitly would only repeat that.
        return {} if self.found_by == "playwright" else {"executable_path": str(self.executable)}

    def version(self) -> str:
        try:
            result = subprocess.run([str(self.executable), "--version"], capture_output=True, text=True, timeout=15)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"unknown ({exc})"
        return result.stdout.strip() or result.stderr.strip() or "unknown"


def _playwright_chromium() -> Path | None:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            path = Path(playwright.chromium.executable_path)
    except PlaywrightError:
        return None
    return path if path.is_file() else None


def find_browser(explicit: Path | str | None = None) -> BrowserChoice:
    """Find the browser to drive, or raise BrowserNotFound saying how to get one."""
    if explicit is None and os.environ.get(BROWSER_ENV):
        explicit, found_by = os.environ[BROWSER_ENV], "environment"
    else:
        found_by = "option"
    if explicit is not None:
        path = Path(explicit).expanduser()
        resolved = path if path.is_file() else shutil.which(str(explicit))
        if not resolved:
            raise BrowserNotFound(f"the browser {str(explicit)!r} does not exist.\n{HOW_TO_GET_A_BROWSER}")
        return BrowserChoice(Path(resolved), found_by)
    if own := _playwright_chromium():
        return BrowserChoice(own, "playwright")
    for name in SYSTEM_BROWSER_NAMES:
        if system := shutil.which(name):
            return BrowserChoice(Path(system), "system")
    raise BrowserNotFound(f"no Chromium or Chrome was found.\n{HOW_TO_GET_A_BROWSER}")


def display_available() -> bool:
    """Whether a visible (headed) browser can open a window here."""
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def describe_environment(explicit: Path | None = None) -> list[tuple[str, str]]:
    """What `autoreport doctor` prints: one (name, value) pair a line."""
    from importlib.metadata import version

    rows = [("python", f"{platform.python_version()} ({sys.executable})"),
            ("playwright", version("playwright"))]
    try:
        choice = find_browser(explicit)
    except BrowserNotFound as missing:
        rows.append(("browser", f"none found\n{missing}"))
    else:
        rows.append(("browser", f"{choice.executable} (found by: {choice.found_by})"))
        rows.append(("version", choice.version()))
    if display_available():
        rows.append(("display", os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "native"))
    else:
        hint = "run headed commands under xvfb-run -a" if shutil.which("xvfb-run") else "install xvfb and use xvfb-run -a"
        rows.append(("display", f"none (headless only; {hint})"))
    return rows


def launch_browser(playwright: Playwright, choice: BrowserChoice, *, headless: bool = True,
                   slow_mo: float | None = None, args: tuple[str, ...] = ()) -> Browser:
    """Launch the chosen Chromium; Playwright adds the flags root and closed networks need."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return playwright.chromium.launch(headless=headless, slow_mo=slow_mo, args=list(args),
                                          **choice.launch_kwargs())
    except PlaywrightError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        if not headless and not display_available():
            first_line += " (no display: run under xvfb-run -a, or drop --headed)"
        raise BrowserNotFound(f"could not start {choice.executable}: {first_line}") from exc
