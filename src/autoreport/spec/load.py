"""Read a complaint spec file and report every problem in it at once, each with its position.

The file is untrusted input: it is size-checked before parsing, YAML is read with a safe loader
that also refuses anchors, aliases, custom tags, deep nesting and more keys or items than a spec
can mean, and no input may end in a traceback: every failure becomes a SpecInvalid listing
`file:line:column: field: message` lines.
"""

from __future__ import annotations

import codecs
import difflib
import json
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, get_args

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader, ReaderError
from yaml.resolver import Resolver

from autoreport.errors import InvalidInput
from autoreport.spec.models import (
    MISPLACED_FIELD,
    SPEC_KINDS,
    VALUE_PROBLEM,
    Spec,
    describe_value,
    printable,
    validate_spec_data,
    with_article,
)

MAX_SPEC_BYTES = 1024 * 1024
# A spec is three levels deep at most (spec → contact → email); anything far deeper is hostile.
MAX_NESTING = 20
# What a spec can mean, with room to spare: a spec kind has a dozen fields, and a list may one
# day hold a few thousand links. Each bound is checked as the document is read, so that no file
# under the size cap costs more than a moment: a MiB of keys or list items took seconds to build.
MAX_FIELDS = 50  # keys of one mapping
MAX_ITEMS = 5_000  # items of one list
MAX_VALUES = 10_000  # keys, values and items of the whole document

EMPTY_FILE = "the file is empty; a complaint spec starts with 'version: 1'"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a spec file; line and column are 1-based when known."""

    message: str
    field: str | None = None
    line: int | None = None
    column: int | None = None


class SpecInvalid(InvalidInput):
    """A spec file that cannot be used, with every problem found in it."""

    def __init__(self, path: Path, problems: Sequence[Problem]) -> None:
        self.path = path
        # Whole-file problems first, then in reading order; the same line is said once.
        ordered = sorted(problems, key=lambda problem: (problem.line or 0, problem.column or 0))
        self.problems: list[Problem] = list(dict.fromkeys(ordered))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        """One `file:line:column: field: message` line per problem."""
        return [self._line(problem) for problem in self.problems]

    def as_json(self) -> dict[str, Any]:
        """The report `validate --json` and `run --json` give of this file."""
        return report_json(self.path, self.problems)

    def _line(self, problem: Problem) -> str:
        where = f"{self.path}:"
        if problem.line is not None:
            where += f"{problem.line}:{problem.column}:"
        what = f"{problem.field}: {problem.message}" if problem.field else problem.message
        return f"{where} {what}"


def report_json(path: Path, problems: Sequence[Problem] = ()) -> dict[str, Any]:
    """One spec file's report as data: each problem with its position (line and column are null
    for a problem of the whole file)."""
    return {"file": str(path), "valid": not problems,
            "errors": [{"file": str(path), "line": problem.line, "column": problem.column,
                        "field": problem.field, "message": problem.message} for problem in problems]}


def load_spec(path: Path) -> Spec:
    """Read, parse and validate a complaint spec file (YAML or JSON).

    Evidence paths in the result are absolute. Raises SpecInvalid listing every problem.
    """
    path = Path(path)
    document = _parse(path, _read_text(path))
    if not isinstance(document.data, dict):
        line, column = document.positions.find(())
        _fail(
            path,
            "a complaint spec is a mapping of fields starting with 'version: 1', "
            f"not {_kind_of_value(document.data)}",
            line,
            column,
        )
    try:
        spec = validate_spec_data(document.data, spec_folder=path.parent)
    except ValidationError as invalid:
        raise SpecInvalid(path, [*document.problems, *_validation_problems(invalid, document)]) from None
    if document.problems:
        raise SpecInvalid(path, document.problems)
    spec._source = path.absolute()
    return spec


def _fail(path: Path, message: str, line: int | None = None, column: int | None = None) -> NoReturn:
    raise SpecInvalid(path, [Problem(message, line=line, column=column)])


# ---------------------------------------------------------------------------------------------
# Reading


def _read_text(path: Path) -> str:
    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError, ValueError):
        _fail(path, "file not found")
    except OSError as error:
        _fail(path, f"cannot read the file ({_reason(error)})")
    if stat.S_ISDIR(status.st_mode):
        _fail(path, "a folder, not a spec file")
    if not stat.S_ISREG(status.st_mode):
        # Never open pipes or devices: reading them could block or never end.
        _fail(path, "not a regular file")
    if status.st_size > MAX_SPEC_BYTES:
        _fail(path, _too_large(status.st_size))
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SPEC_BYTES + 1)
    except OSError as error:
        _fail(path, f"cannot read the file ({_reason(error)})")
    if len(raw) > MAX_SPEC_BYTES:  # it grew since stat()
        _fail(path, _too_large(len(raw)))
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        _fail(
            path,
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8",
            line,
            column,
        )


def _too_large(size: int) -> str:
    return f"the file is too large ({size:,} bytes); a complaint spec is at most 1 MiB"


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


# ---------------------------------------------------------------------------------------------
# Parsing


@dataclass
class _Positions:
    """Where each dotted path of the document is: its value, and its key for mapping entries."""

    values: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    keys: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)

    def find(self, loc: tuple[str | int, ...], at_key: bool = False) -> tuple[int | None, int | None]:
        """The position of `loc`, or of its nearest ancestor present (a missing field's parent)."""
        if at_key and loc in self.keys:
            return self.keys[loc]
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (None, None))


