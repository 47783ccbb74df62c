"""Every known export is recognised from its header row alone, in every documented generation
and language, whatever its tab is called."""

from __future__ import annotations

import pytest

from sheetsync.normalize.exports import find_export, match_header, used_columns
from sheetsync.normalize.presets import PRESETS
from tests.normalize.conftest import EXPORTS, export_rows

FIXTURES = {
    "stripe_payments": "stripe_payments", "stripe_payments_2019": "stripe_payments",
    "paypal_activity_en": "paypal_activity", "paypal_activity_fr": "paypal_activity",
    "shopify_orders": "shopify_orders", "gumroad_sales": "gumroad_sales",
    "kajabi_payments": "kajabi_payments", "woocommerce_algolplus": "woocommerce_algolplus",
    "woocommerce_webtoffee": "woocommerce_webtoffee", "mailchimp_audience": "mailchimp_audience",
    "substack_subscribers": "substack_subscribers", "beehiiv_subscribers": "beehiiv_subscribers",
    "brevo_contacts": "brevo_contacts", "meta_ads_en": "meta_ads", "meta_ads_fr": "meta_ads",
    "google_ads_en": "google_ads", "google_ads_fr": "google_ads",
}  # fmt: skip


@pytest.mark.parametrize(("fixture", "key"), sorted(FIXTURES.items()))
def test_each_fixture_is_recognised_as_its_export(fixture: str, key: str) -> None:
    match = find_export(export_rows(fixture))
    assert match is not None and match.preset.key == key


def test_every_preset_has_a_fixture_file() -> None:
    assert {p.key for p in PRESETS} == set(FIXTURES.values())
    assert {p.stem for p in EXPORTS.glob("*.csv")} == set(FIXTURES)


def test_the_2014_stripe_generation_and_quoted_bom_headers_are_recognised() -> None:
    header = ["\ufeffid", '"Description"', "Created", "Amount", "Amount Refunded", "Currency",
              "Converted Amount", "Converted Amount Refunded", "Fee", "Mode", "Status"]  # fmt: skip
    hit = match_header(header)
    assert hit is not None and hit[0].key == "stripe_payments"


def test_the_google_ads_header_is_found_below_its_two_title_lines() -> None:
    match = find_export(export_rows("google_ads_en"))
    assert match is not None and match.header_row == 2


def test_a_contract_shaped_header_is_no_known_export() -> None:
    assert match_header(["date", "amount", "email", "source"]) is None
    assert match_header(["Date", "Amount"]) is None


def test_used_columns_are_the_few_a_preset_reads_of_an_eighty_column_export() -> None:
    header = export_rows("shopify_orders")[0]
    used = used_columns(header)
    assert used is not None and len(header) == 79 and len(used) == 8
    assert [header[i] for i in used] == ["Name", "Email", "Financial Status", "Currency",
                                         "Total", "Created at", "Lineitem name",
                                         "Refunded Amount"]  # fmt: skip
    assert used_columns(["date", "amount"]) is None
