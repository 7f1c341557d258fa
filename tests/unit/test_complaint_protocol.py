"""One complaint's filing protocol, branch by branch, with a fake site look-up and a real ledger in a
temporary folder: no browser, milliseconds a test."""

from __future__ import annotations

import errno
import json
import threading
from types import SimpleNamespace

import pytest
from playwright.sync_api import Error as PlaywrightError
from support import EXAMPLES

from autoreport.errors import NeedsHuman
from autoreport.filing.complaint import ComplaintFiling, FlowEnd, LookUpFailed
from autoreport.filing.guards import SubmitSpacing, Submitting
from autoreport.filing.result import Outcome
from autoreport.filing.run import Run
from autoreport.filing.spec_file import SpecFile
from autoreport.flow.hooks import ProgressLines
from autoreport.flow.runner import FlowFailed
from autoreport.flow.step_through import Prompter
from autoreport.options import FilingPolicy, RunOptions, SiteChoice
from autoreport.sites.lookup import NOT_ON_SITE, ListingCache, Lookup
from autoreport.sites.pages import SiteRefused
from autoreport.sites.profile import mock_profile
from autoreport.store.ledger import PENDING, SUBMITTED, UNVERIFIED
from autoreport.store.state import StateDir

PROFILE = mock_profile("http://127.0.0.1:9")
OTHER_MOCK = mock_profile("http://127.0.0.1:10")


@pytest.fixture
def said() -> list[str]:
    return []


@pytest.fixture
def run(tmp_path, said):
    state = StateDir(tmp_path / "state")
    stop = threading.Event()
    return Run(options=RunOptions(site=SiteChoice(name="mock"), output=tmp_path / "runs"), state=state,
               ledger=state.open_ledger(),
               say=said.append, prompter=Prompter(say=said.append),
               progress=lambda label: ProgressLines(said.append, label), stop_requested=stop,
               spacing=SubmitSpacing(0, stop, said.append), submitting=Submitting(), listing=ListingCache())


class Filing:
    """A ComplaintFiling whose look-ups answer from a script and whose flow only counts its runs."""

    def __init__(self, run, tmp_path, *, finds: list[Lookup | Exception] = (), force: bool = False,
                 profile=PROFILE):
        if force:
            run.options = RunOptions(site=SiteChoice(name="mock"), policy=FilingPolicy(force=True),
                                     output=run.options.output)
        folder = tmp_path / "runs" / f"complaint-{len(list((tmp_path).glob('runs/*')))}"
        folder.mkdir(parents=True)
        self.filing = ComplaintFiling(run, browser=None, profile=profile,
                                      spec_file=SpecFile.load(EXAMPLES / "trade-rules.yaml"), run_folder=folder)
        self.finds, self.looks, self.flows = list(finds), [], 0
        self.filing.look_up = self.look_up
        self.filing.file_with_retries = self.file_with_retries

    def look_up(self, *, doing, listing=None, keep_page=False):
        self.looks.append("batch listing" if listing is not None else "fresh")
        answer = self.finds.pop(0) if self.finds else NOT_ON_SITE
        if isinstance(answer, Exception):
            raise answer
        return answer

    def file_with_retries(self):
        self.flows += 1
        self.filing.result.status, self.filing.result.complaint_id = Outcome.SUBMITTED, "100000000099"

    def file(self):
        return self.filing.file()


def pending_row(run, key_site=PROFILE.ledger_site) -> int:
    spec = SpecFile.load(EXAMPLES / "trade-rules.yaml")
    return run.ledger.record_pending(spec.key(key_site), str(spec.path), spec.sha256, "runs/0")


def test_a_new_complaint_is_looked_for_in_the_batch_listing_then_filed(run, tmp_path):
    filing = Filing(run, tmp_path)
    result = filing.file()
    assert (result.status, filing.looks, filing.flows) == (Outcome.SUBMITTED, ["batch listing"], 1)


