"""Evidence files: can this path be uploaded to the site as a photo or a video?

Files are judged by their content, not their name: the site checks what it receives, and a PDF
renamed to .jpg would otherwise fail late, in the middle of a half-filled complaint form.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import filetype

# filetype recognises every format it knows from the first 8 KiB.
_SNIFF_BYTES = 8192

# filetype's extension for the content → (media kind, format name as users know it).
_ACCEPTED: dict[str, tuple[Literal["image", "video"], str]] = {
    "jpg": ("image", "JPEG"),
    "png": ("image", "PNG"),
    "apng": ("image", "PNG"),  # an animated PNG is still a PNG to the site
    "gif": ("image", "GIF"),
    "webp": ("image", "WebP"),
    "bmp": ("image", "BMP"),
    "mp4": ("video", "MP4"),
    "mov": ("video", "MOV"),
    "webm": ("video", "WebM"),
    "avi": ("video", "AVI"),
}

ACCEPTED_FORMATS = "images (JPEG, PNG, GIF, WebP, BMP) or videos (MP4, MOV, WebM, AVI)"


@dataclass(frozen=True)
class Media:
    """What an evidence file holds, as sniffed from its content."""

    kind: Literal["image", "video"]
    format: str  # "JPEG", "MP4", ...
    mime: str  # "image/jpeg", "video/mp4", ...


class EvidenceFileError(ValueError):
    """The file cannot be used as evidence; the message says why (the caller adds the path)."""


@dataclass(frozen=True)
class _Checked:
    """A file as its check saw it: enough to tell, cheaply, that it is no longer that file."""

    size: int
    mtime_ns: int
    media: Media


# Each checked file as its last check saw it, by absolute path: validation checks every file, and
# the upload must send what validation saw, not what came to be there since.
_checked: dict[str, _Checked] = {}


def check_evidence_file(path: Path) -> Media:
    """Return what the file holds, or raise EvidenceFileError saying why it cannot be uploaded.

    Symbolic links are followed: a link to a regular file is fine, a broken one is "not found".
    """
    media, status = _inspect(path)
    _checked[os.path.abspath(path)] = _Checked(status.st_size, status.st_mtime_ns, media)
    return media


def changed_since_checked(path: Path) -> str | None:
    """How the file differs from what its last check saw (gone, another size, modified, other
    content), or None when it looks the same. Its size, time and kind are compared, not its
    content: hashing a video of a hundred MB again would cost seconds."""
    before = _checked.get(os.path.abspath(path))
    try:
        media, status = _inspect(path)
    except EvidenceFileError as error:
        return str(error)
    if before is None:
        return None
    if status.st_size != before.size:
        return f"{before.size:,} bytes then, {status.st_size:,} now"
    if media != before.media:
        return f"{before.media.format} then, {media.format} now"
    if status.st_mtime_ns != before.mtime_ns:
        return "modified since"
    return None


def _inspect(path: Path) -> tuple[Media, os.stat_result]:
    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError, ValueError):  # ValueError: a NUL in the path
        raise EvidenceFileError("file not found") from None
    except OSError as error:
        raise EvidenceFileError(f"cannot read the file ({_reason(error)})") from None
    if stat.S_ISDIR(status.st_mode):
        raise EvidenceFileError("a folder, not a file")
    if not stat.S_ISREG(status.st_mode):
        # Never open these: reading a FIFO or a device could block or never end.
        raise EvidenceFileError(f"not a regular file ({special_file_kind(status.st_mode)})")
    if status.st_size == 0:
        raise EvidenceFileError("the file is empty")
    try:
        with path.open("rb") as file:
            head = file.read(_SNIFF_BYTES)
    except OSError as error:
        raise EvidenceFileError(f"cannot read the file ({_reason(error)})") from None
    return sniff_media(head), status


def sniff_media(head: bytes) -> Media:
    """Classify the first bytes of a file as an accepted image or video, or raise EvidenceFileError."""
    sniffed = filetype.guess(head) if head else None
    if sniffed is None:
        raise EvidenceFileError("not an image or video (content not recognised)")
    if sniffed.extension not in _ACCEPTED:
        raise EvidenceFileError(
            f"not an image or video (content looks like {sniffed.extension.upper()})"
        )
    kind, name = _ACCEPTED[sniffed.extension]
    return Media(kind=kind, format=name, mime=sniffed.mime)


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()


def special_file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"
