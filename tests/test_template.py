"""Blank ledgers: filled with valid data they pass `check`; an invalid value is caught at its cell."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import CADRE, M2T, T2M, check, codes_at
from talentledger.cli import app
from talentledger.ledger.fields import KIND_SHORT, Kind
from talentledger.output.blank_ledger import INSTRUCTIONS_SHEET, write_template

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
    assert all(sheet.cell(row, column).number_format == "@" for row in (4, 50, 303))
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
