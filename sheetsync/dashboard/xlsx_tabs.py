"""Dashboard model → a small .xlsx package holding only the dashboard's tabs.

The sources put its tabs into the user's file (``sources/xlsx_splice.py``). openpyxl writes the
tabs' formats, merges, rules, charts and notes; the cells and links, thousands of them on a Data
issues tab, are written as text directly (``xlsx_sheet_data``): about 20 times faster.
Differences from Google Sheets, by necessity:
- Text is written as a string cell (`data_type` 's', quote-prefixed), so `=IMPORTXML(...)` in a
  channel name stays text.
- Excel has no SPARKLINE function (and openpyxl cannot write Excel's own sparklines): the trend
  cell shows the row drawn with block characters (▁▃▅█), computed from our numbers.
- Banding is drawn as fills (an Excel table would forbid the merged section titles).
- Number rules are formula rules guarded by ISNUMBER, because Excel compares text (`—`) as
  greater than every number.
- xlsx has no warning-only protection; the tabs are left unprotected.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from sheetsync.cell_refs import column_letter
from sheetsync.dashboard import xlsx_sheet_data
from sheetsync.dashboard.formats import number_pattern
from sheetsync.dashboard.model import (
    Area,
    Cell,
    Chart,
    ColorScale,
    Dashboard,
    NumberRule,
    Style,
    Tab,
)
from sheetsync.dashboard.sheets_parts import BAND_FIRST, BAND_SECOND, FONT
from sheetsync.dashboard.styles import STYLES, TONE_COLORS, align_of

BLOCKS = "▁▂▃▄▅▆▇█"
OPS = {"gt": ">", "lt": "<", "ge": ">=", "le": "<="}
PX_PER_CM = 37.8


def render_package(dashboard: Dashboard) -> bytes:
    """The dashboard's tabs, in order, as the bytes of an .xlsx file."""
    book = Workbook()
    book.remove(book.worksheets[0])
    formats = book.create_sheet("formats")  # one cell per distinct format gives its style id
    written = []
    for tab in dashboard.tabs:
        sheet = book.create_sheet(tab.name)
        written.append(_render_tab(sheet, tab, dashboard, _StyleIds(formats, tab, dashboard)))
    book.remove(formats)  # its formats stay in the workbook's list
    buffer = io.BytesIO()
    book.save(buffer)
    return _with_cells(buffer.getvalue(), written)


def _with_cells(package: bytes, written: list[tuple[str, str, str]]) -> bytes:
    """openpyxl's package with each tab's cells put in (openpyxl names tab i sheet<i>.xml)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as dest:
        for info in source.infolist():
            data = source.read(info)
            for i, (cells, links, extent) in enumerate(written, start=1):
                if info.filename == f"xl/worksheets/sheet{i}.xml":
                    data = xlsx_sheet_data.with_cells(data, cells, links, extent)
            dest.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


class _StyleIds:
    """The workbook style id of each cell's look, made once per distinct look."""

    def __init__(self, formats: Worksheet, tab: Tab, dashboard: Dashboard) -> None:
        self.formats, self.tab, self.dashboard = formats, tab, dashboard
        self.band = _band_fills(tab)
        self.known: dict[tuple[Any, ...], int] = {}

    def __call__(self, pos: tuple[int, int], cell: Cell) -> int:
        value = self.value(cell)
        quote = isinstance(value, str) and value.startswith(("=", "+", "-", "@"))
        band = self.band.get(pos)
        key = (cell.style, cell.kind, align_of(cell), cell.gap_left, band, quote)
        if key not in self.known:
            # A new cell each time: a cell's style array is shared with the workbook's list.
            target = self.formats.cell(row=len(self.formats._cells) + 1, column=1)
            _style(target, cell, self.dashboard, band)
            target.quotePrefix = quote
            self.known[key] = target.style_id
        return self.known[key]

    def value(self, cell: Cell) -> Any:
        return sparkline_text(self.tab, cell.sparkline) if cell.sparkline else cell.value


def quote_sheet(name: str) -> str:
    """`'Ventes 2025'` as a formula or link names a tab (quotes doubled)."""
    return "'" + name.replace("'", "''") + "'"


def sparkline_text(tab: Tab, area: Area) -> str:
    """A row of numbers drawn with block characters, blank where a value is missing."""
    values = [tab.cells.get((area.row, c)) for c in range(area.col, area.end_col)]
    numbers = [c.value if c and isinstance(c.value, int | float) else None for c in values]
    present = [v for v in numbers if v is not None]
    if not present:
        return ""
    low, high = min(present), max(present)
    span = (high - low) or 1.0
    return "".join(
        " " if v is None else BLOCKS[round((v - low) / span * (len(BLOCKS) - 1))] for v in numbers
    )


def _render_tab(
    ws: Worksheet, tab: Tab, dashboard: Dashboard, style_ids: _StyleIds
) -> tuple[str, str, str]:
    """Lay the tab out with openpyxl; return its cells, links and extent as XML text."""
    ws.sheet_view.showGridLines = False
    if tab.frozen_rows:
        ws.freeze_panes = f"A{tab.frozen_rows + 1}"
    for col, px in tab.col_widths.items():
        ws.column_dimensions[column_letter(col)].width = round((px - 5) / 7, 1)
    for (row, col), cell in tab.cells.items():
        if cell.note:
            ws.cell(row=row + 1, column=col + 1).comment = Comment(
                cell.note, "sheetsync", width=260, height=80
            )
    for area in tab.merges:
        ws.merge_cells(
            start_row=area.row + 1,
            start_column=area.col + 1,
            end_row=area.end_row,
            end_column=area.end_col,
        )
    for rule in tab.rules:
        _add_rule(ws, rule)
    for chart in tab.charts:
        _add_chart(ws, chart, dashboard)
    for row in tab.page_breaks:
        ws.row_breaks.append(Break(id=row))  # id: the last row (1-based) of the page before
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    values = {pos: style_ids.value(cell) for pos, cell in tab.cells.items()}
    cells = xlsx_sheet_data.sheet_data(tab, values, style_ids)
    links = xlsx_sheet_data.hyperlinks(tab, quote_sheet)
    return cells, links, xlsx_sheet_data.dimension(tab)


