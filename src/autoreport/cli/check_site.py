"""`check-site`: every flow walked with sample data, nothing submitted, each missing element named, and
each page that differs from its stored template named by its first differing node."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from autoreport.cli import params
from autoreport.cli.checks import order_number_option, refuse_visible_without_display
from autoreport.errors import ExitStatus
from autoreport.options import BrowserOptions, SiteChoice

# An element the page objects need shows up at once or not at all: a short wait tells which.
ELEMENT_TIMEOUT_S = 5.0


@click.command("check-site")
@params.patched_site_choice
@params.state_dir()
@params.browser_path
@params.output_folder("autoreport-check-site", "Folder for the screenshots and report.json.")
@params.output_format(each="flow")
@click.option("--dispute-order", metavar="ORDER", callback=order_number_option,
              help="A closed dispute of yours to check the dispute flows with (on the live site they "
                   "are not checked without one). Nothing is sent.")
@click.option("--return-order", metavar="ORDER", callback=order_number_option,
              help="An order of yours to check the returns-and-refunds flows with, on its first item (on the "
                   "live site they are not checked without one). Nothing is sent.")
@click.option("--ipr", metavar="NUMBER",
              help="The registration number of an approved IPR of yours on the IP Protection platform, to "
                   "check its complaint form with (on the live site it is not checked without one). Nothing is sent.")
@params.timeout(ELEMENT_TIMEOUT_S, 0.5, "Seconds to wait for each element before calling it missing.")
@params.headed
def check_site(site: SiteChoice, state_dir: Path | None, browser_path: Path | None, output: Path,
               output_format: str, dispute_order: str | None, return_order: str | None, ipr: str | None,
               timeout_s: float, headed: bool) -> None:
    """Check that every element the flows need is still on the site, and that each page is still
    what its stored template says, with sample data.

    Each flow is filled as in a dry run and nothing is submitted. Exit codes: 0 every element
    found and every page as its template, 1 something missing or a page that differs, 3 the site
    asks to sign in or shows a captcha.
    """
    from autoreport.check_site import CheckOptions, check_all_flows, print_checks, site_errors, write_report
    from autoreport.terminal import stderr_line

    if headed:
        refuse_visible_without_display("--headed", "run it in a desktop session or under xvfb-run -a, or drop --headed")
    options = CheckOptions(output=output, element_timeout_s=timeout_s, dispute_order=dispute_order,
                           return_order=return_order, state_dir=state_dir, ipr=ipr)
    with site_errors("check the site"):
        checks = check_all_flows(site, BrowserOptions(path=browser_path, headed=headed), options, say=stderr_line)
    stderr_line(f"report: {write_report(checks, site.name, output)}")
    print_checks(checks, output_format, output)
    sys.exit(ExitStatus.FAILED if any(check.ok is False for check in checks) else ExitStatus.OK)