@dataclass
class _Document:
    data: Any
    positions: _Positions
    problems: list[Problem]  # found while parsing, reported along with validation's


def _parse(path: Path, text: str) -> _Document:
    if not text.strip():
        _fail(path, EMPTY_FILE)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _parse_json(path, text)
    if suffix in (".yaml", ".yml"):
        return _parse_yaml(path, text)
    try:  # no telling suffix: JSON if it is JSON, else YAML
        json.loads(text)
    except (ValueError, RecursionError):
        return _parse_yaml(path, text)
    return _parse_json(path, text)


def _parse_json(path: Path, text: str) -> _Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        _json_syntax_error(path, error)
    except RecursionError:
        _fail(path, _too_deep())
    except ValueError:  # Python refuses to convert integers of thousands of digits
        _fail(path, "a number in the file has too many digits")
    try:
        positions, problems = _index_json(text)
    except _Refused as refused:
        _fail(path, refused.message, refused.line, refused.column)
    return _Document(data, positions, problems)


def _json_syntax_error(path: Path, error: json.JSONDecodeError) -> NoReturn:
    # Python's words for a trailing comma ("expecting property name") do not say what is wrong.
    before = error.doc[: error.pos].rstrip()
    closing = error.doc[error.pos : error.pos + 1]
    if closing in ("}", "]") and before.endswith(","):
        comma = len(before) - 1
        message = f"JSON syntax error: trailing comma before '{closing}'; JSON allows none, remove it"
        _fail(path, message, *_text_position(error.doc, comma))
    message = error.msg[:1].lower() + error.msg[1:]
    _fail(path, f"JSON syntax error: {message}", error.lineno, error.colno)


def _parse_yaml(path: Path, text: str) -> _Document:
    special = Reader.NON_PRINTABLE.search(text)
    if special:
        message = f"YAML syntax error: unacceptable character #x{ord(special.group()):04x}: " \
                  "special characters are not allowed"
        _fail(path, message, *_text_position(text, special.start()))
    loader = None
    try:
        loader = _SpecLoader(text)
        root = loader.get_single_node()
        if root is None or _is_empty_document(root):
            _fail(path, EMPTY_FILE)
        _keep_text_as_written(root)
        positions, problems = _Positions(), []
        _index(root, (), positions, problems)
        data = loader.construct_document(root)
    except _Refused as refused:
        _fail(path, refused.message, refused.line, refused.column)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        _fail(path, _yaml_error_message(error, _character_at(text, mark)), *_mark_position(mark))
    except ReaderError as error:
        _fail(path, f"YAML syntax error: {printable(str(error.reason))}")
    except yaml.YAMLError as error:
        _fail(path, f"YAML syntax error: {printable(str(error))}")
    except (ValueError, OverflowError):  # Python refuses to convert integers of thousands of digits
        _fail(path, "a number in the file has too many digits")
    finally:
        if loader is not None:
            loader.dispose()
    return _Document(data, positions, problems)


def _is_empty_document(root: Node) -> bool:
    """A lone `---` makes a document of one empty value."""
    return isinstance(root, ScalarNode) and root.tag == _NULL and root.value == ""


