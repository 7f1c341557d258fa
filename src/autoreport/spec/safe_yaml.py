"""The YAML loader of spec files: safe, and narrowed to what a spec needs."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import Reader
from yaml.resolver import Resolver

from autoreport.spec.bounds import Refused, beyond_bounds
from autoreport.spec.wording import printable

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


class SpecLoader(Composer, _EventParser, SafeConstructor, Resolver):
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
            raise Refused("YAML anchors and aliases ('&', '*') are not allowed in a complaint spec", line, column)
        tag = getattr(event, "tag", None)
        if tag not in (None, "!") and tag not in _PLAIN_TAGS:
            shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
            message = f"the YAML tag '{printable(shown)}' is not allowed in a complaint spec"
            raise Refused(message, line, column)
        siblings = len(parent.value) if parent is not None else 0
        beyond = beyond_bounds(self._counted, self._depth + 1,
                                siblings if isinstance(parent, SequenceNode) else None,
                                siblings if isinstance(parent, MappingNode) and index is None else None)
        if beyond:
            raise Refused(beyond, line, column)
        self._counted += 1
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1



# Text fields keep what the user typed even when YAML would read a number or a boolean: an
# order number 0123... must not become octal, a phone number must not lose its leading zero.
_TEXT_FIELDS = ("order_number", "product_url", "brand", "details")
_CONTACT_TEXT_FIELDS = ("email", "phone")


def keep_text_as_written(root: Node) -> None:
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


def is_empty_document(root: Node) -> bool:
    """A lone `---` makes a document of one empty value."""
    return isinstance(root, ScalarNode) and root.tag == _NULL and root.value == ""

