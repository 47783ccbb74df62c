"""Year to date (docs/figures.md, Year to date): 1 January → as_of, and the same days a year earlier."""

from __future__ import annotations

SALES = [
    {"date": "2024-01-20", "amount": 100, "email": "a@x.fr"},
    {"date": "2024-03-15", "amount": 40, "email": "b@x.fr"},  # last day of ytd_previous
    {"date": "2024-03-16", "amount": 1000, "email": "c@x.fr"},  # one day too late
    {"date": "2025-01-01", "amount": 200, "email": "a@x.fr"},
    {"date": "2025-03-15", "amount": 50, "email": "d@x.fr"},
]


def test_ytd_runs_from_the_first_of_january_to_as_of(kpis):
    ytd = kpis(sales=SALES, as_of="2025-03-15")["ytd"]
    assert (ytd["start"], ytd["end"], ytd["partial"]) == ("2025-01-01", "2025-03-15", False)
    assert (ytd["orders"], ytd["gross_sales_ttc"], ytd["new_customers"]) == (2, 250.0, 1)
    assert ytd["signups_per_day"] is None  # no Signups tab: null, as per period


def test_ytd_previous_covers_the_same_days_a_year_earlier(kpis):
    previous = kpis(sales=SALES, as_of="2025-03-15")["ytd_previous"]
    assert (previous["start"], previous["end"]) == ("2024-01-01", "2024-03-15")
    assert (previous["orders"], previous["gross_sales_ttc"]) == (2, 140.0)


def test_ytd_previous_is_null_when_the_data_starts_after_its_first_day(kpis):
    out = kpis(sales=SALES[1:], as_of="2025-03-15")  # first period: March 2024
    assert out["ytd_previous"] is None
    assert out["ytd"]["orders"] == 2


def test_a_leap_day_as_of_compares_with_the_28th_of_february(kpis):
    sales = [{"date": "2023-01-02", "amount": 10}, {"date": "2024-02-29", "amount": 5}]
    out = kpis(sales=sales, as_of="2024-02-29")
    assert out["ytd"]["end"] == "2024-02-29"
    assert out["ytd_previous"]["end"] == "2023-02-28"


def test_ytd_churn_compares_active_on_the_31st_of_december_with_active_at_as_of(kpis):
    sales = [
        {"date": "2024-12-01", "amount": 10, "email": "a@x.fr"},
        {"date": "2024-12-20", "amount": 10, "email": "b@x.fr"},
        {"date": "2025-01-10", "amount": 10, "email": "b@x.fr"},
    ]
    ytd = kpis(sales=sales, as_of="2025-01-15", active_window_days=40)["ytd"]
    # on 31 Dec a and b are active; on 15 Jan a's order (1 Dec) is 45 days old: a churned
    assert (ytd["active_customers_start"], ytd["churned_customers"]) == (2, 1)
    assert ytd["churn_rate"] == 0.5
