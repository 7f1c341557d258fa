"""`autoreport new`: a commented complaint spec to fill in, one template for each kind of complaint.

A seller report's fields follow its category, so each category is a template of its own, named as
the category is (`trade-rules`); the other kinds are named as the kind is (`dispute-appeal`). The
comments are the models' own field descriptions, so they say what validation checks. Every template
validates as written; evidence is left commented out, because sample photos filed by mistake would
reach the site as the buyer's own.
"""

from __future__ import annotations

import difflib
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from autoreport.errors import InvalidInput
from autoreport.spec import SELLER_REPORT_CATEGORIES, SPEC_KINDS, Contact, TradeRulesAnswers

SCHEMA_FILE = "autoreport.schema.json"
WIDTH = 100
PRODUCT_URL = "https://www.aliexpress.com/item/1005006000000001.html"


@dataclass(frozen=True)
class Template:
    kind: str
    about: str  # one line for `new --list` and the file's first comment
    values: dict[str, Any]  # the fields given, in the order written
    commented: dict[str, Any] = field(default_factory=dict)  # optional fields, shown commented out
    evidence_required: bool = False  # the kind is refused without evidence (a disagreement's new photos)


def _seller_report(category: str, values: dict[str, Any]) -> Template:
    label = SELLER_REPORT_CATEGORIES[category].label
    return Template("seller-report", f"report a seller: {label}",
                    {"version": 1, "kind": "seller-report", "category": category, **values},
                    {"evidence": ["evidence/chat-screenshot.png", "evidence/parcel.jpg"],
                     "contact": {"email": "buyer@example.com", "phone": "+1 555 123 4567"}})


TEMPLATES: dict[str, Template] = {
    "trade-rules": _seller_report("trade-rules", {
        "reason": "payment-outside-platform",
        "order_number": "8000000000000001",
        "answers": {"order_closed": False, "receipt_confirmed_at_seller_request": False, "goods_received": False},
        "seller_contact_channel": "aliexpress-messages",
        "request_tracking_number": False,
        "details": "After I placed the order, the seller asked me to pay 20 USD more by bank transfer,\n"
                   "outside AliExpress, before shipping it.\n"}),
    "ipr-protection": _seller_report("ipr-protection", {
        "reason": "counterfeit",
        "product_url": PRODUCT_URL,
        "brand": "Example Audio",
        "details": 'The listing says "original Example Audio headphones", but the item I received is a\n'
                   "copy: the logo is misspelled and there is no serial number.\n"}),
    "restricted-products": _seller_report("restricted-products", {
        "reason": "hazardous-chemicals",
        "product_url": PRODUCT_URL,
        "details": "The listing sells concentrated industrial solvent in unlabelled bottles, shipped by\n"
                   "post without any hazard marking.\n"}),
    "search-violations": _seller_report("search-violations", {
        "reason": "incorrect-category",
        "product_url": PRODUCT_URL,
        "details": 'A phone case listed under "Laptops" so that it shows up in laptop searches.\n'}),
    "dispute-appeal": Template("dispute-appeal", "complain about a closed dispute's decision", {
        "version": 1, "kind": "dispute-appeal", "order_number": "8000000000000002",
        "category": "dispute-decision",
        "details": "The dispute was closed in the seller's favour because the tracking shows \"delivered\",\n"
                   "but the parcel was delivered to another city. Please review the decision.\n"},
        {"evidence": ["evidence/tracking-page.png", "evidence/empty-mailbox.jpg"]}),
    "dispute-review": Template("dispute-review", "review the dispute resolution service", {
        "version": 1, "kind": "dispute-review", "order_number": "8000000000000003", "rating": 1,
        "details": "The appeal was rejected without looking at the photos I sent.\n"}),
    "refund-request": Template("refund-request", "ask for a refund of one item of an order", {
        "version": 1, "kind": "refund-request", "order_number": "8000000000000001", "item": 1,
        "product": "Wireless Earbuds", "received": False, "reason": "no-tracking-information", "refund": "full",
        "details": "The tracking number has shown no movement for five weeks and the seller does not\n"
                   "answer my messages.\n"},
        {"evidence": ["evidence/tracking-page.png"]}),
    "refund-disagreement": Template("refund-disagreement", "disagree with the solution proposed on a return", {
        "version": 1, "kind": "refund-disagreement", "order_number": "8000000000000001", "item": 1,
        "details": "The proposed partial refund does not cover an item that does not work at all; the\n"
                   "new video shows it failing to switch on.\n"},
        {"evidence": ["evidence/not-working.mp4"]}, evidence_required=True),
    "ipr-complaint": Template("ipr-complaint", "a rights holder's complaint on the IP Protection platform", {
        "version": 1, "kind": "ipr-complaint", "platform": "aliexpress", "ipr": "30001234",
        "complaint_type": "product-listing", "reason": "counterfeit",
        "listings": [PRODUCT_URL, "https://www.aliexpress.com/item/1005006000000002.html"],
        "details": "These listings sell copies of our registered trademark's earbuds: the logo and the\n"
                   "packaging are ours, the goods are not.\n"},
        {"evidence": ["evidence/test-purchase.jpg", "evidence/registration.png"]}),
}


