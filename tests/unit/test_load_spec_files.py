"""A batch's specs are loaded together: two that describe one complaint are refused before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from autoreport.errors import InvalidInput
from autoreport.filing.batch import load_spec_files

LISTING = {
    "version": 1,
    "kind": "seller-report",
    "category": "restricted-products",
    "reason": "offensive-weapons",
    "product_url": "https://www.aliexpress.com/item/1005006000000002.html",
    "details": "The listing sells a prohibited weapon.",
}


def write(path: Path, **changes: str) -> Path:
    path.write_text(yaml.safe_dump({**LISTING, **changes}))
    return path


def test_one_product_reached_through_a_tracking_link_is_the_same_complaint(tmp_path):
    plain = write(tmp_path / "plain.yaml")
    tracked = write(tmp_path / "tracked.yaml", product_url=LISTING["product_url"] + "?spm=a2g0o.home.1&algo_pvid=9f")
    with pytest.raises(InvalidInput) as refused:
        load_spec_files([plain, tracked])
    assert str(refused.value) == (
        f"{tracked}: the same complaint as {plain} (same kind, category, reason and order or product); "
        "a batch files each complaint once, so keep one of them")


def test_what_the_form_gets_is_the_item_link_itself(tmp_path):
    [loaded] = load_spec_files([write(tmp_path / "tracked.yaml", product_url=LISTING["product_url"] + "?spm=x#top")])
    assert loaded.spec.product_url == LISTING["product_url"]
