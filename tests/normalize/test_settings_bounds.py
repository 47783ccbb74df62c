"""Every numeric setting has bounds: outside them it is an issue (or a ConfigError), never a crash."""

from __future__ import annotations

import json

import pytest

from sheetsync.config import Config
from sheetsync.errors import ConfigError
from sheetsync.normalize import normalize
from sheetsync.report import build_report
from sheetsync.settings import SETTINGS, Setting
from sheetsync.sources.base import RawWorkbook
from sheetsync.sources.memory import MemorySource
from tests.conftest import DATA, read_csv_tabs

NUMERIC = [s for s in SETTINGS if s.kind in ("int", "number", "rate")]
SETTINGS_TAB = "Paramètres"


def shop_with(*rows: list[str]) -> MemorySource:
    """The French shop with these rows added to its Settings tab."""
    tabs = read_csv_tabs(DATA / "boutique_fr")
    tabs[SETTINGS_TAB] = [*tabs[SETTINGS_TAB], *rows]
    return MemorySource(tabs, title="Boutique")


def above(setting: Setting) -> str:
    """A value just above the setting's maximum, as a person would type it."""
    assert setting.maximum is not None
    return (
        f"{setting.maximum * 100 + 50:g}%" if setting.kind == "rate" else f"{setting.maximum + 1:g}"
    )


def test_every_numeric_setting_has_both_bounds_and_its_default_within_them() -> None:
    for setting in NUMERIC:
        assert setting.minimum is not None and setting.maximum is not None, setting.name
        if setting.default is not None:
            assert setting.minimum <= setting.default <= setting.maximum, setting.name


def test_ltv_months_3000_is_an_issue_and_the_refresh_still_completes() -> None:
    raw = shop_with(["ltv_months", "3000"]).read()
    data = normalize(raw)
    assert data.settings.ltv_months == 12
    issue = next(i for i in data.issues if i.tab == SETTINGS_TAB and "ltv_months" in i.problem)
    assert (issue.row, issue.column, issue.action) == (8, "B", "default used")
    assert issue.problem == "ltv_months: outside 1 to 120"
    json.dumps(build_report(data), allow_nan=False)


@pytest.mark.parametrize("setting", NUMERIC, ids=lambda s: s.name)
def test_a_value_above_the_maximum_is_an_issue_and_the_default_is_used(setting: Setting) -> None:
    data = normalize(shop_with([setting.name, above(setting)]).read())
    problems = [i.problem for i in data.issues if i.tab == SETTINGS_TAB]
    assert f"{setting.name}: outside {setting.bounds}" in problems
    assert getattr(data.settings, setting.name) != float(above(setting).rstrip("%"))


@pytest.mark.parametrize("setting", NUMERIC, ids=lambda s: s.name)
def test_a_value_above_the_maximum_in_the_config_file_is_a_config_error(setting: Setting) -> None:
    config = Config(settings={setting.name: above(setting)})
    raw = RawWorkbook(title="t", tabs={"Sales": [["date", "amount"], ["2025-04-03", "1.5"]]})
    with pytest.raises(ConfigError, match=f"{setting.name}.*outside"):
        normalize(raw, config)


@pytest.mark.parametrize("end", ["minimum", "maximum"])
def test_the_shop_computes_with_every_numeric_setting_at_a_bound(end: str) -> None:
    values = {s.name: getattr(s, end) for s in NUMERIC}
    rows = [[name, f"{value * 100:g}%" if name == "vat_rate" else f"{value:g}"]
            for name, value in values.items()]  # fmt: skip
    data = normalize(shop_with(*rows).read())
    assert not [i for i in data.issues if i.tab == SETTINGS_TAB and i.field == "value"]
    document = build_report(data)
    json.dumps(document, allow_nan=False)
    assert document["settings"]["ltv_months"] == values["ltv_months"]
