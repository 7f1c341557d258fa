"""Evidence pre-flight against a site's limits: count, size, and photos downscaled to fit.

The spec already checked that each file exists and is a photo or video by its content; this
module applies what the site accepts, never touching the originals.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from autoreport.errors import InvalidInput
from autoreport.evidence.files import changed_since_checked, check_evidence_file
from autoreport.evidence.limits import MB, REMOTE_FILE_LIMIT_BYTES, EvidenceLimits

# The longest file name most file systems take, in bytes.
_NAME_MAX_BYTES = 255


def _is_image(path: Path) -> bool:
    return check_evidence_file(path).kind == "image"


def _needs_downscaling(path: Path, limits: EvidenceLimits) -> bool:
    return _is_image(path) and path.stat().st_size > limits.max_image_bytes


def _size_text(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check_evidence(spec_file, limits: EvidenceLimits, *, remote: bool = False) -> None:
    """Refuse what no downscaling can fix, before a browser starts."""
    problems = []  # the file count was checked with the spec
    for index, path in enumerate(getattr(spec_file.spec, "evidence", ())):
        if changed := changed_since_validation(spec_file, index, path):
            problems.append(changed)
            continue
        size = path.stat().st_size
        if not _is_image(path) and size > limits.max_video_bytes:
            problems.append(f"evidence: {path.name} is {_size_text(size)}; the site takes videos up to "
                            f"{_size_text(limits.max_video_bytes)}: trim or compress it")
        elif remote and size > REMOTE_FILE_LIMIT_BYTES:
            problems.append(f"evidence: {path.name} is {_size_text(size)}; a remote browser takes files up to "
                            f"{_size_text(REMOTE_FILE_LIMIT_BYTES)}")
        # Only a photo that will be downscaled is decoded here: the site judges the others itself.
        if _needs_downscaling(path, limits) and (reason := unreadable_photo(path)):
            problems.append(f"evidence.{index}: {_shown(path, spec_file.path)} cannot be read as an image "
                            f"({reason}); it is over the site's {_size_text(limits.max_image_bytes)} for "
                            "photos, and only a readable photo can be made smaller")
    if problems:
        raise InvalidInput("\n".join(f"{spec_file.path}: {problem}" for problem in problems))


def changed_since_validation(spec_file, index: int, path: Path) -> str | None:
    """The problem of an evidence file that is not what validation saw (gone, truncated, replaced),
    or None when it is the same."""
    change = changed_since_checked(path)
    if change is None:
        return None
    return (f"evidence.{index}: {_shown(path, spec_file.path)} changed since the spec was validated ({change}); "
            "check the file and run again")


def unreadable_photo(path: Path) -> str | None:
    """Why the photo cannot be decoded for downscaling, or None when it can. Cheap for a JPEG, which
    is decoded at an eighth of its size: that still reads all of its data, to the last byte."""
    try:
        _load_photo(path, draft_box=(1, 1))
    except _decode_errors() as error:
        return _decode_failure(error)
    return None


def _decode_errors() -> tuple[type[Exception], ...]:
    """What Pillow raises for a photo it cannot decode: truncated or broken data (OSError, and its
    UnidentifiedImageError), a decompression bomb, broken chunks or headers (the others)."""
    import struct

    from PIL import Image

    return Image.DecompressionBombError, OSError, SyntaxError, ValueError, EOFError, struct.error


def _decode_failure(error: Exception) -> str:
    from PIL import Image, UnidentifiedImageError

    if isinstance(error, Image.DecompressionBombError):
        return f"more than {2 * (Image.MAX_IMAGE_PIXELS or 0):,} pixels, too many to decode safely"
    if isinstance(error, UnidentifiedImageError):  # its own message shows the full path again
        return "its content is damaged or in a variant the tool cannot decode"
    if isinstance(error, OSError) and error.strerror:  # the file itself could not be read
        return error.strerror.lower()
    # "image file is truncated (85 bytes not processed)": the count means nothing to a user.
    return re.sub(r" \(\d+ bytes not processed\)$", "", str(error).rstrip(".")) or type(error).__name__


def _load_photo(path: Path, draft_box: tuple[int, int] | None = None):
    """The photo decoded in RGB and turned upright; a JPEG at a reduced scale when given a box to fit.
    A damaged EXIF block does not stop it: without a readable orientation the photo stays as stored."""
    from PIL import ExifTags, Image

    upright = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
               4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
               6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}
    with Image.open(path) as image:
        if draft_box:
            image.draft("RGB", draft_box)
        picture = image.convert("RGB")  # decodes all of it
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    turn = upright.get(orientation) if isinstance(orientation, int) else None
    return picture.transpose(turn) if turn is not None else picture


def _shown(path: Path, spec_path: Path) -> str:
    """The evidence path as the spec most likely wrote it: relative to the spec's folder."""
    from autoreport.spec import printable

    try:
        shown = path.relative_to(spec_path.parent.absolute())
    except ValueError:
        shown = path
    return printable(str(shown))


