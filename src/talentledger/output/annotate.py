"""Annotated copies for the townships: every flagged cell coloured and commented, and a
first sheet 问题清单 that lists all findings with links to their cells."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from talentledger.check.parse import Options
from talentledger.check.result import CheckResult, FileResult
from talentledger.ledger.findings import Finding, Severity
from talentledger.ledger.text import workbook_row
from talentledger.read.files import Unreadable, open_sheets

LIST_SHEET = "问题清单"
FILLS = {
    Severity.ERROR: PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE"),
    Severity.WARNING: PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C"),
}
# Characters a sheet title cannot hold: Excel's own, and every control character.
_BAD_TITLE = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")


def annotate_report(report: CheckResult, folder: Path, options: Options) -> list[Path]:
    """Write one annotated .xlsx per file with findings; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for file in report.files:
        if file.findings:
            # Two sources of one name (a/城东镇.xlsx, b/城东镇.xlsx) get two copies; a copy of an
            # earlier run of the same source is replaced.
            target = _free(folder, Path(file.path).stem, lambda name: folder / f"{name}_问题标注.xlsx" in written)
            annotate_file(file, target, options)
            written.append(target)
    return written


def _free(folder: Path, stem: str, taken) -> Path:
    """`folder/stem_问题标注.xlsx`, or with (2), (3) … after the stem where `taken(name)` says so."""
    name, n = stem, 2
    while taken(name):
        name, n = f"{stem}({n})", n + 1
    return folder / f"{name}_问题标注.xlsx"


def annotate_file(file: FileResult, target: Path, options: Options) -> None:
    workbook = Workbook()
    listing = workbook.active
    listing.title = LIST_SHEET
    titles: dict[str, str] = {}
    by_cell: dict[tuple[str, int, str], list[Finding]] = defaultdict(list)
    for finding in file.findings:
        if finding.sheet is not None and finding.row and finding.column:
            by_cell[(finding.sheet, finding.row, finding.column)].append(finding)
    if file.readable:
        try:
            for raw in open_sheets(Path(file.path)):
                title = _unique_title(raw.name, titles)
                titles[raw.name] = title
                sheet = workbook.create_sheet(title)
                for row in raw.rows:
                    sheet.append(workbook_row(sheet, row))
                _mark(sheet, raw.name, by_cell)
        except Unreadable:
            pass
    _write_listing(listing, file, titles)
    tmp = target.with_suffix(".tmp")
    workbook.save(tmp)
    tmp.replace(target)


def _unique_title(name: str, taken: dict[str, str]) -> str:
    base = _BAD_TITLE.sub("_", name).strip("'")[:31] or "Sheet"
    title, n = base, 2
    used = set(taken.values()) | {LIST_SHEET}
    while title in used:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def _mark(sheet, source_name: str, by_cell: dict) -> None:
    for (name, row, column), findings in by_cell.items():
        if name != source_name:
            continue
        cell = sheet[f"{column}{row}"]
        worst = Severity.ERROR if any(f.severity is Severity.ERROR for f in findings) else Severity.WARNING
        cell.fill = FILLS[worst]
        text = "\n".join(f"【{f.severity.label}】{f.message}" for f in findings)
        comment = Comment(text, "talentledger")
        comment.width, comment.height = 320, 60 + 40 * len(findings) + len(text) // 2
        cell.comment = comment


def _write_listing(sheet, file: FileResult, titles: dict[str, str]) -> None:
    sheet.append(workbook_row(sheet, ["序号", "工作表", "单元格", "级别", "代码", "问题及修改方法", "值"]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, finding in enumerate(file.findings, start=1):
        where = finding.cell or (f"第{finding.row}行" if finding.row else "")
        sheet.append(workbook_row(sheet, [number, finding.sheet or "（整个文件）", where, finding.severity.label,
                      finding.code, finding.message, finding.value or ""]))
        row = sheet.max_row
        sheet.cell(row, 4).fill = FILLS[finding.severity]
        title = titles.get(finding.sheet or "")
        if title:
            target = finding.cell or f"A{finding.row or 1}"
            link = sheet.cell(row, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{title}'!{target}")
            link.font = Font(color="0563C1", underline="single")
            if not link.value:
                link.value = "查看"
        sheet.cell(row, 6).alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEFG", (6, 18, 10, 6, 22, 80, 22), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"


def explain_rejection(file: FileResult, folder: Path, options: Options) -> None:
    """Beside a rejected file: its annotated copy and a plain list of its findings."""
    folder.mkdir(parents=True, exist_ok=True)
    # An earlier rejection of a file of the same name keeps its explanation, as its file its place.
    copy = _free(folder, Path(file.path).stem, lambda name: (folder / f"{name}_问题标注.xlsx").exists()
                 or (folder / f"{name}_问题清单.txt").exists())
    annotate_file(file, copy, options)
    lines = [finding.line() for finding in file.findings]
    listing = copy.with_name(copy.name.replace("_问题标注.xlsx", "_问题清单.txt"))
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
