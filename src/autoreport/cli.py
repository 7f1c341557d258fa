"""Thin commands: parse options, call the package, map errors to exit codes.

Heavy modules (playwright, pydantic, the mock server) are imported inside the commands so that
`autoreport --help` and `autoreport validate` start fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from autoreport.errors import AutoreportError, ExitStatus


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
def validate(specs: tuple[Path, ...], as_json: bool) -> None:
    """Check complaint spec files without starting a browser."""
    from autoreport.spec import SpecInvalid, load_spec

    all_valid = True
    for path in specs:
        try:
            load_spec(path)
        except SpecInvalid as invalid:
            all_valid = False
            if as_json:
                click.echo(json.dumps({"spec": str(path), "valid": False, "errors": invalid.lines()}))
            else:
                for line in invalid.lines():
                    click.echo(line)
        else:
            if as_json:
                click.echo(json.dumps({"spec": str(path), "valid": True, "errors": []}))
            else:
                click.echo(f"{path}: ok")
    if not all_valid:
        sys.exit(ExitStatus.INVALID_INPUT)


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the complaint spec."""
    from autoreport.spec import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@cli.command()
@click.option("--browser-path", type=click.Path(path_type=Path), envvar="AUTOREPORT_BROWSER",
              help="Chromium or Chrome to use (also AUTOREPORT_BROWSER).")
def doctor(browser_path: Path | None) -> None:
    """Show what the tool found: Python, Playwright, the browser it will use, a display."""
    from autoreport.browser import describe_environment

    for name, value in describe_environment(browser_path):
        click.echo(f"{name + ':':<12} {value}")


@cli.command("mock-site")
@click.option("--port", type=int, default=0, show_default="a free port",
              help="Port to listen on, on 127.0.0.1 only.")
def mock_site(port: int) -> None:
    """Serve the mock marketplace on loopback until interrupted."""
    from autoreport.mock_site import MockSite

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


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(ExitStatus.FAILED)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitStatus.INVALID_INPUT)
    except AutoreportError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_status)
