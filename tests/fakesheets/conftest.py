"""Fixtures for the fake's own tests: the fake, credentials, and a gspread HTTP client on it."""

from __future__ import annotations

import gspread
import pytest

from tests.fakesheets.fixture import fake_sheets, service_account_info, sheets_credentials

__all__ = ["fake_sheets", "http", "service_account_info", "sheets_credentials"]


@pytest.fixture
def http(fake_sheets, sheets_credentials) -> gspread.http_client.HTTPClient:
    """gspread's low-level client, talking to the fake."""
    client = gspread.Client(auth=sheets_credentials)
    client.set_timeout(5)
    return client.http_client
