"""Reading spec files: syntax, encodings, sizes, hostile YAML, positions and the error format."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from autoreport.errors import ExitStatus, InvalidInput
from autoreport.spec import MAX_SPEC_BYTES, Problem, SellerReport, SpecInvalid, load_spec

EVIDENCE = Path(__file__).parents[2] / "examples" / "evidence"

VALID_YAML = """\
# yaml-language-server: $schema=../autoreport.schema.json
version: 1
kind: seller-report
category: search-violations
reason: duplicate-listings
product_url: https://www.aliexpress.com/item/1005006000000003.html
details: The same product is listed ten times under different titles.
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder so that messages show the short relative paths users type."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, content: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def error_lines(path: Path) -> list[str]:
    with pytest.raises(SpecInvalid) as caught:
        load_spec(path)
    return caught.value.lines()


def test_a_valid_yaml_spec_loads() -> None:
    spec = load_spec(write("spec.yaml", VALID_YAML))
    assert isinstance(spec, SellerReport)
    assert spec.reason == "duplicate-listings"
    assert spec.source == Path.cwd() / "spec.yaml"


# --- the error format -------------------------------------------------------------------------


def test_every_problem_is_listed_at_once_with_positions() -> None:
    path = write(
        "spec.yaml",
        "version: 1\nkind: seller-report\ncategory: search-violations\nreason: nope\n"
        "product_url: ftp://x\ndetails: ok\ncolour: red\n",
    )
    with pytest.raises(SpecInvalid) as caught:
        load_spec(path)
    invalid = caught.value
    assert invalid.lines() == [
        "spec.yaml:4:9: reason: 'nope' is not a reason of category 'search-violations'; valid "
        "reasons: incorrect-category, unmatched-shipping-costs, incorrect-five-category, "
        "duplicate-listings, incorrect-measuring-units, incorrect-category-title, price-too-low, "
        "price-too-high, sku-infringement",
        "spec.yaml:5:14: product_url: must be the product page's http(s) link, e.g. "
        "https://www.aliexpress.com/item/1005006000000001.html, got 'ftp://x'",
        "spec.yaml:7:1: colour: unknown field; valid fields: version, kind, category, reason, "
        "order_number, product_url, brand, answers, seller_contact_channel, "
        "request_tracking_number, details, evidence, contact",
    ]
    assert str(invalid) == "\n".join(invalid.lines())
    assert invalid.path == path
    assert invalid.problems[0] == Problem(
        field="reason", line=4, column=9, message=invalid.problems[0].message
    )


def test_spec_invalid_is_invalid_input_with_exit_status_2() -> None:
    with pytest.raises(InvalidInput) as caught:
        load_spec(Path("missing.yaml"))
    assert caught.value.exit_status == ExitStatus.INVALID_INPUT


def test_the_path_is_shown_as_the_user_gave_it() -> None:
    write("specs/spec.yaml", "version: 1\n")
    assert error_lines(Path("specs/spec.yaml")) == [
        "specs/spec.yaml:1:1: kind: field required: 'seller-report', 'dispute-appeal', 'dispute-review', "
        "'refund-request', 'refund-disagreement' or 'ipr-complaint'"
    ]


def test_a_missing_field_points_at_its_parent_mapping() -> None:
    path = write(
        "spec.yaml",
        "# a comment first\nversion: 1\nkind: seller-report\ncategory: trade-rules\n"
        "reason: malicious-harassment\norder_number: '8000000000000001'\n"
        "seller_contact_channel: phone\ndetails: Calls at night.\n"
        "answers:\n  order_closed: true\n  goods_received: true\n",
    )
    assert error_lines(path) == [
        "spec.yaml:10:3: answers.receipt_confirmed_at_seller_request: field required",
    ]


def test_a_top_level_missing_field_points_at_the_document() -> None:
    path = write(
        "spec.yaml",
        "# comment\n\nversion: 1\nkind: dispute-review\norder_number: '8000000000000003'\nrating: 2\n",
    )
    assert error_lines(path) == ["spec.yaml:3:1: details: field required"]


def test_a_misspelt_field_is_reported_once_with_a_suggestion() -> None:
    path = write("spec.yaml", VALID_YAML.replace("reason:", "  \nreson:"))
    assert error_lines(path) == ["spec.yaml:6:1: reson: unknown field; did you mean 'reason'?"]


def test_a_key_given_twice_is_reported() -> None:
    path = write("spec.yaml", VALID_YAML + "reason: price-too-low\n")
    assert error_lines(path) == ["spec.yaml:8:1: reason: given twice (first on line 5)"]


# --- syntax -----------------------------------------------------------------------------------


