"""Ad platform reports, English and French: one row per day (or per reporting span)."""

from __future__ import annotations

from sheetsync.normalize.presets.preset_types import LeaveOut, Preset, Signature, Span

META_ADS = Preset(
    "meta_ads", "Meta Ads report", "spend",
    signatures=(
        Signature(("Amount spent (*)", "Reporting starts")),
        Signature(("Amount spent (*)", "Day")),
        Signature(("Montant dépensé (*)", "Début des rapports"), language="fr",
                  decimal_comma=True),
        Signature(("Montant dépensé (*)", "Jour"), language="fr", decimal_comma=True),
    ),
    columns={
        "date": ("Day", "Jour", "Reporting starts", "Début des rapports"),
        "date_end": ("Reporting ends", "Fin des rapports"),
        "spend": ("Amount spent (*)", "Montant dépensé (*)"),
        "impressions": ("Impressions",),
        "clicks": ("Link clicks", "Clics sur un lien", "Clics sur le lien"),
    },
    helpers=("date_end",),
    span=Span(starts=("Reporting starts", "Début des rapports"), end="date_end"),
    channel="Facebook Ads",
)  # fmt: skip

GOOGLE_ADS = Preset(
    "google_ads",
    "Google Ads report",
    "spend",
    signatures=(
        Signature(("Day", "Cost", "Impr.")),
        Signature(("Jour", "Coût", "Impr."), language="fr", decimal_comma=True),
    ),
    columns={
        "date": ("Day", "Jour"),
        "spend": ("Cost", "Coût"),
        "impressions": ("Impr.",),
        "clicks": ("Clicks", "Clics"),
        "currency": ("Currency code", "Code de la devise"),
    },
    rules=(LeaveOut("date", ("total",), "total row", prefix=True),),
    channel="Google Ads",
)

AD_PRESETS = (META_ADS, GOOGLE_ADS)
