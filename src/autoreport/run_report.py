"""report.html: one row per complaint with its outcome, number, step timeline, screenshots and files."""

from __future__ import annotations

import os
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from autoreport.errors import AutoreportError
from autoreport.filing import ComplaintResult

SCREENSHOT_ORDER = ("confirmation.png", "filled-form.png")


def _row(result: ComplaintResult, report_folder: Path) -> dict:
    total = sum(step.duration_s for step in result.steps) or 1.0
    steps = [{"name": step.name, "status": str(step.status), "duration_s": step.duration_s,
              # Steps that took no time still get a sliver, so every step shows on the timeline.
              "width": max(100 * step.duration_s / total, 0.5)} for step in result.steps]
    screenshots, links = [], []
    if result.output and result.output.is_dir():
        relative = Path(os.path.relpath(result.output, report_folder))
        names = sorted(p.name for p in result.output.iterdir() if p.is_file())
        shots = [n for n in SCREENSHOT_ORDER if n in names] + \
            [n for n in names if n.endswith(("-failed.png", "-quit.png"))]
        screenshots = [(relative / name).as_posix() for name in shots]
        links = [(name, (relative / name).as_posix()) for name in ("receipt.json", "trace.zip") if name in names]
    return {"spec": str(result.spec), "status": str(result.status), "error": result.error,
            "complaint_id": result.complaint_id, "steps": steps, "screenshots": screenshots, "links": links}


def write_run_report(report_folder: Path, results: list[ComplaintResult]) -> Path:
    from jinja2 import Environment, select_autoescape

    environment = Environment(autoescape=select_autoescape(default=True))
    template = environment.from_string((files("autoreport") / "templates" / "report.html").read_text())
    path = report_folder / "report.html"
    try:
        report_folder.mkdir(parents=True, exist_ok=True)
        path.write_text(template.render(rows=[_row(r, report_folder) for r in results],
                                        started=datetime.now().isoformat(timespec="seconds")))
    except OSError as error:  # --output is checked up front; something changed it since
        raise AutoreportError(f"could not write the run report {path}: {error.strerror or error}") from None
    return path
