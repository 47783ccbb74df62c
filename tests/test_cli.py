"""The command line: thin over the library, with the documented exit codes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from sheetsync.cli import main
from tests.conftest import DATA, read_csv_tabs


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def boutique_xlsx(xlsx_factory) -> Path:
    return xlsx_factory(read_csv_tabs(DATA / "boutique_fr"), "boutique.xlsx")


def test_kpis_json_prints_the_documented_document(runner, boutique_xlsx) -> None:
    result = runner.invoke(main, ["kpis", "--workbook", str(boutique_xlsx), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) == {"totals", "ytd", "ytd_previous", "periods", "channels", "cohorts",
                        "channel_cohorts", "salespeople", "issues", "settings", "sources"}  # fmt: skip
    assert doc["settings"]["as_of"] == "2025-12-31" and len(doc["issues"]) == 13
    assert all(not (isinstance(v, float) and math.isnan(v)) for v in doc["totals"].values())


def test_missing_tab_exits_1_with_what_to_do(runner, xlsx_factory) -> None:
    path = xlsx_factory({"Leads": [["date", "email", "source"]]})
    result = runner.invoke(main, ["kpis", "--workbook", str(path)])
    assert result.exit_code == 1
    assert "no Sales tab" in result.output and "sheetsync init" in result.output


def test_usage_errors_exit_2(runner, boutique_xlsx) -> None:
    assert runner.invoke(main, ["kpis"]).exit_code == 2
    both = runner.invoke(main, ["kpis", "--workbook", str(boutique_xlsx), "--sheet", "x" * 30])
    assert both.exit_code == 2 and "exactly one" in both.output
    assert runner.invoke(main, ["refresh", "--nope"]).exit_code == 2


def test_init_creates_a_workbook_with_every_template_tab(runner, tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    result = runner.invoke(main, ["init", "--workbook", str(path), "--language", "fr"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Ventes", "Inscrits", "Dépenses marketing", "Charges", "Paramètres"]
    keys = [r[0] for r in book["Paramètres"].iter_rows(min_row=2, values_only=True)]
    assert "vat_rate" in keys and "attribution_model" in keys


def test_init_never_touches_existing_tabs(runner, boutique_xlsx) -> None:
    before = {ws.title: list(ws.values) for ws in openpyxl.load_workbook(boutique_xlsx)}
    result = runner.invoke(main, ["init", "--workbook", str(boutique_xlsx)])
    assert result.exit_code == 0
    after = {ws.title: list(ws.values) for ws in openpyxl.load_workbook(boutique_xlsx)}
    assert after == before and "nothing changed" in result.output


def test_init_adds_no_sales_template_beside_a_pasted_stripe_export(runner, xlsx_factory) -> None:
    header = ["id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Status"]
    path = xlsx_factory({"Stripe export": [header, ["ch_1", "2025-12-01 10:00:00", 20, 0,
                                                    "eur", "Paid"]]})  # fmt: skip
    result = runner.invoke(main, ["init", "--workbook", str(path)])
    assert result.exit_code == 0, result.output
    assert "Sales" not in openpyxl.load_workbook(path).sheetnames


def test_the_init_template_reads_back_without_issues(runner, tmp_path: Path) -> None:
    path = tmp_path / "new.xlsx"
    runner.invoke(main, ["init", "--workbook", str(path)])
    result = runner.invoke(main, ["kpis", "--workbook", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["issues"] == []


def test_settings_markdown_is_the_registry_table(runner) -> None:
    result = runner.invoke(main, ["settings", "--markdown"])
    assert result.exit_code == 0 and "| `vat_rate` |" in result.output
