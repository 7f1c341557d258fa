"""Field rules of the complaint spec, one message each, as the user reads them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pydantic
import pytest
import yaml

from autoreport.spec import (
    DisputeAppeal,
    DisputeReview,
    SellerReport,
    SpecInvalid,
    browser_text_length,
    complaint_key,
    load_spec,
)

TRADE_RULES: dict[str, Any] = {
    "version": 1,
    "kind": "seller-report",
    "category": "trade-rules",
    "reason": "payment-outside-platform",
    "order_number": "8000000000000001",
    "answers": {"order_closed": False, "receipt_confirmed_at_seller_request": False, "goods_received": True},
    "seller_contact_channel": "aliexpress-messages",
    "details": "The seller asked me to pay by bank transfer.",
}
IPR: dict[str, Any] = {
    "version": 1,
    "kind": "seller-report",
    "category": "ipr-protection",
    "reason": "counterfeit",
    "product_url": "https://www.aliexpress.com/item/1005006000000001.html",
    "brand": "Example Audio",
    "details": "A copy sold as the original.",
}
RESTRICTED: dict[str, Any] = {
    "version": 1,
    "kind": "seller-report",
    "category": "restricted-products",
    "reason": "offensive-weapons",
    "product_url": "https://www.aliexpress.com/item/1005006000000002.html",
    "details": "Sells knuckle dusters.",
}
APPEAL: dict[str, Any] = {
    "version": 1,
    "kind": "dispute-appeal",
    "order_number": "8000000000000002",
    "category": "administration",
    "details": "Nobody answered in the dispute for two weeks.",
}
REVIEW: dict[str, Any] = {
    "version": 1,
    "kind": "dispute-review",
    "order_number": "8000000000000003",
    "rating": 2,
    "details": "The decision ignored my photos.",
}


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def spec_file(data: dict[str, Any], name: str = "spec.yaml") -> Path:
    path = Path(name)
    if name.endswith(".json"):
        path.write_text(json.dumps(data), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def messages(data: dict[str, Any], name: str = "spec.yaml") -> list[str]:
    """The problems without their `file:line:column: ` prefix (positions are tested elsewhere)."""
    with pytest.raises(SpecInvalid) as caught:
        load_spec(spec_file(data, name))
    return [line.split(": ", 1)[1] for line in caught.value.lines()]


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


def without(base: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in base.items() if key not in names}


@pytest.mark.parametrize("data", [TRADE_RULES, IPR, RESTRICTED, APPEAL, REVIEW])
def test_valid_specs_load(data: dict[str, Any]) -> None:
    spec = load_spec(spec_file(data))
    assert (spec.kind, spec.details) == (data["kind"], data["details"])
    assert getattr(spec, "order_number", None) == data.get("order_number")


# --- version and kind -------------------------------------------------------------------------


def test_kind_missing() -> None:
    assert messages(without(REVIEW, "kind")) == [
        "kind: field required: 'seller-report', 'dispute-appeal', 'dispute-review', "
        "'refund-request', 'refund-disagreement' or 'ipr-complaint'"
    ]


def test_kind_misspelt() -> None:
    assert messages(with_(REVIEW, kind="dispute_review")) == [
        "kind: must be 'seller-report', 'dispute-appeal', 'dispute-review', "
        "'refund-request', 'refund-disagreement' or 'ipr-complaint', got 'dispute_review'; "
        "did you mean 'dispute-review'?"
    ]


def test_version_missing() -> None:
    assert messages(without(REVIEW, "version")) == ["version: field required"]


@pytest.mark.parametrize(("version", "got"), [(2, "2"), ("1", "'1'"), (True, "true")])
def test_version_other_than_1(version: Any, got: str) -> None:
    assert messages(with_(REVIEW, version=version)) == [f"version: must be 1, got {got}"]


# --- unknown fields ---------------------------------------------------------------------------


def test_unknown_field_suggests_the_closest() -> None:
    data = without(IPR, "reason") | {"reson": "counterfeit"}
    assert messages(data) == ["reson: unknown field; did you mean 'reason'?"]


def test_unknown_nested_field_suggests_the_closest() -> None:
    answers = {"order_closed": True, "receipt_confirmed_at_seller_request": False, "goods_recieved": True}
    assert messages(with_(TRADE_RULES, answers=answers)) == [
        "answers.goods_recieved: unknown field; did you mean 'goods_received'?"
    ]


def test_unknown_field_without_a_close_one_lists_the_fields() -> None:
    assert messages(with_(APPEAL, priority="high")) == [
        "priority: unknown field; valid fields: version, kind, order_number, category, details, evidence"
    ]


def test_a_field_of_another_kind() -> None:
    assert messages(with_(APPEAL, rating=1)) == [
        "rating: not a field of a dispute-appeal spec (only dispute-review specs have it)"
    ]
    assert messages(with_(REVIEW, evidence=[])) == [
        "evidence: not a field of a dispute-review spec (only seller-report, dispute-appeal, refund-request, "
        "refund-disagreement and ipr-complaint specs have it)"
    ]


@pytest.mark.parametrize("data", [APPEAL, REVIEW])
def test_contact_is_not_a_field_of_the_dispute_kinds(data: dict[str, Any]) -> None:
    # The dispute forms have no contact fields: a contact there would be dropped without a word.
    assert messages(with_(data, contact={"email": "buyer@example.com"})) == [
        f"contact: not a field of a {data['kind']} spec (only seller-report specs have it)"
    ]


# --- categories and reasons -------------------------------------------------------------------


def test_unknown_category() -> None:
    assert messages(with_(IPR, category="ipr")) == [
        "category: must be 'ipr-protection', 'restricted-products', 'trade-rules' or "
        "'search-violations', got 'ipr'"
    ]


def test_misspelt_category_gets_a_suggestion() -> None:
    assert messages(with_(RESTRICTED, category="restricted-product")) == [
        "category: must be 'ipr-protection', 'restricted-products', 'trade-rules' or "
        "'search-violations', got 'restricted-product'; did you mean 'restricted-products'?"
    ]


def test_a_reason_of_another_category_lists_the_valid_ones() -> None:
    assert messages(with_(TRADE_RULES, reason="counterfeit")) == [
        "reason: 'counterfeit' is not a reason of category 'trade-rules' (it is an ipr-protection "
        "reason); valid reasons: payment-outside-platform, confirm-receipt-in-advance, "
        "dispute-deception, no-valid-tracking-number, malicious-harassment"
    ]


def test_an_unknown_reason_lists_the_valid_ones() -> None:
    assert messages(with_(RESTRICTED, reason="guns")) == [
        "reason: 'guns' is not a reason of category 'restricted-products'; valid reasons: "
        "offensive-weapons, illicit-drugs, hazardous-chemicals, adult-materials, "
        "medical-drugs-and-devices, human-parts-and-protected-species, "
        "illegal-tools-and-software, other-prohibited"
    ]


def test_dispute_appeal_category() -> None:
    assert messages(with_(APPEAL, category="decision")) == [
        "category: must be 'dispute-decision' or 'administration', got 'decision'; "
        "did you mean 'dispute-decision'?"
    ]


# --- fields that belong to one category -------------------------------------------------------


def test_trade_rules_needs_its_fields() -> None:
    assert messages(without(TRADE_RULES, "order_number", "answers", "seller_contact_channel")) == [
        "order_number: field required for category 'trade-rules'",
        "answers: field required for category 'trade-rules'",
        "seller_contact_channel: field required for category 'trade-rules'",
    ]


def test_trade_rules_answers_are_all_required_booleans() -> None:
    assert messages(with_(TRADE_RULES, answers={"order_closed": "perhaps"})) == [
        # missing fields point at the mapping's start, before the wrong value on the same line
        "answers.receipt_confirmed_at_seller_request: field required",
        "answers.goods_received: field required",
        "answers.order_closed: must be true or false, got 'perhaps'",
    ]


def test_trade_rules_answers_must_be_a_mapping() -> None:
    assert messages(with_(TRADE_RULES, answers=True)) == ["answers: must be a mapping of fields, got true"]


def test_seller_contact_channel() -> None:
    assert messages(with_(TRADE_RULES, seller_contact_channel="sms")) == [
        "seller_contact_channel: must be 'aliexpress-messages', 'email', 'phone', 'messenger' or "
        "'other', got 'sms'"
    ]


def test_request_tracking_number_defaults_to_false_in_trade_rules() -> None:
    spec = load_spec(spec_file(TRADE_RULES))
    assert isinstance(spec, SellerReport)
    assert spec.request_tracking_number is False
    spec = load_spec(spec_file(with_(TRADE_RULES, request_tracking_number=True)))
    assert isinstance(spec, SellerReport)
    assert spec.request_tracking_number is True


def test_brand_outside_ipr() -> None:
    assert messages(with_(TRADE_RULES, brand="Nike")) == [
        "brand: not a field of category 'trade-rules' (only ipr-protection reports have it)"
    ]


def test_brand_required_in_ipr() -> None:
    assert messages(without(IPR, "brand")) == ["brand: field required for category 'ipr-protection'"]


def test_empty_brand() -> None:
    assert messages(with_(IPR, brand="  ")) == ["brand: must not be empty"]


def test_trade_rules_fields_outside_trade_rules() -> None:
    assert messages(
        with_(IPR, order_number="8000000000000001", answers=TRADE_RULES["answers"], request_tracking_number=False)
    ) == [
        "order_number: not a field of category 'ipr-protection' (only trade-rules reports have it)",
        "answers: not a field of category 'ipr-protection' (only trade-rules reports have it)",
        "request_tracking_number: not a field of category 'ipr-protection' (only trade-rules reports have it)",
    ]


def test_product_url_outside_its_categories() -> None:
    assert messages(with_(TRADE_RULES, product_url=IPR["product_url"])) == [
        "product_url: not a field of category 'trade-rules' (only ipr-protection, "
        "restricted-products and search-violations reports have it)"
    ]


def test_product_url_required() -> None:
    assert messages(without(RESTRICTED, "product_url")) == [
        "product_url: field required for category 'restricted-products'"
    ]


@pytest.mark.parametrize(
    "url", ["www.aliexpress.com/item/1.html", "ftp://aliexpress.com/1", "https://", "http://a b.com/"]
)
def test_product_url_must_be_http(url: str) -> None:
    assert messages(with_(RESTRICTED, product_url=url)) == [
        "product_url: must be the product page's http(s) link, e.g. "
        f"https://www.aliexpress.com/item/1005006000000001.html, got '{url}'"
    ]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.aliexpress.com/item/1005001.html?spm=a2g0o.productlist.main.1&algo_pvid=ab12&"
         "algo_exp_id=ab12-0&pdp_npi=4%40dis&utm_source=x&gatewayAdapt=glo2usa&_randl_currency=USD#nav-review",
         "https://www.aliexpress.com/item/1005001.html"),
        ("https://WWW.AliExpress.com/item/1005001.html?scm=1007.1&pvid=9", "https://www.aliexpress.com/item/1005001.html"),
        ("https://fr.aliexpress.com/item/1005001.html?gatewayAdapt=glo2fra", "https://fr.aliexpress.com/item/1005001.html"),
        ("https://aliexpress.us/item/3256801.html?", "https://aliexpress.us/item/3256801.html"),
        # not an AliExpress item page: kept as written
        ("https://www.aliexpress.com/store/912.html?spm=a", "https://www.aliexpress.com/store/912.html?spm=a"),
        ("https://shop.example.com/item/1005001.html?spm=a", "https://shop.example.com/item/1005001.html?spm=a"),
    ],
)
def test_an_aliexpress_item_link_is_kept_without_its_tracking(url: str, canonical: str) -> None:
    assert load_spec(spec_file(with_(RESTRICTED, product_url=url))).product_url == canonical


def test_one_product_with_and_without_tracking_is_one_complaint() -> None:
    item = "https://www.aliexpress.com/item/1005001.html"
    plain = load_spec(spec_file(with_(RESTRICTED, product_url=item), "a.yaml"))
    tracked = load_spec(spec_file(with_(RESTRICTED, product_url=item + "?spm=a"), "b.yaml"))
    assert complaint_key(plain) == complaint_key(tracked)


def test_a_product_link_over_2000_characters_is_too_long() -> None:
    url = "https://shop.example.com/p?" + "x" * 2000
    assert messages(with_(RESTRICTED, product_url=url)) == ["product_url: too long: 2027 characters, at most 2000"]


# --- details ----------------------------------------------------------------------------------


def test_details_of_1000_characters_is_fine() -> None:
    assert load_spec(spec_file(with_(APPEAL, details="a" * 1000))).details == "a" * 1000


def test_details_of_1001_characters_is_too_long() -> None:
    assert messages(with_(APPEAL, details="a" * 1001)) == ["details: too long: 1001 characters, at most 1000"]


def test_an_emoji_counts_two_like_in_the_browser() -> None:
    load_spec(spec_file(with_(APPEAL, details="\N{PILE OF POO}" * 500)))
    assert messages(with_(APPEAL, details="a" + "\N{PILE OF POO}" * 500)) == [
        "details: too long: 1001 characters (as the site counts them: an emoji counts 2), at most 1000"
    ]


def test_line_breaks_count_one_even_as_crlf() -> None:
    crlf_text = "ab\r\n" * 250  # 1000 characters, 750 as the browser counts them
    spec = load_spec(spec_file(with_(APPEAL, details=crlf_text + "z" * 250), name="spec.json"))
    assert spec.details.count("\n") == 250 and "\r" not in spec.details
    lines = "\n".join(["a" * 9] * 100)  # 999 characters
    load_spec(spec_file(with_(APPEAL, details=lines + "x")))
    assert messages(with_(APPEAL, details=lines + "xy")) == ["details: too long: 1001 characters, at most 1000"]


def test_details_are_stripped() -> None:
    spec = load_spec(spec_file(with_(APPEAL, details="  Late.\n\n")))
    assert spec.details == "Late."


def test_empty_details() -> None:
    assert messages(with_(APPEAL, details=" \n ")) == ["details: must not be empty"]


def test_details_must_be_text() -> None:
    assert messages(with_(APPEAL, details=["a", "b"])) == ["details: must be text, got a list"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Товар не пришёл", "'Т' (Cyrillic script) at character 1"),
        ("Order is 货物 missing", "'货' (CJK script) at character 10"),
        ("ok then ありがとう", "'あ' (Hiragana script) at character 9"),
        ("Hello مرحبا", "'م' (Arabic script) at character 7"),
        ("Το δέμα", "'Τ' (Greek script) at character 1"),
    ],
)
def test_details_must_be_english(text: str, found: str) -> None:
    assert messages(with_(APPEAL, details=text)) == [
        f"details: must be in English: found {found}; translate the text into English"
    ]


def test_latin_accents_digits_symbols_and_emoji_are_fine() -> None:
    text = "Café crème, naïve façade: 2×3 € — 50% off™ ℓ ✓ \N{THUMBS DOWN SIGN} «ok» ‘quote’"
    spec = load_spec(spec_file(with_(APPEAL, details=text)))
    assert spec.details == text


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\u202a", "LEFT-TO-RIGHT EMBEDDING"),
        ("\u202b", "RIGHT-TO-LEFT EMBEDDING"),
        ("\u202c", "POP DIRECTIONAL FORMATTING"),
        ("\u202d", "LEFT-TO-RIGHT OVERRIDE"),
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
        ("\u2067", "RIGHT-TO-LEFT ISOLATE"),
        ("\u2068", "FIRST STRONG ISOLATE"),
        ("\u2069", "POP DIRECTIONAL ISOLATE"),
        ("\u200e", "LEFT-TO-RIGHT MARK"),
        ("\u200f", "RIGHT-TO-LEFT MARK"),
        ("\u061c", "ARABIC LETTER MARK"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u200c", "ZERO WIDTH NON-JOINER"),
        ("\u200d", "ZERO WIDTH JOINER"),
        ("\u2060", "WORD JOINER"),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ],
)
def test_invisible_characters_in_details_are_named(char: str, name: str) -> None:
    assert messages(with_(APPEAL, details=f"Refund {char}denied"), name="spec.json") == [
        f"details: must not hold invisible characters: found U+{ord(char):04X} {name} at character 8; "
        "delete it (it reorders or hides text)"
    ]


def test_control_characters_in_details() -> None:
    assert messages(with_(APPEAL, details="bell\u0007"), name="spec.json") == [
        "details: contains a control character (U+0007) at character 5"
    ]


def test_a_lone_surrogate_in_details() -> None:
    Path("spec.json").write_text(json.dumps(without(APPEAL, "details"))[:-1] + ', "details": "smile \\ud83d"}')
    with pytest.raises(SpecInvalid) as caught:
        load_spec(Path("spec.json"))
    assert caught.value.lines() == [
        "spec.json:1:119: details: contains an invalid character (half of an emoji's UTF-16 pair)"
    ]


@pytest.mark.parametrize(
    ("text", "length"),
    [("", 0), ("abc", 3), ("a\r\nb", 3), ("a\rb", 3), ("\N{PILE OF POO}", 2), ("é", 1), ("e\u0301", 2)],
)
def test_browser_text_length(text: str, length: int) -> None:
    assert browser_text_length(text) == length


# --- order numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize("digits", [14, 16])
def test_order_numbers_of_14_to_16_digits(digits: int) -> None:
    number = "8" + "0" * (digits - 1)
    spec = load_spec(spec_file(with_(REVIEW, order_number=number)))
    assert spec.order_number == number


@pytest.mark.parametrize("digits", [13, 17])
def test_order_numbers_of_other_lengths(digits: int) -> None:
    number = "8" + "0" * (digits - 1)
    assert messages(with_(REVIEW, order_number=number)) == [
        f"order_number: must be 14 to 16 digits, got {digits}"
    ]


@pytest.mark.parametrize(
    "number", ["8000-0000-0000-0001", "80000000000000O1", "8000 0000 0000 0001", "", "-800000000000001"]
)
def test_order_numbers_are_digits_only(number: str) -> None:
    assert messages(with_(REVIEW, order_number=number)) == [
        f"order_number: must be digits only, as shown in My Orders, got '{number}'"
    ]


def test_an_order_number_given_as_a_yaml_number_stays_as_written() -> None:
    spec_text = yaml.safe_dump(without(REVIEW, "order_number"))
    Path("spec.yaml").write_text(spec_text + "order_number: 0100000000000001\n")
    spec = load_spec(Path("spec.yaml"))
    assert spec.order_number == "0100000000000001"  # not octal, not 100000000000001


def test_an_order_number_given_as_a_json_number() -> None:
    spec = load_spec(spec_file(with_(REVIEW, order_number=8000000000000003), name="spec.json"))
    assert spec.order_number == "8000000000000003"


def test_an_order_number_with_yaml_underscores_is_refused() -> None:
    spec_text = yaml.safe_dump(without(REVIEW, "order_number"))
    Path("spec.yaml").write_text(spec_text + "order_number: 8000_0000_0000_0003\n")
    with pytest.raises(SpecInvalid) as caught:
        load_spec(Path("spec.yaml"))
    assert caught.value.lines() == [
        "spec.yaml:5:15: order_number: must be digits only, as shown in My Orders, got '8000_0000_0000_0003'"
    ]


@pytest.mark.parametrize(("value", "got"), [(True, "true"), (8.0e15, "8000000000000000.0"), ([1], "a list")])
def test_an_order_number_of_another_type(value: Any, got: str) -> None:
    assert messages(with_(REVIEW, order_number=value), name="spec.json") == [
        f"order_number: must be the order's number as shown in My Orders, got {got}"
    ]


# --- ratings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        (0, "rating: must be at least 1, got 0"),
        (6, "rating: must be at most 5, got 6"),
        ("3", "rating: must be a whole number, got '3'"),
        (True, "rating: must be a whole number, got true"),
        (2.5, "rating: must be a whole number, got 2.5"),
    ],
)
def test_rating(rating: Any, message: str) -> None:
    assert messages(with_(REVIEW, rating=rating)) == [message]


# --- contact ----------------------------------------------------------------------------------


@pytest.mark.parametrize("email", ["buyer@example.com", "a.b+c@mail.example.co.uk"])
def test_valid_email(email: str) -> None:
    spec = load_spec(spec_file(with_(IPR, contact={"email": email})))
    assert spec.contact is not None and spec.contact.email == email


@pytest.mark.parametrize(
    "email", ["buyer", "buyer@", "@example.com", "buyer@example", "a b@example.com", "a@@b.com"]
)
def test_invalid_email(email: str) -> None:
    assert messages(with_(IPR, contact={"email": email})) == [
        f"contact.email: not a valid email address: '{email}'"
    ]


@pytest.mark.parametrize(("email", "found"), [
    ("\u0430@example.com", "'\u0430' (U+0430 CYRILLIC SMALL LETTER A) at character 1"),
    ("buyer@ex\u0430mple.com", "'\u0430' (U+0430 CYRILLIC SMALL LETTER A) at character 9"),
    ("bu\u0443er@example.com", "'\u0443' (U+0443 CYRILLIC SMALL LETTER U) at character 3"),
    ("buyer@b\u00fccher.de", "'\u00fc' (U+00FC LATIN SMALL LETTER U WITH DIAERESIS) at character 8"),
    ("bu\u200byer@example.com", "U+200B ZERO WIDTH SPACE at character 3"),
])
def test_an_email_must_be_ascii(email: str, found: str) -> None:
    assert messages(with_(IPR, contact={"email": email})) == [
        f"contact.email: must be ASCII: found {found}; type the address in Latin letters"
    ]


@pytest.mark.parametrize("phone", ["+1 555 123 4567", "(555) 123-4567", "5551234", "+86 138 0013 8000"])
def test_valid_phone(phone: str) -> None:
    spec = load_spec(spec_file(with_(IPR, contact={"phone": phone})))
    assert spec.contact is not None and spec.contact.phone == phone


@pytest.mark.parametrize(
    "phone", ["555123", "1234567890123456", "+1 555 CALL NOW", "555.123.4567", "++1 5551234"]
)
def test_invalid_phone(phone: str) -> None:
    assert messages(with_(IPR, contact={"phone": phone})) == [
        f"contact.phone: not a valid phone number: '{phone}' (use 7 to 15 digits, with spaces, "
        "dashes or parentheses and an optional leading '+', e.g. +1 555 123 4567)"
    ]


def test_contact_unknown_field() -> None:
    assert messages(with_(IPR, contact={"mail": "buyer@example.com"})) == [
        "contact.mail: unknown field; did you mean 'email'?"
    ]


def test_empty_contact_is_fine() -> None:
    spec = load_spec(spec_file(with_(IPR, contact={})))
    assert spec.contact is not None and spec.contact.email is None and spec.contact.phone is None


# --- the models -------------------------------------------------------------------------------


def test_models_are_frozen() -> None:
    spec = load_spec(spec_file(REVIEW))
    with pytest.raises(pydantic.ValidationError):
        spec.rating = 5  # type: ignore[misc]


def test_complaint_keys() -> None:
    trade = load_spec(spec_file(TRADE_RULES))
    ipr = load_spec(spec_file(IPR))
    appeal = load_spec(spec_file(APPEAL))
    review = load_spec(spec_file(REVIEW))
    assert isinstance(appeal, DisputeAppeal) and isinstance(review, DisputeReview)
    assert complaint_key(trade) == (
        "seller-report", "trade-rules", "payment-outside-platform", "8000000000000001"
    )
    assert complaint_key(ipr) == (
        "seller-report", "ipr-protection", "counterfeit", "https://www.aliexpress.com/item/1005006000000001.html"
    )
    assert complaint_key(appeal) == ("dispute-appeal", "administration", None, "8000000000000002")
    assert complaint_key(review) == ("dispute-review", None, None, "8000000000000003")
