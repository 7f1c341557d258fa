"""Writing and checking complaint specs: `new`, `schema`, `validate`. None starts a browser."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from autoreport.cli import params
from autoreport.cli.output import say_skipped
from autoreport.errors import ExitStatus


@click.command()
@click.argument("specs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--site", type=click.Choice(["aliexpress", "mock"]),
              help="Also warn about what the site, as it is expected to look, no longer offers (exit 0).")
@params.json_option("One JSON object per spec on stdout.")
@params.verbose
def validate(specs: tuple[Path, ...], site: str | None, as_json: bool, verbose: bool) -> None:
    """Check complaint spec files (or folders of them, or globs) without starting a browser."""
    from autoreport.spec import SpecInvalid, load_spec, report_json
    from autoreport.spec_arguments import expand_spec_arguments

    all_valid = True
    for path in expand_spec_arguments(specs, skipped=say_skipped if verbose else None):
        try:
            spec = load_spec(path)
        except SpecInvalid as invalid:
            all_valid = False
            click.echo(json.dumps(invalid.as_json()) if as_json else "\n".join(invalid.lines()))
            continue
        warnings = not_offered_on(site, spec) if site else []
        duplicates = getattr(spec, "duplicates", [])  # listings given twice: filed once, and said so
        if as_json:
            click.echo(json.dumps({**report_json(path), **({"warnings": warnings} if site else {}),
                                   **({"notes": duplicates} if duplicates else {})}))
            continue
        click.echo(f"{path}: ok")
        for note in duplicates:
            click.echo(f"note: {path}: {note}", err=True)
        for warning in warnings:
            click.echo(f"warning: {path}: {warning}", err=True)
    if not all_valid:
        sys.exit(ExitStatus.INVALID_INPUT)


def not_offered_on(site: str, spec) -> list[str]:
    """What the site, in the edition it is expected to show, does not offer of the spec."""
    from autoreport.sites.knowledge import site_knowledge
    from autoreport.spec import SELLER_REPORT_CATEGORIES

    category = getattr(spec, "category", None)
    knowledge = site_knowledge(site)
    if spec.kind != "seller-report" or f"categories.{category}" in knowledge.labels:
        return []
    instead = knowledge.labels.get(f"instead.{category}")
    return [f"the {site} report centre ({knowledge.edition} edition) offers no "
            f"{SELLER_REPORT_CATEGORIES[category].label} category" + (f"; {instead}" if instead else "")]


@click.command()
def schema() -> None:
    """Print the JSON Schema of the complaint spec."""
    from autoreport.spec import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@click.command()
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
