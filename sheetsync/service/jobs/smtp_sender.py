"""Sends an e-mail through the configured SMTP server, with the standard library only.

``smtp_tls`` says how the connection is protected: ``starttls`` (port 587: a plain connection
upgraded before anything is said), ``ssl`` (SMTPS, port 465: TLS from the first byte) or ``none``
(a relay on the same machine or network). With ``smtp_user`` set, the sender logs in with
``smtp_password``; the password is never logged nor put in an error. Every step is bounded by a
short timeout, so a server that does not answer costs seconds, not a worker.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class SmtpSender:
    """Where and how to send; `from_settings` gives None when e-mails are off (no smtp_host)."""

    host: str
    port: int
    tls: str  # "starttls", "ssl" or "none"
    sender: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT_SECONDS
    context: ssl.SSLContext | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> SmtpSender | None:
        if not settings.get("SMTP_HOST"):
            return None
        return cls(
            host=str(settings["SMTP_HOST"]),
            port=int(settings.get("SMTP_PORT") or 587),
            tls=str(settings.get("SMTP_TLS") or "starttls").lower(),
            sender=str(settings.get("MAIL_FROM") or ""),
            user=settings.get("SMTP_USER") or None,
            password=settings.get("SMTP_PASSWORD") or None,
        )

    def send(self, message: EmailMessage) -> None:
        """Deliver `message` (From is set here); raises OSError or smtplib.SMTPException."""
        del message["From"]
        message["From"] = self.sender
        context = self.context or ssl.create_default_context()
        smtp: smtplib.SMTP
        if self.tls == "ssl":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            if self.tls == "starttls":
                smtp.starttls(context=context)
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)


def describe(exc: BaseException) -> str:
    """What went wrong, for the log: the exception's type and, for an SMTP answer, its code."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__
