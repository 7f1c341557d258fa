"""The complaint spec: one file describes one complaint, in one of three kinds.

- `seller-report`: "Submit a Report" against a seller, in one of four categories;
- `dispute-appeal`: "Make a complaint" about a dispute that closed badly;
- `dispute-review`: the review of the dispute resolution service, after a rejected appeal.

Every check the site would make is made here first, so that a bad spec fails before a browser
starts. Validators raise messages meant for the user; `load.py` adds file positions to them.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from autoreport.evidence_files import ACCEPTED_FORMATS, EvidenceFileError, check_evidence_file
from autoreport.spec.catalog import (
    CONTACT_CHANNELS,
    DETAILS_MAX_LENGTH,
    DISPUTE_APPEAL_CATEGORIES,
    EVIDENCE_MAX_FILES,
    SELLER_REPORT_CATEGORIES,
    TRADE_RULES_QUESTIONS,
)

# Error types of the messages written here; load.py shows them as they are. A misplaced field is
# pointed at by its key, every other problem by its value.
VALUE_PROBLEM = "spec_value"
MISPLACED_FIELD = "spec_misplaced_field"

# Validation context key: the folder evidence paths are relative to (the spec file's folder).
SPEC_FOLDER = "spec_folder"


def _problem(message: str, error_type: str = VALUE_PROBLEM) -> PydanticCustomError:
    # The message goes in as context so that braces in user text are never read as placeholders.
    return PydanticCustomError(error_type, "{message}", {"message": message})


def printable(text: str) -> str:
    """User text made safe for a one-line message: line breaks and control characters escaped."""
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def describe_value(value: Any) -> str:
    """A short rendering of a spec value for "got ..." in messages, in YAML/JSON words."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{printable(shown)}'"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def with_article(word: str) -> str:
    """'a trade-rules', 'an ipr-protection': the article the word's first sound takes."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _joined(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"


def browser_text_length(text: str) -> int:
    """Length of `text` as a browser's `maxlength` counts it.

    Browsers count UTF-16 code units (an emoji outside the BMP counts 2) and count a line break
    as one, whatever the file used (CRLF, CR or LF).
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return len(normalised.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------------------------------
# Field types shared by the kinds


def _not_a_boolean(value: Any) -> Any:
    # Python counts True as 1; a spec saying `version: true` is a mistake, not version 1.
    if isinstance(value, bool):
        raise _problem(f"must be 1, got {describe_value(value)}")
    return value


SpecVersion = Annotated[
    Literal[1],
    BeforeValidator(_not_a_boolean),
    Field(description="Version of the complaint spec format; always 1."),
]

_DIGITS = re.compile(r"[0-9]+")


def _order_number(value: Any) -> str:
    # YAML and JSON numbers are accepted: the loader keeps YAML numbers as written (so a leading
    # zero survives), and a JSON number cannot have one.
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise _problem(f"must be the order's number as shown in My Orders, got {describe_value(value)}")
    digits = value.strip()
    if not _DIGITS.fullmatch(digits):
        raise _problem(f"must be digits only, as shown in My Orders, got {describe_value(value)}")
    if not 14 <= len(digits) <= 16:
        raise _problem(f"must be 14 to 16 digits, got {len(digits)}")
    return digits


OrderNumber = Annotated[
    str,
    BeforeValidator(_order_number),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "pattern": "^[0-9]{14,16}$"}, {"type": "integer"}],
            "examples": ["8000000000000001"],
        }
    ),
]


_ALIEXPRESS_HOST = re.compile(r"(?:[a-z0-9-]+\.)*aliexpress\.(?:com|us|ru)")
_ITEM_PATH = re.compile(r"/item/([0-9]+)\.html")
PRODUCT_URL_MAX_LENGTH = 2000  # what browsers and servers reliably take


def _product_url(value: str) -> str:
    url = value.strip()
    try:
        parts = urlsplit(url)
        well_formed = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        well_formed = False
    if not well_formed or any(char.isspace() for char in url):
        raise _problem(
            "must be the product page's http(s) link, e.g. "
            f"https://www.aliexpress.com/item/1005006000000001.html, got {describe_value(value)}"
        )
    url = canonical_product_url(url)
    if len(url) > PRODUCT_URL_MAX_LENGTH:
        raise _problem(f"too long: {len(url)} characters, at most {PRODUCT_URL_MAX_LENGTH}")
    return url