def test_yaml_syntax_error() -> None:
    path = write("spec.yaml", "version: 1\nkind: [seller-report\ncategory: trade-rules\n")
    assert error_lines(path) == [
        "spec.yaml:3:9: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence at line 2)"
    ]


def test_yaml_bad_indentation() -> None:
    path = write("spec.yaml", "version: 1\nkind: seller-report\n  category: trade-rules\n")
    assert error_lines(path) == ["spec.yaml:3:11: YAML syntax error: mapping values are not allowed in this context"]


def test_yaml_unterminated_quote() -> None:
    path = write("spec.yaml", 'version: 1\ndetails: "never closed\n')
    assert error_lines(path) == [
        "spec.yaml:3:1: YAML syntax error: found unexpected end of stream "
        "(while scanning a quoted scalar at line 2)"
    ]


def test_json_syntax_error() -> None:
    path = write("spec.json", '{"version": 1,\n "kind": }')
    assert error_lines(path) == ["spec.json:2:10: JSON syntax error: expecting value"]


def test_json_trailing_comma_is_named_on_the_line_of_the_comma() -> None:
    assert error_lines(write("spec.json", '{"version": 1,\n}')) == [
        "spec.json:1:14: JSON syntax error: trailing comma before '}'; JSON allows none, remove it"]
    assert error_lines(write("list.json", '{"version": 1, "evidence": ["a.jpg",\n  ]}')) == [
        "list.json:1:36: JSON syntax error: trailing comma before ']'; JSON allows none, remove it"]


def test_a_yaml_tab_used_to_indent_says_to_use_spaces() -> None:
    path = write("spec.yaml", "version: 1\ncontact:\n\temail: buyer@example.com\n")
    assert error_lines(path) == [
        "spec.yaml:3:1: YAML syntax error: found character that cannot start any token; "
        "use spaces, not tabs, to indent"]


def test_json_problems_have_positions() -> None:
    path = write(
        "spec.json",
        json.dumps(
            {"version": 1, "kind": "dispute-review", "order_number": "8000000000000003", "rating": 7, "details": "x"},
            indent=2,
        ),
    )
    assert error_lines(path) == ["spec.json:5:13: rating: must be at most 5, got 7"]


def test_json_with_tabs_and_escaped_emoji_has_positions() -> None:
    path = write("spec.json", '{\n\t"version": 1,\n\t"kind": "dispute-review",\n\t"rating": 0,\n'
                              '\t"details": "\\ud83d\\ude00", "details": "x"\n}')
    assert error_lines(path) == [
        "spec.json:1:1: order_number: field required",
        "spec.json:4:12: rating: must be at least 1, got 0",
        "spec.json:5:29: details: given twice (first on line 5)",
    ]


def test_an_unknown_suffix_is_read_as_json_when_it_is_json() -> None:
    spec = load_spec(write("complaint.spec", json.dumps(
        {"version": 1, "kind": "dispute-review", "order_number": 8000000000000003, "rating": 5, "details": "Fine."}
    )))
    assert spec.order_number == "8000000000000003"


def test_an_unknown_suffix_is_read_as_yaml_otherwise() -> None:
    spec = load_spec(write("complaint.txt", VALID_YAML))
    assert isinstance(spec, SellerReport)


# --- empty and wrong documents ----------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "   \n\n", "# only a comment\n", "---\n"])
def test_empty_yaml(content: str) -> None:
    assert error_lines(write("spec.yaml", content)) == [
        "spec.yaml: the file is empty; a complaint spec starts with 'version: 1'"
    ]


def test_empty_json() -> None:
    assert error_lines(write("spec.json", "\n")) == [
        "spec.json: the file is empty; a complaint spec starts with 'version: 1'"
    ]


@pytest.mark.parametrize(
    ("content", "what"),
    [
        ("- version: 1\n", "a list"),
        ("hello\n", "text"),
        ("42\n", "a number"),
        ("true\n", "a boolean"),
        ("null\n", "null"),
    ],
)
def test_wrong_top_level_type(content: str, what: str) -> None:
    assert error_lines(write("spec.yaml", content)) == [
        f"spec.yaml:1:1: a complaint spec is a mapping of fields starting with 'version: 1', not {what}"
    ]


def test_wrong_top_level_type_in_json() -> None:
    assert error_lines(write("spec.json", '["version", 1]')) == [
        "spec.json:1:1: a complaint spec is a mapping of fields starting with 'version: 1', not a list"
    ]


def test_two_yaml_documents() -> None:
    assert error_lines(write("spec.yaml", "version: 1\n---\nversion: 1\n")) == [
        "spec.yaml:2:1: a complaint spec is one YAML document; found a second one ('---')"
    ]


