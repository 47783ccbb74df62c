"""sheetsync reads the sample as the brief intends: every planted issue, and nothing else."""

from __future__ import annotations

from sheetsync.normalize import normalize
from sheetsync.sources.xlsx_file import XlsxSource
from tests.sample.conftest import END, Sample


def test_normalising_the_sample_reports_exactly_the_planted_issues(small: Sample) -> None:
    summary, _ = small
    data = normalize(XlsxSource(summary.path).read(), today=END)
    found = {(i.tab, i.row, i.column, i.field) for i in data.issues}
    planted = {(p.tab, p.row, p.column, p.field) for p in summary.planted}
    assert found == planted  # the French text values all parse: no other issue


def test_normalising_the_sample_keeps_its_settings_channels_and_signups(small: Sample) -> None:
    summary, tabs = small
    data = normalize(XlsxSource(summary.path).read(), today=END)
    assert data.settings.vat_rate == 0.2
    assert data.settings.language == "fr"
    assert data.settings.currency == "EUR"
    assert dict(data.settings.targets) == {"new_signups": 3000.0, "cac": 60.0}
    # every row but the blank one, the bad email and the impossible date
    assert len(data.signups) == len(tabs["Inscrits"]) - 3
    assert {"YouTube", "Blog", "Facebook Ads", "Google Ads", "Instagram"} <= set(
        data.signups["source"]
    )
    assert set(data.sales["salesperson"].dropna()) <= {
        "Julie Martin",
        "Karim Benali",
        "Sophie Garnier",
    }