def canonical_product_url(url: str) -> str:
    """An AliExpress item link as the item itself: its path names the item, and everything after
    it (`?spm=...`, `algo_pvid`, `utm_*`, a `#` part) only tracks the visit, so one product is one
    complaint however it was reached. Its host is kept; other links are kept as they are."""
    parts = urlsplit(url)
    item = _ITEM_PATH.fullmatch(parts.path)
    if not (item and parts.hostname and _ALIEXPRESS_HOST.fullmatch(parts.hostname)):
        return url
    host = parts.netloc.rpartition("@")[2].lower()  # without a user name: it names no product
    return f"{parts.scheme}://{host}/item/{item.group(1)}.html"


ProductUrl = Annotated[
    str,
    AfterValidator(_product_url),
    Field(json_schema_extra={"format": "uri", "pattern": "^https?://", "maxLength": PRODUCT_URL_MAX_LENGTH}),
]

_STRIPPED = StringConstraints(strip_whitespace=True)
NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _latin_script_problem(char: str) -> str | None:
    """The script of `char` if it is a letter the English-only form would refuse, else None."""
    if not unicodedata.category(char).startswith("L"):
        return None  # digits, punctuation, symbols and emoji are fine
    name = unicodedata.name(char, "")
    if name.startswith(("LATIN ", "MODIFIER LETTER ")) or char in "ªºµ":
        return None
    if "\u2100" <= char <= "\u214f":  # letterlike symbols: ℓ, ℮, ...
        return None
    script = name.split(" ")[0]
    if not script:
        return "a non-Latin script"
    return f"{'CJK' if script == 'CJK' else script.capitalize()} script"


# Invisible characters that reorder text (bidirectional controls) or hide inside it (zero-width ones):
# a reviewer would read other words than the site stores, or none at all.
_INVISIBLE = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
                       "\u200b\u200c\u200d\u2060\ufeff")


def _named(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE': a character by its code and name, for one it is unsafe to show."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def _english_details(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The length first: a text of a MiB is refused at once, not after a look at each character.
    length = browser_text_length(text)
    if length > DETAILS_MAX_LENGTH:
        note = " (as the site counts them: an emoji counts 2)" if length != len(text) else ""
        raise _problem(f"too long: {length} characters{note}, at most {DETAILS_MAX_LENGTH}")
    for position, char in enumerate(text, start=1):
        if char in _INVISIBLE:
            raise _problem(
                f"must not hold invisible characters: found {_named(char)} at character {position}; "
                "delete it (it reorders or hides text)"
            )
        script = _latin_script_problem(char)
        if script:
            raise _problem(
                f"must be in English: found '{char}' ({script}) at character {position}; "
                "translate the text into English"
            )
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            raise _problem(f"contains a control character (U+{ord(char):04X}) at character {position}")
    return text


Details = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_english_details),
    Field(
        description=(
            "What happened, in English (Latin letters only, no invisible bidirectional or zero-width "
            "characters), at most "
            f"{DETAILS_MAX_LENGTH} characters as the site counts them (an emoji counts 2). "
            "Leading and trailing blanks are dropped; line breaks are kept."
        )
    ),
]


def _evidence_files(value: Any, info: ValidationInfo) -> tuple[Path, ...]:
    """Check every listed file and the count, reporting all problems at once."""
    if not isinstance(value, list | tuple):
        raise _problem(f"must be a list of file paths, got {describe_value(value)}")
    folder = (info.context or {}).get(SPEC_FOLDER) or Path.cwd()
    problems: list[InitErrorDetails] = []
    files: list[Path] = []
    first_index_of: dict[Path, int] = {}
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or not entry.strip():
            message = f"must be a file path, got {describe_value(entry)}"
            problems.append(InitErrorDetails(type=_problem(message), loc=(index,), input=entry))
            continue
        path = folder / entry  # an absolute entry stays as it is
        try:
            check_evidence_file(path)
        except EvidenceFileError as error:
            message = f"{error}: {printable(entry)}"
            if not os.path.exists(path):  # where it was looked for: relative to the spec, not the shell
                message += f" (looked for {printable(os.path.normpath(path))})"
            problems.append(InitErrorDetails(type=_problem(message), loc=(index,), input=entry))
            continue
        same_file = path.resolve()
        if same_file in first_index_of:
            message = f"the same file as evidence.{first_index_of[same_file]}: {printable(entry)}"
            problems.append(InitErrorDetails(type=_problem(message), loc=(index,), input=entry))
            continue
        first_index_of[same_file] = index
        files.append(path)
    if len(value) > EVIDENCE_MAX_FILES:
        message = f"at most {EVIDENCE_MAX_FILES} files, got {len(value)}"
        problems.append(InitErrorDetails(type=_problem(message), loc=(), input=value))
    if problems:
        raise ValidationError.from_exception_data("evidence", problems)
    return tuple(files)


