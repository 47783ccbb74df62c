"""Google's ID-token certificates: at most one fetch per interval, never waited on once cached."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import responses
from google.auth import jwt

from sheetsync.errors import SourceError, Unauthenticated
from sheetsync.sources.google.identity import CERTS_URL, GoogleVerifier
from tests.service.conftest import CLIENT_ID, GoogleKeys


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class SlowGoogle:
    """Google's certificate endpoint; `hold` makes the next answers wait until released."""

    def __init__(self, keys: GoogleKeys) -> None:
        self.keys = keys
        self.calls = 0
        self.hold = threading.Event()
        self.hold.set()
        self.status = 200

    def answer(self, _request: Any) -> tuple[int, dict[str, str], str]:
        self.calls += 1
        self.hold.wait(30)
        body = json.dumps({self.keys.key_id: self.keys.cert})
        return self.status, {"Cache-Control": "public, max-age=3600"}, body


@pytest.fixture(scope="module")
def google_keys() -> GoogleKeys:
    return GoogleKeys()


@pytest.fixture(scope="module")
def forger_keys() -> GoogleKeys:
    return GoogleKeys()


@pytest.fixture
def slow_google(google_keys: GoogleKeys) -> Iterator[SlowGoogle]:
    fake = SlowGoogle(google_keys)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add_callback(responses.GET, CERTS_URL, callback=fake.answer)
        yield fake
        fake.hold.set()


@pytest.fixture
def verifier(slow_google: SlowGoogle) -> Iterator[GoogleVerifier]:
    made = GoogleVerifier(CLIENT_ID, certs_interval=300, timeout=5)
    made.certificates.clock = Clock()
    yield made
    made.certificates.wait_idle()


def forged(keys: GoogleKeys, key_id: str) -> str:
    """A token signed by someone else's key, naming a key id Google never published."""
    now = int(time.time())
    claims = {"iss": "accounts.google.com", "aud": CLIENT_ID, "email": "x@evil.test", "iat": now}
    return jwt.encode(keys.signer, {**claims, "exp": now + 600}, key_id=key_id).decode()


def test_unknown_key_ids_fetch_the_certificates_at_most_once_per_interval(
    verifier: GoogleVerifier,
    slow_google: SlowGoogle,
    google_keys: GoogleKeys,
    forger_keys: GoogleKeys,
) -> None:
    clock: Clock = verifier.certificates.clock  # type: ignore[assignment]
    assert verifier.identify(google_keys.id_token()).email == "owner@example.com"
    for round_ in range(3):
        for n in range(50):
            with pytest.raises(Unauthenticated, match="key Google does not publish"):
                verifier.identify(forged(forger_keys, f"forged-{round_}-{n}"))
        verifier.certificates.wait_idle()
        # The first round is inside the interval of the first fetch; each later one, past it,
        # may start exactly one refresh whatever the number of key ids.
        assert slow_google.calls == 1 + round_
        clock.now += 301
    assert verifier.identify(google_keys.id_token()).email == "owner@example.com"


def test_a_refresh_in_flight_never_holds_up_a_request(
    verifier: GoogleVerifier,
    slow_google: SlowGoogle,
    google_keys: GoogleKeys,
    forger_keys: GoogleKeys,
) -> None:
    clock: Clock = verifier.certificates.clock  # type: ignore[assignment]
    legit = google_keys.id_token()
    verifier.identify(legit)
    slow_google.hold.clear()  # Google now hangs
    clock.now += 3601  # the cached set has expired: a refresh starts behind the next request
    started = time.monotonic()
    for n in range(20):
        assert verifier.identify(legit).email == "owner@example.com"
        with pytest.raises(Unauthenticated):
            verifier.identify(forged(forger_keys, f"forged-{n}"))
    assert time.monotonic() - started < 5  # nobody waited on the hanging fetch
    assert slow_google.calls == 2
    slow_google.hold.set()
    verifier.certificates.wait_idle()
    assert verifier.identify(legit).email == "owner@example.com"
    assert slow_google.calls == 2


def test_the_first_fetch_is_shared_and_a_failed_one_is_not_retried_at_once(
    verifier: GoogleVerifier, slow_google: SlowGoogle, google_keys: GoogleKeys
) -> None:
    slow_google.status = 503
    for _ in range(5):
        with pytest.raises(SourceError):
            verifier.identify(google_keys.id_token())
    assert slow_google.calls == 1  # retried after a few seconds, not per request
    slow_google.status = 200
    verifier.certificates.clock.now += 6  # type: ignore[attr-defined]
    results: list[str | None] = []

    def sign_in() -> None:
        results.append(verifier.identify(google_keys.id_token()).email)

    threads = [threading.Thread(target=sign_in) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert results == ["owner@example.com"] * 8
    assert slow_google.calls == 2
