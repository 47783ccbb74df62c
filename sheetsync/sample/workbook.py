"""Write the sample business as a reproducible `.xlsx` workbook."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from sheetsync.cell_refs import column_letter
from sheetsync.errors import UsageError
from sheetsync.sample import messy, tab_frames
from sheetsync.sample.business import simulate
from sheetsync.sample.costs import costs_frame
from sheetsync.sample.export_tabs import build_export_tabs
from sheetsync.sample.market import make_calendar
from sheetsync.sample.messy import PlantedIssue

DATE, STAMP, MONEY = "dd/mm/yyyy", "dd/mm/yyyy hh:mm", '#,##0.00\\ "€"'
# Number formats per header, so the file opens looking like a French user's sheet.
FORMATS = {
    "Date de commande": DATE,
    "Date de remboursement": DATE,
    "Date d'inscription": STAMP,
    "Date": DATE,
    "Montant TTC": MONEY,
    "Montant remboursé": MONEY,
    "Dépense": MONEY,
    "Montant": MONEY,
}


@dataclass(frozen=True)
class SampleSummary:
    """What `write_sample` wrote: where, how many rows per tab, which days, which bad cells."""

    path: Path
    counts: dict[str, int]  # tab title -> rows below the header (blank and bad rows included)
    first_date: dt.date
    last_date: dt.date
    planted: tuple[PlantedIssue, ...]


def build_tabs(
    *, seed: int, months: int, end: dt.date
) -> tuple[dict[str, pd.DataFrame], tuple[PlantedIssue, ...]]:
    """The sample's tabs (title -> frame whose columns are the headers) and its bad cells."""
    cal = make_calendar(end, months)
    biz = simulate(seed, cal)
    # One generator per tab, so that changing how one tab is dressed leaves the others alone.
    rngs = [np.random.default_rng([seed, k]) for k in range(5)]
    planters = [
        messy.mess_sales(rngs[0], tab_frames.sales_frame(biz), end),
        messy.mess_signups(rngs[1], tab_frames.signups_frame(biz)),
        messy.mess_spend(tab_frames.spend_frame(rngs[2], biz)),
        messy.Planter(tab_frames.COSTS, costs_frame(rngs[3], biz), {}),
        messy.mess_feedback(tab_frames.feedback_frame(rngs[4], biz)),
        messy.mess_settings(tab_frames.settings_frame()),
    ]
    _type_costs_text(planters[3].frame)
    tabs = {p.tab: p.frame for p in planters}
    return tabs, tuple(issue for p in planters for issue in p.issues)


def _type_costs_text(frame: pd.DataFrame) -> None:
    """The first salary line was typed by hand, as French text."""
    salaries = np.flatnonzero((frame["Poste"] == "Salaires").to_numpy())
    if len(salaries):
        frame.iat[salaries[0], frame.columns.get_loc("Montant")] = "2 450,00 €"


def write_sample(
    path: str | os.PathLike[str],
    *,
    seed: int = 42,
    months: int = 18,
    end: dt.date | None = None,
    exports: bool = False,
) -> SampleSummary:
    """Write a demo workbook of an info-product business; same arguments, same bytes.

    The data covers the `months` calendar months ending with `end`'s month (default: today),
    up to `end`, plus one planted order dated after `end`. The document properties and the
    archive members are dated `end` at midnight, so the bytes depend only on the arguments (and
    on the openpyxl version, which serialises the XML). With ``exports``, sales, signups and
    Facebook spend are written as pasted Stripe, PayPal, Mailchimp and Meta Ads exports.
    """
    if months < 1:
        raise UsageError(f"months must be at least 1, not {months}", hint="try --months 18")
    end = end or dt.date.today()
    planted: tuple[PlantedIssue, ...] = ()
    if exports:
        tabs = build_export_tabs(seed=seed, months=months, end=end)
    else:
        tabs, planted = build_tabs(seed=seed, months=months, end=end)
    wb = Workbook(write_only=True)
    stamp = dt.datetime(end.year, end.month, end.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = wb.properties.lastModifiedBy = "sheetsync sample"
    for title, frame in tabs.items():
        _write_tab(wb, title, frame)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # save_workbook would stamp "modified" with now
    target = Path(path)
    target.write_bytes(_restamp(buffer.getvalue(), stamp))
    first = make_calendar(end, months).start
    counts = {title: len(frame) for title, frame in tabs.items()}
    return SampleSummary(target, counts, first, end, planted)


def _restamp(data: bytes, stamp: dt.datetime) -> bytes:
    """The same archive with every member dated `stamp`, so the file's bytes are reproducible."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():  # a dozen archive members, not rows
            member = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, source.read(info.filename))
    return out.getvalue()


def _write_tab(wb: Workbook, title: str, frame: pd.DataFrame) -> None:
    ws = wb.create_sheet(title)
    ws.freeze_panes = "A2"
    for i, header in enumerate(frame.columns, 1):
        ws.column_dimensions[column_letter(i - 1)].width = max(12, len(header) + 4)
    bold = Font(bold=True)
    header_cells = []
    for header in frame.columns:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    values = frame.to_numpy(dtype=object, copy=True)
    empty = pd.isna(values) | (values == "")
    values[empty] = None
    styled: dict[int, Cell] = {}
    for i, header in enumerate(frame.columns):
        if header in FORMATS:
            styled[i] = WriteOnlyCell(ws)
            styled[i].number_format = FORMATS[header]
    # openpyxl writes each appended row at once, so one styled cell per column can be reused.
    for row in values.tolist():
        for i, cell in styled.items():
            if row[i] is not None:
                cell.value = row[i]
                row[i] = cell
        ws.append(row)
