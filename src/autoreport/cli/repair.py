"""`repair`: a spec's form walked in a visible browser; each element no longer found is pointed at by a
person and written to a site patch after their yes. Nothing is submitted."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from autoreport.cli import params
from autoreport.cli.checks import GivenPath, refuse_visible_without_display
from autoreport.cli.shield import exit_with
from autoreport.errors import AutoreportError, ExitStatus
from autoreport.options import BrowserOptions, SiteChoice


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@params.patched_site_choice
@params.state_dir()
@params.browser_options
@click.option("--patch", "patch_path", type=GivenPath(path_type=Path), metavar="FILE",
              help="The site patch to write the repairs to (default: the config folder's "
                   "site-patches/<site>.yaml, which every run applies).")
@params.timeout(30.0, 1, "Seconds a page may take to load.")
@params.element_timeout
@params.output_folder("autoreport-repair", "Folder for the dry run's files.")
def repair(spec: Path, site: SiteChoice, state_dir: Path | None, browser: BrowserOptions, patch_path: Path | None,
           timeout_s: float, element_timeout_s: float, output: Path) -> None:
    """Walk SPEC's form in a visible browser (a dry run: nothing is submitted) and, at each element the
    tool no longer finds, ask you to point at it there; the site-patch entry that finds it is shown and
    written only after you type yes.

    Exit codes: 0 the form was filled to its end, 1 a repair was declined or a step failed otherwise,
    2 invalid input, 3 the site asks to sign in or shows a captcha in a way no one cleared.
    """
    from autoreport.filing.spec_file import SpecFile
    from autoreport.sites.patches import patches_folder, read_patch

    if not browser.remote:
        refuse_visible_without_display("repair", "run it in a desktop session or under xvfb-run -a, or give "
                                                 "--cdp-endpoint")
    spec_file = SpecFile.load(spec)
    patch = patch_path or patches_folder() / f"{site.name}.yaml"
    if patch.is_file() and all(known.path != patch.absolute() for known in site.patches):
        site = replace(site, patches=(*site.patches, read_patch(patch)))  # its earlier repairs apply too

    def work() -> int:
        from autoreport.flow.runner import FlowFailed
        from autoreport.flow.step_through import Prompter
        from autoreport.repair import PatchFile, repair_flow
        from autoreport.terminal import stderr_line

        patch_file = PatchFile(patch, site.name)
        try:
            written = repair_flow(spec_file.spec, site, browser, patch_file, state_dir=state_dir, timeout_s=timeout_s,
                                  element_timeout_s=element_timeout_s, run_folder=output, prompter=Prompter(),
                                  say=stderr_line)
        except FlowFailed as failed:
            raise AutoreportError(str(failed)) from None
        if written:
            stderr_line(f"repaired: {', '.join(written)} in {patch}; every run on {site.name} now applies it")
        else:
            stderr_line("every element of the form was found: nothing to repair")
        return ExitStatus.OK

    output.mkdir(parents=True, exist_ok=True)
    exit_with(work)
