"""The KPI catalogue: every key is named in both languages, documented, and matches the document."""

from __future__ import annotations

import json
import re
from pathlib import Path
from string import Formatter

from sheetsync.kpi_catalog import CATALOG, KPIS, PERIOD_KEYS, markdown_table, on_target, target_of
from sheetsync.settings import KPI_KEYS

ROOT = Path(__file__).parent.parent.parent
PAGE = (ROOT / "docs" / "kpi-catalogue.md").read_text(encoding="utf-8")
EXAMPLE = json.loads((ROOT / "tests" / "data" / "kpis_example.json").read_text(encoding="utf-8"))


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def test_every_key_is_named_in_english_and_french_with_the_same_placeholders():
    for kpi in CATALOG:
        assert kpi.en.strip() and kpi.fr.strip() and kpi.help.strip(), kpi.key
        assert placeholders(kpi.en) == placeholders(kpi.fr), kpi.key
    assert len(KPIS) == len(CATALOG), "a key is in the catalogue twice"


def test_the_docs_page_is_generated_from_the_catalogue():
    block = re.search(r"<!-- kpi-table:start -->\n(.*?)\n<!-- kpi-table:end -->", PAGE, re.S)
    assert block, "docs/kpi-catalogue.md lost its markers"
    assert block.group(1) == markdown_table(), "regenerate the table (see the page's intro)"
    assert all(f"| `{kpi.key}` |" in PAGE for kpi in CATALOG)


def test_every_figure_of_the_document_is_in_the_catalogue():
    period_row = EXAMPLE["periods"][0]
    assert [k for k in period_row if k not in ("period", "start", "end", "partial")] == list(
        PERIOD_KEYS
    )
    figures = {k for row in EXAMPLE["channels"] for k, v in row.items() if not isinstance(v, str)}
    figures |= {k for row in EXAMPLE["salespeople"] for k in row if k != "salesperson"}
    figures |= set(EXAMPLE["totals"]) - {"as_of", "currency", "attribution_model"}
    assert figures - {"below_min_value_to_cac"} <= set(KPIS)


def test_targets_may_name_exactly_the_period_keys():
    assert KPI_KEYS == PERIOD_KEYS
    assert [k.key for k in CATALOG if k.headline] == [
        "gross_sales_ttc", "cash_collected_ht", "new_signups", "signups_per_day",
        "sales_per_signup_ttc", "new_customers", "cac", "roas", "net_profit",
    ]  # fmt: skip


def test_on_target_is_at_most_for_costs_and_at_least_otherwise() -> None:
    assert on_target("cac", 40.0, 40.0) and not on_target("cac", 40.5, 40.0)  # lower is better
    assert on_target("gross_sales_ttc", 2500.0, 2500.0)
    assert not on_target("gross_sales_ttc", 2364.0, 2500.0)
    assert target_of({"target.cac": 40, "target.orders": "12"}, "cac") == 40.0
    assert target_of({"target.cac": 40, "target.orders": "12"}, "orders") is None  # not a number
