"""PayPal's activity download, English and French (the French gross is `Avant commission`)."""

from __future__ import annotations

from sheetsync.normalize.presets.preset_types import Preset, RowTypes, Signature, Zone

# Incoming payment types (English, then French as PayPal and public importers spell them).
PAYMENT_TYPES = (
    "Express Checkout Payment", "Website Payment", "Subscription Payment", "Mobile Payment",
    "Donation Payment", "General Payment", "Payment Received", "Web Accept Payment Received",
    "Paiement Express Checkout", "Paiement sur site marchand", "Paiement d'abonnement",
    "Paiement mobile", "Paiement de don", "Paiement général", "Paiement reçu", "Paiement DCC",
)  # fmt: skip
REFUND_TYPES = (
    "Payment Refund", "Refund", "Payment Reversal", "Reversal", "Chargeback",
    "Remboursement de paiement", "Remboursement", "Annulation de paiement", "Rétrofacturation",
)  # fmt: skip

PAYPAL = Preset(
    "paypal_activity", "PayPal activity", "sales",
    signatures=(
        Signature(("Gross", "Fee", "Net", "Transaction ID", "Balance Impact")),
        Signature(("Gross", "Fee", "Net", "Transaction ID", "TimeZone")),
        Signature(("Gross", "Fee", "Net", "Transaction ID", "Time zone")),
        Signature(("Avant commission", "Commission", "Net", "Numéro de transaction"),
                  language="fr", decimal_comma=True),
    ),
    columns={
        "order_id": ("Transaction ID", "Numéro de transaction"),
        "date": ("Date",),
        "time": ("Time", "Heure"),
        "zone": ("TimeZone", "Time zone", "Fuseau horaire"),
        "amount": ("Gross", "Avant commission"),
        "currency": ("Currency", "Devise"),
        "status": ("Status", "État"),
        "email": ("From Email Address", "De l'adresse email"),
        "product": ("Item Title", "Titre de l'objet"),
        "type": ("Type",),
        "impact": ("Balance Impact", "Impact sur le solde"),
        "link": ("Reference Txn ID", "Numéro de la transaction de référence"),
    },
    helpers=("time", "zone", "type", "impact", "link"),
    rules=(
        RowTypes("type", orders=PAYMENT_TYPES, refunds=REFUND_TYPES, impact="impact",
                 credit=("credit", "crédit"), debit=("debit", "débit"), link="link"),
    ),
    statuses={
        "completed": "paid", "terminé": "paid", "cleared": "paid", "pending": "pending",
        "en attente": "pending", "denied": "failed", "refusé": "failed", "reversed": "paid",
        "refunded": "paid", "partially refunded": "paid", "remboursé": "paid",
        "partiellement remboursé": "paid", "annulé": "cancelled", "canceled": "cancelled",
        "unclaimed": "pending", "non réclamé": "pending",
    },
    zone=Zone(column="zone", time="time"),
)  # fmt: skip
