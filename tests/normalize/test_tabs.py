"""Which tab is what: several tabs of one kind combined, `tab.<kind>` naming several tabs,
tabs matching nothing listed, and mappings from the Settings tab."""

from __future__ import annotations

import pytest

from sheetsync.errors import MissingColumn
from tests.normalize.conftest import export_rows, read_book


def test_stripe_and_paypal_tabs_are_both_sales_in_workbook_order() -> None:
    data = read_book({"Stripe export": export_rows("stripe_payments"),
                      "PayPal": export_rows("paypal_activity_fr")})  # fmt: skip
    assert len(data.sales) == 5 + 3
    assert data.sales["order_id"].tolist()[:1] == ["ch_3Q0001AbCdEf"]
    assert data.refunds["order"].tolist() == [2, 3, 5]  # the PayPal refund: its own tab's order
    kinds = [(s["title"], s["kind"], s["recognised_by"], s["export"]) for s in data.sources]
    assert kinds == [("Stripe export", "Sales", "export", "Stripe payments"),
                     ("PayPal", "Sales", "export", "PayPal activity")]  # fmt: skip


def test_two_signup_lists_and_two_ad_reports_are_combined() -> None:
    data = read_book(
        {"Sales": [["date", "amount"], ["2026-01-01", 1]],
         "Mailchimp YouTube": export_rows("mailchimp_audience"),
         "Brevo": export_rows("brevo_contacts"),
         "Meta": export_rows("meta_ads_en"), "Google": export_rows("google_ads_en")},
        [["source.Mailchimp YouTube", "YouTube"], ["source.brevo", "Blog"]],
    )  # fmt: skip
    assert data.signups["source"].tolist() == ["YouTube"] * 3 + ["Blog"] * 2
    assert data.spend.groupby("channel")["spend"].sum().round(2).to_dict() == {
        "Facebook Ads": 184.4, "Google Ads": 1035.94}  # fmt: skip


def test_tab_sales_may_name_several_tabs_separated_by_semicolons() -> None:
    rows = [["date", "amount"], ["2026-01-02", 10]]
    data = read_book({"Boutique": rows, "Atelier": [["date", "amount"], ["2026-01-03", 5]],
                      "Notes": [["anything"]]},
                     [["tab.sales", "Boutique; Atelier"]])  # fmt: skip
    assert data.sales["amount"].tolist() == [10.0, 5.0]
    assert [s["recognised_by"] for s in data.sources] == ["setting", "setting", None, "name"]
    assert data.sources[2]["kind"] is None  # matches nothing: listed, not read


def test_a_column_line_of_the_settings_tab_maps_a_header() -> None:
    rows = [["Jour", "Prix payé"], ["2026-01-02", 10]]
    data = read_book({"Ventes": rows}, [["column.sales.date", "Jour"],
                                        ["column.sales.amount", "Prix payé"]])  # fmt: skip
    assert data.sales["amount"].tolist() == [10.0]
    assert data.settings.to_json()["column.sales.amount"] == "Prix payé"


def test_a_column_line_wins_over_a_preset_column() -> None:
    # The amount as charged: in its own `Currency` (usd), converted with the sheet's rate.
    data = read_book({"Stripe": export_rows("stripe_payments")},
                     [["column.sales.amount", "Amount"], ["rate.USD", "0.5"]])  # fmt: skip
    assert data.sales.set_index("order_id").loc["ch_3Q0002AbCdEf", "amount"] == 50.0
    data = read_book({"Stripe": export_rows("stripe_payments")},
                     [["column.sales.product", "Customer Email"]])  # fmt: skip
    assert data.sales["product"].iloc[0] == "ann@example.com"


def test_the_missing_column_message_names_the_settings_line_to_add() -> None:
    with pytest.raises(MissingColumn) as info:
        read_book({"Sales": [["Jour", "amount"], ["2026-01-02", 1]]})
    assert "`column.sales.date = <your header>` in the Settings tab" in info.value.hint
