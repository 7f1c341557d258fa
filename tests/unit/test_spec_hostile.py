"""Whatever a spec file holds, loading it returns a spec or raises SpecInvalid: never a traceback."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from autoreport.spec import SpecInvalid, load_spec

SPEC_KEYS = [
    "version", "kind", "category", "reason", "order_number", "product_url", "brand", "answers",
    "order_closed", "receipt_confirmed_at_seller_request", "goods_received", "seller_contact_channel",
    "request_tracking_number", "rating", "details", "evidence", "contact", "email", "phone",
]
SPEC_WORDS = [
    "seller-report", "dispute-appeal", "dispute-review", "trade-rules", "ipr-protection",
    "restricted-products", "search-violations", "counterfeit", "payment-outside-platform",
    "dispute-decision", "administration", "email", "8000000000000001", "https://example.com/item/1.html",
    ".", "..", "/", "/dev/zero", "spec.yaml", "",
]
YAML_TOKENS = [
    "version: 1\n", "kind: ", "seller-report", "\n", "  ", "- ", ": ", "&a ", "*a", "!!str ",
    "!!python/name:os.system",
    "[", "]", "{", "}", ",", "'", '"', "|\n", ">-\n", "---\n", "...\n", "%YAML 1.1\n", "? ", "#", "\t", "<<: ",
    "0o17", "0x1F", "1_000", "1:20", "2024-02-30", ".inf", "~", "yes", "\\u0000", "\ufeff", "\u2028", "é", "😀",
]

HOSTILE = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@contextmanager
def spec_file(content: str | bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"spec{suffix}"
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        else:
            path.write_bytes(content)
        yield path


def load_or_refuse(path: Path) -> None:
    """The property: a spec, or SpecInvalid with well-formed lines; any other exception fails."""
    try:
        load_spec(path)
    except SpecInvalid as invalid:
        assert invalid.problems
        for line in invalid.lines():
            assert line.startswith(f"{path}:")
            assert "\n" not in line and "\r" not in line


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.sampled_from(SPEC_WORDS),
)
keys = st.one_of(st.sampled_from(SPEC_KEYS), st.text(max_size=12))
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=6) | st.dictionaries(keys, children, max_size=8),
    max_leaves=20,
)
evidence_lists = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(SPEC_WORDS), scalars), max_size=7)
spec_like = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1, 2, "1", True])},
    optional={key: evidence_lists if key == "evidence" else documents for key in SPEC_KEYS if key != "version"},
)
VALID_SPECS: list[dict[str, Any]] = [
    {
        "version": 1, "kind": "seller-report", "category": "trade-rules", "reason": "dispute-deception",
        "order_number": "8000000000000001", "seller_contact_channel": "email",
        "answers": {"order_closed": True, "receipt_confirmed_at_seller_request": False, "goods_received": True},
        "details": "The seller lied in the dispute.",
    },
    {
        "version": 1, "kind": "seller-report", "category": "ipr-protection", "reason": "counterfeit",
        "product_url": "https://www.aliexpress.com/item/1005006000000001.html", "brand": "Example",
        "details": "A fake.", "contact": {"email": "buyer@example.com", "phone": "+1 555 123 4567"},
    },
    {
        "version": 1, "kind": "dispute-appeal", "order_number": "8000000000000002",
        "category": "administration", "details": "Slow.",
    },
    {"version": 1, "kind": "dispute-review", "order_number": "8000000000000003", "rating": 3, "details": "Ok."},
]
# Valid specs with a few fields replaced or added: reaches every validator with odd values.
near_valid = st.sampled_from(VALID_SPECS).flatmap(
    lambda base: st.dictionaries(
        st.sampled_from(SPEC_KEYS), st.one_of(documents, evidence_lists), max_size=3
    ).map(lambda changes: {**base, **changes})
)
suffixes = st.sampled_from([".yaml", ".yml", ".json", ".txt", ""])


@HOSTILE
@given(st.text(max_size=400), suffixes)
def test_any_text(text: str, suffix: str) -> None:
    with spec_file(text, suffix) as path:
        load_or_refuse(path)


@HOSTILE
@given(st.binary(max_size=400), suffixes)
def test_any_bytes(content: bytes, suffix: str) -> None:
    with spec_file(content, suffix) as path:
        load_or_refuse(path)


@HOSTILE
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=40), suffixes)
def test_yaml_looking_text(tokens: list[str], suffix: str) -> None:
    with spec_file("".join(tokens), suffix) as path:
        load_or_refuse(path)


@HOSTILE
@given(st.one_of(near_valid, spec_like, documents), suffixes)
def test_any_document_as_yaml(document: Any, suffix: str) -> None:
    with spec_file(yaml.safe_dump(document, allow_unicode=True), suffix) as path:
        load_or_refuse(path)


@HOSTILE
@given(st.one_of(near_valid, spec_like, documents), suffixes)
def test_any_document_as_json(document: Any, suffix: str) -> None:
    with spec_file(json.dumps(document), suffix) as path:
        load_or_refuse(path)


# --- known attacks ----------------------------------------------------------------------------

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def refused_quickly(path: Path) -> list[str]:
    started = time.monotonic()
    with pytest.raises(SpecInvalid) as caught:
        load_spec(path)
    assert time.monotonic() - started < 1
    return caught.value.lines()


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BILLION_LAUGHS)
    assert refused_quickly(path) == [
        f"{path}:1:4: YAML anchors and aliases ('&', '*') are not allowed in a complaint spec"
    ]


def test_python_object_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "owned"
    path = tmp_path / "spec.yaml"
    path.write_text(f"!!python/object/apply:os.system ['touch {marker}']\n")
    assert refused_quickly(path) == [
        f"{path}:1:1: the YAML tag '!!python/object/apply:os.system' is not allowed in a complaint spec"
    ]
    assert not marker.exists()


def test_a_5_mib_file_is_refused_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text("details: " + "x" * (5 * 1024 * 1024) + "\n")

    def no_reading(self: Path, *args, **kwargs):
        raise AssertionError(f"{self} was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    assert refused_quickly(path) == [
        f"{path}: the file is too large (5,242,890 bytes); a complaint spec is at most 1 MiB"
    ]


def test_a_mib_of_nesting_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("[" * (1024 * 1024 - 1))
    [line] = refused_quickly(path)
    assert line == f"{path}:1:1001: the document is nested too deeply (more than 20 levels)"
