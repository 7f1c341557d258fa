"""What a complaint spec may name, and the labels the site shows for each choice.

The slugs are the spec's vocabulary; the labels are the exact English text of the site's options,
which the browser flows look for on the page. Dicts keep the site's order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """A "Submit a Report" category: its label on the site and its reasons (slug → label)."""

    label: str
    reasons: dict[str, str]


SELLER_REPORT_CATEGORIES: dict[str, Category] = {
    "ipr-protection": Category(
        label="IPR Protection",
        reasons={
            "counterfeit": "Counterfeit of a brand",
            "trademark-misuse": "Trademark misuse",
            "copyright-infringement": "Copyright infringement",
            "patent-infringement": "Patent infringement",
        },
    ),
    "restricted-products": Category(
        label="Restricted or Prohibited Products",
        reasons={
            "offensive-weapons": "Offensive Weapons & Offensive Materials",
            "illicit-drugs": "Illicit Drugs, Precursors and Drug Paraphernalia",
            "hazardous-chemicals": "Flammable, Explosive & Hazardous Chemicals",
            "adult-materials": "Obscene and Adult Materials",
            "medical-drugs-and-devices": "Medical Drugs and Devices",
            "human-parts-and-protected-species": "Human Parts & Remains and Protected Flora and Fauna",
            "illegal-tools-and-software": "Software, Tools and Devices Used for Illegal Purposes",
            "other-prohibited": "Other Prohibited Products",
        },
    ),
    "trade-rules": Category(
        label="Trade Rules",
        reasons={
            "payment-outside-platform": "Payment or refund outside AliExpress",
            "confirm-receipt-in-advance": "Asked to confirm receipt in advance",
            "dispute-deception": "Deception during a dispute",
            "no-valid-tracking-number": "Shipped without a valid tracking number",
            "malicious-harassment": "Malicious harassment",
        },
    ),
    "search-violations": Category(
        label="Search Related Violations",
        reasons={
            "incorrect-category": "Posting under an Incorrect Product Category",
            "unmatched-shipping-costs": "Unmatched Actual and Listed Shipping Costs",
            "incorrect-five-category": "Incorrect Posting of Five-Category",
            "duplicate-listings": "Duplicate Listings",
            "incorrect-measuring-units": "Incorrect Measuring Units",
            "incorrect-category-title": "Incorrect Category Title",
            "price-too-low": "Prices too Low",
            "price-too-high": "Prices too High",
            "sku-infringement": "SKU Related Infringements",
        },
    ),
}

# "Make a complaint" on a closed dispute: slug → category label.
DISPUTE_APPEAL_CATEGORIES: dict[str, str] = {
    "dispute-decision": "Complaint about the dispute decision",
    "administration": "Complaint about the administration",
}

# Trade Rules: "How did the seller contact you about this?": slug → option label.
CONTACT_CHANNELS: dict[str, str] = {
    "aliexpress-messages": "AliExpress messages",
    "email": "Email",
    "phone": "Phone",
    "messenger": "Messenger app",
    "other": "Other",
}

# Trade Rules yes/no questions: spec field (under `answers`) → question on the form.
TRADE_RULES_QUESTIONS: dict[str, str] = {
    "order_closed": "Is your order closed?",
    "receipt_confirmed_at_seller_request": (
        "Have you confirmed receipt of the goods because the seller asked you to?"
    ),
    "goods_received": "Have you received the goods?",
}

# The site's text limit for complaint descriptions (counted like a browser's maxlength).
DETAILS_MAX_LENGTH = 1000

# The site takes at most this many evidence files per complaint.
EVIDENCE_MAX_FILES = 5

# Returns & refunds (today's site): the reasons of a refund request, slug → the label of its option, as
# the request's reason select offers them for goods not received and for goods received.
REFUND_REASONS_NOT_RECEIVED: dict[str, str] = {
    "returned-canceled-lost": "Tracked as returned/canceled/lost",
    "still-in-transit": "Package still in transit",
    "held-at-customs": "Package held at customs",
    "no-tracking-information": "No tracking information",
    "wrong-address": "Delivered to a wrong address",
}
REFUND_REASONS_RECEIVED: dict[str, str] = {
    "not-as-described": "Item not as described",
    "quality-problem": "Quality problem",
    "does-not-work": "Item does not work",
    "counterfeit": "Counterfeit item",
    "damaged": "Item damaged",
    "empty-parcel": "Empty parcel",
    "quantity-short": "Quantity short",
}
# What the buyer asks for: the whole price of the item line, or a part of it.
REFUND_PLANS: dict[str, str] = {"full": "Full refund", "partial": "Partial refund"}

# Rights holders complain on Alibaba's IP Protection platform (IPP), not on the report centre.
# The website a complaint is about: slug → its name on IPP.
IPR_PLATFORMS: dict[str, str] = {"aliexpress": "AliExpress"}

# What the complaint is against: slug → IPP's complaint type.
IPR_COMPLAINT_TYPES: dict[str, str] = {
    "product-listing": "Product listing",
    "store-front": "Store front",
}

# IPP's complaint reasons: slug → label.
IPR_COMPLAINT_REASONS: dict[str, str] = {
    "counterfeit": "Counterfeit goods",
    "trademark-in-listing": "Unauthorised use of trademark in listing",
    "image-copyright": "Copyright infringement of images",
    "patent-infringement": "Patent infringement",
}

# IPP takes at most this many infringing listings a complaint, one a line.
IPR_LISTINGS_PER_COMPLAINT = 300
