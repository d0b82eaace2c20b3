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
)

INSTRUCTIONS_SHEET = "填表说明"
NOT_IN_TEMPLATE = frozenset({"phone", "mobile", "workplace"})
BLANK_ROWS = 300  # rows prepared with formats and checks
HEADER_ROW = 3
HEADER_FILL = PatternFill("solid", start_color="F3E5E5", end_color="F3E5E5")
THIN = Side(style="thin", color="999999")

# What goes in each column, for input messages and the 填表说明 sheet.
DESCRIPTIONS: dict[str, str] = {
    "seq": "序号，可不填。",
    "name": "姓名，必填。",
    "gender": "男或女，须与身份证号码第17位一致（奇数为男）。",
    "id_number": "18位公民身份号码，必填。本列已设为文本格式，请直接输入，不要改成数字。",
    "birth": "出生年月，如 1978-07，须与身份证号码一致；可不填。",
    "ethnicity": "民族，如 汉族。",
    "education": "最高学历，从下拉列表中选择。",
    "township": "所属镇（街道）的规范名称。",
    "organization": "所在党组织或单位。",
    "sector": "所属领域，从下拉列表中选择。",
    "contact": "培养联系人姓名；培养期间必填。",
    "trainings": "本年度参加培训的次数（整数）。党员培养成人才每年不少于4次，人才培养成党员每年不少于2次。",
    "phone": "联系电话。",
    "remarks": "其他需要说明的情况。",
    "join_date": "入党时间，如 2001-07-01；必填。",
    "talent_category": "人才类别，从下拉列表中选择。",
    "start_date": "确定为培养对象的时间；必填。",
    "status": "培养状态，从下拉列表中选择，须与所填日期一致。",
    "talent_date": "成才认定时间；培养状态为“已成才”时必填，且不早于确定培养时间。",
    "specialty": "技术特长。",
    "application_date": "递交入党申请书的时间；申请时须年满18周岁。",
    "activist_date": "确定为入党积极分子的时间。",
    "candidate_date": "确定为发展对象的时间；距确定为入党积极分子须满1年。",
    "probation_date": "接收为预备党员的时间；此后须填两名入党介绍人。",
    "full_date": "转为正式党员的时间；距接收为预备党员须满1年（延长预备期最长再1年）。",
    "stage": "当前所处阶段，从下拉列表中选择，须与已填的最晚一个时间一致；之前各阶段的时间都要填写。",
    "introducers": "两名入党介绍人的姓名，用顿号分隔，如 张华、刘伟；接收为预备党员后必填。",
    "position": "现任职务。",
    "direction": "培养方向，从下拉列表中选择。",
    "leader_contact": "联系领导姓名，必填。",
    "reserve_date": "列为后备干部的时间。",
    "appointed_date": "选拔任用的时间；已任用时必填。",
    "appointed_post": "任用的职务；填了选拔任用时间就必须填写。",
    "year": "年度，四位数字，如 2006。",
    "member_to_talent": "本年度党员培养成人才的目标人数。",
    "activists": "本年度人才培养为入党积极分子的目标人数。",
    "developed": "本年度人才发展为党员的目标人数。",
    "cadres": "本年度党员人才培养为干部的目标人数。",
    "members_total": "党员总数。",
    "talent_members": "其中人才党员数。",
    "young_members": "其中35岁及以下党员数。",
    "educated_members": "其中高中及以上学历党员数。",
    "female_members": "其中女党员数。",
}
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
    """The template's columns: the fields of SPEC 2, in its order (the reader also knows a few
    that real ledgers add: phone numbers, 工作单位)."""
    return [spec for spec in SHEET_FIELDS[kind] if spec.name not in NOT_IN_TEMPLATE]


