"""Thin commands: parse options, call the package, map errors to exit codes.

Heavy modules (playwright, pydantic, the mock server) are imported inside the commands so that
`autoreport --help` and `autoreport validate` start fast.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from autoreport import scratch
from autoreport.check_site import check_site, site_errors
from autoreport.errors import AutoreportError, ExitStatus, first_line
from autoreport.options import (
    FiniteFloat,
    GivenPath,
    base_url_option,
    checked_by,
    order_number_option,
    refuse_base_url_off_the_mock,
    refuse_visible_without_display,
)
from autoreport.state import check_folder, check_session_file
from autoreport.tables import chosen_format, format_option

if TYPE_CHECKING:
    from autoreport.browser import PlaywrightThread


state_dir_option = click.option(
    "--state-dir", type=GivenPath(path_type=Path), envvar="AUTOREPORT_STATE_DIR", callback=checked_by(check_folder),
    help="Where the ledger and sessions live (also AUTOREPORT_STATE_DIR; default: the user's data folder).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="autoreport")
def cli() -> None:
    """File AliExpress complaints from complaint spec files by driving a real browser.

    Exit codes: 0 done, 1 failed while running, 2 invalid input (nothing launched),
    3 a human is needed (login, captcha).
    """


@cli.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per spec on stdout.")
@click.option("--verbose", "-v", is_flag=True, help="Say which files and folders the walk for specs left out, and why.")
def validate(specs: tuple[Path, ...], as_json: bool, verbose: bool) -> None:
    """Check complaint spec files (or folders of them, or globs) without starting a browser."""
    from autoreport.spec import SpecInvalid, load_spec, report_json
    from autoreport.spec_arguments import expand_spec_arguments

    all_valid = True
    for path in expand_spec_arguments(specs, skipped=say_skipped if verbose else None):
        try:
            load_spec(path)
        except SpecInvalid as invalid:
            all_valid = False
            click.echo(json.dumps(invalid.as_json()) if as_json else "\n".join(invalid.lines()))
        else:
            click.echo(json.dumps(report_json(path)) if as_json else f"{path}: ok")
    if not all_valid:
        sys.exit(ExitStatus.INVALID_INPUT)


def say_skipped(path: str, reason: str) -> None:
    click.echo(f"skipped {path}: {reason}", err=True)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the complaint spec."""
    from autoreport.spec import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@cli.command()
@click.argument("name", required=False)
@click.option("--list", "list_names", is_flag=True, help="List the templates: each kind, each seller-report category.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write it to FILE (never over an existing one).")
def new(name: str | None, list_names: bool, output: Path | None) -> None:
    """Print a commented complaint spec of NAME to fill in, e.g. `autoreport new trade-rules`."""
    from autoreport import scaffold

    if list_names:
        click.echo(scaffold.listing())
        return
    text = scaffold.spec_text(name)
    if output is None:
        click.echo(text, nl=False)
        return
    scaffold.write_new(output, text)
    click.echo(f"wrote {output}: replace the example values, then `autoreport validate {output}`", err=True)


@cli.command()
@click.option("--browser-path", type=click.Path(path_type=Path),
              help="Chromium or Chrome to use (also AUTOREPORT_BROWSER).")
@click.option("--state-dir", type=GivenPath(path_type=Path), envvar="AUTOREPORT_STATE_DIR",
              help="The state folder to describe (default: the user's data folder).")
def doctor(browser_path: Path | None, state_dir: Path | None) -> None:
    """Show what the tool found: Python, Playwright, the browser it will use, a display, the state
    folder, its ledger and saved sessions. Exit 1 when no browser is found."""
    from autoreport.browser import describe_environment
    from autoreport.state import StateDir, describe_state

    rows, browser_found = describe_environment(browser_path)
    for name, value in rows + describe_state(StateDir.resolve(state_dir)):
        click.echo(f"{name + ':':<19} {value}")
    if not browser_found:
        sys.exit(ExitStatus.FAILED)


@cli.command("mock-site")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="a free port",
              help="Port to listen on, on 127.0.0.1 only.")
