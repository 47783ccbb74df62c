"""A Google Sheet as a source, through gspread and google-auth.

A refresh reads only the cells it uses (``read_used``), in three calls up to 1M used cells:
``spreadsheets.get`` with a ``fields`` mask (ids, titles, grid sizes, locale, time zone, the
owned tabs' objects); one ``values.batchGet`` of every raw tab's top rows, where the header row
is, and of the Settings tab whole; one ``values.batchGet`` of only the columns the contract, a
known export's preset or a mapping uses, below the top rows. Titles are needed to name ranges,
and the header decides the columns, hence three calls rather than one. ``read`` reads every
tab whole (``sheetsync templates``); ``refresh.compute`` (a refresh, ``kpis --sheet``) uses
``read_used``.
Values come ``UNFORMATTED_VALUE``, ``SERIAL_NUMBER``, by columns: each tab becomes a
``ColumnGrid``. Bigger reads are split in row chunks, packed so no batchGet covers more than
1M grid cells. A write is one ``spreadsheets.batchUpdate``, which Google applies atomically.
The bytes of the batchGet answers are hashed as they come (``RawWorkbook.cells_digest``): they
hold every cell read with its JSON type, and hashing them is a few times cheaper than hashing
the decoded cells again for the fingerprint.

Every request passes the quota governor (governed_http.py: a token from the refresh's
reservation, ``reserve``, else from the governor) and every call goes through
``retry.call_with_retry`` (bounded, jittered, Retry-After honoured),
which is also where gspread / google-auth / requests errors become sheetsync errors. A write
that timed out or got a 5xx may have been applied, so before retrying it the metadata is read
again and the body re-planned from it (an ``addSheet`` with a fixed sheetId would fail twice).
Bodies are built fresh for every attempt, since gspread mutates what it is given.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from gspread.urls import SPREADSHEET_VALUES_BATCH_URL

from sheetsync.sources.base import RawWorkbook, ReadPlan, Rows
from sheetsync.sources.google.governed_http import Gate, gspread_client
from sheetsync.sources.google.new_tabs import add_tab_requests
from sheetsync.sources.google.quota import (
    SHEETS_READ,
    SHEETS_WRITE,
    Demand,
    Priority,
    QuotaGovernor,
    default_governor,
    principal_of_service_account,
)
from sheetsync.sources.google.read_ranges import (
    MAX_CELLS_PER_READ,
    TOP_ROWS,
    Piece,
    column_pieces,
    pack,
    quote_title,
    raw_shapes,
    row_pieces,
)
from sheetsync.sources.google.retry import CallContext, Failure, RetryPolicy, call_with_retry
from sheetsync.sources.google.spreadsheet_id import validate_spreadsheet_id
from sheetsync.sources.grid import Chunk, ColumnGrid

if TYPE_CHECKING:
    from google.auth.credentials import Credentials

    from sheetsync.dashboard.model import Dashboard

Json = dict[str, Any]
Plan = Callable[[Json], Json | None]

# Used only when sheetsync.dashboard.batch_update (which owns the write's needs) does not exist.
READ_FIELDS = (
    "spreadsheetId,properties(title,locale,timeZone),"
    "sheets(properties(sheetId,title,index,sheetType,gridProperties),merges,"
    "charts(chartId),conditionalFormats(ranges(sheetId)),bandedRanges(bandedRangeId),"
    "protectedRanges(protectedRangeId,description))"
)
VALUE_PARAMS = {
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
    "majorDimension": "COLUMNS",  # normalisation works on columns: no transposing 1M rows
}
# What a refresh plans to call: metadata + up to two batchGets, one batchUpdate (unused tokens
# go back when it ends; calls past the plan take more).
REFRESH_PLAN: Demand = {SHEETS_READ: 3, SHEETS_WRITE: 1}


def answers_digest(data: bytes = b"") -> Any:
    """The hash of the answers' bytes (BLAKE2b, as the fingerprint)."""
    return hashlib.blake2b(data, digest_size=32)


def metadata_fields() -> str:
    """The ``fields`` mask of the metadata read: the dashboard writer's, else ours."""
    try:
        from sheetsync.dashboard.batch_update import METADATA_FIELDS
    except ModuleNotFoundError as exc:
        if exc.name != "sheetsync.dashboard.batch_update":
            raise
        return READ_FIELDS
    return str(METADATA_FIELDS)


