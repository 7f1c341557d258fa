"""The command line: click only. Each command parses its options, calls a job, and maps how the job
ended to a documented exit code.

Heavy modules (playwright, pydantic, the mock server, the jobs) are imported inside the commands so
that `autoreport --help` and `autoreport validate` start fast.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from autoreport import scratch
from autoreport.cli import check_site, filing, follow_up, login, repair, specs, tools
from autoreport.cli.output import exit_status_of, log_in_one_line
from autoreport.cli.shield import OwnProcess


class CommandLine(click.Group):
    """The command group, ending as the program ends: an error as one line and its documented exit
    code, never a traceback, whether it runs as `autoreport` or is invoked in process (CliRunner)."""

    def main(self, args: Any = None, prog_name: str | None = None, **extra: Any) -> NoReturn:
        parse_and_run = super().main
        sys.exit(exit_status_of(lambda: parse_and_run(args=args, prog_name=prog_name, standalone_mode=False,
                                                      **extra)))


@click.group(cls=CommandLine, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="autoreport")
def cli() -> None:
    """File AliExpress complaints from complaint spec files by driving a real browser.

    Exit codes: 0 done, 1 failed while running, 2 invalid input (nothing launched),
    3 a human is needed (login, captcha).
    """


for command in (specs.new, specs.validate, specs.schema, filing.run, filing.demo, login.login, follow_up.status,
                follow_up.coupons, follow_up.history, follow_up.forget, check_site.check_site, repair.repair,
                tools.doctor, tools.mock_site):
    cli.add_command(command)


def main() -> NoReturn:
    """The `autoreport` program (also `python -m autoreport`): log records in one line each, the
    command's private temporary folder, and the command's work shielded from Ctrl-C."""
    log_in_one_line()
    scratch.claim()
    try:
        cli.main(obj=OwnProcess())
    finally:
        scratch.release()
