"""Signup lists exported by e-mail tools. None of them has a source column: the sheet gives one
with `source.<tab title>`."""

from __future__ import annotations

from sheetsync.normalize.presets.preset_types import Preset, Signature, Zone

MAILCHIMP = Preset(
    "mailchimp_audience", "Mailchimp audience", "signups",
    signatures=(Signature(("Email Address", "MEMBER_RATING", "OPTIN_TIME")),
                Signature(("Email Address", "MEMBER_RATING", "CONFIRM_TIME"))),
    # The opt-in time, else the confirmation time (imported contacts have no opt-in time).
    columns={"email": ("Email Address",), "date": ("OPTIN_TIME", "CONFIRM_TIME")},
    coalesce=("date",),
)  # fmt: skip

SUBSTACK = Preset(
    "substack_subscribers", "Substack subscribers", "signups",
    signatures=(Signature(("email", "active_subscription", "expiry", "email_disabled",
                           "created_at")),),
    columns={"email": ("email",), "date": ("created_at",)},
)  # fmt: skip

BEEHIIV = Preset(
    "beehiiv_subscribers",
    "Beehiiv subscribers",
    "signups",
    signatures=(Signature(("email", "status", "tier", "created_at", "Free Tier")),),
    columns={"email": ("email",), "date": ("created_at",)},
    zone=Zone(fixed="UTC"),
)

BREVO = Preset(
    "brevo_contacts",
    "Brevo contacts",
    "signups",
    signatures=(Signature(("EMAIL", "ADDED_TIME", "MODIFIED_TIME")),),
    columns={"email": ("EMAIL",), "date": ("ADDED_TIME",)},
)

SIGNUP_PRESETS = (MAILCHIMP, SUBSTACK, BEEHIIV, BREVO)
