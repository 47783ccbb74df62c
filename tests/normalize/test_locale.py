"""docs/workbook.md, Locale: which locale reads the text cells of a workbook."""

from __future__ import annotations

import pytest

from sheetsync.normalize import normalize
from sheetsync.sources.base import RawWorkbook

SALES = [["date", "amount"], ["03/04/2025", "12,5"], ["2025-12-01", "1,234"]]


def _read(sheet_locale: str | None, **settings: str) -> tuple[str, str, list[tuple[str, float]]]:
    rows = [["key", "value"], ["as_of", "2025-12-31"], *([k, v] for k, v in settings.items())]
    data = normalize(RawWorkbook("Book", {"Sales": SALES, "Settings": rows}, locale=sheet_locale))
    sales = [
        (str(d.date()), a) for d, a in zip(data.sales["date"], data.sales["amount"], strict=True)
    ]
    return data.settings.locale, data.settings.language, sales


@pytest.mark.parametrize(
    ("sheet_locale", "settings", "expected"),
    [
        # a comma locale: 12,5 = 12.5, a single comma is decimal (1,234 = 1.234), day first
        ("de_DE", {}, ("de_DE", "en", [("2025-04-03", 12.5), ("2025-12-01", 1.234)])),
        # xlsx-like (no sheet locale): en_GB; 12,5 is not a number (row skipped), 1,234 = 1234
        (None, {}, ("en_GB", "en", [("2025-12-01", 1234.0)])),
        # language fr without locale: fr_FR
        (None, {"language": "fr"}, ("fr_FR", "fr", [("2025-04-03", 12.5), ("2025-12-01", 1.234)])),
        # the locale setting wins over the sheet's; language follows it
        (
            "de_DE",
            {"locale": "fr_FR"},
            ("fr_FR", "fr", [("2025-04-03", 12.5), ("2025-12-01", 1.234)]),
        ),
        # an explicit date_order wins over the locale
        (
            "fr_FR",
            {"date_order": "MDY"},
            ("fr_FR", "fr", [("2025-03-04", 12.5), ("2025-12-01", 1.234)]),
        ),
    ],
)
def test_text_cells_are_read_in_the_workbooks_locale(sheet_locale, settings, expected):
    assert _read(sheet_locale, **settings) == expected


def test_en_us_reads_month_first_and_babel_decides_the_decimal_mark():
    sales = [["date", "amount"], ["03/04/2025", "12.5"]]
    rows = [["key", "value"], ["as_of", "2025-12-31"]]
    data = normalize(RawWorkbook("Book", {"Sales": sales, "Settings": rows}, locale="en_US"))
    assert str(data.sales["date"].iloc[0].date()) == "2025-03-04"
    # de_CH writes 1'234.5 in Babel: a dot locale, so 12,5 there is not a number
    assert _read("de_CH")[2] == [("2025-12-01", 1234.0)]
