"""The OpenAPI document matches the routes, and the API keeps to it under fuzzing."""

from __future__ import annotations

import re

import pytest
import schemathesis
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from sheetsync.service.http.openapi import document
from tests.service.conftest import SHOP

HTTP_METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH"}


def routed(app: Flask) -> set[tuple[str, str]]:
    """(method, OpenAPI path) of every route of the app."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        found |= {(m, path) for m in rule.methods & HTTP_METHODS}
    return found


def documented() -> set[tuple[str, str]]:
    return {
        (method.upper(), path)
        for path, item in document()["paths"].items()
        for method in item
        if method.upper() in HTTP_METHODS
    }


def test_every_route_is_documented_and_every_documented_path_routed(app: Flask) -> None:
    assert routed(app) == documented()


def test_the_document_is_served_openly(client: FlaskClient) -> None:
    answer = client.get("/v1/openapi.json")
    assert answer.status_code == 200
    assert answer.json["openapi"].startswith("3.")
    assert answer.json == document()


def fuzz_cases() -> list[tuple[str, str, str]]:
    """Every operation with random data; those with parameters also with invalid data and
    with the id of a real workbook."""
    cases = []
    for method, path in sorted(documented()):
        modes = ("positive", "negative", "known sheet") if "{" in path else ("positive",)
        cases += [(method, path, mode) for mode in modes]
    return cases


@pytest.mark.parametrize(("method", "path", "mode"), fuzz_cases())
def test_the_api_never_fails_and_answers_as_documented(
    app: Flask, method: str, path: str, mode: str
) -> None:
    operation = schemathesis.openapi.from_wsgi("/v1/openapi.json", app)[path][method]
    known = {"spreadsheet_id": SHOP} if mode == "known sheet" else None
    generation = GenerationMode.NEGATIVE if mode == "negative" else GenerationMode.POSITIVE

    @given(case=operation.as_strategy(generation, path_parameters=known))
    @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        # auth = none on loopback here, so "ignored auth" is by design; and valid-looking ids
        # name no workbook, so a documented 404 is the right answer to "positive" data.
        case.call_and_validate(
            excluded_checks=[ignored_auth, positive_data_acceptance],
            environ_base={"REMOTE_ADDR": "127.0.0.1"},
        )

    check()
