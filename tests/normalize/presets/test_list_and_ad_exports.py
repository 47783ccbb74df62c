"""Signup lists and ad reports: dates, sources and channels from the sheet, totals rows."""

from __future__ import annotations

from collections.abc import Callable

from sheetsync.normalize.dataset import Dataset

Read = Callable[..., Dataset]


def test_mailchimp_opt_in_time_else_confirm_time_and_neither_is_an_issue(read_export: Read) -> None:
    data = read_export("mailchimp_audience", [["source.Feuille 3", "YouTube"]])
    days = data.signups["date"].dt.strftime("%Y-%m-%d").tolist()
    assert days == ["2025-12-20", "2025-12-28", "2025-12-30"]
    assert data.signups["source"].tolist() == ["YouTube"] * 3
    (issue,) = data.issues
    assert (issue.row, issue.problem, issue.action) == (5, "missing date", "row skipped")


def test_a_list_without_a_source_setting_counts_as_unknown_and_says_what_to_add(
    read_export: Read,
) -> None:
    data = read_export("substack_subscribers")
    assert data.signups["source"].tolist() == ["(unknown)", "(unknown)"]
    assert data.signups["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-01-01", "2026-01-02"]
    (issue,) = data.issues
    assert "`source.Feuille 3 = <channel>`" in issue.problem


def test_meta_report_spreads_a_reporting_span_over_its_days(read_export: Read) -> None:
    data = read_export("meta_ads_en")
    spend = data.spend
    assert len(spend) == 11 and set(spend["channel"]) == {"Facebook Ads"}
    assert round(spend["spend"].sum(), 2) == 184.4
    assert round(spend["spend"].iloc[0], 2) == 16.44  # 164.40 over 10 days
    assert round(spend["impressions"].sum(), 6) == 3297.0  # "2,497" read in the export's convention


def test_french_meta_report_reads_its_day_column_and_comma_numbers(read_export: Read) -> None:
    data = read_export("meta_ads_fr", [["channel.Feuille 3", "Instagram"]])
    assert data.spend["spend"].tolist() == [1234.56, 15.5]
    assert set(data.spend["channel"]) == {"Instagram"}


def test_google_ads_total_rows_are_left_out_in_english_and_french(read_export: Read) -> None:
    for name, left in (("google_ads_en", {"total row": 2}), ("google_ads_fr", {"total row": 1})):
        data = read_export(name, [["locale", "fr_FR"]])
        assert data.spend["spend"].tolist() == [12.34, 1023.6]
        assert data.spend["impressions"].tolist() == [1234.0, 10540.0]
        assert set(data.spend["channel"]) == {"Google Ads"}
        assert [s["left_out"] for s in data.sources if s["title"] == "Feuille 3"] == [left]
        assert [s["header_row"] for s in data.sources if s["title"] == "Feuille 3"] == [3]
