"""Parsing a spec file's text as JSON or YAML into data, with the position of every value; syntax
errors become problems with a position, in words a user can act on."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.composer import ComposerError
from yaml.reader import Reader, ReaderError

from autoreport.spec.bounds import Refused, too_deep
from autoreport.spec.positions import Positions, index_json, index_yaml
from autoreport.spec.problems import Problem, fail
from autoreport.spec.safe_yaml import SpecLoader, is_empty_document, keep_text_as_written
from autoreport.spec.wording import printable

EMPTY_FILE = "the file is empty; a complaint spec starts with 'version: 1'"


@dataclass
class Document:
    data: Any
    positions: Positions
    problems: list[Problem]  # found while parsing, reported along with validation's


def parse(path: Path, text: str) -> Document:
    if not text.strip():
        fail(path, EMPTY_FILE)
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


def _parse_json(path: Path, text: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        _json_syntax_error(path, error)
    except RecursionError:
        fail(path, too_deep())
    except ValueError:  # Python refuses to convert integers of thousands of digits
        fail(path, "a number in the file has too many digits")
    try:
        positions, problems = index_json(text)
    except Refused as refused:
        fail(path, refused.message, refused.line, refused.column)
    return Document(data, positions, problems)


def _json_syntax_error(path: Path, error: json.JSONDecodeError) -> NoReturn:
    # Python's words for a trailing comma ("expecting property name") do not say what is wrong.
    before = error.doc[: error.pos].rstrip()
    closing = error.doc[error.pos : error.pos + 1]
    if closing in ("}", "]") and before.endswith(","):
        comma = len(before) - 1
        message = f"JSON syntax error: trailing comma before '{closing}'; JSON allows none, remove it"
        fail(path, message, *_text_position(error.doc, comma))
    message = error.msg[:1].lower() + error.msg[1:]
    fail(path, f"JSON syntax error: {message}", error.lineno, error.colno)


def _parse_yaml(path: Path, text: str) -> Document:
    special = Reader.NON_PRINTABLE.search(text)
    if special:
        message = f"YAML syntax error: unacceptable character #x{ord(special.group()):04x}: " \
                  "special characters are not allowed"
        fail(path, message, *_text_position(text, special.start()))
    loader = None
    try:
        loader = SpecLoader(text)
        root = loader.get_single_node()
        if root is None or is_empty_document(root):
            fail(path, EMPTY_FILE)
        keep_text_as_written(root)
        positions, problems = Positions(), []
        index_yaml(root, (), positions, problems)
        data = loader.construct_document(root)
    except Refused as refused:
        fail(path, refused.message, refused.line, refused.column)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        fail(path, _yaml_error_message(error, _character_at(text, mark)), *_mark_position(mark))
    except ReaderError as error:
        fail(path, f"YAML syntax error: {printable(str(error.reason))}")
    except yaml.YAMLError as error:
        fail(path, f"YAML syntax error: {printable(str(error))}")
    except (ValueError, OverflowError):  # Python refuses to convert integers of thousands of digits
        fail(path, "a number in the file has too many digits")
    finally:
        if loader is not None:
            loader.dispose()
    return Document(data, positions, problems)




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
        return too_deep()
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