# --- the file itself --------------------------------------------------------------------------


def test_missing_file() -> None:
    assert error_lines(Path("nowhere/spec.yaml")) == ["nowhere/spec.yaml: file not found"]


def test_a_folder() -> None:
    Path("specs").mkdir()
    assert error_lines(Path("specs")) == ["specs: a folder, not a spec file"]


def test_a_named_pipe_is_not_opened() -> None:
    os.mkfifo("spec.yaml")
    assert error_lines(Path("spec.yaml")) == ["spec.yaml: not a regular file"]


def test_an_unreadable_file(monkeypatch: pytest.MonkeyPatch) -> None:
    path = write("spec.yaml", VALID_YAML)

    def refuse(*args: object, **kwargs: object) -> None:  # chmod 0 does not stop root
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert error_lines(path) == ["spec.yaml: cannot read the file (permission denied)"]


def test_non_utf8_bytes() -> None:
    path = write("spec.yaml", b"version: 1\ndetails: caf\xe9\n")
    assert error_lines(path) == [
        "spec.yaml:2:13: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"
    ]


def test_a_utf8_byte_order_mark_is_fine() -> None:
    spec = load_spec(write("spec.yaml", b"\xef\xbb\xbf" + VALID_YAML.encode()))
    assert isinstance(spec, SellerReport)


def test_a_control_character() -> None:
    assert error_lines(write("spec.yaml", "version: 1\ndetails: a\x01b\n")) == [
        "spec.yaml:2:11: YAML syntax error: unacceptable character #x0001: special characters are not allowed"
    ]


def test_a_file_over_1_mib_is_refused_before_parsing() -> None:
    path = write("spec.yaml", "[" * (MAX_SPEC_BYTES + 1))
    assert error_lines(path) == [
        "spec.yaml: the file is too large (1,048,577 bytes); a complaint spec is at most 1 MiB"
    ]


def test_a_file_of_exactly_1_mib_is_read() -> None:
    padding = "#" * (MAX_SPEC_BYTES - len(VALID_YAML) - 1) + "\n"
    assert isinstance(load_spec(write("spec.yaml", VALID_YAML + padding)), SellerReport)


# --- hostile YAML -----------------------------------------------------------------------------


def test_anchors_and_aliases_are_refused() -> None:
    path = write("spec.yaml", "version: 1\nkind: &k seller-report\nother: *k\n")
    assert error_lines(path) == [
        "spec.yaml:2:7: YAML anchors and aliases ('&', '*') are not allowed in a complaint spec"
    ]


def test_python_tags_are_refused() -> None:
    path = write("spec.yaml", "version: 1\ndetails: !!python/object/apply:os.system ['echo owned']\n")
    assert error_lines(path) == [
        "spec.yaml:2:10: the YAML tag '!!python/object/apply:os.system' is not allowed in a complaint spec"
    ]


@pytest.mark.parametrize("tag", ["!!binary", "!!set", "!custom", "!!timestamp"])
def test_other_tags_are_refused(tag: str) -> None:
    lines = error_lines(write("spec.yaml", f"version: 1\ndetails: {tag} aGVsbG8=\n"))
    assert lines == [f"spec.yaml:2:10: the YAML tag '{tag}' is not allowed in a complaint spec"]


def test_plain_core_tags_are_fine() -> None:
    spec = load_spec(write("spec.yaml", VALID_YAML.replace("version: 1", "version: !!int 1")))
    assert spec.version == 1


def test_deep_yaml_nesting_is_refused() -> None:
    path = write("spec.yaml", "version: 1\ndetails: " + "[" * 5000 + "]" * 5000 + "\n")
    assert error_lines(path) == [
        "spec.yaml:2:1009: the document is nested too deeply (more than 20 levels)"
    ]


def test_deep_json_nesting_is_refused() -> None:
    path = write("spec.json", '{"details": ' + "[" * 100 + "]" * 100 + "}")
    assert error_lines(path) == ["spec.json:1:32: the document is nested too deeply (more than 20 levels)"]


def test_deep_block_nesting_is_refused_where_it_goes_too_deep() -> None:
    path = write("spec.yaml", "".join(" " * level + f"a{level}:\n" for level in range(1000)))
    assert error_lines(path) == ["spec.yaml:20:20: the document is nested too deeply (more than 20 levels)"]


def test_very_deep_json_nesting_is_refused() -> None:
    path = write("spec.json", "[" * 100_000 + "]" * 100_000)
    assert error_lines(path) == ["spec.json: the document is nested too deeply (more than 20 levels)"]


