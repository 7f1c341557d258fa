"""What a soak round may be: its complaints, the kinds of round, the stops and the mock's faults; and
a round's plan, every choice drawn from the soak's seed and the round's number."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

import yaml

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# The round's complaints: spec files written into the soak's folder, next to the example evidence.
TRADE_RULES = yaml.safe_load((EXAMPLES / "trade-rules.yaml").read_text())
SPECS = {
    "paying.yaml": TRADE_RULES,
    "confirming.yaml": {**TRADE_RULES, "reason": "confirm-receipt-in-advance",
                        "details": "The seller asked me to confirm receipt before the parcel arrived, "
                                   "for a discount on my next order."},
    "appeal.yaml": yaml.safe_load((EXAMPLES / "dispute-appeal.yaml").read_text()),
}
KINDS = {  # taken in turn, so that any three rounds cover them all
    "single": ["paying.yaml"],
    "two reasons, one order": ["paying.yaml", "confirming.yaml"],
    "report and appeal": ["confirming.yaml", "appeal.yaml"],
}
STOPS = ("SIGKILL", "SIGINT", "SIGINT twice", "SIGTERM")
SUBMIT, APPEAL_SUBMIT = "/health/submitReport.htm", "/dispute/complaint.html"
FAULTS = {  # the mock's faults (fixtures/mock_site/faults.py), name: (its switches, kinds it reaches)
    "none": ({}, None),
    "503 on the next requests": ({"fail_requests": 2}, None),
    "503 on the report centre": ({"fail_requests": 2, "fail_path": "/health/reportIndex.htm"}, "seller-report"),
    "503 on an upload": ({"fail_requests": 1, "fail_path": "/health/upload"}, "seller-report"),
    "503 on the submit": ({"fail_requests": 1, "fail_path": SUBMIT}, "seller-report"),
    "503 on the confirmation": ({"fail_requests": 1, "fail_path": "/health/reportSuccess.htm"}, "seller-report"),
    "503 on My Reports": ({"fail_requests": 3, "fail_path": "/health/myReports.htm"}, "seller-report"),
    "503 on the appeal's submit": ({"fail_requests": 1, "fail_path": APPEAL_SUBMIT}, "dispute-appeal"),
    "503 on the dispute page": ({"fail_requests": 2, "fail_path": "/dispute/detail.html"}, "dispute-appeal"),
    "latency 800 ms": ({"latency_ms": 800}, None),
    "lost answer to the submit": ({"drop_submit_response": True}, None),
    "captcha": ({"captcha": "redirect"}, None),
    "inline captcha": ({"captcha": "inline"}, None),
    "popup and cookie banner": ({"popup": True, "cookie_banner": True}, None),
    "session expired": ({"session_expired": True}, None),
    "details not shown": ({"relabel": {"Description": "Your words"}}, None),  # look-ups cannot prove
}
HEALTHY = {"fail_requests": 0, "fail_path": None, "latency_ms": 0, "drop_submit_response": False,
           "captcha": False, "popup": False, "cookie_banner": False, "session_expired": False, "relabel": {}}


@dataclass
class Plan:
    """A round's random choices, all drawn from its own seed, so a round can be replayed alone."""

    index: int
    kind: str
    stop: str
    fault: str
    moment: tuple[str | None, str | None, float]  # (spec, step) to wait for, or (None, None): from the start

    @classmethod
    def draw(cls, seed: int, index: int, steps: dict[str, list[str]]) -> Plan:
        chance = random.Random(f"{seed}:{index}")
        kind = list(KINDS)[(index - 1) % len(KINDS)]
        specs = KINDS[kind]
        kinds_here = {SPECS[name]["kind"] for name in specs}
        faults = [name for name, (_, reaches) in FAULTS.items() if reaches is None or reaches in kinds_here]
        if chance.random() < 0.2:
            moment = (None, None, chance.uniform(0, 3.0))
        else:
            spec = chance.choice(specs)
            # The submit and the receipt weigh more: there the complaint may or may not have reached the site.
            step = chance.choice(steps[spec] + steps[spec][-2:] * 3)
            moment = (spec, step, chance.uniform(0, 0.6))
        return cls(index, kind, chance.choice(STOPS), chance.choice(faults), moment)

    def describe(self) -> str:
        spec, step, delay = self.moment
        at = f"{spec} {step}" if step else "start"
        return f"{self.kind}; {self.stop} at {at} +{delay * 1000:.0f} ms; fault: {self.fault}"


