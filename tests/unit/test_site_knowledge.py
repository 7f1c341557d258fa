"""The package's site knowledge: every element a step uses is known, every known element is used, every
choice of the spec has its label on each site, and the README lists every element id with its steps."""

from __future__ import annotations

import re
from pathlib import Path

from autoreport.sites.flows import flow_for
from autoreport.sites.knowledge import aria_roles, package_knowledge
from autoreport.spec import (
    CONTACT_CHANNELS,
    DISPUTE_APPEAL_CATEGORIES,
    REFUND_REASONS_NOT_RECEIVED,
    REFUND_REASONS_RECEIVED,
    SELLER_REPORT_CATEGORIES,
    TRADE_RULES_QUESTIONS,
    validate_spec_data,
)

ROOT = Path(__file__).parents[2]
SITES_CODE = [*(ROOT / "src/autoreport/sites").glob("*.py"), ROOT / "src/autoreport/follow_up.py",
              ROOT / "src/autoreport/login.py"]


def every_flow_spec():
    """A spec of each kind and category, with every optional part, so each flow has all its steps."""
    common = {"version": 1, "details": "x" * 30, "evidence": ["a.png"]}
    specs = []
    for category, fields in {
        "trade-rules": {"reason": "payment-outside-platform", "order_number": "8000000000000001",
                        "answers": {"order_closed": False, "receipt_confirmed_at_seller_request": False,
                                    "goods_received": False},
                        "seller_contact_channel": "email", "request_tracking_number": True},
        "ipr-protection": {"reason": "counterfeit", "brand": "Brand", "product_url": "https://www.aliexpress.com/item/1.html"},
    }.items():
        specs.append({**common, "kind": "seller-report", "category": category, **fields,
                      "contact": {"email": "a@example.com"}})
    specs.append({**common, "kind": "dispute-appeal", "category": "dispute-decision",
                  "order_number": "8000000000000002"})
    specs.append({"version": 1, "details": "x" * 30, "kind": "dispute-review", "rating": 3,
                  "order_number": "8000000000000003"})
    specs.append({**common, "kind": "refund-request", "order_number": "8000000000000001", "item": 1,
                  "received": True, "reason": "damaged", "refund": "partial", "amount": 5})
    specs.append({**common, "kind": "refund-disagreement", "order_number": "8000000000000001"})
    specs.append({**common, "kind": "ipr-complaint", "platform": "aliexpress", "ipr": "30001234",
                  "complaint_type": "product-listing", "reason": "counterfeit",
                  "listings": ["https://www.aliexpress.com/item/1.html"]})
    return specs


def steps_of_every_flow(tmp_path):
    (tmp_path / "a.png").write_bytes((ROOT / "examples" / "evidence" / "chat-screenshot.png").read_bytes())
    steps = {}
    for document in every_flow_spec():
        for step in flow_for(validate_spec_data(document, tmp_path)).steps(dry_run=False):
            steps.setdefault(step.name, set()).update(step.elements)
    return steps


def test_every_element_a_step_names_is_known_on_every_site(tmp_path):
    known = package_knowledge()
    named = set().union(*steps_of_every_flow(tmp_path).values())
    for site in known.profiles:
        in_some_edition = set().union(*(edition.elements for edition in known.editions_of(site)))
        assert named - in_some_edition == set()


def test_every_known_element_is_used_by_the_code():
    code = "\n".join(path.read_text() for path in SITES_CODE)
    used = set(re.findall(r'"([a-z]+(?:-[a-z]+)+|[a-z]+)"', code))
    for edition in package_knowledge().editions.values():
        containers = {element.within for element in edition.elements.values() if element.within}
        assert set(edition.elements) - used - containers == set()


def test_every_choice_of_the_spec_has_its_label_in_every_edition_that_offers_its_category():
    wanted = {f"questions.{field}" for field in TRADE_RULES_QUESTIONS}
    wanted |= {f"channels.{slug}" for slug in CONTACT_CHANNELS}
    wanted |= {f"appeal-categories.{slug}" for slug in DISPUTE_APPEAL_CATEGORIES}
    wanted |= {f"ratings.{rating}" for rating in range(1, 6)}
    editions = package_knowledge().editions
    # Returns & refunds are today's site's: the current edition has every reason and refund of the spec.
    assert {f"refund-reasons.{slug}" for slug in [*REFUND_REASONS_RECEIVED, *REFUND_REASONS_NOT_RECEIVED]} | {
        f"refund-plans.{plan}" for plan in ("full", "partial")} <= set(editions["current"].labels)
    assert all(f"categories.{slug}" in editions["article"].labels for slug in SELLER_REPORT_CATEGORIES)
    for edition in editions.values():
        offered = [slug for slug in SELLER_REPORT_CATEGORIES if f"categories.{slug}" in edition.labels]
        assert wanted | {f"reasons.{slug}.{reason}" for slug in offered
                         for reason in SELLER_REPORT_CATEGORIES[slug].reasons} <= set(edition.labels)
        # A category an edition no longer offers says what the site offers instead.
        assert all(f"instead.{slug}" in edition.labels for slug in SELLER_REPORT_CATEGORIES if slug not in offered)


def test_every_role_the_package_names_is_one_playwright_finds_elements_by():
    roles = {element.role for edition in package_knowledge().editions.values() for element in edition.elements.values()}
    assert roles - {None} <= aria_roles()


def test_the_trade_rules_order_field_is_order_number():
    assert package_knowledge().editions["article"].elements["order-number"].label == "Order number"


def test_the_readme_lists_every_element_id_with_its_steps(tmp_path):
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("| element id | steps |"):]
    table = table[:table.index("\n\n")]
    listed = dict(re.findall(r"^\| `([a-z-]+)` \| ([^|]*) \|", table, re.MULTILINE))
    steps = steps_of_every_flow(tmp_path)
    for edition in package_knowledge().editions.values():
        assert set(listed) >= set(edition.elements)
    assert "report-centre-marker" in listed
    for element_id, uses in listed.items():
        expected = sorted(name for name, elements in steps.items() if element_id in elements)
        shown = sorted(re.findall(r"`([a-z-]+)`", uses))
        # An element no step names says in plain words who uses it (look-up, status, every page).
        assert shown == expected, element_id
