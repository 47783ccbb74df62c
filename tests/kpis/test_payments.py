"""With a Payments tab, the payments are the cash; receivables still come from Sales."""

from __future__ import annotations

import pytest

from tests.kpis.conftest import period

SALE = {"date": "2025-11-10", "amount": 1200, "installments": 12, "vat": 0.2}


def test_payments_replace_the_schedule_for_cash(kpis):
    payments = [
        {"date": "2025-11-10", "amount": 100, "order": 0},
        {"date": "2025-12-10", "amount": 100, "order": 0},
        {"date": "2025-12-15", "amount": 60, "order": None},  # default VAT 20 %
    ]
    out = kpis(sales=[SALE], payments=payments, vat_rate=0.2)
    assert period(out, "2025-11")["cash_collected_ht"] == pytest.approx(100 / 1.2)
    assert period(out, "2025-12")["cash_collected_ht"] == pytest.approx(160 / 1.2)
    # the Sales schedule: Nov 10 and Dec 10 are due, 10 × 100 are not
    assert out["totals"]["receivables_ttc"] == pytest.approx(1000)


def test_full_refund_pays_back_the_payments_received_up_to_its_date(kpis):
    payments = [
        {"date": "2025-11-10", "amount": 100, "order": 0},
        {"date": "2025-12-10", "amount": 100, "order": 0},
        {"date": "2025-12-20", "amount": 100, "order": 0},  # after the refund: not paid back
    ]
    refunds = [{"order": 0, "date": "2025-12-12", "amount": 1200}]
    out = kpis(sales=[{**SALE, "status": "refunded"}], payments=payments, refunds=refunds)
    # December: +100 (Dec 10) + 100 (Dec 20) received, −200 paid back (Nov 10 + Dec 10)
    assert period(out, "2025-12")["cash_collected_ht"] == pytest.approx(0)
    assert out["totals"]["refunds_ttc"] == 1200
    assert out["totals"]["receivables_ttc"] == 0  # the schedule stopped on Dec 12


def test_payments_for_a_pending_order_are_cash(kpis):
    sale = {**SALE, "status": "pending", "installments": 1}
    out = kpis(sales=[sale], payments=[{"date": "2025-12-01", "amount": 120, "order": 0}])
    assert out["totals"]["cash_collected_ht"] == pytest.approx(100)
    assert out["totals"]["receivables_ttc"] == 0
