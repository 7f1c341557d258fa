"""ARIA snapshot templates read in Python: the first node a page's snapshot lacks, found as Playwright
matches (`/children: contain`, in order, regular expressions between slashes), and a template made from
a snapshot."""

from __future__ import annotations

import pytest

from autoreport.aria_template import first_difference, parse, template_from_snapshot

FORM = """\
- banner:
  - link "Help"
- main:
  - heading "Submit a Report" [level=1]
  - paragraph: "Order number: 8000000000000001"
  - 'region "Trade Rules: details"':
    - text: Order number
    - textbox "Order number": "8000000000000001"
    - group "Is your order closed?":
      - radiogroup "Is your order closed?":
        - radio "Yes"
        - radio "No" [checked]
    - link "My Reports":
      - /url: /health/myReports.htm
    - button "Add a complaint"
- contentinfo: footer
"""

TEMPLATE = """\
- /children: contain
- main:
  - heading "Submit a Report" [level=1]
  - paragraph: '/Order number: \\d+/'
  - 'region "Trade Rules: details"':
    - textbox "Order number"
    - group "Is your order closed?":
      - radiogroup "Is your order closed?":
        - radio "Yes"
        - radio "No"
    - button "Add a complaint"
"""


def test_a_snapshot_that_holds_every_node_in_order_matches():
    assert first_difference(TEMPLATE, FORM) is None


def test_nodes_the_site_added_do_not_count():
    added = FORM.replace('    - button "Add a complaint"',
                         '    - checkbox "Remember me"\n    - button "Add a complaint"')
    assert first_difference(TEMPLATE, added) is None


@pytest.mark.parametrize(("changed", "differing"), [
    (('textbox "Order number"', 'textbox "Order ID"'), 'textbox "Order number"'),
    # Inside a group: the node named is the innermost one that differs, not the group around it.
    (('radio "Yes"', 'radio "Oui"'), 'radio "Yes"'),
    (('heading "Submit a Report" [level=1]', 'heading "Submit a Report" [level=2]'),
     'heading "Submit a Report" [level=1]'),
    # A regular expression is searched for: a text without digits no longer matches it.
    (('"Order number: 8000000000000001"', '"Order number: unknown"'), r'paragraph: /Order number: \d+/'),
    (('- button "Add a complaint"', '- button "Send"'), 'button "Add a complaint"'),
])
def test_the_first_node_the_snapshot_lacks_is_named_by_role_and_name(changed, differing):
    assert str(first_difference(TEMPLATE, FORM.replace(*changed))) == differing


def test_of_several_differences_the_first_in_reading_order_is_named():
    changed = FORM.replace('button "Add a complaint"', 'button "Send"').replace('radio "Yes"', 'radio "Oui"')
    assert str(first_difference(TEMPLATE, changed)) == 'radio "Yes"'


def test_order_counts_a_node_found_only_before_the_previous_one_differs():
    swapped = """\
- main:
  - button "Add a complaint"
  - textbox "Order number"
"""
    template = '- main:\n  - textbox "Order number"\n  - button "Add a complaint"\n'
    assert str(first_difference(template, swapped)) == 'button "Add a complaint"'


def test_a_missing_landmark_is_the_first_difference():
    assert str(first_difference(TEMPLATE, "- banner:\n  - link \"Help\"\n")) == "main"


def test_a_template_can_match_anywhere_in_the_snapshot():
    assert first_difference('- radiogroup "Is your order closed?":\n  - radio "No" [checked]\n', FORM) is None
    assert str(first_difference('- radiogroup "Is your order closed?":\n  - radio "Maybe"\n', FORM)) == 'radio "Maybe"'


def test_names_and_texts_between_slashes_are_regular_expressions():
    assert first_difference('- textbox /Order (number|ID)/\n', FORM) is None
    assert str(first_difference('- textbox /Parcel \\w+/\n', FORM)) == "textbox /Parcel \\w+/"


def test_a_page_text_between_slashes_is_text_not_a_regular_expression():
    page = '- main:\n  - paragraph: "/a.c/"\n'
    assert first_difference('- paragraph: "/a.c/"\n', page) is None
    assert str(first_difference('- paragraph: "abc"\n', page)) == 'paragraph: "abc"'


def test_only_contain_mode_is_supported():
    with pytest.raises(ValueError, match="only /children: contain"):
        parse("- list:\n  - /children: equal\n  - listitem\n")


def test_a_template_made_from_a_snapshot_leaves_out_labels_values_and_links_and_matches_it():
    template = template_from_snapshot(FORM, "main")

    assert template.startswith("- /children: contain\n- main:\n")
    assert "banner" not in template and "contentinfo" not in template
    assert "text: Order number" not in template  # the label: the field is named by it already
    assert '8000000000000001"' not in template and "/url" not in template
    assert r"'/Order number: \d+/'" in template
    assert first_difference(template, FORM) is None
    assert first_difference(template, FORM.replace("8000000000000001", "8000000000000099")) is None
    assert str(first_difference(template, FORM.replace('"Order number"', '"Order ID"'))) == 'textbox "Order number"'
