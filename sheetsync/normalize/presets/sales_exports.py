"""Sales exports of payment and shop tools (headers: the research notes on exports, with their
public sources: real exports committed to public repositories, exporters' code, importers)."""

from __future__ import annotations

from sheetsync.normalize.presets.preset_types import (
    FirstOfGroup,
    FlagStatus,
    LeaveOut,
    Preset,
    RowTypes,
    Signature,
    Zone,
)

STRIPE = Preset(
    "stripe_payments",
    "Stripe payments",
    "sales",
    signatures=(
        Signature(("id", "Created date (UTC)", "Amount", "Amount Refunded")),  # 2024+
        Signature(("id", "Created (UTC)", "Amount", "Amount Refunded")),  # about 2018-2020
        Signature(("id", "Created", "Amount", "Amount Refunded", "Converted Amount")),  # 2014
    ),
    columns={
        "order_id": ("id",),
        "date": ("Created date (UTC)", "Created (UTC)", "Created"),
        # The account currency when Stripe gives it; refunds then in that currency too.
        "amount": ("Converted Amount", "Amount"),
        "refund_amount": ("Converted Amount Refunded", "Amount Refunded"),
        "currency": ("Converted Currency", "Currency"),
        "refund_date": ("Refunded date (UTC)",),
        "status": ("Status",),
        "email": ("Customer Email",),
        "product": ("Description",),
        "channel": ("UTM Source",),
        "mode": ("Mode",),
    },
    helpers=("mode",),
    together=(("amount", "refund_amount", "currency"),),
    rules=(LeaveOut("mode", ("test",), "test mode"),),
    zone=Zone(fields=("date", "refund_date"), fixed="UTC"),
)

SHOPIFY = Preset(
    "shopify_orders", "Shopify orders", "sales",
    signatures=(Signature(("Name", "Financial Status", "Lineitem name", "Created at", "Total")),),
    columns={
        "order_id": ("Name",),
        "date": ("Created at",),
        "amount": ("Total",),
        "refund_amount": ("Refunded Amount",),
        "currency": ("Currency",),
        "status": ("Financial Status",),
        "email": ("Email",),
        "product": ("Lineitem name",),
    },
    rules=(FirstOfGroup("order_id", "line item after the first"),),
    statuses={
        "paid": "paid", "partially_paid": "pending", "pending": "pending",
        "authorized": "pending", "partially_refunded": "partially_refunded",
        "refunded": "refunded", "voided": "cancelled", "expired": "cancelled",
    },
)  # fmt: skip

_WOO_STATUSES = {
    "completed": "paid", "processing": "paid", "on-hold": "pending", "pending": "pending",
    "pending payment": "pending", "cancelled": "cancelled", "refunded": "refunded",
    "failed": "failed", "draft": "cancelled", "checkout-draft": "cancelled",
    "wc-completed": "paid", "wc-processing": "paid", "wc-on-hold": "pending",
    "wc-pending": "pending", "wc-cancelled": "cancelled", "wc-refunded": "refunded",
    "wc-failed": "failed",
}  # fmt: skip

WOO_ALGOLPLUS = Preset(
    "woocommerce_algolplus",
    "WooCommerce orders (Advanced Order Export)",
    "sales",
    signatures=(Signature(("Order Number", "Order Total Amount", "Email (Billing)")),),
    columns={
        "order_id": ("Order Number", "Order ID", "Order Id"),
        "date": ("Order Date",),
        "amount": ("Order Total Amount",),
        "refund_amount": ("Order Refund Amount",),
        "currency": ("Currency",),
        "status": ("Order Status",),
        "email": ("Email (Billing)",),
        "product": ("Item Name", "Name", "Product Name (main)"),
    },
    rules=(FirstOfGroup("order_id", "line item after the first"),),
    statuses=_WOO_STATUSES,
)

WOO_WEBTOFFEE = Preset(
    "woocommerce_webtoffee",
    "WooCommerce orders (WebToffee)",
    "sales",
    signatures=(Signature(("order_number", "order_total", "billing_email", "wt_import_key")),),
    columns={
        "order_id": ("order_number", "order_id"),
        "date": ("order_date",),
        "amount": ("order_total",),
        "currency": ("order_currency",),
        "status": ("status",),
        "email": ("billing_email", "customer_email"),
        "channel": ("meta:_wc_order_attribution_utm_source",),
    },
    statuses=_WOO_STATUSES,
)

GUMROAD = Preset(
    "gumroad_sales",
    "Gumroad sales",
    "sales",
    signatures=(Signature(("Purchase ID", "Sale Price (*)", "Purchase Time (UTC timezone)")),),
    columns={
        "order_id": ("Purchase ID",),
        # The full UTC time-stamp when present; the date alone keeps its day.
        "date": ("Purchase Time (UTC timezone)", "Purchase Date"),
        "amount": ("Sale Price (*)",),
        "refund_amount": ("Partial Refund (*)",),
        "email": ("Purchase Email", "Buyer Email"),
        "product": ("Item Name",),
        "channel": ("UTM Source", "Referrer"),
        "fully_refunded": ("Fully Refunded?", "Refunded?"),
    },
    helpers=("fully_refunded",),
    coalesce=("channel",),
    rules=(
        LeaveOut("order_id", ("totals",), "totals row"),
        FlagStatus("fully_refunded", "refunded"),
    ),
    zone=Zone(fixed="UTC"),
)

KAJABI = Preset(
    "kajabi_payments", "Kajabi payments", "sales",
    signatures=(Signature(("Offer ID", "Offer Title", "Customer Email", "Created At", "Amount")),),
    columns={
        "order_id": ("Order No.", "ID"),
        "date": ("Created At",),
        "amount": ("Amount",),
        "currency": ("Currency",),
        "status": ("Status",),
        "email": ("Customer Email",),
        "product": ("Offer Title",),
        "type": ("Type",),
    },
    helpers=("type",),
    rules=(
        RowTypes("type", orders=("subscription", "charge", "payment plan", ""),
                 refunds=("refund",)),
    ),
)  # fmt: skip

SALES_PRESETS = (STRIPE, SHOPIFY, WOO_ALGOLPLUS, WOO_WEBTOFFEE, GUMROAD, KAJABI)
