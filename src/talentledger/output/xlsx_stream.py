"""A streaming writer of the small part of SpreadsheetML annotated copies need: sheets of plain
values, a fill and a comment on some cells, internal hyperlinks, a frozen pane, column widths,
row heights, merged ranges, and an A4 page setup (fitted to the page's width, title rows
repeated, pages numbered).

openpyxl builds every cell as a Python object; a township's 300,000-row ledger then costs ten
times its check in time and five in memory, and even openpyxl's write-only mode costs five times
the check (bench/annotate_bench.py prints the figures). This writer emits each row
as text straight into the zip member, so an annotated copy costs about as much as reading the
file once more. Every string is written as an inline string: nothing we write is ever a
formula. Comments reuse openpyxl's own comment and VML parts.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from openpyxl.comments import Comment
from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
from openpyxl.comments.shape_writer import ShapeWriter
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from talentledger.ledger.page import A4, MARGINS, PAGE_NUMBER
from talentledger.ledger.text import workbook_text

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_EPOCH = dt.datetime(1899, 12, 30)

# Cell styles of styles.xml, by (fill, number format): fill 0 none, 1 error, 2 warning.
FILL_NONE, FILL_ERROR, FILL_WARNING = 0, 1, 2
_FORMATS = {"general": 0, "date": 164, "datetime": 165}
_XF = {(fill, fmt): 3 * fill + index for fill in range(3) for index, fmt in enumerate(_FORMATS)}
# Further styles: a bold header, a link, a wrapped text, a wrapped bold centred header, and
# values aligned to the top of their row (beside a wrapped text), plain or under a fill.
BOLD, LINK, WRAP, HEADER, TOP = 9, 10, 11, 12, 13
_TOP_FILLS = {FILL_NONE: TOP, FILL_ERROR: 14, FILL_WARNING: 15}
PAGE_HEADER = "&L&F&R&A"  # the file's name left, the sheet's right
PAGE_FOOTER = f"&C{PAGE_NUMBER}"
MAX_ROW_HEIGHT = 409  # points, Excel's limit
_FILL_COLOURS = {FILL_ERROR: "FFFFC7CE", FILL_WARNING: "FFFFEB9C"}


def fill_style(fill: int, top: bool = False) -> int:
    """The cell style of a plain value under `fill` (aligned to the top of its row)."""
    return _TOP_FILLS[fill] if top else _XF[(fill, "general")]


@dataclass
class Mark:
    """A fill and a comment for one cell."""

    fill: int
    text: str


@dataclass
class Sheet:
    """One sheet to write: its rows (values), and what is laid over them."""

    title: str
    rows: Iterable[list]
    marks: dict[tuple[int, int], Mark] = field(default_factory=dict)  # (row, col), 1-based
    styles: dict[tuple[int, int], int] = field(default_factory=dict)   # (row, col) -> BOLD, LINK, WRAP, HEADER, TOP
    links: dict[tuple[int, int], str] = field(default_factory=dict)    # (row, col) -> "'Sheet'!E7"
    widths: dict[int, float] = field(default_factory=dict)             # column (1-based) -> width
    heights: dict[int, float] = field(default_factory=dict)            # row (1-based) -> points
    merged: list[str] = field(default_factory=list)                    # "A1:G1"
    frozen_rows: int = 0
    frozen_cols: int = 0
    default_width: float | None = None
    title_rows: tuple[int, int] | None = None  # rows printed atop every page
    landscape: bool = False


def write_workbook(path: Path, sheets: list[Sheet]) -> None:
    """Write `sheets` as an .xlsx at `path`, the first one active."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _content_types(sheets))
        package.writestr("_rels/.rels", _rels([("officeDocument", "xl/workbook.xml")]))
        package.writestr("xl/workbook.xml", _workbook(sheets))
        package.writestr("xl/_rels/workbook.xml.rels", _rels(
            [("worksheet", f"worksheets/sheet{n}.xml") for n in range(1, len(sheets) + 1)] + [("styles", "styles.xml")]))
        package.writestr("xl/styles.xml", _STYLES)
        for number, sheet in enumerate(sheets, start=1):
            with package.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True) as out:
                _write_sheet(out, sheet, number == 1)
            if sheet.marks:
                _write_comments(package, number, sheet.marks)


