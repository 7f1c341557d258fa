"""state.py: private session files, and the checks that refuse a bad state folder, output folder,
session file or ledger before anything starts."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from autoreport.errors import AutoreportError, ExitStatus, InvalidInput
from autoreport.store import state as state_module
from autoreport.store.ledger import ComplaintKey
from autoreport.store.lock import BeingFiled, complaint_lock
from autoreport.store.state import StateDir, check_folder, check_session_file, write_private


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000, 0o077])
def test_a_new_session_file_is_private(tmp_path, umask):
    path = tmp_path / "sessions" / "mock.json"
    old_umask = os.umask(umask)
    try:
        write_private(path, b'{"cookies": []}')
    finally:
        os.umask(old_umask)
    assert mode_of(path) == 0o600
    assert path.read_bytes() == b'{"cookies": []}'
    assert mode_of(path.parent) == 0o700 & ~umask
    assert os.listdir(path.parent) == ["mock.json"]


def test_a_session_written_over_a_readable_file_is_never_readable(tmp_path, monkeypatch):
    """Over an existing 0644 file (a second login, or --storage-state naming one), the cookies go to
    a new 0600 file that then takes its place: they are never in a file others may read."""
    path = tmp_path / "session.json"
    path.write_text("old")
    path.chmod(0o644)
    seen = {}
    real_replace = os.replace

    def replace(source, target):
        seen["mode"], seen["data"] = mode_of(Path(source)), Path(source).read_bytes()
        seen["target"] = (mode_of(Path(target)), Path(target).read_text())
        real_replace(source, target)

    monkeypatch.setattr(state_module.os, "replace", replace)
    write_private(path, b'{"cookies": [{"name": "session_id"}]}')
    assert seen == {"mode": 0o600, "data": b'{"cookies": [{"name": "session_id"}]}', "target": (0o644, "old")}
    assert mode_of(path) == 0o600
    assert path.read_bytes() == b'{"cookies": [{"name": "session_id"}]}'
    assert os.listdir(tmp_path) == ["session.json"]


def test_a_failed_write_leaves_the_old_session_and_no_stray_file(tmp_path, monkeypatch):
    path = tmp_path / "session.json"
    path.write_text('{"cookies": []}')

    def replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(state_module.os, "replace", replace)
    with pytest.raises(OSError):
        write_private(path, b'{"cookies": [1]}')
    assert path.read_text() == '{"cookies": []}'
    assert os.listdir(tmp_path) == ["session.json"]


def test_check_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    assert check_folder(tmp_path) == tmp_path
    assert check_folder(tmp_path / "new" / "deeper") == tmp_path / "new" / "deeper"
    assert not (tmp_path / "new").exists()  # checked, not made
    with pytest.raises(InvalidInput, match=f"^{tmp_path}/file is a file, not a folder$"):
        check_folder(tmp_path / "file")
    with pytest.raises(InvalidInput, match=f"^cannot create {tmp_path}/file/a/b: {tmp_path}/file is a file, "
                                           "not a folder$"):
        check_folder(tmp_path / "file" / "a" / "b")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    with pytest.raises(InvalidInput, match=f"^{tmp_path}/dangling is a broken link, not a folder$"):
        check_folder(tmp_path / "dangling")


def test_check_session_file(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"cookies": [], "origins": []}))
    assert check_session_file(good) == good
    assert check_session_file(tmp_path / "new" / "session.json") == tmp_path / "new" / "session.json"
    for text, reason in [("", "not valid JSON: Expecting value: line 1 column 1 (char 0)"),
                         ("[]", 'a JSON object with a "cookies" list, as `autoreport login` saves, was expected'),
                         ('{"cookies": {}}', 'a JSON object with a "cookies" list, as `autoreport login` saves, '
                                             'was expected'),
                         ('{"cookies": [], "origins": 1}', 'a JSON object with a "cookies" list, as '
                                                           '`autoreport login` saves, was expected')]:
        bad = tmp_path / "bad.json"
        bad.write_text(text)
        with pytest.raises(InvalidInput) as refused:
            check_session_file(bad)
        assert str(refused.value) == f"{bad}: not a saved session ({reason})"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(InvalidInput, match=r"not a saved session \(not UTF-8 text\)"):
        check_session_file(bad)
    with pytest.raises(InvalidInput, match=f"^cannot create {bad}/session.json: {bad} is a file, not a folder$"):
        check_session_file(bad / "session.json")


def test_a_corrupt_ledger_is_invalid_input_and_left_as_it_is(tmp_path):
    state = StateDir(tmp_path / "state")
    state.root.mkdir()
    state.ledger_path.write_text("not a database")
    with pytest.raises(InvalidInput) as refused:
        state.open_ledger()
    assert str(refused.value) == (f"{state.ledger_path}: not a ledger autoreport can read (file is not a database); "
                                  "move it away to start a new one")
    assert refused.value.exit_status == ExitStatus.INVALID_INPUT
    assert state.ledger_path.read_text() == "not a database"


def test_a_ledger_path_that_is_a_folder_is_invalid_input(tmp_path):
    state = StateDir(tmp_path / "state")
    state.ledger_path.mkdir(parents=True)
    with pytest.raises(InvalidInput, match="is not a file: the ledger cannot be kept there$"):
        state.open_ledger()


def test_a_state_folder_that_cannot_be_made_is_invalid_input(tmp_path):
    (tmp_path / "taken").write_text("x")
    with pytest.raises(InvalidInput, match=f"^cannot create {tmp_path}/taken/state: {tmp_path}/taken is a file"):
        StateDir(tmp_path / "taken" / "state").ensure()
    (tmp_path / "state").mkdir()
    (tmp_path / "state" / "sessions").write_text("x")
    with pytest.raises(InvalidInput, match=f"^{tmp_path}/state/sessions is a file, not a folder$"):
        StateDir(tmp_path / "state").ensure()


def test_a_good_ledger_opens(tmp_path):
    assert StateDir(tmp_path / "state").open_ledger().entries() == []


def test_a_complaint_lock_keeps_a_second_holder_out_until_it_is_released(tmp_path):
    state = StateDir(tmp_path / "state")
    key = ("mock", "seller-report", "trade-rules", "payment-outside-platform", "8000000000000001")
    with complaint_lock(state, key):
        with pytest.raises(BeingFiled, match="^another run is filing this complaint right now"):
            with complaint_lock(state, key):
                pass
        with complaint_lock(state, (*key[:4], "8000000000000002")):  # another complaint is free
            pass
    with complaint_lock(state, key):  # released with the first holder
        pass


def test_a_complaint_lock_dies_with_its_process(tmp_path):
    state = StateDir(tmp_path / "state")
    key = ("mock", "dispute-review", None, None, "8000000000000003")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from autoreport.store.state import StateDir\n"
        "from autoreport.store.lock import complaint_lock\n"
        f"with complaint_lock(StateDir(Path({str(state.root)!r})), {key!r}):\n"
        "    print('held', flush=True); sys.stdin.read()")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(BeingFiled):
            with complaint_lock(state, key):
                pass
    finally:
        holder.kill()  # no clean-up runs: the system drops the lock
        holder.wait()
    with complaint_lock(state, key):
        pass


def test_a_session_file_that_is_a_link_is_written_where_it_points(tmp_path):
    target = tmp_path / "vault" / "real.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "sessions" / "aliexpress.json"
    link.parent.mkdir()
    link.symlink_to(target)
    write_private(link, b'{"cookies": []}')
    assert link.is_symlink() and target.read_bytes() == b'{"cookies": []}'
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_session_file_that_cannot_be_written_is_one_clear_error(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(AutoreportError, match=r"^cannot write the session file .*notes\.txt/session\.json: "):
        write_private(tmp_path / "notes.txt" / "session.json", b"{}")
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def _database(path, statements: list[str]) -> bytes:
    import sqlite3

    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()
    return path.read_bytes()


def test_a_database_of_another_program_is_refused_and_not_written_to(tmp_path):
    state = StateDir(tmp_path / "state")
    state.root.mkdir()
    before = _database(state.ledger_path, ["CREATE TABLE songs (title TEXT)", "INSERT INTO songs VALUES ('x')"])
    with pytest.raises(InvalidInput) as refused:
        state.open_ledger()
    assert str(refused.value) == (f"{state.ledger_path}: not a ledger autoreport can read (a database of another "
                                  "program (its tables: songs)); move it away to start a new one")
    assert state.ledger_path.read_bytes() == before


def test_a_complaints_table_of_another_shape_is_refused(tmp_path):
    state = StateDir(tmp_path / "state")
    state.root.mkdir()
    before = _database(state.ledger_path, ["CREATE TABLE complaints (id INTEGER, note TEXT)"])
    with pytest.raises(InvalidInput, match=r"its complaints table is not the ledger's \(columns: id, note\)"):
        state.open_ledger()
    assert state.ledger_path.read_bytes() == before


def test_a_ledger_row_with_a_date_that_is_not_one_is_refused_and_left_alone(tmp_path):
    state = StateDir(tmp_path / "state")
    ledger = state.open_ledger()
    entry_id = ledger.record_pending(ComplaintKey("mock", "dispute-review", None, None, "8000000000000002"),
                                     "s.yaml", "x", "runs/1")
    ledger.close()
    before = _database(state.ledger_path, [f"UPDATE complaints SET started_at = 'yesterday' WHERE id = {entry_id}"])
    with pytest.raises(InvalidInput, match=f"row {entry_id} has a date that is not one: 'yesterday'"):
        state.open_ledger()
    assert state.ledger_path.read_bytes() == before


def test_a_ledger_damaged_past_its_header_is_refused(tmp_path):
    state = StateDir(tmp_path / "state")
    ledger = state.open_ledger()
    for n in range(200):
        ledger.record_pending(ComplaintKey("mock", "dispute-review", None, None, f"80000000000{n:05d}"),
                              "s.yaml" * 20, "x" * 64, "runs/1")
    ledger.close()
    data = bytearray(state.ledger_path.read_bytes())
    data[4096:4096 + 12] = b"\xa5" * 12  # the second page's own header, past the file's
    state.ledger_path.write_bytes(bytes(data))
    with pytest.raises(InvalidInput, match="not a ledger autoreport can read"):
        state.open_ledger()
    assert state.ledger_path.read_bytes() == bytes(data)


def test_a_locks_entry_that_is_a_file_is_invalid_input(tmp_path):
    state = StateDir(tmp_path / "state")
    state.root.mkdir()
    (state.root / "locks").write_text("")
    with pytest.raises(InvalidInput, match=f"^{state.root / 'locks'} is a file, not a folder$"):
        state.open_ledger()


def test_a_state_folder_others_can_read_is_narrowed_to_its_owner(tmp_path):
    import stat

    state = StateDir(tmp_path / "state")
    state.root.mkdir()
    state.root.chmod(0o777)
    state.open_ledger().close()
    assert stat.S_IMODE(state.root.stat().st_mode) == 0o700


def refusal(path) -> str:
    with pytest.raises(InvalidInput) as refused:
        check_session_file(path)
    return str(refused.value)


def test_a_session_file_that_is_a_pipe_or_a_device_is_refused_unread(tmp_path):
    pipe = tmp_path / "session.json"
    os.mkfifo(pipe)  # opened for reading, it would wait for a writer for ever
    assert refusal(pipe) == f"{pipe}: not a saved session (not a regular file: a named pipe)"
    assert refusal(Path("/dev/zero")) == "/dev/zero: not a saved session (not a regular file: a device)"


def test_a_session_file_over_5_mib_is_refused_unread(tmp_path, monkeypatch):
    big = tmp_path / "session.json"
    with big.open("wb") as file:
        file.truncate(5 * 1024 * 1024 + 1)
    monkeypatch.setattr(os, "read", lambda *args: pytest.fail("the file was read"))
    assert refusal(big) == f"{big}: not a saved session (over 5 MiB; a saved session is a few KiB)"


@pytest.mark.parametrize(("state", "reason"), [
    ({"cookies": ["s3cret-token"]}, "cookie 1 is not a JSON object"),
    ({"cookies": [{"name": "sid", "value": "s3cret-token"}, {"name": "x", "value": ["s3cret-token"]}]},
     "cookie 2 has no name and value as text"),
    ({"cookies": [{"value": "s3cret-token"}]}, "cookie 1 has no name and value as text"),
    ({"cookies": [], "origins": ["s3cret-token"]},
     'origin 1 is not a JSON object with an "origin" and a "localStorage" list'),
    ({"cookies": [], "origins": [{"origin": "https://a", "localStorage": [{"name": "t", "value": 1}]}]},
     "an entry of origin 1's localStorage has no name and value as text"),
    ({"cookies": [{"name": "sid", "value": "s3cret-token", "extra": json.loads("[" * 32 + "]" * 32)}]},
     "nested too deeply"),
])
def test_a_session_playwright_could_not_load_is_refused_without_its_values(tmp_path, state, reason):
    bad = tmp_path / "session.json"
    bad.write_text(json.dumps(state))
    assert refusal(bad) == f"{bad}: not a saved session ({reason})"


def test_a_session_nested_past_what_json_reads_is_refused(tmp_path):
    bad = tmp_path / "session.json"
    bad.write_text('{"cookies": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert refusal(bad) == f"{bad}: not a saved session (nested too deeply)"


def test_the_saved_session_in_the_state_folder_gets_the_same_checks(tmp_path):
    state = StateDir(tmp_path)
    state.ensure()
    assert state.saved_session("mock") is None
    os.mkfifo(state.session_path("mock"))
    with pytest.raises(InvalidInput, match=r"sessions/mock\.json: not a saved session \(not a regular file: "
                                           r"a named pipe\)$"):
        state.saved_session("mock")
    state.session_path("mock").unlink()
    state.session_path("mock").write_text('{"cookies": [1]}')
    with pytest.raises(InvalidInput, match=r"\(cookie 1 is not a JSON object\)$"):
        state.saved_session("mock")


def test_a_session_as_playwright_saves_it_is_accepted(tmp_path):
    good = tmp_path / "session.json"
    good.write_text(json.dumps({
        "cookies": [{"name": "sid", "value": "abc", "domain": "127.0.0.1", "path": "/", "expires": -1,
                     "httpOnly": True, "secure": False, "sameSite": "Lax"}],
        "origins": [{"origin": "http://127.0.0.1:8080", "localStorage": [{"name": "seen", "value": "1"}]}],
    }))
    assert check_session_file(good) == good
