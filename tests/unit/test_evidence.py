"""Evidence against the site's limits: photos over the size limit are checked before the run and
downscaled into copies whose names never clash; the originals are never touched."""

from __future__ import annotations

import io
import os
import struct
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image, ImageStat
from support import write_appeal_spec

from autoreport.errors import ExitStatus, InvalidInput
from autoreport.evidence.limits import EvidenceLimits
from autoreport.evidence.preflight import check_evidence, copy_name, prepare_evidence
from autoreport.spec import load_spec

# Small limits keep the photos small: a 400x400 photo of noise is about 470 kB as a PNG.
LIMITS = EvidenceLimits(max_image_bytes=100_000, image_max_side=256)



@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def spec_file(*evidence: str, name: str = "spec.yaml") -> SimpleNamespace:
    """A loaded spec and its path, as the filer hands them over."""
    path = write_appeal_spec(Path(name), *evidence)
    return SimpleNamespace(path=path, spec=load_spec(path))


def noise(colour: tuple[int, int, int], size: tuple[int, int] = (400, 400)) -> Image.Image:
    """Noise tinted with a colour: too busy to compress small, and told apart by its mean colour."""
    grain = Image.effect_noise(size, 40)
    return Image.merge("RGB", [grain.point(lambda value, c=c: (value + c) // 2) for c in colour])


def save(name: str, image: Image.Image, format: str | None = None, **options) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format, **options)
    return name


def put(name: str, content: bytes) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return name


def big_photo(name: str, colour: tuple[int, int, int] = (200, 40, 40)) -> str:
    name = save(name, noise(colour), "PNG" if name.endswith(".png") else None, **(
        {"lossless": True} if name.endswith(".webp") else {}))
    assert Path(name).stat().st_size > LIMITS.max_image_bytes
    return name


def small_jpeg(name: str) -> str:
    name = save(name, noise((40, 200, 40), (40, 40)), "JPEG")
    assert Path(name).stat().st_size <= LIMITS.max_image_bytes
    return name


def mean_colour(path: Path) -> tuple[int, ...]:
    with Image.open(path) as image:
        return tuple(round(value) for value in ImageStat.Stat(image.convert("RGB")).mean)


def is_near(colour: tuple[int, ...], expected: tuple[int, ...]) -> bool:
    return all(abs(a - b) < 20 for a, b in zip(colour, expected, strict=True))


def refusal(spec) -> str:
    with pytest.raises(InvalidInput) as caught:
        check_evidence(spec, LIMITS)
    assert caught.value.exit_status == ExitStatus.INVALID_INPUT
    return str(caught.value)


def png_header_only(width: int, height: int, padding: int) -> bytes:
    """A PNG that announces width x height pixels, then holds nothing worth decoding."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    head = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + head + chunk(b"IDAT", zlib.compress(b"\0" * padding, 0)) + chunk(b"IEND", b"")


# An ISO base media file header with the `isom` brand, as test_spec_evidence builds one.
MP4 = struct.pack(">I", 20) + b"ftypisom\0\0\0\0isom" + b"\0" * 200_000


# --- downscaled copies and their names ------------------------------------------------------------


def test_two_photos_with_one_name_in_two_folders_are_both_uploaded(tmp_path: Path) -> None:
    spec = spec_file(big_photo("a/photo.png", (200, 40, 40)), big_photo("b/photo.png", (40, 40, 200)))
    prepared = prepare_evidence(spec, LIMITS, tmp_path / "run")
    assert prepared == [tmp_path / "run" / "evidence" / "01-photo.jpg", tmp_path / "run" / "evidence" / "02-photo.jpg"]
    assert is_near(mean_colour(prepared[0]), mean_colour(Path("a/photo.png")))
    assert is_near(mean_colour(prepared[1]), mean_colour(Path("b/photo.png")))
    assert all(path.stat().st_size <= LIMITS.max_image_bytes for path in prepared)


def test_two_small_files_with_one_name_are_uploaded_under_two_names(tmp_path: Path) -> None:
    spec = spec_file(small_jpeg("a/parcel.jpg"), small_jpeg("b/parcel.jpg"), small_jpeg("c/PARCEL.jpg"))
    prepared = prepare_evidence(spec, LIMITS, tmp_path / "run")
    copies = tmp_path / "run" / "evidence"
    assert prepared == [spec.spec.evidence[0], copies / "02-parcel.jpg", copies / "03-PARCEL.jpg"]
    assert [path.read_bytes() for path in prepared] == [path.read_bytes() for path in spec.spec.evidence]


def test_two_photos_with_one_stem_in_two_formats_are_both_uploaded(tmp_path: Path) -> None:
    spec = spec_file(big_photo("box.png", (200, 40, 40)), big_photo("box.webp", (40, 40, 200)))
    prepared = prepare_evidence(spec, LIMITS, tmp_path / "run")
    assert [path.name for path in prepared] == ["01-box.jpg", "02-box.jpg"]
    assert is_near(mean_colour(prepared[0]), mean_colour(Path("box.png")))
    assert is_near(mean_colour(prepared[1]), mean_colour(Path("box.webp")))


def test_files_under_the_limit_are_uploaded_as_they_are_and_no_original_changes(tmp_path: Path) -> None:
    spec = spec_file(small_jpeg("small.jpg"), big_photo("huge.png"), put("clip.mp4", MP4))
    originals = {path: path.read_bytes() for path in spec.spec.evidence}
    prepared = prepare_evidence(spec, LIMITS, tmp_path / "run")
    assert prepared == [spec.spec.evidence[0], tmp_path / "run" / "evidence" / "02-huge.jpg", spec.spec.evidence[2]]
    assert {path: path.read_bytes() for path in spec.spec.evidence} == originals


def test_a_copy_never_takes_the_name_of_a_file_uploaded_as_it_is(tmp_path: Path) -> None:
    spec = spec_file(big_photo("photo.png"), small_jpeg("other/01-PHOTO.jpg"))
    prepared = prepare_evidence(spec, LIMITS, tmp_path / "run")
    assert [path.name for path in prepared] == ["01-photo-2.jpg", "01-PHOTO.jpg"]


def test_a_copy_of_a_photo_with_the_longest_name_still_fits_the_file_system(tmp_path: Path) -> None:
    longest = "x" * 251 + ".png"  # 255 bytes, as long as a name can be
    (prepared,) = prepare_evidence(spec_file(big_photo(longest)), LIMITS, tmp_path / "run")
    assert prepared.name == "01-" + "x" * 248 + ".jpg"
    assert prepared.is_file()


def test_a_shortened_name_keeps_whole_characters() -> None:
    name = copy_name(3, Path("é" * 125 + ".png"), set())  # 250 bytes in UTF-8
    assert name == "03-" + "é" * 124 + ".jpg"
    assert len(name.encode()) == 255
    assert copy_name(3, Path("é" * 125 + ".png"), {name}) == "03-" + "é" * 123 + "-2.jpg"


def test_a_copy_is_turned_upright_as_the_camera_recorded(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    photo = save("portrait.jpg", noise((200, 40, 40), (600, 300)), "JPEG", quality=100, exif=exif.tobytes())
    assert Path(photo).stat().st_size > LIMITS.max_image_bytes
    (prepared,) = prepare_evidence(spec_file(photo), LIMITS, tmp_path / "run")
    with Image.open(prepared) as copy:
        assert copy.size == (128, 256)


def test_a_photo_damaged_after_the_check_fails_its_complaint_without_a_traceback(tmp_path: Path) -> None:
    spec = spec_file(big_photo("huge.png"))
    check_evidence(spec, LIMITS)
    size = Path("huge.png").stat().st_size
    Path("huge.png").write_bytes(Path("huge.png").read_bytes()[:200_000])
    with pytest.raises(InvalidInput) as caught:
        prepare_evidence(spec, LIMITS, tmp_path / "run")
    assert str(caught.value) == (f"spec.yaml: evidence.0: huge.png changed since the spec was validated ({size:,} "
                                 "bytes then, 200,000 now); check the file and run again")


# --- the check before the run -----------------------------------------------------------------------


def test_readable_photos_over_the_limit_pass_the_check() -> None:
    check_evidence(spec_file(big_photo("huge.png"), big_photo("huge.webp"), small_jpeg("small.jpg")), LIMITS)


def test_a_truncated_photo_over_the_limit_is_refused_before_the_run() -> None:
    content = Path(big_photo("photos/huge.png")).read_bytes()
    put("photos/huge.png", content[: len(content) // 2])
    assert refusal(spec_file("photos/huge.png")) == (
        "spec.yaml: evidence.0: photos/huge.png cannot be read as an image (image file is truncated); "
        "it is over the site's 0.1 MB for photos, and only a readable photo can be made smaller")


def test_a_truncated_jpeg_over_the_limit_is_refused_before_the_run() -> None:
    buffer = io.BytesIO()
    noise((200, 40, 40)).save(buffer, "JPEG", quality=95)
    put("huge.jpg", buffer.getvalue()[:-2000])
    assert refusal(spec_file("huge.jpg")) == (
        "spec.yaml: evidence.0: huge.jpg cannot be read as an image (image file is truncated); "
        "it is over the site's 0.1 MB for photos, and only a readable photo can be made smaller")


def test_a_decompression_bomb_is_refused_before_the_run() -> None:
    put("bomb.png", png_header_only(20_000, 20_000, padding=200_000))
    assert refusal(spec_file("bomb.png")) == (
        "spec.yaml: evidence.0: bomb.png cannot be read as an image (more than 178,956,970 pixels, too many "
        "to decode safely); it is over the site's 0.1 MB for photos, and only a readable photo can "
        "be made smaller")


def test_a_file_that_only_starts_like_a_photo_is_refused_and_every_problem_is_listed(tmp_path: Path) -> None:
    put("specs/fake.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 200_000)  # the first bytes of a JPEG, then nothing
    bomb = put(str(tmp_path / "elsewhere" / "bomb.png"), png_header_only(20_000, 20_000, padding=200_000))
    small_jpeg("specs/small.jpg")
    spec = spec_file("small.jpg", "fake.jpg", bomb, name="specs/spec.yaml")
    assert refusal(spec).splitlines() == [
        "specs/spec.yaml: evidence.1: fake.jpg cannot be read as an image (its content is damaged or in a "
        "variant the tool cannot decode); it is over the site's 0.1 MB for photos, and only a readable "
        "photo can be made smaller",
        f"specs/spec.yaml: evidence.2: {bomb} cannot be read as an image (more than 178,956,970 pixels, too many "
        "to decode safely); it is over the site's 0.1 MB for photos, and only a readable photo can be "
        "made smaller",
    ]


def test_a_damaged_photo_under_the_limit_is_left_for_the_site_to_judge() -> None:
    # Decoding every photo would slow every start; the site refuses a damaged one with its own words.
    put("damaged.jpg", Path(small_jpeg("small.jpg")).read_bytes()[:600])
    check_evidence(spec_file("damaged.jpg"), LIMITS)


def test_a_copy_of_a_file_with_an_endless_extension_still_gets_a_name() -> None:
    original = Path("x." + "a" * 252)
    name = copy_name(2, original, set(), suffix=original.suffix)
    assert name == "02-x." + "a" * 15


# --- evidence changed between validation and upload --------------------------------------------


def small_png() -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 200, 10)).save(picture, "PNG")
    return picture.getvalue()


def prepared_or_refused(spec) -> str:
    with pytest.raises(InvalidInput) as refused:
        prepare_evidence(spec, LIMITS, Path("run"))
    assert refused.value.exit_status == ExitStatus.INVALID_INPUT
    return str(refused.value)


def test_evidence_deleted_after_validation_is_refused_before_upload():
    spec = spec_file(put("photos/box.png", small_png()), put("photos/parcel.png", small_png()))
    Path("photos/parcel.png").unlink()
    assert prepared_or_refused(spec) == ("spec.yaml: evidence.1: photos/parcel.png changed since the spec was "
                                         "validated (file not found); check the file and run again")
    with pytest.raises(InvalidInput, match=r"^spec\.yaml: evidence\.1: photos/parcel\.png changed since"):
        check_evidence(spec, LIMITS)
    assert not Path("run").exists()


def test_evidence_truncated_after_validation_is_refused_before_upload():
    spec = spec_file(put("box.png", small_png() + b"\0" * 100))
    with open("box.png", "r+b") as file:
        file.truncate(40)
    assert prepared_or_refused(spec) == ("spec.yaml: evidence.0: box.png changed since the spec was validated "
                                         f"({len(small_png()) + 100:,} bytes then, 40 now); "
                                         "check the file and run again")


def test_evidence_replaced_by_another_kind_of_file_is_refused_before_upload():
    png = small_png()
    spec = spec_file(put("box.png", png))
    gif = io.BytesIO()
    Image.new("RGB", (1, 1)).save(gif, "GIF")
    Path("box.png").write_bytes(gif.getvalue().ljust(len(png), b"\0"))  # of the same size
    assert prepared_or_refused(spec) == ("spec.yaml: evidence.0: box.png changed since the spec was validated "
                                         "(PNG then, GIF now); check the file and run again")


def test_evidence_rewritten_after_validation_is_refused_before_upload():
    spec = spec_file(put("box.png", small_png()))
    status = Path("box.png").stat()
    os.utime("box.png", ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert prepared_or_refused(spec) == ("spec.yaml: evidence.0: box.png changed since the spec was validated "
                                         "(modified since); check the file and run again")


def test_evidence_as_validated_is_prepared():
    spec = spec_file(put("box.png", small_png()))
    assert prepare_evidence(spec, LIMITS, Path("run")) == [Path.cwd() / "box.png"]
