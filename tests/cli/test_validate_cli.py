"""`autoreport validate`: checks spec files without a browser and reports like a compiler."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from support import modules_loaded_by

from autoreport.cli import cli

EXAMPLES = Path(__file__).parents[2] / "examples"
DEMO = EXAMPLES / "trade-rules.yaml"


def write_bad_spec(folder: Path) -> Path:
    path = folder / "bad.yaml"
    path.write_text("version: 1\nkind: dispute-review\norder_number: '123'\nrating: 9\ndetails: ok\n")
    return path


def test_a_valid_spec() -> None:
    result = CliRunner().invoke(cli, ["validate", str(DEMO)])
    assert result.exit_code == 0
    assert result.output == f"{DEMO}: ok\n"


def test_an_invalid_spec_lists_every_problem_and_exits_2(tmp_path: Path) -> None:
    bad = write_bad_spec(tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"{bad}:3:15: order_number: must be 14 to 16 digits, got 3",
        f"{bad}:4:9: rating: must be at most 5, got 9",
    ]


def test_several_files_at_once(tmp_path: Path) -> None:
    bad = write_bad_spec(tmp_path)
    missing = tmp_path / "missing.yaml"
    result = CliRunner().invoke(cli, ["validate", str(DEMO), str(bad), str(missing)])
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[0] == f"{DEMO}: ok"
    assert lines[1].startswith(f"{bad}:3:15: ")
    assert lines[-1] == f"{missing}: file not found"


def test_all_examples_validate_together() -> None:
    specs = sorted(str(path) for path in [*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*.json")])
    result = CliRunner().invoke(cli, ["validate", *specs])
    assert result.exit_code == 0
    assert result.output.splitlines() == [f"{spec}: ok" for spec in specs]


def test_json_output(tmp_path: Path) -> None:
    bad = write_bad_spec(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--json", str(DEMO), str(bad)])
    assert result.exit_code == 2
    reports = [json.loads(line) for line in result.output.splitlines()]
    assert reports == [
        {"file": str(DEMO), "valid": True, "errors": []},
        {
            "file": str(bad),
            "valid": False,
            "errors": [
                {"file": str(bad), "line": 3, "column": 15, "field": "order_number",
                 "message": "must be 14 to 16 digits, got 3"},
                {"file": str(bad), "line": 4, "column": 9, "field": "rating", "message": "must be at most 5, got 9"},
            ],
        },
    ]


def test_json_output_of_a_problem_of_the_whole_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    result = CliRunner().invoke(cli, ["validate", "--json", str(empty)])
    assert result.exit_code == 2
    assert json.loads(result.output) == {"file": str(empty), "valid": False, "errors": [
        {"file": str(empty), "line": None, "column": None, "field": None,
         "message": "the file is empty; a complaint spec starts with 'version: 1'"}]}


def test_folders_and_globs_as_run_takes_them(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs" / "more").mkdir(parents=True)
    demo = DEMO.read_text().replace("evidence/", f"{EXAMPLES}/evidence/")
    (tmp_path / "specs" / "more" / "demo.yaml").write_text(demo)
    write_bad_spec(tmp_path / "specs")
    (tmp_path / "specs" / "runs").mkdir()
    (tmp_path / "specs" / "runs" / ".autoreport-output").touch()
    (tmp_path / "specs" / "runs" / "old.json").write_text("{}")
    result = CliRunner().invoke(cli, ["validate", "specs", "--verbose"])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "skipped specs/runs: the tool's output (it holds .autoreport-output)",
        "specs/bad.yaml:3:15: order_number: must be 14 to 16 digits, got 3",
        "specs/bad.yaml:4:9: rating: must be at most 5, got 9",
        "specs/more/demo.yaml: ok",
    ]
    result = CliRunner().invoke(cli, ["validate", "specs/**/demo.yaml"])
    assert (result.exit_code, result.output) == (0, "specs/more/demo.yaml: ok\n")
    result = CliRunner().invoke(cli, ["validate", "specs/*.toml"])
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        2, "Error: Invalid value for SPECS: no spec matches specs/*.toml")


def test_validate_never_imports_playwright() -> None:
    assert modules_loaded_by(["validate", str(DEMO)], of=("playwright",)) == []
