"""`autoreport demo`: two examples filed headless against embedded mock marketplaces, one per edition of
the site: a Restricted-products report on today's report centre, the Trade Rules form on the article's."""

from __future__ import annotations

import json
import tempfile
from importlib.resources import as_file, files
from pathlib import Path

from autoreport.browser.driver import PlaywrightThread
from autoreport.errors import ExitStatus
from autoreport.filing.batch import ComplaintFiler
from autoreport.filing.result import worst_exit_status
from autoreport.filing.spec_file import SpecFile
from autoreport.options import BrowserOptions, RunOptions, SiteChoice
from autoreport.run_report import write_run_report
from autoreport.tables import chosen_format
from autoreport.terminal import print_results, stderr_line

# Each edition of the site, and the example the demo files on it.
DEMO_SPECS = (("current", "restricted-products.json"), ("article", "trade-rules.yaml"))


def run_demo(output: Path, state_dir: Path | None, browser: BrowserOptions,
             first_worker: PlaywrightThread) -> ExitStatus:
    # A throwaway ledger unless one is named, so the demo files its complaints every time it runs.
    results = []
    with tempfile.TemporaryDirectory(prefix="autoreport-demo-") as scratch, \
            as_file(files("autoreport.examples")) as examples:
        worker: PlaywrightThread | None = first_worker  # a worker files one batch: the next starts its own
        for edition, spec in DEMO_SPECS:
            stderr_line(f"demo: {spec} on the mock's {edition} edition")
            options = RunOptions(site=SiteChoice(name="mock", mock_edition=edition), browser=browser, output=output,
                                 state_dir=state_dir or Path(scratch))
            filer = ComplaintFiler(options, say=stderr_line)
            try:  # as `run` does: a stop after the filing is noted until close(), the results shown all the same
                results += filer.file_all([SpecFile.load(examples / spec)], worker)
                worker = None
            finally:
                filer.close()
    print_results(results, chosen_format(None))
    stderr_line(f"report: {write_run_report(output, results)}")
    for result in results:
        if result.output and (result.output / "receipt.json").is_file():
            stderr_line(f"receipt: {result.output / 'receipt.json'}")
            print(json.dumps(json.loads((result.output / "receipt.json").read_text()), indent=2))
    return worst_exit_status(results)
