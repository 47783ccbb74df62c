"""Which number formats are dates, times or durations: calamine's own cases (formats.rs)."""

from __future__ import annotations

import pytest

from sheetsync.sources.xlsx_dates import DATETIME, OTHER, TIMEDELTA, custom_format_kind


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("DD/MM/YY", DATETIME),
        ("H:MM:SS;@", DATETIME),
        ("#,##0\\ [$\\u20bd-46D]", OTHER),
        ('m"M"d"D";@', DATETIME),
        ("[h]:mm:ss", TIMEDELTA),
        ('"Y: "0.00"m";"Y: "-0.00"m";"Y: <num>m";@', OTHER),
        ("#,##0\\ [$''u20bd-46D]", OTHER),
        ('"$"#,##0_);[Red]("$"#,##0)', OTHER),
        ('[$-404]e"\\xfc"m"\\xfc"d"\\xfc"', DATETIME),
        ("0_ ;[Red]\\-0\\ ", OTHER),
        ("\\Y000000", OTHER),
        ('#,##0.0####" YMD"', OTHER),
        ("[h]", TIMEDELTA),
        ("[ss]", TIMEDELTA),
        ("[s].000", TIMEDELTA),
        ("[m]", TIMEDELTA),
        ("[mm]", TIMEDELTA),
        ("[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm", TIMEDELTA),
        ("[>=100][Magenta][s].00", TIMEDELTA),
        ("h:mm AM/PM", DATETIME),
        ("0.00*m", OTHER),  # * fills with the next character
        ('0.00" m"', OTHER),
        ("General", OTHER),
    ],
)
def test_custom_formats_are_dates_as_calamine_decides(code: str, kind: int) -> None:
    assert custom_format_kind(code) == kind
