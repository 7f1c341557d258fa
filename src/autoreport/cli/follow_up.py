"""After the filing: `status` and `coupons` read the site; `history` and `forget` the ledger alone."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from autoreport.cli import params
from autoreport.cli.checks import order_number_option
from autoreport.errors import ExitStatus
from autoreport.options import BrowserOptions, SiteChoice


def refuse_mock_without_base_url(site: SiteChoice) -> None:
    if site.name == "mock" and not site.base_url:
        raise click.UsageError("--site mock needs --base-url: the mock the complaints were filed on")


@click.command()
@params.site_choice
@params.state_dir()
@params.browser_path
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The date to compute deadlines against (default: today).")
@params.output_format(each="complaint")
def status(site: SiteChoice, state_dir: Path | None, browser_path: Path | None, today, output_format: str) -> None:
    """Read every recorded complaint's status from the site, with the next date that matters."""
    from datetime import date

    from autoreport.check_site import site_errors
    from autoreport.follow_up import read_status, site_visit
    from autoreport.store.state import StateDir
    from autoreport.terminal import print_status

    refuse_mock_without_base_url(site)
    state, browser = StateDir.resolve(state_dir), BrowserOptions(path=browser_path)
    with site_errors("read the site"), site_visit(site, state, browser) as (visit, ledger, profile):
        rows = read_status(visit, ledger, profile)
    print_status(rows, today.date() if today else date.today(), output_format)


@click.command()
@click.argument("order_number", callback=order_number_option)
@click.option("--single", is_flag=True, help="One coupon for the whole amount.")
@click.option("--split", is_flag=True, help="Several small coupons adding up to the amount.")
@params.site_choice
@params.state_dir()
@params.browser_path
@params.json_option()
def coupons(order_number: str, single: bool, split: bool, site: SiteChoice, state_dir: Path | None,
            browser_path: Path | None, as_json: bool) -> None:
    """Claim the coupons of an accepted complaint about ORDER_NUMBER's dispute.

    The site takes one choice: asking again says what was chosen and exits 1."""
    from autoreport.check_site import site_errors
    from autoreport.follow_up import claim_coupons, coupons_summary, coupons_total, site_visit
    from autoreport.store.state import StateDir

    if single == split:
        raise click.UsageError("--single and --split are two choices: give one" if single else
                               "choose --single (one coupon for the whole amount) or --split (several small ones)")
    plan = "single" if single else "split"
    refuse_mock_without_base_url(site)
    state, browser = StateDir.resolve(state_dir), BrowserOptions(path=browser_path)
    with site_errors(f"claim the coupons of order {order_number}"), \
            site_visit(site, state, browser) as (visit, ledger, profile):
        claimed = claim_coupons(visit, ledger, profile, order_number, plan)
    if as_json:
        click.echo(json.dumps({"order_number": order_number, "plan": plan, "coupons": claimed,
                               "total": str(coupons_total(claimed))}))
    else:
        for coupon in claimed:
            click.echo(f"US ${coupon['amount']} coupon, valid until {coupon['valid_until']}")
        click.echo(f"total: {coupons_summary(claimed)}")


@click.command()
@params.state_dir()
@params.output_format(each="complaint")
@click.option("--site", type=click.Choice(["aliexpress", "mock"]), help="Only this site's complaints.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Only complaints filed on DATE or later.")
@click.option("--kind", type=click.Choice(["seller-report", "dispute-appeal", "dispute-review", "refund-request",
                                          "refund-disagreement"]),
              help="Only complaints of this kind.")
def history(state_dir: Path | None, output_format: str, site: str | None, since, kind: str | None) -> None:
    """List the complaints the ledger recorded, with the coupons claimed."""
    from autoreport.store.state import StateDir
    from autoreport.terminal import print_history

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


@click.command()
@click.argument("complaint_number")
@click.option("--yes", is_flag=True, help="Forget it without asking.")
@params.state_dir()
def forget(complaint_number: str, yes: bool, state_dir: Path | None) -> None:
    """Take COMPLAINT_NUMBER off the ledger, for a complaint withdrawn on the site."""
    from autoreport.store.ledger import SUBMITTED
    from autoreport.store.state import StateDir

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
