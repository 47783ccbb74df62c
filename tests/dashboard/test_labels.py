"""Every label exists in English and French, with the same placeholders."""

from __future__ import annotations

from string import Formatter

from sheetsync.dashboard.labels import LABELS, LANGUAGES
from sheetsync.dashboard.tables import GROUPS
from sheetsync.kpi_catalog import KPIS


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def test_every_label_has_english_and_french_with_the_same_placeholders():
    for key, entry in LABELS.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        assert placeholders(entry["en"]) == placeholders(entry["fr"]), key


def test_every_kpi_shown_has_a_name_and_every_source_a_label():
    shown = {key for _, keys in GROUPS for key in keys}
    assert shown <= set(KPIS)
    assert not [k for k, kpi in KPIS.items() if f"src_{kpi.source}" not in LABELS]
    assert all(group in LABELS for group, _ in GROUPS)
