"""Site patches: a person's corrections to the package's site knowledge, checked as specs are (every
problem with its file, line and field), applied on top of the package, the later patch winning."""

from __future__ import annotations

from pathlib import Path

import pytest

from autoreport.errors import ExitStatus
from autoreport.sites.elements import PageElements, SiteChanged
from autoreport.sites.knowledge import site_knowledge
from autoreport.sites.patches import SitePatchInvalid, describe_patches, patches_in_force, read_patch

BAD_PATCH = """\
site: mock
elements:
  order-numbr: {label: "Order ID"}
  details: {lable: "Tell us"}
  brand-name: {}
  product-link: {label: "A", role: textbox}
  contact-email: {label: E-mail, within: nowhere}
  submit: {role: pushbutton, name: Send}
labels:
  categories.trade-rule: "Trade Rule Violations"
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def test_a_bad_patch_lists_every_problem_with_its_line_and_exit_2(tmp_path):
    with pytest.raises(SitePatchInvalid) as refused:
        read_patch(write(tmp_path, "bad.yaml", BAD_PATCH))
    path = tmp_path / "bad.yaml"
    assert refused.value.exit_status is ExitStatus.INVALID_INPUT
    assert refused.value.lines() == [
        f"{path}:3:3: elements.order-numbr: unknown element id 'order-numbr'; did you mean 'order-number'?",
        f"{path}:4:13: elements.details.lable: unknown key; the keys here are role, name, label, text, css, exact, "
        "within",
        f"{path}:5:15: elements.brand-name: says no way to find the element: give role (with name), label, text or css",
        f"{path}:6:17: elements.product-link: gives 2 ways to find the element (role, label); give one",
        f"{path}:7:42: elements.contact-email.within: unknown element id 'nowhere' (the README lists every element id)",
        f"{path}:8:18: elements.submit.role: 'pushbutton' is not an ARIA role (such as textbox, button, radio, "
        "combobox)",
        f"{path}:10:3: labels.categories.trade-rule: unknown label 'categories.trade-rule'; did you mean "
        "'categories.trade-rules'?",
    ]


@pytest.mark.parametrize("text, line", [
    ("elements: {}\n", "missing: the site the patch applies to (aliexpress or mock)"),
    ("site: ebay\n", "site: Input should be 'aliexpress' or 'mock'"),
    ("site: mock\nelement: {}\n", "element: unknown key; the keys here are site, elements, labels"),
    ("- site: mock\n", "a site patch is a mapping: site, elements, labels"),
    ("site: mock\nelements: {order-number: {role: textbox, name: \"/(/\"}}\n", "is not a regular expression"),
])
def test_other_bad_patches_say_what_is_wrong(tmp_path, text, line):
    with pytest.raises(SitePatchInvalid) as refused:
        read_patch(write(tmp_path, "p.yaml", text))
    assert line in str(refused.value)


def test_a_patch_replaces_the_way_an_element_is_found_and_keeps_its_container(tmp_path):
    patch = read_patch(write(tmp_path, "p.yaml", "site: mock\nelements:\n  order-number: {label: Order ID}\n"
                                                 "  contact-email: {label: E-mail}\n"
                                                 "  details: {role: textbox, name: Tell us more, exact: false}\n"
                                                 "labels:\n  categories.trade-rules: Trade Rule Violations\n"))
    knowledge = site_knowledge("mock", (patch,), "article")
    assert knowledge.described("order-number") == 'get_by_label("Order ID", exact=True)'
    assert knowledge.described("contact-email") == (
        'get_by_role("group", name="Contact information").get_by_label("E-mail", exact=True)')
    assert knowledge.described("details") == 'get_by_role("textbox", name="Tell us more")'
    assert knowledge.label("categories.trade-rules") == "Trade Rule Violations"
    assert knowledge.patch_entries({"elements.order-number", "elements.submit", "labels.categories.trade-rules"}) == [
        {"entry": "elements.order-number", "file": str(patch.path)},
        {"entry": "labels.categories.trade-rules", "file": str(patch.path)}]
    # The package's knowledge is untouched for the other site, and for a run without the patch.
    assert site_knowledge("mock", edition="article").described("order-number") == (
        'get_by_label("Order number", exact=True)')


def test_the_config_folders_patches_apply_in_name_order_and_the_given_one_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOREPORT_CONFIG_DIR", str(tmp_path / "config"))
    folder = tmp_path / "config" / "site-patches"
    folder.mkdir(parents=True)
    write(folder, "1-first.yaml", "site: mock\nelements: {order-number: {label: First}}\n")
    write(folder, "2-second.yml", "site: mock\nelements: {order-number: {label: Second}, brand-name: {label: Make}}\n")
    write(folder, "live.yaml", "site: aliexpress\nelements: {order-number: {label: Live}}\n")
    write(folder, "notes.txt", "not a patch")
    given = write(tmp_path, "mine.yaml", "site: mock\nelements: {brand-name: {label: Brand}}\n")

    knowledge = site_knowledge("mock", patches_in_force("mock", given), "article")
    assert knowledge.described("order-number") == 'get_by_label("Second", exact=True)'
    assert knowledge.described("brand-name") == 'get_by_label("Brand", exact=True)'
    assert site_knowledge("aliexpress", patches_in_force("aliexpress"), "article").described("order-number") == (
        'get_by_label("Live", exact=True)')
    assert describe_patches() == [
        ("site patches", f"{folder} (3 patches)"),
        ("  1-first.yaml", "mock: elements.order-number"),
        ("  2-second.yml", "mock: elements.order-number, elements.brand-name"),
        ("  live.yaml", "aliexpress: elements.order-number"),
    ]


def test_a_patch_for_another_site_or_a_broken_one_in_the_folder_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("AUTOREPORT_CONFIG_DIR", str(tmp_path / "config"))
    live = write(tmp_path, "live.yaml", "site: aliexpress\nlabels: {answers.yes: Oui}\n")
    with pytest.raises(SitePatchInvalid, match="this patch is for aliexpress, and the command is on mock"):
        patches_in_force("mock", live)
    folder = tmp_path / "config" / "site-patches"
    folder.mkdir(parents=True)
    write(folder, "broken.yaml", "site: mock\nelements: {nothing-here: {label: X}}\n")
    with pytest.raises(SitePatchInvalid, match="broken.yaml:2:12: elements.nothing-here: unknown element id"):
        patches_in_force("mock")
    assert describe_patches()[1][1].startswith("BROKEN, every run stops on it: ")


def test_an_element_that_never_shows_is_a_site_change_naming_it_and_its_locator(page):
    page.set_content("<form><label>Order ID <input></label></form>")
    elements = PageElements(page, site_knowledge("mock", edition="article"), timeout_s=0.3)
    with pytest.raises(SiteChanged) as changed:
        elements.need("order-number")
    assert str(changed.value) == ('the page shows no element order-number (get_by_label("Order number", exact=True)); '
                                  "the site may have changed: run autoreport repair")
    assert changed.value.what == "the order number field"
