"""Blank ledgers that prevent mistakes: standard headers, dropdowns for every enumeration,
the ID column as text, date checks, input messages, and a 填表说明 sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from talentledger.ledger.fields import (
    KIND_SHORT,
    KIND_TITLES,
    REQUIRED_COLUMNS,
    SHEET_FIELDS,
    TRACKS,
    FieldSpec,
    Kind,
    ValueType,
    columns_of,
    description,
)
from talentledger.ledger.text import workbook_row

INSTRUCTIONS_SHEET = "填表说明"
BLANK_ROWS = 300  # rows prepared with formats and checks
HEADER_ROW = 3
HEADER_FILL = PatternFill("solid", start_color="F3E5E5", end_color="F3E5E5")
THIN = Side(style="thin", color="999999")

WIDTHS = {ValueType.ID: 22, ValueType.DATE: 14, ValueType.ENUM: 14, ValueType.COUNT: 10, ValueType.YEAR: 8,
          ValueType.IGNORED: 6, ValueType.TEXT: 12}
SHEETS = (*TRACKS, Kind.TARGETS, Kind.ROSTER)


def write_template(path: Path, kind: Kind | None = None, township: str | None = None,
                   year: int | None = None) -> Path:
    """A blank ledger of one kind, or of all five kinds when `kind` is None."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    kinds = [kind] if kind else list(SHEETS)
    for each in kinds:
        _ledger_sheet(workbook.create_sheet(KIND_SHORT[each]), each, township, year)
    _instructions(workbook.create_sheet(INSTRUCTIONS_SHEET), kinds)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    workbook.save(tmp)
    tmp.replace(path)
    return path


def fields_of(kind: Kind) -> list[FieldSpec]:
    """The template's columns: the fields of the kind's model, in its order, but for the few
    the reader knows because real ledgers add them (phone numbers, 工作单位)."""
    columns = columns_of(kind)
    return [spec for spec in SHEET_FIELDS[kind] if spec.name not in columns or columns[spec.name].in_template]


def _ledger_sheet(sheet: Worksheet, kind: Kind, township: str | None, year: int | None) -> None:
    fields = fields_of(kind)
    unit = township or "XX镇（街道）"
    when = f"{year}年度" if year else "XXXX年度"
    if kind in TRACKS:
        sheet.append(workbook_row(sheet, [f"{unit}{KIND_TITLES[kind]}台帐（{when}）"]))
    else:
        sheet.append(workbook_row(sheet, [f"{KIND_TITLES[kind]}（{when}）"]))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(fields))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(workbook_row(sheet, [f"填报单位：{township + '党委' if township else ''}　　填报日期："]))
    sheet.append(workbook_row(sheet, [spec.header for spec in fields]))
    required = set(REQUIRED_COLUMNS.get(kind, ()))
    last = HEADER_ROW + BLANK_ROWS
    for index, spec in enumerate(fields, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(HEADER_ROW, index)
        header.font = Font(bold=True, color="B71C1C" if spec.name in required else "000000")
        header.fill = HEADER_FILL
        header.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[letter].width = max(WIDTHS[spec.type], len(spec.header) * 2 + 2)
        prompt = description(kind, spec.name)[:255]
        note = DataValidation(showInputMessage=True, promptTitle=spec.header[:32], prompt=prompt)
        sheet.add_data_validation(note)
        note.add(header)
        check = _validation(spec, year, prompt)
        if check is not None:
            sheet.add_data_validation(check)
            check.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
        if spec.type is ValueType.ID:
            for row in range(HEADER_ROW + 1, last + 1):
                sheet.cell(row, index).number_format = "@"
        elif spec.type is ValueType.DATE:
            for row in range(HEADER_ROW + 1, last + 1):
                sheet.cell(row, index).number_format = "yyyy-mm-dd"
    sheet.row_dimensions[HEADER_ROW].height = 30
    sheet.freeze_panes = f"C{HEADER_ROW + 1}" if kind in TRACKS else f"A{HEADER_ROW + 1}"


def _validation(spec: FieldSpec, year: int | None, prompt: str) -> DataValidation | None:
    """The cell check for a column; Chinese messages say what is allowed."""
    if spec.type is ValueType.ENUM and spec.enum is not None:
        choices = ",".join(spec.enum.choices)
        return DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True,
                              errorTitle=spec.header, error=f"请从下拉列表中选择：{'、'.join(spec.enum.choices)}",
                              showInputMessage=True, promptTitle=spec.header[:32],
                              prompt=prompt)
    if spec.type is ValueType.ID:
        return DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True,
                              showErrorMessage=True, errorTitle="公民身份号码",
                              error="公民身份号码应为18位。请检查是否多输或少输了数字。",
                              showInputMessage=True, promptTitle="公民身份号码", prompt=prompt)
    if spec.type is ValueType.DATE:
        # A warning only: a clerk who knows just the month may still type "2006.3".
        return DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                              formula2=f"DATE({(year or 2100)},12,31)", allow_blank=True, showErrorMessage=True,
                              errorStyle="warning", errorTitle=spec.header,
                              error="请填写日期，如 2006-03-05。只知道月份时可填 2006.3，确认后继续。",
                              showInputMessage=True, promptTitle=spec.header[:32],
                              prompt=prompt)
    if spec.type in (ValueType.COUNT, ValueType.YEAR):
        low, high = ("1990", "2100") if spec.type is ValueType.YEAR else ("0", "1000000")
        return DataValidation(type="whole", operator="between", formula1=low, formula2=high, allow_blank=True,
                              showErrorMessage=True, errorTitle=spec.header,
                              error=f"请填写 {low}–{high} 之间的整数。")
    return None


def _instructions(sheet: Worksheet, kinds: list[Kind]) -> None:
    sheet.append(workbook_row(sheet, ["填表说明"]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(workbook_row(sheet, ["红色表头为必填列；有下拉箭头的列请从列表中选择；公民身份号码一列已设为文本格式，"
                  "请勿改为数字（Excel 只保留15位数字，后几位会丢失）。日期请写成 2006-03-05 或 2006.3.5，"
                  "只知道月份时写 2006.3。请不要合并数据区的单元格，也不要删除或改写表头。"]))
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.merge_cells("A2:E2")
    sheet.row_dimensions[2].height = 60
    for kind in kinds:
        sheet.append([])
        sheet.append(workbook_row(sheet, [f"工作表“{KIND_SHORT[kind]}”：{KIND_TITLES[kind]}"]))
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(workbook_row(sheet, ["列", "表头", "填写要求", "是否必填", "可选值"]))
        required = set(REQUIRED_COLUMNS.get(kind, ()))
        for index, spec in enumerate(fields_of(kind), start=1):
            choices = "、".join(spec.enum.choices) if spec.enum else ""
            sheet.append(workbook_row(sheet, [get_column_letter(index), spec.header, description(kind, spec.name),
                          "必填" if spec.name in required else "", choices]))
    for letter, width in zip("ABCDE", (6, 22, 70, 10, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