def test_a_complaint_another_ledger_filed_is_recorded_not_filed(run, tmp_path, said):
    filing = Filing(run, tmp_path, finds=[Lookup(number="100000000005")])
    result = filing.file()
    assert (result.status, result.complaint_id, filing.flows) == (Outcome.SKIPPED_DUPLICATE, "100000000005", 0)
    (entry,) = run.ledger.entries()
    assert (entry.state, entry.complaint_number) == (SUBMITTED, "100000000005")
    assert said == ["trade-rules.yaml: the site has it already as 100000000005 (filed from elsewhere); "
                    "recorded, not filed again"]
    # The next run knows it from the ledger, without reading the site.
    again = Filing(run, tmp_path)
    assert (again.file().status, again.looks) == (Outcome.SKIPPED_DUPLICATE, [])


def test_a_complaint_that_may_be_on_the_site_is_unverified_and_not_filed(run, tmp_path):
    maybe = Lookup(unproven=("100000000005",), why="100000000005: its page could not be read")
    filing = Filing(run, tmp_path, finds=[maybe])
    result = filing.file()
    assert (result.status, result.exit_status, filing.flows) == (Outcome.UNVERIFIED, 1, 0)
    assert result.error == (
        "the site shows complaint 100000000005, which may be this one, but it could not be proven "
        "(100000000005: its page could not be read); it is not filed again by itself. Check 100000000005 on "
        "the site: if it is this complaint, nothing is left to do; if it is not, run again with --force to "
        "file this one")
    (entry,) = run.ledger.entries()
    assert entry.state == UNVERIFIED and json.loads(entry.details_json)["candidates"] == ["100000000005"]


def test_an_unverified_complaint_is_never_filed_again_by_itself(run, tmp_path):
    maybe = Lookup(unproven=("100000000005",), why="x")
    Filing(run, tmp_path, finds=[maybe]).file()
    again = Filing(run, tmp_path, finds=[NOT_ON_SITE])  # the candidate is gone from the site: still not filed
    assert (again.file().status, again.looks, again.flows) == (Outcome.UNVERIFIED, ["fresh"], 0)


def test_an_unverified_complaint_proven_later_is_recorded(run, tmp_path):
    Filing(run, tmp_path, finds=[Lookup(unproven=("100000000005",), why="x")]).file()
    again = Filing(run, tmp_path, finds=[Lookup(number="100000000005")])
    result = again.file()
    assert (result.status, result.complaint_id, again.flows) == (Outcome.SKIPPED_DUPLICATE, "100000000005", 0)
    assert [(e.state, e.complaint_number) for e in run.ledger.entries()] == [(SUBMITTED, "100000000005")]


def test_force_files_an_unverified_complaint_anew(run, tmp_path):
    Filing(run, tmp_path, finds=[Lookup(unproven=("100000000005",), why="x")]).file()
    forced = Filing(run, tmp_path, force=True)
    assert (forced.file().status, forced.looks, forced.flows) == (Outcome.SUBMITTED, [], 1)
    assert run.ledger.find(SpecFile.load(EXAMPLES / "trade-rules.yaml").key(PROFILE.ledger_site), UNVERIFIED) is None


def test_a_crash_left_pending_and_found_on_the_site_is_recorded(run, tmp_path):
    entry_id = pending_row(run)
    filing = Filing(run, tmp_path, finds=[Lookup(number="100000000003")])
    result = filing.file()
    assert (result.status, result.complaint_id, filing.looks, filing.flows) == (
        Outcome.SKIPPED_DUPLICATE, "100000000003", ["fresh"], 0)
    assert [(e.id, e.state) for e in run.ledger.entries()] == [(entry_id, SUBMITTED)]


def test_a_crash_left_pending_and_not_on_the_site_is_filed_after_one_look(run, tmp_path):
    pending_row(run)
    filing = Filing(run, tmp_path, finds=[NOT_ON_SITE])
    assert (filing.file().status, filing.looks, filing.flows) == (Outcome.SUBMITTED, ["fresh"], 1)
    assert all(entry.state != PENDING for entry in run.ledger.entries())


