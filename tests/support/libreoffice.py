"""LibreOffice headless, for the tests that check files a real spreadsheet program writes or
opens (`make test` installs it: scripts/libreoffice.sh)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice(args: list[str], cwd: Path) -> None:
    """Run soffice --headless with `args` in `cwd`, with a profile of its own there."""
    assert SOFFICE is not None
    profile = f"-env:UserInstallation=file://{cwd}/lo-profile"
    subprocess.run([SOFFICE, profile, "--headless", *args], cwd=cwd, check=True,
                   capture_output=True, timeout=240)  # fmt: skip