def _character_at(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    line = lines[mark.line] if mark.line < len(lines) else ""
    return line[mark.column] if mark.column < len(line) else ""


def _yaml_error_message(error: yaml.MarkedYAMLError, character: str = "") -> str:
    if isinstance(error, ComposerError) and error.problem == "but found another document":
        return "a complaint spec is one YAML document; found a second one ('---')"
    if error.problem == "exceeded maximum nesting depth":  # libyaml's own bound, far past ours
        return _too_deep()
    message = f"YAML syntax error: {error.problem or error.context}"
    if character == "\t" or (error.problem and "'\\t'" in error.problem):  # a tab YAML cannot read
        return printable(message) + "; use spaces, not tabs, to indent"
    if error.problem and error.context:
        message += f" ({error.context}"
        if error.context_mark is not None:
            message += f" at line {error.context_mark.line + 1}"
        message += ")"
    return printable(message)


def _mark_position(mark: yaml.Mark | None) -> tuple[int | None, int | None]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _text_position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _too_deep() -> str:
    return f"the document is nested too deeply (more than {MAX_NESTING} levels)"


class _Refused(Exception):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _beyond_bounds(counted: int, depth: int, in_list: int | None, key_of: int | None) -> str | None:
    """Why one more value is more than a spec can mean, or None: `counted` values read before it,
    at `depth` (the document is 1), the item after `in_list` others, or a key after `key_of` others."""
    if counted >= MAX_VALUES:
        return f"the document holds more than {MAX_VALUES:,} values; a complaint spec holds a few dozen"
    if depth > MAX_NESTING:
        return _too_deep()
    if in_list is not None and in_list >= MAX_ITEMS:
        return f"a list of more than {MAX_ITEMS:,} items"
    if key_of is not None and key_of >= MAX_FIELDS:
        return f"a mapping of more than {MAX_FIELDS} fields; a complaint spec has at most {_MOST_FIELDS}"
    return None


_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + name for name in ("str", "int", "float", "bool", "null"))
_PLAIN_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, _CORE + "map", _CORE + "seq"}

try:  # libyaml reads a MiB in milliseconds, where PyYAML's own reader takes seconds on some text
    from yaml.cyaml import CParser as _EventParser
except ImportError:  # a PyYAML built without libyaml: the same events, slower
    from yaml.parser import Parser
    from yaml.scanner import Scanner

    class _EventParser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, text: str) -> None:
            Reader.__init__(self, text)
            Scanner.__init__(self)
            Parser.__init__(self)


