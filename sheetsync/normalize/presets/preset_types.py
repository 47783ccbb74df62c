"""What a known export is, as data: its header signatures, its column map and its value rules.

A preset names *logical columns*: the contract's fields (``date``, ``amount``...) and a few
columns only its rules read (``mode``, ``type``...). Each maps to the headers that column has in
every documented generation and language; the first one present in the tab is used. A header
may hold one ``*`` (``Amount spent (*)``): whatever it stands for is the column's currency.
The rules are small generic steps (``exports.py`` runs them); no code asks which tool it has.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Signature:
    """Headers that identify one generation / language of an export (all must be present)."""

    headers: tuple[str, ...]
    language: str = "en"
    # The export's own number convention: "3,400" is 3400 with a dot decimal, 3.4 with a comma.
    decimal_comma: bool = False


@dataclass(frozen=True)
class LeaveOut:
    """Rows whose column equals (or, with ``prefix``, starts with) one of ``values`` are left
    out by rule, counted under ``reason`` (values compared case- and accent-insensitively)."""

    column: str
    values: tuple[str, ...]
    reason: str
    prefix: bool = False


@dataclass(frozen=True)
class FirstOfGroup:
    """Only the first row of each value of ``column`` is read (one order over several line
    item rows); the others are left out by rule."""

    column: str
    reason: str


@dataclass(frozen=True)
class RowTypes:
    """A type column says which rows are orders and which are refunds; every other row is left
    out by rule, counted under its type. Refunds become negative rows linked to their order by
    ``link`` (when given, a refund must name an order of the tab, else it is left out too)."""

    column: str
    orders: tuple[str, ...]
    refunds: tuple[str, ...] = ()
    # Optional balance-impact column: orders must be credits, refunds debits.
    impact: str | None = None
    credit: tuple[str, ...] = ()
    debit: tuple[str, ...] = ()
    link: str | None = None


@dataclass(frozen=True)
class FlagStatus:
    """A yes/no column that, when true, sets the row's status (Gumroad's ``Fully Refunded?``)."""

    column: str
    status: str


@dataclass(frozen=True)
class Zone:
    """The export's date-times carry a zone: a fixed one (``UTC``) or a column of zone
    abbreviations (PayPal's ``TimeZone``); ``time`` is a separate time-of-day column."""

    fields: tuple[str, ...] = ("date",)
    fixed: str | None = None
    column: str | None = None
    time: str | None = None


@dataclass(frozen=True)
class Span:
    """A report row covering several days: when the date came from one of ``starts``, the
    ``end`` column closes the span and the row is spread evenly over its days."""

    starts: tuple[str, ...]
    end: str


Rule = LeaveOut | FirstOfGroup | RowTypes | FlagStatus


@dataclass(frozen=True)
class Preset:
    """One known export."""

    key: str  # stable id, in the document's `sources`: "stripe_payments"
    label: str  # as a person says it: "Stripe payments"
    kind: str  # the contract tab it is read as: "sales"
    signatures: tuple[Signature, ...]
    columns: dict[str, tuple[str, ...]]
    rules: tuple[Rule, ...] = ()
    # Export value -> contract status word, compared folded (`authorized` -> `pending`).
    statuses: dict[str, str] = field(default_factory=dict)
    # Logical columns combined row by row, first non-empty wins (Gumroad's channel).
    coalesce: tuple[str, ...] = ()
    zone: Zone | None = None
    span: Span | None = None
    # What a row without a channel / source column is (`Facebook Ads`), unless the sheet says.
    channel: str | None = None
    # Logical columns only the rules read (never a contract field of the tab).
    helpers: tuple[str, ...] = ()
    # Columns that go together: the first one's choice among its headers (the n-th) picks the
    # n-th header of the others (Stripe's `Converted Amount` goes with `Converted Currency`).
    together: tuple[tuple[str, ...], ...] = ()
