"""The run's report: one page per run (`report-<time>.html`) with a row per complaint (what was filed,
its outcome, number, step timeline, evidence, screenshots and files), and `index.html` listing every
run's page, newest first. A run never writes over an earlier run's page."""

from __future__ import annotations

import os
from datetime import datetime
from importlib.resources import files
from pathlib import Path

from autoreport.errors import AutoreportError
from autoreport.filing.result import ComplaintResult, downscaled_words
from autoreport.spec_arguments import RUN_PAGE, mark_output_folder

SCREENSHOT_ORDER = ("confirmation.png", "filled-form.png")


def _row(result: ComplaintResult, report_folder: Path) -> dict:
    total = sum(step.duration_s for step in result.steps) or 1.0
    steps = [{"name": step.name, "status": str(step.status), "duration_s": step.duration_s,
              # Steps that took no time still get a sliver, so every step shows on the timeline.
              "width": max(100 * step.duration_s / total, 0.5)} for step in result.steps]
    screenshots, links, trace = [], [], None
    if result.output and result.output.is_dir():
        relative = Path(os.path.relpath(result.output, report_folder))
        names = sorted(p.name for p in result.output.iterdir() if p.is_file())
        shots = [n for n in SCREENSHOT_ORDER if n in names] + \
            [n for n in names if n.endswith(("-failed.png", "-quit.png"))]
        screenshots = [(relative / name).as_posix() for name in shots]
        links = [(name, (relative / name).as_posix()) for name in ("receipt.json", "trace.zip") if name in names]
        if "trace.zip" in names:
            trace = f"playwright show-trace {result.output / 'trace.zip'}"
    evidence = [{**entry, "downscaled": downscaled_words(entry)} for entry in result.evidence]
    return {"spec": str(result.spec), "status": str(result.status), "error": result.error, "filed": result.filed,
            "complaint_id": result.complaint_id, "steps": steps, "screenshots": screenshots, "links": links,
            "evidence": evidence, "trace": trace, "site_patch": result.site_patch,
            "edition": result.edition}


def _environment():
    from jinja2 import Environment, select_autoescape

    return Environment(autoescape=select_autoescape(default=True))


def _template(name: str):
    return _environment().from_string((files("autoreport") / "templates" / name).read_text())


def _new_page(report_folder: Path, started: datetime) -> Path:
    stamp, suffix = started.strftime("%Y%m%d-%H%M%S"), 1
    while True:
        path = report_folder / (f"report-{stamp}.html" if suffix == 1 else f"report-{stamp}-{suffix}.html")
        try:
            with open(path, "x"):  # claimed: a run at the same second takes the next name
                return path
        except FileExistsError:
            suffix += 1


def write_run_report(report_folder: Path, results: list[ComplaintResult]) -> Path:
    """This run's page, and the index of every run's page in the folder; returns this run's page."""
    started = datetime.now().astimezone()
    try:
        report_folder.mkdir(parents=True, exist_ok=True)
        mark_output_folder(report_folder)
        path = _new_page(report_folder, started)
        path.write_text(_template("report.html").render(rows=[_row(r, report_folder) for r in results],
                                                        started=started.isoformat(timespec="seconds")))
        write_index(report_folder)
    except OSError as error:  # --output is checked up front; something changed it since
        raise AutoreportError(f"could not write the run report in {report_folder}: {error.strerror or error}"
                              ) from None
    return path


def write_index(report_folder: Path) -> Path:
    pages = sorted((p for p in report_folder.iterdir() if RUN_PAGE.fullmatch(p.name)), key=lambda p: p.name,
                   reverse=True)
    runs = [{"name": page.name, "when": datetime.fromtimestamp(page.stat().st_mtime).astimezone()
             .isoformat(timespec="seconds")} for page in pages]
    index = report_folder / "index.html"
    partial = report_folder / ".index.html.partial"
    partial.write_text(_template("index.html").render(runs=runs))
    os.replace(partial, index)
    return index
