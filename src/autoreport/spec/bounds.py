"""How much a spec can mean: the bounds a document is held to while it is read."""

from __future__ import annotations

from autoreport.spec.models import SPEC_KINDS

# A spec is three levels deep at most (spec → contact → email); anything far deeper is hostile.
MAX_NESTING = 20
# What a spec can mean, with room to spare: a spec kind has a dozen fields, and a list may one
# day hold a few thousand links. Each bound is checked as the document is read, so that no file
# under the size cap costs more than a moment: a MiB of keys or list items took seconds to build.
MAX_FIELDS = 50  # keys of one mapping
MAX_ITEMS = 5_000  # items of one list
MAX_VALUES = 10_000  # keys, values and items of the whole document
MOST_FIELDS = max(len(model.model_fields) for model in SPEC_KINDS.values())


def too_deep() -> str:
    return f"the document is nested too deeply (more than {MAX_NESTING} levels)"


class Refused(Exception):
    """A document refused while it is read, at the value that went too far."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def beyond_bounds(counted: int, depth: int, in_list: int | None, key_of: int | None) -> str | None:
    """Why one more value is more than a spec can mean, or None: `counted` values read before it,
    at `depth` (the document is 1), the item after `in_list` others, or a key after `key_of` others."""
    if counted >= MAX_VALUES:
        return f"the document holds more than {MAX_VALUES:,} values; a complaint spec holds a few dozen"
    if depth > MAX_NESTING:
        return too_deep()
    if in_list is not None and in_list >= MAX_ITEMS:
        return f"a list of more than {MAX_ITEMS:,} items"
    if key_of is not None and key_of >= MAX_FIELDS:
        return f"a mapping of more than {MAX_FIELDS} fields; a complaint spec has at most {MOST_FIELDS}"
    return None