def test_a_crash_left_pending_that_cannot_be_proven_is_unverified(run, tmp_path):
    entry_id = pending_row(run)
    filing = Filing(run, tmp_path, finds=[Lookup(unproven=("100000000003",), why="x")])
    assert (filing.file().status, filing.flows) == (Outcome.UNVERIFIED, 0)
    assert [(e.id, e.state) for e in run.ledger.entries()] == [(entry_id, UNVERIFIED)]


def test_a_site_that_cannot_be_read_leaves_the_pending_row_for_the_next_run(run, tmp_path):
    pending_row(run)
    filing = Filing(run, tmp_path, finds=[LookUpFailed("could not find out: the site answered 503")])
    result = filing.file()
    assert (result.status, result.error, filing.flows) == (
        Outcome.FAILED, "could not find out: the site answered 503", 0)
    assert [e.state for e in run.ledger.entries()] == [PENDING]


def test_a_submitted_complaint_is_skipped_and_force_files_it_again(run, tmp_path):
    run.ledger.mark_submitted(pending_row(run), "100000000001")
    skipped = Filing(run, tmp_path)
    assert (skipped.file().status, skipped.looks, skipped.flows) == (Outcome.SKIPPED_DUPLICATE, [], 0)
    forced = Filing(run, tmp_path, force=True)
    assert (forced.file().status, forced.looks, forced.flows) == (Outcome.SUBMITTED, [], 1)


def test_each_mock_is_a_site_of_its_own_in_the_ledger(run, tmp_path):
    run.ledger.mark_submitted(pending_row(run), "100000000001")
    on_another_mock = Filing(run, tmp_path, profile=OTHER_MOCK)
    assert (on_another_mock.file().status, on_another_mock.flows) == (Outcome.SUBMITTED, 1)


