"""docs/figures.md, Per period: the range of periods, their keys, bounds, the partial last one."""

from __future__ import annotations

from tests.workbooks import kpis, period

SALES = [["date", "amount", "email"], ["2025-12-03", 100, "a@b.co"]]


def test_periods_start_at_the_first_day_of_a_spend_month():
    doc = kpis({"Sales": SALES, "Spend": [["month", "spend"], ["11/2025", 300]]}, period="week")
    first = doc["periods"][0]
    # November 2025 counts from Saturday 1 November, in ISO week 2025-W44 (Mon 27 Oct)
    assert (first["period"], first["start"], first["end"]) == (
        "2025-W44",
        "2025-10-27",
        "2025-11-02",
    )
    assert first["spend_ht"] == 20.0  # 300 / 30 days × 2 days (Nov 1, Nov 2)


def test_iso_week_keys_use_the_iso_year_at_year_boundaries():
    costs = [["month", "amount"], ["déc. 2024", 310]]
    doc = kpis({"Sales": SALES, "Costs": costs}, period="week", as_of="2025-01-05")
    keys = [p["period"] for p in doc["periods"]]
    # Dec 1 2024 is a Sunday in 2024-W48; Mon 30 Dec 2024 starts 2025-W01
    assert keys == ["2024-W48", "2024-W49", "2024-W50", "2024-W51", "2024-W52", "2025-W01"]
    w01 = period(doc, "2025-W01")
    assert (w01["start"], w01["end"], w01["partial"]) == ("2024-12-30", "2025-01-05", False)
    assert w01["fixed_costs"] == 20.0  # Dec 30 and 31: 2 × 310 / 31


def test_week_53_and_partial_last_week():
    sales = [["date", "amount"], ["2020-12-31", 10]]
    doc = kpis({"Sales": sales}, period="week", as_of="2021-01-04")
    # 2020-12-31 is a Thursday of 2020-W53; 2021-01-04 (Monday) starts 2021-W01, partial
    assert [(p["period"], p["partial"]) for p in doc["periods"]] == [
        ("2020-W53", False), ("2021-W01", True),
    ]  # fmt: skip
    assert doc["periods"][-1]["end"] == "2021-01-10"  # the calendar end, even when partial


def test_periods_run_to_as_of_even_without_data_in_the_last_ones():
    doc = kpis({"Sales": SALES}, as_of="2026-02-10")
    assert [p["period"] for p in doc["periods"]] == ["2025-12", "2026-01", "2026-02"]
    feb = period(doc, "2026-02")
    assert (feb["orders"], feb["gross_sales_ttc"], feb["aov_ttc"], feb["partial"]) == (
        0, 0.0, None, True,
    )  # fmt: skip


def test_signups_per_day_divides_by_days_up_to_as_of_and_totals_by_the_whole_range():
    signups = [["date", "email", "source"]] + [
        [f"2025-11-{d:02d}", f"n{d}@x.co", "yt"] for d in (1, 2, 3)
    ] + [[f"2025-12-{d:02d}", f"d{d}@x.co", "yt"] for d in (1, 2, 3, 4)]  # fmt: skip
    doc = kpis({"Sales": SALES, "Signups": signups}, as_of="2025-12-20")
    # Nov: 3 / 30; Dec (partial): 4 / 20; totals: 7 / (30 + 20)
    assert period(doc, "2025-11")["signups_per_day"] == 3 / 30
    assert period(doc, "2025-12")["signups_per_day"] == 4 / 20
    assert doc["totals"]["signups_per_day"] == 7 / 50
