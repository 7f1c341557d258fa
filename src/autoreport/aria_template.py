"""Playwright's ARIA snapshots read in Python: which node of a template a page's snapshot lacks, and a
template made from a snapshot.

Playwright tells whether a page matches a template (`to_match_aria_snapshot`), not where it differs.
The first node that differs is found here by matching as Playwright does in `/children: contain` mode
(its default): a template's children must appear among the node's children in the same order, other
nodes may come between, a name or a text written `/.../` is a regular expression searched for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

# The states Playwright writes in brackets: `[checked]`, `[level=2]`, `[expanded=false]`.
ATTRIBUTE = re.compile(r"\[(\w+)(?:=([^\]]*))?\]")
# Texts that change between pages of the same kind: order and complaint numbers, dates, amounts.
DYNAMIC_TEXT = [(re.compile(r"\d{4}-\d{2}-\d{2}"), r"\d{4}-\d{2}-\d{2}"),
                (re.compile(r"\$[\d,]+\.\d\d"), r"\$[\d,]+\.\d\d"),
                (re.compile(r"\d{6,}"), r"\d+")]
# A field's value is what was typed or what the account holds, not what the page is.
FIELD_ROLES = {"textbox", "searchbox", "spinbutton"}


@dataclass
class AriaNode:
    role: str  # "text" for a text between elements
    name: str | re.Pattern | None = None  # a text node's text
    attributes: dict[str, Any] = field(default_factory=dict)
    url: str | re.Pattern | None = None
    children: list[AriaNode] = field(default_factory=list)

    def __str__(self) -> str:
        """The node as a template names it: `textbox "Order number"`, `heading /Step \\d/ [level=2]`."""
        name = "" if self.name is None else " " + shown_text(self.name)
        states = "".join(f"[{key}]" if value is True else f"[{key}={str(value).lower()}]"
                         for key, value in self.attributes.items())
        text = f": {shown_text(self.children[0].name)}" if self.inline_text else ""
        return f"{self.role}{name}{' ' + states if states else ''}{text}"

    @property
    def inline_text(self) -> bool:
        """The node's only child is a text, written on its line: `paragraph: Order number: 1`."""
        return len(self.children) == 1 and self.children[0].role == "text" and self.role != "text"


def shown_text(text: str | re.Pattern) -> str:
    return f"/{text.pattern}/" if isinstance(text, re.Pattern) else json.dumps(text, ensure_ascii=False)


def _text(raw: str, literal: bool = False) -> str | re.Pattern:
    """A template's text: `/.../` is a regular expression, anything else (and any text of a page's
    snapshot, `literal`) a text with its spaces folded."""
    raw = str(raw)
    if not literal and len(raw) > 1 and raw.startswith("/") and raw.endswith("/"):
        try:
            return re.compile(raw[1:-1])
        except re.error:
            pass
    return " ".join(raw.split())


def _head(key: str) -> AriaNode:
    """`role "name" [state]...` or `role /regex/ [state]...` as a node without children."""
    role, _, rest = key.strip().partition(" ")
    rest = rest.strip()
    name: str | re.Pattern | None = None
    if rest.startswith('"'):
        name, end = json.JSONDecoder().raw_decode(rest)
        rest = rest[end:]
    elif rest.startswith("/"):
        end = 1
        while end < len(rest) and rest[end] != "/":
            end += 2 if rest[end] == "\\" else 1
        name, rest = _text(rest[:end + 1]), rest[end + 1:]
    attributes = {}
    for match in ATTRIBUTE.finditer(rest):
        value = match.group(2)
        attributes[match.group(1)] = (True if value in (None, "true") else False if value == "false"
                                      else int(value) if value.isdigit() else value)
    return AriaNode(role, name, attributes)


def _nodes(items: list[Any] | None, literal: bool) -> tuple[list[AriaNode], str | re.Pattern | None]:
    """A YAML list of a snapshot or template as nodes, and the `/url` among them."""
    nodes, url = [], None
    for item in items or []:
        key, value = next(iter(item.items())) if isinstance(item, dict) else (str(item), None)
        if key == "/url":
            url = _text(value, literal)
        elif key == "/children":
            if value != "contain":
                raise ValueError(f"only /children: contain is supported, not {value}")
        elif key.startswith("/"):
            continue  # other properties (/placeholder) are not compared
        elif key == "text":
            nodes.append(AriaNode("text", _text(value, literal)))
        else:
            node = _head(key)
            if isinstance(value, list):
                node.children, node.url = _nodes(value, literal)
            elif value is not None:
                node.children = [AriaNode("text", _text(value, literal))]
            nodes.append(node)
    return nodes, url


def parse(snapshot: str, *, template: bool = True) -> list[AriaNode]:
    """An ARIA template, or a page's snapshot (`template=False`: no text is a regular expression), as
    its top-level nodes."""
    return _nodes(yaml.safe_load(snapshot) or [], literal=not template)[0]


def _text_matches(text: str | re.Pattern | None, wanted: str | re.Pattern | None) -> bool:
    if wanted is None or wanted == "":
        return True
    if not isinstance(text, str) or not text:
        return False
    return bool(wanted.search(text)) if isinstance(wanted, re.Pattern) else " ".join(text.split()) == wanted


