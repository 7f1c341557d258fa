"""`autoreport doctor` names the browser it will use and how it found it."""

from __future__ import annotations


def test_doctor_reports_the_browser(cli, browser_choice):
    result = cli("doctor")
    assert result.exit_code == 0, result.stderr
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines() if ":" in line)
    assert lines["browser"].strip() == f"{browser_choice.executable} (found by: {browser_choice.found_by})"
    assert "Chrom" in lines["version"]
    assert lines["playwright"].strip()[0].isdigit()


def test_doctor_says_how_to_get_a_browser(cli, tmp_path):
    result = cli("doctor", "--browser-path", str(tmp_path / "no-such-browser"))
    assert result.exit_code == 0
    assert "does not exist" in result.stdout
    assert "python -m playwright install chromium" in result.stdout


def test_doctor_says_the_environment_variable_found_the_browser(cli, browser_choice):
    result = cli("doctor", env={"AUTOREPORT_BROWSER": str(browser_choice.executable)})
    assert f"{browser_choice.executable} (found by: environment)" in result.stdout
