"""The steps of the returns-and-refunds flows (returns.py does them): a request for an item line, and the
disagreement with the solution proposed on its return."""

from __future__ import annotations

from autoreport.flow.step import Step
from autoreport.sites.elements import elements_of
from autoreport.sites.returns import (
    answer_received,
    attach_evidence,
    check_item,
    check_waiting_for_response,
    choose_refund,
    choose_refund_reason,
    describe_disagreement,
    describe_problem,
    go_to_review,
    open_disagreement,
    open_order,
    open_request,
    open_return,
    read_response_receipt,
    read_return_receipt,
    send_disagreement,
    submit_request,
)


def target(element_id: str, choice=None):
    """What a step acts on, for a visible run to frame before it acts."""
    return lambda ctx: elements_of(ctx).find(element_id, choice=choice(ctx) if choice else None)


def _item_steps() -> list[Step]:
    return [
        Step("open-order", "open the order's page", open_order, elements=("order-heading", "order-items")),
        Step("check-item", "check the item at the spec's position", check_item, elements=("order-item",)),
    ]


def _evidence_step(spec, *extra: str) -> list[Step]:
    if not spec.evidence:
        return []
    return [Step("attach-evidence", "upload the evidence and check each file landed", attach_evidence,
                 elements=("evidence-upload-button", "evidence-input", "uploaded-evidence", "remove-upload", *extra),
                 target=target("evidence-upload-button"))]


def request_fill_steps(spec) -> list[Step]:
    def label(key):
        return lambda ctx: elements_of(ctx).label(key(ctx))

    return [
        *_item_steps(),
        Step("open-request", "click the item's Returns/refunds (the request opens in a new tab)", open_request,
             elements=("returns-refunds-button", "refund-prompt", "refund-prompt-no", "refund-request-heading",
                       "next-step", "refund-error", "dispute-main"), target=target("returns-refunds-button")),
        Step("answer-received", "say whether the item arrived", answer_received,
             elements=("received-choices", "received-answer"),
             target=target("received-answer", label(lambda ctx: "answers.yes" if ctx.spec.received else "answers.no"))),
        Step("choose-reason", "choose the reason", choose_refund_reason,
             elements=("refund-reason", "refund-reason-option"),
             target=target("refund-reason")),
        Step("choose-refund", "choose the refund asked", choose_refund, elements=("refund-plan", "refund-amount"),
             target=target("refund-plan", label(lambda ctx: f"refund-plans.{ctx.spec.refund}"))),
        Step("fill-details", "describe the problem", describe_problem, elements=("refund-details",),
             target=target("refund-details")),
        *_evidence_step(spec),
        Step("next-step", "click Next step (the page that reviews the request)", go_to_review,
             elements=("next-step", "refund-submit", "refund-review-heading", "refund-error"),
             target=target("next-step")),
    ]


def request_submit_steps() -> list[Step]:
    return [
        Step("submit-request", "click Submit and Confirm (files the request)", submit_request, repeatable=False,
             elements=("refund-submit", "refund-confirm", "return-number", "refund-error"),
             target=target("refund-submit")),
        Step("read-receipt", "read the return's number and status", read_return_receipt,
             elements=("return-number", "return-status")),
    ]


def disagreement_fill_steps(spec) -> list[Step]:
    return [
        *_item_steps(),
        Step("open-return", "find the item's return in Returns & refunds", open_return,
             elements=("returns-refunds-button", "refund-prompt", "refund-prompt-no", "returns-heading",
                       "returns-table", "return-heading")),
        Step("check-return-status", "check that the return waits for your response", check_waiting_for_response,
             elements=("return-status", "return-number")),
        Step("open-disagreement", "view the solutions, disagree, and open Upload more photos/videos",
             open_disagreement, elements=("view-solutions", "disagree", "upload-more", "upload-more-dialog"),
             target=target("view-solutions")),
        Step("fill-details", "say why you disagree", describe_disagreement, elements=("response-details",),
             target=target("response-details")),
        *_evidence_step(spec),
    ]


def disagreement_submit_steps() -> list[Step]:
    return [
        Step("send-disagreement", "click the modal's Submit (sends the disagreement)", send_disagreement,
             repeatable=False, elements=("response-send", "response-number", "response-error"),
             target=target("response-send")),
        Step("read-receipt", "read the disagreement's number and the return's status", read_response_receipt,
             elements=("response-number", "return-status")),
    ]
