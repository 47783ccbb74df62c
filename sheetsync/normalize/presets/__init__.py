"""The registry of known exports: adding a tool is one entry here plus its fixture file.

Each entry is data (``model.Preset``); ``normalize/exports.py`` recognises a tab by its header
row and reads it through its preset.
"""

from __future__ import annotations

from sheetsync.normalize.presets.ads import AD_PRESETS
from sheetsync.normalize.presets.model import Preset, Signature
from sheetsync.normalize.presets.paypal import PAYPAL
from sheetsync.normalize.presets.sales import SALES_PRESETS
from sheetsync.normalize.presets.signups import SIGNUP_PRESETS

PRESETS: tuple[Preset, ...] = (*SALES_PRESETS, PAYPAL, *SIGNUP_PRESETS, *AD_PRESETS)
BY_KEY: dict[str, Preset] = {p.key: p for p in PRESETS}

__all__ = ["BY_KEY", "PRESETS", "Preset", "Signature"]
