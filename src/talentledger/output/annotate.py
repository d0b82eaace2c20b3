"""Annotated copies for the townships: every flagged cell coloured and commented, and a
first sheet 问题清单 that lists all findings with links to their cells. The copy is streamed
(output/xlsx_stream.py), so a large ledger costs about one more reading of it."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from openpyxl.utils import column_index_from_string, get_column_letter

from talentledger.check.parse import Options
from talentledger.check.result import CheckResult, FileResult
from talentledger.ledger.findings import Finding, Severity
from talentledger.output.xlsx_stream import (
    BOLD,
    FILL_ERROR,
    FILL_WARNING,
    LINK,
    WRAP,
    Mark,
    Sheet,
    fill_style,
    write_workbook,
)
from talentledger.read.files import RawSheet, Unreadable, open_sheets

LIST_SHEET = "问题清单"
FILLS = {Severity.ERROR: FILL_ERROR, Severity.WARNING: FILL_WARNING}
LIST_HEADERS = ("序号", "工作表", "单元格", "级别", "代码", "问题及修改方法", "值")
LIST_WIDTHS = (6, 18, 10, 6, 22, 80, 22)
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
    """The listing of `file`'s findings, then a copy of each of its sheets with the flagged
    cells marked."""
    raws: list[RawSheet] = []
    if file.readable:
        try:
            raws = open_sheets(Path(file.path))
        except Unreadable:
            raws = []
    titles: dict[str, str] = {}
    for raw in raws:
        titles[raw.name] = _unique_title(raw.name, titles)
    sheets = [_listing(file, titles)] + [
        Sheet(titles[raw.name], raw.rows, marks=_marks(file.findings, raw.name),
              merged=[f"{get_column_letter(c0 + 1)}{r0 + 1}:{get_column_letter(c1 + 1)}{r1 + 1}"
                      for (r0, c0), (r1, c1) in raw.merged])
        for raw in raws]
    tmp = target.with_suffix(".tmp")
    write_workbook(tmp, sheets)
    tmp.replace(target)


def _unique_title(name: str, taken: dict[str, str]) -> str:
    base = _BAD_TITLE.sub("_", name).strip("'")[:31] or "Sheet"
    title, n = base, 2
    used = set(taken.values()) | {LIST_SHEET}
    while title in used:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def _marks(findings: list[Finding], sheet: str) -> dict[tuple[int, int], Mark]:
    """Each flagged cell of `sheet`: red where any finding is an error, else yellow, and a
    comment with every finding's message."""
    by_cell: dict[tuple[int, int], list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.sheet == sheet and finding.row and finding.column:
            by_cell[(finding.row, column_index_from_string(finding.column))].append(finding)
    return {place: Mark(FILLS[Severity.ERROR if any(f.severity is Severity.ERROR for f in found) else Severity.WARNING],
                        "\n".join(f"【{f.severity.label}】{f.message}" for f in found))
            for place, found in by_cell.items()}


def _listing(file: FileResult, titles: dict[str, str]) -> Sheet:
    """The first sheet: one row a finding, its cell a link into the copy."""
    sheet = Sheet(LIST_SHEET, [list(LIST_HEADERS)], widths=dict(enumerate(LIST_WIDTHS, start=1)), frozen_rows=1)
    sheet.styles.update({(1, c): BOLD for c in range(1, len(LIST_HEADERS) + 1)})
    for number, finding in enumerate(file.findings, start=1):
        r = number + 1
        where = finding.cell or (f"第{finding.row}行" if finding.row else "")
        title = titles.get(finding.sheet or "")
        if title:
            sheet.links[(r, 3)] = f"'{title}'!{finding.cell or f'A{finding.row or 1}'}"
            sheet.styles[(r, 3)] = LINK
            where = where or "查看"
        sheet.rows.append([number, finding.sheet or "（整个文件）", where, finding.severity.label,
                           finding.code, finding.message, finding.value or ""])
        sheet.styles[(r, 4)] = fill_style(FILLS[finding.severity])
        sheet.styles[(r, 6)] = WRAP
    return sheet


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