class _SpecLoader(Composer, _EventParser, SafeConstructor, Resolver):
    """A safe YAML loader, narrowed to what a spec needs: PyYAML's composer (hooked below) over
    libyaml's events, its safe constructor and resolver.

    Refused: anchors and aliases (the "billion laughs" expansion), tags other than the plain
    core ones (`!!python/object...`, `!!binary`, ...), deep nesting and more keys, items or values
    than a spec can mean. Unquoted dates, merge keys (`<<`) and `=` are read as text instead of
    being converted.
    """

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag in (_BOOL, _INT, _FLOAT, _NULL)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str) -> None:
        _EventParser.__init__(self, text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self._depth = 0
        self._counted = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        line, column = event.start_mark.line + 1, event.start_mark.column + 1
        if isinstance(event, AliasEvent) or event.anchor is not None:
            raise _Refused("YAML anchors and aliases ('&', '*') are not allowed in a complaint spec", line, column)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _PLAIN_TAGS:
            shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
            message = f"the YAML tag '{printable(shown)}' is not allowed in a complaint spec"
            raise _Refused(message, line, column)
        siblings = len(parent.value) if parent is not None else 0
        beyond = _beyond_bounds(self._counted, self._depth + 1,
                                siblings if isinstance(parent, SequenceNode) else None,
                                siblings if isinstance(parent, MappingNode) and index is None else None)
        if beyond:
            raise _Refused(beyond, line, column)
        self._counted += 1
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# A JSON token after any blanks: a string, a bracket or separator, or a bare word (number, true...).
_JSON_TOKEN = re.compile(r'[ \t\n\r]*("[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^ \t\n\r{}\[\]:,"]+)', re.DOTALL)


def _index_json(text: str) -> tuple[_Positions, list[Problem]]:
    """Where every value and key of a JSON document is, and the keys given twice, in one walk over
    its tokens; the document is well formed (json has read it). The walk stops at the first value
    beyond the bounds, so that this costs little however large the document."""
    tokens = _JSON_TOKEN.finditer(text)
    positions, problems = _Positions(), []
    counted = 0
    line, line_start, seen = 1, 0, 0  # the position is counted on from the last token's

    def take() -> tuple[str, tuple[int, int]]:
        nonlocal line, line_start, seen
        token = next(tokens)
        offset = token.start(1)
        breaks = text.count("\n", seen, offset)
        if breaks:
            line, line_start = line + breaks, text.rfind("\n", seen, offset) + 1
        seen = offset
        return token.group(1), (line, offset - line_start + 1)

    def admit(where: tuple[int, int], depth: int, in_list: int | None = None, key_of: int | None = None) -> None:
        nonlocal counted
        beyond = _beyond_bounds(counted, depth, in_list, key_of)
        if beyond:
            raise _Refused(beyond, *where)
        counted += 1

    def walk(token: str, where: tuple[int, int], path: tuple[str | int, ...], depth: int) -> None:
        positions.values.setdefault(path, where)
        if token == "[":
            token, where = take()
            items = 0
            while token != "]":
                admit(where, depth + 1, in_list=items)
                walk(token, where, (*path, items), depth + 1)
                items += 1
                token, where = take()
                if token == ",":
                    token, where = take()
        elif token == "{":
            first_line_of: dict[str, int] = {}
            fields = 0
            token, where = take()
            while token != "}":
                admit(where, depth + 1, key_of=fields)
                fields += 1
                key = json.loads(token)
                child = (*path, key)
                if key in first_line_of:
                    message = f"given twice (first on line {first_line_of[key]})"
                    problems.append(Problem(message, _dotted(child), *where))
                else:
                    first_line_of[key] = where[0]
                    positions.keys[child] = where
                take()  # the colon
                token, where = take()
                admit(where, depth + 1)
                walk(token, where, child, depth + 1)
                token, where = take()
                if token == ",":
                    token, where = take()

    token, where = take()
    admit(where, 1)
    walk(token, where, (), 1)
    return positions, problems


# Text fields keep what the user typed even when YAML would read a number or a boolean: an
# order number 0123... must not become octal, a phone number must not lose its leading zero.
_TEXT_FIELDS = ("order_number", "product_url", "brand", "details")
_CONTACT_TEXT_FIELDS = ("email", "phone")


def _keep_text_as_written(root: Node) -> None:
    if not isinstance(root, MappingNode):
        return
    for key, value in root.value:
        name = key.value if isinstance(key, ScalarNode) else None
        if name in _TEXT_FIELDS:
            _as_text(value)
        elif name == "contact" and isinstance(value, MappingNode):
            for contact_key, contact_value in value.value:
                if isinstance(contact_key, ScalarNode) and contact_key.value in _CONTACT_TEXT_FIELDS:
                    _as_text(contact_value)
        elif name == "evidence" and isinstance(value, SequenceNode):
            for item in value.value:
                _as_text(item)


def _as_text(node: Node) -> None:
    if isinstance(node, ScalarNode) and node.tag in (_INT, _FLOAT, _BOOL):
        node.tag = _STR


def _index(
    node: Node, path: tuple[str | int, ...], positions: _Positions, problems: list[Problem]
) -> None:
    """Record where every value and key is, and report keys given twice."""
    positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        first_line_of: dict[str, int] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                continue
            child = (*path, key.value)
            line, column = key.start_mark.line + 1, key.start_mark.column + 1
            if key.value in first_line_of:
                message = f"given twice (first on line {first_line_of[key.value]})"
                problems.append(Problem(message, _dotted(child), line, column))
            else:
                first_line_of[key.value] = line
                positions.keys[child] = (line, column)
                _index(value, child, positions, problems)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _index(item, (*path, index), positions, problems)


def _kind_of_value(value: Any) -> str:
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


def _dotted(loc: tuple[Any, ...]) -> str:
    # A key of a MiB (JSON takes any) is shown by its start: a message stays one readable line.
    parts = [str(part) for part in loc]
    return ".".join(printable(part if len(part) <= 60 else part[:57] + "...") for part in parts)


# ---------------------------------------------------------------------------------------------
# Validation errors → problems

_KEY_ERRORS = {"extra_forbidden", "invalid_key", MISPLACED_FIELD}


def _either(choices: list[str]) -> str:
    """Quoted and joined: 'a', 'b' or 'c'."""
    quoted = [f"'{choice}'" for choice in choices]
    return f"{', '.join(quoted[:-1])} or {quoted[-1]}"


_KINDS_TEXT = _either(list(SPEC_KINDS))
_MOST_FIELDS = max(len(model.model_fields) for model in SPEC_KINDS.values())


def _validation_problems(invalid: ValidationError, document: _Document) -> list[Problem]:
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
        problems.append((loc, error["type"], Problem(message, _dotted(loc) or None, line, column)))
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
            return f"not a field of {with_article(kind)} spec (only {' and '.join(owners)} specs have it)", None
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
