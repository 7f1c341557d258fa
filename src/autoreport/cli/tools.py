"""The tool's aids: `doctor` (what the tool found on this machine) and `mock-site` (the practice
marketplace, served for a person or a script)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from autoreport.cli import params
from autoreport.errors import ExitStatus


@click.command()
@params.browser_path
@params.state_dir(checked=False, help="The state folder to describe (default: the user's data folder).")
def doctor(browser_path: Path | None, state_dir: Path | None) -> None:
    """Show what the tool found: Python, Playwright, the browser it will use, a display, the state
    folder, its ledger and saved sessions, and the site patches in the config folder. Exit 1 when no
    browser is found."""
    from autoreport.browser.discovery import describe_environment
    from autoreport.sites.patches import describe_patches
    from autoreport.store.state import StateDir, describe_state

    rows, browser_found = describe_environment(browser_path)
    for name, value in rows + describe_state(StateDir.resolve(state_dir)) + describe_patches():
        click.echo(f"{name + ':':<19} {value}")
    if not browser_found:
        sys.exit(ExitStatus.FAILED)


@click.command("mock-site")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="a free port",
              help="Port to listen on, on 127.0.0.1 only.")
@click.option("--edition", type=click.Choice(["current", "article"]), default="current", show_default=True,
              help="The site the mock copies: today's report centre of cards, or the 2015 article's site.")
def mock_site(port: int, edition: str) -> None:
    """Serve the mock marketplace on loopback until interrupted.

    Tests and scripts drive it through its control API under /__mock__/ (loopback, JSON):
    GET submissions, edition; POST faults, advance, orders, clock, edition, reset (see the README's
    table).

    \b
    Demo account: buyer@example.com / demo-password"""
    from autoreport.mock_site import MockSite

    if port:
        refuse_taken_port(port)
    site = MockSite(port=port, edition=edition)
    site.start()
    click.echo(f"Mock marketplace ({edition} edition) at {site.url}  "
               f"(demo account: {site.demo_login} / {site.demo_password})")
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
