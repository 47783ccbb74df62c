"""Pytest fixtures: ``fake_sheets`` (the fake API on Google's URLs) and service-account keys.

The lead imports these in the root conftest::

    from tests.fakesheets.fixture import fake_sheets, service_account_info, sheets_credentials
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.oauth2 import service_account

from tests.fakesheets.api import SHEETS_SCOPE, TOKEN_URL, FakeSheets

SERVICE_ACCOUNT_EMAIL = "sheetsync@sheetsync-test.iam.gserviceaccount.com"


def make_service_account_info(email: str = SERVICE_ACCOUNT_EMAIL) -> dict[str, Any]:
    """A service-account key file's content with a freshly generated RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "type": "service_account",
        "project_id": "sheetsync-test",
        "private_key_id": "0123456789abcdef",
        "private_key": pem,
        "client_email": email,
        "client_id": "100000000000000000001",
        "token_uri": TOKEN_URL,
    }


@pytest.fixture(scope="session")
def service_account_info() -> dict[str, Any]:
    """One generated service-account key for the whole session (RSA generation is slow)."""
    return make_service_account_info()


@pytest.fixture
def sheets_credentials(service_account_info: dict[str, Any]) -> service_account.Credentials:
    """Service-account credentials whose tokens the fake token endpoint issues."""
    return service_account.Credentials.from_service_account_info(
        service_account_info, scopes=[SHEETS_SCOPE]
    )


@pytest.fixture
def fake_sheets() -> Iterator[FakeSheets]:
    """A fresh fake Sheets API answering Google's URLs for the length of one test."""
    fake = FakeSheets()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake.register(rsps)
        yield fake
