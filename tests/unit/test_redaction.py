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


def test_a_scrubbed_trace_masks_the_contact_as_typed_and_as_sent(tmp_path):
    import zipfile
    from types import SimpleNamespace

    from autoreport.redaction import contact_strings, scrub_trace

    raw, trace = tmp_path / "raw.zip", tmp_path / "run" / "trace.zip"
    trace.parent.mkdir()
    with zipfile.ZipFile(raw, "w") as zipped:
        zipped.writestr("trace.trace", '{"type":"fill","value":"buyer.two@example.com"}\n'
                                       '{"type":"fill","value":"+1 555 0199"}\n')
        zipped.writestr("resources/post-body", "contact_email=buyer.two%40example.com&contact_phone=%2B1+555+0199")
    contact = SimpleNamespace(email="buyer.two@example.com", phone="+1 555 0199")
    scrub_trace(raw, trace, contact_strings(contact))
    with zipfile.ZipFile(trace) as zipped:
        text = "".join(zipped.read(name).decode() for name in zipped.namelist())
    assert "buyer.two" not in text and "555 0199" not in text and "555+0199" not in text
    assert "b***@example.com" in text and "***99" in text
    assert [p.name for p in trace.parent.iterdir()] == ["trace.zip"]  # no partial file left beside it