def _same_head(live: AriaNode, wanted: AriaNode) -> bool:
    """The node has the wanted role, name, states and link target, whatever its children."""
    if live.role != wanted.role:
        return False
    return (_text_matches(live.name, wanted.name) and _text_matches(live.url, wanted.url)
            and all(live.attributes.get(key, False) == value for key, value in wanted.attributes.items()))


def _matches(live: AriaNode, wanted: AriaNode) -> bool:
    return _same_head(live, wanted) and _first_missing(live.children, wanted.children) is None


def _first_missing(live: list[AriaNode], wanted: list[AriaNode]) -> AriaNode | None:
    """The first wanted node not found among `live` in order (None: all are), looking inside the node
    that has its role and name when only something within it differs."""
    start = 0
    for node in wanted:
        found = next((i for i in range(start, len(live)) if _matches(live[i], node)), None)
        if found is not None:
            start = found + 1
            continue
        for candidate in live[start:]:
            if _same_head(candidate, node) and (deeper := _first_missing(candidate.children, node.children)):
                return node if node.inline_text else deeper
        return node
    return None


def _walk(nodes: list[AriaNode]) -> Iterator[AriaNode]:
    for node in nodes:
        yield node
        yield from _walk(node.children)


def first_difference(template: str, snapshot: str) -> AriaNode | None:
    """The first node of the template, in reading order, that the snapshot does not contain; None
    when the snapshot matches. As in Playwright, the template may match at any depth of the snapshot:
    the node named is the one where the closest match stopped."""
    wanted = parse(template)
    order = {id(node): position for position, node in enumerate(_walk(wanted))}
    live = parse(snapshot, template=False)
    furthest: AriaNode | None = None
    for children in [live] + [node.children for node in _walk(live)]:
        missing = _first_missing(children, wanted)
        if missing is None:
            return None
        if furthest is None or order[id(missing)] > order[id(furthest)]:
            furthest = missing
    return furthest


# ---------------------------------------------------------------------------------------------
# Making a template from a snapshot


def _as_regex(text: str) -> str:
    """The text as a template writes it: a regular expression where it holds dynamic parts."""
    pieces, position, dynamic = [], 0, False
    spans = sorted((match.span(), pattern) for finder, pattern in DYNAMIC_TEXT for match in finder.finditer(text))
    for (begin, end), pattern in spans:
        if begin < position:
            continue  # within a part replaced already (the digits of a date)
        pieces += [_escaped(text[position:begin]), pattern]
        position, dynamic = end, True
    if not dynamic:
        return text
    return "/" + "".join(pieces) + _escaped(text[position:]) + "/"


def _escaped(text: str) -> str:
    """Literal text in a regular expression both Python and JavaScript read, between slashes."""
    return re.sub(r"[\\^$.|?*+()\[\]{}/]", lambda match: "\\" + match.group(0), text)


def _name_of(item: Any) -> str | None:
    key = next(iter(item)) if isinstance(item, dict) else str(item)
    name = _head(key).name if not key.startswith("/") and key != "text" else None
    return name if isinstance(name, str) else None


def _template_items(items: list[Any], parent_name: str | None = None) -> list[Any]:
    """Rules: a text that repeats the name of its parent or of a neighbour (a label) is left out, so a
    renamed label is reported as the field or group it names; a field's value and a link's target are
    left out; dynamic texts become regular expressions."""
    names = {name for item in items if (name := _name_of(item))} | {parent_name}
    kept = []
    for item in items:
        key, value = next(iter(item.items())) if isinstance(item, dict) else (str(item), None)
        if key == "/url" or (key == "text" and " ".join(str(value).split()) in names):
            continue
        node = _head(key) if not key.startswith("/") and key != "text" else None
        if node is not None and isinstance(node.name, str):
            key = key.replace(json.dumps(node.name, ensure_ascii=False), _quoted_or_regex(node.name), 1)
        if node is not None and node.role in FIELD_ROLES:
            value = None
        if isinstance(value, list):
            value = _template_items(value, node.name if node and isinstance(node.name, str) else None) or None
        elif value is not None:
            value = _as_regex(str(value))
        kept.append(key if value is None else {key: value})
    return kept


def _quoted_or_regex(name: str) -> str:
    regex = _as_regex(name)
    return regex if regex != name else json.dumps(name, ensure_ascii=False)


def template_from_snapshot(snapshot: str, root_role: str) -> str:
    """A template of the first `root_role` node of the snapshot (e.g. the page's main landmark), its
    children matched in `contain` mode, as YAML."""
    def find(items: list[Any]) -> Any:
        for item in items:
            if isinstance(item, dict):
                key, value = next(iter(item.items()))
                if key.split(" ")[0] == root_role:
                    return item
                if isinstance(value, list) and (found := find(value)) is not None:
                    return found
        return None

    root = find(yaml.safe_load(snapshot) or [])
    if root is None:
        raise ValueError(f"the snapshot has no {root_role}")
    items = [{"/children": "contain"}] + _template_items([root])
    return yaml.safe_dump(items, sort_keys=False, allow_unicode=True, width=10_000)
