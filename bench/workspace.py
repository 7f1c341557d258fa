"""Where the benchmark works: generated specs next to copies of the example evidence, and the mock
marketplace they are filed on."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from autoreport.mock_site import MockSite
from autoreport.mock_site.client import MockControl
from commands import BenchmarkFailed

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


class Workspace:
    """A temporary folder with copies of the example evidence and specs generated next to them."""

    def __init__(self, root: Path):
        self.root = root
        self.evidence = root / "evidence"
        shutil.copytree(EXAMPLES / "evidence", self.evidence)
        self.template = yaml.safe_load((EXAMPLES / "trade-rules.yaml").read_text())
        self.next_order = 8_100_000_000_000_000  # 16 digits, apart from the mock's own orders

    def new_order_number(self) -> str:
        self.next_order += 1
        return str(self.next_order)

    def trade_rules_specs(self, folder: str, count: int) -> list[Path]:
        """Trade Rules complaints with two evidence files each, every one about another order."""
        target = self.root / folder
        target.mkdir()
        specs = []
        for number in range(count):
            spec = dict(self.template, order_number=self.new_order_number(),
                        evidence=[f"../evidence/{name}" for name in ("chat-screenshot.png", "parcel.jpg")])
            path = target / f"complaint-{number:03d}.yaml"
            path.write_text(yaml.safe_dump(spec, sort_keys=False))
            specs.append(path)
        return specs

    def scenario_folders(self, name: str) -> tuple[Path, Path]:
        """A fresh state folder (empty ledger) and output folder for one scenario."""
        return self.root / name / "state", self.root / name / "runs"


class ServedMock:
    """The embedded mock marketplace, served for the whole benchmark and prepared for each scenario
    through its control API."""

    def __init__(self):
        self.site = MockSite(edition="article").start()
        self.url = self.site.url
        self.control = MockControl(self.url)

    def prepare(self, specs: list[Path], late_form: bool = True) -> None:
        """A clean mock that knows the orders the specs complain about; its report form arrives late
        (its default) unless late_form is False."""
        self.control.reset()
        if not late_form:
            self.control.faults(late_form_ms=0)
        for spec in specs:
            self.control.add_order(yaml.safe_load(spec.read_text())["order_number"], dispute="none")

    def check_received(self, specs: list[Path]) -> None:
        expected = sorted(yaml.safe_load(spec.read_text())["order_number"] for spec in specs)
        received = sorted(submission.get("order_number") for submission in self.control.submissions())
        if received != expected:
            raise BenchmarkFailed(f"the mock received {len(received)} complaints, expected {len(expected)}: "
                                  f"{received} != {expected}")

    def stop(self) -> None:
        self.site.stop()
