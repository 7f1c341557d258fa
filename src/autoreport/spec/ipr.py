"""A rights holder's complaint on the IP Protection platform: one approved IPR, one reason, and any
number of infringing listings (the tool files them in complaints of at most 300, the platform's limit).

Listings come inline (`listings`) or from a text file of one URL a line (`listings_file`); each must
be an AliExpress item link (a store link for `store-front`), and a bad one is named by its place: its
index in the list, or its line in the file. A listing given twice is filed once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BeforeValidator,
    Field,
    PlainValidator,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails

from autoreport.spec.base import ComplaintSpec
from autoreport.spec.catalog import IPR_COMPLAINT_REASONS, IPR_COMPLAINT_TYPES, IPR_PLATFORMS
from autoreport.spec.fields import (
    ALIEXPRESS_HOST,
    ITEM_PATH,
    PRODUCT_URL_MAX_LENGTH,
    SPEC_FOLDER,
    Details,
    Evidence,
    SpecVersion,
    canonical_product_url,
)
from autoreport.spec.wording import describe_value, printable, problem

STORE_PATH = re.compile(r"/store/([0-9]+)/?")
# A listings file is read whole before a browser starts: this many bytes, this many lines at most.
LISTINGS_FILE_MAX_BYTES = 1024 * 1024
LISTINGS_FILE_MAX_LINES = 10_000


def listing_problem(url: str, complaint_type: str) -> str | None:
    """Why `url` is not an infringing listing of this complaint type, or None when it is one."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    store = complaint_type == "store-front"
    example = "https://www.aliexpress.com/store/1100000001" if store else \
        "https://www.aliexpress.com/item/1005006000000001.html"
    wanted = "an AliExpress store link" if store else "an AliExpress item link"
    if parts is None or parts.scheme not in ("http", "https") or not host or any(c.isspace() for c in url):
        return f"must be {wanted}, e.g. {example}, got {describe_value(url)}"
    if not ALIEXPRESS_HOST.fullmatch(host):
        return f"must be {wanted} (on aliexpress.com), e.g. {example}, got {describe_value(url)}"
    if not (STORE_PATH if store else ITEM_PATH).fullmatch(parts.path):
        return f"must be {wanted}, e.g. {example}, got {describe_value(url)}"
    if len(url) > PRODUCT_URL_MAX_LENGTH:
        return f"too long: {len(url)} characters, at most {PRODUCT_URL_MAX_LENGTH}"
    return None


def canonical_listing(url: str) -> str:
    """A listing as the listing itself: an item link without what tracks the visit, a store link as
    https://<host>/store/<id>; one listing is filed once however it was reached."""
    parts = urlsplit(url)
    store = STORE_PATH.fullmatch(parts.path)
    if store:
        return f"{parts.scheme}://{parts.netloc.rpartition('@')[2].lower()}/store/{store.group(1)}"
    return canonical_product_url(url)


def _listing_texts(value: Any) -> tuple[str, ...]:
    """The inline list as text, each URL stripped; its links are judged once the complaint type is known."""
    if not isinstance(value, list | tuple):
        raise problem(f"must be a list of AliExpress links, one a listing, got {describe_value(value)}")
    problems = [InitErrorDetails(type=problem(f"must be a link, got {describe_value(entry)}"), loc=(index,),
                                 input=entry)
                for index, entry in enumerate(value) if not isinstance(entry, str)]
    if problems:
        raise ValidationError.from_exception_data("listings", problems)
    return tuple(entry.strip() for entry in value)


Listings = Annotated[
    tuple[str, ...],
    PlainValidator(_listing_texts),
    WithJsonSchema({"type": "array", "items": {"type": "string", "format": "uri", "pattern": "^https?://"},
                    "minItems": 1}),
]


@dataclass(frozen=True)
class ListingsFile:
    """A text file of listings, one URL a line (blank lines and lines starting with # left out)."""

    path: Path
    lines: tuple[tuple[int, str], ...]  # (line number, URL as written)


def _listings_file(value: Any, info: ValidationInfo) -> ListingsFile:
    if not isinstance(value, str) or not value.strip():
        raise problem(f"must be the path of a text file of listings, got {describe_value(value)}")
    folder = (info.context or {}).get(SPEC_FOLDER) or Path.cwd()
    path = folder / value
    looked = f"{printable(value)} (looked for {printable(str(path))})"
    try:
        if not path.is_file():
            raise problem(f"file not found: {looked}" if not path.exists() else f"not a regular file: {looked}")
        if path.stat().st_size > LISTINGS_FILE_MAX_BYTES:
            raise problem(f"{printable(value)} is over {LISTINGS_FILE_MAX_BYTES // 1024} KiB; split it")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise problem(f"{printable(value)} is not UTF-8 text") from None
    except OSError as error:
        raise problem(f"cannot read {looked}: {error.strerror or error}") from None
    numbered = text.splitlines()
    if len(numbered) > LISTINGS_FILE_MAX_LINES:
        raise problem(f"{printable(value)} has {len(numbered)} lines; at most {LISTINGS_FILE_MAX_LINES}")
    lines = tuple((number, line.strip()) for number, line in enumerate(numbered, start=1)
                  if line.strip() and not line.lstrip().startswith("#"))
    return ListingsFile(path, lines)


