"""Every option more than one command takes, declared once (as pip-tools keeps its options in one
module): one name, one check and one help text wherever it appears. An option of a single command
is declared with that command.

Groups of options reach a command as one object, built here when the command line is read: the site
choice, the browser, the filing policy and the debugging aids (the groups the jobs take, from
autoreport.options), and the output format.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from autoreport.cli.checks import (
    Choice,
    FiniteFloat,
    GivenPath,
    base_url_option,
    checked_by,
    refuse_base_url_off_the_mock,
)
from autoreport.options import BrowserOptions, Debug, FilingPolicy, SiteChoice
from autoreport.store.state import check_folder, check_session_file
from autoreport.tables import FORMATS, chosen_format

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def option_group(into: str, build: Callable[..., Any], options: dict[str, Decorator]) -> Decorator:
    """Options that reach the command as one object: `build` takes their values (by parameter name,
    the keys of `options`) and its result is passed as `into`."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def with_group(*args: Any, **values: Any) -> Any:
            built = build(**{name: values.pop(name) for name in options})
            return command(*args, **values, **{into: built})

        for option in reversed(options.values()):
            with_group = option(with_group)
        return with_group

    return decorate


# --- where things are -------------------------------------------------------------------------

def state_dir(*, checked: bool = True,
              help: str = "Where the ledger and sessions live (also AUTOREPORT_STATE_DIR; default: the user's "
                          "data folder).") -> Decorator:
    """--state-dir; checked (a folder, or one that can be created) unless the command only describes
    the folder as it finds it (doctor)."""
    return click.option("--state-dir", type=GivenPath(path_type=Path), envvar="AUTOREPORT_STATE_DIR",
                        callback=checked_by(check_folder) if checked else None, help=help)


def output_folder(default: str, help: str) -> Decorator:
    return click.option("--output", type=GivenPath(path_type=Path), default=Path(default), show_default=True,
                        callback=checked_by(check_folder), help=help)


browser_path = click.option("--browser-path", type=click.Path(path_type=Path),
                            help="Chromium or Chrome to use (also AUTOREPORT_BROWSER).")

headed = click.option("--headed", is_flag=True,
                      help="Show the browser; sign in or slide the captcha there if the site asks.")

remote_debugging_port = click.option(
    "--remote-debugging-port", type=int, default=None, hidden=True,
    help="Expose the launched browser over CDP (lets tests act in the window as a person would); "
         "0: a port the system offers, written to DevToolsActivePort in the browser's profile.")


def debugging_port_args(port: int | None) -> tuple[str, ...]:
    return (f"--remote-debugging-port={port}",) if port is not None else ()


def timeout(default: float, minimum: float, help: str) -> Decorator:
    """--timeout, in seconds: what it bounds, and how long by default, are each command's own."""
    return click.option("--timeout", "timeout_s", type=FiniteFloat(min=minimum), default=default, show_default=True,
                        metavar="SECONDS", help=help)


element_timeout = click.option(
    "--element-timeout", "element_timeout_s", type=FiniteFloat(min=0.5), default=5.0, show_default=True,
    metavar="SECONDS", help="Seconds an element a step needs may take to show once its page is there; then the "
                            "step fails as a site change (not retried).")


# --- what is printed ------------------------------------------------------------------------------

def json_option(help: str = "Machine-readable output on stdout.") -> Decorator:
    return click.option("--json", "as_json", is_flag=True, help=help)


def output_format(each: str) -> Decorator:
    """--format and --json (the same as --format json), reaching the command as `output_format`: the
    format asked for, or the one that suits where the output goes."""
    return option_group("output_format", chosen_format, {
        "as_json": json_option(f"One JSON object per {each} on stdout (as --format json)."),
        "output_format": click.option(
            "--format", "output_format", type=click.Choice(FORMATS), default=None,
            help="How to print the results: a table (the default on a terminal), plain aligned lines "
                 "(the default otherwise), CSV, or JSON lines (as --json)."),
    })


verbose = click.option("--verbose", "-v", is_flag=True,
                       help="Say which files and folders the walk for specs left out, and why.")


# --- the groups the jobs take ---------------------------------------------------------------------

def _site_choice(site: str, base_url: str | None, storage_state: Path | None, no_auto_sign_in: bool,
                 site_patch: Path | None = None) -> SiteChoice:
    """The site, with the patches in force: the user's config folder's, then --site-patch's. A bad patch
    is refused here (exit 2, with its line), before anything starts."""
    from autoreport.sites.patches import patches_in_force

    refuse_base_url_off_the_mock(site, base_url)
    return SiteChoice(name=site, base_url=base_url, storage_state=storage_state,
                      mock_auto_sign_in=not no_auto_sign_in, patches=patches_in_force(site, site_patch))


