"""Damaged and hostile .xlsx files end as SourceError / WriteError with what to do, never a trace."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from sheetsync.cli import main
from sheetsync.errors import SourceError, WriteError
from sheetsync.sources import xlsx_parse
from sheetsync.sources.xlsx_file import XlsxSource
from tests.conftest import DATA, read_csv_tabs

SHEET = "xl/worksheets/sheet1.xml"
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lollollollollollollollollollol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>"""


@pytest.fixture
def shop(xlsx_factory) -> Path:
    return xlsx_factory(read_csv_tabs(DATA / "boutique_fr"), "shop.xlsx")


def replace_part(path: Path, part: str, make: Callable[[bytes], bytes]) -> Path:
    """A copy of the workbook at `path` whose `part` is `make(old bytes)`."""
    out = path.with_name("hostile.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, make(data) if item.filename == part else data)
    return out


def test_a_truncated_sheet_xml_is_a_source_error_saying_to_save_it_again(shop: Path) -> None:
    broken = replace_part(shop, SHEET, lambda xml: xml[: len(xml) // 2])
    with pytest.raises(SourceError) as caught:
        XlsxSource(broken).read()
    assert "hostile.xlsx is damaged" in caught.value.message
    assert "save it again" in (caught.value.hint or "")


def test_a_billion_laughs_sheet_is_refused_without_expanding_it(shop: Path) -> None:
    bomb = replace_part(shop, SHEET, lambda _: BOMB.encode())
    with pytest.raises(SourceError) as caught:
        XlsxSource(bomb).read()
    assert "entity declarations" in caught.value.message


def test_a_billion_laughs_workbook_part_is_refused_when_writing_into_the_file(
    shop: Path,
) -> None:
    bomb = replace_part(shop, "xl/workbook.xml", lambda _: BOMB.encode())
    with pytest.raises(SourceError, match="entity declarations"):
        XlsxSource(bomb).add_tabs({"Extra": [["a"]]})


def test_a_cut_file_is_a_source_error(shop: Path) -> None:
    data = shop.read_bytes()
    shop.write_bytes(data[: len(data) // 3])
    with pytest.raises(SourceError, match=r"damaged or is not an \.xlsx"):
        XlsxSource(shop).read()


def test_the_cli_says_what_is_wrong_with_a_damaged_workbook_and_exits_1(shop: Path) -> None:
    broken = replace_part(shop, SHEET, lambda xml: xml[: len(xml) // 2])
    for command in ("kpis", "refresh"):
        result = CliRunner().invoke(main, [command, "--workbook", str(broken)])
        assert result.exit_code == 1, result.output
        assert "damaged" in result.output and "Traceback" not in result.output


def test_an_output_under_a_file_is_a_write_error(shop: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = CliRunner().invoke(
        main, ["refresh", "--workbook", str(shop), "--output", str(blocker / "out.xlsx")]
    )
    assert result.exit_code == 1, result.output
    squeezed = "".join(result.output.split())  # the terminal wraps long paths
    assert "".join(f"{blocker} is not a folder".split()) in squeezed


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_output_folder_is_a_write_error_with_what_to_do(
    shop: Path, tmp_path: Path
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(WriteError) as caught:
            XlsxSource(shop, output=locked / "out.xlsx").add_tabs({"Notes": [["x"]]})
    finally:
        locked.chmod(0o755)
    assert "permission denied" in caught.value.message


def test_a_damaged_sheet_parsed_early_fails_in_the_read_with_what_to_do(shop: Path) -> None:
    broken = replace_part(shop, SHEET, lambda xml: xml[: len(xml) // 2])
    with pytest.raises(SourceError) as caught:
        XlsxSource(broken, parse=xlsx_parse.start(broken)).read()
    assert "hostile.xlsx is damaged" in caught.value.message
