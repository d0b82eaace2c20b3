"""Blank ledgers that prevent mistakes: standard headers, dropdowns for every enumeration,
the ID column as text, date checks, input messages, and a 填表说明 sheet. Every sheet prints on
A4, fitted to the page's width, its header row repeated on each page and the pages numbered."""

from __future__ import annotations

import math
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from talentledger.ledger.atomic import write_atomically
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
from talentledger.ledger.page import print_on_a4, row_height, text_lines, text_width
from talentledger.ledger.text import workbook_row

INSTRUCTIONS_SHEET = "填表说明"
# Rows whose cells are checked as they are typed (dropdowns, 18-digit IDs, dates). The number
# formats (the ID column as text, dates as yyyy-mm-dd) are the columns' own, so they hold in
# every row, however many are typed or pasted.
BLANK_ROWS = 5000
HEADER_ROW = 3
# The free-text column every kind's model declares among the columns all tracks share; the
# template puts it last, where clerks expect it.
LAST_COLUMNS = ("remarks",)
HEADER_FILL = PatternFill("solid", start_color="F3E5E5", end_color="F3E5E5")
THIN = Side(style="thin", color="999999")

# Column widths (in Excel's units, a digit's width) that hold a typical value of each type: a
# header may take two lines, an enumeration's column holds its choices up to six characters.
# Narrow enough that a track's twenty-odd columns still print legibly across a landscape A4.
WIDTHS = {ValueType.ID: 19, ValueType.DATE: 10, ValueType.ENUM: 8, ValueType.COUNT: 8, ValueType.YEAR: 8,
          ValueType.IGNORED: 5, ValueType.TEXT: 10}
LONG_TEXT_WIDTH = 16
MAX_ENUM_WIDTH = 14
INSTRUCTION_WIDTHS = (6, 20, 60, 10, 40)  # 填表说明: 列, 表头, 填写要求, 是否必填, 可选值
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
    return write_atomically(path, workbook.save)


def fields_of(kind: Kind) -> list[FieldSpec]:
    """The template's fields: those of the kind's model, in its order, but for the few the
    reader knows because real ledgers add them (phone numbers, 工作单位)."""
    columns = columns_of(kind)
    return [spec for spec in SHEET_FIELDS[kind] if spec.name not in columns or columns[spec.name].in_template]


def template_columns(kind: Kind) -> list[FieldSpec]:
    """The template's columns, left to right: its fields with 备注 moved last."""
    fields = fields_of(kind)
    return [spec for spec in fields if spec.name not in LAST_COLUMNS] + [
        spec for spec in fields if spec.name in LAST_COLUMNS]


def _ledger_sheet(sheet: Worksheet, kind: Kind, township: str | None, year: int | None) -> None:
    fields = template_columns(kind)
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
        sheet.column_dimensions[letter].width = _width(spec)
        if spec.type is ValueType.ID:
            sheet.column_dimensions[letter].number_format = "@"
        elif spec.type is ValueType.DATE:
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        prompt = description(kind, spec.name)[:255]
        note = DataValidation(showInputMessage=True, promptTitle=spec.header[:32], prompt=prompt)
        sheet.add_data_validation(note)
        note.add(header)
        check = _validation(spec, year, prompt)
        if check is not None:
            sheet.add_data_validation(check)
            check.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
    sheet.row_dimensions[1].height = row_height(1, 14)
    sheet.row_dimensions[HEADER_ROW].height = max(30, row_height(max(
        text_lines(spec.header, sheet.column_dimensions[get_column_letter(i)].width - 1)
        for i, spec in enumerate(fields, start=1))))
    sheet.freeze_panes = f"C{HEADER_ROW + 1}" if kind in TRACKS else f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    print_on_a4(sheet)


def _width(spec: FieldSpec) -> int:
    """A column's width: its values', or half its header's (which then takes two lines)."""
    if spec.type is ValueType.TEXT and spec.max_length is None:
        content = LONG_TEXT_WIDTH
    elif spec.enum is not None:
        content = min(MAX_ENUM_WIDTH, max(text_width(choice) for choice in spec.enum.choices) + 2)
    else:
        content = WIDTHS[spec.type]
    return math.ceil(max(content, text_width(spec.header) / 2 + 2))


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
    """What to type where: a paragraph, then per kind a heading across the page and a table of
    its columns. Every row is as tall as its text (LibreOffice does not size rows itself)."""
    sheet.append(workbook_row(sheet, ["填表说明"]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.row_dimensions[1].height = row_height(1, 14)
    _paragraph(sheet, "红色表头为必填列；有下拉箭头的列请从列表中选择；公民身份号码一列已设为文本格式，"
               "请勿改为数字（Excel 只保留15位数字，后几位会丢失）。日期请写成 2006-03-05 或 2006.3.5，"
               "只知道月份时写 2006.3。请不要合并数据区的单元格，也不要删除或改写表头。")
    for kind in kinds:
        sheet.append([])
        _paragraph(sheet, f"工作表“{KIND_SHORT[kind]}”：{KIND_TITLES[kind]}", bold=True)
        sheet.append(workbook_row(sheet, ["列", "表头", "填写要求", "是否必填", "可选值"]))
        heading = sheet.max_row
        for cell in sheet[heading]:
            cell.font, cell.fill = Font(bold=True), HEADER_FILL
            cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        required = set(REQUIRED_COLUMNS.get(kind, ()))
        for index, spec in enumerate(template_columns(kind), start=1):
            choices = "、".join(spec.enum.choices) if spec.enum else ""
            values = [get_column_letter(index), spec.header, description(kind, spec.name),
                      "必填" if spec.name in required else "", choices]
            sheet.append(workbook_row(sheet, values))
            for cell in sheet[sheet.max_row]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
            lines = max(text_lines(v, w - 1) for v, w in zip(values, INSTRUCTION_WIDTHS, strict=True))
            if lines > 1:
                sheet.row_dimensions[sheet.max_row].height = row_height(lines)
        if kind == kinds[0]:
            sheet.print_title_rows = f"{heading}:{heading}"
    for letter, width in zip("ABCDE", INSTRUCTION_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    print_on_a4(sheet)


def _paragraph(sheet: Worksheet, text: str, bold: bool = False) -> None:
    """A line of text across the whole sheet, wrapped, its row as tall as the text."""
    sheet.append(workbook_row(sheet, [text]))
    row = sheet.max_row
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(INSTRUCTION_WIDTHS))
    cell = sheet.cell(row, 1)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if bold:
        cell.font = Font(bold=True)
    sheet.row_dimensions[row].height = row_height(text_lines(text, sum(INSTRUCTION_WIDTHS) - 1))
