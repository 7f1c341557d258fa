"""One browser for all the workers of a batch.

Playwright's sync API binds a connection to the thread that opened it, so each worker thread runs its
own Playwright. They share one browser through Playwright's browser server (`launchServer`), started
here with Playwright's own Node.js: every worker connects to it over Playwright's protocol and gets
its own contexts, as it would from a browser it launched itself.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from autoreport.browser.discovery import find_browser
from autoreport.browser.failures import cannot_start
from autoreport.browser.providers import BrowserProvider, LaunchHere

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

# The server prints its endpoint, then lives until the tool's end of its stdin closes (the tool ended,
# however it ended) or until its browser dies: the next worker to connect then starts a new one.
SERVER_SCRIPT = """
const { chromium } = require(process.argv[1]);
chromium.launchServer(JSON.parse(process.argv[2])).then((server) => {
  server.on("close", () => process.exit(1));
  process.stdin.on("end", () => server.close().finally(() => process.exit(0))).resume();
  process.stdout.write(server.wsEndpoint() + "\\n");
}, (error) => {
  process.stderr.write(error.message + "\\n");
  process.exit(2);
});
"""

SERVER_STOP_TIMEOUT_S = 10


def playwright_node() -> tuple[str, str]:
    """Playwright's own Node.js and its package: what the Python API itself runs as its driver."""
    from playwright._impl._driver import compute_driver_executable

    node, cli = compute_driver_executable()
    return node, str(cli).removesuffix("cli.js")


class SharedBrowser:
    """A browser server for a batch: started on the first connect, started again after its browser died,
    stopped by close(). A BrowserProvider for each worker."""

    remote = False

    def __init__(self, launch: LaunchHere):
        self.launch = launch
        self._lock = threading.Lock()  # workers connect from their own threads
        self._server: subprocess.Popen | None = None
        self._endpoint = ""
        self._clients: list[Browser] = []  # the connections to the server now running

    def connect(self, playwright: Playwright, *, headless: bool, slow_mo: float | None) -> Browser:
        with self._lock:
            if self._server is None or self._server.poll() is not None:
                self._start(playwright, headless=headless)
            return self._connect_client(playwright, slow_mo)

    def reconnect(self, playwright: Playwright, gone: Browser, *, headless: bool, slow_mo: float | None) -> Browser:
        """A connection in place of `gone`, whose browser died. Its server may not have noticed yet, so
        it is replaced now, unless another worker has replaced it already."""
        with self._lock:
            if self._server is None or any(client is gone for client in self._clients):
                self._stop()
                self._start(playwright, headless=headless)
            return self._connect_client(playwright, slow_mo)

    def _connect_client(self, playwright: Playwright, slow_mo: float | None) -> Browser:
        browser = playwright.chromium.connect(self._endpoint, slow_mo=slow_mo)
        self._clients.append(browser)
        return browser

    def _start(self, playwright: Playwright, *, headless: bool) -> None:
        choice = find_browser(self.launch.browser_path, playwright)
        options = {"headless": headless, "host": "127.0.0.1", "args": list(self.launch.launch_args)}
        if executable := choice.executable_for(headless=headless):
            options["executablePath"] = str(executable)
        node, package = playwright_node()
        self._clients = []
        # A file, not a pipe, for what the server says on stderr: nobody reads it until something failed.
        with tempfile.TemporaryFile(mode="w+") as complaints:
            self._server = subprocess.Popen([node, "-e", SERVER_SCRIPT, package, json.dumps(options)],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=complaints,
                                            text=True)
            self._endpoint = self._server.stdout.readline().strip()
            if self._endpoint.startswith("ws://"):
                return
            self._server.wait()
            complaints.seek(0)
            problem = complaints.read() or f"the browser server exited with {self._server.returncode}"
        self._server = None
        raise cannot_start(choice, problem, headless=headless)

    def _stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.stdin.close()  # the server closes its browser and exits
        try:
            server.wait(timeout=SERVER_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()

    def close(self) -> None:
        with self._lock:
            self._stop()


@contextmanager
def browser_for_workers(provider: BrowserProvider, workers: int) -> Iterator[BrowserProvider]:
    """What the workers of a run open their browser from. One worker launches its own; several share a
    browser server started here. Remote endpoints are used as given: a Chromium behind --cdp-endpoint
    is one browser for all; a grid behind --ws-endpoint decides itself (most start one a connection)."""
    if workers == 1 or not isinstance(provider, LaunchHere):
        yield provider
        return
    shared = SharedBrowser(provider)
    try:
        yield shared
    finally:
        shared.close()
