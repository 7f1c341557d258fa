"""Evidence files: judged by content, checked for existence and kind, at most five."""

from __future__ import annotations

import io
import json
import os
import struct
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from support import APPEAL_SPEC_HEAD, write_appeal_spec

from autoreport.evidence.files import EvidenceFileError, Media, check_evidence_file, sniff_media
from autoreport.spec import DisputeAppeal, SpecInvalid, load_spec

EXAMPLE_EVIDENCE = Path(__file__).parents[2] / "examples" / "evidence"



def image_bytes(format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(buffer, format=format)
    return buffer.getvalue()


def iso_media(brand: bytes) -> bytes:
    """An ISO base media file header (MP4, MOV, HEIC): an `ftyp` box with one compatible brand."""
    return struct.pack(">I", 20) + b"ftyp" + brand + b"\0\0\0\0" + brand + b"\0" * 64


WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\0" * 32
MKV = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska" + b"\0" * 32
AVI = b"RIFF\x24\0\0\0AVI LIST" + b"\0" * 32
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def spec_with(*evidence: str) -> Path:
    return write_appeal_spec(Path("spec.yaml"), *evidence)


def error_lines(path: Path) -> list[str]:
    with pytest.raises(SpecInvalid) as caught:
        load_spec(path)
    return caught.value.lines()


def put(name: str, content: bytes) -> str:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return name


def photo(name: str = "photos/parcel.jpg") -> str:
    return put(name, (EXAMPLE_EVIDENCE / "parcel.jpg").read_bytes())


# --- in a spec --------------------------------------------------------------------------------


def test_evidence_files_are_accepted_and_made_absolute() -> None:
    spec = load_spec(spec_with(photo(), put("clip.mp4", (EXAMPLE_EVIDENCE / "unboxing.mp4").read_bytes())))
    assert isinstance(spec, DisputeAppeal)
    assert spec.evidence == (Path.cwd() / "photos/parcel.jpg", Path.cwd() / "clip.mp4")


def test_missing_evidence() -> None:
    assert error_lines(spec_with("photos/box.jpg")) == [
        f"spec.yaml:7:5: evidence.0: file not found: photos/box.jpg (looked for {Path.cwd()}/photos/box.jpg)"
    ]


def test_missing_evidence_is_looked_for_next_to_the_spec_not_in_the_current_folder() -> None:
    Path("specs").mkdir()
    spec = Path("specs/spec.yaml")
    spec.write_text(APPEAL_SPEC_HEAD + "  - ../photos/./box.jpg\n")
    assert error_lines(spec) == [
        f"specs/spec.yaml:7:5: evidence.0: file not found: ../photos/./box.jpg (looked for {Path.cwd()}/photos/box.jpg)"
    ]


def test_evidence_that_is_a_folder() -> None:
    Path("photos").mkdir()
    assert error_lines(spec_with(photo("a.jpg"), "photos")) == [
        "spec.yaml:8:5: evidence.1: a folder, not a file: photos"
    ]


def test_a_text_file_named_jpg() -> None:
    put("notes.jpg", b"The seller wrote to me on Monday.\n")
    assert error_lines(spec_with("notes.jpg")) == [
        "spec.yaml:7:5: evidence.0: not an image or video (content not recognised): notes.jpg"
    ]


def test_a_pdf_named_jpg() -> None:
    put("docs/a.jpg", PDF)
    assert error_lines(spec_with("docs/a.jpg")) == [
        "spec.yaml:7:5: evidence.0: not an image or video (content looks like PDF): docs/a.jpg"
    ]


def test_an_empty_file() -> None:
    put("empty.png", b"")
    assert error_lines(spec_with("empty.png")) == ["spec.yaml:7:5: evidence.0: the file is empty: empty.png"]


def test_a_named_pipe_is_never_opened() -> None:
    os.mkfifo("pipe.jpg")
    assert error_lines(spec_with("pipe.jpg")) == [
        "spec.yaml:7:5: evidence.0: not a regular file (a named pipe): pipe.jpg"
    ]


def test_a_device() -> None:
    assert error_lines(spec_with("/dev/null")) == [
        "spec.yaml:7:5: evidence.0: not a regular file (a device): /dev/null"
    ]


def test_a_symlink_to_a_photo_is_fine() -> None:
    os.symlink(Path(photo()).absolute(), "link.jpg")
    spec = load_spec(spec_with("link.jpg"))
    assert isinstance(spec, DisputeAppeal)
    assert spec.evidence == (Path.cwd() / "link.jpg",)  # the name the site will show


def test_a_broken_symlink_is_not_found() -> None:
    os.symlink("gone.jpg", "link.jpg")
    assert error_lines(spec_with("link.jpg")) == [
        f"spec.yaml:7:5: evidence.0: file not found: link.jpg (looked for {Path.cwd()}/link.jpg)"]


def test_an_unreadable_file(monkeypatch: pytest.MonkeyPatch) -> None:
    photo("locked.jpg")

    def refuse(*args: object, **kwargs: object) -> None:  # chmod 0 does not stop root
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(EvidenceFileError, match=r"^cannot read the file \(permission denied\)$"):
        check_evidence_file(Path("locked.jpg"))


def test_five_files_are_fine() -> None:
    files = [photo(f"p{index}.jpg") for index in range(5)]
    spec = load_spec(spec_with(*files))
    assert isinstance(spec, DisputeAppeal)
    assert len(spec.evidence) == 5


def test_more_than_five_files() -> None:
    files = [photo(f"p{index}.jpg") for index in range(6)]
    assert error_lines(spec_with(*files)) == ["spec.yaml:7:3: evidence: at most 5 files, got 6"]


def test_every_evidence_problem_is_listed_with_the_count() -> None:
    files = [photo(f"p{index}.jpg") for index in range(4)]
    assert error_lines(spec_with(*files, "missing.jpg", "also-missing.png")) == [
        "spec.yaml:7:3: evidence: at most 5 files, got 6",
        f"spec.yaml:11:5: evidence.4: file not found: missing.jpg (looked for {Path.cwd()}/missing.jpg)",
        f"spec.yaml:12:5: evidence.5: file not found: also-missing.png (looked for {Path.cwd()}/also-missing.png)",
    ]


def test_the_same_file_twice() -> None:
    assert error_lines(spec_with(photo(), "./photos/../photos/parcel.jpg")) == [
        "spec.yaml:8:5: evidence.1: the same file as evidence.0: ./photos/../photos/parcel.jpg"
    ]


def test_evidence_must_be_a_list() -> None:
    path = Path("spec.yaml")
    path.write_text(APPEAL_SPEC_HEAD.replace("evidence:\n", "evidence: photos/parcel.jpg\n"))
    assert error_lines(path) == [
        "spec.yaml:6:11: evidence: must be a list of file paths, got 'photos/parcel.jpg'"
    ]


def test_a_nul_character_in_a_path_is_not_found() -> None:
    path = Path("spec.json")
    path.write_text(json.dumps({**yaml.safe_load(APPEAL_SPEC_HEAD), "evidence": ["a\u0000b.jpg"]}))
    assert error_lines(path) == [
        f"spec.json:1:163: evidence.0: file not found: a\\x00b.jpg (looked for {Path.cwd()}/a\\x00b.jpg)"]


def test_evidence_entries_must_be_paths() -> None:
    path = Path("spec.yaml")
    path.write_text(APPEAL_SPEC_HEAD + "  - {file: a.jpg}\n  - ''\n")
    assert error_lines(path) == [
        "spec.yaml:7:5: evidence.0: must be a file path, got a mapping",
        "spec.yaml:8:5: evidence.1: must be a file path, got ''",
    ]


def test_no_evidence_is_fine() -> None:
    path = Path("spec.yaml")
    path.write_text(APPEAL_SPEC_HEAD.replace("evidence:\n", ""))
    spec = load_spec(path)
    assert isinstance(spec, DisputeAppeal)
    assert spec.evidence == ()


# --- sniffing ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "media"),
    [
        (image_bytes("JPEG"), Media("image", "JPEG", "image/jpeg")),
        (image_bytes("PNG"), Media("image", "PNG", "image/png")),
        (image_bytes("GIF"), Media("image", "GIF", "image/gif")),
        (image_bytes("WEBP"), Media("image", "WebP", "image/webp")),
        (image_bytes("BMP"), Media("image", "BMP", "image/bmp")),
        (iso_media(b"isom"), Media("video", "MP4", "video/mp4")),
        (iso_media(b"qt  "), Media("video", "MOV", "video/quicktime")),
        (WEBM, Media("video", "WebM", "video/webm")),
        (AVI, Media("video", "AVI", "video/x-msvideo")),
    ],
)
def test_accepted_formats_are_recognised_by_content(content: bytes, media: Media) -> None:
    assert sniff_media(content) == media
    put("evidence.bin", content)  # the name says nothing
    assert check_evidence_file(Path("evidence.bin")) == media


@pytest.mark.parametrize(
    ("content", "looks_like"),
    [
        (PDF, "PDF"),
        (iso_media(b"heic"), "HEIC"),
        (MKV, "MKV"),
        (b"PK\x03\x04" + b"\0" * 40, "ZIP"),
        (image_bytes("TIFF"), "TIF"),
    ],
)
def test_other_formats_are_named(content: bytes, looks_like: str) -> None:
    with pytest.raises(EvidenceFileError) as caught:
        sniff_media(content)
    assert str(caught.value) == f"not an image or video (content looks like {looks_like})"


def test_example_evidence_is_real_media() -> None:
    kinds = {path.name: check_evidence_file(path).format for path in EXAMPLE_EVIDENCE.iterdir()}
    assert kinds == {"parcel.jpg": "JPEG", "chat-screenshot.png": "PNG", "unboxing.mp4": "MP4"}


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=512))
def test_sniffing_any_bytes_either_recognises_or_explains(content: bytes) -> None:
    try:
        media = sniff_media(content)
    except EvidenceFileError as error:
        assert str(error).startswith("not an image or video (")
    else:
        assert media.kind in ("image", "video")
