"""Settings: the tab wins over the config file, which wins over the defaults; locale rules."""

from __future__ import annotations

import datetime as dt

import pytest

from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.normalize import normalize
from sheetsync.sources.base import RawWorkbook

SALES = [["date", "amount"], ["03/04/2025", "1.5"], ["04/04/2025", "2,5"]]


def settings_of(rows=None, config=None, locale=None, today=dt.date(2025, 12, 31)):
    tabs = {"Sales": SALES}
    if rows is not None:
        tabs["Settings"] = [["key", "value"], *rows]
    raw = RawWorkbook(title="t", tabs=tabs, locale=locale)
    return normalize(raw, config or Config(), today=today)


def test_defaults_for_an_xlsx_without_settings() -> None:
    s = settings_of().settings
    assert (s.locale, s.language, s.timezone, s.vat_rate, s.period) == (
        "en_GB",
        "en",
        "Europe/Paris",
        0.0,
        "month",
    )
    assert s.as_of == dt.date(2025, 12, 31) and s.day_first


def test_the_settings_tab_wins_over_the_config_file() -> None:
    config = Config(settings={"vat_rate": "5.5%", "cohort_days": 60, "period": "week"})
    s = settings_of([["VAT rate", "20%"], ["Cohort-Days", ""]], config).settings
    assert s.vat_rate == 0.2  # the tab
    assert s.cohort_days == 60  # the tab's empty value means "not set here": the file's
    assert s.period == "week"


def test_french_language_makes_an_xlsx_read_decimal_commas() -> None:
    data = settings_of([["language", "fr"]])
    assert data.settings.locale == "fr_FR"
    assert list(data.sales["amount"]) == [1.5, 2.5]
    assert data.sales["date"].iloc[0] == dt.datetime(2025, 4, 3)  # day first


def test_en_us_sheet_reads_month_first_unless_date_order_says_otherwise() -> None:
    assert settings_of(locale="en_US").sales["date"].iloc[0] == dt.datetime(2025, 3, 4)
    data = settings_of([["date_order", "DMY"]], locale="en_US")
    assert data.sales["date"].iloc[0] == dt.datetime(2025, 4, 3)


def test_only_locale_set_makes_language_follow_it() -> None:
    s = settings_of([["locale", "fr-CA"]]).settings
    assert (s.locale, s.language) == ("fr_CA", "fr")


def test_a_bad_value_is_an_issue_and_the_default_is_used() -> None:
    data = settings_of([["period", "fortnight"], ["cohort_days", "0"], ["as_of", "demain"]])
    assert data.settings.period == "month" and data.settings.cohort_days == 30
    problems = [(i.row, i.field, i.action) for i in data.issues if i.tab == "Settings"]
    assert problems == [(2, "value", "default used"), (3, "value", "default used"),
                        (4, "value", "default used")]  # fmt: skip


def test_tab_and_target_prefixes() -> None:
    rows = [["tab.sales", "Sales"], ["target.CAC", "40"], ["target.churn rate", "5 %"],
            ["target.nope", "1"]]  # fmt: skip
    data = settings_of(rows)
    assert data.settings.targets == {"cac": 40.0, "churn_rate": 0.05}
    assert [i.problem for i in data.issues if i.tab == "Settings"] == [
        "target.nope: unknown KPI key"
    ]


def test_a_bad_value_in_the_config_file_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="attribution_model"):
        settings_of(config=Config(settings={"attribution_model": "magic"}))


def test_as_of_cuts_everything_after_it() -> None:
    data = settings_of([["as_of", "2025-04-02"]])
    assert data.sales.empty
    assert data.issues[1].problem == "date after the as-of date (2025-04-02)"


def test_a_tab_rename_naming_no_tab_is_an_issue_not_silence() -> None:
    data = settings_of([["tab.spend", "Pubs"], ["Tab Costs", "Frais fixes"]])
    issues = [(i.row, i.column, i.problem) for i in data.issues if i.tab == "Settings"]
    assert issues == [(2, "B", "tab.spend: no tab named 'Pubs'"),
                      (3, "B", "tab.costs: no tab named 'Frais fixes'")]  # fmt: skip
    assert data.spend is None


def test_the_document_holds_the_date_order_the_dates_were_read_with():
    from sheetsync.settings import Settings

    day = dt.date(2025, 12, 31)
    assert Settings(as_of=day, locale="fr_FR").to_json()["date_order"] == "DMY"
    assert Settings(as_of=day, locale="en_US").to_json()["date_order"] == "MDY"
    assert Settings(as_of=day, locale="en_US", date_order="DMY").to_json()["date_order"] == "DMY"
