"""`sheetsync sample --exports`: the same business as pasted Stripe, PayPal, Mailchimp and Meta
Ads tabs, read with no rename and no config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from sheetsync.normalize import normalize
from sheetsync.report import build_report
from sheetsync.sample import write_sample
from sheetsync.sources.xlsx_file import XlsxSource
from tests.sample.conftest import END, read_tabs


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict, float]:
    folder: Path = tmp_path_factory.mktemp("exports")
    pasted = write_sample(folder / "pasted.xlsx", seed=7, months=3, end=END, exports=True)
    plain = write_sample(folder / "plain.xlsx", seed=7, months=3, end=END)
    read = [build_report(normalize(XlsxSource(s.path).read(), today=END)) for s in (pasted, plain)]
    meta = read_tabs(pasted.path)["Meta Ads"]
    return read[0], read[1], float(meta["Amount spent (EUR)"].astype(float).sum())


def test_every_export_tab_is_recognised_by_its_headers(documents: tuple[dict, dict, float]) -> None:
    pasted, _, _ = documents
    kinds = {s["title"]: (s["kind"], s["export"]) for s in pasted["sources"]}
    assert kinds["Stripe export"] == ("Sales", "Stripe payments")
    assert kinds["PayPal"] == ("Sales", "PayPal activity")
    assert kinds["Mailchimp"] == ("Signups", "Mailchimp audience")
    assert kinds["Meta Ads"] == ("Spend", "Meta Ads report")
    paypal = next(s for s in pasted["sources"] if s["title"] == "PayPal")
    assert set(paypal["left_out"]) == {"General Withdrawal"}
    assert pasted["issues"] == []


def test_the_pasted_business_has_the_plain_sample_s_signups_and_spend(
    documents: tuple[dict, dict, float],
) -> None:
    pasted, plain, meta_spend = documents
    channels = {c["channel"]: c for c in pasted["channels"]}
    assert {"YouTube", "Facebook Ads", "Google Ads"} <= set(channels)  # sources from `column.*`
    assert channels["Facebook Ads"]["spend_ht"] == pytest.approx(meta_spend, rel=1e-9)
    # the plain sample plants a few bad signup rows: the pasted one has them all
    assert 0 < pasted["totals"]["new_signups"] - plain["totals"]["new_signups"] < 5
