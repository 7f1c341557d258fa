"""Read a complaint spec file and report every problem in it at once, each with its position.

The file is untrusted input: it is size-checked before parsing, YAML is read with a safe loader
that also refuses anchors, aliases, custom tags, deep nesting and more keys or items than a spec
can mean, and no input may end in a traceback: every failure becomes a SpecInvalid listing
`file:line:column: field: message` lines.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from autoreport.spec.messages import validation_problems
from autoreport.spec.models import Spec, validate_spec_data
from autoreport.spec.parsing import parse
from autoreport.spec.problems import SpecInvalid, fail
from autoreport.spec.reading import read_text
from autoreport.spec.wording import kind_of_value


def load_spec(path: Path) -> Spec:
    """Read, parse and validate a complaint spec file (YAML or JSON).

    Evidence paths in the result are absolute. Raises SpecInvalid listing every problem.
    """
    path = Path(path)
    document = parse(path, read_text(path))
    if not isinstance(document.data, dict):
        line, column = document.positions.find(())
        fail(
            path,
            "a complaint spec is a mapping of fields starting with 'version: 1', "
            f"not {kind_of_value(document.data)}",
            line,
            column,
        )
    try:
        spec = validate_spec_data(document.data, spec_folder=path.parent)
    except ValidationError as invalid:
        raise SpecInvalid(path, [*document.problems, *validation_problems(invalid, document)]) from None
    if document.problems:
        raise SpecInvalid(path, document.problems)
    spec._source = path.absolute()
    return spec

