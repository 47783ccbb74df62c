"""docs/figures.md, Per salesperson (seed 004)."""

from __future__ import annotations

from tests.workbooks import kpis

SALES = [
    ["date", "amount", "email", "vendeur", "vat"],
    ["2025-12-01", 120, "a@x.co", "Anne ", "20%"],
    ["2025-12-02", 60, "b@x.co", "anne", "20%"],
    ["2025-12-03", 100, "c@x.co", None, 0],  # no salesperson: belongs to no row
    ["2025-12-04", 30, None, "Bob", 0],
]
SIGNUPS = [
    ["date", "email", "source", "commercial"],
    ["2025-11-01", "a@x.co", "yt", None],
    ["2025-11-02", "a@x.co", "yt", "Carl"],  # a's earliest row naming an owner
    ["2025-11-03", "a@x.co", "yt", "ANNE"],
    ["2025-11-04", "e@x.co", "yt", "Anne"],  # e never buys
    ["2025-12-05", "c@x.co", "yt", "Bob"],  # c bought on 12-03, before signing up
]


def test_salespeople_group_names_and_own_leads_by_their_earliest_named_signup_row():
    rows = {r["salesperson"]: r for r in kpis({"Sales": SALES, "Signups": SIGNUPS})["salespeople"]}
    # "Anne" is the most frequent spelling of anne (Signups "Anne" + Sales "Anne " trimmed)
    assert set(rows) == {"Anne", "Bob", "Carl"}
    anne, bob, carl = rows["Anne"], rows["Bob"], rows["Carl"]
    # Anne: 2 orders, revenue 100 + 50, average sale (120 + 60) / 2; lead e not converted
    assert (anne["orders"], anne["revenue_ht"], anne["average_sale_ttc"]) == (2, 150.0, 90.0)
    assert anne["lead_to_customer_rate"] == 0.0
    # Bob: 1 order of 30; lead c ordered only before signing up → 0 / 1
    assert (bob["orders"], bob["revenue_ht"], bob["lead_to_customer_rate"]) == (1, 30.0, 0.0)
    # Carl: no sale (0, null average), owns a, who converted → 1 / 1
    assert (carl["orders"], carl["average_sale_ttc"], carl["lead_to_customer_rate"]) == (
        0,
        None,
        1.0,
    )


def test_salesperson_conversion_is_null_without_an_owner_column():
    signups = [row[:3] for row in SIGNUPS]
    rows = kpis({"Sales": SALES, "Signups": signups})["salespeople"]
    assert [(r["salesperson"], r["lead_to_customer_rate"]) for r in rows] == [
        ("Anne", None), ("Bob", None),
    ]  # fmt: skip


def test_no_salesperson_column_means_no_salespeople():
    assert kpis({"Sales": [row[:3] for row in SALES]})["salespeople"] == []