def test_a_number_of_thousands_of_digits() -> None:
    path = write("spec.yaml", "version: " + "9" * 5000 + "\n")
    assert error_lines(path) == ["spec.yaml: a number in the file has too many digits"]


# --- values YAML would otherwise convert ------------------------------------------------------


def test_unquoted_dates_stay_text() -> None:
    spec = load_spec(write("spec.yaml", VALID_YAML.replace(
        "details: The same product is listed ten times under different titles.", "details: 2024-05-01"
    )))
    assert spec.details == "2024-05-01"


def test_merge_keys_are_not_merged() -> None:
    path = write("spec.yaml", VALID_YAML + "<<: {rating: 5}\n")
    assert error_lines(path) == [
        "spec.yaml:8:1: <<: unknown field; valid fields: version, kind, category, reason, "
        "order_number, product_url, brand, answers, seller_contact_channel, "
        "request_tracking_number, details, evidence, contact"
    ]


def test_text_fields_keep_numbers_and_booleans_as_written() -> None:
    path = write("spec.yaml", VALID_YAML.replace(
        "details: The same product is listed ten times under different titles.", "details: yes"
    ).replace("reason: duplicate-listings", "reason: duplicate-listings\ncontact: {phone: 05551234567}"))
    spec = load_spec(path)
    assert spec.details == "yes"
    assert spec.contact is not None and spec.contact.phone == "05551234567"


# --- evidence paths ---------------------------------------------------------------------------


def test_evidence_is_resolved_against_the_spec_folder_not_the_working_folder(tmp_path: Path) -> None:
    folder = tmp_path / "complaints"
    (folder / "photos").mkdir(parents=True)
    (folder / "photos" / "parcel.jpg").write_bytes((EVIDENCE / "parcel.jpg").read_bytes())
    spec_path = write("complaints/spec.yaml", VALID_YAML + "evidence:\n  - photos/parcel.jpg\n")
    spec = load_spec(spec_path)
    assert isinstance(spec, SellerReport)
    assert spec.evidence == (folder.absolute() / "photos" / "parcel.jpg",)
    assert spec.evidence[0].is_absolute()


# --- more than a spec can mean ----------------------------------------------------------------


def test_a_mib_of_yaml_keys_is_refused_at_the_first_key_too_many() -> None:
    path = write("spec.yaml", "".join(f"k{n}: 1\n" for n in range(90_000)))
    assert error_lines(path) == ["spec.yaml:51:1: a mapping of more than 50 fields; a complaint spec has at most 13"]


def test_a_mib_of_json_keys_is_refused_at_the_first_key_too_many() -> None:
    path = write("spec.json", json.dumps({f"k{n}": 1 for n in range(75_000)}))
    assert error_lines(path) == ["spec.json:1:492: a mapping of more than 50 fields; a complaint spec has at most 13"]


@pytest.mark.parametrize("name", ["spec.json", "spec.yaml"])
def test_a_mib_long_list_is_refused_at_the_first_item_too_many(name: str) -> None:
    path = write(name, "[" + ",".join(["1"] * 500_000) + "]")
    assert error_lines(path) == [f"{name}:1:10002: a list of more than 5,000 items"]


def test_a_list_of_5000_items_is_read_and_judged_as_a_spec() -> None:
    items = "".join(f"  - photo{n}.jpg\n" for n in range(5000))
    lines = error_lines(write("spec.yaml", VALID_YAML + "evidence:\n" + items))
    assert "spec.yaml:9:3: evidence: at most 5 files, got 5000" in lines
    assert len(lines) == 5001  # and every missing file


def test_too_many_values_in_all_are_refused() -> None:
    path = write("spec.yaml", "evidence:\n" + "- {a: 1, b: 2}\n" * 69_000)
    assert error_lines(path) == [
        "spec.yaml:2001:7: the document holds more than 10,000 values; a complaint spec holds a few dozen"
    ]


def test_a_mib_long_key_is_shown_by_its_start() -> None:
    key = "a" * (MAX_SPEC_BYTES - 100)
    lines = error_lines(write("spec.json", json.dumps({"version": 1, "kind": "dispute-review", key: 1})))
    assert lines[-1] == f"spec.json:1:42: {'a' * 57}...: unknown field; valid fields: version, kind, " \
                        "order_number, rating, details"


def test_a_mib_of_details_is_too_long_before_its_letters_are_looked_at() -> None:
    spec = VALID_YAML.replace("details: The same", "details: " + "word " * 200_000 + "Тhe same")
    assert error_lines(write("spec.yaml", spec)) == [
        "spec.yaml:7:10: details: too long: 1000060 characters, at most 1000"
    ]
