"""The benchmark's hand-written script is the floor a user would write: plain Playwright, nothing of
the tool, so that what the tool adds is measured against none of itself."""

from __future__ import annotations

import ast
from pathlib import Path

HANDWRITTEN = Path(__file__).parents[2] / "bench" / "handwritten.py"


def test_the_hand_written_script_uses_nothing_of_the_tool():
    tree = ast.parse(HANDWRITTEN.read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert "playwright" in imported
    assert not imported & {"autoreport", "workspace", "commands", "measure"}
