"""`autoreport run` with photos over the site's size limit: each is uploaded as its own downscaled
copy, and one that cannot be decoded is refused before anything starts. Files of one name reach
the site under two."""

from __future__ import annotations

from pathlib import Path

import yaml
from support import EXAMPLES, sha256_of


def trade_rules_with(evidence: list[str]) -> dict:
    return {**yaml.safe_load((EXAMPLES / "trade-rules.yaml").read_text()), "evidence": evidence}


def oversize_photo(path: Path, seed_colour: int) -> None:
    """Noise, too busy to compress under 3 MB as a PNG; the colour tells two of them apart."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    grain = Image.effect_noise((1400, 1400), 120)
    Image.merge("RGB", [grain, grain.point(lambda value: (value + seed_colour) // 2), grain]).save(path)
    assert path.stat().st_size > 3 * 1024 * 1024


def test_two_oversize_photos_with_one_name_are_both_uploaded(run_on_mock, mock_site, write_spec, tmp_path):
    folder = tmp_path / "specs" / "evidence"
    oversize_photo(folder / "a" / "photo.png", 0)
    oversize_photo(folder / "b" / "photo.png", 255)
    spec = write_spec("two-photos.yaml", trade_rules_with(["evidence/a/photo.png", "evidence/b/photo.png"]))
    run = run_on_mock(str(spec))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    copies = Path(run.only_result["output"]) / "evidence"
    assert received["evidence"] == [
        {"name": name, "size": (copies / name).stat().st_size, "sha256": sha256_of(copies / name)}
        for name in ("01-photo.jpg", "02-photo.jpg")]
    assert received["evidence"][0]["sha256"] != received["evidence"][1]["sha256"]
    # The receipt says what went up, and what each photo was before; the run said so too.
    import json

    receipt = json.loads((Path(run.only_result["output"]) / "receipt.json").read_text())
    original = (folder / "a" / "photo.png").stat().st_size
    assert receipt["evidence"][0] == {
        "name": "01-photo.jpg", "file": str(folder / "a" / "photo.png"), "size": received["evidence"][0]["size"],
        "sha256": received["evidence"][0]["sha256"],
        "downscaled_from": {"size": original, "pixels": "1400x1400", "to_pixels": "1400x1400"}}
    assert (f"two-photos.yaml: 01-photo.jpg: downscaled from {original / 2**20:.1f} MB 1400x1400 to "
            f"{received['evidence'][0]['size'] / 2**20:.1f} MB 1400x1400") in run.stderr


def test_two_small_photos_with_one_name_are_both_uploaded_each_under_its_own(run_on_mock, mock_site, write_spec,
                                                                            tmp_path):
    folder = tmp_path / "specs" / "evidence"
    for part in ("a", "b"):
        (folder / part).mkdir()
    from PIL import Image

    (folder / "a" / "parcel.jpg").write_bytes((EXAMPLES / "evidence" / "parcel.jpg").read_bytes())
    Image.new("RGB", (64, 48), (30, 90, 200)).save(folder / "b" / "parcel.jpg")  # another photo, same name
    spec = write_spec("two-parcels.yaml", trade_rules_with(["evidence/a/parcel.jpg", "evidence/b/parcel.jpg"]))
    run = run_on_mock(str(spec))
    assert run.exit_code == 0, run.stderr
    (received,) = mock_site.submissions()
    assert [(file["name"], file["sha256"]) for file in received["evidence"]] == [
        ("parcel.jpg", sha256_of(folder / "a" / "parcel.jpg")),
        ("02-parcel.jpg", sha256_of(folder / "b" / "parcel.jpg"))]


def test_an_oversize_photo_that_cannot_be_decoded_is_refused_before_anything_starts(cli, write_spec, tmp_path):
    photo = tmp_path / "specs" / "evidence" / "huge.png"
    oversize_photo(photo, 0)
    photo.write_bytes(photo.read_bytes()[:-1000])  # cut short, as by an interrupted copy
    spec = write_spec("huge.yaml", trade_rules_with(["evidence/parcel.jpg", "evidence/huge.png"]))
    # Nothing listens at the base URL: a run that got as far as the site would fail otherwise.
    run = cli("run", str(spec), "--site", "mock", "--base-url", "http://127.0.0.1:9", "--json",
              "--output", str(tmp_path / "runs"))
    assert run.exit_code == 2, run.stderr
    assert run.stderr == (f"error: {spec}: evidence.1: evidence/huge.png cannot be read as an image (image file is "
                          "truncated); it is over the site's 3.0 MB for photos, and only a readable photo can be "
                          "made smaller\n")
    assert run.stdout == ""
    assert not (tmp_path / "runs").exists()
