"""Each sheet's last KPI document, and the title its refresh read, on real SQLite."""

from __future__ import annotations

from sqlalchemy import Engine

from sheetsync.service.store import kpi_documents

SHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


def test_the_title_of_the_last_refresh_is_kept_with_its_document(engine: Engine) -> None:
    assert kpi_documents.get_title(engine, SHEET) is None
    kpi_documents.save_kpis(engine, SHEET, "run-1", {"periods": []}, "Boutique Léa")
    assert kpi_documents.get_title(engine, SHEET) == "Boutique Léa"
    assert kpi_documents.get_kpis(engine, SHEET) == {"periods": []}
    kpi_documents.save_kpis(engine, SHEET, "run-2", {"periods": []})  # a source without one
    assert kpi_documents.get_title(engine, SHEET) is None
