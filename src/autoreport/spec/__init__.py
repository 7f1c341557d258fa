"""Complaint specs: the file format that says which complaint to file, and its validation.

`load_spec(path)` reads a YAML or JSON spec and returns a `Spec` (a `SellerReport`,
`DisputeAppeal` or `DisputeReview`), or raises `SpecInvalid` listing every problem in the file.
"""

from autoreport.spec.catalog import (
    CONTACT_CHANNELS,
    DETAILS_MAX_LENGTH,
    DISPUTE_APPEAL_CATEGORIES,
    EVIDENCE_MAX_FILES,
    SELLER_REPORT_CATEGORIES,
    TRADE_RULES_QUESTIONS,
    Category,
)
from autoreport.spec.load import MAX_SPEC_BYTES, Problem, SpecInvalid, load_spec, report_json
from autoreport.spec.models import (
    Contact,
    DisputeAppeal,
    DisputeReview,
    SellerReport,
    Spec,
    TradeRulesAnswers,
    browser_text_length,
    complaint_key,
    json_schema,
)

__all__ = [
    "CONTACT_CHANNELS",
    "DETAILS_MAX_LENGTH",
    "DISPUTE_APPEAL_CATEGORIES",
    "EVIDENCE_MAX_FILES",
    "MAX_SPEC_BYTES",
    "SELLER_REPORT_CATEGORIES",
    "TRADE_RULES_QUESTIONS",
    "Category",
    "Contact",
    "DisputeAppeal",
    "DisputeReview",
    "Problem",
    "SellerReport",
    "Spec",
    "SpecInvalid",
    "TradeRulesAnswers",
    "browser_text_length",
    "complaint_key",
    "json_schema",
    "load_spec",
    "report_json",
]