def test_a_receipt_that_cannot_be_written_says_the_complaint_was_filed(run, tmp_path, said, monkeypatch):
    from autoreport.filing import complaint

    def full_disk(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(complaint, "write_receipt", full_disk)
    result = Filing(run, tmp_path).file()
    assert (result.status, result.complaint_id) == (Outcome.SUBMITTED, "100000000099")
    assert said[-1].startswith("trade-rules.yaml: filed as 100000000099, and recorded in the ledger; could not "
                               "write its receipt in ")
    assert said[-1].endswith(": No space left on device")


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_run_folder(run, tmp_path):
    filing = Filing(run, tmp_path)

    def broken():
        raise RuntimeError("something nobody foresaw\nwith a second line")

    filing.filing.file_with_retries = broken
    result = filing.file()
    assert (result.status, result.error) == (Outcome.FAILED, "unexpected error: something nobody foresaw")
    assert "Traceback (most recent call last)" in (result.output / "traceback.txt").read_text()


def test_evidence_that_changed_after_validation_is_bad_input_and_nothing_is_filed(run, tmp_path):
    from autoreport.errors import InvalidInput

    filing = Filing(run, tmp_path)

    def changed():
        raise InvalidInput("spec.yaml: evidence.0: parcel.jpg changed since the spec was validated")

    filing.filing.file_with_retries = changed
    result = filing.file()
    assert (result.status, result.exit_status) == (Outcome.INVALID, 2)
    assert run.ledger.entries() == []


# --- After a failed flow: did the complaint reach the site before anything is repeated? ----------

def fail_flow(run, tmp_path, error: BaseException, *, clicked: bool, finds: list[Lookup | Exception] = ()):
    """A flow that failed with `error`, before the submit click or after it (a pending row), and what
    the filing decides; look-ups answer from `finds` at once (no settling pause)."""
    run.options = RunOptions(site=SiteChoice(name="mock"), policy=FilingPolicy(retry_wait_s=0),
                             output=run.options.output)
    filing = Filing(run, tmp_path, finds=finds)
    marks = SimpleNamespace(entry_id=pending_row(run) if clicked else None)
    return filing, filing.filing.after_failure(FlowFailed("submit-report", error), marks)


def test_a_browser_that_died_before_the_submit_starts_the_flow_again_without_a_look(run, tmp_path):
    filing, end = fail_flow(run, tmp_path, PlaywrightError("Target page, context or browser has been closed"),
                            clicked=False)
    assert (end, filing.looks, run.ledger.entries()) == (FlowEnd.RETRY_FLOW, [], [])


def test_a_browser_that_died_before_the_submit_after_ctrl_c_ends_the_flow(run, tmp_path):
    run.stop_requested.set()
    filing, end = fail_flow(run, tmp_path, PlaywrightError("Target page, context or browser has been closed"),
                            clicked=False)
    assert (end, filing.looks, run.ledger.entries()) == (FlowEnd.DONE, [], [])


@pytest.mark.parametrize("error", [PlaywrightError("Timeout 30000ms exceeded."),
                                   NeedsHuman("the site asks to sign in")])
def test_a_failure_before_the_submit_ends_the_flow_without_a_look(run, tmp_path, error):
    filing, end = fail_flow(run, tmp_path, error, clicked=False)
    assert (end, filing.looks, run.ledger.entries()) == (FlowEnd.DONE, [], [])


def test_a_refusal_by_the_site_forgets_the_pending_row_without_a_look(run, tmp_path):
    filing, end = fail_flow(run, tmp_path, SiteRefused("Please enter a valid order number"), clicked=True)
    assert (end, filing.looks, run.ledger.entries()) == (FlowEnd.DONE, [], [])


def test_a_lost_answer_found_on_the_site_is_recorded_and_not_filed_again(run, tmp_path, said):
    filing, end = fail_flow(run, tmp_path, PlaywrightError("net::ERR_CONNECTION_RESET"), clicked=True,
                            finds=[Lookup(number="100000000042")])
    result = filing.filing.result
    assert (end, filing.looks, result.status, result.complaint_id) == (
        FlowEnd.DONE, ["fresh"], Outcome.SUBMITTED, "100000000042")
    assert [(e.state, e.complaint_number) for e in run.ledger.entries()] == [(SUBMITTED, "100000000042")]
    assert said == [
        "trade-rules.yaml: the answer to the submit was lost, but the site has the complaint as 100000000042"]


def test_a_lost_answer_not_on_the_site_is_filed_again_from_the_first_step(run, tmp_path):
    filing, end = fail_flow(run, tmp_path, PlaywrightError("net::ERR_CONNECTION_RESET"), clicked=True,
                            finds=[NOT_ON_SITE])
    assert (end, filing.looks, run.ledger.entries()) == (FlowEnd.RETRY_FLOW, ["fresh"], [])


def test_a_lost_answer_not_on_the_site_after_ctrl_c_is_not_filed_again(run, tmp_path):
    run.stop_requested.set()
    filing, end = fail_flow(run, tmp_path, PlaywrightError("net::ERR_CONNECTION_RESET"), clicked=True,
                            finds=[NOT_ON_SITE])
    assert (end, filing.looks) == (FlowEnd.DONE, ["fresh"])


def test_a_lost_answer_that_cannot_be_proven_is_unverified_and_not_filed_again(run, tmp_path):
    filing, end = fail_flow(run, tmp_path, PlaywrightError("net::ERR_CONNECTION_RESET"), clicked=True,
                            finds=[Lookup(unproven=("100000000005",), why="its details differ")])
    assert (end, filing.filing.result.status) == (FlowEnd.DONE, Outcome.UNVERIFIED)
    assert [e.state for e in run.ledger.entries()] == [UNVERIFIED]


def test_a_lost_answer_the_site_cannot_be_asked_about_keeps_the_pending_row(run, tmp_path):
    filing, end = fail_flow(run, tmp_path, PlaywrightError("net::ERR_CONNECTION_RESET"), clicked=True,
                            finds=[LookUpFailed("could not find out: the site answered 503")])
    result = filing.filing.result
    assert (end, result.status) == (FlowEnd.DONE, Outcome.FAILED)
    assert result.error == ("step submit-report failed: net::ERR_CONNECTION_RESET; "
                            "then could not find out: the site answered 503")
    assert [e.state for e in run.ledger.entries()] == [PENDING]
