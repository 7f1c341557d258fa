"""Secrets stay out of what a run leaves behind."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from support import EXAMPLES, trace_event_types


def test_traces_hold_no_session_and_output_no_contact(run_on_mock, mock_site, write_spec, tmp_path):
    import yaml

    spec = yaml.safe_load((EXAMPLES / "ipr-counterfeit.yaml").read_text())
    path = write_spec("contact.yaml", {**spec, "contact": {"email": "private.buyer@example.org",
                                                          "phone": "+44 20 7946 0958"}})
    run = run_on_mock(str(path), "--tracing", "on")
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert received["contact"] == {"email": "private.buyer@example.org", "phone": "+44 20 7946 0958"}

    folder = Path(run.only_result["output"])
    assert {"frame-snapshot", "screencast-frame"} <= trace_event_types(folder / "trace.zip")  # all of it, when on
    with zipfile.ZipFile(folder / "trace.zip") as trace:
        network = trace.read("trace.network").decode()
    exchanges = [json.loads(line)["snapshot"] for line in network.splitlines() if line.strip()]
    cookie_headers = [h for e in exchanges for part in ("request", "response")
                      for h in e[part]["headers"] if h["name"].lower() in ("cookie", "set-cookie")]
    assert cookie_headers, "the run must have sent its session cookie"
    assert {h["value"] for h in cookie_headers} == {"[redacted]"}
    assert "session_id=" not in network.replace("session_id=[redacted]", "")

    assert not [p for p in folder.rglob("*") if p.suffix == ".json" and p.name != "receipt.json"]
    for output in (run.stdout, run.stderr, (folder / "receipt.json").read_text()):
        assert "private.buyer@example.org" not in output and "7946 0958" not in output
