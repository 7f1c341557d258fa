"""Which steps file which kind of complaint, and how to find a filed one on the site again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from autoreport.flow.step import FlowContext, Step
from autoreport.sites import seller_report
from autoreport.sites.lookup import ListingCache, Lookup


@dataclass(frozen=True)
class Flow:
    fill: list[Step]  # safe to repeat: they only fill the form
    submit: list[Step]  # the first one files the complaint and is not safe to repeat
    # Looks on the site for this complaint, filed earlier, whose number the ledger does not know yet
    # (the numbers given are other complaints'); a batch's listing may be passed to save a reading.
    find_filed: Callable[[FlowContext, set[str], ListingCache | None], Lookup]

    def steps(self, *, dry_run: bool) -> list[Step]:
        if dry_run:
            return self.fill + [Step("review-filled-form", "save a screenshot of the filled form (dry run)",
                                     review_filled_form)]
        return self.fill + self.submit


def review_filled_form(ctx: FlowContext) -> None:
    """Dry run: keep a picture of the filled form and stop before the submit button."""
    ctx.page.screenshot(path=ctx.run_folder / "filled-form.png", full_page=True)


def flow_for(spec) -> Flow:
    if spec.kind == "seller-report":
        return Flow(seller_report.fill_steps(spec), seller_report.submit_steps(), seller_report.find_filed)
    if spec.kind in ("refund-request", "refund-disagreement"):
        from autoreport.sites import return_steps, returns

        if spec.kind == "refund-request":
            return Flow(return_steps.request_fill_steps(spec), return_steps.request_submit_steps(),
                        returns.find_filed_request)
        return Flow(return_steps.disagreement_fill_steps(spec), return_steps.disagreement_submit_steps(),
                    returns.find_filed_disagreement)
    if spec.kind == "ipr-complaint":
        from autoreport.sites import ipp

        return Flow(ipp.fill_steps(spec), ipp.submit_steps(), ipp.find_filed)
    from autoreport.sites import dispute

    if spec.kind == "dispute-appeal":
        return Flow(dispute.appeal_fill_steps(spec), dispute.appeal_submit_steps(), dispute.find_filed_appeal)
    return Flow(dispute.review_fill_steps(spec), dispute.review_submit_steps(), dispute.find_filed_review)
