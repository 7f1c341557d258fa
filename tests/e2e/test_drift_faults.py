"""The site drifts under the tool: class names hashed anew by every deploy (the mock's scramble fault) change
nothing for a tool that finds elements by role, label, text and id."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import requests
import yaml

HASH_SUFFIX = re.compile(r"--[0-9a-f]{6}$")
CLASS_ATTRIBUTE = re.compile(r'<[a-zA-Z][^<>]*?\sclass="([^"]*)"')
REPORT_CENTRE = "/health/reportIndex.htm"


def class_names_served(site_url: str, path: str) -> set[str]:
    """The class names of a page as the mock serves it now, to the demo account."""
    session = requests.Session()
    session.get(f"{site_url}/__mock__/sign-in", timeout=10).raise_for_status()
    page = session.get(f"{site_url}{path}", timeout=10).text
    return {name for names in CLASS_ATTRIBUTE.findall(page) for name in names.split()}


def class_names_seen(trace_zip: Path, path: str) -> set[str]:
    """The class names in the trace's DOM snapshots of the page at `path`: what the tool worked on."""
    names: set[str] = set()

    def collect(node) -> None:
        # An element is [tag, {attributes}, *children]; a text is a string; a reference to a node of an
        # earlier snapshot is [[snapshot, node]].
        if not (isinstance(node, list) and node and isinstance(node[0], str)):
            return
        children = node[1:]
        if children and isinstance(children[0], dict):
            names.update(children[0].get("class", "").split())
            children = children[1:]
        for child in children:
            collect(child)

    with zipfile.ZipFile(trace_zip) as trace:
        events = [json.loads(line) for line in trace.read("trace.trace").decode().splitlines() if line.strip()]
    for event in events:
        if event["type"] == "frame-snapshot" and path in event["snapshot"]["frameUrl"]:
            collect(event["snapshot"]["html"])
    return names


def test_a_complaint_is_filed_on_pages_whose_class_names_are_hashed(run_on_mock, mock_site, each_edition):
    # Today's edition hashes its class names once per start of the mock already; scramble hashes them anew
    # on every page load, in either edition.
    served = class_names_served(mock_site.url, REPORT_CENTRE)
    assert {"report-form", "field", "choices"} <= {HASH_SUFFIX.sub("", name) for name in served}
    mock_site.faults(scramble=True)

    run = run_on_mock(each_edition.spec, "--tracing", "on")

    assert run.exit_code == 0, run.stderr
    result = run.only_result
    assert result["status"] == "submitted"
    spec = yaml.safe_load(Path(each_edition.spec).read_text())
    (received,) = mock_site.submissions()
    assert received["id"] == result["complaint_id"]
    assert (received["category"], received["reason"], received["details"]) == (
        spec["category"], spec["reason"], spec["details"].strip())
    assert (received.get("order_number"), received.get("answers")) == (spec.get("order_number"), spec.get("answers"))
    assert [file["name"] for file in received["evidence"]] == [Path(path).name for path in spec["evidence"]]

    # The pages the tool filled had none of the class names the page had before, only hashed forms of
    # a deploy of their own, the ones the page's script gave the uploaded files too.
    seen = class_names_seen(Path(result["output"]) / "trace.zip", REPORT_CENTRE)
    assert seen and not seen & served
    assert all(HASH_SUFFIX.search(name) for name in seen)
    assert {HASH_SUFFIX.sub("", name) for name in seen} >= {HASH_SUFFIX.sub("", name) for name in served} | {
        "evidence-item", "thumb"}
