"""Where the tool keeps what outlives a run: the ledger and saved sessions.

The checks here refuse a bad path before anything starts (InvalidInput, exit 2), naming the path
and what is wrong with it; they create nothing.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from autoreport.errors import AutoreportError, InvalidInput

if TYPE_CHECKING:
    from autoreport.store.ledger import Ledger

STATE_DIR_ENV = "AUTOREPORT_STATE_DIR"


@dataclass(frozen=True)
class StateDir:
    root: Path

    @classmethod
    def resolve(cls, explicit: Path | None = None) -> StateDir:
        if explicit is not None:
            return cls(Path(explicit).expanduser())
        if os.environ.get(STATE_DIR_ENV):
            return cls(Path(os.environ[STATE_DIR_ENV]).expanduser())
        from platformdirs import user_data_dir

        return cls(Path(user_data_dir("autoreport", appauthor=False)))

    @property
    def ledger_path(self) -> Path:
        return self.root / "ledger.sqlite3"

    def session_path(self, site: str) -> Path:
        return self.root / "sessions" / f"{site}.json"

    def saved_session(self, site: str) -> Path | None:
        """The site's session saved in this folder: None when there is none, InvalidInput when the
        file there is not one."""
        path = self.session_path(site)
        # Whatever is there is checked (a pipe or a device too); only a missing file means none.
        return check_session_file(path) if os.path.exists(path) else None

    def ensure(self) -> None:
        # The folder holds session files: only the user may list it.
        folders = (self.root, self.root / "sessions", self.locks_folder)
        try:
            for folder in folders:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            for folder in folders:
                check_folder(folder)  # names the part of the path that is in the way
            raise InvalidInput(f"cannot create the state folder {self.root}: {error.strerror}") from None
        for folder in folders:
            keep_private(folder)

    @property
    def locks_folder(self) -> Path:
        return self.root / "locks"

    def open_ledger(self) -> Ledger:
        """The ledger, created on first use; a file that is not one is refused, and left as it is."""
        import sqlite3

        from autoreport.store.ledger import Ledger, LedgerUnreadable

        self.ensure()
        path = self.ledger_path
        if os.path.lexists(path) and not os.path.isfile(path):
            raise InvalidInput(f"{path} is not a file: the ledger cannot be kept there")
        try:
            return Ledger(path)
        except LedgerUnreadable as error:  # another program's database, a damaged one, a row not ours
            raise InvalidInput(f"{path}: not a ledger autoreport can read ({error}); "
                               "move it away to start a new one") from None
        except sqlite3.OperationalError as error:  # locked by another program, or out of reach
            raise AutoreportError(f"cannot open the ledger {path}: {error}") from None
        except sqlite3.DatabaseError as error:  # a file that is not SQLite
            raise InvalidInput(f"{path}: not a ledger autoreport can read ({error}); "
                               "move it away to start a new one") from None


def _not_a_folder(path: Path) -> str:
    """What is in the way at a path that is not a folder, as the end of a sentence."""
    if os.path.isfile(path):
        return "is a file, not a folder"
    if os.path.islink(path) and not os.path.exists(path):
        return "is a broken link, not a folder"
    return "is not a folder"


def keep_private(folder: Path) -> None:
    """A state folder others may read or write (made by hand, or by a lax umask) is narrowed to its
    owner; one that belongs to someone else is refused, since they could read the sessions in it."""
    info = folder.stat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise InvalidInput(f"{folder} belongs to another user: the state folder must be yours")
    if info.st_mode & 0o077:
        folder.chmod(0o700)


def check_creatable(path: Path) -> None:
    """A path that does not exist yet: the nearest folder above it that exists must take new entries."""
    above = path.parent
    while not os.path.lexists(above) and above != above.parent:
        above = above.parent
    if not os.path.isdir(above):
        raise InvalidInput(f"cannot create {path}: {above} {_not_a_folder(above)}")
    if not os.access(above, os.W_OK | os.X_OK):
        raise InvalidInput(f"cannot create {path}: the folder {above} is not writable")


def check_folder(path: Path) -> Path:
    """A folder the tool will write into: one that exists and is writable, or one it can create."""
    path = Path(path).expanduser()
    if not os.path.lexists(path):
        check_creatable(path)
    elif not os.path.isdir(path):
        raise InvalidInput(f"{path} {_not_a_folder(path)}")
    elif not os.access(path, os.W_OK | os.X_OK):
        raise InvalidInput(f"{path}: the folder is not writable")
    return path


# A saved session is a few KiB of cookies; this leaves room for a site that stores much more.
MAX_SESSION_BYTES = 5 * 1024 * 1024
# Playwright's storage state is six levels deep (origins, an origin, its localStorage, an item, its value).
_SESSION_NESTING = 32
_LOGIN_SAVES = 'a JSON object with a "cookies" list, as `autoreport login` saves, was expected'


def check_session_file(path: Path) -> Path:
    """A saved session (Playwright's storage state), or a path `autoreport login` can save one to.

    An existing file that is not a session is refused, whatever the command: it is neither read
    nor written over. Only a regular file under MAX_SESSION_BYTES is read (a pipe or a device
    could block or never end); no message shows a cookie's value."""
    path = Path(path).expanduser()
    if not os.path.lexists(path):
        check_creatable(path)
        return path
    if os.path.isdir(path):
        raise InvalidInput(f"{path} is a folder, not a session file")
    state = _session_json(path, _read_session(path))
    if not isinstance(state, dict) or not isinstance(state.get("cookies"), list) \
            or not isinstance(state.get("origins", []), list):
        raise InvalidInput(f"{path}: not a saved session ({_LOGIN_SAVES})")
    problem = _storage_state_problem(state)
    if problem:
        raise InvalidInput(f"{path}: not a saved session ({problem})")
    return path


def _read_session(path: Path) -> bytes:
    try:
        _refuse_special(path, os.stat(path))
        # Opened without waiting (a pipe put here meanwhile would wait for a writer), then judged
        # again by what was opened.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InvalidInput(f"cannot read the session file {path}: {error.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        _refuse_special(path, os.fstat(fd))
        try:
            data = file.read(MAX_SESSION_BYTES + 1)
        except OSError as error:
            raise InvalidInput(f"cannot read the session file {path}: {error.strerror}") from None
    if len(data) > MAX_SESSION_BYTES:  # it grew since
        raise InvalidInput(_too_large(path))
    return data


def _refuse_special(path: Path, status: os.stat_result) -> None:
    from autoreport.evidence.files import special_file_kind

    if not stat.S_ISREG(status.st_mode):
        raise InvalidInput(f"{path}: not a saved session (not a regular file: {special_file_kind(status.st_mode)})")
    if status.st_size > MAX_SESSION_BYTES:
        raise InvalidInput(_too_large(path))


def _too_large(path: Path) -> str:
    return f"{path}: not a saved session (over {MAX_SESSION_BYTES // (1024 * 1024)} MiB; a saved session is a few KiB)"


def _session_json(path: Path, data: bytes) -> object:
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidInput(f"{path}: not a saved session (not UTF-8 text)") from None
    except RecursionError:
        raise InvalidInput(f"{path}: not a saved session (nested too deeply)") from None
    except ValueError as error:  # says where, never what is there: the text may be a cookie's value
        raise InvalidInput(f"{path}: not a saved session (not valid JSON: {error})") from None


def _storage_state_problem(state: dict) -> str | None:
    """What makes a storage state one Playwright cannot load, by the entry's place, never its value."""
    if _nested_deeper_than(state, _SESSION_NESTING):
        return "nested too deeply"
    for index, cookie in enumerate(state["cookies"]):
        if not isinstance(cookie, dict):
            return f"cookie {index + 1} is not a JSON object"
        if not isinstance(cookie.get("name"), str) or not isinstance(cookie.get("value"), str):
            return f"cookie {index + 1} has no name and value as text"
    for index, origin in enumerate(state.get("origins", [])):
        if not isinstance(origin, dict) or not isinstance(origin.get("origin"), str) \
                or not isinstance(origin.get("localStorage", []), list):
            return f'origin {index + 1} is not a JSON object with an "origin" and a "localStorage" list'
        for item in origin.get("localStorage", []):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) \
                    or not isinstance(item.get("value"), str):
                return f"an entry of origin {index + 1}'s localStorage has no name and value as text"
    return None


