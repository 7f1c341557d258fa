from __future__ import annotations

from types import SimpleNamespace

from autoreport.redaction import mask_contact, mask_email, mask_phone


def test_masks():
    assert mask_email("private.buyer@example.org") == "p***@example.org"
    assert mask_phone("+44 20 7946 0958") == "***58"
    contact = SimpleNamespace(email="private.buyer@example.org", phone="+44 20 7946 0958")
    text = "the site refused private.buyer@example.org and +44 20 7946 0958"
    assert mask_contact(text, contact) == "the site refused p***@example.org and ***58"
    assert mask_contact(None, contact) is None
