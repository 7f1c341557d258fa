"""The sample data `check-site` walks the flows with, and how it tells that the sample dispute cannot
be used (it took a complaint or a review already) from a site that changed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from autoreport.flow.step import FlowContext

SAMPLE_DETAILS = ("This text checks that the form still has its fields. "
                  "It is filled by a site check and never submitted.")
SAMPLE_CONTACT = {"email": "buyer@example.com", "phone": "+1 555 0100"}
SAMPLE_EVIDENCE = "chat-screenshot.png"

# One seller report per category; the order numbers are those of the mock's demo account.
SELLER_REPORT_SAMPLES: dict[str, dict[str, Any]] = {
    "trade-rules": {
        "category": "trade-rules", "reason": "payment-outside-platform", "order_number": "8000000000000001",
        "answers": {"order_closed": False, "receipt_confirmed_at_seller_request": False, "goods_received": False},
        "seller_contact_channel": "aliexpress-messages", "request_tracking_number": True,
    },
    "ipr-protection": {
        "category": "ipr-protection", "reason": "counterfeit", "brand": "Example Audio",
        "product_url": "https://www.aliexpress.com/item/1005006000000001.html",
    },
    "restricted-products": {
        "category": "restricted-products", "reason": "hazardous-chemicals",
        "product_url": "https://www.aliexpress.com/item/1005006000000002.html",
    },
    "search-violations": {
        "category": "search-violations", "reason": "incorrect-category",
        "product_url": "https://www.aliexpress.com/item/1005006000000003.html",
    },
}
DISPUTE_FLOWS = ("dispute-appeal", "dispute-review")
# The demo account's closed disputes: one that takes a complaint, one that takes a review.
MOCK_DISPUTE_ORDERS = {"dispute-appeal": "8000000000000002", "dispute-review": "8000000000000003"}
NEEDS_DISPUTE_ORDER = "not checked (needs --dispute-order)"
RETURN_FLOWS = ("refund-request", "refund-disagreement")
# The demo account's order whose first item the returns flows are walked with, on the mock.
MOCK_RETURN_ORDER = "8000000000000001"
NEEDS_RETURN_ORDER = "not checked (needs --return-order)"
# A rights holder's complaint on the IP Protection platform, under the mock's demo trademark (NOVABUD).
IPR_FLOW = "ipr-complaint"
MOCK_IPR = "30001234"
NEEDS_IPR = "not checked (needs --ipr, the registration number of an approved IPR of yours on IPP)"
IPR_SAMPLE: dict[str, Any] = {
    "platform": "aliexpress", "complaint_type": "product-listing", "reason": "counterfeit",
    "listings": ["https://www.aliexpress.com/item/1005006000000001.html",
                 "https://www.aliexpress.com/item/1005006000000002.html"],
}


def flows_needing_the_users_own(dispute_order: str | None, return_order: str | None,
                                ipr: str | None) -> dict[str, str]:
    """Flow name → why the live site's check leaves it out: the flows walked with the user's own dispute,
    order or IPR (the demo account's exist on the mock only), where none was given."""
    unchecked = {name: NEEDS_DISPUTE_ORDER for name in DISPUTE_FLOWS if not dispute_order}
    unchecked |= {name: NEEDS_RETURN_ORDER for name in RETURN_FLOWS if not return_order}
    if not ipr:
        unchecked[IPR_FLOW] = NEEDS_IPR
    return unchecked


@contextmanager
def sample_evidence() -> Iterator[Path]:
    """The example image shipped with the package, as a file on disk."""
    from importlib.resources import as_file, files

    with as_file(files("autoreport.examples") / "evidence" / SAMPLE_EVIDENCE) as path:
        yield path


def sample_specs(evidence: Path, dispute_order: str | None, return_order: str | None = None,
                 ipr: str | None = None) -> dict[str, Any]:
    """Flow name → a validated spec that walks it: each seller-report category, the dispute flows, the
    returns flows (on the order's first item), then a rights holder's complaint on the IP Protection platform."""
    from autoreport.spec import validate_spec_data

    common = {"version": 1, "details": SAMPLE_DETAILS}
    documents = {name: {**common, "kind": "seller-report", **fields, "evidence": [str(evidence)],
                        "contact": SAMPLE_CONTACT}
                 for name, fields in SELLER_REPORT_SAMPLES.items()}
    documents["dispute-appeal"] = {**common, "kind": "dispute-appeal", "category": "dispute-decision",
                                   "evidence": [str(evidence)]}
    documents["dispute-review"] = {**common, "kind": "dispute-review", "rating": 3}
    for name in DISPUTE_FLOWS:
        documents[name]["order_number"] = dispute_order or MOCK_DISPUTE_ORDERS[name]
    item = {"order_number": return_order or MOCK_RETURN_ORDER, "item": 1, "evidence": [str(evidence)]}
    documents["refund-request"] = {**common, **item, "kind": "refund-request", "received": True,
                                   "reason": "damaged", "refund": "full"}
    documents["refund-disagreement"] = {**common, **item, "kind": "refund-disagreement"}
    documents[IPR_FLOW] = {**common, "kind": IPR_FLOW, **IPR_SAMPLE, "ipr": ipr or MOCK_IPR,
                           "evidence": [str(evidence)]}
    return {name: validate_spec_data(document, evidence.parent) for name, document in documents.items()}


def sample_already_used(flow: str, ctx: FlowContext) -> str | None:
    """Why the sample dispute cannot take what the flow would file, when its page shows it took one
    already (a complaint moved its status on; a review is shown on it). Its form is then not offered
    or refuses, and that says nothing about the site."""
    from autoreport.sites.dispute import APPEALED_STATUSES, DisputePage
    from autoreport.sites.elements import elements_of

    dispute, order = DisputePage(elements_of(ctx), ctx), ctx.spec.order_number
    if flow == "dispute-appeal" and (status := dispute.status()) in APPEALED_STATUSES:
        return f"the sample dispute {order} was already appealed (status: {status}): no Make a complaint to check"
    if flow == "dispute-review" and dispute.shown("review-number"):
        return f"the sample dispute {order} was already reviewed: no review form to check"
    return None
