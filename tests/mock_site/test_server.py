"""MockSite itself: loopback only, start and stop, the demo account."""

from __future__ import annotations

import threading

import pytest
import requests
from autoreport.mock_site import MockSite


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "localhost", "example.com"])
def test_refuses_anything_but_a_loopback_address(host: str):
    with pytest.raises(ValueError, match="loopback"):
        MockSite(host=host)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2"])
def test_serves_on_any_ipv4_loopback_address(host: str):
    with MockSite(host=host) as site:
        assert site.url.startswith(f"http://{host}:")
        assert requests.get(site.url, timeout=10).status_code == 200


def test_takes_the_ipv6_loopback_address_in_brackets():
    # Not started: a machine without IPv6 still runs this test.
    assert MockSite(host="::1", port=8123).url == "http://[::1]:8123"


def test_serves_until_stopped_and_wait_returns_then():
    site = MockSite(port=0)
    site.start()
    try:
        assert site.url.startswith("http://127.0.0.1:") and site.port > 0
        assert (site.demo_login, site.demo_password) == ("buyer@example.com", "demo-password")
        assert requests.get(site.url, timeout=10).status_code == 200
        waiter = threading.Thread(target=site.wait)
        waiter.start()
        waiter.join(timeout=0.5)
        assert waiter.is_alive(), "wait() returned while the site was serving"
    finally:
        site.stop()
    waiter.join(timeout=5)
    assert not waiter.is_alive()
    with pytest.raises(requests.ConnectionError):
        requests.get(site.url, timeout=2)


def test_context_manager_gives_each_site_its_own_state():
    with MockSite() as first, MockSite() as second:
        assert first.url != second.url
        requests.post(f"{first.url}/__mock__/faults", json={"popup": True}, timeout=10)
        assert requests.get(f"{second.url}/__mock__/faults", timeout=10).json()["popup"] is False
