"""The ipr-complaint spec: every listing a well-formed AliExpress link named by its place, a listing
given twice filed once and said so, an empty list refused; the validate command's exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from autoreport.cli import cli
from autoreport.spec import IprComplaint, SpecInvalid, complaint_key, load_spec


def item(number: int) -> str:
    return f"https://www.aliexpress.com/item/{1005006000000000 + number}.html"


def write_spec(folder: Path, listings_part: str, **fields: str) -> Path:
    values = {"complaint_type": "product-listing", "reason": "counterfeit", "ipr": "30001234", **fields}
    path = folder / "ipr.yaml"
    path.write_text("version: 1\nkind: ipr-complaint\nplatform: aliexpress\n"
                    + "".join(f"{name}: {value}\n" for name, value in values.items())
                    + listings_part + "details: These listings sell copies of our trademarked earbuds.\n")
    return path


def inline(urls: list[str]) -> str:
    return "listings:\n" + "".join(f"  - {url}\n" for url in urls)


def problems(path: Path) -> list[str]:
    with pytest.raises(SpecInvalid) as invalid:
        load_spec(path)
    return invalid.value.lines()


def test_hundreds_of_listings_are_one_spec_in_the_order_given(tmp_path):
    urls = [item(n) for n in range(650)]
    spec = load_spec(write_spec(tmp_path, inline(urls)))
    assert isinstance(spec, IprComplaint)
    assert spec.listings_in_order == tuple(urls)
    assert spec.ipr == "30001234" and spec.duplicates == []


def test_a_registration_number_written_as_a_number_is_its_text(tmp_path):
    assert load_spec(write_spec(tmp_path, inline([item(1)]), ipr="30001234")).ipr == "30001234"


def test_a_listings_file_is_read_relative_to_the_spec_with_blank_and_comment_lines_left_out(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "found.txt").write_text(f"# found on 1 May\n{item(1)}\n\n  {item(2)}?spm=a2g0o \n")
    spec = load_spec(write_spec(tmp_path, "listings_file: lists/found.txt\n"))
    assert spec.listings_in_order == (item(1), item(2))


def test_a_bad_url_in_the_listings_file_is_named_by_its_line(tmp_path):
    urls = [item(n) for n in range(10)]
    urls[6] = "https://www.aliexpres.com/item/1.html"
    (tmp_path / "listings.txt").write_text("\n".join(urls) + "\n")
    path = write_spec(tmp_path, "listings_file: listings.txt\n")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "listings_file: listings.txt line 7: must be an AliExpress item link" in result.output
    assert "aliexpres.com/item/1.html" in result.output


def test_a_bad_inline_listing_is_named_by_its_index_and_every_one_is_reported(tmp_path):
    urls = [item(1), "not a link", "https://www.aliexpress.com/store/1100000001", item(2)]
    lines = problems(write_spec(tmp_path, inline(urls)))
    assert [line.split(": ")[1] for line in lines] == ["listings.1", "listings.2"]
    assert "must be an AliExpress item link" in lines[1]


def test_a_store_front_complaint_takes_store_links_only(tmp_path):
    store = "https://www.aliexpress.com/store/1100000001"
    spec = load_spec(write_spec(tmp_path, inline([store + "?spm=x"]), complaint_type="store-front"))
    assert spec.listings_in_order == (store,)
    lines = problems(write_spec(tmp_path, inline([item(1)]), complaint_type="store-front"))
    assert "must be an AliExpress store link" in lines[0]


def test_a_listing_given_twice_is_said_and_filed_once(tmp_path):
    path = write_spec(tmp_path, inline([item(1), item(2), item(1) + "?spm=a2g0o.detail"]))
    spec = load_spec(path)
    assert spec.listings_in_order == (item(1), item(2))
    assert spec.duplicates == [f"listings.2 is the same listing as listings.0 ({item(1)}); it is filed once"]
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0
    assert f"note: {path}: listings.2 is the same listing as listings.0" in result.output


@pytest.mark.parametrize("listings_part", ["listings: []\n", "listings_file: empty.txt\n"])
def test_an_empty_list_is_exit_2(tmp_path, listings_part):
    (tmp_path / "empty.txt").write_text("\n# nothing yet\n")
    path = write_spec(tmp_path, listings_part)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    assert "no listing: give at least one" in result.output


def test_listings_come_one_way_only(tmp_path):
    (tmp_path / "more.txt").write_text(item(3) + "\n")
    both = problems(write_spec(tmp_path, inline([item(1)]) + "listings_file: more.txt\n"))
    assert "either as `listings` or as `listings_file`, not both" in both[0]
    neither = problems(write_spec(tmp_path, ""))
    assert "either as `listings` or as `listings_file`, one of them" in neither[0]


def test_a_missing_listings_file_says_where_it_was_looked_for(tmp_path):
    lines = problems(write_spec(tmp_path, "listings_file: gone.txt\n"))
    assert f"file not found: gone.txt (looked for {tmp_path / 'gone.txt'})" in lines[0]


def test_the_reason_is_one_of_ipps(tmp_path):
    lines = problems(write_spec(tmp_path, inline([item(1)]), reason="payment-outside-platform"))
    assert "reason: must be 'counterfeit', 'trademark-in-listing', 'image-copyright' or 'patent-infringement'" \
        in lines[0]


def test_two_sets_of_listings_are_two_complaints_and_one_listing_is_its_own_target(tmp_path):
    one = load_spec(write_spec(tmp_path, inline([item(1)])))
    assert complaint_key(one) == ("ipr-complaint", "30001234/product-listing", "counterfeit", item(1))
    first = complaint_key(load_spec(write_spec(tmp_path, inline([item(1), item(2)]))))
    second = complaint_key(load_spec(write_spec(tmp_path, inline([item(1), item(3)]))))
    assert first != second and first[3].startswith(f"2 listings from {item(1)} #")
