"""How the spec's messages are worded: values shown as the user wrote them, in YAML/JSON words,
and the error types of messages written for the user."""

from __future__ import annotations

from typing import Any

from pydantic_core import PydanticCustomError

# Error types of the messages the validators write for the user; messages.py shows them as they
# are. A misplaced field is pointed at by its key, every other problem by its value.
VALUE_PROBLEM = "spec_value"
MISPLACED_FIELD = "spec_misplaced_field"


def problem(message: str, error_type: str = VALUE_PROBLEM) -> PydanticCustomError:
    """A validation error whose message is shown to the user as it is."""
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


def joined(words: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join(words) if len(words) < 3 else f"{', '.join(words[:-1])} and {words[-1]}"


def kind_of_value(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return f"a {type(value).__name__}"


def dotted(loc: tuple[Any, ...]) -> str:
    # A key of a MiB (JSON takes any) is shown by its start: a message stays one readable line.
    parts = [str(part) for part in loc]
    return ".".join(printable(part if len(part) <= 60 else part[:57] + "...") for part in parts)
