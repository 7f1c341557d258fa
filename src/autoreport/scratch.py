"""The tool's temporary files: one private folder per running command, under a root the tool owns.

Playwright's driver and the browser put their profiles, downloads and raw traces in the temporary
folder; a run that is killed leaves them there. Pointing TMPDIR at a folder of the tool's own
(`autoreport-<uid>` in the system's temporary folder, mode 700, checked to be the user's own) keeps
them together and out of other users' reach, and lets the next command clear what dead commands
left: each folder holds a lock its command keeps for as long as it lives, so a folder whose lock can
be taken belongs to nobody. The path stays short on purpose: Chromium puts a socket in it, and a
socket's path may not pass 107 bytes.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path

from autoreport.errors import AutoreportError

LOCK_NAME = ".in-use"
# A folder made a moment ago may not hold its lock yet: it is left for a later command to judge.
YOUNG_S = 60.0

_claimed: tuple[Path, int] | None = None


def scratch_root() -> Path:
    """The root, made if needed; refused if someone else made it or it is not a plain folder."""
    uid = os.getuid()
    root = Path(tempfile.gettempdir()) / f"autoreport-{uid}"
    try:
        root.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = root.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid:
        raise AutoreportError(f"{root} is not a folder of yours: the tool keeps its temporary files there; "
                              "remove it, or set TMPDIR to another folder")
    if info.st_mode & 0o077:
        root.chmod(0o700)
    return root


def claim() -> Path:
    """This command's own temporary folder, made the temporary folder of everything it starts; the
    leftovers of commands that died are removed first. Idempotent within a process."""
    global _claimed
    if _claimed is not None:
        return _claimed[0]
    root = scratch_root()
    clear_dead(root)
    folder = Path(tempfile.mkdtemp(prefix="", dir=root))
    # The lock is taken under another name and then renamed into place: another command's
    # clear_dead never finds the lock file before it is held, and so never takes this folder for a
    # dead command's (a race a busy machine showed).
    taking = folder / f"{LOCK_NAME}.taking"
    lock = os.open(taking, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)
    taking.rename(folder / LOCK_NAME)
    _claimed = (folder, lock)
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = str(folder)
    return folder


def release() -> None:
    """Remove this command's folder (its children are done with it)."""
    global _claimed
    if _claimed is None:
        return
    folder, lock = _claimed
    _claimed = None
    shutil.rmtree(folder, ignore_errors=True)
    os.close(lock)


def private_file(name: str) -> Path:
    """A path in this command's folder, readable by the user only (the folder is mode 700)."""
    folder = claim()
    return folder / f"{os.urandom(6).hex()}-{name}"


def clear_dead(root: Path) -> list[Path]:
    """Remove the folders of commands that are no longer running; returns what was removed."""
    removed = []
    for folder in root.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        if not _is_abandoned(folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _is_abandoned(folder: Path) -> bool:
    try:
        lock = os.open(folder / LOCK_NAME, os.O_RDWR)
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime > YOUNG_S
        except FileNotFoundError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # its command is alive
    finally:
        os.close(lock)  # closing drops a lock taken here
    return True
