"""Returns & refunds on today's site: a request for an item line of an order, and the disagreement with
the solution the site proposes for it.

A return is per item line: the order page lists each item with its own Returns/refunds button, so a
spec names the item by its position on that page (and, to catch a wrong position, by words of its title).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from autoreport.spec.base import ComplaintSpec
from autoreport.spec.catalog import REFUND_PLANS, REFUND_REASONS_NOT_RECEIVED, REFUND_REASONS_RECEIVED
from autoreport.spec.fields import Details, Evidence, NonEmptyText, OrderNumber, SpecVersion
from autoreport.spec.wording import describe_value, problem

# A refund is asked in US dollars with cents; more than this is no item's price.
MAX_REFUND_AMOUNT = Decimal("100000.00")


def _whole_number(value: Any) -> Any:
    # Python counts True as 1: `item: true` is a mistake, not the first item.
    if isinstance(value, bool):
        raise problem(f"must be a whole number, got {describe_value(value)}")
    return value


ItemPosition = Annotated[
    int,
    BeforeValidator(_whole_number),
    Field(strict=True, ge=1, le=999,
          description="The item's position on the order page, 1 for the first item (default 1)."),
]

ITEM_TITLE = ("Words of the item's title as the order page shows it (optional): the item at `item` must have "
              "them, so a wrong position stops the run before anything is typed.")


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise problem(f"must be an amount in US dollars, e.g. 12.50, got {describe_value(value)}")
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        raise problem(f"must be an amount in US dollars, e.g. 12.50, got {describe_value(value)}") from None
    if not amount.is_finite() or amount <= 0:
        raise problem(f"must be more than 0, got {describe_value(value)}")
    if amount != amount.quantize(Decimal("0.01")):
        raise problem(f"must have at most 2 decimals (cents), got {describe_value(value)}")
    if amount > MAX_REFUND_AMOUNT:
        raise problem(f"must be at most {MAX_REFUND_AMOUNT}, got {describe_value(value)}")
    return amount.quantize(Decimal("0.01"))


RefundAmount = Annotated[Decimal, BeforeValidator(_amount)]


class RefundRequest(ComplaintSpec):
    """Ask for a return or refund of one item of an order (Returns/refunds on the order page)."""

    version: SpecVersion
    kind: Literal["refund-request"] = Field(description="Ask for a refund of one item of an order.")
    order_number: OrderNumber = Field(description="The order's number, 14 to 16 digits, from My Orders.")
    item: ItemPosition = 1
    product: NonEmptyText | None = Field(default=None, description=ITEM_TITLE)
    received: bool = Field(strict=True, description="Whether the item arrived: the site offers other reasons "
                                                    "for goods received and for goods not received.")
    reason: str = Field(
        description="Not received: " + ", ".join(REFUND_REASONS_NOT_RECEIVED)
        + ". Received: " + ", ".join(REFUND_REASONS_RECEIVED) + "."
    )
    refund: Literal[tuple(REFUND_PLANS)] = Field(  # type: ignore[valid-type]
        default="full", description="full (default): the item's whole price; partial: the amount given.")
    amount: RefundAmount | None = Field(
        default=None, validate_default=True,
        description="partial refunds (required): the amount asked, in US dollars, e.g. 12.50.")
    details: Details
    evidence: Evidence = Field(default=(), validate_default=True,
                               description="Photos or videos; at least one when `received` is true, as the site asks.")

    @field_validator("reason")
    @classmethod
    def _reason_fits_receipt(cls, reason: str, info: ValidationInfo) -> str:
        received = info.data.get("received")
        if received is None:  # `received` itself is wrong, and reported on its own
            return reason
        reasons, others = (REFUND_REASONS_RECEIVED, REFUND_REASONS_NOT_RECEIVED) if received else \
            (REFUND_REASONS_NOT_RECEIVED, REFUND_REASONS_RECEIVED)
        if reason in reasons:
            return reason
        words = "received" if received else "not received"
        message = f"{describe_value(reason)} is not a reason for goods {words}"
        if reason in others:
            message += f" (it is for goods {'not received' if received else 'received'}: check `received`)"
        raise problem(f"{message}; valid reasons: {', '.join(reasons)}")

    @field_validator("amount")
    @classmethod
    def _amount_fits_refund(cls, amount: Decimal | None, info: ValidationInfo) -> Decimal | None:
        refund = info.data.get("refund")
        if refund == "partial" and amount is None:
            raise problem("field required for a partial refund: the amount asked, e.g. 12.50")
        if refund == "full" and amount is not None:
            raise problem("only a partial refund has an amount: remove it, or set `refund: partial`")
        return amount

    @field_validator("evidence")
    @classmethod
    def _evidence_for_goods_received(cls, evidence: tuple, info: ValidationInfo) -> tuple:
        if info.data.get("received") and not evidence:
            raise problem("at least one photo or video is required for goods received, as the site asks: "
                          "list the files under `evidence`")
        return evidence


class RefundDisagreement(ComplaintSpec):
    """Disagree with the solution proposed on a return (View possible solutions → I don't agree), with more
    photos or videos."""

    version: SpecVersion
    kind: Literal["refund-disagreement"] = Field(
        description="Disagree with the solution proposed on an item's return, with more evidence.")
    order_number: OrderNumber = Field(description="The order's number, 14 to 16 digits, from My Orders.")
    item: ItemPosition = 1
    product: NonEmptyText | None = Field(default=None, description=ITEM_TITLE)
    details: Details
    evidence: Evidence = Field(default=(), validate_default=True,
                               description="At least one photo or video that shows why the solution is wrong.")

    @field_validator("evidence")
    @classmethod
    def _some_evidence(cls, evidence: tuple) -> tuple:
        if not evidence:
            raise problem("at least one photo or video is required: the site's Upload more photos/videos "
                          "takes files; list them under `evidence`")
        return evidence


def item_line(order_number: str, item: int) -> str:
    """What the ledger calls an item line: `8000000000000011 item 2`."""
    return f"{order_number} item {item}"
