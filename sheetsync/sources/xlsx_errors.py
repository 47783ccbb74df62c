"""What goes wrong opening an .xlsx file, said so a person can act on it.

Whatever library reads the file (openpyxl today; any reader that raises its own exception
classes), its errors are mapped here, at the one place the file is opened and read, into the
SheetsyncError tree: a truncated or corrupt package, XML with entity declarations (the
"billion laughs" bomb: refused, never expanded), a file we may not read. Errors of our own and
programming errors pass through unchanged.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException

from sheetsync.errors import PermissionDenied, SheetsyncError, SourceError

# Exception types a damaged file raises from the standard library while it is read.
FILE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    ValueError,  # includes UnicodeDecodeError and defusedxml's refusals
    KeyError,  # a part the package names is missing
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
)
# Packages whose own exception classes all mean "this file cannot be read".
READER_PACKAGES = frozenset({"openpyxl", "python_calamine", "defusedxml", "et_xmlfile"})
RESAVE = "Open it in your spreadsheet program and save it again as an .xlsx workbook."


def is_file_error(exc: BaseException) -> bool:
    """Whether `exc` says the file is unreadable (rather than a bug of ours)."""
    if isinstance(exc, SheetsyncError):
        return False
    package = type(exc).__module__.split(".", 1)[0]
    return isinstance(exc, FILE_ERRORS) or package in READER_PACKAGES


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what it was raised from (readers wrap the parser's error in their own)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _entity_bomb(exc: BaseException) -> bool:
    for cause in _causes(exc):
        text = str(cause).lower()
        if isinstance(cause, DefusedXmlException) or "amplification" in text or "entit" in text:
            return True
    return False


def as_source_error(path: Path, exc: BaseException) -> SourceError:
    """The SourceError that tells a person what is wrong with the file at `path`."""
    if any(isinstance(cause, PermissionError) for cause in _causes(exc)):
        return PermissionDenied(
            f"Cannot read {path}: permission denied.",
            hint="Check the file's permissions, or copy it to a folder you own.",
        )
    if _entity_bomb(exc):
        return SourceError(
            f"{path.name} holds XML entity declarations, which spreadsheet programs never "
            "write; sheetsync does not expand them.",
            hint=RESAVE + " If you did not make this file, do not trust it.",
        )
    reason = str(exc).strip() or type(exc).__name__
    return SourceError(
        f"{path.name} is damaged or is not an .xlsx workbook ({reason[:200]}).",
        hint=RESAVE,
    )


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Map the errors of opening and reading the workbook at `path` into SourceError."""
    try:
        yield
    except Exception as exc:
        if not is_file_error(exc):
            raise
        raise as_source_error(path, exc) from None