class GoogleSheetsSource:
    """One Google spreadsheet, read and written through gspread with bounded retries."""

    kind = "gsheets"

    def __init__(
        self,
        spreadsheet_id: str,
        credentials: Credentials,
        *,
        timeout: float = 30,
        budget: float = 90,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        whole_read_cells: int = MAX_CELLS_PER_READ,
        governor: QuotaGovernor | None = None,
        principal: str | None = None,
        priority: Priority = Priority.CLICK,
    ) -> None:
        self.spreadsheet_id = validate_spreadsheet_id(spreadsheet_id)
        # A sheet of at most this many grid cells is read whole in one call: a call less than
        # reading its headers first (Google's quota counts calls, not cells).
        self.whole_read_cells = whole_read_cells
        self.timeout = timeout
        self.policy = RetryPolicy(budget=budget, sleep=sleep, clock=clock)
        email = getattr(credentials, "service_account_email", None)
        self.email = email if isinstance(email, str) and "@" in email else None
        self.gate = Gate(
            governor or default_governor(),
            principal or principal_of_service_account(self.email),
            priority,
        )
        self.client = gspread_client(credentials, self.gate, timeout)
        self.http = self.client.http_client
        # The last spreadsheets.get answer: the write plans from it.
        self.metadata: Json | None = None

    # --- quota --------------------------------------------------------------------------------
    def reserve(self, demand: Demand = REFRESH_PLAN) -> float:
        """Take the tokens of the calls to come before starting (waits); the seconds waited."""
        return self.gate.reserve(demand)

    def release_quota(self) -> None:
        """Give back the reserved tokens no call used (the run is over)."""
        self.gate.release()

    # --- reading ------------------------------------------------------------------------------
    def read(self) -> RawWorkbook:
        """Every raw tab's values and the sheet's metadata, in two calls (more for huge grids)."""
        return self._read_whole(self._read_metadata())

    def _read_whole(self, metadata: Json) -> RawWorkbook:
        shapes = raw_shapes(metadata)
        pieces = [p for title, shape in shapes.items() for p in row_pieces(title, *shape)]
        received = answers_digest()
        chunks = self._fetch(pieces, shapes, received)
        tabs = {t: ColumnGrid.from_chunks(c) for t, c in chunks.items()}
        return self._workbook(metadata, tabs, received)

    def read_used(self, plan: ReadPlan) -> RawWorkbook:
        """Only the cells the plan uses, in three calls up to 1M used cells: the metadata; the
        top rows of every tab (where headers are) and the tabs read whole (Settings); then the
        used columns below the top rows. A column the plan leaves out is never fetched.

        A grid of at most `whole_read_cells` cells is read whole instead, in two calls."""
        metadata = self._read_metadata()
        shapes = raw_shapes(metadata)
        if sum(rows * cols for rows, cols in shapes.values()) <= self.whole_read_cells:
            return self._read_whole(metadata)
        whole = {t.casefold() for t in plan.whole_tabs(list(shapes))}
        complete = {
            t for t, (rows, _) in shapes.items() if t.casefold() in whole or rows <= TOP_ROWS
        }
        first = [
            piece
            for title, (rows, cols) in shapes.items()
            for piece in (
                row_pieces(title, rows, cols)
                if title in complete
                else [Piece(title, 0, 0, f"{quote_title(title)}!1:{TOP_ROWS}", TOP_ROWS * cols)]
            )
        ]
        received = answers_digest()
        tops = self._fetch(first, shapes, received)
        preview = self._workbook(metadata, {t: ColumnGrid.from_chunks(c) for t, c in tops.items()})
        chosen = {t: c for t, c in plan.columns(preview).items() if t in shapes}
        read: dict[str, set[int]] = {}
        later: list[Piece] = []
        for title, columns in chosen.items():
            rows, cols = shapes[title]
            if title in complete:
                continue
            if columns is None:
                later += row_pieces(title, rows, cols, first=TOP_ROWS)
                continue
            read[title] = {c for c in columns if 0 <= c < cols}
            later += column_pieces(title, rows, sorted(read[title]), TOP_ROWS)
        below = self._fetch(later, shapes, received)
        tabs: dict[str, ColumnGrid] = {}
        for title in shapes:
            parts = tops[title] + below[title]
            if title in complete or (title in chosen and chosen[title] is None):
                tabs[title] = ColumnGrid.from_chunks(parts)
            else:
                tabs[title] = ColumnGrid.from_chunks(
                    parts, read=read.get(title, set()), top=TOP_ROWS
                )
        return self._workbook(metadata, tabs, received)

    def _read_metadata(self) -> Json:
        metadata: Json = self._call("read", lambda _: self._get_metadata())
        self.metadata = metadata
        return metadata

    def _fetch(
        self, pieces: list[Piece], shapes: dict[str, Any], received: Any
    ) -> dict[str, list[Chunk]]:
        """Each tab's (first row, first column, columns) chunks, in batchGets under 1M cells;
        each answer's digest goes into ``received``, once the call succeeded."""
        chunks: dict[str, list[Chunk]] = {title: [] for title in shapes}
        for batch in pack(pieces):
            answer, digest = self._call("read", partial(self._batch_get, [p.range for p in batch]))
            received.update(digest)
            for piece, value_range in zip(batch, answer.get("valueRanges", []), strict=True):
                chunks[piece.title].append((piece.row, piece.column, value_range.get("values", [])))
        return chunks

    def _workbook(
        self, metadata: Json, tabs: dict[str, ColumnGrid], received: Any = None
    ) -> RawWorkbook:
        properties = metadata.get("properties", {})
        return RawWorkbook(
            title=properties.get("title", ""),
            tabs=dict(tabs),
            locale=properties.get("locale"),
            timezone=properties.get("timeZone"),
            kind="gsheets",
            tab_ids={
                s["properties"]["title"]: int(s["properties"].get("sheetId", 0))
                for s in metadata.get("sheets", [])
            },
            cells_digest=received.hexdigest() if received is not None else None,
        )

    def _get_metadata(self) -> Json:
        params: dict[str, Any] = {"fields": metadata_fields()}
        return dict(self.http.spreadsheets_get(self.spreadsheet_id, params=params))

    def _batch_get(self, ranges: list[str], _previous: Failure | None = None) -> tuple[Json, bytes]:
        """The answer of one values.batchGet (gspread's ``values_batch_get``, which returns the
        decoded JSON only) and the digest of its bytes."""
        params: dict[str, Any] = {**VALUE_PARAMS, "ranges": list(ranges)}
        url = SPREADSHEET_VALUES_BATCH_URL % self.spreadsheet_id
        answer = self.http.request("get", url, params=params)
        return dict(answer.json()), answers_digest(answer.content).digest()

    # --- writing ------------------------------------------------------------------------------
    def write(self, dashboard: Dashboard) -> None:
        """Replace the owned tabs with the dashboard in one atomic batchUpdate."""
        from sheetsync.dashboard.batch_update import batch_update_body

        self.write_body(lambda metadata: batch_update_body(dashboard, metadata))

    def write_body(self, plan: Plan) -> Json | None:
        """One batchUpdate of ``plan(metadata)``, re-planned from fresh metadata after a
        failure that may have been applied; a plan of None means nothing to write."""
        stale = self.metadata is None

        def attempt(previous: Failure | None) -> Json | None:
            nonlocal stale
            stale = stale or (previous is not None and previous.ambiguous)
            if stale:
                self.metadata = self._get_metadata()
                stale = False
            body = plan(self.metadata or {})
            if body is None:
                return None
            return dict(self.http.batch_update(self.spreadsheet_id, body))

        return self._call("write", attempt)

    def add_tabs(self, tabs: dict[str, Rows]) -> list[str]:
        """Create the tabs that are missing (one batchUpdate), never touching existing ones."""
        first: list[list[str]] = []  # what the first plan found missing: what we add

        def plan(metadata: Json) -> Json | None:
            existing = {s["properties"]["title"].casefold() for s in metadata.get("sheets", [])}
            missing = [t for t in tabs if t.casefold() not in existing]
            if not first:
                first.append(missing)
            if not missing:
                return None
            taken = {int(s["properties"].get("sheetId", 0)) for s in metadata.get("sheets", [])}
            return {"requests": add_tab_requests({t: tabs[t] for t in missing}, taken)}

        self.write_body(plan)
        self.metadata = None  # our tabs changed the sheet: plan the next write from a fresh read
        return first[0] if first else []

    def _call(self, action: str, attempt: Callable[[Failure | None], Any]) -> Any:
        context = CallContext(action, self.spreadsheet_id, self.email, self.timeout)
        return call_with_retry(attempt, self.policy, context)
