"""What is wrong with a spec file: each problem with its position, and the error that lists them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from autoreport.errors import InvalidInput


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


def fail(path: Path, message: str, line: int | None = None, column: int | None = None) -> NoReturn:
    raise SpecInvalid(path, [Problem(message, line=line, column=column)])
