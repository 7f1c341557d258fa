"""The complaint spec: one file describes one complaint, in one of these kinds.

- `seller-report`: "Submit a Report" against a seller, in one of four categories;
- `dispute-appeal`: "Make a complaint" about a dispute that closed badly;
- `dispute-review`: the review of the dispute resolution service, after a rejected appeal;
- `refund-request` and `refund-disagreement`: returns & refunds on today's site (refunds.py);
- `ipr-complaint`: a rights holder's complaint on the IP Protection platform (spec/ipr.py).

Every check the site would make is made here first, so that a bad spec fails before a browser
starts. The field types are in `fields.py`; validators raise messages meant for the user, and
`messages.py` adds file positions to them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, TypeAdapter, ValidationInfo, field_validator

from autoreport.spec.base import ComplaintSpec, SpecModel
from autoreport.spec.catalog import (
    CONTACT_CHANNELS,
    DISPUTE_APPEAL_CATEGORIES,
    SELLER_REPORT_CATEGORIES,
    TRADE_RULES_QUESTIONS,
)
from autoreport.spec.fields import (
    SPEC_FOLDER,
    Details,
    Email,
    Evidence,
    NonEmptyText,
    OrderNumber,
    Phone,
    ProductUrl,
    SpecVersion,
)
from autoreport.spec.ipr import IprComplaint, listings_key
from autoreport.spec.refunds import RefundDisagreement, RefundRequest, item_line
from autoreport.spec.wording import MISPLACED_FIELD, describe_value, joined, problem, with_article


class Contact(SpecModel):
    """Contact information for the form; each value given replaces the account's own."""

    email: Email | None = Field(
        default=None, description="Email address (ASCII) to show on the complaint instead of the account's."
    )
    phone: Phone | None = Field(
        default=None,
        description="Phone number to show instead of the account's, e.g. +1 555 123 4567.",
    )


class TradeRulesAnswers(SpecModel):
    """Answers to the yes/no questions of the Trade Rules form."""

    order_closed: bool = Field(description=TRADE_RULES_QUESTIONS["order_closed"])
    receipt_confirmed_at_seller_request: bool = Field(
        description=TRADE_RULES_QUESTIONS["receipt_confirmed_at_seller_request"]
    )
    goods_received: bool = Field(description=TRADE_RULES_QUESTIONS["goods_received"])


SellerReportCategory = Literal[tuple(SELLER_REPORT_CATEGORIES)]  # type: ignore[valid-type]
DisputeAppealCategory = Literal[tuple(DISPUTE_APPEAL_CATEGORIES)]  # type: ignore[valid-type]
ContactChannel = Literal[tuple(CONTACT_CHANNELS)]  # type: ignore[valid-type]

# Fields a seller report has only in some categories: those each category requires; the others
# it refuses, except the optional ones.
_CATEGORY_FIELDS = (
    "order_number",
    "product_url",
    "brand",
    "answers",
    "seller_contact_channel",
    "request_tracking_number",
)
_REQUIRED_IN_CATEGORY: dict[str, frozenset[str]] = {
    "ipr-protection": frozenset({"product_url", "brand"}),
    "restricted-products": frozenset({"product_url"}),
    "trade-rules": frozenset({"order_number", "answers", "seller_contact_channel"}),
    "search-violations": frozenset({"product_url"}),
}
_OPTIONAL_IN_CATEGORY: dict[str, frozenset[str]] = {
    "trade-rules": frozenset({"request_tracking_number"}),
}


def _fields_in_category(category: str) -> frozenset[str]:
    return _REQUIRED_IN_CATEGORY[category] | _OPTIONAL_IN_CATEGORY.get(category, frozenset())


def _categories_with_field(field: str) -> list[str]:
    return [slug for slug in SELLER_REPORT_CATEGORIES if field in _fields_in_category(slug)]


def _category_rules_schema(schema: dict[str, Any]) -> None:
    """Tell editors which reasons and fields go with each category (JSON Schema if/then)."""
    rules = []
    for slug, category in SELLER_REPORT_CATEGORIES.items():
        refused = [field for field in _CATEGORY_FIELDS if field not in _fields_in_category(slug)]
        rules.append(
            {
                "if": {"properties": {"category": {"const": slug}}, "required": ["category"]},
                "then": {
                    "properties": {
                        "reason": {"enum": list(category.reasons)},
                        **{field: False for field in refused},
                    },
                    "required": sorted(_REQUIRED_IN_CATEGORY[slug]),
                },
            }
        )
    schema["allOf"] = rules


