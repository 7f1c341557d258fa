"""`login --check`'s session check opens the site as a run does: with the site's cookies."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from autoreport.login import session_works
from autoreport.sites.profile import mock_profile


class CookieRecorder(BaseHTTPRequestHandler):
    """Answers every page with a report centre heading, and keeps the Cookie header it was sent."""

    received: list[str] = []

    def do_GET(self) -> None:
        self.received.append(self.headers.get("Cookie", ""))
        body = b"<h1>Submit a Report</h1>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def test_the_session_check_sends_the_cookie_that_forces_english(tmp_path, browser_choice):
    server = ThreadingHTTPServer(("127.0.0.1", 0), CookieRecorder)
    CookieRecorder.received = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_port}"
    # As the live site's profile sets its English cookie before the first page.
    profile = replace(mock_profile(site), cookies=({"name": "aep_usuc_f", "value": "b_locale=en_US", "url": site},))
    session = tmp_path / "session.json"
    session.write_text(json.dumps({"cookies": [], "origins": []}))
    try:
        # In a thread of its own, as the tool runs Playwright: this one may hold pytest-playwright's loop.
        with ThreadPoolExecutor(1) as thread:
            assert thread.submit(session_works, profile, session, browser_choice).result()
    finally:
        server.shutdown()
        server.server_close()
    assert CookieRecorder.received[0] == "aep_usuc_f=b_locale=en_US"
