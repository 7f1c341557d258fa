"""The mock_site API, endpoint by endpoint, and what the server checks without a browser."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import requests
from shopper import mp4, png, signed_in_session

TRADE_RULES_REPORT = {
    "category": "trade-rules", "reason": "dispute-deception", "order_number": "8000000000000001",
    "order_closed": "yes", "receipt_confirmed_at_seller_request": "no", "goods_received": "yes",
    "seller_contact_channel": "email", "details": "He lied in the dispute.",
    "contact_email": "buyer@example.com", "contact_phone": "+1 555 0100",
}


def submit_report(session: requests.Session, site_url: str, **changes) -> requests.Response:
    return session.post(f"{site_url}/health/submitReport.htm", data={**TRADE_RULES_REPORT, **changes},
                        allow_redirects=False, timeout=10)


def refusals(answer: requests.Response) -> list[str]:
    alert = re.search(r'<div class="form-error" role="alert">(.*?)</div>', answer.text, re.S)
    return [re.sub("&#34;", '"', message) for message in re.findall(r"<p>(.*?)</p>", alert.group(1))] \
        if alert else []


def test_submissions_list_every_kind_oldest_first(site_url: str, mock_site):
    assert mock_site.submissions() == []
    session = signed_in_session(site_url)
    assert submit_report(session, site_url).status_code == 303
    session.post(f"{site_url}/p/dispute/complaint.html?orderId=8000000000000003",
                 data={"category": "administration", "details": "Nobody answered."}, timeout=10)
    session.post(f"{site_url}/p/dispute/review.html?orderId=8000000000000003",
                 data={"rating": "1", "review": "Slow."}, timeout=10)
    report, appeal, review = mock_site.submissions()
    assert [s["kind"] for s in (report, appeal, review)] == ["seller-report", "dispute-appeal", "dispute-review"]
    assert int(report["id"]) < int(appeal["id"]) < int(review["id"])
    assert all(re.fullmatch(r"\d{12}", s["id"]) for s in (report, appeal, review))
    assert report["answers"] == {"order_closed": True, "receipt_confirmed_at_seller_request": False,
                                 "goods_received": True}
    assert (appeal["category"], appeal["answers"], appeal["contact"], appeal["status"]) == (
        "administration", None, None, "complaint submitted")
    assert (review["category"], review["rating"], review["details"], review["status"]) == (
        None, 1, "Slow.", "received")


@pytest.mark.parametrize(("changes", "message"), [
    ({"order_number": "8000000000000099"}, "This order was not found in your account."),
    ({"order_number": "1234567890123"}, "The order number must have 14 to 16 digits."),
    ({"order_number": "12345678901234567"}, "The order number must have 14 to 16 digits."),
    ({"order_number": "80000000000000O1"}, "The order number must have 14 to 16 digits."),
    ({"details": "x" * 1001}, "The description must be at most 1000 characters."),
    ({"details": "x" * 999 + "\N{GRINNING FACE}"}, "The description must be at most 1000 characters."),
    ({"category": "price-gouging"}, "Unknown cause of complaint: price-gouging."),
    ({"category": ""}, "Please choose the cause of the complaint."),
    ({"reason": "counterfeit"}, "Unknown reason for Trade Rules: counterfeit."),
    ({"reason": ""}, 'Please choose a "Reason".'),
    ({"seller_contact_channel": "pigeon"}, 'Please choose "How did the seller contact you about this?"'),
    ({"goods_received": "maybe"}, 'Please answer "Have you received the goods?"'),
    ({"contact_email": "not an address"}, "Please enter a valid email address."),
    ({"evidence_id": "no-such-upload"}, "An attached file is no longer available. Please upload it again."),
])
def test_the_server_refuses_what_the_browser_might_let_through(site_url: str, mock_site, changes, message):
    answer = submit_report(signed_in_session(site_url), site_url, **changes)
    assert answer.status_code == 200
    assert refusals(answer) == [message]
    assert mock_site.submissions() == []


@pytest.mark.parametrize(("changes", "message"), [
    ({"product_url": "www.example.com/item/1"},
     "The product link must be a web address starting with http:// or https://."),
    ({"product_url": ""}, 'Please fill in "Product link".'),
    ({"brand": " "}, 'Please fill in "Brand name".'),
    ({"details": ""}, 'Please fill in "Description".'),
])
def test_product_reports_need_a_product_link_and_for_ipr_a_brand(site_url: str, mock_site, changes, message):
    form = {"category": "ipr-protection", "reason": "counterfeit", "product_url": "https://example.com/item/1",
            "brand": "Sonic", "details": "Fake.", "contact_email": "buyer@example.com"}
    answer = signed_in_session(site_url).post(f"{site_url}/health/submitReport.htm", data={**form, **changes},
                                              allow_redirects=False, timeout=10)
    assert refusals(answer) == [message]


def test_line_breaks_count_once_and_are_stored_as_typed(site_url: str, mock_site):
    details = ("a" * 99 + "\r\n") * 10  # 1000 characters as the browser counts them
    assert submit_report(signed_in_session(site_url), site_url, details=details).status_code == 303
    assert mock_site.submissions()[0]["details"] == ("a" * 99 + "\n") * 10


def test_upload_endpoint_judges_files_by_content(site_url: str):
    session = signed_in_session(site_url)

    def send(name: str, data: bytes) -> requests.Response:
        return session.post(f"{site_url}/health/upload", files={"file": (name, data)}, timeout=30)

    photo = png()
    answer = send("looks-like.jpg", photo.data)
    assert answer.status_code == 200
    body = answer.json()
    assert (body["name"], body["size"], body["sha256"], body["kind"]) == (
        "looks-like.jpg", len(photo.data), photo.sha256, "photo")
    preview = session.get(f"{site_url}{body['url']}", timeout=10)
    assert (preview.content, preview.headers["Content-Type"]) == (photo.data, "image/png")

    assert send("clip.mp4", mp4().data).json()["kind"] == "video"
    damaged = send("cut.png", photo.data[: len(photo.data) // 2])
    assert (damaged.status_code, damaged.json()) == \
        (422, {"error": "cut.png: the file is damaged and cannot be opened."})
    refused = send("photo.png", b"plain text pretending")
    assert (refused.status_code, refused.json()) == (415, {"error": "photo.png: this file type is not supported."})
    refused = send("big.mp4", mp4(size=20 * 1024 * 1024 + 1).data)
    assert (refused.status_code, refused.json()) == (
        413, {"error": "big.mp4: the file is too large (at most 20 MB for videos)."})
    assert send("ok.mp4", mp4(size=20 * 1024 * 1024).data).status_code == 200


def test_faults_get_and_partial_updates(site_url: str, mock_site):
    defaults = {"fail_requests": 0, "fail_path": None, "fail_status": 503, "latency_ms": 0, "late_form_ms": 450,
                "drop_submit_response": False,
                "captcha": None, "popup": False, "cookie_banner": False, "session_expired": False, "relabel": {},
                "scramble": False, "move": False}
    assert requests.get(f"{site_url}/__mock__/faults", timeout=10).json() == defaults
    assert mock_site.faults(popup=True, captcha=True, relabel={"Send": "Submit"}, scramble=True, move=1) == {
        **defaults, "popup": True, "captcha": "redirect", "relabel": {"Send": "Submit"}, "scramble": True,
        "move": True}
    assert mock_site.faults(cookie_banner=True)["popup"] is True  # other faults stay as they were
    assert mock_site.faults(popup=False, captcha=False, relabel=None, cookie_banner=0, scramble=None,
                            move=False) == defaults

    for bad in ({"fail_requests": -1}, {"fail_status": 200}, {"captcha": "sometimes"}, {"popup": "yes"},
                {"relabel": ["Send"]}, {"teleport": True}, {"latency_ms": 1.5}, {"fail_path": "health"},
                {"scramble": "yes"}, {"move": {"order_number": "Order ID"}}, {"move": 2}):
        answer = requests.post(f"{site_url}/__mock__/faults", json={"popup": True, **bad}, timeout=10)
        assert answer.status_code == 400, bad
    assert mock_site.faults() == defaults  # a refused update changes nothing


def test_fail_requests_count_pages_forms_and_uploads_only(site_url: str, mock_site):
    session = signed_in_session(site_url)
    mock_site.faults(fail_requests=3, fail_status=502)
    assert session.get(f"{site_url}/static/site.css", timeout=10).status_code == 200
    assert requests.get(f"{site_url}/__mock__/submissions", timeout=10).status_code == 200
    assert session.get(f"{site_url}/p/order/index.html", timeout=10).status_code == 502
    assert submit_report(session, site_url).status_code == 502
    failed = session.post(f"{site_url}/health/upload", files={"file": ("a.png", png().data)}, timeout=10)
    assert (failed.status_code, "502 Bad Gateway" in failed.text) == (502, True)
    assert session.get(f"{site_url}/p/order/index.html", timeout=10).status_code == 200
    assert mock_site.submissions() == []


def test_fail_path_aims_the_failures(site_url: str, mock_site):
    session = signed_in_session(site_url)
    mock_site.faults(fail_requests=1, fail_path="/health/upload")
    assert session.get(f"{site_url}/p/order/index.html", timeout=10).status_code == 200
    assert session.get(f"{site_url}/health/reportIndex.htm", timeout=10).status_code == 200
    failed = session.post(f"{site_url}/health/upload", files={"file": ("a.png", png().data)}, timeout=10)
    assert failed.status_code == 503
    landed = session.post(f"{site_url}/health/upload", files={"file": ("a.png", png().data)}, timeout=10)
    assert landed.status_code == 200
    assert mock_site.faults()["fail_requests"] == 0


def test_latency_spares_the_control_api(site_url: str, mock_site):
    mock_site.faults(latency_ms=5000)
    started = time.monotonic()
    requests.get(f"{site_url}/__mock__/faults", timeout=10)
    assert time.monotonic() - started < 5
    mock_site.faults(latency_ms=0)


@pytest.mark.parametrize(("path", "form"), [
    ("/health/submitReport.htm", TRADE_RULES_REPORT),
    ("/p/dispute/complaint.html?orderId=8000000000000002", {"category": "dispute-decision", "details": "No."}),
    ("/p/dispute/review.html?orderId=8000000000000003", {"rating": "3", "review": "Fine."}),
])
def test_drop_submit_response_stores_then_cuts_the_connection(site_url: str, mock_site, path, form):
    session = signed_in_session(site_url)
    mock_site.faults(drop_submit_response=True)
    with pytest.raises(requests.ConnectionError):
        session.post(f"{site_url}{path}", data=form, allow_redirects=False, timeout=10)
    # A byte-identical resend right away is what Chromium does by itself: cut too, not stored.
    with pytest.raises(requests.ConnectionError):
        session.post(f"{site_url}{path}", data=form, allow_redirects=False, timeout=10)
    assert len(mock_site.submissions()) == 1
    assert mock_site.faults()["drop_submit_response"] is False
    # The fault was one-shot: anything else gets its answer.
    again = session.post(f"{site_url}{path}", data={**form, "details": "Another one."},
                         allow_redirects=False, timeout=10)
    assert again.status_code in (200, 303)


def test_captcha_redirect_is_one_shot_and_keeps_the_way_back(site_url: str, mock_site):
    session = signed_in_session(site_url)
    mock_site.faults(captcha="redirect")
    answer = session.get(f"{site_url}/p/order/index.html?page=2", allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    assert re.fullmatch(r"/_____tmd_____/punish\?x5secdata=[\w-]+&return_url="
                        + re.escape("http%3A%2F%2F") + r".+%2Fp%2Forder%2Findex.html%3Fpage%3D2",
                        answer.headers["Location"])
    assert session.get(f"{site_url}/p/order/index.html", allow_redirects=False, timeout=10).status_code == 200


def test_inline_captcha_falls_on_the_next_page_only(site_url: str, mock_site):
    session = signed_in_session(site_url)
    mock_site.faults(captcha="inline")
    assert 'class="baxia-dialog"' in session.get(f"{site_url}/p/order/index.html", timeout=10).text
    assert 'class="baxia-dialog"' not in session.get(f"{site_url}/p/order/index.html", timeout=10).text


def test_session_expired_drops_the_session(site_url: str, mock_site):
    session = signed_in_session(site_url)
    mock_site.faults(session_expired=True)
    answer = session.get(f"{site_url}/p/order/index.html", allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/login?return_url=")
    assert session.get(f"{site_url}/p/order/index.html", allow_redirects=False, timeout=10).status_code == 302


def test_relabel_changes_visible_texts_but_not_what_is_typed(site_url: str, mock_site):
    session = signed_in_session(site_url)
    mock_site.faults(relabel={"Order number": "Order ID", "Describe what happened": "Tell us more",
                            "Offensive Weapons & Offensive Materials": "Weapons"})
    page = submit_report(session, site_url, details="Order number", order_number="").text
    assert ">Order ID</label>" in page and ">Order number</label>" not in page
    assert ">Tell us more</label>" in page
    assert "\nOrder number</textarea>" in page
    assert ">Weapons</li>" in page


def test_advance_moves_reports_and_appeals_one_status_on(site_url: str, mock_site):
    mock_site.set_clock("2026-11-27T10:00:00")
    session = signed_in_session(site_url)
    submit_report(session, site_url)
    session.post(f"{site_url}/p/dispute/complaint.html?orderId=8000000000000003",
                 data={"category": "dispute-decision", "details": "Unfair."}, timeout=10)
    report_id, appeal_id = (s["id"] for s in mock_site.submissions())

    assert mock_site.advance()["changed"] == [
        {"id": report_id, "kind": "seller-report", "from": "waiting process", "to": "processing"},
        {"id": appeal_id, "kind": "dispute-appeal", "from": "complaint submitted", "to": "under review"},
    ]
    mock_site.set_clock("2026-12-01T08:00:00")
    assert [change["to"] for change in mock_site.advance()["changed"]] == [
        "case closed(has been established)", "decision made"]
    assert mock_site.advance()["changed"] == []
    report, appeal = mock_site.submissions()
    assert (report["status"], report["decided_at"]) == ("case closed(has been established)", "2026-12-01T08:00:00")
    assert (appeal["status"], appeal["outcome"], appeal["decided_at"]) == (
        "decision made", "rejected", "2026-12-01T08:00:00")
    assert report["submitted_at"] == appeal["submitted_at"] == "2026-11-27T10:00:00"


def test_orders_can_be_added(site_url: str, mock_site):
    added = mock_site.add_order(order_number="8123456789012345", product="Kettle", store="Hot Stuff",
                              dispute="closed", appeal_outcome="rejected", compensation=12.5)
    (item,) = added.pop("items")  # the one item of an order added without a list of them
    assert added == {"order_number": "8123456789012345", "product": "Kettle", "store": "Hot Stuff",
                     "dispute": "closed", "appeal_outcome": "rejected", "compensation": "12.50"}
    assert (item["product"], item["price"], item["refund_outcome"]) == ("Kettle", "9.99", "refund-complete")
    orders_page = signed_in_session(site_url).get(f"{site_url}/p/order/index.html", timeout=10).text
    assert "Order number: 8123456789012345" in orders_page and "Kettle" in orders_page
    assert mock_site.add_order(order_number="81234567890123")["dispute"] is None

    def add(**order) -> int:
        return requests.post(f"{site_url}/__mock__/orders", json=order, timeout=10).status_code

    assert add(order_number="8123456789012345") == 409
    assert add(order_number="8000000000000001") == 409
    assert add(order_number="1234") == 400
    assert add(order_number="8123456789012346", dispute="maybe") == 400
    assert add(order_number="8123456789012346", appeal_outcome="partial") == 400
    assert add(order_number="8123456789012346", compensation="lots") == 400
    assert add(order_number="8123456789012346", compensation=0) == 400


def test_reset_restores_the_starting_state(site_url: str, mock_site):
    session = signed_in_session(site_url)
    submit_report(session, site_url)
    mock_site.add_order(order_number="8123456789012345")
    mock_site.faults(popup=True, fail_requests=2)
    mock_site.set_clock("2030-01-01T00:00:00")
    mock_site.reset()

    assert mock_site.submissions() == []
    assert (mock_site.faults()["popup"], mock_site.faults()["fail_requests"]) == (False, 0)
    assert submit_report(signed_in_session(site_url), site_url).status_code == 303
    assert not mock_site.submissions()[0]["submitted_at"].startswith("2030")
    assert session.get(f"{site_url}/p/order/index.html", allow_redirects=False, timeout=10).status_code == 302
    orders_page = signed_in_session(site_url).get(f"{site_url}/p/order/index.html", timeout=10).text
    assert re.findall(r"Order number: (\d+)", orders_page) == [
        "8000000000000001", "8000000000000002", "8000000000000003", "8000000000000004", "30000000000005"]
    assert not signed_in_session(site_url).get(f"{site_url}/p/dispute/detail.html?orderId=8000000000000002",
                                               timeout=10).text.count("complaint submitted")


def test_clock_is_frozen_until_released(site_url: str, mock_site):
    session = signed_in_session(site_url)
    assert mock_site.set_clock("2026-11-27T10:00:00+02:00") == {"now": "2026-11-27T08:00:00"}
    assert submit_report(session, site_url).status_code == 303
    time.sleep(1.1)  # the clock is to the second: a running one would have moved by now
    assert submit_report(session, site_url, details="Later.").status_code == 303
    mock_site.set_clock(None)
    assert submit_report(session, site_url, details="Released.").status_code == 303
    frozen_1, frozen_2, released = (s["submitted_at"] for s in mock_site.submissions())
    assert frozen_1 == frozen_2 == "2026-11-27T08:00:00"
    assert abs(datetime.fromisoformat(released) - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=1)
    assert requests.post(f"{site_url}/__mock__/clock", json={"now": "tomorrow"}, timeout=10).status_code == 400
    assert requests.post(f"{site_url}/__mock__/clock", json={}, timeout=10).status_code == 400


def test_control_api_answers_loopback_callers_only(mock_site_server):
    client = mock_site_server.app.test_client()
    remote = {"REMOTE_ADDR": "192.0.2.10"}
    assert client.get("/__mock__/submissions", environ_base=remote).status_code == 403
    assert client.post("/__mock__/reset", environ_base=remote).status_code == 403
    assert client.get("/__mock__/faults", environ_base={"REMOTE_ADDR": "::1"}).status_code == 200


def test_control_api_refuses_what_a_web_page_could_send(mock_site_server):
    client = mock_site_server.app.test_client()
    own = "http://localhost"
    # DNS rebinding: another name that resolves to loopback.
    rebound = client.get("/__mock__/submissions", headers={"Host": "attacker.example:8765"})
    assert rebound.status_code == 403
    assert rebound.get_json() == {"error": "the control API answers requests to a loopback name only, "
                                           "not attacker.example:8765"}
    # A script on another site.
    cross = client.post("/__mock__/reset", json={}, headers={"Origin": "https://shop.example"})
    assert cross.status_code == 403
    assert cross.get_json() == {"error": "the control API refuses requests from another site (https://shop.example)"}
    assert client.post("/__mock__/reset", json={}, headers={"Origin": "null"}).status_code == 403
    # An HTML form posts urlencoded: refused, so a page cannot switch faults or reset the mock.
    form = client.post("/__mock__/faults", data={"captcha": "slider"})
    assert form.status_code == 415
    assert client.get("/__mock__/faults").get_json()["captcha"] is None
    # The mock's own pages, tools and tests still get through.
    assert client.post("/__mock__/faults", json={"popup": True}, headers={"Origin": own}).get_json()["popup"] is True
    assert client.get("/__mock__/faults", headers={"Host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/__mock__/faults", headers={"Host": "[::1]:8765"}).status_code == 200
    assert client.post("/__mock__/reset", json={}).status_code == 200
