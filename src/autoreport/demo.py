"""`autoreport demo`: the Trade Rules example filed headless against an embedded mock marketplace."""

from __future__ import annotations

import json
import tempfile
from importlib.resources import as_file, files
from pathlib import Path

from autoreport.browser.driver import PlaywrightThread
from autoreport.errors import ExitStatus
from autoreport.filing import ComplaintFiler, SpecFile
from autoreport.options import BrowserOptions, RunOptions, SiteChoice
from autoreport.run_report import write_run_report
from autoreport.tables import chosen_format
from autoreport.terminal import print_results, stderr_line

DEMO_SPEC = "trade-rules.yaml"


def run_demo(output: Path, state_dir: Path | None, browser: BrowserOptions,
             first_worker: PlaywrightThread) -> ExitStatus:
    # A throwaway ledger unless one is named, so the demo files its complaint every time it runs.
    with tempfile.TemporaryDirectory(prefix="autoreport-demo-") as scratch, \
            as_file(files("autoreport.examples")) as examples:
        options = RunOptions(site=SiteChoice(name="mock"), browser=browser, output=output,
                             state_dir=state_dir or Path(scratch))
        filer = ComplaintFiler(options, say=stderr_line)
        try:  # as `run` does: a stop after the filing is noted until close(), the results shown all the same
            results = filer.file_all([SpecFile.load(examples / DEMO_SPEC)], first_worker)
            print_results(results, chosen_format(None))
            stderr_line(f"report: {write_run_report(output, results)}")
        finally:
            filer.close()
        result = results[0]
        if result.output and (result.output / "receipt.json").is_file():
            stderr_line(f"receipt: {result.output / 'receipt.json'}")
            print(json.dumps(json.loads((result.output / "receipt.json").read_text()), indent=2))
        return result.exit_status
