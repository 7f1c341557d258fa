"""Complaint specs: the file format that says which complaint to file, and its validation.

`load_spec(path)` reads a YAML or JSON spec and returns a `Spec` (a `SellerReport`,
`DisputeAppeal`, `DisputeReview`, `RefundRequest`, `RefundDisagreement` or `IprComplaint`), or raises
`SpecInvalid` listing every problem in the file.
"""

from autoreport.spec.catalog import (
    CONTACT_CHANNELS,
    DETAILS_MAX_LENGTH,
    DISPUTE_APPEAL_CATEGORIES,
    EVIDENCE_MAX_FILES,
    IPR_COMPLAINT_REASONS,
    IPR_COMPLAINT_TYPES,
    IPR_LISTINGS_PER_COMPLAINT,
    REFUND_REASONS_NOT_RECEIVED,
    REFUND_REASONS_RECEIVED,
    SELLER_REPORT_CATEGORIES,
    TRADE_RULES_QUESTIONS,
    Category,
)
from autoreport.spec.fields import OrderNumber, browser_text_length
from autoreport.spec.ipr import IprComplaint
from autoreport.spec.load import load_spec
from autoreport.spec.models import (
    SPEC_KINDS,
    Contact,
    DisputeAppeal,
    DisputeReview,
    RefundDisagreement,
    RefundRequest,
    SellerReport,
    Spec,
    TradeRulesAnswers,
    complaint_key,
    json_schema,
    validate_spec_data,
)
from autoreport.spec.problems import Problem, SpecInvalid, report_json
from autoreport.spec.reading import MAX_SPEC_BYTES
from autoreport.spec.wording import printable

__all__ = [
    "CONTACT_CHANNELS",
    "DETAILS_MAX_LENGTH",
    "DISPUTE_APPEAL_CATEGORIES",
    "EVIDENCE_MAX_FILES",
    "IPR_COMPLAINT_REASONS",
    "IPR_COMPLAINT_TYPES",
    "IPR_LISTINGS_PER_COMPLAINT",
    "MAX_SPEC_BYTES",
    "REFUND_REASONS_NOT_RECEIVED",
    "REFUND_REASONS_RECEIVED",
    "SELLER_REPORT_CATEGORIES",
    "SPEC_KINDS",
    "TRADE_RULES_QUESTIONS",
    "Category",
    "Contact",
    "DisputeAppeal",
    "DisputeReview",
    "IprComplaint",
    "OrderNumber",
    "Problem",
    "RefundDisagreement",
    "RefundRequest",
    "SellerReport",
    "Spec",
    "SpecInvalid",
    "TradeRulesAnswers",
    "browser_text_length",
    "complaint_key",
    "json_schema",
    "load_spec",
    "printable",
    "report_json",
    "validate_spec_data",
]
