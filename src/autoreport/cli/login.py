"""`login`: a person signs in in a visible browser, and the session is saved for later commands."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

import click

from autoreport.cli import params
from autoreport.cli.checks import refuse_visible_without_display
from autoreport.errors import ExitStatus
from autoreport.options import SiteChoice


@click.command()
@params.site_choice
@params.state_dir()
@params.browser_path
@params.json_option()
@click.option("--check", is_flag=True, help="Only say whether the saved session still works (headless).")
@params.timeout(600, 1, "Seconds to wait for the sign-in.")
@params.remote_debugging_port
@click.option("--platform", type=click.Choice(["marketplace", "ipp"]), default="marketplace", show_default=True,
              help="ipp: the rights holder's account on the IP Protection platform (IPR complaints), "
                   "saved apart from the buyer's.")
def login(site: SiteChoice, state_dir: Path | None, browser_path: Path | None, as_json: bool, check: bool,
          timeout_s: float, remote_debugging_port: int | None, platform: str) -> None:
    """Sign in by hand in a visible browser and save the session for later runs (mode 600).

    The tool never types the password: it waits until you have signed in.
    """
    from autoreport.browser.discovery import find_browser
    from autoreport.check_site import site_errors
    from autoreport.login import session_works, sign_in
    from autoreport.sites.ipp import on_ipp as ipp_profile
    from autoreport.store.state import StateDir

    if site.name == "mock" and not site.base_url:
        raise click.UsageError("login --site mock needs --base-url (the mock you will use with run)")
    if not check:
        refuse_visible_without_display("login", "sign in from a desktop session (`login --check` needs none)")
    site = dataclasses.replace(site, mock_auto_sign_in=False)  # signing in is the person's job here
    state = StateDir.resolve(state_dir)
    on_ipp = platform == "ipp"
    session_path = site.ipp_session_path(state) if on_ipp else site.session_path(state)
    choice = find_browser(browser_path)
    with site.profile() as site_profile:
        # IPP's pages and sign-in stand in for the marketplace's: the same watching, its own session file.
        profile = ipp_profile(site_profile) if on_ipp else site_profile
        if check:
            if site.storage_state is None:  # a damaged saved session is refused, not called one that does not work
                site.ipp_session_file(state) if on_ipp else site.session_file(state)
            with site_errors("check the saved session"):
                works = session_works(profile, session_path, choice)
            if as_json:
                click.echo(json.dumps({"site": profile.name, "session": str(session_path), "works": works}))
            else:
                again = "`autoreport login --platform ipp`" if on_ipp else "`autoreport login`"
                click.echo(f"The saved session for {profile.name}{' (IPP)' if on_ipp else ''} ({session_path}) "
                           + ("works." if works else f"does not work: sign in with {again}."))
            sys.exit(ExitStatus.OK if works else ExitStatus.NEEDS_HUMAN)
        state.ensure()
        with site_errors("sign in"):
            saved = sign_in(profile, session_path, choice, say=lambda text: click.echo(text, err=True),
                            wait_s=timeout_s, extra_args=params.debugging_port_args(remote_debugging_port))
    click.echo(f"Signed in. Session saved to {saved} (readable by you only).")