SITE_OPTIONS: dict[str, Decorator] = {
    "site": click.option("--site", type=click.Choice(["aliexpress", "mock"]), default="aliexpress",
                         show_default=True, help="The live site, or the mock marketplace."),
    "base_url": click.option("--base-url", callback=base_url_option,
                             help="With --site mock: the mock running at this URL (run and check-site start "
                                  "one of their own without it)."),
    "storage_state": click.option("--storage-state", type=GivenPath(path_type=Path),
                                  callback=checked_by(check_session_file),
                                  help="Saved session file (default: the state folder's session for the site)."),
    "no_auto_sign_in": click.option("--no-auto-sign-in", is_flag=True,
                                    help="With --site mock: follow the live site's rules (no automatic sign-in)."),
}
site_choice = option_group("site", _site_choice, SITE_OPTIONS)
# The commands that walk a flow also take a patch of the user's own for this run.
patched_site_choice = option_group("site", _site_choice, {
    **SITE_OPTIONS,
    "site_patch": click.option("--site-patch", type=GivenPath(path_type=Path), metavar="FILE",
                               help="A site patch: element locators and labels that replace the package's "
                                    "(after those in the config folder's site-patches)."),
})


def _browser_options(browser_path: Path | None, headed: bool, slowmo: float | None, cdp_endpoint: str | None,
                     ws_endpoint: str | None, remote_debugging_port: int | None) -> BrowserOptions:
    return BrowserOptions(path=browser_path, cdp_endpoint=cdp_endpoint, ws_endpoint=ws_endpoint,
                          args=debugging_port_args(remote_debugging_port), headed=headed, slowmo=slowmo)


browser_options = option_group("browser", _browser_options, {
    "browser_path": browser_path,
    "headed": headed,
    "slowmo": click.option("--slowmo", type=FiniteFloat(min=0), default=None,
                           help="Slow each browser action down by this many ms."),
    "cdp_endpoint": click.option("--cdp-endpoint", metavar="URL",
                                 help="Drive a Chromium already running with a debugging port."),
    "ws_endpoint": click.option("--ws-endpoint", metavar="URL",
                                help="Drive a Playwright browser server (playwright run-server)."),
    "remote_debugging_port": remote_debugging_port,
})

filing_policy = option_group("policy", FilingPolicy, {
    "dry_run": click.option("--dry-run", is_flag=True,
                            help="Fill everything and upload the evidence, but do not submit."),
    "force": click.option("--force", is_flag=True, help="Submit even when the ledger has this complaint already."),
    "retries": click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
                            help="Further attempts after a transient failure (timeouts, 5xx pages, lost "
                                 "connections)."),
    "retry_wait_s": click.option("--retry-wait", "retry_wait_s", type=FiniteFloat(min=0), default=1.0,
                                 show_default=True,
                                 help="Seconds before the first retry; each later wait doubles (with jitter)."),
    "timeout_s": timeout(30.0, 1, "Seconds an action or a wait on the page may take before it counts as failed."),
    "element_timeout_s": element_timeout,
    "min_interval": click.option("--min-interval", type=FiniteFloat(min=0), default=None,
                                 help="Seconds between two submissions to the site (default: 60 live, 0 on the "
                                      "mock)."),
    "jobs": click.option("--jobs", type=click.IntRange(1, 16), default=1, show_default=True,
                         help="Complaints filed at once (still spaced by --min-interval at the submit)."),
})


def _debug(step: bool, pause_on_failure: bool | None, tracing: str) -> Debug:
    return Debug(step=step, pause_on_failure=step if pause_on_failure is None else pause_on_failure, tracing=tracing)


debug_options = option_group("debug", _debug, {
    "step": click.option("--step", is_flag=True, help="Pause before every step (implies --headed)."),
    "pause_on_failure": click.option(
        "--pause-on-failure/--no-pause-on-failure", default=None,
        help="In a visible browser, keep it open on a failure and offer retry, Inspector or quit "
             "(default: on with --step)."),
    "tracing": click.option(
        "--tracing", type=Choice(["on", "off", "retain-on-failure"]), default="retain-on-failure",
        show_default=True, envvar="AUTOREPORT_TRACING",
        help="Keep a Playwright trace of each complaint (also AUTOREPORT_TRACING): always (with a film of "
             "screenshots), never, or when it did not end well (the page's DOM at each action)."),
})