def _nested_deeper_than(value: object, limit: int) -> bool:
    pending = [(value, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > limit:
            return True
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        pending.extend((child, depth + 1) for child in children)
    return False


def write_private(path: Path, data: bytes) -> None:
    """Write a secret file (a saved session) readable by its owner only, from its first byte.

    The data goes to a new file created with mode 600 beside the target, which then takes the
    target's place: an existing file's wider mode never applies to it, and a reader never sees it
    half written. A session file that is a link is written where the link points."""
    path = Path(os.path.realpath(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as error:
        raise AutoreportError(f"cannot write the session file {path}: {error.strerror or error} "
                              "(the folder it is in must be writable)") from None
    try:
        with os.fdopen(fd, "wb") as file:
            if hasattr(os, "fchmod"):  # the umask may have left it narrower: exactly 600
                os.fchmod(file.fileno(), 0o600)
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


SITE_NAMES = ("aliexpress", "mock")


def describe_state(state: StateDir) -> list[tuple[str, str]]:
    """What `autoreport doctor` says of the state folder, the ledger and the saved sessions: read
    only, nothing created, and never a cookie's value."""
    from datetime import UTC, datetime

    root = state.root
    if not os.path.lexists(root):
        return [("state", f"{root} (not made yet: the first run makes it)"), ("ledger", "none yet"),
                ("sessions", "none")]
    if not os.path.isdir(root):
        return [("state", f"{root} is not a folder: give another --state-dir")]
    rows = [("state", f"{root} (mode {stat.S_IMODE(os.stat(root).st_mode):o})"),
            ("ledger", describe_ledger(state.ledger_path))]
    for site in SITE_NAMES:
        path = state.session_path(site)
        if not os.path.lexists(path):
            text = f"none (sign in with `autoreport login --site {site}`)"
        else:
            try:
                cookies = json.loads(check_session_file(path).read_text())["cookies"]
            except InvalidInput as refused:
                text = str(refused)
            else:
                saved = datetime.fromtimestamp(os.stat(path).st_mtime, UTC).isoformat(timespec="seconds")
                text = f"{path} (saved {saved}, {plural(len(cookies), 'cookie')})"
        rows.append((f"session {site}", text))
    return rows


def describe_ledger(path: Path) -> str:
    import sqlite3
    from collections import Counter

    from autoreport.store.ledger import LedgerUnreadable, check_ledger_file

    if not os.path.lexists(path):
        return f"none yet ({path})"
    try:
        check_ledger_file(path)
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            states = Counter(row[0] for row in db.execute("SELECT state FROM complaints")) if tables else Counter()
        finally:
            db.close()
    except (LedgerUnreadable, sqlite3.Error) as error:
        return f"{path}: not a ledger autoreport can read ({error})"
    counts = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
    return f"{path} ({plural(sum(states.values()), 'complaint')}{f': {counts}' if counts else ''})"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
