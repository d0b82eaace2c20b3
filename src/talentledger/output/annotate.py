"""Annotated copies for the townships: every flagged cell coloured and commented, and a
first sheet 问题清单 that lists all findings with links to their cells. The copy is streamed
(output/xlsx_stream.py), so a large ledger costs about one more reading of it.

A copy keeps the source's layout: the column widths and frozen pane an .xlsx sets, and its
merged cells; for other formats the widths come from the content and the header rows are
frozen. Every sheet prints on A4, fitted to the page's width, its header rows repeated."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from pathlib import Path

from openpyxl.utils import column_index_from_string, get_column_letter

from talentledger.check.parse import Options
from talentledger.check.result import CheckResult, FileResult, SheetResult
from talentledger.ledger.atomic import write_atomically
from talentledger.ledger.findings import Finding, Severity
from talentledger.ledger.page import DEFAULT_WIDTH, landscape, row_height, text_lines, text_width
from talentledger.output.xlsx_stream import (
    BOLD,
    FILL_ERROR,
    FILL_WARNING,
    HEADER,
    LINK,
    TOP,
    WRAP,
    Mark,
    Sheet,
    fill_style,
    sheet_reference,
    write_workbook,
)
from talentledger.read.files import RawSheet, Unreadable, open_sheets
from talentledger.read.ooxml import SheetLayout, sheet_layouts

LIST_SHEET = "问题清单"
FILLS = {Severity.ERROR: FILL_ERROR, Severity.WARNING: FILL_WARNING}
LIST_HEADERS = ("序号", "工作表", "单元格", "级别", "代码", "问题及修改方法", "值")
LIST_WIDTHS = (6, 18, 10, 6, 22, 80, 22)
LIST_WRAPPED = (2, 6, 7)  # 工作表, 问题及修改方法, 值
# Widths taken from the content (sources that set none): the rows sampled, the bounds of a
# column's width, and how much of a header's width counts (a longer header wraps). A width the
# source sets is kept, but widened up to MAX_WIDENED (an 18-digit ID, a date and time) where the
# source cut the values or showed ###.
SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH, MAX_HEADER_WIDTH, MAX_WIDENED = 5, 40, 14, 22
DATE_WIDTH, DATETIME_WIDTH = 11, 19  # yyyy-mm-dd, yyyy-mm-dd hh:mm:ss
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
    layouts = sheet_layouts(Path(file.path)) if raws else {}
    results = {s.sheet: s for s in file.sheets}
    sheets = [_listing(file, titles)] + [
        _copy(raw, titles[raw.name], file.findings, layouts.get(raw.name), results.get(raw.name)) for raw in raws]
    write_atomically(target, lambda tmp: write_workbook(tmp, sheets))


def _copy(raw: RawSheet, title: str, findings: list[Finding], layout: SheetLayout | None,
          result: SheetResult | None) -> Sheet:
    """A sheet of the source with its flagged cells marked, laid out as the source was."""
    headers = sorted(result.header_rows) if result and result.header_rows else []
    # The rows up to the header's and a sample below it are held back to size the columns.
    head = list(itertools.islice(raw.rows, (headers[-1] if headers else 0) + SAMPLE_ROWS))
    merged = [((r0 + 1, c0 + 1), (r1 + 1, c1 + 1)) for (r0, c0), (r1, c1) in raw.merged]
    widths = _widths(head, headers, merged, layout)
    sheet = Sheet(title, itertools.chain(head, raw.rows), marks=_marks(findings, raw.name), widths=widths,
                  merged=[f"{get_column_letter(c0)}{r0}:{get_column_letter(c1)}{r1}" for (r0, c0), (r1, c1) in merged],
                  default_width=layout.default_width if layout else None)
    if layout is not None:
        sheet.frozen_rows, sheet.frozen_cols = layout.frozen_rows, layout.frozen_cols
    elif headers:
        sheet.frozen_rows = headers[-1]
    if headers:
        sheet.title_rows = (headers[0], headers[-1])
        _header_rows(sheet, head, headers, merged)
    used = max((len(row) for row in head), default=0)
    default = sheet.default_width or DEFAULT_WIDTH
    sheet.landscape = landscape(sum(widths.get(c, default) for c in range(1, used + 1)))
    return sheet


def _widths(head: list[list], headers: list[int], merged: list, layout: SheetLayout | None) -> dict[int, float]:
    """The source's widths where it sets them, widened (up to MAX_WIDENED) where a sampled date,
    number or ID would show as ### or cut; the content's widths elsewhere. Only rows filled like
    a ledger's rows count (not a title, a 合计 or a 填表人 line running across empty cells)."""
    spanning = {start for start, end in merged if start[1] != end[1]}  # titles, grouped headers: many columns
    first = headers[0] if headers else 1
    rows = list(enumerate(head[first - 1:], start=first))
    filled = [sum(1 for v in values if v is not None and v != "") for _, values in rows]
    enough = max(2, max(filled, default=0) // 2)
    content: dict[int, float] = {}
    whole: dict[int, float] = {}  # what dates, numbers and IDs need to be read at all
    for (r, values), count in zip(rows, filled, strict=True):
        if count < enough:
            continue
        for c, value in enumerate(values, start=1):
            if value is None or value == "" or (r, c) in spanning:
                continue
            if r in headers:
                width = min(text_width(str(value)) + 2, MAX_HEADER_WIDTH)
            else:
                width = _width_of(value)
                if not isinstance(value, str) or value.isascii():
                    whole[c] = max(whole.get(c, 0), width)
            content[c] = max(content.get(c, 0), width)
    given = layout.widths if layout else {}
    widths = {c: round(min(MAX_WIDTH, max(MIN_WIDTH, width)), 1) for c, width in content.items() if c not in given}
    for c, width in given.items():
        widths[c] = max(width, min(whole.get(c, 0), MAX_WIDENED))
    return widths


def _width_of(value: object) -> float:
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return DATETIME_WIDTH
    if isinstance(value, dt.date):
        return DATE_WIDTH
    return text_width(value if isinstance(value, str) else str(value)) + 2


def _header_rows(sheet: Sheet, head: list[list], headers: list[int], merged: list) -> None:
    """Header cells bold and wrapped, and each header row as tall as its longest header: a copy
    keeps the widths of the source but not its styles, and LibreOffice sizes no row itself."""
    default = sheet.default_width or DEFAULT_WIDTH
    spans = {start: sum(sheet.widths.get(c, default) for c in range(start[1], end[1] + 1))
             for start, end in merged if start[0] == end[0]}
    tall = {start for start, end in merged if start[0] != end[0]}
    for r in headers:
        values = head[r - 1] if r <= len(head) else []
        lines = 1
        for c, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            sheet.styles[(r, c)] = HEADER
            if (r, c) not in tall:
                lines = max(lines, text_lines(str(value), spans.get((r, c), sheet.widths.get(c, default)) - 1))
        if lines > 1:
            sheet.heights[r] = row_height(lines)


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
    sheet = Sheet(LIST_SHEET, [list(LIST_HEADERS)], widths=dict(enumerate(LIST_WIDTHS, start=1)), frozen_rows=1,
                  title_rows=(1, 1), landscape=landscape(sum(LIST_WIDTHS)))
    sheet.styles.update({(1, c): BOLD for c in range(1, len(LIST_HEADERS) + 1)})
    for number, finding in enumerate(file.findings, start=1):
        r = number + 1
        where = finding.cell or (f"第{finding.row}行" if finding.row else "")
        title = titles.get(finding.sheet or "")
        # Every cell at the top of its row, beside the wrapped ones.
        sheet.styles.update({(r, 1): TOP, (r, 3): TOP, (r, 4): fill_style(FILLS[finding.severity], top=True),
                             (r, 5): TOP})
        if title:
            sheet.links[(r, 3)] = f"{sheet_reference(title)}!{finding.cell or f'A{finding.row or 1}'}"
            sheet.styles[(r, 3)] = LINK
            where = where or "查看"
        values = [number, finding.sheet or "（整个文件）", where, finding.severity.label,
                  finding.code, finding.message, finding.value or ""]
        sheet.rows.append(values)
        lines = 1
        for c in LIST_WRAPPED:
            sheet.styles[(r, c)] = WRAP
            lines = max(lines, text_lines(str(values[c - 1]), LIST_WIDTHS[c - 1] - 1))
        if lines > 1:
            sheet.heights[r] = row_height(lines)
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
