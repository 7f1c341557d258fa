"""Pydantic's validation errors turned into problems a user can act on: each in words, at the
position of its value (or key), with a suggestion for a misspelt field or choice."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any, get_args

from pydantic import BaseModel, ValidationError

from autoreport.spec.models import SPEC_KINDS
from autoreport.spec.problems import Problem
from autoreport.spec.wording import (
    MISPLACED_FIELD,
    VALUE_PROBLEM,
    describe_value,
    dotted,
    joined,
    printable,
    with_article,
)

if TYPE_CHECKING:
    from autoreport.spec.parsing import Document

_KEY_ERRORS = {"extra_forbidden", "invalid_key", MISPLACED_FIELD}


def _either(choices: list[str]) -> str:
    """Quoted and joined: 'a', 'b' or 'c'."""
    quoted = [f"'{choice}'" for choice in choices]
    return f"{', '.join(quoted[:-1])} or {quoted[-1]}"


_KINDS_TEXT = _either(list(SPEC_KINDS))



def validation_problems(invalid: ValidationError, document: Document) -> list[Problem]:
    problems: list[tuple[tuple[Any, ...], str, Problem]] = []
    suggested: set[tuple[Any, ...]] = set()
    for error in invalid.errors(include_url=False):
        loc = tuple(error["loc"])
        kind = None
        # The discriminated union puts the kind first; the spec's own fields start after it.
        if loc and loc[0] in SPEC_KINDS:
            kind, loc = loc[0], loc[1:]
        if error["type"] in ("union_tag_not_found", "union_tag_invalid"):
            loc = ("kind",)
        message, suggestion = _message(error, kind, loc)
        if suggestion is not None:
            suggested.add((*loc[:-1], suggestion))
        line, column = document.positions.find(loc, at_key=error["type"] in _KEY_ERRORS)
        problems.append((loc, error["type"], Problem(message, dotted(loc) or None, line, column)))
    # "reason: field required" adds nothing next to "reson: unknown field; did you mean 'reason'?"
    return [
        problem for loc, error_type, problem in problems if not (error_type == "missing" and loc in suggested)
    ]


def _message(error: Any, kind: str | None, loc: tuple[Any, ...]) -> tuple[str, str | None]:
    """The user-facing message for a pydantic error, and the field it suggests if any."""
    error_type = error["type"]
    context = error.get("ctx") or {}
    value = error.get("input")
    got = describe_value(value)
    if error_type in (VALUE_PROBLEM, MISPLACED_FIELD):  # written for the user already
        return error["msg"], None
    match error_type:
        case "missing":
            return "field required", None
        case "extra_forbidden":
            return _unknown_field(kind, loc)
        case "union_tag_not_found":
            return f"field required: {_KINDS_TEXT}", None
        case "union_tag_invalid":
            tag = value.get("kind") if isinstance(value, dict) else value
            suggestion = _did_you_mean(tag, list(SPEC_KINDS))
            return f"must be {_KINDS_TEXT}, got {describe_value(tag)}{suggestion}", None
        case "literal_error":
            expected = str(context.get("expected", ""))
            choices = re.findall(r"'([^']*)'", expected)
            return f"must be {expected}, got {got}" + _did_you_mean(value, choices), None
        case "string_type":
            return f"must be text, got {got}", None
        case "string_unicode":  # half of a UTF-16 pair, from a JSON escape like "\ud83d"
            return "contains an invalid character (half of an emoji's UTF-16 pair)", None
        case "string_too_short":
            return "must not be empty", None
        case "int_type" | "int_parsing" | "int_from_float":
            return f"must be a whole number, got {got}", None
        case "bool_type" | "bool_parsing":
            return f"must be true or false, got {got}", None
        case "greater_than_equal":
            return f"must be at least {context.get('ge')}, got {got}", None
        case "less_than_equal":
            return f"must be at most {context.get('le')}, got {got}", None
        case "model_type" | "model_attributes_type" | "dict_type":
            return f"must be a mapping of fields, got {got}", None
        case "invalid_key":
            return f"field names must be text, got {got}", None
    message = str(error.get("msg", "invalid value")).replace("Input should be", "must be")
    return printable(message[:1].lower() + message[1:]), None


def _did_you_mean(value: Any, choices: list[str]) -> str:
    if not isinstance(value, str):
        return ""
    close = difflib.get_close_matches(value, choices, n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _unknown_field(kind: str | None, loc: tuple[Any, ...]) -> tuple[str, str | None]:
    name = str(loc[-1]) if loc else ""
    fields = _fields_at(kind, loc[:-1])
    if kind is not None and len(loc) == 1:
        owners = [other for other, model in SPEC_KINDS.items() if name in model.model_fields]
        if owners:
            return f"not a field of {with_article(kind)} spec (only {joined(owners)} specs have it)", None
    close = difflib.get_close_matches(name, fields, n=1)
    if close:
        return f"unknown field; did you mean '{close[0]}'?", close[0]
    return f"unknown field; valid fields: {', '.join(fields)}", None


def _fields_at(kind: str | None, loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at `loc` inside the spec of `kind`."""
    model: type[BaseModel] | None = SPEC_KINDS.get(kind) if kind else None
    for part in loc:
        if model is None or part not in model.model_fields:
            return []
        model = _model_in(model.model_fields[part].annotation)
    return list(model.model_fields) if model else []


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        model = _model_in(argument)
        if model is not None:
            return model
    return None