class SellerReport(ComplaintSpec):
    """Report a seller ("Submit a Report"): IPR, restricted products, trade rules or search abuse."""

    model_config = ConfigDict(json_schema_extra=_category_rules_schema)

    version: SpecVersion
    kind: Literal["seller-report"] = Field(description="Report a seller (\"Submit a Report\").")
    category: SellerReportCategory = Field(
        description="; ".join(f"{slug}: {c.label}" for slug, c in SELLER_REPORT_CATEGORIES.items())
    )
    reason: str = Field(
        description="The reason's slug, one of the category's, e.g. payment-outside-platform for trade-rules."
    )
    order_number: OrderNumber | None = Field(
        default=None,
        validate_default=True,
        description="trade-rules (required): the order's number, 14 to 16 digits, from My Orders.",
    )
    product_url: ProductUrl | None = Field(
        default=None,
        validate_default=True,
        description="ipr-protection, restricted-products, search-violations (required): product link. An "
        "AliExpress item link is kept as https://<host>/item/<id>.html: what follows the path only tracks the visit.",
    )
    brand: NonEmptyText | None = Field(
        default=None,
        validate_default=True,
        description="ipr-protection (required): the brand the product copies or misuses.",
    )
    answers: TradeRulesAnswers | None = Field(
        default=None,
        validate_default=True,
        description="trade-rules (required): answers to the form's yes/no questions.",
    )
    seller_contact_channel: ContactChannel | None = Field(
        default=None,
        validate_default=True,
        description="trade-rules (required): how the seller contacted you. "
        + "; ".join(f"{slug}: {label}" for slug, label in CONTACT_CHANNELS.items()),
    )
    request_tracking_number: bool | None = Field(
        default=None,
        validate_default=True,
        description="trade-rules (default false): ask the seller for a valid tracking number.",
    )
    details: Details
    evidence: Evidence = ()
    contact: Contact | None = Field(default=None, description="Replaces the account's contact details.")

    @field_validator("reason")
    @classmethod
    def _reason_of_category(cls, reason: str, info: ValidationInfo) -> str:
        category = info.data.get("category")
        if category is None:  # the category itself is wrong and reported on its own
            return reason
        reasons = SELLER_REPORT_CATEGORIES[category].reasons
        if reason in reasons:
            return reason
        message = f"{describe_value(reason)} is not a reason of category '{category}'"
        elsewhere = [slug for slug, other in SELLER_REPORT_CATEGORIES.items() if reason in other.reasons]
        if elsewhere:
            message += f" (it is {with_article(elsewhere[0])} reason)"
        raise problem(f"{message}; valid reasons: {', '.join(reasons)}")

    @field_validator(*_CATEGORY_FIELDS)
    @classmethod
    def _field_fits_category(cls, value: Any, info: ValidationInfo) -> Any:
        category = info.data.get("category")
        field = info.field_name
        if category is None or field is None:
            return value
        if value is None:
            if field in _REQUIRED_IN_CATEGORY[category]:
                raise problem(f"field required for category '{category}'")
            if field == "request_tracking_number" and category == "trade-rules":
                return False
            return None
        if field not in _fields_in_category(category):
            owners = _categories_with_field(field)
            raise problem(
                f"not a field of category '{category}' (only {joined(owners)} reports have it)",
                MISPLACED_FIELD,
            )
        return value


class DisputeAppeal(ComplaintSpec):
    """Complain about a closed dispute ("Make a complaint")."""

    version: SpecVersion
    kind: Literal["dispute-appeal"] = Field(description="Complain about a closed dispute.")
    order_number: OrderNumber = Field(description="The disputed order's number, 14 to 16 digits.")
    category: DisputeAppealCategory = Field(
        description="; ".join(f"{slug}: {label}" for slug, label in DISPUTE_APPEAL_CATEGORIES.items())
    )
    details: Details
    evidence: Evidence = ()


class DisputeReview(ComplaintSpec):
    """Review the dispute resolution service after a rejected appeal."""

    version: SpecVersion
    kind: Literal["dispute-review"] = Field(description="Review the dispute resolution service.")
    order_number: OrderNumber = Field(description="The disputed order's number, 14 to 16 digits.")
    rating: int = Field(strict=True, ge=1, le=5, description="The rating given, 1 (worst) to 5 (best).")
    details: Details


Spec = Annotated[
    SellerReport | DisputeAppeal | DisputeReview | RefundRequest | RefundDisagreement | IprComplaint,
    Field(discriminator="kind"),
]

# kind → model, in the order the union lists them.
SPEC_KINDS: dict[str, type[ComplaintSpec]] = {
    "seller-report": SellerReport,
    "dispute-appeal": DisputeAppeal,
    "dispute-review": DisputeReview,
    "refund-request": RefundRequest,
    "refund-disagreement": RefundDisagreement,
    "ipr-complaint": IprComplaint,
}

_SPEC_ADAPTER: TypeAdapter[Spec] = TypeAdapter(Spec)


def validate_spec_data(data: Any, spec_folder: Path) -> Spec:
    """Validate a parsed spec; evidence paths are taken relative to `spec_folder`."""
    return _SPEC_ADAPTER.validate_python(data, context={SPEC_FOLDER: spec_folder.absolute()})


def json_schema() -> dict[str, Any]:
    """The JSON Schema of complaint spec files, for editors and `autoreport schema`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "autoreport complaint spec",
        "description": "One AliExpress complaint for autoreport to file.",
        **_SPEC_ADAPTER.json_schema(),
    }


def complaint_key(spec: Spec) -> tuple[str, str | None, str | None, str | None]:
    """What makes two complaints the same: (kind, category, reason, order number or product link)."""
    match spec:
        case SellerReport():
            return (spec.kind, spec.category, spec.reason, spec.order_number or spec.product_url)
        case DisputeAppeal():
            return (spec.kind, spec.category, None, spec.order_number)
        case DisputeReview():
            return (spec.kind, None, None, spec.order_number)
        case RefundRequest() | RefundDisagreement():  # one return per item line, whatever its reason
            return (spec.kind, None, None, item_line(spec.order_number, spec.item))
        case IprComplaint():
            return (spec.kind, *listings_key(spec))
    raise TypeError(f"not a complaint spec: {spec!r}")
