"""The one place that knows how to find, launch and connect to a browser.

Discovery order: an explicit path (option or AUTOREPORT_BROWSER), then Playwright's own Chromium,
then a system Chromium or Chrome on PATH.
"""

from __future__ import annotations

import os
import platform
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autoreport.errors import BrowserNotFound

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

    from autoreport.browser_server import SharedBrowser

BROWSER_ENV = "AUTOREPORT_BROWSER"
SYSTEM_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

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

    @property
    def named_executable(self) -> Path | None:
        """The path a launch must name; None for Playwright's own build, which it locates itself."""
        return None if self.found_by == "playwright" else self.executable

    def launch_kwargs(self) -> dict:
        return {"executable_path": str(self.named_executable)} if self.named_executable else {}

    def version(self) -> str:
        try:
            result = subprocess.run([str(self.executable), "--version"], capture_output=True, text=True, timeout=15)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"unknown ({exc})"
        return result.stdout.strip() or result.stderr.strip() or "unknown"


def start_playwright():
    """Playwright's sync API, for a `with` block. Its Node.js driver keeps what it compiled between
    runs (Node's compile cache), which starts it about a twelfth of a second sooner."""
    from platformdirs import user_cache_dir
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("NODE_COMPILE_CACHE", str(Path(user_cache_dir("autoreport")) / "node-compile-cache"))
    return sync_playwright()


class PlaywrightThread:
    """A thread that starts Playwright at once and then runs, with it, the work it is given.

    Playwright's sync API binds its driver to the thread that started it, so the work runs in the
    same thread. Started before the specs are read, the driver (a Node.js process, not a browser)
    comes up while they are validated; a thread that gets no work stops it again, so invalid input
    still launches no browser.
    """

    def __init__(self, name: str):
        self._work: queue.SimpleQueue[Callable[[Playwright], None] | None] = queue.SimpleQueue()
        self._given = False
        self.playwright_imported = threading.Event()  # from then on, its driver starts on its own
        self.finished = threading.Event()
        self.failure: Exception | None = None  # Playwright itself could not start
        threading.Thread(target=self._run, name=name, daemon=True).start()

    def _run(self) -> None:
        started = False
        try:
            try:
                playwright_manager = start_playwright()
            finally:
                self.playwright_imported.set()
            with playwright_manager as playwright:
                started = True
                if (work := self._work.get()) is not None:
                    work(playwright)
        except Exception as failure:
            if started:
                raise
            self.failure = failure
        finally:
            self.finished.set()

    def give(self, work: Callable[[Playwright], None]) -> None:
        self._given = True
        self._work.put(work)

    def dismiss(self) -> None:
        """Stop the driver of a thread that was given no work (the run ended before it needed one),
        and wait until it has."""
        if not self._given:
            self._given = True
            self._work.put(None)
            self.finished.wait()


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
            return BrowserChoice(Path(system), "system")
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
    if display_available():
        rows.append(("display", os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or "native"))
    else:
        hint = ("run headed commands under xvfb-run -a" if shutil.which("xvfb-run")
                else "install xvfb and use xvfb-run -a")
        rows.append(("display", f"none (headless only; {hint})"))
    return rows, found


def launch_browser(playwright: Playwright, choice: BrowserChoice, *, headless: bool = True,
                   slow_mo: float | None = None, args: tuple[str, ...] = ()) -> Browser:
    """Launch the chosen Chromium; Playwright adds the flags root and closed networks need."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return playwright.chromium.launch(headless=headless, slow_mo=slow_mo, args=list(args),
                                          **choice.launch_kwargs())
    except PlaywrightError as exc:
        raise cannot_start(choice, str(exc), headless=headless) from exc


# How Playwright quotes what the browser wrote to stderr while it started.
BROWSER_STDERR_LINE = re.compile(r"^\[pid=\d+\]\[err\] (.+)$", re.MULTILINE)


def cannot_start(choice: BrowserChoice, launch_error: str, *, headless: bool) -> BrowserNotFound:
    """Playwright's first line, with the last word of the browser itself and the usual cause of a
    visible browser that does not start."""
    lines = launch_error.strip().splitlines()
    problem = lines[0] if lines else "no reason given"
    if said := BROWSER_STDERR_LINE.findall(launch_error):
        problem += f" (the browser said: {said[-1].strip()})"
    if not headless and not display_available():
        problem += " (no display: run under xvfb-run -a, or drop --headed)"
    return BrowserNotFound(f"could not start {choice.executable}: {problem}")


@dataclass(frozen=True)
class BrowserSource:
    """Where a run's browser comes from: launched here, or already running elsewhere."""

    browser_path: Path | None = None  # found when launched: explicit, Playwright's, the system's
    cdp_endpoint: str | None = None  # a Chromium started with --remote-debugging-port
    ws_endpoint: str | None = None  # a Playwright browser server (`playwright run-server`, grids)
    launch_args: tuple[str, ...] = ()  # extra Chromium flags for a browser launched here

    @classmethod
    def from_options(cls, browser_path: Path | None, cdp_endpoint: str | None,
                     ws_endpoint: str | None, launch_args: tuple[str, ...] = ()) -> BrowserSource:
        if cdp_endpoint and ws_endpoint:
            from autoreport.errors import InvalidInput

            raise InvalidInput("give --cdp-endpoint or --ws-endpoint, not both")
        return cls(browser_path, cdp_endpoint, ws_endpoint, launch_args)

    @property
    def remote(self) -> bool:
        return bool(self.cdp_endpoint or self.ws_endpoint)

    def open(self, playwright: Playwright, *, headless: bool, slow_mo: float | None) -> BrowserSession:
        return BrowserSession(playwright, self, headless=headless, slow_mo=slow_mo)

    def connect(self, playwright: Playwright, *, headless: bool, slow_mo: float | None) -> Browser:
        from playwright.sync_api import Error as PlaywrightError

        if not self.remote:
            choice = find_browser(self.browser_path, playwright)
            return launch_browser(playwright, choice, headless=headless, slow_mo=slow_mo, args=self.launch_args)
        endpoint = self.cdp_endpoint or self.ws_endpoint
        try:
            if self.cdp_endpoint:
                return playwright.chromium.connect_over_cdp(self.cdp_endpoint, slow_mo=slow_mo)
            return playwright.chromium.connect(self.ws_endpoint, slow_mo=slow_mo)
        except PlaywrightError as exc:
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
            raise BrowserNotFound(f"could not connect to the browser at {endpoint}: {first_line}") from exc

    def reconnect(self, playwright: Playwright, gone: Browser, *, headless: bool, slow_mo: float | None) -> Browser:
        """A browser in place of `gone`, which died: launched anew, or connected to again."""
        return self.connect(playwright, headless=headless, slow_mo=slow_mo)


