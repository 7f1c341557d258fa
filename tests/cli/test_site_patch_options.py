"""--site-patch, the config folder's patches and `repair`, in process: a bad patch or a bad spec is exit 2
with its line before anything starts; doctor lists the patches in force."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from support import EXAMPLES

from autoreport.cli import cli

TRADE_RULES = str(EXAMPLES / "trade-rules.yaml")
PATCHED_COMMANDS = {
    "run": ["run", TRADE_RULES, "--site", "mock", "--dry-run"],
    "check-site": ["check-site", "--site", "mock"],
    "repair": ["repair", TRADE_RULES, "--site", "mock", "--cdp-endpoint", "http://127.0.0.1:9"],
}


def autoreport(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.mark.parametrize("command", PATCHED_COMMANDS)
def test_a_bad_site_patch_is_exit_2_with_its_line_before_anything_starts(command, tmp_path, state_dir):
    (tmp_path / "patch.yaml").write_text("site: mock\nelements:\n  order-number: {lable: Order ID}\n")
    result = autoreport(*PATCHED_COMMANDS[command], "--site-patch", "patch.yaml")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines()[-1] == ("error: patch.yaml:3:18: elements.order-number.lable: unknown key; "
                                              "the keys here are role, name, label, text, css, exact, within")
    assert not state_dir.exists()  # no ledger opened, nothing launched


@pytest.mark.parametrize("command", ["run", "check-site", "status", "login"])
def test_a_broken_patch_in_the_config_folder_stops_every_command_on_the_site(command, tmp_path, state_dir):
    folder = tmp_path / "config" / "site-patches"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text("site: mock\nlabels: {categories.trade-rule: Trade Rule Violations}\n")
    args = {"status": ["status", "--site", "mock", "--base-url", "http://127.0.0.1:1"],
            "login": ["login", "--site", "mock", "--base-url", "http://127.0.0.1:1"]}.get(command) \
        or PATCHED_COMMANDS[command]
    result = autoreport(*args, env={"AUTOREPORT_CONFIG_DIR": str(tmp_path / "config")})
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"error: {folder / 'mine.yaml'}:2:10: labels.categories.trade-rule: unknown label 'categories.trade-rule'; "
        "did you mean 'categories.trade-rules'?")


def test_repair_refuses_a_bad_spec_with_exit_2(tmp_path):
    (tmp_path / "spec.yaml").write_text("version: 1\nkind: seller-report\ncategory: trade-rule\n")
    result = autoreport("repair", "spec.yaml", "--site", "mock", "--cdp-endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 2, result.stderr
    assert "spec.yaml:3:11: category:" in result.stderr


def test_repair_needs_a_display_unless_it_drives_a_browser_elsewhere(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    result = autoreport("repair", TRADE_RULES, "--site", "mock")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: repair needs a display: neither DISPLAY nor WAYLAND_DISPLAY is set; run it in a desktop session or "
        "under xvfb-run -a, or give --cdp-endpoint")


def test_doctor_lists_the_patches_in_force(tmp_path):
    folder = tmp_path / "config" / "site-patches"
    folder.mkdir(parents=True)
    (folder / "mock.yaml").write_text("site: mock\nelements: {order-number: {label: Order ID}}\n")
    result = autoreport("doctor", env={"AUTOREPORT_CONFIG_DIR": str(tmp_path / "config")})
    assert f"site patches:       {folder} (1 patch)" in result.stdout
    assert "  mock.yaml:        mock: elements.order-number" in result.stdout


def test_validate_with_a_site_warns_of_a_category_it_no_longer_offers_and_exits_0():
    result = autoreport("validate", TRADE_RULES, str(EXAMPLES / "restricted-products.json"), "--site", "aliexpress")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [f"{TRADE_RULES}: ok", f"{EXAMPLES / 'restricted-products.json'}: ok"]
    assert result.stderr.splitlines() == [
        f"warning: {TRADE_RULES}: the aliexpress report centre (current edition) offers no Trade Rules category; "
        "AliExpress now handles this through returns and refunds"]
    quiet = autoreport("validate", TRADE_RULES)  # without a site, nothing is said of one
    assert (quiet.exit_code, quiet.stderr) == (0, "")
