"""What end-to-end tests need around the tool: a free loopback port, and the flags a Chromium started
by hand needs."""

from __future__ import annotations

import socket

# A Chromium started outside Playwright (for --cdp-endpoint) needs what Playwright passes itself:
# no sandbox as root, and no background calls home, which a closed network refuses slowly.
SELF_STARTED_CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
