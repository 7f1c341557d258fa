#!/usr/bin/env python3
"""Write check-site's page templates from the mock: every flow is walked as `check-site --site mock`
walks it, and each page, once complete, is written as an ARIA snapshot template (see
autoreport/aria_template.py for what is left out and what becomes a regular expression).

Maintainers run it after the mock copies a change of the site, then review the difference with git:
texts that vary between the sample orders were made regular expressions by hand (the dispute page's
product line) and are to be kept.

    .venv/bin/python scripts/write-page-templates.py [--edition article|current] [--into DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from autoreport.check_site import CheckOptions, check_all_flows
from autoreport.check_site_pages import PageResult, template_folder
from autoreport.options import BrowserOptions, SiteChoice


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edition", choices=["article", "current"], default="article",
                        help="the edition of the site the mock serves and the templates are of")
    parser.add_argument("--into", type=Path, help="the folder to write to (default: the package's templates "
                                                  "of the edition)")
    args = parser.parse_args()
    into = args.into or template_folder(args.edition)
    with tempfile.TemporaryDirectory() as output:
        options = CheckOptions(output=Path(output), element_timeout_s=5, write_templates_to=into)
        checks = check_all_flows(SiteChoice(name="mock", mock_edition=args.edition), BrowserOptions(), options,
                                 say=lambda line: None)
    written = sorted({page.page for check in checks for page in check.pages if page.result is PageResult.MATCHES})
    print(f"{len(written)} templates in {into}: {', '.join(written)}")
    for check in checks:
        if check.ok is None:  # a flow the edition does not offer (or its sample dispute cannot be used)
            print(f"{check.flow}: not checked: {check.note}", file=sys.stderr)
    unfinished = [check.flow for check in checks if check.ok is False]
    if unfinished:
        print(f"flows that did not reach every page: {', '.join(unfinished)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
