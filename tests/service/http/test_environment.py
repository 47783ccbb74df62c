"""SHEETSYNC_* variables: typed, checked at start, every problem named, documented."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheetsync.cli_service import serve
from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.service.environment import check_environment, service_settings
from sheetsync.service.service_settings import PROCESS_SETTINGS, SERVICE_SETTINGS

ROOT = Path(__file__).parents[3]
SECRET = "a-shared-secret-of-some-length"
HMAC = {"SHEETSYNC_AUTH": "hmac", "SHEETSYNC_HMAC_SECRET": SECRET}


def problems_of(environ: dict[str, str], config: Config | None = None) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        service_settings(config or Config(), None, environ)
    return list(caught.value.details["problems"])


def test_values_are_typed_by_their_setting_not_guessed_from_json() -> None:
    env = {**HMAC, "SHEETSYNC_WORKERS": "3", "SHEETSYNC_SCHEDULER": "no"}
    env |= {"SHEETSYNC_REFRESH_WAIT_SECONDS": "2.5", "SHEETSYNC_LOG_LEVEL": "warning"}
    settings = service_settings(Config(), None, env)
    assert settings["WORKERS"] == 3
    assert settings["SCHEDULER"] is False  # "no" used to be a non-empty, truthy string
    assert settings["REFRESH_WAIT_SECONDS"] == 2.5
    assert settings["LOG_LEVEL"] == "WARNING"


def test_every_malformed_or_unknown_variable_is_named_at_once() -> None:
    problems = problems_of(
        {**HMAC, "SHEETSYNC_WORKERS": "many", "SHEETSYNC_WOKERS": "2", "SHEETSYNC_AUTH": "oauth"}
    )
    assert len(problems) == 3
    assert "SHEETSYNC_AUTH = 'oauth': expected one of google, hmac, none" in problems[0]
    assert (
        "SHEETSYNC_WOKERS is not a sheetsync setting (did you mean SHEETSYNC_WORKERS?)"
        in (problems[1])
    )
    assert "SHEETSYNC_WORKERS = 'many': expected a whole number" in problems[2]


def test_bounds_urls_paths_and_time_zones_are_checked(tmp_path: Path) -> None:
    problems = problems_of(
        {
            **HMAC,
            "SHEETSYNC_WORKERS": "0",
            "SHEETSYNC_QUEUE_URL": "http://redis:6379/0",
            "SHEETSYNC_WORKBOOKS": str(tmp_path / "nowhere"),
            "SHEETSYNC_TIMEZONE": "Europe/Pariss",
        }
    )
    assert any(
        "SHEETSYNC_QUEUE_URL = (hidden): expected a URL starting redis://" in p for p in problems
    )
    assert any("SHEETSYNC_TIMEZONE = 'Europe/Pariss': expected an IANA" in p for p in problems)
    assert any("SHEETSYNC_WORKBOOKS" in p and "no such folder" in p for p in problems)
    assert any("SHEETSYNC_WORKERS = '0': expected 1 or more" in p for p in problems)


def test_a_missing_client_id_says_every_place_it_looked(tmp_path: Path) -> None:
    conf = tmp_path / "sheetsync.yaml"
    (problem,) = problems_of({"SHEETSYNC_AUTH": "google"}, Config(path=conf))
    assert problem.startswith("client_id is missing (auth = google needs")
    for place in ("SHEETSYNC_CLIENT_ID environment", "SHEETSYNC_CLIENT_ID_FILE", str(conf)):
        assert place in problem


def test_a_secret_can_come_from_a_mounted_file_but_never_shows(tmp_path: Path) -> None:
    (tmp_path / "hmac").write_text(SECRET + "\n")
    env = {"SHEETSYNC_AUTH": "hmac", "SHEETSYNC_HMAC_SECRET_FILE": str(tmp_path / "hmac")}
    assert service_settings(Config(), None, env)["HMAC_SECRET"] == SECRET
    (both,) = problems_of({**env, "SHEETSYNC_HMAC_SECRET": SECRET})
    assert "are both set" in both
    (missing,) = problems_of({**HMAC, "SHEETSYNC_QUEUE_SECRET_FILE": str(tmp_path / "none")})
    assert "SHEETSYNC_QUEUE_SECRET_FILE" in missing and "cannot read it" in missing
    assert SECRET not in " ".join(problems_of({**HMAC, "SHEETSYNC_DATABASE_URL": SECRET}))


def test_the_test_suites_own_variables_are_not_the_services() -> None:
    env = {**HMAC, "SHEETSYNC_TEST_REDIS": "redis://127.0.0.1:6379/9"}
    assert "TEST_REDIS" not in service_settings(Config(), None, env)


def test_serve_stops_with_the_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHEETSYNC_LOCK_SECONDS", "ten minutes")
    result = CliRunner().invoke(serve, ["--no-auth"])
    assert result.exit_code == 2
    assert "SHEETSYNC_LOCK_SECONDS = 'ten minutes': expected a number" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_gunicorn_refuses_to_start_with_a_named_message(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHEETSYNC_")}
    env |= {**HMAC, "SHEETSYNC_WEB_THREADS": "sixteen", "SHEETSYNC_BIND": "127.0.0.1:0"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    done = subprocess.run(
        [str(gunicorn), "-c", str(ROOT / "gunicorn.conf.py"), "--chdir", str(ROOT), "server:app"],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "SHEETSYNC_WEB_THREADS = 'sixteen': expected a whole number" in done.stderr
    assert "Traceback" not in done.stderr


def test_process_settings_get_their_defaults() -> None:
    assert check_environment(HMAC) == {
        "config": None, "bind": "127.0.0.1:8080", "web_workers": 2, "web_threads": 16,
        "web_timeout": 45,
    }  # fmt: skip


def test_every_variable_and_the_file_form_are_documented() -> None:
    text = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    for setting in PROCESS_SETTINGS:
        assert f"`{setting.env_var}`" in text, setting.env_var
    for setting in SERVICE_SETTINGS:
        assert f"`{setting.name}`" in text, setting.name
    assert "`SHEETSYNC_<NAME>_FILE`" in text


def test_every_process_setting_is_read_somewhere() -> None:
    sources = (ROOT / "gunicorn.conf.py").read_text() + (
        ROOT / "sheetsync" / "config.py"
    ).read_text()
    for setting in PROCESS_SETTINGS:
        assert setting.env_var in sources or f'env["{setting.name}"]' in sources, setting.name


def test_e_mails_need_a_sender_a_known_tls_mode_and_keep_the_password_out_of_messages() -> None:
    password = "smtp-password-never-shown"
    env = {**HMAC, "SHEETSYNC_SMTP_HOST": "smtp.example.com", "SHEETSYNC_SMTP_TLS": "tls"}
    problems = problems_of({**env, "SHEETSYNC_SMTP_PASSWORD": password})
    assert any(
        "SHEETSYNC_SMTP_TLS = 'tls': expected one of starttls, ssl, none" in p for p in problems
    )
    assert any(p.startswith("mail_from is missing (e-mails need a sender)") for p in problems)
    both = problems_of({**HMAC, "SHEETSYNC_SMTP_PASSWORD": password,
                        "SHEETSYNC_SMTP_PASSWORD_FILE": "/nowhere"})  # fmt: skip
    assert password not in " ".join(problems + both)
    with pytest.raises(ConfigError, match="is a secret"):
        service_settings(Config(service={"smtp_password": password}), None, HMAC)
    settings = service_settings(Config(), None, {**HMAC, "SHEETSYNC_SMTP_HOST": "smtp.example.com",
                                                 "SHEETSYNC_MAIL_FROM": "a@example.com"})  # fmt: skip
    assert (settings["SMTP_HOST"], settings["MAIL_FROM"]) == ("smtp.example.com", "a@example.com")
