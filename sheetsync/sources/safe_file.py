"""Replace a user's file all at once, as the file it is: through symlinks, with its mode and owner.

The new content goes to a temporary file next to the real file, then is renamed over it, so a
crash or a kill leaves the old file or the new one, never half of one. A kill can leave the
temporary file behind: it is named ``.sheetsync-unfinished-<file>.<pid>.<random>.tmp``, so a
person knows what it is, and the next write to the same file removes it once its process is gone.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sheetsync.errors import WriteError

TEMP_PREFIX = ".sheetsync-unfinished-"
STALE_AFTER_S = 3600  # a temp file this old is stale even if its pid was reused


def temp_name_prefix(real: Path) -> str:
    return f"{TEMP_PREFIX}{real.name}."


def replace_file(target: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write `target` anew with `write(handle)`, atomically, keeping what the file is."""
    real = Path(os.path.realpath(target))  # a symlink's target gets the content, the link stays
    before = _existing(real, target)
    if not real.parent.is_dir():
        real.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(real)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f"{temp_name_prefix(real)}{os.getpid()}.", suffix=".tmp", dir=real.parent
        )
    except OSError as exc:
        raise WriteError(
            f"Cannot write next to {target}: {exc.strerror or exc}.",
            hint="sheetsync needs to create a file in that folder; check its permissions.",
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_mode_and_owner(tmp, before)
        if before is not None and not _owner_kept(tmp, before):
            _copy_into(tmp, real)  # the one way to keep another user's ownership
        else:
            os.replace(tmp, real)
    except OSError as exc:
        raise WriteError(f"Cannot write {target}: {exc.strerror or exc}.") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _existing(real: Path, target: Path) -> os.stat_result | None:
    """The real file's status; refuses what sheetsync must not replace."""
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise WriteError(
            f"{target} is not a regular file; sheetsync only writes workbook files.",
            hint="Give the path of an .xlsx file (or a new one) instead.",
        )
    if not (info.st_mode & 0o222) or not os.access(real, os.W_OK):
        raise WriteError(
            f"{target} is read-only, so sheetsync leaves it as it is.",
            hint="Make it writable (chmod u+w) or write the dashboard elsewhere with --output.",
        )
    return info


def _keep_mode_and_owner(tmp: str, before: os.stat_result | None) -> None:
    if before is None:  # a new file: the mode a plain `open` would give (mkstemp gives 0600)
        os.chmod(tmp, 0o666 & ~_umask())
        return
    os.chmod(tmp, stat.S_IMODE(before.st_mode))
    if (before.st_uid, before.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(PermissionError):
            os.chown(tmp, before.st_uid, before.st_gid)


def _owner_kept(tmp: str, before: os.stat_result) -> bool:
    now = os.stat(tmp)
    return (now.st_uid, now.st_gid) == (before.st_uid, before.st_gid)


def _copy_into(tmp: str, real: Path) -> None:
    """Overwrite the file in place from the finished temp file (keeps owner, inode, links)."""
    with open(tmp, "rb") as source, open(real, "r+b") as dest:
        while chunk := source.read(1 << 20):
            dest.write(chunk)
        dest.truncate()
        dest.flush()
        os.fsync(dest.fileno())


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race other threads)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    return 0o022


def remove_stale_temps(real: Path) -> list[Path]:
    """Remove our unfinished temp files of `real` whose process is gone; return them."""
    removed = []
    prefix = temp_name_prefix(real)
    with contextlib.suppress(OSError):
        for path in real.parent.iterdir():
            if not (path.name.startswith(prefix) and path.name.endswith(".tmp")):
                continue
            pid = path.name[len(prefix) :].split(".", 1)[0]
            with contextlib.suppress(OSError):
                old = time.time() - path.stat().st_mtime > STALE_AFTER_S
                if old or not (pid.isascii() and pid.isdigit() and _alive(int(pid))):
                    path.unlink()
                    removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
