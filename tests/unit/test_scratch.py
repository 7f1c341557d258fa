"""The tool's temporary files live in a folder of its own per command, cleared once the command is gone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile

from autoreport import scratch


def test_a_command_gets_a_private_folder_that_everything_it_starts_uses(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))  # put back as it was after the test
    monkeypatch.setattr(scratch, "_claimed", None)
    monkeypatch.setattr(tempfile, "tempdir", None)
    try:
        folder = scratch.claim()
        assert folder.parent == tmp_path / f"autoreport-{os.getuid()}"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert os.environ["TMPDIR"] == str(folder) and tempfile.gettempdir() == str(folder)
        assert scratch.private_file("trace.zip").parent == folder
        child_tmp = subprocess.run([sys.executable, "-c", "import tempfile; print(tempfile.gettempdir())"],
                                   capture_output=True, text=True).stdout.strip()
        assert child_tmp == str(folder)
    finally:
        scratch.release()
    assert not folder.exists()


def test_folders_of_dead_commands_are_cleared_and_live_ones_kept(tmp_path):
    root = tmp_path / f"autoreport-{os.getuid()}"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from autoreport import scratch; print(scratch.claim(), flush=True);"
         " sys.stdin.read()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(tmp_path)})
    live = holder.stdout.readline().strip()
    dead = root / "12345-killed"
    (dead / "playwright-artifacts-x").mkdir(parents=True)
    (dead / scratch.LOCK_NAME).write_text("")
    try:
        assert scratch.clear_dead(root) == [dead]
        assert os.path.isdir(live) and not dead.exists()
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_a_root_someone_else_could_have_made_is_refused(tmp_path, monkeypatch):
    import pytest

    from autoreport.errors import AutoreportError

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / f"autoreport-{os.getuid()}").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(AutoreportError, match="is not a folder of yours"):
        scratch.scratch_root()
