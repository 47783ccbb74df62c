"""The one door every HTTP request to the Sheets and Drive APIs goes through.

``GovernedSession`` is google-auth's ``AuthorizedSession`` whose ``send`` first takes a token
from the caller's ``Gate`` (its reservation, else the governor), then sends, and tells the
governor when Google still answered 429. gspread gets it as its session (``gspread_client``)
and the access checks of identity.py use it too; no other module makes an
``AuthorizedSession`` or a gspread client (tests/sources/google/test_quota_choke_point.py
checks both by reading the code, and by counting calls against the fake Sheets API).
Token exchanges go through google-auth's own session, which Google's API quotas do not count.

Answers decode their JSON with orjson (``JsonResponse``): a batchGet of a million cells is
about 100 MB of JSON, which the standard library decodes in about a second and orjson in a
third of that. gspread still calls ``response.json()`` as it always does.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import urlsplit

import gspread
import orjson
import requests
from google.auth.credentials import Credentials
from google.auth.transport.requests import AuthorizedSession

from sheetsync.sources.google.quota import (
    DRIVE,
    Demand,
    Metric,
    Priority,
    QuotaGovernor,
    acquire,
)

API_HOSTS = {"sheets.googleapis.com": "sheets", "www.googleapis.com": "drive"}
READ_VERBS = (":batchGet", ":getByDataFilter", ":batchGetByDataFilter")


def metric_of(method: str, url: str) -> Metric | None:
    """("sheets" | "drive", "read" | "write") of a request, None when no API quota counts it."""
    parts = urlsplit(url)
    api = API_HOSTS.get(parts.hostname or "")
    if api is None or (api == "drive" and not parts.path.startswith("/drive/")):
        return None
    if api == "drive":
        return DRIVE
    reading = method.upper() in ("GET", "HEAD") or parts.path.endswith(READ_VERBS)
    return api, "read" if reading else "write"


class Gate:
    """One caller's way through the governor: who it is, how urgent, what it reserved."""

    def __init__(self, governor: QuotaGovernor, principal: str, priority: Priority) -> None:
        self.governor = governor
        self.principal = principal
        self.priority = priority
        self.held: Counter[Metric] = Counter()
        self.waited = 0.0

    def reserve(self, demand: Demand) -> float:
        """Take a plan's tokens before starting (waits); the seconds waited."""
        waited = acquire(self.governor, self.principal, demand, self.priority)
        self.held.update(demand)
        self.waited += waited
        return waited

    def take(self, metric: Metric) -> None:
        """One call's token: from the reservation, else from the governor (waits)."""
        if self.held[metric] > 0:
            self.held[metric] -= 1
        else:
            self.waited += acquire(self.governor, self.principal, {metric: 1}, self.priority)
        self.governor.record_call(metric)

    def release(self) -> None:
        """Give back what was reserved and not used."""
        unused = {m: n for m, n in self.held.items() if n > 0}
        self.held.clear()
        if unused:
            self.governor.refund(self.principal, unused)

    def rejected(self, metric: Metric, answer: requests.Response) -> None:
        """Google answered 429 all the same: shrink the bucket its message names."""
        scope = "user" if "per user" in answer.text.casefold() else "project"
        self.governor.penalize(self.principal, metric, scope)


UTF8 = frozenset({None, "utf-8", "utf8"})


class JsonResponse(requests.Response):
    """A response whose ``json()`` decodes with orjson; what orjson refuses (NaN, a lone
    surrogate, a number out of a double's range, a body not in UTF-8) and calls with options
    go to requests' own ``json()``, so they give what they always gave, errors included.

    One difference is left: an integer of more than 64 bits comes as the nearest float
    (Sheets numbers are doubles, which Google writes as such)."""

    def json(self, **kwargs: Any) -> Any:
        encoding = self.encoding.lower() if self.encoding else None
        if not kwargs and encoding in UTF8:
            try:
                return orjson.loads(self.content)
            except orjson.JSONDecodeError:
                pass
        return super().json(**kwargs)


class GovernedSession(AuthorizedSession):
    """An AuthorizedSession whose every request to a Google API passes the gate."""

    def __init__(self, credentials: Credentials, gate: Gate, **kw: Any) -> None:
        super().__init__(credentials, **kw)
        self.gate = gate

    def send(self, request: requests.PreparedRequest, **kw: Any) -> requests.Response:  # type: ignore[override]
        metric = metric_of(request.method or "GET", request.url or "")
        if metric is not None:
            self.gate.take(metric)
        answer = super().send(request, **kw)
        if type(answer) is requests.Response:
            answer.__class__ = JsonResponse  # the same object: only json() differs
        if metric is not None and answer.status_code == 429:
            self.gate.rejected(metric, answer)
        return answer


def gspread_client(credentials: Credentials, gate: Gate, timeout: float) -> gspread.Client:
    """A gspread client whose requests all pass `gate`."""
    client = gspread.Client(auth=credentials, session=GovernedSession(credentials, gate))
    client.set_timeout(timeout)
    return client


def user_session(token: str, gate: Gate) -> GovernedSession:
    """A session calling as the holder of an access token, never refreshing it (a 401 is an
    answer: the token is refused)."""
    import google.oauth2.credentials

    return GovernedSession(
        google.oauth2.credentials.Credentials(token), gate, refresh_status_codes=()
    )
