"""Evidence pre-flight against a site's limits: count, size, and photos downscaled to fit.

The spec already checked that each file exists and is a photo or video by its content; this
module applies what the site accepts, never touching the originals.
"""

from __future__ import annotations

from pathlib import Path

from autoreport.errors import InvalidInput
from autoreport.evidence_files import check_evidence_file
from autoreport.sites.profile import MB, EvidenceLimits


def _is_image(path: Path) -> bool:
    return check_evidence_file(path).kind == "image"


def _size_text(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check_evidence(spec_file, limits: EvidenceLimits, *, remote: bool = False) -> None:
    """Refuse what no downscaling can fix, before a browser starts."""
    from autoreport.browser import REMOTE_FILE_LIMIT_BYTES

    problems = []  # the file count was checked with the spec
    for path in getattr(spec_file.spec, "evidence", ()):
        size = path.stat().st_size
        if not _is_image(path) and size > limits.max_video_bytes:
            problems.append(f"{path.name} is {_size_text(size)}; the site takes videos up to "
                            f"{_size_text(limits.max_video_bytes)}: trim or compress it")
        elif remote and size > REMOTE_FILE_LIMIT_BYTES:
            problems.append(f"{path.name} is {_size_text(size)}; a remote browser takes files up to "
                            f"{_size_text(REMOTE_FILE_LIMIT_BYTES)}")
    if problems:
        raise InvalidInput("\n".join(f"{spec_file.path}: evidence: {problem}" for problem in problems))


def prepare_evidence(spec_file, limits: EvidenceLimits, run_folder: Path) -> list[Path]:
    """The files to upload: the originals, or downscaled copies in the run folder for photos
    over the site's size limit."""
    prepared = []
    for path in getattr(spec_file.spec, "evidence", ()):
        if _is_image(path) and path.stat().st_size > limits.max_image_bytes:
            prepared.append(downscale_photo(path, limits, run_folder / "evidence"))
        else:
            prepared.append(path)
    return prepared


def downscale_photo(original: Path, limits: EvidenceLimits, folder: Path) -> Path:
    """Fit the photo in the limits' box and re-encode as JPEG, stepping quality down until it fits."""
    from PIL import Image, ImageOps

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{original.stem}.jpg"
    with Image.open(original) as image:
        picture = ImageOps.exif_transpose(image).convert("RGB")
    side = limits.image_max_side
    while True:
        picture.thumbnail((side, side))
        for quality in (90, 80, 70, 60):
            picture.save(target, "JPEG", quality=quality, optimize=True)
            if target.stat().st_size <= limits.max_image_bytes:
                return target
        side //= 2