@contextmanager
def browser_for_workers(source: BrowserSource, workers: int) -> Iterator[BrowserSource | SharedBrowser]:
    """What the workers of a run open their browser from. One worker launches its own; several share a
    browser server started here. Remote endpoints are used as given: a Chromium behind --cdp-endpoint
    is one browser for all; a grid behind --ws-endpoint decides itself (most start one a connection)."""
    if workers == 1 or source.remote:
        yield source
        return
    from autoreport.browser_server import SharedBrowser

    shared = SharedBrowser(source)
    try:
        yield shared
    finally:
        shared.close()


class BrowserSession:
    """One thread's browser: fresh contexts on demand, and a new browser if the old one died."""

    def __init__(self, playwright: Playwright, source: BrowserSource | SharedBrowser, *, headless: bool,
                 slow_mo: float | None, timeout_s: float = 30.0):
        self.playwright, self.source = playwright, source
        self.headless, self.slow_mo, self.timeout_s = headless, slow_mo, timeout_s
        self.browser = source.connect(playwright, headless=headless, slow_mo=slow_mo)

    def new_context(self, profile, session_file: Path | None):
        """A fresh context, from a new browser if the old one died."""
        from playwright.sync_api import Error as PlaywrightError

        from autoreport.flow.retry import is_browser_gone

        def fresh_context():
            return self.browser.new_context(storage_state=session_file, locale="en-US",
                                            viewport={"width": 1280, "height": 900})

        if not self.browser.is_connected():
            self._reconnect()
        try:
            context = fresh_context()
        except PlaywrightError as error:
            # A browser that has just died can still count as connected until the news arrives.
            if not is_browser_gone(error):
                raise
            self._reconnect()
            context = fresh_context()
        context.set_default_timeout(self.timeout_s * 1000)
        if profile.cookies:
            context.add_cookies(list(profile.cookies))
        return context

    def _reconnect(self) -> None:
        self.browser = self.source.reconnect(self.playwright, self.browser, headless=self.headless,
                                             slow_mo=self.slow_mo)

    @staticmethod
    def close_context(context, *, trace_path: Path | None, tracing: bool,
                      secrets: dict[str, str] | None = None) -> None:
        """Close a context, keeping its trace at trace_path if asked. The raw trace, cookies and all,
        is written in the command's private temporary folder, scrubbed into trace_path, and removed:
        a run killed in between leaves it only where the next command clears it."""
        import zipfile

        from autoreport import scratch
        from autoreport.redaction import scrub_trace

        raw = scratch.private_file("trace.zip") if trace_path is not None else None
        try:
            if tracing:
                context.tracing.stop(path=raw)
            context.close()
        except Exception:  # a crashed browser took its context with it; nothing left to save
            pass
        if raw is None:
            return
        try:
            if raw.is_file():
                scrub_trace(raw, trace_path, secrets)
        except (OSError, zipfile.BadZipFile):  # a full disk, a trace cut short: the trace is lost, nothing else
            pass
        finally:
            raw.unlink(missing_ok=True)

    def close(self) -> None:
        from playwright.sync_api import Error as PlaywrightError

        try:
            if self.browser.is_connected():
                self.browser.close()
        except PlaywrightError:  # it died first (a second Ctrl-C, a crash): nothing left to close
            pass