def _write_sheet(out, sheet: Sheet, active: bool) -> None:
    out.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
              f'xmlns:r="{RELS}"><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'.encode())
    selected = ' tabSelected="1"' if active else ""
    out.write(f'<sheetViews><sheetView workbookViewId="0"{selected}>{_pane(sheet)}</sheetView></sheetViews>'.encode())
    if sheet.default_width:
        out.write(f'<sheetFormatPr defaultColWidth="{sheet.default_width}" defaultRowHeight="15"/>'.encode())
    if sheet.widths:
        out.write(("<cols>" + "".join(f'<col min="{first}" max="{last}" width="{w}" customWidth="1"/>'
                                      for first, last, w in _spans(sheet.widths)) + "</cols>").encode())
    out.write(b"<sheetData>")
    heights = sheet.heights
    marked: dict[int, set[int]] = {}
    for r, c in [*sheet.marks, *sheet.styles]:
        marked.setdefault(r, set()).add(c)
    letters: list[str] = []
    buffer: list[str] = []
    for r, values in enumerate(sheet.rows, start=1):
        special = marked.get(r)
        width = max(len(values), max(special) if special else 0)
        while len(letters) < width:
            letters.append(get_column_letter(len(letters) + 1))
        cells = []
        for c in range(1, width + 1):
            value = values[c - 1] if c <= len(values) else None
            if special and c in special:
                cells.append(_cell(f"{letters[c - 1]}{r}", value, _special_style(sheet, r, c, value)))
            elif value is not None and value != "":
                cells.append(_cell(f"{letters[c - 1]}{r}", value, None))
        height = heights.get(r) if heights else None
        if height:
            buffer.append(f'<row r="{r}" ht="{min(height, MAX_ROW_HEIGHT)}" customHeight="1">{"".join(cells)}</row>')
        elif cells:
            buffer.append(f'<row r="{r}">{"".join(cells)}</row>')
        if len(buffer) >= 1000:
            out.write("".join(buffer).encode())
            buffer = []
    out.write("".join(buffer).encode())
    out.write(b"</sheetData>")
    if sheet.merged:
        refs = "".join(f'<mergeCell ref="{ref}"/>' for ref in sheet.merged)
        out.write(f'<mergeCells count="{len(sheet.merged)}">{refs}</mergeCells>'.encode())
    if sheet.links:
        out.write(("<hyperlinks>" + "".join(
            f'<hyperlink ref="{get_column_letter(c)}{r}" location={quoteattr(target)}/>'
            for (r, c), target in sheet.links.items()) + "</hyperlinks>").encode())
    margins = " ".join(f'{side}="{inches}"' for side, inches in MARGINS.items())
    out.write(f'<printOptions horizontalCentered="1"/><pageMargins {margins}/>'.encode())
    orientation = "landscape" if sheet.landscape else "portrait"
    out.write(f'<pageSetup paperSize="{A4}" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
              f'<headerFooter><oddHeader>{escape(PAGE_HEADER)}</oddHeader>'
              f'<oddFooter>{escape(PAGE_FOOTER)}</oddFooter></headerFooter>'.encode())
    if sheet.marks:
        out.write(b'<legacyDrawing r:id="rIdComments"/>')
    out.write(b"</worksheet>")


def _pane(sheet: Sheet) -> str:
    rows, cols = sheet.frozen_rows, sheet.frozen_cols
    if not rows and not cols:
        return ""
    corner = f"{get_column_letter(cols + 1)}{rows + 1}"
    active = "bottomRight" if rows and cols else "bottomLeft" if rows else "topRight"
    split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
    return (f'<pane{split} topLeftCell="{corner}" activePane="{active}" state="frozen"/>'
            f'<selection pane="{active}" activeCell="{corner}" sqref="{corner}"/>')


def _spans(widths: dict[int, float]) -> list[tuple[int, int, float]]:
    """Runs of neighbouring columns of one width, as <col min max> takes them."""
    spans: list[tuple[int, int, float]] = []
    for column, width in sorted(widths.items()):
        if spans and spans[-1][1] == column - 1 and spans[-1][2] == width:
            spans[-1] = (spans[-1][0], column, width)
        else:
            spans.append((column, column, width))
    return spans


def sheet_reference(title: str) -> str:
    """A sheet's name as a formula or a link writes it: quoted, its quotes doubled."""
    return "'" + title.replace("'", "''") + "'"


def _special_style(sheet: Sheet, r: int, c: int, value: object) -> int:
    mark = sheet.marks.get((r, c))
    if mark is None:
        return sheet.styles[(r, c)]
    return _XF[(mark.fill, _format_of(value))]


def _format_of(value: object) -> str:
    if isinstance(value, dt.datetime):
        return "datetime" if (value.hour, value.minute, value.second) != (0, 0, 0) else "date"
    return "date" if isinstance(value, dt.date) else "general"


