"""Answers decode their JSON with orjson, and give what requests' own json() gives, errors
included, for what orjson refuses."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
import responses
from google.oauth2.credentials import Credentials
from hypothesis import given
from hypothesis import strategies as st

from sheetsync.sources.google.governed_http import Gate, GovernedSession, JsonResponse
from sheetsync.sources.google.quota import InProcessGovernor, Priority

CELLS = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1),
              st.floats(allow_nan=False, allow_infinity=False), st.text()),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


def answer(kind: type[requests.Response], body: bytes, content_type: str) -> Any:
    response = kind()
    response.status_code, response._content = 200, body
    response.headers["Content-Type"] = content_type
    response.encoding = requests.utils.get_encoding_from_headers(response.headers)
    return response


def both(body: bytes, content_type: str = "application/json; charset=UTF-8") -> tuple[Any, Any]:
    """(what requests' json() gives or raises, what JsonResponse's gives or raises)."""
    out = []
    for kind in (requests.Response, JsonResponse):
        try:
            out.append(answer(kind, body, content_type).json())
        except requests.exceptions.JSONDecodeError as exc:
            out.append(("error", exc.msg, exc.pos))
    return out[0], out[1]


@given(CELLS)
def test_a_json_answer_decodes_as_requests_decodes_it(value):
    text = json.dumps(value, allow_nan=False)
    for body in (text.encode(), json.dumps(value, ensure_ascii=False).encode()):
        expected, got = both(body)
        assert got == expected and repr(got) == repr(expected)  # 1 and 1.0, -0.0 and 0.0


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"[NaN, Infinity, 1e400]", "application/json"),  # not JSON: requests reads them
        (b'["\\ud800"]', "application/json"),  # a lone surrogate
        ('["café"]'.encode("latin-1"), "application/json; charset=ISO-8859-1"),
        ('["café"]'.encode("utf-16"), "application/json"),  # no charset: requests guesses
        (b'["caf\xe9"]', "application/json; charset=UTF-8"),  # not UTF-8 after all
        (b"", "application/json"),
        (b"<html>Service unavailable</html>", "text/html"),
    ],
)
def test_what_orjson_refuses_gives_what_requests_gives(body, content_type):
    expected, got = both(body, content_type)
    assert repr(got) == repr(expected)


def test_the_governed_session_hands_gspread_json_responses():
    gate = Gate(InProcessGovernor(), "someone@example.com", Priority.CLICK)
    session = GovernedSession(Credentials("ya29.token"), gate)
    url = "https://sheets.googleapis.com/v4/spreadsheets/abc/values:batchGet"
    with responses.RequestsMock() as mock:
        mock.get(url, json={"valueRanges": [{"values": [["", 1, 2.5, "x"]]}]})
        answer = session.get(url)
    assert type(answer) is JsonResponse
    assert answer.json() == {"valueRanges": [{"values": [["", 1, 2.5, "x"]]}]}
