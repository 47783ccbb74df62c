"""A small shop, 24 Nov – 10 Dec 2025, with every KPI of docs/figures.md computed by hand.

as_of 2025-12-10 (a Wednesday), VAT 20 % unless said, active window 10 days.
Months: 2025-11 (full, 30 days), 2025-12 (partial, 10 days counted).
ISO weeks: W48 (Nov 24–30), W49 (Dec 1–7), W50 (Dec 8–14, partial: 3 days counted).

Orders (index: date, amount TTC, instalments, status, customer, salesperson → net HT):
  0  Nov 24  120  1  paid      ann  Bob  → 120/1.2 = 100
  1  Nov 26  600  3  paid      ben  Bob  → 500; 200 on Nov 26, 200 Dec 26 and Jan 26 (receivable)
  2  Nov 28   60  1  refunded  cat  Eve  → 0 (fully refunded Dec 2)
  3  Dec 2   240  1  paid      ann  Eve  → 200
  4  Dec 5    90  1  pending   dan  -    → 75, no cash
  5  Dec 9   300  2  paid      #7   Bob  → VAT 0: 300; 150 on Dec 9, 150 Jan 9 (receivable)
  6  Dec 3   100  1  partial   fay  -    → (100 − 30)/1.2 = 58.3333
  7  Dec 6    60  1  paid      ann  Eve  → 50
Refunds: order 2 60 on Dec 2 (collected 60 by then → 60 paid back, /1.2 = 50 HT);
  order 6 30 on Dec 8 (as written, 25 HT); unlinked 12 on Dec 10 (default VAT: 10 HT).
First signups: ann Nov 24 (Bob), ben Nov 25, zed Nov 25 (Eve), cat Dec 1 (Eve), fay Dec 2,
  gus Dec 4 (Bob), dan Dec 10; ann again Nov 29 (not new). Converted (an order on or after the
  first signup): ann, ben, fay. cat bought before signing up, dan too.
"""

from __future__ import annotations

from typing import Any

SETTINGS: dict[str, Any] = {"as_of": "2025-12-10", "vat_rate": 0.2, "active_window_days": 10}

SALES = [
    {"date": "2025-11-24", "amount": 120, "email": "ann@x.fr", "salesperson": "Bob"},
    {"date": "2025-11-26", "amount": 600, "installments": 3, "email": "ben@x.fr",
     "salesperson": "Bob"},
    {"date": "2025-11-28", "amount": 60, "status": "refunded", "email": "cat@x.fr",
     "salesperson": "Eve"},
    {"date": "2025-12-02", "amount": 240, "email": "ann@x.fr", "salesperson": "Eve"},
    {"date": "2025-12-05", "amount": 90, "status": "pending", "email": "dan@x.fr"},
    {"date": "2025-12-09", "amount": 300, "installments": 2, "vat": 0.0, "salesperson": "Bob"},
    {"date": "2025-12-03", "amount": 100, "status": "partially_refunded", "email": "fay@x.fr"},
    {"date": "2025-12-06", "amount": 60, "email": "ann@x.fr", "salesperson": "Eve"},
]  # fmt: skip
REFUNDS = [
    {"order": 2, "date": "2025-12-02", "amount": 60},
    {"order": 6, "date": "2025-12-08", "amount": 30},
    {"order": None, "date": "2025-12-10", "amount": 12},
]
SIGNUPS = [
    {"date": "2025-11-24", "email": "ann@x.fr", "source": "YouTube", "owner": "Bob"},
    {"date": "2025-11-25", "email": "ben@x.fr", "source": "Blog"},
    {"date": "2025-11-25", "email": "zed@x.fr", "source": "Blog", "owner": "Eve"},
    {"date": "2025-11-29", "email": "ann@x.fr", "source": "Blog"},
    {"date": "2025-12-01", "email": "cat@x.fr", "source": "YouTube", "owner": "Eve"},
    {"date": "2025-12-04", "email": "gus@x.fr", "source": "Ads", "owner": "Bob"},
    {"date": "2025-12-02", "email": "fay@x.fr", "source": "Ads"},
    {"date": "2025-12-10", "email": "dan@x.fr", "source": "Ads"},
]
NAN = float("nan")
SPEND = [
    {"date": "2025-11-24", "channel": "Ads", "spend": 50, "impressions": 1000, "clicks": 40,
     "visitors": 30, "calls": 1},
    {"date": "2025-12-01", "channel": "Ads", "spend": 80, "impressions": 2000, "clicks": 50,
     "visitors": 40, "calls": 2},
    {"date": "2025-12-09", "channel": "Ads", "spend": 20, "impressions": 500, "clicks": NAN,
     "visitors": 10, "calls": 0},
]  # fmt: skip
COSTS = [
    {"date": "2025-11-30", "amount": 100, "kind": "fixed"},
    {"date": "2025-12-05", "amount": 40, "kind": "variable"},
    {"date": "2025-12-10", "amount": 31, "kind": "fixed"},
]
FEEDBACK = [
    {"email": "ann@x.fr", "reviewed": True, "referred": False},
    {"email": "ben@x.fr", "reviewed": False, "referred": True},
    {"email": "zed@x.fr", "reviewed": True, "referred": False},  # not a customer
]

