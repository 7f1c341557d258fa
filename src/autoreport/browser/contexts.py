"""THE browser context factory: every context the tool and its benchmark open comes from here, so
each one is made alike: the site's language and cookies, the saved session, the window's size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

VIEWPORT = {"width": 1280, "height": 900}


@dataclass(frozen=True)
class ContextSettings:
    """What a site asks of a context (the browser layer knows no site: the site's profile gives these)."""

    locale: str  # the language the page objects read the site's labels in
    cookies: tuple[dict, ...] = ()  # set before the first page, e.g. the one that forces English labels
    storage_state: Path | None = None  # a saved, signed-in session


def new_context(browser: Browser, settings: ContextSettings, *, timeout_s: float | None = None,
                navigation_timeout_s: float | None = None) -> BrowserContext:
    """A fresh context made as `settings` say; its actions and navigations wait up to the timeouts
    given (Playwright's own, 30 s, when none is)."""
    context = browser.new_context(storage_state=settings.storage_state, locale=settings.locale, viewport=VIEWPORT)
    if timeout_s is not None:
        context.set_default_timeout(timeout_s * 1000)
    if navigation_timeout_s is not None:
        context.set_default_navigation_timeout(navigation_timeout_s * 1000)
    if settings.cookies:
        context.add_cookies(list(settings.cookies))
    return context


def close_context(context: BrowserContext, *, trace_path: Path | None, tracing: bool,
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
