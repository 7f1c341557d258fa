"""One complaint filed by one run at a time: a lock file per complaint in the state folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from autoreport.errors import AutoreportError
from autoreport.store.state import StateDir


class BeingFiled(AutoreportError):
    """Another run holds this complaint's lock: it is filing the complaint right now."""


@contextmanager
def complaint_lock(state: StateDir, key: object) -> Iterator[None]:
    """Held by the run that files a complaint, from its first look at the ledger to its receipt.
    The system drops the lock when that process ends, however it ends, so a crashed run never
    leaves it held; another run that finds it held leaves the complaint alone."""
    import fcntl
    import hashlib

    state.ensure()
    path = state.locks_folder / f"{hashlib.sha256(repr(key).encode()).hexdigest()[:24]}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BeingFiled("another run is filing this complaint right now: run again once it has "
                             "finished, and it will be found in the ledger") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock
