"""Model pieces → Sheets v4 request fragments: cells, rules, banding, charts.

Text is always a `stringValue` (a channel named `=IMPORTXML(...)` stays text); the only
`formulaValue` is a sparkline over an A1 range of our own cells, built from coordinates. Links
to cells of other tabs are `textFormatRuns` with a `#gid=<sheetId>&range=A1` uri.

Rule thresholds are written so the sheet's locale cannot misread them: whole numbers as digits,
others as a formula of two whole numbers (`=1/4`), which needs no decimal mark or separator.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from sheetsync.dashboard.formats import number_pattern, sheets_number_type
from sheetsync.dashboard.model import (
    Area,
    Banding,
    Cell,
    Chart,
    ColorScale,
    NumberRule,
    Rule,
    Style,
)
from sheetsync.dashboard.styles import STYLES, TONE_COLORS, align_of

FONT = "Arial"
BAND_FIRST, BAND_SECOND = "FFFFFF", "F8F9FA"
CONDITIONS = {
    "gt": "NUMBER_GREATER",
    "lt": "NUMBER_LESS",
    "ge": "NUMBER_GREATER_THAN_EQ",
    "le": "NUMBER_LESS_THAN_EQ",
}
CHART_TYPES = {"column": "COLUMN", "line": "LINE", "bar": "BAR"}


def color(hex_rgb: str) -> dict[str, Any]:
    """A ColorStyle from `RRGGBB`."""
    r, g, b = (int(hex_rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return {"rgbColor": {"red": round(r, 4), "green": round(g, 4), "blue": round(b, 4)}}


def grid_range(sheet_id: int, area: Area) -> dict[str, int]:
    """A GridRange of an area."""
    return {
        "sheetId": sheet_id,
        "startRowIndex": area.row,
        "endRowIndex": area.end_row,
        "startColumnIndex": area.col,
        "endColumnIndex": area.end_col,
    }


def cell_data(cell: Cell, link_uri: str | None) -> dict[str, Any]:
    """One CellData without its format: value, note and link."""
    data: dict[str, Any] = {}
    if cell.sparkline is not None:
        data["userEnteredValue"] = {"formulaValue": f"=SPARKLINE({cell.sparkline.a1()})"}
    elif isinstance(cell.value, str):
        data["userEnteredValue"] = {"stringValue": cell.value}
    elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        data["userEnteredValue"] = {"numberValue": float(cell.value)}
    if cell.note:
        data["note"] = cell.note
    if link_uri and isinstance(cell.value, str) and cell.value:
        data["textFormatRuns"] = [{"startIndex": 0, "format": {"link": {"uri": link_uri}}}]
    return data


def cell_format(cell: Cell, currency: str, language: str) -> dict[str, Any]:
    """The CellFormat of a cell's kind and style."""
    spec = STYLES[cell.style]
    text: dict[str, Any] = {
        "fontFamily": FONT,
        "fontSize": spec.size,
        "bold": spec.bold,
        "italic": spec.italic,
        "underline": spec.underline,
        "foregroundColorStyle": color(spec.color),
    }
    fmt: dict[str, Any] = {
        "textFormat": text,
        "verticalAlignment": "MIDDLE",
        "horizontalAlignment": align_of(cell).upper(),
        "wrapStrategy": "WRAP" if spec.wrap else "OVERFLOW_CELL",
    }
    pattern = number_pattern(cell.kind, currency, language)
    if pattern is not None:
        fmt["numberFormat"] = {"type": sheets_number_type(cell.kind), "pattern": pattern}
    if spec.fill:
        fmt["backgroundColorStyle"] = color(spec.fill)
    borders: dict[str, Any] = {}
    if spec.border_bottom:
        borders["bottom"] = {"style": "SOLID_MEDIUM", "colorStyle": color(spec.border_bottom)}
    if cell.gap_left:
        borders["left"] = {"style": "SOLID_THICK", "colorStyle": color("FFFFFF")}
    if borders:
        fmt["borders"] = borders
    return fmt


def _threshold(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    fraction = Fraction(value).limit_denominator(10**6)
    return f"={fraction.numerator}/{fraction.denominator}"


def rule_body(rule: Rule, sheet_id: int) -> dict[str, Any]:
    """A ConditionalFormatRule."""
    ranges = [grid_range(sheet_id, rule.area)]
    if isinstance(rule, ColorScale):
        return {
            "ranges": ranges,
            "gradientRule": {
                "minpoint": {"colorStyle": color(rule.low), "type": "MIN"},
                "midpoint": {"colorStyle": color(rule.mid), "type": "PERCENTILE", "value": "50"},
                "maxpoint": {"colorStyle": color(rule.high), "type": "MAX"},
            },
        }
    assert isinstance(rule, NumberRule)
    text_color, fill = TONE_COLORS[rule.tone]
    return {
        "ranges": ranges,
        "booleanRule": {
            "condition": {
                "type": CONDITIONS[rule.op],
                "values": [{"userEnteredValue": _threshold(rule.threshold)}],
            },
            "format": {
                "textFormat": {"foregroundColorStyle": color(text_color), "bold": True},
                "backgroundColorStyle": color(fill),
            },
        },
    }


def banding_body(banding: Banding, sheet_id: int) -> dict[str, Any]:
    """A BandedRange (header row in the header style, total row in the total style)."""
    rows: dict[str, Any] = {
        "headerColorStyle": color(STYLES[Style.HEADER].fill or "FFFFFF"),
        "firstBandColorStyle": color(BAND_FIRST),
        "secondBandColorStyle": color(BAND_SECOND),
    }
    if banding.footer:
        rows["footerColorStyle"] = color(STYLES[Style.TOTAL].fill or "FFFFFF")
    return {"range": grid_range(sheet_id, banding.area), "rowProperties": rows}


def chart_body(chart: Chart, sheet_id: int) -> dict[str, Any]:
    """An EmbeddedChart: a basic chart over our own tables, floating at its anchor cell."""
    domain_axis, value_axis = (
        ("LEFT_AXIS", "BOTTOM_AXIS") if chart.kind == "bar" else ("BOTTOM_AXIS", "LEFT_AXIS")
    )
    series = [
        {
            "series": {"sourceRange": {"sources": [grid_range(sheet_id, area)]}},
            "targetAxis": value_axis,
            "colorStyle": color(chart.colors[i % len(chart.colors)]),
        }
        for i, area in enumerate(chart.series)
    ]
    basic: dict[str, Any] = {
        "chartType": CHART_TYPES[chart.kind],
        "legendPosition": "BOTTOM_LEGEND" if len(series) > 1 else "NO_LEGEND",
        "headerCount": 1,
        "axis": [{"position": value_axis, "title": chart.y_title}, {"position": domain_axis}],
        "domains": [{"domain": {"sourceRange": {"sources": [grid_range(sheet_id, chart.domain)]}}}],
        "series": series,
    }
    if chart.stacked:
        basic["stackedType"] = "STACKED"
    row, col = chart.anchor
    return {
        "spec": {
            "title": chart.title,
            "altText": chart.title,
            "fontName": FONT,
            "basicChart": basic,
        },
        "position": {
            "overlayPosition": {
                "anchorCell": {"sheetId": sheet_id, "rowIndex": row, "columnIndex": col},
                "offsetXPixels": 4,
                "offsetYPixels": 4,
                "widthPixels": chart.width_px,
                "heightPixels": chart.height_px,
            }
        },
    }
