"""Reading a spec file's text: only a regular file, at most 1 MiB, UTF-8 (a BOM is dropped)."""

from __future__ import annotations

import codecs
import stat
from pathlib import Path

from autoreport.spec.problems import fail

MAX_SPEC_BYTES = 1024 * 1024


def read_text(path: Path) -> str:
    try:
        status = path.stat()
    except (FileNotFoundError, NotADirectoryError, ValueError):
        fail(path, "file not found")
    except OSError as error:
        fail(path, f"cannot read the file ({_reason(error)})")
    if stat.S_ISDIR(status.st_mode):
        fail(path, "a folder, not a spec file")
    if not stat.S_ISREG(status.st_mode):
        # Never open pipes or devices: reading them could block or never end.
        fail(path, "not a regular file")
    if status.st_size > MAX_SPEC_BYTES:
        fail(path, _too_large(status.st_size))
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_SPEC_BYTES + 1)
    except OSError as error:
        fail(path, f"cannot read the file ({_reason(error)})")
    if len(raw) > MAX_SPEC_BYTES:  # it grew since stat()
        fail(path, _too_large(len(raw)))
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        fail(
            path,
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); save it as UTF-8",
            line,
            column,
        )


def _too_large(size: int) -> str:
    return f"the file is too large ({size:,} bytes); a complaint spec is at most 1 MiB"


def _reason(error: OSError) -> str:
    return (error.strerror or type(error).__name__).lower()