ListingsFileField = Annotated[
    ListingsFile,
    PlainValidator(_listings_file),
    WithJsonSchema({"type": "string", "minLength": 1}),
]


def _registration_number(value: Any) -> Any:
    # YAML reads 30001234 as a number; the IPR's registration number is text as IPP lists it.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


IprComplaintType = Literal[tuple(IPR_COMPLAINT_TYPES)]  # type: ignore[valid-type]
IprReason = Literal[tuple(IPR_COMPLAINT_REASONS)]  # type: ignore[valid-type]
IprPlatform = Literal[tuple(IPR_PLATFORMS)]  # type: ignore[valid-type]


class IprComplaint(ComplaintSpec):
    """A rights holder's complaint on the IP Protection platform, against any number of listings."""

    version: SpecVersion
    kind: Literal["ipr-complaint"] = Field(description="A rights holder's complaint on the IP Protection platform.")
    platform: IprPlatform = Field(description="The website the listings are on, as IPP names it: "
                                              + "; ".join(f"{s}: {label}" for s, label in IPR_PLATFORMS.items()))
    ipr: Annotated[str, BeforeValidator(_registration_number)] = Field(
        min_length=1, pattern=r"^\S(.*\S)?$",
        description="The approved IPR to complain under, as IPP lists it: its registration number, e.g. 30001234.")
    complaint_type: IprComplaintType = Field(
        description="; ".join(f"{slug}: {label}" for slug, label in IPR_COMPLAINT_TYPES.items()))
    reason: IprReason = Field(
        description="; ".join(f"{slug}: {label}" for slug, label in IPR_COMPLAINT_REASONS.items()))
    listings: Listings | None = Field(
        default=None, description="The infringing listings: AliExpress item links (store links for store-front), "
        "any number, filed in complaints of at most 300 in this order; a listing given twice is filed once.")
    listings_file: ListingsFileField | None = Field(
        default=None, description="Instead of listings: a text file of one link a line (blank lines and lines "
        "starting with # left out), relative to this spec.")
    details: Details = Field(description="The supplement infringement reason, in English, at most 1000 characters.")
    evidence: Evidence = ()

    @model_validator(mode="after")
    def _listings_well_formed(self) -> IprComplaint:
        if (self.listings is None) == (self.listings_file is None):
            raise problem("give the infringing listings either as `listings` or as `listings_file`, "
                          + ("not both" if self.listings is not None else "one of them"))
        # An inline listing is named by its field path; a file's, by its line.
        problems = [InitErrorDetails(type=problem(f"{place}: {why}" if self.listings_file else why), loc=loc,
                                     input=url)
                    for place, loc, url in self._placed()
                    if (why := listing_problem(url, self.complaint_type)) is not None]
        if problems:
            raise ValidationError.from_exception_data("listings", problems)
        if not self.listings_in_order:
            where = f"{printable(self.listings_file.path.name)} holds no listing" if self.listings_file else \
                "names no listing"
            raise ValidationError.from_exception_data("listings", [InitErrorDetails(
                type=problem(f"{where}: give at least one"), loc=(self._field(),), input=None)])
        return self

    def _field(self) -> str:
        return "listings" if self.listings is not None else "listings_file"

    def _placed(self) -> list[tuple[str, tuple, str]]:
        """Each listing as written, with its place in words and as a field path."""
        if self.listings is not None:
            return [(f"listings.{index}", ("listings", index), url) for index, url in enumerate(self.listings)]
        name = printable(self.listings_file.path.name)
        return [(f"{name} line {number}", ("listings_file",), url) for number, url in self.listings_file.lines]

    @property
    def listings_in_order(self) -> tuple[str, ...]:
        """Every listing once, canonical, in the order given."""
        return tuple(dict.fromkeys(canonical_listing(url) for _, _, url in self._placed()))

    @property
    def duplicates(self) -> list[str]:
        """A sentence for each listing given more than once: it is filed once."""
        first: dict[str, str] = {}
        said = []
        for place, _, url in self._placed():
            listing = canonical_listing(url)
            if listing in first:
                said.append(f"{place} is the same listing as {first[listing]} ({listing}); it is filed once")
            else:
                first[listing] = place
        return said


def ipr_category(spec: IprComplaint) -> str:
    """What the ledger files an IPR complaint's listings under: the IPR and the complaint type."""
    return f"{spec.ipr}/{spec.complaint_type}"


def listings_key(spec: IprComplaint) -> tuple[str, str, str]:
    """(category, reason, target) of a complaint against these listings: one listing is its own target;
    several are named by the first and their count, and told apart by a digest of them all."""
    listings = spec.listings_in_order
    if len(listings) == 1:
        return ipr_category(spec), spec.reason, listings[0]
    digest = hashlib.sha256("\n".join(listings).encode()).hexdigest()[:12]
    return ipr_category(spec), spec.reason, f"{len(listings)} listings from {listings[0]} #{digest}"
