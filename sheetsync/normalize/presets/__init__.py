"""The registry of known exports: adding a tool is one entry here plus its fixture file.

Each entry is data (``model.Preset``); ``normalize/exports.py`` recognises a tab by its header
row and reads it through its preset.
"""

from __future__ import annotations

from sheetsync.normalize.presets.ad_exports import AD_PRESETS
from sheetsync.normalize.presets.paypal_exports import PAYPAL
from sheetsync.normalize.presets.preset_types import Preset, Signature
from sheetsync.normalize.presets.sales_exports import SALES_PRESETS
from sheetsync.normalize.presets.signup_exports import SIGNUP_PRESETS

PRESETS: tuple[Preset, ...] = (*SALES_PRESETS, PAYPAL, *SIGNUP_PRESETS, *AD_PRESETS)
BY_KEY: dict[str, Preset] = {p.key: p for p in PRESETS}

__all__ = ["BY_KEY", "PRESETS", "Preset", "Signature"]
