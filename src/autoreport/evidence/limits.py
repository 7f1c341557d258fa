"""What a site, and the browser carrying the files to it, take as evidence."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class EvidenceLimits:
    max_image_bytes: int = 3 * MB
    # The live site publishes no video limit (guides only say to zip large videos); this bound keeps
    # uploads sane until one is seen. The mock's own limit is lower.
    max_video_bytes: int = 100 * MB
    # Downscaled photos are fitted inside this box before re-encoding.
    image_max_side: int = 2048


# Playwright refuses to send a browser on another machine a file over 50 MB.
REMOTE_FILE_LIMIT_BYTES = 50 * MB
