"""Keeping secrets out of what the tool leaves behind: session cookies out of traces, the buyer's
contact details out of messages and logs (the form itself gets them, of course)."""

from __future__ import annotations

import json
import os
import re
import tempfile
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

REDACTED = "[redacted]"
SECRET_HEADERS = {"cookie", "set-cookie", "authorization", "proxy-authorization"}


def _redact_exchange(exchange: dict) -> None:
    for part in ("request", "response"):
        message = exchange.get(part) or {}
        for header in message.get("headers", []):
            if header.get("name", "").lower() in SECRET_HEADERS:
                header["value"] = REDACTED
        for cookie in message.get("cookies", []):
            cookie["value"] = REDACTED


def _redact_network_line(line: str) -> str:
    if not line.strip():
        return line
    event = json.loads(line)
    if isinstance(event.get("snapshot"), dict):
        _redact_exchange(event["snapshot"])
    return json.dumps(event, separators=(",", ":"))


def scrub_trace(raw: Path, trace: Path, secrets: dict[str, str] | None = None) -> None:
    """Write the Playwright trace at `raw` to `trace` with every cookie and authorization header value
    redacted (the session in them would let anyone holding the trace act as the buyer), and each of
    `secrets` (the buyer's contact details, as typed and as a form sends them) replaced by its mask.

    The scrubbed trace is written beside `trace` and moved into place whole: `trace` never holds an
    unscrubbed byte, even when the tool is killed in the middle."""
    replacements = [(secret.encode(), mask.encode()) for secret, mask in (secrets or {}).items() if secret]
    with tempfile.NamedTemporaryFile(dir=trace.parent, prefix=".trace-", suffix=".partial", delete=False) as scratch:
        scrubbed = Path(scratch.name)
    try:
        with zipfile.ZipFile(raw) as source, zipfile.ZipFile(scrubbed, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.endswith(".network"):
                    lines = data.decode("utf-8").split("\n")
                    data = "\n".join(_redact_network_line(line) for line in lines).encode("utf-8")
                for secret, mask in replacements:
                    data = data.replace(secret, mask)
                target.writestr(item, data)
        os.replace(scrubbed, trace)
    finally:
        scrubbed.unlink(missing_ok=True)


def contact_strings(contact) -> dict[str, str]:
    """The spec's contact email and phone, each as typed and as a form or URL encodes it, with its mask."""
    masks: dict[str, str] = {}
    for value, mask in ((getattr(contact, "email", None), mask_email), (getattr(contact, "phone", None), mask_phone)):
        if value:
            for spelling in {value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]}:
                masks[spelling] = mask(value)
    return masks


def mask_email(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}***@{domain}" if domain else "***"


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return f"***{digits[-2:]}" if len(digits) > 2 else "***"


def mask_contact(text: str, contact) -> str:
    """The text with the spec's contact email and phone masked."""
    if not text or contact is None:
        return text
    if getattr(contact, "email", None):
        text = text.replace(contact.email, mask_email(contact.email))
    if getattr(contact, "phone", None):
        text = text.replace(contact.phone, mask_phone(contact.phone))
    return text