def _ledger_sheet(sheet: Worksheet, kind: Kind, township: str | None, year: int | None) -> None:
    fields = fields_of(kind)
    unit = township or "XX镇（街道）"
    when = f"{year}年度" if year else "XXXX年度"
    if kind in TRACKS:
        sheet.append([f"{unit}{KIND_TITLES[kind]}台帐（{when}）"])
    else:
        sheet.append([f"{KIND_TITLES[kind]}（{when}）"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(fields))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"填报单位：{township + '党委' if township else ''}　　填报日期："])
    sheet.append([spec.header for spec in fields])
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
        note = DataValidation(showInputMessage=True, promptTitle=spec.header[:32],
                              prompt=DESCRIPTIONS.get(spec.name, "")[:255])
        sheet.add_data_validation(note)
        note.add(header)
        check = _validation(spec, year)
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


def _validation(spec: FieldSpec, year: int | None) -> DataValidation | None:
    """The cell check for a column; Chinese messages say what is allowed."""
    if spec.type is ValueType.ENUM and spec.enum is not None:
        choices = ",".join(spec.enum.choices)
        return DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True, showErrorMessage=True,
                              errorTitle=spec.header, error=f"请从下拉列表中选择：{'、'.join(spec.enum.choices)}",
                              showInputMessage=True, promptTitle=spec.header[:32],
                              prompt=DESCRIPTIONS.get(spec.name, "")[:255])
    if spec.type is ValueType.ID:
        return DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True,
                              showErrorMessage=True, errorTitle="公民身份号码",
                              error="公民身份号码应为18位。请检查是否多输或少输了数字。",
                              showInputMessage=True, promptTitle="公民身份号码", prompt=DESCRIPTIONS["id_number"])
    if spec.type is ValueType.DATE:
        # A warning only: a clerk who knows just the month may still type "2006.3".
        return DataValidation(type="date", operator="between", formula1="DATE(1900,1,1)",
                              formula2=f"DATE({(year or 2100)},12,31)", allow_blank=True, showErrorMessage=True,
                              errorStyle="warning", errorTitle=spec.header,
                              error="请填写日期，如 2006-03-05。只知道月份时可填 2006.3，确认后继续。",
                              showInputMessage=True, promptTitle=spec.header[:32],
                              prompt=DESCRIPTIONS.get(spec.name, "")[:255])
    if spec.type in (ValueType.COUNT, ValueType.YEAR):
        low, high = ("1990", "2100") if spec.type is ValueType.YEAR else ("0", "1000000")
        return DataValidation(type="whole", operator="between", formula1=low, formula2=high, allow_blank=True,
                              showErrorMessage=True, errorTitle=spec.header,
                              error=f"请填写 {low}–{high} 之间的整数。")
    return None


def _instructions(sheet: Worksheet, kinds: list[Kind]) -> None:
    sheet.append(["填表说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["红色表头为必填列；有下拉箭头的列请从列表中选择；公民身份号码一列已设为文本格式，"
                  "请勿改为数字（Excel 只保留15位数字，后几位会丢失）。日期请写成 2006-03-05 或 2006.3.5，"
                  "只知道月份时写 2006.3。请不要合并数据区的单元格，也不要删除或改写表头。"])
    sheet["A2"].alignment = Alignment(wrap_text=True)
    sheet.merge_cells("A2:E2")
    sheet.row_dimensions[2].height = 60
    for kind in kinds:
        sheet.append([])
        sheet.append([f"工作表“{KIND_SHORT[kind]}”：{KIND_TITLES[kind]}"])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(["列", "表头", "填写要求", "是否必填", "可选值"])
        required = set(REQUIRED_COLUMNS.get(kind, ()))
        for index, spec in enumerate(fields_of(kind), start=1):
            choices = "、".join(spec.enum.choices) if spec.enum else ""
            sheet.append([get_column_letter(index), spec.header, DESCRIPTIONS.get(spec.name, ""),
                          "必填" if spec.name in required else "", choices])
    for letter, width in zip("ABCDE", (6, 22, 70, 10, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
