"""Where each value and key of a spec document is, for messages that point at a line and column;
keys given twice are reported on the way."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from autoreport.spec.bounds import Refused, beyond_bounds
from autoreport.spec.problems import Problem
from autoreport.spec.wording import dotted


@dataclass
class Positions:
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



# A JSON token after any blanks: a string, a bracket or separator, or a bare word (number, true...).
_JSON_TOKEN = re.compile(r'[ \t\n\r]*("[^"\\]*(?:\\.[^"\\]*)*"|[{}\[\]:,]|[^ \t\n\r{}\[\]:,"]+)', re.DOTALL)


def index_json(text: str) -> tuple[Positions, list[Problem]]:
    """Where every value and key of a JSON document is, and the keys given twice, in one walk over
    its tokens; the document is well formed (json has read it). The walk stops at the first value
    beyond the bounds, so that this costs little however large the document."""
    tokens = _JSON_TOKEN.finditer(text)
    positions, problems = Positions(), []
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
        beyond = beyond_bounds(counted, depth, in_list, key_of)
        if beyond:
            raise Refused(beyond, *where)
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
                    problems.append(Problem(message, dotted(child), *where))
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



def index_yaml(
    node: Node, path: tuple[str | int, ...], positions: Positions, problems: list[Problem]
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
                problems.append(Problem(message, dotted(child), line, column))
            else:
                first_line_of[key.value] = line
                positions.keys[child] = (line, column)
                index_yaml(value, child, positions, problems)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            index_yaml(item, (*path, index), positions, problems)