# November as a month and W48 as a week hold the same rows; only the days differ.
NOVEMBER = {
    "orders": 3,  # orders 0, 1, 2
    "gross_sales_ttc": 780.0,  # 120 + 600 + 60
    "refunds_ttc": 0.0,  # order 2's refund is dated Dec 2
    "refund_rate": 60 / 780,  # order 2 is a November order: 0.0769
    "net_revenue_ht": 600.0,  # 100 + 500 + 0
    "cash_collected_ht": 380 / 1.2,  # (120 + 200 + 60) / 1.2 = 316.67
    "aov_ttc": 260.0,  # 780 / 3
    "new_signups": 3,  # ann, ben, zed
    "signups_per_day": 3 / 30,
    "sales_per_signup_ttc": 260.0,  # 780 / 3
    "visitors": 30.0,
    "visitor_to_lead_rate": 0.1,  # 3 / 30
    "customers": 3,  # ann, ben, cat
    "new_customers": 3,
    "orders_per_customer": 1.0,
    "lead_to_customer_rate": 2 / 3,  # ann, ben converted; zed did not
    "avg_days_to_convert": 0.5,  # ann 0 days, ben 1 day (cat signed up after buying)
    "median_days_to_convert": 0.5,
    "spend_ht": 50.0,
    "impressions": 1000.0,
    "clicks": 40.0,
    "calls": 1.0,
    "ctr": 0.04,  # 40 / 1000
    "cpc": 1.25,  # 50 / 40
    "cpl": 50 / 3,
    "cost_per_call": 50.0,
    "cac": 50 / 3,
    "roas": 12.0,  # 600 / 50
    "variable_costs": 50.0,  # no variable cost line + 50 spend
    "fixed_costs": 100.0,
    "gross_profit": 550.0,  # 600 − 50
    "net_profit": 450.0,  # 550 − 100
    "net_margin": 0.75,  # 450 / 600
    "gross_burn": 150.0,  # 50 + 100
    "net_burn": 150 - 380 / 1.2,  # −166.67
    "active_customers_start": 0,
    "active_customers_end": 3,  # on Nov 30, orders in (Nov 20, Nov 30]: ann, ben, cat
    "churned_customers": 0,
    "churn_rate": None,  # nobody active at the start
    "retention_rate": None,
    "review_rate": 1 / 3,  # ann among ann, ben, cat
    "referral_rate": 1 / 3,  # ben
}
DECEMBER = {
    "orders": 5,  # orders 3, 4, 5, 6, 7
    "gross_sales_ttc": 790.0,  # 240 + 90 + 300 + 100 + 60
    "refunds_ttc": 102.0,  # 60 + 30 + 12 (unlinked)
    "refund_rate": 30 / 790,  # order 6's refund
    "net_revenue_ht": 200 + 75 + 300 + 70 / 1.2 + 50,  # 683.33
    # in: 240/1.2 + 150/1 + 100/1.2 + 60/1.2 = 483.33; out: 50 + 25 + 10 = 85
    "cash_collected_ht": 200 + 150 + 100 / 1.2 + 50 - 85,
    "aov_ttc": 158.0,  # 790 / 5
    "new_signups": 4,  # cat, fay, gus, dan
    "signups_per_day": 0.4,  # 4 / 10 days up to as_of
    "sales_per_signup_ttc": 197.5,  # 790 / 4
    "visitors": 50.0,  # 40 + 10
    "visitor_to_lead_rate": 0.08,  # 4 / 50
    "customers": 4,  # ann, dan, #7, fay
    "new_customers": 3,  # dan, #7, fay
    "orders_per_customer": 1.25,  # 5 / 4
    "lead_to_customer_rate": 0.25,  # fay only
    "avg_days_to_convert": 1.0,  # fay Dec 2 → Dec 3 (dan signed up after, #7 never)
    "median_days_to_convert": 1.0,
    "spend_ht": 100.0,  # 80 + 20
    "impressions": 2500.0,
    "clicks": 50.0,  # the empty cell adds nothing
    "calls": 2.0,
    "ctr": 0.02,  # 50 / 2500
    "cpc": 2.0,  # 100 / 50
    "cpl": 25.0,  # 100 / 4
    "cost_per_call": 50.0,  # 100 / 2
    "cac": 100 / 3,
    "roas": (200 + 75 + 300 + 70 / 1.2 + 50) / 100,  # 6.83
    "variable_costs": 140.0,  # 40 + 100 spend
    "fixed_costs": 31.0,
    "gross_profit": 200 + 75 + 300 + 70 / 1.2 + 50 - 140,  # 543.33
    "net_profit": 200 + 75 + 300 + 70 / 1.2 + 50 - 171,  # 512.33
    "net_margin": 1537 / 2050,  # 512.33 / 683.33
    "gross_burn": 171.0,
    "net_burn": 171 - (200 + 150 + 100 / 1.2 + 50 - 85),  # −227.33
    "active_customers_start": 3,  # on Nov 30: ann, ben, cat
    "active_customers_end": 4,  # on Dec 10, (Nov 30, Dec 10]: ann, dan, #7, fay
    "churned_customers": 2,  # ben, cat
    "churn_rate": 2 / 3,
    "retention_rate": 1 / 3,  # ann
    "review_rate": 0.25,  # ann among 4
    "referral_rate": 0.0,
}
W49 = {
    "orders": 4,  # orders 3, 4, 6, 7
    "gross_sales_ttc": 490.0,  # 240 + 90 + 100 + 60
    "refunds_ttc": 60.0,  # order 2's, Dec 2
    "refund_rate": 30 / 490,
    "net_revenue_ht": 200 + 75 + 70 / 1.2 + 50,  # 383.33
    "cash_collected_ht": 200 + 100 / 1.2 + 50 - 50,  # in 333.33, out 50
    "aov_ttc": 122.5,
    "new_signups": 3,  # cat, fay, gus
    "signups_per_day": 3 / 7,
    "sales_per_signup_ttc": 490 / 3,
    "visitors": 40.0,
    "visitor_to_lead_rate": 0.075,  # 3 / 40
    "customers": 3,  # ann, dan, fay
    "new_customers": 2,  # dan, fay
    "orders_per_customer": 4 / 3,
    "lead_to_customer_rate": 1 / 3,  # fay
    "avg_days_to_convert": 1.0,
    "median_days_to_convert": 1.0,
    "spend_ht": 80.0,
    "impressions": 2000.0,
    "clicks": 50.0,
    "calls": 2.0,
    "ctr": 0.025,
    "cpc": 1.6,
    "cpl": 80 / 3,
    "cost_per_call": 40.0,
    "cac": 40.0,  # 80 / 2
    "roas": (200 + 75 + 70 / 1.2 + 50) / 80,  # 4.79
    "variable_costs": 120.0,  # 40 + 80
    "fixed_costs": 0.0,
    "gross_profit": 200 + 75 + 70 / 1.2 + 50 - 120,  # 263.33
    "net_profit": 200 + 75 + 70 / 1.2 + 50 - 120,
    "net_margin": 790 / 1150,  # 263.33 / 383.33
    "gross_burn": 120.0,
    "net_burn": 120 - (200 + 100 / 1.2),  # −163.33
    "active_customers_start": 3,  # Nov 30: ann, ben, cat
    "active_customers_end": 4,  # Dec 7, (Nov 27, Dec 7]: cat, ann, dan, fay
    "churned_customers": 1,  # ben (last order Nov 26)
    "churn_rate": 1 / 3,
    "retention_rate": 2 / 3,
    "review_rate": 1 / 3,  # ann among ann, dan, fay
    "referral_rate": 0.0,
}
W50 = {
    "orders": 1,  # order 5
    "gross_sales_ttc": 300.0,
    "refunds_ttc": 42.0,  # 30 (Dec 8) + 12 (Dec 10)
    "refund_rate": 0.0,
    "net_revenue_ht": 300.0,
    "cash_collected_ht": 115.0,  # 150 − 25 − 10
    "aov_ttc": 300.0,
    "new_signups": 1,  # dan
    "signups_per_day": 1 / 3,  # Dec 8, 9, 10
    "sales_per_signup_ttc": 300.0,
    "visitors": 10.0,
    "visitor_to_lead_rate": 0.1,
    "customers": 1,  # #7
    "new_customers": 1,
    "orders_per_customer": 1.0,
    "lead_to_customer_rate": 0.0,  # dan bought before signing up
    "avg_days_to_convert": None,  # #7 has no signup
    "median_days_to_convert": None,
    "spend_ht": 20.0,
    "impressions": 500.0,
    "clicks": 0.0,
    "calls": 0.0,
    "ctr": 0.0,  # 0 / 500
    "cpc": None,  # 20 / 0 clicks
    "cpl": 20.0,
    "cost_per_call": None,  # 0 calls
    "cac": 20.0,
    "roas": 15.0,  # 300 / 20
    "variable_costs": 20.0,
    "fixed_costs": 31.0,
    "gross_profit": 280.0,
    "net_profit": 249.0,
    "net_margin": 0.83,  # 249 / 300
    "gross_burn": 51.0,
    "net_burn": -64.0,  # 51 − 115
    "active_customers_start": 4,  # Dec 7: cat, ann, dan, fay
    "active_customers_end": 4,  # Dec 10: ann, dan, #7, fay
    "churned_customers": 1,  # cat
    "churn_rate": 0.25,
    "retention_rate": 0.75,
    "review_rate": 0.0,
    "referral_rate": 0.0,
}
NET_TOTAL = 600 + 200 + 75 + 300 + 70 / 1.2 + 50  # 1283.33
CASH_TOTAL = 380 / 1.2 + 200 + 150 + 100 / 1.2 + 50 - 85  # 715
TOTALS = {
    "orders": 8,
    "gross_sales_ttc": 1570.0,
    "refunds_ttc": 102.0,
    "refund_rate": 90 / 1570,  # 60 + 30
    "net_revenue_ht": NET_TOTAL,
    "cash_collected_ht": CASH_TOTAL,
    "aov_ttc": 196.25,  # 1570 / 8
    "new_signups": 7,
    "signups_per_day": 7 / 40,  # Nov 1 – Dec 10 for months (7 / 17 for weeks: Nov 24 –)
    "sales_per_signup_ttc": 1570 / 7,
    "visitors": 80.0,
    "visitor_to_lead_rate": 7 / 80,
    "customers": 6,  # ann, ben, cat, dan, #7, fay
    "new_customers": 6,
    "orders_per_customer": 8 / 6,
    "lead_to_customer_rate": 3 / 7,  # ann, ben, fay
    "avg_days_to_convert": 2 / 3,  # 0, 1, 1
    "median_days_to_convert": 1.0,
    "spend_ht": 150.0,
    "impressions": 3500.0,
    "clicks": 90.0,
    "calls": 3.0,
    "ctr": 90 / 3500,
    "cpc": 150 / 90,
    "cpl": 150 / 7,
    "cost_per_call": 50.0,
    "cac": 25.0,  # 150 / 6
    "roas": NET_TOTAL / 150,
    "variable_costs": 190.0,  # 40 + 150
    "fixed_costs": 131.0,
    "gross_profit": NET_TOTAL - 190,
    "net_profit": NET_TOTAL - 321,
    "net_margin": 2887 / 3850,  # 962.33 / 1283.33
    "gross_burn": 321.0,
    "net_burn": 321 - CASH_TOTAL,  # −394
    "active_customers_start": None,
    "active_customers_end": 4,  # at as_of
    "churned_customers": None,
    "churn_rate": None,
    "retention_rate": None,
    "review_rate": 1 / 6,
    "referral_rate": 1 / 6,
    "receivables_ttc": 550.0,  # 200 + 200 (order 1) + 150 (order 5)
    "leads": 7,
    "ltv": None,  # nobody's first order is a year before as_of
    "as_of": "2025-12-10",
    "currency": "EUR",
    "attribution_model": "first_touch",
}
SALESPEOPLE = [
    # Bob: orders 0, 1, 5; leads ann (converted) and gus → 1 / 2
    {"salesperson": "Bob", "orders": 3, "revenue_ht": 900.0, "average_sale_ttc": 340.0,
     "lead_to_customer_rate": 0.5},
    # Eve: orders 2, 3, 7 (net 0 + 200 + 50); leads zed, cat: none converted
    {"salesperson": "Eve", "orders": 3, "revenue_ht": 250.0, "average_sale_ttc": 120.0,
     "lead_to_customer_rate": 0.0},
]  # fmt: skip
MONTHS = [
    {"period": "2025-11", "start": "2025-11-01", "end": "2025-11-30", "partial": False,
     **NOVEMBER},
    {"period": "2025-12", "start": "2025-12-01", "end": "2025-12-31", "partial": True,
     **DECEMBER},
]  # fmt: skip
WEEKS = [
    {"period": "2025-W48", "start": "2025-11-24", "end": "2025-11-30", "partial": False,
     **NOVEMBER, "signups_per_day": 3 / 7},
    {"period": "2025-W49", "start": "2025-12-01", "end": "2025-12-07", "partial": False, **W49},
    {"period": "2025-W50", "start": "2025-12-08", "end": "2025-12-14", "partial": True, **W50},
]  # fmt: skip
WEEK_TOTALS = {**TOTALS, "signups_per_day": 7 / 17}
