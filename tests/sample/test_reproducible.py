"""The same arguments write the same bytes; another seed writes another business."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sheetsync.errors import UsageError
from sheetsync.sample import write_sample
from tests.sample.conftest import END, Sample, read_tabs


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    first = write_sample(tmp_path / "a.xlsx", seed=3, months=2, end=END)
    second = write_sample(tmp_path / "b.xlsx", seed=3, months=2, end=END)
    assert first.path.read_bytes() == second.path.read_bytes()
    assert first.counts == second.counts
    assert first.planted == second.planted


def test_document_dates_and_archive_dates_come_from_end(tmp_path: Path) -> None:
    path = write_sample(tmp_path / "a.xlsx", months=1, end=dt.date(2025, 12, 31)).path
    props = openpyxl.load_workbook(path, read_only=True).properties
    assert props.created == props.modified == dt.datetime(2025, 12, 31)
    with zipfile.ZipFile(path) as archive:
        stamps = {info.date_time for info in archive.infolist()}
    assert stamps == {(2025, 12, 31, 0, 0, 0)}


def test_another_seed_changes_the_content(tmp_path: Path, small: Sample) -> None:
    _, tabs = small  # seed 7
    other = read_tabs(write_sample(tmp_path / "c.xlsx", seed=8, months=3, end=END).path)
    assert list(other) == list(tabs)
    emails, other_emails = tabs["Inscrits"]["Email"], other["Inscrits"]["Email"]
    assert len(set(emails.dropna()) & set(other_emails.dropna())) < len(emails) // 2
    assert not tabs["Ventes"].equals(other["Ventes"])


def test_end_defaults_to_today_and_the_range_to_whole_months(tmp_path: Path) -> None:
    summary = write_sample(tmp_path / "today.xlsx", months=2)
    today = dt.date.today()
    assert summary.last_date == today
    first_month = (today.year * 12 + today.month - 1) - 1  # one month before this one
    assert summary.first_date == dt.date(first_month // 12, first_month % 12 + 1, 1)


def test_zero_months_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="months"):
        write_sample(tmp_path / "none.xlsx", months=0, end=END)
    assert not (tmp_path / "none.xlsx").exists()
