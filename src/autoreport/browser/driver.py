"""Playwright's driver: the Node.js process the sync API talks to, started in the thread that uses it."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Playwright


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
