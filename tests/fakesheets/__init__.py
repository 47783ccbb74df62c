"""A stateful fake of the Google Sheets v4 API, on Google's real URLs, for tests.

Real gspread and google-auth code runs against it unmodified (``responses`` intercepts
``https://sheets.googleapis.com/v4/spreadsheets/...`` and ``https://oauth2.googleapis.com/token``)::

    def test_something(fake_sheets, sheets_credentials):       # fixtures of fixture.py
        fake_sheets.create(ID, "Shop", tabs={"Ventes": rows}, locale="fr_FR",
                           time_zone="Europe/Paris")            # or create_from_workbook(ID, wb)
        fake_sheets.fail("batchUpdate", status=429, times=2, retry_after=1)
        fake_sheets.fail("batchUpdate", timeout=True, applied=True)   # applied, answer lost
        fake_sheets.before("batchUpdate", lambda fake: ...)     # a teammate's edit mid-refresh
        fake_sheets.enforce_quota(clock, read_per_user=60)      # Google's per-minute 429s
        ...
        fake_sheets.calls["get"], fake_sheets.log, fake_sheets.bodies("batchUpdate")
        fake_sheets.values(ID, "Dashboard"), fake_sheets.book(ID).sheet_by_title("Dashboard")

Modules: ``state`` (spreadsheets, sheets, sparse grids, objects), ``a1`` (A1 ranges),
``fields`` (field masks, checked against the discovery document), ``values`` (rendering),
``apply*`` (batchUpdate requests, applied to a copy and kept only if all succeed), ``routes``
(what each endpoint answers), ``api`` (``FakeSheets``: auth, counting, logging, faults),
``quota`` (per-minute limits per user and per project), ``load`` (rows / openpyxl →
spreadsheet), ``fixture`` (pytest fixtures), ``helpers``.

Every batchUpdate body is first checked with ``tests.support.discovery.validate_batch_update``;
an invalid one, or a request naming something missing, is answered 400 INVALID_ARGUMENT as
Google does. Not faked: formula evaluation (a formula cell shows the ``effectiveValue`` stored
with it), named ranges, filters, pivot tables, values.update/append, the Drive API.
"""