def listing() -> str:
    width = max(map(len, TEMPLATES)) + 2
    lines = [f"{name:<{width}}{template.about}" for name, template in TEMPLATES.items()]
    return "\n".join([*lines, f"{'seller-report':<{width}}one of the four categories above",
                      "", "autoreport new NAME prints one; --output FILE writes it."])


def template_named(name: str | None) -> Template:
    if name is None:
        raise InvalidInput("name the kind of spec to write, e.g. `autoreport new trade-rules`; "
                           "`autoreport new --list` shows them all")
    if name == "seller-report":
        raise InvalidInput("a seller report's fields follow its category, so each category has its own "
                           f"template: autoreport new {' | '.join(SELLER_REPORT_CATEGORIES)}")
    if name not in TEMPLATES:
        close = difflib.get_close_matches(name, list(TEMPLATES), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise InvalidInput(f"no template {name!r}; {hint}templates: {', '.join(TEMPLATES)} (`autoreport new --list`)")
    return TEMPLATES[name]


def spec_text(name: str | None) -> str:
    """The template's YAML: the schema modeline, then each field with its meaning above it."""
    template = template_named(name)
    model = SPEC_KINDS[template.kind]
    lines = [f"# yaml-language-server: $schema={SCHEMA_FILE}",
             f"# An autoreport complaint spec: {template.about}.",
             "# Every value is an example: replace each with your complaint's, then run",
             "# `autoreport validate THIS-FILE`. Editors complete and check the fields once the schema is",
             f"# beside this file: `autoreport schema > {SCHEMA_FILE}`."]
    for name_, value in template.values.items():
        lines += ["", *_comment(_meaning(model, name_, template)), *_field(name_, value)]
    for name_, value in template.commented.items():
        meaning = _meaning(model, name_, template)
        if name_ == "evidence":
            meaning += " List your own files here (none are given, so nothing is filed by mistake)."
            if template.evidence_required:
                meaning += " This kind needs at least one: the spec validates once they are listed."
        elif name_ == "contact":
            meaning += "".join(f" `{key}`: {Contact.model_fields[key].description}" for key in value)
        lines += ["", *_comment(meaning), *(f"# {line}" for line in _field(name_, value))]
    return "\n".join(lines) + "\n"


def _meaning(model, name: str, template: Template) -> str:
    meaning = model.model_fields[name].description or ""
    category = template.values.get("category")
    if name == "category" and template.kind == "seller-report":
        return (f"{SELLER_REPORT_CATEGORIES[category].label}. Each category has its own fields: "
                "`autoreport new --list` shows the other templates.")
    if name == "reason" and template.kind == "seller-report":
        return f"One of the {category} reasons: {', '.join(SELLER_REPORT_CATEGORIES[category].reasons)}."
    return meaning


def _comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(text, WIDTH - len(indent) - 2, break_on_hyphens=False)]


def _field(name: str, value: Any, indent: str = "") -> list[str]:
    if isinstance(value, dict):
        lines = [f"{indent}{name}:"]
        for key, item in value.items():
            if name == "answers":  # each question, as the form asks it
                lines += _comment(TradeRulesAnswers.model_fields[key].description or "", indent + "  ")
            lines += _field(key, item, indent + "  ")
        return lines
    if isinstance(value, list):
        return [f"{indent}{name}:", *(f"{indent}  - {_scalar(item)}" for item in value)]
    if isinstance(value, str) and "\n" in value:
        return [f"{indent}{name}: |", *(f"{indent}  {line}" for line in value.splitlines())]
    return [f"{indent}{name}: {_scalar(value)}"]


def _scalar(value: Any) -> str:
    """As YAML writes it: plain where that reads back the same, quoted where not (an order number)."""
    return yaml.safe_dump(value, allow_unicode=True, width=float("inf")).removesuffix("\n...\n").strip()


def write_new(path: Path, text: str) -> None:
    """Write the spec to a new file; an existing one is never replaced."""
    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InvalidInput(f"--output {path}: the spec is YAML with comments; name it .yaml or .yml")
    try:
        with path.open("x", encoding="utf-8") as file:
            file.write(text)
    except FileExistsError:
        raise InvalidInput(f"--output {path}: the file exists already; nothing was written "
                           "(choose another name, or move it away)") from None
    except OSError as error:
        raise InvalidInput(f"--output {path}: cannot write it ({(error.strerror or str(error)).lower()})") from None
