"""Signups rows -> touches (docs/workbook.md, Signups): every valid row is a touch."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sheetsync.normalize.headers import Table
from sheetsync.normalize.issues import Action, IssueLog
from sheetsync.normalize.sales import Reader, as_read
from sheetsync.normalize.values import parse_email, spellings, trimmed_text
from sheetsync.settings import Settings


@dataclass
class SignupRows:
    """Kept signup rows, with email_code: index into email_table (ParsedEmails.table)."""

    touches: pd.DataFrame
    email_table: pd.Series


def read_signups(table: Table, log: IssueLog, settings: Settings, comma: bool) -> SignupRows:
    """Touches in sheet row order, with raw channel/owner spellings for display grouping."""
    r = Reader(table, log, settings, comma)
    keep = table.start()
    dates, keep, _ = r.dates("date", keep)
    email = parse_email(r.column("email"))
    keep = r.required("email", email, keep, "email")
    touches = pd.DataFrame(
        {
            "row": table.rows,
            "date": dates,
            "email": email.values,
            "email_code": email.codes,
            "source_raw": spellings(r.column("source")),
            "campaign": trimmed_text(r.column("campaign")),
            "owner_raw": spellings(r.column("owner")),
        },
        copy=False,  # the parsers' arrays are ours: no copy before the row filter
    )[keep.to_numpy()].reset_index(drop=True)
    return SignupRows(touches, email.table)


def read_feedback(table: Table, log: IssueLog, settings: Settings, comma: bool) -> pd.DataFrame:
    """Feedback rows up to as_of (undated rows kept); an unreadable yes/no counts as no."""
    from sheetsync.normalize.values import parse_bool, parse_date, parse_number

    r = Reader(table, log, settings, comma)
    keep = table.start()
    email = parse_email(r.column("email"))
    keep = r.required("email", email, keep, "email")
    date = parse_date(r.column("date"), day_first=settings.day_first, timezone=settings.timezone)
    dates = r.optional("date", date, keep)
    late = keep & (dates > pd.Timestamp(settings.as_of))
    problem = f"date after the as-of date ({settings.as_of.isoformat()})"
    r.flag("date", as_read(dates, late), late, problem, Action.ROW_SKIPPED)
    keep &= ~late
    flags = {}
    for name in ("reviewed", "referred"):
        parsed = parse_bool(r.column(name))
        r.report(name, parsed, Action.DEFAULT_USED, keep, "not a yes/no value (counted as no)")
        flags[name] = parsed.values.where(parsed.values.notna(), False).astype(bool)
    rating = parse_number(r.column("rating"), decimal_comma=comma)
    ratings = r.optional("rating", rating, keep).astype(float)
    out_of_range = keep & ratings.notna() & ((ratings < 1) | (ratings > 5))
    r.flag(
        "rating", r.column("rating"), out_of_range, "rating not from 1 to 5", Action.VALUE_IGNORED
    )
    return pd.DataFrame(
        {
            "row": table.rows,
            "email": email.values,
            "date": dates,
            **flags,
            "rating": ratings.where(~out_of_range),
        }
    )[keep.to_numpy()].reset_index(drop=True)
