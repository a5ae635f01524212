"""write_atomic: whole files only, an existing file's mode kept, a new file's mode chosen before any byte."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from core.files import NEW_FILE_MODE, write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_text_is_written_as_utf8_and_bytes_as_they_are(tmp_path):
    write_atomic(tmp_path / "a.txt", "café\n")
    write_atomic(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "a.txt").read_bytes() == "café\n".encode()
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"


def test_missing_folders_are_made_and_no_temporary_file_is_left(tmp_path):
    target = tmp_path / "deep" / "er" / "file.json"
    assert write_atomic(target, "{}") == target
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]


def test_a_new_file_gets_the_default_mode_or_the_one_asked_for(tmp_path):
    old = os.umask(0o077)  # the mode is set explicitly, not left to the umask
    try:
        write_atomic(tmp_path / "plain", "x")
        write_atomic(tmp_path / "private", "x", mode=0o600)
    finally:
        os.umask(old)
    assert _mode(tmp_path / "plain") == NEW_FILE_MODE == 0o644
    assert _mode(tmp_path / "private") == 0o600


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "sources.toml"
    target.write_text("old")
    target.chmod(0o640)
    write_atomic(target, "new", mode=0o600)
    assert target.read_text() == "new" and _mode(target) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "briefing.html"
    target.write_text("old")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["briefing.html"]
