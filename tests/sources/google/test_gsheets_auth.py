"""Credentials: user token, service-account file (argument or env), application defaults."""

from __future__ import annotations

import json

import google.oauth2.credentials
import pytest
from google.oauth2 import service_account

from sheetsync.errors import ConfigError, UsageError
from sheetsync.sources.google.credentials import (
    ENV_VAR,
    SCOPES,
    credentials_from_config,
    service_account_email,
)
from sheetsync.sources.google.sheets_source import GoogleSheetsSource
from tests.fakesheets import fixture
from tests.fakesheets.helpers import SPREADSHEET_ID, FakeTime

fake_sheets = fixture.fake_sheets
service_account_info = fixture.service_account_info


@pytest.fixture
def no_defaults(monkeypatch, tmp_path):
    """No env var, an empty gcloud config folder, and no metadata-server probe."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "gcloud"))
    monkeypatch.setenv("NO_GCE_CHECK", "True")
    return tmp_path


@pytest.fixture
def key_file(tmp_path, service_account_info):
    path = tmp_path / "key.json"
    path.write_text(json.dumps(service_account_info), encoding="utf-8")
    return path


def test_a_key_file_gives_service_account_credentials_with_least_scope(key_file, no_defaults):
    credentials = credentials_from_config(service_account_file=str(key_file))

    assert isinstance(credentials, service_account.Credentials)
    assert tuple(credentials.scopes) == SCOPES == ("https://www.googleapis.com/auth/spreadsheets",)
    assert service_account_email(credentials) == fixture.SERVICE_ACCOUNT_EMAIL


def test_the_env_var_names_the_key_file_when_no_argument(key_file, no_defaults, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(key_file))
    credentials = credentials_from_config()
    assert credentials.service_account_email == fixture.SERVICE_ACCOUNT_EMAIL
    assert service_account_email() == fixture.SERVICE_ACCOUNT_EMAIL


def test_a_missing_key_file_says_where_it_came_from(no_defaults, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(no_defaults / "nowhere.json"))
    with pytest.raises(ConfigError) as caught:
        credentials_from_config()
    assert "nowhere.json" in caught.value.message
    assert ENV_VAR in caught.value.message


@pytest.mark.parametrize(
    ("content", "words"),
    [("not json", "cannot be read"), ('{"type": "external_account"}', "'external_account'")],
)
def test_an_unusable_key_file_is_a_config_error(content, words, no_defaults):
    path = no_defaults / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=words):
        credentials_from_config(service_account_file=str(path))


def test_no_credentials_anywhere_lists_every_place_looked(no_defaults):
    with pytest.raises(ConfigError) as caught:
        credentials_from_config()
    message = caught.value.message
    assert "service_account_file" in message
    assert ENV_VAR in message
    assert "application default credentials" in message
    assert "gcloud auth application-default login" in caught.value.hint


def test_application_default_credentials_are_used_last(service_account_info, no_defaults):
    gcloud = no_defaults / "gcloud"
    gcloud.mkdir()
    adc = gcloud / "application_default_credentials.json"
    adc.write_text(json.dumps(service_account_info), encoding="utf-8")
    credentials = credentials_from_config()
    assert service_account_email(credentials) == fixture.SERVICE_ACCOUNT_EMAIL
    assert tuple(credentials.scopes) == SCOPES


def test_a_user_token_is_used_as_is_and_has_no_email(key_file, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(key_file))
    credentials = credentials_from_config(access_token="ya29.user")
    assert isinstance(credentials, google.oauth2.credentials.Credentials)
    assert credentials.token == "ya29.user"
    assert service_account_email(credentials) is None
    with pytest.raises(UsageError):
        credentials_from_config(service_account_file=str(key_file), access_token="ya29.user")


def test_a_key_file_reads_a_sheet_through_the_token_exchange(fake_sheets, key_file, no_defaults):
    fake_sheets.create(SPREADSHEET_ID, "Shop", {"Sales": [["Date"]]})
    credentials = credentials_from_config(service_account_file=str(key_file))
    clock = FakeTime()
    GoogleSheetsSource(SPREADSHEET_ID, credentials, sleep=clock.sleep, clock=clock.clock).read()

    assert fake_sheets.calls["token"] == 1
    token = next(iter(fake_sheets.tokens.values()))
    assert token.email == fixture.SERVICE_ACCOUNT_EMAIL
    assert token.scopes == set(SCOPES)