def _cell(ref: str, value: object, style: int | None) -> str:
    """One <c>: text always as an inline string (never a formula), numbers and booleans as
    values, dates as serial numbers under a date format."""
    if isinstance(value, dt.date) and style is None:
        style = _XF[(FILL_NONE, _format_of(value))]
    s = "" if style is None else f' s="{style}"'
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>'
    if value is True or value is False:
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"{s}><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime):
        return f'<c r="{ref}"{s}><v>{(value - _EPOCH) / dt.timedelta(days=1)!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}"{s}><v>{(value - _EPOCH.date()).days}</v></c>'
    text = escape(workbook_text(str(value)))
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


class _Place:
    """Where a comment sits, as openpyxl's comment writers ask for it."""

    def __init__(self, coordinate: str, comment: Comment) -> None:
        self.coordinate, self._comment = coordinate, comment


def _write_comments(package: zipfile.ZipFile, number: int, marks: dict[tuple[int, int], Mark]) -> None:
    """The sheet's comments part, its VML drawing (Excel shows comments through it) and the rels."""
    placed = []
    for (r, c), mark in sorted(marks.items()):
        comment = Comment(workbook_text(mark.text), "talentledger")
        comment.width, comment.height = 320, 60 + 40 * mark.text.count("\n") + len(mark.text) // 2
        placed.append((f"{get_column_letter(c)}{r}", comment))
    records = [CommentRecord.from_cell(_Place(coordinate, comment)) for coordinate, comment in placed]
    package.writestr(f"xl/comments{number}.xml", tostring(CommentSheet.from_comments(records).to_tree()))
    package.writestr(f"xl/drawings/commentsDrawing{number}.vml", ShapeWriter(placed).write(None))
    package.writestr(f"xl/worksheets/_rels/sheet{number}.xml.rels", (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rIdComments" Type="{RELS}/vmlDrawing" Target="../drawings/commentsDrawing{number}.vml"/>'
        f'<Relationship Id="rIdCommentText" Type="{RELS}/comments" Target="../comments{number}.xml"/>'
        "</Relationships>"))


def _content_types(sheets: list[Sheet]) -> str:
    parts = [f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
             'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for n in range(1, len(sheets) + 1)]
    parts += [f'<Override PartName="/xl/comments{n}.xml" ContentType="application/'
              'vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>'
              for n, sheet in enumerate(sheets, start=1) if sheet.marks]
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' + "".join(parts) + "</Types>")


def _rels(targets: list[tuple[str, str]]) -> str:
    kinds = {"officeDocument": f"{RELS}/officeDocument", "worksheet": f"{RELS}/worksheet", "styles": f"{RELS}/styles"}
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PACKAGE_RELS}">'
            + "".join(f'<Relationship Id="rId{n}" Type="{kinds[kind]}" Target="{target}"/>'
                      for n, (kind, target) in enumerate(targets, start=1)) + "</Relationships>")


def _workbook(sheets: list[Sheet]) -> str:
    entries = "".join(f'<sheet name={quoteattr(sheet.title)} sheetId="{n}" r:id="rId{n}"/>'
                      for n, sheet in enumerate(sheets, start=1))
    titles = "".join(
        f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
        f'{escape(sheet_reference(sheet.title))}!${sheet.title_rows[0]}:${sheet.title_rows[1]}</definedName>'
        for n, sheet in enumerate(sheets) if sheet.title_rows)
    names = f"<definedNames>{titles}</definedNames>" if titles else ""
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{RELS}">'
            f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{entries}</sheets>{names}</workbook>')


def _xfs() -> str:
    plain = []
    for fill in range(3):
        for fmt in _FORMATS.values():
            applied = (' applyNumberFormat="1"' if fmt else "") + (' applyFill="1"' if fill else "")
            plain.append(f'<xf numFmtId="{fmt}" fontId="0" fillId="{[0, 2, 3][fill]}" borderId="0" xfId="0"{applied}/>')
    extra = ['<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>',
             '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
             '<alignment vertical="top"/></xf>',
             '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
             '<alignment vertical="top" wrapText="1"/></xf>',
             '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">'
             '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>']
    for fill in (FILL_NONE, FILL_ERROR, FILL_WARNING):  # TOP and its filled forms
        applied = ' applyFill="1"' if fill else ""
        extra.append(f'<xf numFmtId="0" fontId="0" fillId="{[0, 2, 3][fill]}" borderId="0" xfId="0"{applied} '
                     'applyAlignment="1"><alignment vertical="top"/></xf>')
    return f'<cellXfs count="{len(plain) + len(extra)}">{"".join(plain + extra)}</cellXfs>'


_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/></font></fonts>'
    '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    + "".join(f'<fill><patternFill patternType="solid"><fgColor rgb="{_FILL_COLOURS[f]}"/>'
              f'<bgColor rgb="{_FILL_COLOURS[f]}"/></patternFill></fill>' for f in (FILL_ERROR, FILL_WARNING))
    + '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    + _xfs()
    + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
