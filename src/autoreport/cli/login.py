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
def login(site: SiteChoice, state_dir: Path | None, browser_path: Path | None, as_json: bool, check: bool,
          timeout_s: float, remote_debugging_port: int | None) -> None:
    """Sign in by hand in a visible browser and save the session for later runs (mode 600).

    The tool never types the password: it waits until you have signed in.
    """
    from autoreport.browser.discovery import find_browser
    from autoreport.check_site import site_errors
    from autoreport.login import session_works, sign_in
    from autoreport.store.state import StateDir

    if site.name == "mock" and not site.base_url:
        raise click.UsageError("login --site mock needs --base-url (the mock you will use with run)")
    if not check:
        refuse_visible_without_display("login", "sign in from a desktop session (`login --check` needs none)")
    site = dataclasses.replace(site, mock_auto_sign_in=False)  # signing in is the person's job here
    state = StateDir.resolve(state_dir)
    session_path = site.session_path(state)
    choice = find_browser(browser_path)
    with site.profile() as profile:
        if check:
            if site.storage_state is None:
                site.session_file(state)  # a damaged saved session is refused, not called one that does not work
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
                            wait_s=timeout_s, extra_args=params.debugging_port_args(remote_debugging_port))
    click.echo(f"Signed in. Session saved to {saved} (readable by you only).")
