"""Field types shared by the spec kinds: each checks what the site would check, with a message
meant for the user."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainValidator,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import InitErrorDetails

from autoreport.evidence.files import ACCEPTED_FORMATS, EvidenceFileError, check_evidence_file
from autoreport.spec.catalog import DETAILS_MAX_LENGTH, EVIDENCE_MAX_FILES
from autoreport.spec.wording import describe_value, printable, problem

# Validation context key: the folder evidence paths are relative to (the spec file's folder).
SPEC_FOLDER = "spec_folder"


def browser_text_length(text: str) -> int:
    """Length of `text` as a browser's `maxlength` counts it.

    Browsers count UTF-16 code units (an emoji outside the BMP counts 2) and count a line break
    as one, whatever the file used (CRLF, CR or LF).
    """
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    return len(normalised.encode("utf-16-le")) // 2



def _not_a_boolean(value: Any) -> Any:
    # Python counts True as 1; a spec saying `version: true` is a mistake, not version 1.
    if isinstance(value, bool):
        raise problem(f"must be 1, got {describe_value(value)}")
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
        raise problem(f"must be the order's number as shown in My Orders, got {describe_value(value)}")
    digits = value.strip()
    if not _DIGITS.fullmatch(digits):
        raise problem(f"must be digits only, as shown in My Orders, got {describe_value(value)}")
    if not 14 <= len(digits) <= 16:
        raise problem(f"must be 14 to 16 digits, got {len(digits)}")
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


ALIEXPRESS_HOST = re.compile(r"(?:[a-z0-9-]+\.)*aliexpress\.(?:com|us|ru)")
ITEM_PATH = re.compile(r"/item/([0-9]+)\.html")
PRODUCT_URL_MAX_LENGTH = 2000  # what browsers and servers reliably take


def _product_url(value: str) -> str:
    url = value.strip()
    try:
        parts = urlsplit(url)
        well_formed = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        well_formed = False
    if not well_formed or any(char.isspace() for char in url):
        raise problem(
            "must be the product page's http(s) link, e.g. "
            f"https://www.aliexpress.com/item/1005006000000001.html, got {describe_value(value)}"
        )
    url = canonical_product_url(url)
    if len(url) > PRODUCT_URL_MAX_LENGTH:
        raise problem(f"too long: {len(url)} characters, at most {PRODUCT_URL_MAX_LENGTH}")
    return url


def canonical_product_url(url: str) -> str:
    """An AliExpress item link as the item itself: its path names the item, and everything after
    it (`?spm=...`, `algo_pvid`, `utm_*`, a `#` part) only tracks the visit, so one product is one
    complaint however it was reached. Its host is kept; other links are kept as they are."""
    parts = urlsplit(url)
    item = ITEM_PATH.fullmatch(parts.path)
    if not (item and parts.hostname and ALIEXPRESS_HOST.fullmatch(parts.hostname)):
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
        raise problem(f"too long: {length} characters{note}, at most {DETAILS_MAX_LENGTH}")
    for position, char in enumerate(text, start=1):
        if char in _INVISIBLE:
            raise problem(
                f"must not hold invisible characters: found {_named(char)} at character {position}; "
                "delete it (it reorders or hides text)"
            )
        script = _latin_script_problem(char)
        if script:
            raise problem(
                f"must be in English: found '{char}' ({script}) at character {position}; "
                "translate the text into English"
            )
        if unicodedata.category(char) == "Cc" and char not in "\n\t":
            raise problem(f"contains a control character (U+{ord(char):04X}) at character {position}")
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
        raise problem(f"must be a list of file paths, got {describe_value(value)}")
    folder = (info.context or {}).get(SPEC_FOLDER) or Path.cwd()
    problems: list[InitErrorDetails] = []
    files: list[Path] = []
    first_index_of: dict[Path, int] = {}
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or not entry.strip():
            message = f"must be a file path, got {describe_value(entry)}"
            problems.append(InitErrorDetails(type=problem(message), loc=(index,), input=entry))
            continue
        path = folder / entry  # an absolute entry stays as it is
        try:
            check_evidence_file(path)
        except EvidenceFileError as error:
            message = f"{error}: {printable(entry)}"
            if not os.path.exists(path):  # where it was looked for: relative to the spec, not the shell
                message += f" (looked for {printable(os.path.normpath(path))})"
            problems.append(InitErrorDetails(type=problem(message), loc=(index,), input=entry))
            continue
        same_file = path.resolve()
        if same_file in first_index_of:
            message = f"the same file as evidence.{first_index_of[same_file]}: {printable(entry)}"
            problems.append(InitErrorDetails(type=problem(message), loc=(index,), input=entry))
            continue
        first_index_of[same_file] = index
        files.append(path)
    if len(value) > EVIDENCE_MAX_FILES:
        message = f"at most {EVIDENCE_MAX_FILES} files, got {len(value)}"
        problems.append(InitErrorDetails(type=problem(message), loc=(), input=value))
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
            raise problem(
                f"must be ASCII: found {shown} at character {position}; type the address in Latin letters"
            )
    if not _EMAIL.fullmatch(value):
        raise problem(f"not a valid email address: {describe_value(value)}")
    return value


def _phone(value: str) -> str:
    digits = sum(char.isdigit() for char in value)
    if not _PHONE.fullmatch(value) or not 7 <= digits <= 15:
        raise problem(
            f"not a valid phone number: {describe_value(value)} (use 7 to 15 digits, with spaces, "
            "dashes or parentheses and an optional leading '+', e.g. +1 555 123 4567)"
        )
    return value



Email = Annotated[str, _STRIPPED, AfterValidator(_email)]
Phone = Annotated[str, _STRIPPED, AfterValidator(_phone)]
