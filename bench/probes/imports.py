"""Run the CLI with the given arguments in this interpreter, then print which heavy modules it
imported, on a last line `IMPORTED ["name", ...]`: `--help` and `validate` should load no playwright.

    python bench/probes/imports.py --help
"""

import json
import sys

from autoreport.cli import main

# Modules that cost real start-up time.
HEAVY_MODULES = ("playwright", "pydantic", "flask", "werkzeug", "jinja2", "rich", "PIL", "yaml", "tenacity")

sys.argv = ["autoreport", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\nIMPORTED " + json.dumps([name for name in HEAVY_MODULES if name in sys.modules]))