def mock_site(port: int) -> None:
    """Serve the mock marketplace on loopback until interrupted.

    Tests and scripts drive it through its control API under /__mock__/ (loopback, JSON):
    GET submissions; POST faults, advance, orders, clock, reset (see the README's table).

    \b
    Demo account: buyer@example.com / demo-password"""
    from autoreport.mock_site import MockSite

    if port:
        refuse_taken_port(port)
    site = MockSite(port=port)
    site.start()
    click.echo(f"Mock marketplace at {site.url}  (demo account: {site.demo_login} / {site.demo_password})")
    click.echo("Press Ctrl-C to stop.")
    try:
        site.wait()
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()


def refuse_taken_port(port: int, host: str = "127.0.0.1") -> None:
    """A port the mock cannot listen on is refused before it starts, as the server itself would bind it."""
    import errno
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
        try:
            probe.bind((host, port))
        except OSError as error:
            reason = "is in use" if error.errno == errno.EADDRINUSE else f"cannot be used: {error.strerror}"
            raise click.BadParameter(f"port {port} {reason}", param_hint="'--port'") from None


def debugging_port_args(port: int | None) -> tuple[str, ...]:
    return (f"--remote-debugging-port={port}",) if port else ()


def site_options(command):
    """Options every command that talks to a site shares, defined once."""
    options = [
        click.option("--site", type=click.Choice(["aliexpress", "mock"]), default="aliexpress", show_default=True,
                     help="The live site, or the mock marketplace."),
        click.option("--base-url", callback=base_url_option,
                     help="With --site mock: drive a mock already running at this URL "
                          "(otherwise one is started for the run)."),
        click.option("--storage-state", type=GivenPath(path_type=Path), callback=checked_by(check_session_file),
                     help="Saved session file (default: the state folder's session for the site)."),
        click.option("--state-dir", type=GivenPath(path_type=Path), envvar="AUTOREPORT_STATE_DIR",
                     callback=checked_by(check_folder),
                     help="Where the ledger and sessions live (also AUTOREPORT_STATE_DIR)."),
        click.option("--browser-path", type=click.Path(path_type=Path),
                     help="Chromium or Chrome to use (also AUTOREPORT_BROWSER)."),
        click.option("--json", "as_json", is_flag=True, help="Machine-readable output on stdout."),
        click.option("--no-auto-sign-in", is_flag=True,
                     help="With --site mock: follow the live site's rules (no automatic sign-in)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@site_options
@click.option("--dry-run", is_flag=True, help="Fill everything and upload the evidence, but do not submit.")
@click.option("--output", type=GivenPath(path_type=Path), default=Path("autoreport-runs"), show_default=True,
              callback=checked_by(check_folder), help="Folder that receives one run folder per complaint.")
@click.option("--force", is_flag=True, help="Submit even when the ledger has this complaint already.")
@click.option("--tracing", type=click.Choice(["on", "off", "retain-on-failure"]), default="retain-on-failure",
              show_default=True,
              help="Keep a Playwright trace of each complaint: always (with a film of screenshots), never, or "
                   "when it did not end well (the page's DOM at each action).")
@click.option("--headed", is_flag=True, help="Show the browser.")
@click.option("--slowmo", type=FiniteFloat(min=0), default=None, help="Slow each browser action down by this many ms.")
@click.option("--step", is_flag=True, help="Pause before every step (implies --headed).")
@click.option("--pause-on-failure/--no-pause-on-failure", default=None,
              help="In a visible browser, keep it open on a failure and offer retry, Inspector or quit "
                   "(default: on with --step).")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Further attempts after a transient failure (timeouts, 5xx pages, lost connections).")
@click.option("--retry-wait", type=FiniteFloat(min=0), default=1.0, show_default=True,
              help="Seconds before the first retry; each later wait doubles (with jitter).")
@click.option("--timeout", type=FiniteFloat(min=1), default=30.0, show_default=True,
              help="Seconds an action or a wait on the page may take before it counts as failed.")
@click.option("--min-interval", type=FiniteFloat(min=0), default=None,
              help="Seconds between two submissions to the site (default: 60 live, 0 on the mock).")
@click.option("--jobs", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Complaints filed at once (still spaced by --min-interval at the submit).")
@click.option("--cdp-endpoint", metavar="URL", help="Drive a Chromium already running with a debugging port.")
@click.option("--ws-endpoint", metavar="URL", help="Drive a Playwright browser server (playwright run-server).")
@click.option("--remote-debugging-port", type=int, default=None, hidden=True,
              help="Expose the launched browser over CDP (lets tests act in the window as a person would).")
@format_option
@click.option("--verbose", "-v", is_flag=True, help="Say which files and folders the walk for specs left out, and why.")
def run(specs: tuple[Path, ...], site: str, base_url: str | None, storage_state: Path | None,
        state_dir: Path | None, browser_path: Path | None, as_json: bool, dry_run: bool, output: Path,
        force: bool, tracing: str, headed: bool, slowmo: float | None, step: bool,
        pause_on_failure: bool | None, retries: int, retry_wait: float, timeout: float,
        min_interval: float | None, jobs: int,
        cdp_endpoint: str | None, ws_endpoint: str | None, no_auto_sign_in: bool,
        remote_debugging_port: int | None, output_format: str | None, verbose: bool) -> None:
    """File the complaints that SPEC files (or folders of them, or globs) describe."""
    output_format = chosen_format(output_format, as_json)
    refuse_base_url_off_the_mock(site, base_url)
    if step and jobs > 1:
        raise click.UsageError("--step pauses one complaint at a time: use it with --jobs 1")
    if (step or headed) and not (cdp_endpoint or ws_endpoint):  # a remote browser shows on its own machine
        visible = "--step" if step else "--headed"
        refuse_visible_without_display(visible, f"run it in a desktop session or under xvfb-run -a, or drop {visible}")
    from autoreport.spec_arguments import expand_spec_arguments

    spec_paths = expand_spec_arguments(specs, output, skipped=say_skipped if verbose else None)

    def file_complaints() -> ExitStatus:
        with first_worker_started() as first_worker:
            return validate_and_file(first_worker)

    def validate_and_file(first_worker: PlaywrightThread) -> ExitStatus:
        from autoreport.filing import ComplaintFiler, RunOptions, SpecsInvalid, load_spec_files, worst_exit_status
        from autoreport.run_report import write_run_report
        from autoreport.terminal import print_results, progress_view, stderr_line
        try:
            spec_files = load_spec_files(spec_paths)
        except SpecsInvalid as invalid:
            if output_format == "json":
                for report in invalid.reports():
                    click.echo(json.dumps(report))
            raise
        except KeyboardInterrupt:
            stderr_line("Interrupted while reading the specs: nothing was filed.")
            return ExitStatus.INTERRUPTED
        options = RunOptions(site=site, base_url=base_url, dry_run=dry_run, output=output,
                             storage_state=storage_state, state_dir=state_dir, force=force, tracing=tracing,
                             headed=headed or step, step=step,
                             pause_on_failure=step if pause_on_failure is None else pause_on_failure,
                             slowmo=slowmo, browser_path=browser_path, retries=retries, retry_wait_s=retry_wait,
                             timeout_s=timeout, min_interval=min_interval, jobs=jobs, cdp_endpoint=cdp_endpoint,
                             ws_endpoint=ws_endpoint, mock_auto_sign_in=not no_auto_sign_in,
                             browser_args=debugging_port_args(remote_debugging_port))
        live = progress_view() if not step else None
        filer = ComplaintFiler(options, say=live.say if live else stderr_line, progress=live.hook if live else None)
        try:
            with live or nullcontext():
                results = filer.file_all(spec_files, first_worker)
        finally:
            filer.close()
        print_results(results, output_format)
        try:
            stderr_line(f"report: {write_run_report(output, results)}")
        except OSError as error:  # the receipts and the ledger stand; only the overview is missing
            stderr_line(f"could not write report.html in {output}: {error.strerror or error}")
        if filer.interrupted:
            stderr_line("Interrupted: complaints not started were not filed; run again to file them.")
        return worst_exit_status(results, interrupted=filer.interrupted)

    exit_shielded_from_ctrl_c(file_complaints)


@contextmanager
def first_worker_started() -> Iterator[PlaywrightThread]:
    """The first complaint worker, its Playwright driver coming up while the specs are read; no
    browser starts before they pass. Its import goes first: two threads importing at once share one
    interpreter lock, and the driver, once spawned, starts on another core while this thread imports
    the rest."""
    from autoreport.browser import PlaywrightThread

    first_worker = PlaywrightThread("complaint-worker-0")
    first_worker.playwright_imported.wait()
    try:
        yield first_worker
    finally:
        first_worker.dismiss()


@cli.command()
@click.option("--output", type=GivenPath(path_type=Path), default=Path("autoreport-runs"), show_default=True,
              callback=checked_by(check_folder), help="Folder for the run's receipt, screenshots and report.")
@state_dir_option
@click.option("--browser-path", type=click.Path(path_type=Path),
              help="Chromium or Chrome to use (also AUTOREPORT_BROWSER).")
def demo(output: Path, state_dir: Path | None, browser_path: Path | None) -> None:
    """File the Trade Rules example against an embedded mock marketplace, headless.

    The mock signs its demo account in by itself; the complaint is recorded in the ledger under the
    mock's own address, apart from the live site's.

    \b
    Demo account: buyer@example.com / demo-password"""
    with first_worker_started() as first_worker:
        from autoreport.demo import run_demo

        status = run_demo(output, state_dir, browser_path, first_worker)
    sys.exit(status)


@cli.command()
@state_dir_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per complaint on stdout (as --format json).")
@format_option
@click.option("--site", type=click.Choice(["aliexpress", "mock"]), help="Only this site's complaints.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only complaints filed on DATE or later.")
@click.option("--kind", type=click.Choice(["seller-report", "dispute-appeal", "dispute-review"]),
              help="Only complaints of this kind.")
def history(state_dir: Path | None, as_json: bool, output_format: str | None, site: str | None, since,
            kind: str | None) -> None:
    """List the complaints the ledger recorded, with the coupons claimed."""
    from autoreport.state import StateDir
    from autoreport.terminal import print_history

    output_format = chosen_format(output_format, as_json)
    state = StateDir.resolve(state_dir)
    if not os.path.lexists(state.ledger_path):
        click.echo("No complaints recorded yet.", err=True)
        return
    # The ledger names each mock by its address (mock@http://...): --site mock takes them all.
    print_history([entry for entry in state.open_ledger().entries()
                   if (site is None or entry.key.site.partition("@")[0] == site)
                   and (kind is None or entry.key.kind == kind)
                   and (since is None or (entry.submitted_at or entry.started_at)[:10] >= since.date().isoformat())],
                  output_format)


@cli.command()
@click.argument("complaint_number")
@click.option("--yes", is_flag=True, help="Forget it without asking.")
@state_dir_option
def forget(complaint_number: str, yes: bool, state_dir: Path | None) -> None:
    """Take COMPLAINT_NUMBER off the ledger, for a complaint withdrawn on the site."""
    from autoreport.ledger import SUBMITTED
    from autoreport.state import StateDir

    state = StateDir.resolve(state_dir)
    ledger = state.open_ledger() if os.path.lexists(state.ledger_path) else None
    entries = [e for e in ledger.entries() if e.complaint_number == complaint_number and e.state == SUBMITTED] \
        if ledger else []
    if not entries:
        click.echo(f"error: the ledger has no complaint {complaint_number}; `autoreport history` lists them", err=True)
        sys.exit(ExitStatus.FAILED)
    for entry in entries:
        click.echo(f"complaint {complaint_number}: {entry.key.site} {entry.key.kind} about {entry.key.target}, "
                   f"submitted {entry.submitted_at}", err=True)
    question = "Forget it? The tool stops following it, and a run of its spec files it again"
    if not yes and not click.confirm(question, err=True):
        click.echo("Kept.", err=True)
        return
    ledger.forget(complaint_number)
    click.echo(f"Forgot complaint {complaint_number}.", err=True)


@cli.command()
@site_options
@click.option("--check", is_flag=True, help="Only say whether the saved session still works (headless).")
@click.option("--timeout", "timeout_s", type=FiniteFloat(min=1), default=600, show_default=True,
              help="Seconds to wait for the sign-in.")
@click.option("--remote-debugging-port", type=int, default=None, hidden=True,
              help="Expose the login browser over CDP (lets tests sign in on the opened page).")
def login(site: str, base_url: str | None, storage_state: Path | None, state_dir: Path | None,
          browser_path: Path | None, as_json: bool, no_auto_sign_in: bool, check: bool, timeout_s: float,
          remote_debugging_port: int | None) -> None:
    """Sign in by hand in a visible browser and save the session for later runs (mode 600).

    The tool never types the password: it waits until you have signed in.
    """
    from autoreport.browser import find_browser
    from autoreport.login import session_works, sign_in
    from autoreport.sites.profile import site_profile
    from autoreport.state import StateDir

    refuse_base_url_off_the_mock(site, base_url)
    if site == "mock" and not base_url:
        raise click.UsageError("login --site mock needs --base-url (the mock you will use with run)")
    if not check:
        refuse_visible_without_display("login", "sign in from a desktop session (`login --check` needs none)")
    profile = site_profile(site, base_url, auto_sign_in=False)  # signing in is the person's job here
    state = StateDir.resolve(state_dir)
    session_path = storage_state or state.session_path(profile.name)
    choice = find_browser(browser_path)
    if check:
        if not storage_state:
            state.saved_session(profile.name)
        with site_errors("check the saved session"):
            works = session_works(profile, session_path, choice)
        if as_json:
            click.echo(json.dumps({"site": profile.name, "session": str(session_path), "works": works}))
        else:
            click.echo(f"The saved session for {profile.name} ({session_path}) "
                       + ("works." if works else "does not work: sign in with `autoreport login`."))
        sys.exit(ExitStatus.OK if works else ExitStatus.NEEDS_HUMAN)
    state.ensure()
    with site_errors("sign in"):
        saved = sign_in(profile, session_path, choice, say=lambda text: click.echo(text, err=True),
                        wait_s=timeout_s, extra_args=debugging_port_args(remote_debugging_port))
    click.echo(f"Signed in. Session saved to {saved} (readable by you only).")


@contextmanager
def site_visit(site: str, base_url: str | None, storage_state: Path | None, state_dir: Path | None,
               browser_path: Path | None, auto_sign_in: bool = True, doing: str = "read the site"):
    """A signed-in page on the site, its profile and the ledger, for commands that read the site.
    A failure of the site or the browser under it ends the command with one line (site_errors)."""
    from autoreport.browser import BrowserSource, start_playwright
    from autoreport.follow_up import SiteVisit
    from autoreport.sites.profile import site_profile
    from autoreport.state import StateDir

    if site == "mock" and not base_url:
        raise click.UsageError("--site mock needs --base-url: the mock the complaints were filed on")
    profile = site_profile(site, base_url, auto_sign_in=auto_sign_in)
    state = StateDir.resolve(state_dir)
    if storage_state and not storage_state.is_file():
        raise click.BadParameter(f"session file not found: {storage_state}", param_hint="'--storage-state'")
    session = storage_state or state.saved_session(profile.name)
    ledger = state.open_ledger()
    source = BrowserSource.from_options(browser_path, None, None)
    with site_errors(doing), start_playwright() as playwright:
        visit = SiteVisit(playwright, source, profile, session)
        try:
            yield visit, ledger, profile
        finally:
            visit.close()


@cli.command()
@site_options
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date to compute deadlines against (default: today).")
@format_option
def status(site: str, base_url: str | None, storage_state: Path | None, state_dir: Path | None,
           browser_path: Path | None, as_json: bool, no_auto_sign_in: bool, today,
           output_format: str | None) -> None:
    """Read every recorded complaint's status from the site, with the next date that matters."""
    output_format = chosen_format(output_format, as_json)
    from datetime import date

    from autoreport.follow_up import read_status
    from autoreport.terminal import print_status

    refuse_base_url_off_the_mock(site, base_url)
    with site_visit(site, base_url, storage_state, state_dir, browser_path,
                    auto_sign_in=not no_auto_sign_in) as (visit, ledger, profile):
        rows = read_status(visit, ledger, profile)
    print_status(rows, today.date() if today else date.today(), output_format)


@cli.command()
@click.argument("order_number", callback=order_number_option)
@click.option("--single", is_flag=True, help="One coupon for the whole amount.")
@click.option("--split", is_flag=True, help="Several small coupons adding up to the amount.")
@site_options
def coupons(order_number: str, single: bool, split: bool, site: str, base_url: str | None,
            storage_state: Path | None, state_dir: Path | None, browser_path: Path | None, as_json: bool,
            no_auto_sign_in: bool) -> None:
    """Claim the coupons of an accepted complaint about ORDER_NUMBER's dispute.

    The site takes one choice: asking again says what was chosen and exits 1."""
    from autoreport.follow_up import claim_coupons, coupons_summary, coupons_total

    if single == split:
        raise click.UsageError("--single and --split are two choices: give one" if single else
                               "choose --single (one coupon for the whole amount) or --split (several small ones)")
    plan = "single" if single else "split"
    refuse_base_url_off_the_mock(site, base_url)
    with site_visit(site, base_url, storage_state, state_dir, browser_path, auto_sign_in=not no_auto_sign_in,
                    doing=f"claim the coupons of order {order_number}") as (visit, ledger, profile):
        claimed = claim_coupons(visit, ledger, profile, order_number, plan)
    if as_json:
        click.echo(json.dumps({"order_number": order_number, "plan": plan, "coupons": claimed,
                               "total": str(coupons_total(claimed))}))
    else:
        for coupon in claimed:
            click.echo(f"US ${coupon['amount']} coupon, valid until {coupon['valid_until']}")
        click.echo(f"total: {coupons_summary(claimed)}")


cli.add_command(check_site)


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


def exit_shielded_from_ctrl_c(work: Callable[[], int]) -> NoReturn:
    """Run work in a child process of its own session, pass Ctrl-C on to that child alone, and exit
    with the child's status.

    A terminal sends Ctrl-C to every process of its foreground group, Playwright's driver included,
    which would die in the middle of a step. Shielded, the driver lives on while the child finishes
    the step under way, records what it submitted, and stops.
    """
    if os.name != "posix":
        sys.exit(work())
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    child = os.fork()
    if child == 0:
        os.setsid()
        die_with(parent)
        # A supervisor's stop (SIGTERM) or a closed terminal (SIGHUP) is handled as Ctrl-C: the step
        # under way finishes, a complaint being submitted is filed to its number, and the run ends.
        for stop in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(stop, signal.default_int_handler)
        code = exit_status_of(lambda: sys.exit(work()))
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    # Whatever ends the parent ends the child: a stop from a supervisor is passed on, and a parent
    # killed outright takes the child along (die_with).
    for stop in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, lambda number, frame: os.kill(child, number))
    while True:
        try:
            _, wait_status = os.waitpid(child, 0)
            break
        except KeyboardInterrupt:
            os.kill(child, signal.SIGINT)
    # The child did the work and its own clean-up; tearing down this copy of the interpreter would
    # only free modules again, a tenth of a second spent on nothing.
    sys.stdout.flush()
    sys.stderr.flush()
    scratch.release()
    os._exit(os.waitstatus_to_exitcode(wait_status))


def die_with(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux), so a `kill -9` of the
    command leaves nothing running; elsewhere a supervisor's stop still reaches it through the parent."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    set_parent_death_signal = 1  # PR_SET_PDEATHSIG
    ctypes.CDLL(None, use_errno=True).prctl(set_parent_death_signal, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(ExitStatus.FAILED)


def main() -> None:
    log_in_one_line()
    scratch.claim()
    try:
        code = exit_status_of(lambda: cli.main(standalone_mode=False))
    finally:
        scratch.release()
    sys.exit(code)


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