def prepare_evidence(spec_file, limits: EvidenceLimits, run_folder: Path) -> list[Path]:
    """The files to upload, each under a name no other one has (the site lists evidence by name, and
    the upload step finds each file's entry by it): the originals; downscaled copies in the run
    folder for photos over the site's size limit; a plain copy for a file whose name an earlier one
    has. A copy is named after the file's position in the spec (`02-box.jpg`)."""
    evidence = list(getattr(spec_file.spec, "evidence", ()))
    # Refused before anything is sent: a file changed since validation would not be what was checked.
    changed = [problem for index, path in enumerate(evidence)
               if (problem := changed_since_validation(spec_file, index, path))]
    if changed:
        raise InvalidInput("\n".join(f"{spec_file.path}: {problem}" for problem in changed))
    smaller = [_needs_downscaling(path, limits) for path in evidence]
    as_they_are = {path.name.casefold() for path, downscaled in zip(evidence, smaller, strict=True)
                   if not downscaled}
    prepared: list[Path] = []
    for position, (path, downscaled) in enumerate(zip(evidence, smaller, strict=True), start=1):
        if downscaled:
            upload = downscale_photo(path, limits, run_folder / "evidence" / copy_name(position, path, as_they_are))
        elif path.name.casefold() in {earlier.name.casefold() for earlier in prepared}:
            upload = run_folder / "evidence" / copy_name(position, path, as_they_are, suffix=path.suffix)
            upload.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, upload)
        else:
            upload = path
        prepared.append(upload)
    return prepared


def copy_name(position: int, original: Path, taken: set[str], suffix: str = ".jpg") -> str:
    """`01-photo.jpg` for the first file, photo.png; `01-photo-2.jpg` when a file uploaded as it is
    has that name already (`taken`, casefolded: the site and some file systems ignore case)."""
    suffix = suffix[:16]  # files are known by content, so an extension may be any length; a copy's is not
    attempt = 1
    while True:  # ends: each taken name blocks one attempt at most
        prefix, ending = f"{position:02d}-", (suffix if attempt == 1 else f"-{attempt}{suffix}")
        stem = original.stem
        while len(os.fsencode(prefix + stem + ending)) > _NAME_MAX_BYTES:
            stem = stem[:-1]
        name = prefix + stem + ending
        if name.casefold() not in taken:
            return name
        attempt += 1


def downscale_photo(original: Path, limits: EvidenceLimits, target: Path) -> Path:
    """Fit the photo in the limits' box and re-encode it as JPEG into `target`, stepping quality
    down until it fits."""
    try:
        picture = _load_photo(original)
    except _decode_errors() as error:  # check_evidence refused it, unless it changed since
        raise InvalidInput(f"{original.name} cannot be read as an image ({_decode_failure(error)})") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    side = limits.image_max_side
    while True:
        picture.thumbnail((side, side))
        for quality in (90, 80, 70, 60):
            picture.save(target, "JPEG", quality=quality, optimize=True)
            if target.stat().st_size <= limits.max_image_bytes:
                return target
        side //= 2
