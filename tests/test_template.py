"""Blank ledgers: filled with valid data they pass `check`; an invalid value is caught at its cell."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from typer.testing import CliRunner

from conftest import CADRE, M2T, T2M, check, codes_at
from talentledger.cli import app
from talentledger.ledger.fields import KIND_SHORT, Kind
from talentledger.output.blank_ledger import INSTRUCTIONS_SHEET, SHEETS, template_columns, write_template

RECORDS = {Kind.MEMBER_TO_TALENT: M2T, Kind.TALENT_TO_MEMBER: T2M, Kind.TALENT_TO_CADRE: CADRE}


def fill(path, kind: Kind, record: dict) -> None:
    """Type a record into the first data row, under the template's own headers."""
    workbook = load_workbook(path)
    sheet = workbook[KIND_SHORT[kind]]
    headers = [c.value for c in sheet[3]]
    for column, header in enumerate(headers, start=1):
        if header in record:
            sheet.cell(4, column).value = record[header]
    workbook.save(path)


@pytest.mark.parametrize("kind", list(RECORDS))
def test_filled_template_passes_check(tmp_path, kind):
    path = write_template(tmp_path / "blank.xlsx", kind, "城北镇", 2006)
    fill(path, kind, RECORDS[kind])
    report = check(path)
    assert codes_at(report) == []
    assert report.files[0].sheets[0].rows == 1


def test_invalid_value_is_caught_at_its_cell(tmp_path):
    path = write_template(tmp_path / "blank.xlsx", Kind.MEMBER_TO_TALENT, "城北镇", 2006)
    fill(path, Kind.MEMBER_TO_TALENT, {**M2T, "领域": "农业口"})
    sheet = load_workbook(path)[KIND_SHORT[Kind.MEMBER_TO_TALENT]]
    column = [c.value for c in sheet[3]].index("领域") + 1
    letter = sheet.cell(4, column).column_letter
    assert codes_at(check(path)) == [("invalid_value", f"{letter}4")]


def test_id_column_is_text_and_keeps_18_digits(tmp_path):
    path = write_template(tmp_path / "blank.xlsx", Kind.MEMBER_TO_TALENT)
    sheet = load_workbook(path)[KIND_SHORT[Kind.MEMBER_TO_TALENT]]
    column = [c.value for c in sheet[3]].index("公民身份号码") + 1
    letter = get_column_letter(column)
    # The column's own format: Excel, WPS and LibreOffice give it to every cell typed into it.
    assert sheet.column_dimensions[letter].number_format == "@"
    fill(path, Kind.MEMBER_TO_TALENT, M2T)
    assert load_workbook(path)[KIND_SHORT[Kind.MEMBER_TO_TALENT]].cell(4, column).value == "320682197807213757"


def test_template_has_dropdowns_messages_and_instructions(tmp_path):
    path = write_template(tmp_path / "all.xlsx", None, "新庄镇", 2006)
    workbook = load_workbook(path)
    assert workbook.sheetnames == [*(KIND_SHORT[k] for k in (
        Kind.MEMBER_TO_TALENT, Kind.TALENT_TO_MEMBER, Kind.TALENT_TO_CADRE, Kind.TARGETS, Kind.ROSTER)),
        INSTRUCTIONS_SHEET]
    sheet = workbook[KIND_SHORT[Kind.TALENT_TO_MEMBER]]
    assert sheet["A1"].value == "新庄镇把优秀人才培养成党员台帐（2006年度）"
    assert sheet.freeze_panes == "C4"
    validations = sheet.data_validations.dataValidation
    lists = [v for v in validations if v.type == "list"]
    assert any("入党积极分子" in v.formula1 for v in lists)
    assert any(v.type == "date" for v in validations)
    assert any(v.prompt and "18位" in v.prompt for v in validations)
    text = " ".join(str(c.value) for row in workbook[INSTRUCTIONS_SHEET].iter_rows() for c in row if c.value)
    assert "入党介绍人" in text and "文本格式" in text
    assert codes_at(check(path)) == []


def test_template_command(tmp_path):
    out = tmp_path / "城北镇.xlsx"
    result = CliRunner().invoke(app, ["template", "--track", "talent-to-cadre", "--township", "城北镇",
                                      "--year", "2006", "--out", str(out)])
    assert result.exit_code == 0 and out.exists()
    result = CliRunner().invoke(app, ["template", "--out", str(tmp_path / "x.xls")])
    assert result.exit_code == 2 and ".xlsx" in result.stderr


@pytest.mark.parametrize("kind", SHEETS)
def test_checks_and_formats_cover_5000_rows(tmp_path, kind):
    """Dropdowns, the 18-digit check and date checks reach row 5,003; before, they stopped at 303."""
    sheet = load_workbook(write_template(tmp_path / "blank.xlsx", kind))[KIND_SHORT[kind]]
    headers = [c.value for c in sheet[3]]
    checked = {}
    for validation in sheet.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            if cells.min_row > 3:
                checked[cells.min_col] = (validation.type, cells.min_row, cells.max_row)
    assert checked and all((first, last) == (4, 5003) for _, first, last in checked.values())
    for index, spec in enumerate(template_columns(kind), start=1):
        assert headers[index - 1] == spec.header
        fmt = sheet.column_dimensions[get_column_letter(index)].number_format
        expected = {"id": "@", "date": "yyyy-mm-dd"}.get(spec.type.value, "General")
        assert fmt == expected, spec.header
        if spec.enum is not None or spec.type.value in ("id", "date", "count", "year"):
            assert index in checked, spec.header


def test_remarks_is_the_last_column(tmp_path):
    workbook = load_workbook(write_template(tmp_path / "all.xlsx"))
    for kind in (Kind.MEMBER_TO_TALENT, Kind.TALENT_TO_MEMBER, Kind.TALENT_TO_CADRE):
        headers = [c.value for c in workbook[KIND_SHORT[kind]][3]]
        assert headers[-1] == "备注" and headers.count("备注") == 1
    # 填表说明 names the columns by the same letters.
    listed = {(r[0].value, r[1].value) for r in workbook[INSTRUCTIONS_SHEET].iter_rows() if r[1].value == "备注"}
    assert listed == {(get_column_letter(len(template_columns(k))), "备注") for k in RECORDS}


def test_instructions_are_readable(tmp_path):
    """Each kind's heading runs across the page (it sat wrapped in a 6-wide cell, showing
    "工作表"), and every row that wraps is as tall as its lines."""
    sheet = load_workbook(write_template(tmp_path / "all.xlsx"))[INSTRUCTIONS_SHEET]
    headings = [c for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith("工作表“")]
    assert len(headings) == 5
    merged = {CellRange(str(r)).coord for r in sheet.merged_cells.ranges}
    assert all(f"A{c.row}:E{c.row}" in merged for c in headings)
    wide = [r for r in sheet.iter_rows(min_row=3) if r[4].value and len(r[4].value) > 20]
    assert wide and all(sheet.row_dimensions[r[0].row].height >= 2 * 15 for r in wide)
