"""The catalog holds the site's exact labels; the browser flows look for these strings."""

from __future__ import annotations

from autoreport.spec import (
    CONTACT_CHANNELS,
    DISPUTE_APPEAL_CATEGORIES,
    SELLER_REPORT_CATEGORIES,
    TRADE_RULES_QUESTIONS,
    TradeRulesAnswers,
)


def test_seller_report_categories_in_the_site_order() -> None:
    assert {slug: category.label for slug, category in SELLER_REPORT_CATEGORIES.items()} == {
        "ipr-protection": "IPR Protection",
        "restricted-products": "Restricted or Prohibited Products",
        "trade-rules": "Trade Rules",
        "search-violations": "Search Related Violations",
    }
    assert list(SELLER_REPORT_CATEGORIES) == [
        "ipr-protection", "restricted-products", "trade-rules", "search-violations"
    ]


def test_trade_rules_reasons() -> None:
    assert SELLER_REPORT_CATEGORIES["trade-rules"].reasons == {
        "payment-outside-platform": "Payment or refund outside AliExpress",
        "confirm-receipt-in-advance": "Asked to confirm receipt in advance",
        "dispute-deception": "Deception during a dispute",
        "no-valid-tracking-number": "Shipped without a valid tracking number",
        "malicious-harassment": "Malicious harassment",
    }


def test_ipr_reasons() -> None:
    assert SELLER_REPORT_CATEGORIES["ipr-protection"].reasons == {
        "counterfeit": "Counterfeit of a brand",
        "trademark-misuse": "Trademark misuse",
        "copyright-infringement": "Copyright infringement",
        "patent-infringement": "Patent infringement",
    }


def test_restricted_products_reasons() -> None:
    assert SELLER_REPORT_CATEGORIES["restricted-products"].reasons == {
        "offensive-weapons": "Offensive Weapons & Offensive Materials",
        "illicit-drugs": "Illicit Drugs, Precursors and Drug Paraphernalia",
        "hazardous-chemicals": "Flammable, Explosive & Hazardous Chemicals",
        "adult-materials": "Obscene and Adult Materials",
        "medical-drugs-and-devices": "Medical Drugs and Devices",
        "human-parts-and-protected-species": "Human Parts & Remains and Protected Flora and Fauna",
        "illegal-tools-and-software": "Software, Tools and Devices Used for Illegal Purposes",
        "other-prohibited": "Other Prohibited Products",
    }


def test_search_violations_reasons() -> None:
    assert SELLER_REPORT_CATEGORIES["search-violations"].reasons == {
        "incorrect-category": "Posting under an Incorrect Product Category",
        "unmatched-shipping-costs": "Unmatched Actual and Listed Shipping Costs",
        "incorrect-five-category": "Incorrect Posting of Five-Category",
        "duplicate-listings": "Duplicate Listings",
        "incorrect-measuring-units": "Incorrect Measuring Units",
        "incorrect-category-title": "Incorrect Category Title",
        "price-too-low": "Prices too Low",
        "price-too-high": "Prices too High",
        "sku-infringement": "SKU Related Infringements",
    }


def test_dispute_appeal_categories() -> None:
    assert DISPUTE_APPEAL_CATEGORIES == {
        "dispute-decision": "Complaint about the dispute decision",
        "administration": "Complaint about the administration",
    }


def test_contact_channels() -> None:
    assert CONTACT_CHANNELS == {
        "aliexpress-messages": "AliExpress messages",
        "email": "Email",
        "phone": "Phone",
        "messenger": "Messenger app",
        "other": "Other",
    }


def test_trade_rules_questions_match_the_answers_model() -> None:
    assert list(TRADE_RULES_QUESTIONS) == list(TradeRulesAnswers.model_fields)
    assert TRADE_RULES_QUESTIONS["order_closed"] == "Is your order closed?"
    assert TRADE_RULES_QUESTIONS["receipt_confirmed_at_seller_request"] == (
        "Have you confirmed receipt of the goods because the seller asked you to?"
    )
    assert TRADE_RULES_QUESTIONS["goods_received"] == "Have you received the goods?"


def test_reason_slugs_are_unique_across_categories() -> None:
    slugs = [slug for category in SELLER_REPORT_CATEGORIES.values() for slug in category.reasons]
    assert len(slugs) == len(set(slugs))