def _band_fills(tab: Tab) -> dict[tuple[int, int], str]:
    """The banding colour of each cell under a banded table's header."""
    fills: dict[tuple[int, int], str] = {}
    for banding in tab.bandings:
        last = banding.area.end_row - (1 if banding.footer else 0)
        for i, row in enumerate(range(banding.area.row + 1, last)):
            for col in range(banding.area.col, banding.area.end_col):
                fills[(row, col)] = BAND_FIRST if i % 2 == 0 else BAND_SECOND
    return fills


def _style(target: Any, cell: Cell, dashboard: Dashboard, band: str | None) -> None:
    spec = STYLES[cell.style]
    target.font = Font(
        name=FONT,
        size=spec.size,
        bold=spec.bold,
        italic=spec.italic,
        underline="single" if spec.underline else None,
        color="FF" + spec.color,
    )
    fill = spec.fill or band
    if fill:
        target.fill = PatternFill(fill_type="solid", fgColor="FF" + fill)
    target.alignment = Alignment(horizontal=align_of(cell), vertical="center", wrap_text=spec.wrap)
    if spec.border_bottom or cell.gap_left:
        bottom = (
            Side(style="medium", color="FF" + spec.border_bottom) if spec.border_bottom else None
        )
        left = Side(style="thick", color="FFFFFFFF") if cell.gap_left else None
        target.border = Border(bottom=bottom, left=left)
    pattern = number_pattern(cell.kind, dashboard.currency, dashboard.language)
    if pattern and cell.style is not Style.SPARKLINE:
        target.number_format = pattern


def _add_rule(ws: Worksheet, rule: NumberRule | ColorScale) -> None:
    area = (
        rule.area.a1()
        if rule.area.height * rule.area.width > 1
        else (f"{rule.area.a1()}:{rule.area.a1()}")
    )
    first = rule.area.a1().split(":")[0]
    if isinstance(rule, ColorScale):
        ws.conditional_formatting.add(
            area,
            ColorScaleRule(
                start_type="min",
                start_color="FF" + rule.low,
                mid_type="percentile",
                mid_value=50,
                mid_color="FF" + rule.mid,
                end_type="max",
                end_color="FF" + rule.high,
            ),
        )
        return
    text_color, fill = TONE_COLORS[rule.tone]
    formula = f"AND(ISNUMBER({first}),{first}{OPS[rule.op]}{rule.threshold!r})"
    ws.conditional_formatting.add(
        area,
        FormulaRule(
            formula=[formula],
            font=Font(color="FF" + text_color, bold=True),
            fill=PatternFill(fill_type="solid", fgColor="FF" + fill, bgColor="FF" + fill),
        ),
    )


def _reference(ws: Worksheet, area: Area, skip_header: bool) -> Reference:
    by_row = area.height == 1
    row = area.row + 1 + (1 if skip_header and not by_row else 0)
    col = area.col + 1 + (1 if skip_header and by_row else 0)
    return Reference(ws, min_col=col, min_row=row, max_col=area.end_col, max_row=area.end_row)


def _add_chart(ws: Worksheet, chart: Chart, dashboard: Dashboard) -> None:
    drawing: BarChart | LineChart = LineChart() if chart.kind == "line" else BarChart()
    if isinstance(drawing, BarChart):
        drawing.type = "bar" if chart.kind == "bar" else "col"
        if chart.stacked:
            drawing.grouping = "stacked"
            drawing.overlap = 100
    for area in chart.series:
        drawing.add_data(
            _reference(ws, area, False), from_rows=area.height == 1, titles_from_data=True
        )
    drawing.set_categories(_reference(ws, chart.domain, True))
    drawing.x_axis.tickLblSkip = 1  # type: ignore[attr-defined]  # stubs: the base axis type
    if chart.kind == "bar":  # first category on top, as in Google Sheets
        drawing.x_axis.scaling.orientation = "maxMin"
        drawing.y_axis.crosses = "max"
    for i, series in enumerate(drawing.series):
        shade = chart.colors[i % len(chart.colors)]
        series.graphicalProperties.solidFill = shade
        series.graphicalProperties.line.solidFill = shade
    drawing.title = chart.title
    drawing.y_axis.title = chart.y_title or None
    drawing.x_axis.delete = False
    drawing.y_axis.delete = False
    drawing.y_axis.number_format = "#,##0"
    if len(chart.series) <= 1:
        drawing.legend = None
    elif drawing.legend is not None:  # a new chart has one
        drawing.legend.position = "b"
    # openpyxl's stubs say int, but the size is in cm and fractions are kept
    drawing.width = chart.width_px / PX_PER_CM  # type: ignore[assignment]
    drawing.height = chart.height_px / PX_PER_CM
    ws.add_chart(drawing, f"{column_letter(chart.anchor[1])}{chart.anchor[0] + 1}")
