"""Cell values as people type them (docs/workbook.md, Values): the parsers' one door.

Numbers live in ``numbers.py``, dates in ``dates.py``, names and ids in ``names.py``, the
shared ground in ``text.py``; this module adds booleans, emails and statuses, and re-exports
the rest.

Choices where the contract is silent: a boolean also accepts ``y``/``n``, ``o`` (oui), ``ja``/
``nein``, ``si``/``sí`` and check marks; an email with white space inside is not an email;
statuses also accept feminine and plural French forms (``payée``, ``remboursées``...) and
Stripe's ``succeeded``/``complete``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sheetsync.normalize.builder import Builder, filled, nones, problems
from sheetsync.normalize.dates import ParsedDates, parse_date
from sheetsync.normalize.names import (
    channel_key,
    channel_names,
    display_names,
    spellings,
    text_codes,
    trimmed_text,
)
from sheetsync.normalize.numbers import decimal_comma, parse_int, parse_number, parse_rate
from sheetsync.normalize.text import (
    BOOL,
    DATE,
    DATETIME,
    NUMBER,
    OTHER,
    Parsed,
    cells_of,
    fold,
    fold_header,
    is_blank,
)

__all__ = [
    "Parsed",
    "ParsedDates",
    "ParsedEmails",
    "channel_key",
    "channel_names",
    "decimal_comma",
    "display_names",
    "fold_header",
    "is_blank",
    "parse_bool",
    "parse_date",
    "parse_email",
    "parse_int",
    "parse_number",
    "parse_rate",
    "parse_status",
    "spellings",
    "text_codes",
    "trimmed_text",
]

NOT_A_BOOLEAN = "not a yes/no value"
NOT_AN_EMAIL = "not an email"
UNKNOWN_STATUS = "unknown status"
DEFAULT_STATUS = "paid"

_TRUE = ("yes", "y", "oui", "o", "true", "vrai", "x", "1", "ja", "si", "✓", "✔", "☑")
_FALSE = ("no", "n", "non", "false", "faux", "0", "nein", "✗", "✘", "☐")
_BOOL_OBJECTS = np.array([False, True], dtype=object)  # Python bools, not numpy's
_BOOLEANS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}

_STATUSES = {
    "paid": ("paid", "paye", "payee", "payes", "payees", "succeeded", "complete", "completed"),
    "refunded": ("refunded", "rembourse", "remboursee", "rembourses", "remboursees"),
    "partially_refunded": (
        "partiallyrefunded", "partialrefund", "partiellementrembourse", "partiellementremboursee",
        "remboursepartiellement", "rembourseepartiellement",
    ),
    "pending": ("pending", "enattente"),
    "failed": ("failed", "echoue", "echouee", "echec"),
    "cancelled": ("cancelled", "canceled", "annule", "annulee"),
}  # fmt: skip
_STATUS = {spelling: status for status, names in _STATUSES.items() for spelling in names}


def parse_bool(s: pd.Series) -> Parsed:
    """yes/no, oui/non, true/false, vrai/faux, x, 1/0 and bool cells; blank -> None, not bad."""
    cells = cells_of(s)
    out = Builder(cells, nones(cells.size))
    rows, flags = cells.objects(BOOL)
    out.set(rows, _BOOL_OBJECTS[flags.astype(bool).astype(int)])
    rows, numbers = cells.numbers()
    known = (numbers == 0) | (numbers == 1)
    # numpy's stubs refuse None as where()'s `y`, which numpy takes (an object array)
    out.set(rows, np.where(known, _BOOL_OBJECTS[(numbers == 1).astype(int)], None), known,  # type: ignore[arg-type]
            NOT_A_BOOLEAN)  # fmt: skip
    out.fail(cells.rows(DATETIME, DATE, OTHER), NOT_A_BOOLEAN)
    # Text cells: "Oui", "VRAI", "Yes." all fold to a known word.
    words = fold(cells.texts).str.rstrip(".!").map(_BOOLEANS).to_numpy(dtype=object)
    known = pd.notna(words)
    out.texts(np.where(known, words, None), problems(known, NOT_A_BOOLEAN))  # type: ignore[arg-type]
    return Parsed(**out.parsed())


@dataclass
class ParsedEmails(Parsed):
    """Parsed emails, and the same as codes: ``table[codes[i]]`` is row i's email (``codes``
    -1 or a missing entry where there is none). ``table`` (``str`` dtype) holds each distinct
    text's email once, so that people can be numbered without hashing every row's email."""

    codes: np.ndarray
    table: pd.Series


def parse_email(s: pd.Series) -> ParsedEmails:
    """Trimmed, lower-cased emails without ``mailto:``; valid only as ``x@domain.tld``."""
    cells = cells_of(s)
    out = Builder(cells, nones(cells.size))
    out.fail(cells.rows(NUMBER, BOOL, DATETIME, DATE, OTHER), NOT_AN_EMAIL)
    emails = cells.texts.str.lower()
    if emails.str.startswith("mailto:").any():  # rare: the regex only where it may apply
        emails = emails.str.replace("^mailto: *", "", regex=True)
    valid = emails.str.fullmatch("[^@ ]+@[^@ ]*[.][^@ ]*").to_numpy(dtype=bool)
    out.texts(np.where(valid, emails.to_numpy(dtype=object, na_value=None), None),  # type: ignore[arg-type]
              problems(valid, NOT_AN_EMAIL))  # fmt: skip
    codes = np.full(cells.size, -1, dtype=np.int64)
    codes[cells.text_rows] = cells.text_codes
    return ParsedEmails(**out.parsed(), codes=codes, table=emails.where(valid))


def parse_status(s: pd.Series) -> Parsed:
    """Canonical order status (``paid`` when blank); unknown -> bad, with value ``paid``."""
    cells = cells_of(s)
    out = Builder(cells, filled(cells.size, DEFAULT_STATUS))
    out.fail(cells.rows(NUMBER, BOOL, DATETIME, DATE, OTHER), UNKNOWN_STATUS)
    words = fold(cells.texts).str.replace("[ _.-]", "", regex=True).map(_STATUS)
    known = words.notna().to_numpy()
    statuses = np.where(known, words.to_numpy(dtype=object, na_value=None), DEFAULT_STATUS)
    out.texts(statuses, problems(known, UNKNOWN_STATUS))
    return Parsed(**out.parsed())
