"""A refresh reads only the columns it uses: the top rows of every tab, then the used columns."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sheetsync.normalize import normalize
from sheetsync.normalize.exports import SEARCH_ROWS
from sheetsync.normalize.used import UsedColumns
from sheetsync.refresh import run_refresh
from sheetsync.report import build_report
from sheetsync.sources.base import Rows
from sheetsync.sources.google.read_ranges import MAX_CELLS_PER_READ, TOP_ROWS
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from sheetsync.sources.grid import ColumnGrid, UnreadCells
from tests.conftest import DATA, read_csv_tabs
from tests.fakesheets import fixture
from tests.fakesheets.helpers import SPREADSHEET_ID, FakeTime
from tests.normalize.conftest import export_rows

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info
sheets_credentials = fixture.sheets_credentials

TODAY = dt.date(2026, 2, 1)
EXTRA = 57  # columns a Stripe export carries that sheetsync never reads (metadata, card ...)


def stripe_tab(rows: int) -> Rows:
    """A Stripe payments export widened to 80 columns, ``rows`` payments long."""
    header, *body = export_rows("stripe_payments")
    wide = [*header, *(f"Metadata {k}" for k in range(EXTRA))]
    lines = []
    for i in range(rows):
        line = list(body[i % len(body)])
        line[0] = f"ch_{i:06d}"
        lines.append([*line, *(f"meta {i}-{k}" for k in range(EXTRA))])
    return [wide, *lines]


def source(credentials, whole_read_cells: int = 0) -> GoogleSheetsSource:
    """A source that reads used columns only, however small the grid (the default reads a grid
    of up to 1M cells whole, in one call)."""
    clock = FakeTime()
    return GoogleSheetsSource(
        SPREADSHEET_ID,
        credentials,
        sleep=clock.sleep,
        clock=clock.clock,
        whole_read_cells=whole_read_cells,
    )


def test_the_top_rows_cover_every_row_a_header_is_looked_for_in():
    assert TOP_ROWS >= SEARCH_ROWS


def test_unused_columns_of_an_80_column_export_are_never_read(fake_sheets, sheets_credentials):
    tab = stripe_tab(3000)
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Stripe": tab}, grid={"Stripe": (3001, 80)})
    run_refresh(source(sheets_credentials), today=TODAY)

    served = {c: n for (title, c), n in fake_sheets.served.items() if title == "Stripe"}
    read = {c for c, n in served.items() if n > TOP_ROWS}
    assert 3 <= len(read) <= 12  # id, date, amount, refunds, status, email ...: a handful
    assert all(served[c] == sum(1 for r in tab if r[c] not in (None, "")) for c in read)
    assert all(n <= TOP_ROWS for c, n in served.items() if c not in read)  # header rows only
    assert sum(served.values()) < 3001 * 80 / 4


def test_a_refresh_reads_in_three_calls_whatever_the_grid_size(fake_sheets, sheets_credentials):
    tab = stripe_tab(12_000)  # 960k grid cells, in a grid of 8M: a whole read needs 9 calls
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Stripe": tab}, grid={"Stripe": (100_000, 80)})
    run_refresh(source(sheets_credentials), today=TODAY)

    calls = [c.kind for c in fake_sheets.log if c.kind != "token"]
    assert calls == ["get", "batchGet", "batchGet", "batchUpdate"]


def test_a_grid_of_at_most_1m_cells_is_read_whole_in_one_call(fake_sheets, sheets_credentials):
    tab = stripe_tab(3000)  # 240k grid cells
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Stripe": tab}, grid={"Stripe": (3001, 80)})
    run_refresh(source(sheets_credentials, MAX_CELLS_PER_READ), today=TODAY)

    calls = [c.kind for c in fake_sheets.log if c.kind != "token"]
    assert calls == ["get", "batchGet", "batchUpdate"]


def documents(fake_sheets, credentials, tabs: dict[str, Rows], **kw) -> tuple[str, str]:
    """The KPI document and issues of a whole read and of a read of the used columns (the
    fake's ``served`` then counts the cells of the second)."""
    fake_sheets.create(SPREADSHEET_ID, "Shop", tabs, **kw)
    out = []
    for read in (source(credentials).read, lambda: source(credentials).read_used(UsedColumns())):
        fake_sheets.served.clear()
        data = normalize(read(), today=TODAY)
        document = json.dumps(build_report(data), sort_keys=True, default=str)
        out.append(document + json.dumps([i.__dict__ for i in data.issues], default=str))
    return out[0], out[1]


def test_the_messy_shop_gives_the_same_document_read_sparsely(fake_sheets, sheets_credentials):
    tabs = read_csv_tabs(DATA / "boutique_fr")
    whole, used = documents(fake_sheets, sheets_credentials, tabs, locale="fr_FR")
    assert used == whole


@pytest.mark.parametrize("name", sorted(p.stem for p in (DATA / "exports").glob("*.csv")))
def test_a_pasted_export_gives_the_same_document_read_sparsely(
    fake_sheets, sheets_credentials, name
):
    tabs = read_csv_tabs(DATA / "boutique_fr")
    tabs["Feuille 3"] = export_rows(name)
    whole, used = documents(fake_sheets, sheets_credentials, tabs, locale="fr_FR")
    assert used == whole


def test_settings_mappings_decide_the_columns_read(fake_sheets, sheets_credentials):
    filler = [f"Note {k}" for k in range(30)]
    sales = [["Date", "Montant HT", "Total", *filler, "Vendu par"]]
    sales += [[f"2026-01-{d:02d}", d * 10, d * 12, *filler, "Zoé"] for d in range(1, 29)]
    settings = [["key", "value"], ["column.sales.amount", "Montant HT"], ["tab.sales", "Caisse"],
                ["column.sales.salesperson", "Vendu par"], ["as_of", "2026-01-31"]]  # fmt: skip
    tabs = {"Settings": settings, "Caisse": sales}
    whole, used = documents(fake_sheets, sheets_credentials, tabs, grid={"Caisse": (40, 40)})
    assert used == whole
    served = {c for (title, c), n in fake_sheets.served.items() if title == "Caisse" and n > 20}
    assert served == {0, 1, 33}  # date, the mapped amount, the mapped salesperson


def test_a_header_below_the_top_rows_reads_the_tab_whole(fake_sheets, sheets_credentials):
    sales = [[None] * 3 for _ in range(TOP_ROWS + 2)]
    sales += [["Date", "Amount", "Note"], ["2026-01-05", 10, "x"], ["2026-01-06", 20, "y"]]
    whole, used = documents(fake_sheets, sheets_credentials, {"Sales": sales})
    assert used == whole


def test_unread_cells_of_a_sparse_grid_are_never_mistaken_for_empty_ones():
    top = (0, [["Date", "a"], ["Amount", "1"], ["Note", "n"]])  # three columns, two rows
    below = (2, 0, [["b", "c"]])  # only column A below the top rows
    grid = ColumnGrid.from_chunks([top, below], read={0}, top=2)

    assert grid[0] == ["Date", "Amount", "Note"]
    assert list(grid.column(0)) == ["Date", "a", "b", "c"]
    with pytest.raises(UnreadCells):
        grid.column(1)
    with pytest.raises(UnreadCells):
        grid.row(2)


def test_tabs_nobody_reads_stay_at_their_top_rows(fake_sheets, sheets_credentials):
    notes = [[f"note {i}", i] for i in range(200)]
    sales = [["Date", "Amount"], ["2026-01-05", 10]]
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": sales, "Notes": notes})
    source(sheets_credentials).read_used(UsedColumns())

    notes_served = sum(n for (title, _c), n in fake_sheets.served.items() if title == "Notes")
    assert notes_served == 2 * TOP_ROWS


def test_the_config_file_renames_and_mappings_are_followed(fake_sheets, sheets_credentials):
    from sheetsync.config import Config

    sales = [["Jour", "Prix HT", "Prix", "Autre"], ["2026-01-05", 10, 12, "x"]]
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Commandes 2026": sales})
    config = Config(tabs={"sales": "Commandes 2026"},
                    columns={"sales": {"date": "Jour", "amount": "Prix HT"}})  # fmt: skip
    plan = UsedColumns(config).columns(source(sheets_credentials).read_used(UsedColumns(config)))
    assert plan == {"Commandes 2026": [0, 1]}
