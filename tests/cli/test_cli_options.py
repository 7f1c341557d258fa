"""Options refused when the command line is read, in process: exit 2 and click's one line naming
the option, before anything starts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from autoreport import spec_arguments
from autoreport.browser import discovery as discovery_module
from autoreport.cli import cli
from autoreport.spec_arguments import expand_spec_arguments

EXAMPLE = str(Path(__file__).parents[2] / "examples" / "trade-rules.yaml")


def refused(*args: str, env: dict[str, str] | None = None) -> str:
    """The one line a refused command line ends with; it exited 2 with no traceback."""
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.output.splitlines()[-1]


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--timeout", "nan", "'nan' is not a finite number."),
    ("--timeout", "inf", "'inf' is not a finite number."),
    ("--retry-wait", "nan", "'nan' is not a finite number."),
    ("--retry-wait", "inf", "'inf' is not a finite number."),
    ("--min-interval", "nan", "'nan' is not a finite number."),
    ("--min-interval", "-inf", "-inf is not in the range x>=0."),
    ("--slowmo", "-5", "-5.0 is not in the range x>=0."),
    ("--slowmo", "nan", "'nan' is not a finite number."),
    ("--slowmo", "inf", "'inf' is not a finite number."),
])
def test_run_refuses_numbers_that_are_not_real_or_in_range(option, value, message):
    line = refused("run", EXAMPLE, "--site", "mock", option, value)
    assert line == f"Error: Invalid value for '{option}': {message}"


@pytest.mark.parametrize("command", [["login", "--site", "mock", "--base-url", "http://127.0.0.1:1"],
                                     ["check-site", "--site", "mock"]])
def test_other_timeouts_refuse_nan_too(command):
    line = refused(*command, "--timeout", "nan")
    assert line == "Error: Invalid value for '--timeout': 'nan' is not a finite number."


@pytest.mark.parametrize("command", [["run", EXAMPLE, "--site", "mock"], ["history"], ["demo"],
                                     ["check-site", "--site", "mock"], ["status", "--site", "mock"]])
def test_an_empty_state_dir_is_refused_not_taken_for_the_current_folder(command):
    assert refused(*command, "--state-dir", "") == "Error: Invalid value for '--state-dir': the path is empty"
    assert refused(*command, env={"AUTOREPORT_STATE_DIR": ""}) == \
        "Error: Invalid value for '--state-dir' (from AUTOREPORT_STATE_DIR): the path is empty"


def test_a_trace_mode_from_the_environment_is_checked_as_the_option_is():
    assert refused("run", EXAMPLE, "--site", "mock", env={"AUTOREPORT_TRACING": "sometimes"}) == (
        "Error: Invalid value for '--tracing' (from AUTOREPORT_TRACING): 'sometimes' is not one of 'on', 'off', "
        "'retain-on-failure'.")


@pytest.mark.parametrize("option", ["--output", "--storage-state"])
def test_other_empty_paths_are_refused(option):
    assert refused("run", EXAMPLE, "--site", "mock", option, "") == \
        f"Error: Invalid value for '{option}': the path is empty"


def test_a_storage_state_that_is_a_device_or_a_pipe_is_refused_unread(tmp_path):
    assert refused("status", "--site", "mock", "--storage-state", "/dev/zero") == \
        "Error: Invalid value for '--storage-state': /dev/zero: not a saved session (not a regular file: a device)"
    os.mkfifo(tmp_path / "pipe.json")
    assert refused("run", EXAMPLE, "--storage-state", "pipe.json") == \
        "Error: Invalid value for '--storage-state': pipe.json: not a saved session (not a regular file: a named pipe)"


def tree(root: Path, folders: int, files: int) -> None:
    for folder in range(folders):
        for depth in range(3):
            (root / f"f{folder}" / ("d/" * depth)).mkdir(parents=True, exist_ok=True)
            for file in range(files):
                (root / f"f{folder}" / ("d/" * depth) / f"s{file}.yaml").touch()


def test_a_glob_of_many_recursive_parts_finds_what_one_finds(tmp_path):
    tree(tmp_path / "specs", folders=3, files=2)
    many = expand_spec_arguments((Path("specs/**/**/**/**/**/*.yaml"),))
    assert many == expand_spec_arguments((Path("specs/**/*.yaml"),))
    assert len(many) == 18


def test_a_glob_that_would_look_at_too_much_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(spec_arguments, "MAX_VISITED", 100)
    tree(tmp_path / "specs", folders=10, files=3)
    assert refused("run", "specs/**/**/**/**/**/nothing.yaml", "--site", "mock") == (
        "Error: Invalid value for SPECS: specs/**/**/**/**/**/nothing.yaml: looked at 100 files and folders "
        "without finishing; name a smaller folder or a narrower pattern")
    assert refused("run", "specs", "--site", "mock") == (
        "Error: Invalid value for SPECS: specs: looked at 100 files and folders without finishing; "
        "name a smaller folder or a narrower pattern")


def test_a_glob_matching_more_specs_than_a_run_files_is_refused(tmp_path):
    (tmp_path / "specs").mkdir()
    for n in range(1001):
        (tmp_path / "specs" / f"s{n}.yaml").touch()
    assert refused("run", "specs/*.yaml", "--site", "mock") == (
        "Error: Invalid value for SPECS: specs/*.yaml: more than 1,000 spec files; a run files at most "
        "1,000 complaints, so split the batch")


def test_a_walk_leaves_out_run_reports_and_the_files_the_tool_wrote(tmp_path):
    (tmp_path / "specs" / "old-runs" / "run-1").mkdir(parents=True)
    (tmp_path / "specs" / "a.yaml").touch()
    (tmp_path / "specs" / "report.json").touch()  # a site check's
    (tmp_path / "specs" / "old-runs" / "index.html").touch()
    (tmp_path / "specs" / "old-runs" / "report-20260101-120000.html").touch()
    (tmp_path / "specs" / "old-runs" / "run-1" / "receipt.json").touch()
    (tmp_path / "specs" / "moved").mkdir()
    (tmp_path / "specs" / "moved" / "receipt.json").touch()
    skipped = []
    assert expand_spec_arguments((Path("specs"),), skipped=lambda *why: skipped.append(why)) == [Path("specs/a.yaml")]
    assert sorted(skipped) == [("specs/moved/receipt.json", "a receipt the tool wrote"),
                               ("specs/old-runs", "a folder of run reports (index.html and report-*.html)"),
                               ("specs/report.json", "a site check's report the tool wrote")]
    for glob in ("specs/**/*.json", "specs/*/*.json"):
        assert refused("run", glob, "--site", "mock") == f"Error: Invalid value for SPECS: no spec matches {glob}"


@pytest.mark.parametrize("command", [["run", EXAMPLE], ["check-site"], ["status"], ["login", "--check"], ["login"],
                                     ["coupons", "8123456789012345", "--single"]])
def test_a_base_url_without_the_mock_is_refused_by_every_command(command):
    assert refused(*command, "--base-url", "http://127.0.0.1:8000") == "Error: --base-url only applies to --site mock"


NO_DISPLAY = {"DISPLAY": None, "WAYLAND_DISPLAY": None}


@pytest.mark.parametrize(("command", "message"), [
    (["run", EXAMPLE, "--step"], "--step needs a display: neither DISPLAY nor WAYLAND_DISPLAY is set; run it in a "
                                 "desktop session or under xvfb-run -a, or drop --step"),
    (["run", EXAMPLE, "--step", "--headed"], "--step needs a display: neither DISPLAY nor WAYLAND_DISPLAY is set; "
                                             "run it in a desktop session or under xvfb-run -a, or drop --step"),
    (["run", EXAMPLE, "--headed"], "--headed needs a display: neither DISPLAY nor WAYLAND_DISPLAY is set; run it in "
                                   "a desktop session or under xvfb-run -a, or drop --headed"),
    (["check-site", "--headed"], "--headed needs a display: neither DISPLAY nor WAYLAND_DISPLAY is set; run it in a "
                                 "desktop session or under xvfb-run -a, or drop --headed"),
    (["login"], "login needs a display: neither DISPLAY nor WAYLAND_DISPLAY is set; sign in from a desktop session "
                "(`login --check` needs none)"),
])
def test_a_visible_browser_without_a_display_is_refused_before_any_starts(command, message, monkeypatch):
    monkeypatch.setattr(discovery_module.sys, "platform", "linux")
    assert refused(*command, env=NO_DISPLAY) == f"Error: {message}"