Evidence = Annotated[
    tuple[Path, ...],
    PlainValidator(_evidence_files),
    WithJsonSchema(
        {
            "type": "array",
            "items": {"type": "string", "minLength": 1},
            "maxItems": EVIDENCE_MAX_FILES,
        }
    ),
    Field(
        description=(
            f"Up to {EVIDENCE_MAX_FILES} photos or videos, paths absolute or relative to this "
            f"spec file: {ACCEPTED_FORMATS}, judged by content, not by name."
        )
    ),
]

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_PHONE = re.compile(r"\+?[0-9 ()\-]+")


def _email(value: str) -> str:
    for position, char in enumerate(value, start=1):
        if not char.isascii():  # a letter that only looks Latin makes another address
            shown = f"'{char}' ({_named(char)})" if char.isprintable() else _named(char)
            raise _problem(
                f"must be ASCII: found {shown} at character {position}; type the address in Latin letters"
            )
    if not _EMAIL.fullmatch(value):
        raise _problem(f"not a valid email address: {describe_value(value)}")
    return value


def _phone(value: str) -> str:
    digits = sum(char.isdigit() for char in value)
    if not _PHONE.fullmatch(value) or not 7 <= digits <= 15:
        raise _problem(
            f"not a valid phone number: {describe_value(value)} (use 7 to 15 digits, with spaces, "
            "dashes or parentheses and an optional leading '+', e.g. +1 555 123 4567)"
        )
    return value


# ---------------------------------------------------------------------------------------------
# Models


class _SpecModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contact(_SpecModel):
    """Contact information for the form; each value given replaces the account's own."""

    email: Annotated[str, _STRIPPED, AfterValidator(_email)] | None = Field(
        default=None, description="Email address (ASCII) to show on the complaint instead of the account's."
    )
    phone: Annotated[str, _STRIPPED, AfterValidator(_phone)] | None = Field(
        default=None,
        description="Phone number to show instead of the account's, e.g. +1 555 123 4567.",
    )


class TradeRulesAnswers(_SpecModel):
    """Answers to the yes/no questions of the Trade Rules form."""

    order_closed: bool = Field(description=TRADE_RULES_QUESTIONS["order_closed"])
    receipt_confirmed_at_seller_request: bool = Field(
        description=TRADE_RULES_QUESTIONS["receipt_confirmed_at_seller_request"]
    )
    goods_received: bool = Field(description=TRADE_RULES_QUESTIONS["goods_received"])


class _Complaint(_SpecModel):
    _source: Path | None = PrivateAttr(default=None)

    @property
    def source(self) -> Path | None:
        """The spec file this complaint was read from (absolute), if it came from a file."""
        return self._source


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


class SellerReport(_Complaint):
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
        raise _problem(f"{message}; valid reasons: {', '.join(reasons)}")

    @field_validator(*_CATEGORY_FIELDS)
    @classmethod
    def _field_fits_category(cls, value: Any, info: ValidationInfo) -> Any:
        category = info.data.get("category")
        field = info.field_name
        if category is None or field is None:
            return value
        if value is None:
            if field in _REQUIRED_IN_CATEGORY[category]:
                raise _problem(f"field required for category '{category}'")
            if field == "request_tracking_number" and category == "trade-rules":
                return False
            return None
        if field not in _fields_in_category(category):
            owners = _categories_with_field(field)
            raise _problem(
                f"not a field of category '{category}' (only {_joined(owners)} reports have it)",
                MISPLACED_FIELD,
            )
        return value


class DisputeAppeal(_Complaint):
    """Complain about a closed dispute ("Make a complaint")."""

    version: SpecVersion
    kind: Literal["dispute-appeal"] = Field(description="Complain about a closed dispute.")
    order_number: OrderNumber = Field(description="The disputed order's number, 14 to 16 digits.")
    category: DisputeAppealCategory = Field(
        description="; ".join(f"{slug}: {label}" for slug, label in DISPUTE_APPEAL_CATEGORIES.items())
    )
    details: Details
    evidence: Evidence = ()


class DisputeReview(_Complaint):
    """Review the dispute resolution service after a rejected appeal."""

    version: SpecVersion
    kind: Literal["dispute-review"] = Field(description="Review the dispute resolution service.")
    order_number: OrderNumber = Field(description="The disputed order's number, 14 to 16 digits.")
    rating: int = Field(strict=True, ge=1, le=5, description="The rating given, 1 (worst) to 5 (best).")
    details: Details


Spec = Annotated[SellerReport | DisputeAppeal | DisputeReview, Field(discriminator="kind")]

# kind → model, in the order the union lists them.
SPEC_KINDS: dict[str, type[_Complaint]] = {
    "seller-report": SellerReport,
    "dispute-appeal": DisputeAppeal,
    "dispute-review": DisputeReview,
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
    raise TypeError(f"not a complaint spec: {spec!r}")
