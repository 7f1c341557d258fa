"""Filing complaints: `run` (the complaints of spec files) and `demo` (the example, on an embedded mock)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from autoreport.cli import params
from autoreport.cli.checks import refuse_visible_without_display
from autoreport.cli.output import say_skipped
from autoreport.cli.shield import exit_with
from autoreport.errors import ExitStatus
from autoreport.options import BrowserOptions, Debug, FilingPolicy, RunOptions, SiteChoice

if TYPE_CHECKING:
    from autoreport.browser.driver import PlaywrightThread


@click.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@params.patched_site_choice
@params.state_dir()
@params.browser_options
@params.filing_policy
@params.debug_options
@params.output_folder("autoreport-runs", "Folder that receives one run folder per complaint.")
@params.output_format(each="complaint")
@params.verbose
def run(specs: tuple[Path, ...], site: SiteChoice, state_dir: Path | None, browser: BrowserOptions,
        policy: FilingPolicy, debug: Debug, output: Path, output_format: str, verbose: bool) -> None:
    """File the complaints that SPEC files (or folders of them, or globs) describe."""
    options = RunOptions(site=site, browser=browser, policy=policy, debug=debug, output=output, state_dir=state_dir)
    if debug.step and policy.jobs > 1:
        raise click.UsageError("--step pauses one complaint at a time: use it with --jobs 1")
    if options.visible and not browser.remote:  # a remote browser shows on its own machine
        visible = "--step" if debug.step else "--headed"
        refuse_visible_without_display(visible, f"run it in a desktop session or under xvfb-run -a, or drop {visible}")
    from autoreport.spec_arguments import expand_spec_arguments

    spec_paths = expand_spec_arguments(specs, output, skipped=say_skipped if verbose else None)

    def file_complaints() -> ExitStatus:
        with first_worker_started() as first_worker:
            return validate_and_file(first_worker)

    def validate_and_file(first_worker: PlaywrightThread) -> ExitStatus:
        from autoreport.filing.batch import ComplaintFiler, SpecsInvalid, load_spec_files
        from autoreport.filing.result import worst_exit_status
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
        live = progress_view() if not debug.step else None
        filer = ComplaintFiler(options, say=live.say if live else stderr_line, progress=live.hook if live else None)
        try:  # a stop after the filing is noted until close(): the results are printed all the same
            with live or nullcontext():
                results = filer.file_all(spec_files, first_worker)
            print_results(results, output_format)
            try:
                stderr_line(f"report: {write_run_report(output, results)}")
            except OSError as error:  # the receipts and the ledger stand; only the overview is missing
                stderr_line(f"could not write report.html in {output}: {error.strerror or error}")
        finally:
            filer.close()
        if filer.interrupted:
            stderr_line("Interrupted: complaints not started were not filed; run again to file them.")
        return worst_exit_status(results, interrupted=filer.interrupted)

    exit_with(file_complaints)


@contextmanager
def first_worker_started() -> Iterator[PlaywrightThread]:
    """The first complaint worker, its Playwright driver coming up while the specs are read; no
    browser starts before they pass. Its import goes first: two threads importing at once share one
    interpreter lock, and the driver, once spawned, starts on another core while this thread imports
    the rest."""
    from autoreport.browser.driver import PlaywrightThread

    first_worker = PlaywrightThread("complaint-worker-0")
    first_worker.playwright_imported.wait()
    try:
        yield first_worker
    finally:
        first_worker.dismiss()


@click.command()
@params.output_folder("autoreport-runs", "Folder for the runs' receipts, screenshots and report.")
@params.state_dir()
@params.browser_path
def demo(output: Path, state_dir: Path | None, browser_path: Path | None) -> None:
    """File two examples against embedded mock marketplaces, headless: a Restricted-products report on
    today's report centre (the current edition) and the Trade Rules form on the article's.

    The mock signs its demo account in by itself; the complaints are recorded in the ledger under the
    mock's own address, apart from the live site's.

    \b
    Demo account: buyer@example.com / demo-password"""
    with first_worker_started() as first_worker:
        from autoreport.demo import run_demo

        status = run_demo(output, state_dir, BrowserOptions(path=browser_path), first_worker)
    sys.exit(status)
