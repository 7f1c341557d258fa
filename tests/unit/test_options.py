"""The option groups the jobs take: the site choice resolves the session in one place, --step makes
the browser visible in one place."""

from __future__ import annotations

import json

import pytest

from autoreport.errors import InvalidInput
from autoreport.options import BrowserOptions, Debug, RunOptions, SiteChoice
from autoreport.sites.profile import ALIEXPRESS
from autoreport.store.state import StateDir

SESSION = json.dumps({"cookies": [], "origins": []})


@pytest.fixture
def state(tmp_path) -> StateDir:
    return StateDir(tmp_path / "state")


def test_a_session_file_named_is_the_one_used(tmp_path, state):
    (tmp_path / "mine.json").write_text(SESSION)
    (state.root / "sessions").mkdir(parents=True)
    state.session_path("mock").write_text(SESSION)
    site = SiteChoice(name="mock", storage_state=tmp_path / "mine.json")
    assert site.session_file(state) == site.session_path(state) == tmp_path / "mine.json"


def test_a_session_file_named_but_missing_is_refused(tmp_path, state):
    site = SiteChoice(name="mock", storage_state=tmp_path / "gone.json")
    with pytest.raises(InvalidInput, match="^session file not found: .*gone.json$"):
        site.session_file(state)
    assert site.session_path(state) == tmp_path / "gone.json"  # where `login` saves one


def test_without_one_named_the_state_folder_has_the_site_session(state):
    site = SiteChoice(name="aliexpress")
    assert site.session_file(state) is None
    assert site.session_path(state) == state.root / "sessions" / "aliexpress.json"
    state.session_path("aliexpress").parent.mkdir(parents=True)
    state.session_path("aliexpress").write_text(SESSION)
    assert site.session_file(state) == state.session_path("aliexpress")
    state.session_path("aliexpress").write_text("{")
    with pytest.raises(InvalidInput, match="not a saved session"):
        site.session_file(state)


def test_the_profile_of_the_site_chosen():
    with SiteChoice().profile() as live:
        assert live is ALIEXPRESS
    with SiteChoice(name="mock", base_url="http://127.0.0.1:8000/", mock_auto_sign_in=False).profile() as mock:
        assert mock.report_centre_url == "http://127.0.0.1:8000/health/reportIndex.htm"
        assert mock.auto_sign_in_url is None


@pytest.mark.parametrize(("headed", "step", "visible"), [(False, False, False), (True, False, True),
                                                         (False, True, True)])
def test_step_through_makes_the_browser_visible(headed, step, visible):
    options = RunOptions(browser=BrowserOptions(headed=headed), debug=Debug(step=step))
    assert options.visible is visible
