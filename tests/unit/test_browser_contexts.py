"""THE context factory: what every context is made with, and that nothing else makes one."""

from __future__ import annotations

import ast
from pathlib import Path

from autoreport.browser.contexts import VIEWPORT, ContextSettings, new_context
from autoreport.sites.profile import ALIEXPRESS, LIVE_ENGLISH_COOKIE, mock_profile

REPO = Path(__file__).parents[2]
FACTORY = REPO / "src" / "autoreport" / "browser" / "contexts.py"
HANDWRITTEN = REPO / "bench" / "handwritten.py"


class FakeContext:
    def __init__(self, **made_with):
        self.made_with = made_with
        self.cookies: list[dict] = []
        self.timeout_ms = self.navigation_timeout_ms = None

    def set_default_timeout(self, ms: float) -> None:
        self.timeout_ms = ms

    def set_default_navigation_timeout(self, ms: float) -> None:
        self.navigation_timeout_ms = ms

    def add_cookies(self, cookies: list[dict]) -> None:
        self.cookies += cookies


class FakeBrowser:
    def new_context(self, **made_with) -> FakeContext:
        return FakeContext(**made_with)


def test_a_context_has_the_sites_language_cookies_session_and_timeouts(tmp_path):
    session = tmp_path / "session.json"
    context = new_context(FakeBrowser(), ALIEXPRESS.context_settings(session), timeout_s=12,
                          navigation_timeout_s=40)
    assert context.made_with == {"storage_state": session, "locale": "en-US", "viewport": VIEWPORT}
    assert context.cookies == [LIVE_ENGLISH_COOKIE]
    assert (context.timeout_ms, context.navigation_timeout_ms) == (12_000, 40_000)


def test_without_timeouts_playwright_keeps_its_own():
    context = new_context(FakeBrowser(), mock_profile("http://127.0.0.1:1").context_settings())
    assert context.made_with["storage_state"] is None
    assert (context.timeout_ms, context.navigation_timeout_ms, context.cookies) == (None, None, [])


def test_settings_carry_values_not_a_profile():
    assert ALIEXPRESS.context_settings() == ContextSettings(locale="en-US", cookies=(LIVE_ENGLISH_COOKIE,))


def test_no_context_is_made_by_hand():
    """Playwright's Browser.new_context is called in the factory only, in the tool and the benchmark;
    but for the hand-written script the benchmark compares the tool with, which uses nothing of the tool."""
    by_hand = []
    for path in [*(REPO / "src").rglob("*.py"), *(REPO / "bench").rglob("*.py")]:
        if path in (FACTORY, HANDWRITTEN):
            continue
        tree = ast.parse(path.read_text(), str(path))
        by_hand += [f"{path.relative_to(REPO)}:{call.lineno}" for call in ast.walk(tree)
                    if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "new_context"]
    assert by_hand == []
