"""Benchmark: the Sheets API's answers -> read -> normalize -> compute_kpis, timed per stage.

    .venv/bin/python benchmarks/kpis.py                 # 1M orders, 1M signups, 10k spend rows
    .venv/bin/python benchmarks/kpis.py --orders 100000 --signups 100000
    .venv/bin/python benchmarks/kpis.py --stripe        # Sales as a pasted 80-column Stripe export

The cells look like what the Sheets API returns with UNFORMATTED_VALUE / SERIAL_NUMBER, by
columns, in a French sheet: most amounts are numbers, some are text such as "1 234,50 €"; most
dates are serial numbers, some are text "31/12/2025"; an empty cell is "". They come in the row
chunks the Google Sheets source asks for (≤ 1M cells a call). Generating them is not timed;
"read" is what the source does with the answers (one ColumnGrid a tab). Peak memory is the
process's maximum resident set size (``resource.getrusage``), generation included.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np

AS_OF = dt.date(2025, 12, 31)
FIRST = dt.date(2023, 1, 1)
SERIAL_EPOCH = dt.date(1899, 12, 30)
CHANNELS = ["YouTube", "Blog", "Facebook", "Google Ads", "Podcast", "Partners", "Instagram",
            "newsletter", "TikTok"]  # fmt: skip
STATUSES = ["payé", "paid", "refunded", "partially refunded", "pending", "failed"]
STATUS_P = [0.6, 0.3, 0.03, 0.02, 0.03, 0.02]
SELLERS = ["Alice", "Bruno", "Chloé", "David", None]


def peak_rss_mb() -> float:
    """Maximum resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _serials(rng: np.random.Generator, n: int) -> np.ndarray:
    span = (AS_OF - FIRST).days + 1
    return (FIRST - SERIAL_EPOCH).days + rng.integers(0, span, n)


def _date_cells(rng: np.random.Generator, serials: np.ndarray, text_share: float) -> list[Any]:
    """Serial numbers, with a share written as day-first text."""
    text = rng.random(len(serials)) < text_share
    cells: list[Any] = serials.tolist()
    for i in np.flatnonzero(text):
        d = SERIAL_EPOCH + dt.timedelta(days=int(serials[i]))
        cells[i] = f"{d.day:02d}/{d.month:02d}/{d.year}"
    return cells


def _money_cells(rng: np.random.Generator, amounts: np.ndarray, text_share: float) -> list[Any]:
    """Numbers, with a share written as French text: "1 234,50 €"."""
    text = rng.random(len(amounts)) < text_share
    cells: list[Any] = amounts.tolist()
    for i in np.flatnonzero(text):
        whole, cents = divmod(round(amounts[i] * 100), 100)
        cells[i] = f"{whole:,}".replace(",", "\u202f") + f",{cents:02d} €"
    return cells


def _api_chunks(columns: list[list[Any]]) -> list[tuple[int, list[list[Any]]]]:
    """A tab's columns as the Sheets API answers the source's reads: the row chunks of
    ``plan_reads`` (≤ 1M cells a call), each column ending at its last filled cell."""
    from sheetsync.sources.google.read_ranges import plan_reads

    height = max(map(len, columns))
    props = {"title": "t", "gridProperties": {"rowCount": height, "columnCount": len(columns)}}
    chunks = []
    for ((_title, start, rng),) in plan_reads([props]):  # one tab: one range per batch
        end = int(rng.rsplit(":", 1)[1]) if "!" in rng else height
        part = []
        for column in columns:
            cells = column[start:end]
            last = len(cells)
            while last and cells[last - 1] == "":
                last -= 1
            part.append(cells[:last])
        chunks.append((start, part))
    return chunks


def _spoil(rng: np.random.Generator, cells: list[Any], share: float, junk: str) -> None:
    for i in np.flatnonzero(rng.random(len(cells)) < share):
        cells[i] = junk


