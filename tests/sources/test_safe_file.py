"""The user's file stays the user's: never read-only ones, through symlinks, same mode and owner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sheetsync.errors import WriteError
from sheetsync.sources.safe_file import TEMP_PREFIX, remove_stale_temps, replace_file


def write_bytes(data: bytes):
    return lambda handle: handle.write(data)


def test_a_read_only_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(WriteError, match="read-only"):
        replace_file(path, write_bytes(b"new"))
    assert path.read_bytes() == b"old" and (path.stat().st_mode & 0o777) == 0o444


def test_a_symlink_is_written_through_to_its_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "book.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    replace_file(link, write_bytes(b"new"))
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_mode_is_kept_and_a_new_file_follows_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"old")
    path.chmod(0o640)
    replace_file(path, write_bytes(b"new"))
    assert (path.stat().st_mode & 0o777) == 0o640
    fresh = tmp_path / "new.xlsx"
    replace_file(fresh, write_bytes(b"x"))
    umask = os.umask(0)
    os.umask(umask)
    assert (fresh.stat().st_mode & 0o777) == 0o666 & ~umask


@pytest.mark.skipif(os.getuid() != 0, reason="changing a file's owner needs root")
def test_owner_and_group_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"old")
    os.chown(path, 12345, 23456)
    replace_file(path, write_bytes(b"new"))
    assert (path.stat().st_uid, path.stat().st_gid) == (12345, 23456)
    assert path.read_bytes() == b"new"


@pytest.mark.parametrize("target", ["/dev/null", "folder"])
def test_only_regular_files_are_written(tmp_path: Path, target: str) -> None:
    path = Path(target) if target.startswith("/") else tmp_path / target
    if not target.startswith("/"):
        path.mkdir()
    with pytest.raises(WriteError, match="not a regular file"):
        replace_file(path, write_bytes(b"new"))
    assert not path.is_file()


KILLED_WRITER = """
import sys, time
from pathlib import Path
from sheetsync.sources.safe_file import replace_file
def write(handle):
    handle.write(b"half a workbook")
    handle.flush()
    print("writing", flush=True)
    time.sleep(60)
replace_file(Path(sys.argv[1]), write)
"""


def test_a_killed_write_leaves_the_old_file_and_the_next_write_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"old")
    command = [sys.executable, "-c", KILLED_WRITER, str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as writer:
        assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
    left = [p.name for p in tmp_path.iterdir() if p != path]
    assert path.read_bytes() == b"old"
    assert len(left) == 1 and left[0].startswith(f"{TEMP_PREFIX}book.xlsx.{writer.pid}.")
    replace_file(path, write_bytes(b"new"))
    assert [p.name for p in tmp_path.iterdir()] == ["book.xlsx"]


def test_a_temp_file_of_a_live_writer_is_left_until_it_is_old(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    mine = tmp_path / f"{TEMP_PREFIX}book.xlsx.{os.getpid()}.abc.tmp"
    other = tmp_path / f"{TEMP_PREFIX}other.xlsx.1.abc.tmp"
    mine.write_bytes(b"")
    other.write_bytes(b"")
    assert remove_stale_temps(path) == []
    an_hour_ago = time.time() - 3700
    os.utime(mine, (an_hour_ago, an_hour_ago))
    assert remove_stale_temps(path) == [mine] and other.exists()