def api_tabs(
    n_orders: int, n_signups: int, n_spend: int, seed: int = 7, messy: bool = False
) -> dict[str, Any]:
    """Sales, Signups, Spend and Settings as the Sheets API answers them by columns: title ->
    ``(first row, columns)`` chunks. An empty cell is "" (the API's way), numbers and serial
    dates are numbers, some amounts and dates are French text. ``messy``: 10 % of the Sales
    dates and 5 % of the amounts are unreadable (each one an issue, its row skipped)."""
    rng = np.random.default_rng(seed)
    n_people = max(1, n_signups * 6 // 10)
    people = [f"person{i}@example.com" for i in range(n_people)]
    buyer = rng.integers(0, max(1, n_people // 2), n_orders)
    emails: list[Any] = [people[b] for b in buyer.tolist()]
    for i in np.flatnonzero(rng.random(n_orders) < 0.05):
        emails[i] = ""  # anonymous orders
    amounts = np.round(rng.choice([49, 97, 197, 497, 2364], n_orders) * rng.uniform(0.9, 1.1,
                       n_orders), 2)  # fmt: skip
    status = rng.choice(STATUSES, n_orders, p=STATUS_P)
    installments = rng.choice([1, 1, 1, 3, 12], n_orders)
    serials = _serials(rng, n_orders)
    refund_amount: list[Any] = [""] * n_orders
    refund_date: list[Any] = [""] * n_orders
    for i in np.flatnonzero(status == "partially refunded"):
        refund_amount[i] = round(float(amounts[i]) / 3, 2)
        refund_date[i] = int(min(serials[i] + 14, (AS_OF - SERIAL_EPOCH).days))
    sellers = [s or "" for s in SELLERS]
    dates, money = _date_cells(rng, serials, 0.2), _money_cells(rng, amounts, 0.3)
    if messy:
        _spoil(rng, dates, 0.10, "pas de date")
        _spoil(rng, money, 0.05, "n/a")
    sales = [
        list(range(100_001, 100_001 + n_orders)), dates,
        money, emails, installments.tolist(), ["20%"] * n_orders,
        status.tolist(), rng.choice(CHANNELS, n_orders).tolist(),
        [sellers[k] for k in rng.integers(0, len(SELLERS), n_orders).tolist()],
        refund_amount, refund_date,
    ]  # fmt: skip
    headers = ["N° commande", "Date", "Montant", "Email", "Échéances", "TVA", "Statut", "Canal",
               "Vendeur", "Remboursement", "Date de remboursement"]  # fmt: skip
    sales = [[header, *cells] for header, cells in zip(headers, sales, strict=True)]
    signup_people = rng.integers(0, n_people, n_signups)
    signups = [
        ["Date d'inscription", *_date_cells(rng, _serials(rng, n_signups), 0.1)],
        ["Email", *[people[p] for p in signup_people.tolist()]],
        ["Source", *rng.choice(CHANNELS, n_signups).tolist()],
        ["Commercial", *[sellers[k] for k in rng.integers(0, len(SELLERS), n_signups).tolist()]],
    ]
    days = (AS_OF - FIRST).days + 1
    k = np.arange(n_spend)
    spend = [
        ["Jour", *((FIRST - SERIAL_EPOCH).days + (k // len(CHANNELS)) % days).tolist()],
        ["Canal", *[CHANNELS[i % len(CHANNELS)] for i in range(n_spend)]],
        ["Dépense", *np.round(rng.uniform(5, 200, n_spend), 2).tolist()],
        ["Impressions", *rng.integers(100, 10_000, n_spend).tolist()],
        ["Clics", *rng.integers(1, 300, n_spend).tolist()],
        ["Visiteurs", *rng.integers(1, 200, n_spend).tolist()],
        ["Appels", *rng.integers(0, 5, n_spend).tolist()],
    ]
    settings = [["Paramètre", "as_of", "vat_rate"], ["Valeur", AS_OF.isoformat(), "20%"]]
    tabs = {"Ventes": sales, "Inscrits": signups, "Dépenses marketing": spend,
            "Paramètres": settings}  # fmt: skip
    return {title: _api_chunks(columns) for title, columns in tabs.items()}


# Every column of Stripe's 2024+ payments export (the research notes on exports, § 1a).
_STRIPE_TEXT = (
    "id,Created date (UTC),Amount,Amount Refunded,Currency,Captured,Converted Amount,"
    "Converted Amount Refunded,Converted Currency,Decline Reason,Description,Fee,Is Link,"
    "Link Funding,Mode,PaymentIntent ID,Payment Source Type,Refunded date (UTC),"
    "Statement Descriptor,Status,Seller Message,Taxes On Fee,Interchange Costs,"
    "Merchant Service Charge,Card ID,Card Name,Card Address Line1,Card Address Line2,"
    "Card Address City,Card Address State,Card Address Country,Card Address Zip,"
    "Card AVS Line1 Status,Card AVS Zip Status,Card Brand,Card CVC Status,Card Exp Month,"
    "Card Exp Year,Card Fingerprint,Card Funding,Card Issue Country,Card Last4,"
    "Card Tokenization Method,Customer ID,Customer Description,Customer Email,Customer Phone,"
    "Shipping Name,Shipping Address Line1,Shipping Address Line2,Shipping Address City,"
    "Shipping Address State,Shipping Address Country,Shipping Address Postal Code,"
    "Disputed Amount,Dispute Date (UTC),Dispute Evidence Due (UTC),Dispute Reason,"
    "Dispute Status,Invoice ID,Invoice Number,Checkout Session ID,Checkout Custom Field 1 Key,"
    "Checkout Custom Field 1 Value,Checkout Custom Field 2 Key,Checkout Custom Field 2 Value,"
    "Checkout Custom Field 3 Key,Checkout Custom Field 3 Value,Checkout Line Item Summary,"
    "Checkout Promotional Consent,Checkout Terms of Service Consent,Client Reference ID,"
    "Payment Link ID,UTM Campaign,UTM Content,UTM Medium,UTM Source,UTM Term,"
    "Terminal Location ID,Terminal Reader ID,Application Fee,Application ID,Destination,"
    "Transfer,Transfer Group,session_id (metadata)"
)
STRIPE_HEADER = _STRIPE_TEXT.split(",")


def stripe_columns(n: int, seed: int = 11) -> list[list[Any]]:
    """A pasted Stripe payments export as the Sheets API answers it: date-times as serials with
    their time of day (UTC), amounts as numbers, 2 % failed, 3 % refunded, 0.5 % test mode, 5 %
    charged in USD with their `Converted Amount`; every documented column, the unused ones
    mostly empty (as in real files)."""
    rng = np.random.default_rng(seed)
    n_people = max(1, n * 3 // 5)
    created = _serials(rng, n) + rng.integers(0, 86400, n) / 86400
    amount = np.round(rng.choice([49, 97, 197, 497, 2364], n) * rng.uniform(0.9, 1.1, n), 2)
    status = rng.choice(["Paid", "Refunded", "Failed"], n, p=[0.95, 0.03, 0.02])
    usd = rng.random(n) < 0.05
    refunded = np.where(status == "Refunded", amount, 0.0)
    refund_at: list[Any] = [""] * n
    for i in np.flatnonzero(status == "Refunded").tolist():
        refund_at[i] = float(min(created[i] + 10, (AS_OF - SERIAL_EPOCH).days))
    emails = np.array([f"person{i}@example.com" for i in range(n_people)], dtype=object)
    filled: dict[str, list[Any]] = {
        "id": [f"ch_3Q{i:010d}" for i in range(n)],
        "Created date (UTC)": created.tolist(),
        "Amount": np.where(usd, np.round(amount / 0.92, 2), amount).tolist(),
        "Amount Refunded": refunded.tolist(),
        "Currency": np.where(usd, "usd", "eur").tolist(),
        "Captured": np.where(status == "Failed", "false", "true").tolist(),
        "Converted Amount": amount.tolist(),
        "Converted Amount Refunded": refunded.tolist(),
        "Converted Currency": ["eur"] * n,
        "Description": rng.choice(["Course", "Coaching", "Templates"], n).tolist(),
        "Fee": np.round(amount * 0.015 + 0.25, 2).tolist(),
        "Mode": np.where(rng.random(n) < 0.005, "Test", "Live").tolist(),
        "PaymentIntent ID": [f"pi_3Q{i:010d}" for i in range(n)],
        "Payment Source Type": ["card"] * n,
        "Refunded date (UTC)": refund_at,
        "Status": status.tolist(),
        "Seller Message": np.where(
            status == "Failed", "The bank declined the payment.", "Payment complete."
        ).tolist(),
        "Card Brand": rng.choice(["Visa", "MasterCard", "American Express"], n).tolist(),
        "Card Funding": rng.choice(["credit", "debit"], n).tolist(),
        "Card Last4": rng.integers(1000, 9999, n).tolist(),
        "Customer ID": [f"cus_{i:08d}" for i in rng.integers(0, n_people, n).tolist()],
        "Customer Email": emails[rng.integers(0, n_people, n)].tolist(),
        "UTM Source": np.where(rng.random(n) < 0.3, rng.choice(CHANNELS, n), "").tolist(),
    }
    return [[header, *filled.get(header, [""] * n)] for header in STRIPE_HEADER]


def read_tabs(chunks: dict[str, Any]) -> Any:
    """What ``GoogleSheetsSource.read`` does with the API's answers: one ColumnGrid a tab."""
    from sheetsync.sources.base import RawWorkbook
    from sheetsync.sources.grid import ColumnGrid

    tabs = {title: ColumnGrid.from_chunks(parts) for title, parts in chunks.items()}
    return RawWorkbook("benchmark", tabs, locale="fr_FR", timezone="Europe/Paris", kind="gsheets")


def direct_dataset(n_orders: int, n_signups: int, n_spend: int, seed: int = 7) -> Any:
    """The same shop as typed frames, built directly (to time the engine on its own)."""
    import pandas as pd

    from sheetsync.normalize.dataset import Dataset
    from sheetsync.settings import Settings

    rng = np.random.default_rng(seed)
    n_people = max(1, n_signups * 6 // 10)
    span = (AS_OF - FIRST).days + 1
    day0 = np.datetime64(FIRST, "D")
    dates = (day0 + rng.integers(0, span, n_orders)).astype("datetime64[ns]")
    amounts = np.round(rng.choice([49, 97, 197, 497, 2364], n_orders) * rng.uniform(0.9, 1.1,
                       n_orders), 2)  # fmt: skip
    status = rng.choice(["paid", "refunded", "partially_refunded", "pending"], n_orders,
                        p=[0.92, 0.03, 0.02, 0.03])  # fmt: skip
    emails = np.array([f"person{i}@example.com" for i in range(n_people)], dtype=object)
    email = emails[rng.integers(0, max(1, n_people // 2), n_orders)]
    email[rng.random(n_orders) < 0.05] = None
    rows = np.arange(2, n_orders + 2)
    customer = np.where(pd.isna(email), "#" + rows.astype(str).astype(object), email)
    refunded = np.flatnonzero(status != "paid")
    refunded = refunded[status[refunded] != "pending"]
    full = status[refunded] == "refunded"
    r_amount = np.where(full, amounts[refunded], np.round(amounts[refunded] / 3, 2))
    r_date = np.minimum(dates[refunded] + np.timedelta64(14, "D"), np.datetime64(AS_OF, "ns"))
    refund = np.zeros(n_orders)
    refund[refunded] = r_amount
    full_date = np.full(n_orders, np.datetime64("NaT"), dtype="datetime64[ns]")
    full_date[refunded[full]] = r_date[full]
    none = np.full(n_orders, None, dtype=object)
    sales = pd.DataFrame({
        "row": rows, "order_id": none, "date": dates, "amount": amounts,
        "vat": np.full(n_orders, 0.2), "installments": rng.choice([1, 1, 1, 3, 12], n_orders),
        "status": status.astype(object), "email": email, "customer": customer,
        "product": none, "channel": rng.choice(CHANNELS, n_orders).astype(object),
        "salesperson": np.array(SELLERS, dtype=object)[rng.integers(0, 5, n_orders)],
        "refund": refund, "full_refund_date": full_date,
    })  # fmt: skip
    refunds = pd.DataFrame({"row": rows[refunded], "order": pd.array(refunded, dtype="Int64"),
                            "date": r_date, "amount": r_amount,
                            "vat": np.full(len(refunded), 0.2)})  # fmt: skip
    signups = pd.DataFrame({
        "row": np.arange(2, n_signups + 2),
        "date": (day0 + rng.integers(0, span, n_signups)).astype("datetime64[ns]"),
        "email": emails[rng.integers(0, n_people, n_signups)],
        "source": rng.choice(CHANNELS, n_signups).astype(object),
        "campaign": np.full(n_signups, None, dtype=object),
        "owner": np.array(SELLERS, dtype=object)[rng.integers(0, 5, n_signups)],
    })  # fmt: skip
    spend = pd.DataFrame({
        "row": np.arange(2, n_spend + 2),
        "date": (day0 + (np.arange(n_spend) // len(CHANNELS)) % span).astype("datetime64[ns]"),
        "channel": np.array(CHANNELS, dtype=object)[np.arange(n_spend) % len(CHANNELS)],
        "spend": rng.uniform(5, 200, n_spend), "impressions": rng.uniform(100, 1e4, n_spend),
        "clicks": rng.uniform(1, 300, n_spend), "visitors": rng.uniform(1, 200, n_spend),
        "calls": rng.uniform(0, 5, n_spend),
    })  # fmt: skip
    for frame in (sales, signups, spend):  # text columns are object, as normalize gives them
        for col in frame.columns:
            if frame[col].dtype == "str":
                frame[col] = frame[col].astype(object)
    every = {"sales": frozenset(sales.columns), "signups": frozenset(signups.columns),
             "spend": frozenset(spend.columns)}  # fmt: skip
    return Dataset(Settings(as_of=AS_OF, vat_rate=0.2), sales, refunds, signups, spend,
                   columns=every)  # fmt: skip


def timed(label: str, times: dict[str, float], fn: Callable[[], Any]) -> Any:
    """Run one stage; print its wall and CPU time (CPU is steadier on a shared machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    times[label] = time.perf_counter() - start
    times[label + " cpu"] = time.process_time() - cpu
    print(f"{label:<12} {times[label]:7.2f} s wall {times[label + ' cpu']:7.2f} s CPU"
          f"   peak RSS {peak_rss_mb():6.0f} MB", flush=True)  # fmt: skip
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--signups", type=int, default=1_000_000)
    parser.add_argument("--spend-rows", type=int, default=10_000)
    parser.add_argument("--period", choices=("month", "week"), default="month")
    parser.add_argument(
        "--messy",
        action="store_true",
        help="make 10 %% of the Sales dates and 5 %% of the amounts unreadable (issues)",
    )
    parser.add_argument(
        "--stripe",
        action="store_true",
        help="Sales as a pasted Stripe payments export with every documented column (80)",
    )
    parser.add_argument(
        "--engine-only",
        action="store_true",
        help="time compute_kpis on frames built directly, without normalize",
    )
    args = parser.parse_args()

    from sheetsync.kpis import compute_kpis

    times: dict[str, float] = {}
    if args.engine_only:
        data = timed("build frames", times, lambda: direct_dataset(args.orders, args.signups,
                                                                   args.spend_rows))  # fmt: skip
        timed("compute_kpis", times, lambda: compute_kpis(data))
        return
    orders = 1 if args.stripe else args.orders
    answers = timed("generate", times, lambda: api_tabs(orders, args.signups,
                                                        args.spend_rows, messy=args.messy))  # fmt: skip
    if args.stripe:
        del answers["Ventes"]
        answers["Stripe export"] = _api_chunks(stripe_columns(args.orders))
    if args.period == "week":
        start, (keys, values) = answers["Paramètres"][0]
        answers["Paramètres"] = [(start, [[*keys, "period"], [*values, "week"]])]
    from sheetsync.normalize import normalize

    raw = timed("read", times, lambda: read_tabs(answers))
    answers.clear()  # the source keeps only its grids
    data = timed("normalize", times, lambda: normalize(raw))
    out = timed("compute_kpis", times, lambda: compute_kpis(data))
    stages = ("read", "normalize", "compute_kpis")
    wall = sum(times[stage] for stage in stages)
    cpu = sum(times[stage + " cpu"] for stage in stages)
    print(
        f"{'end to end':<12} {wall:7.2f} s wall {cpu:7.2f} s CPU   peak RSS {peak_rss_mb():6.0f} MB"
    )
    print(f"orders kept {len(data.sales):,}, signups {len(data.signups):,}, "
          f"issues {len(data.issues):,}, periods {len(out['periods'])}")  # fmt: skip


if __name__ == "__main__":
    main()
