"""Which date cells show a month without a day, in each format calamine reads.

Excel stores a "1958年5月" typed into a date cell as 1958-05-01 and shows it through a number
format with no day; the ledger means the month. calamine gives the date but not the format, so
each container's own style tables are read here: styles.xml of an xlsx, the data styles of an
ods, the FORMAT and XF records of an xls. Every scan is advisory and bounded: a damaged or
hostile part gives no cells (the reader itself reports the damage), never an exception.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat
from xml.sax.saxutils import unescape

import olefile

from .ooxml import MAIN_NS, column_index, sheet_members

# Per sheet name, the (row, col) cells, 0-based, whose date is shown without a day.
MonthCells = dict[str, set[tuple[int, int]]]

# More month cells than any real ledger holds (100,000 rows × 10 date columns); a file that
# claims more is hostile, and its scan stops there.
MAX_CELLS = 1_000_000

# Built-in format ids that show a year and a month but no day: 17 "mmm-yy" (ECMA-376 18.8.30)
# and the zh-CN locale's yyyy"年"m"月" ids 27, 36, 50, 52 and 57, which Chinese Excel writes
# without spelling the format out (the zh-CN table of ECMA-376 18.8.30; Alibaba EasyExcel's
# BuiltinFormats lists the same). The table serves xlsx and xls alike.
BUILTIN_MONTH_FORMATS = frozenset({17, 27, 36, 50, 52, 57})
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def is_month_format(code: str) -> bool:
    """A number format code that shows year and month but no day: yyyy-mm, yyyy"年"m"月", mmm-yy."""
    bare = _FORMAT_LITERALS.sub("", code).lower()
    return "y" in bare and "m" in bare and not any(ch in bare for ch in "dhs")


class _Full(Exception):
    """More month cells than MAX_CELLS: the scan stops."""


def _add(cells: set[tuple[int, int]], rows: range, cols: range) -> None:
    if len(cells) + len(rows) * len(cols) > MAX_CELLS:
        raise _Full
    cells.update((r, c) for r in rows for c in cols)


# ---- xlsx ------------------------------------------------------------------------------

_CELL_STYLE = re.compile(rb'<c\s[^>]*?r="([A-Z]+)([0-9]+)"[^>]*?\ss="([0-9]+)"')


def _xlsx_month_styles(zf: zipfile.ZipFile) -> set[bytes]:
    """The cell style indexes (as the sheet XML writes them) whose format is month-only."""
    try:
        styles = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError):
        return set()
    month_formats = set(BUILTIN_MONTH_FORMATS)
    for fmt in styles.iter(f"{{{MAIN_NS}}}numFmt"):
        if is_month_format(fmt.get("formatCode", "")):
            month_formats.add(int(fmt.get("numFmtId", "-1")))
    cell_xfs = styles.find(f"{{{MAIN_NS}}}cellXfs")
    if cell_xfs is None:
        return set()
    return {str(i).encode() for i, xf in enumerate(cell_xfs) if int(xf.get("numFmtId", "0")) in month_formats}


def xlsx_month_cells(path: Path) -> MonthCells:
    """The month-only cells of an xlsx/xlsm. Only workbooks that define such a style pay
    for the scan of the sheets."""
    found: MonthCells = {}
    try:
        with zipfile.ZipFile(path) as zf:
            styles = _xlsx_month_styles(zf)
            if not styles:
                return found
            for name, member in sheet_members(zf).items():
                cells: set[tuple[int, int]] = set()
                for col, row, style in _CELL_STYLE.findall(zf.read(member)):
                    if style in styles:
                        r, c = int(row) - 1, column_index(col.decode())
                        _add(cells, range(r, r + 1), range(c, c + 1))
                if cells:
                    found[name] = cells
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, zlib.error, OSError, ValueError, _Full):
        return found
    return found


# ---- ods -------------------------------------------------------------------------------

_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_NS_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0 "
_NS_NUMBER = "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0 "
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_DAY_PARTS = {"day", "day-of-week", "hours", "minutes", "seconds", "am-pm"}
_MAX_COLUMNS = 16_384   # LibreOffice's and Excel's widest sheet
_MAX_ROWS = 1_048_576
_STYLE_DEPTH = 16       # parent-style chains longer than this are not followed


class _Body(Exception):
    """Raised at <office:body>: the styles are read, the cells come next."""


class _OdsStyles:
    """An expat walk over styles.xml and the head of content.xml: the data styles, the cell
    styles and which prefixes the document binds to the table and office namespaces."""

    def __init__(self) -> None:
        self.date_styles: dict[str, set[str]] = {}          # data style -> its parts
        self.cell_styles: dict[str, tuple[str, str]] = {}   # cell style -> (data style, parent)
        self.prefixes: dict[str, str] = {}                  # namespace -> prefix
        self.body_at = -1                                   # byte offset of <office:body>
        self._date_style = ""

    def parse(self, data: bytes) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.StartNamespaceDeclHandler = lambda prefix, uri: self.prefixes.setdefault(uri.strip(), prefix or "")
        try:
            parser.Parse(data, True)
        except _Body:
            self.body_at = parser.CurrentByteIndex

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _NS_NUMBER + "date-style":
            self._date_style = attrs.get(_NS_STYLE + "name", "")
            self.date_styles[self._date_style] = set()
        elif self._date_style and name.startswith(_NS_NUMBER):
            self.date_styles[self._date_style].add(name[len(_NS_NUMBER):])
        elif name == _NS_STYLE + "style" and attrs.get(_NS_STYLE + "family") == "table-cell":
            self.cell_styles[attrs.get(_NS_STYLE + "name", "")] = (
                attrs.get(_NS_STYLE + "data-style-name", ""), attrs.get(_NS_STYLE + "parent-style-name", ""))
        elif name == _NS_OFFICE + "body":
            raise _Body

    def _end(self, name: str) -> None:
        if name == _NS_NUMBER + "date-style":
            self._date_style = ""

    def month_styles(self) -> set[str]:
        """The cell styles whose data style (their own or a parent's) shows no day."""
        months = {name for name, parts in self.date_styles.items()
                  if {"year", "month"} <= parts and not parts & _DAY_PARTS}
        found = set()
        for name in self.cell_styles:
            style, depth = name, 0
            while style in self.cell_styles and depth < _STYLE_DEPTH:
                data, parent = self.cell_styles[style]
                if data:
                    if data in months:
                        found.add(name)
                    break
                style, depth = parent, depth + 1
        return found


# The body is walked by patterns over its tags rather than by expat: a Python call per element
# (every cell and its text paragraph) costs six times calamine's whole read. Here Python sees
# each row once; only a row holding a date looks at its cells, and only a row that also
# repeats cells walks them one by one (elsewhere a cell's column is a count of tags, in C).
_ODS_TAG = re.compile(rb"<([\w.-]+):(table|table-row|table-column)(?=[\s/>])([^>]*)>")
_ODS_CELL = re.compile(rb"<([\w.-]+):(?:table-cell|covered-table-cell)(?=[\s/>])([^>]*)>")
_ODS_DATE_CELL = re.compile(rb"<([\w.-]+):(?:table-cell|covered-table-cell)(?=[\s/>])([^>]*\"date\"[^>]*)>")
_ATTRIBUTE = re.compile(rb'([\w.-]+):([\w-]+)\s*=\s*"([^"]*)"')


class _OdsCells:
    """Positions of the month-styled date cells, counting repeated rows and columns and
    covered (merged) cells as the sheet lays them out."""

    def __init__(self, month_styles: set[str], table: str, office: str) -> None:
        self.month_styles = month_styles
        self.table, self.office = table.encode(), office.encode()
        self.found: MonthCells = {}
        self._sheet: set[tuple[int, int]] = set()
        self._columns: list[str] = []
        self._row = self._col = 0
        self._repeat = 1
        self._row_style = ""
        self._row_end = b"</" + self.table + b":table-row>"
        self._cell_tags = (b"<" + self.table + b":table-cell", b"<" + self.table + b":covered-table-cell")

    def walk(self, data: bytes, start: int) -> None:
        for match in _ODS_TAG.finditer(data, start):
            prefix, local, raw = match.groups()
            if prefix != self.table:
                continue
            if local == b"table-row":
                self._start_row(raw)
                if not raw.endswith(b"/"):
                    end = data.find(self._row_end, match.end())
                    content = data[match.end():end if end >= 0 else len(data)]
                    if b'"date"' in content:
                        self._cells(content)
                self._row += self._repeat
            elif local == b"table-column":
                attrs = self._attrs(raw)
                repeat = _count(attrs.get(b"number-columns-repeated"), _MAX_COLUMNS - len(self._columns))
                self._columns.extend([attrs.get(b"default-cell-style-name", "")] * repeat)
            elif local == b"table":
                self._sheet, self._columns, self._row = set(), [], 0
                self.found[self._attrs(raw).get(b"name", "")] = self._sheet

    def _start_row(self, raw: bytes) -> None:
        attrs = self._attrs(raw) if raw.strip(b" /") else {}
        self._repeat = _count(attrs.get(b"number-rows-repeated"), _MAX_ROWS)
        self._row_style = attrs.get(b"default-cell-style-name", "")

    def _cells(self, content: bytes) -> None:
        """The month-styled date cells of one row."""
        for match in _ODS_DATE_CELL.finditer(content):
            if match.group(1) != self.table:
                continue
            if content.find(b"repeated", 0, match.start()) >= 0:
                self._walk_cells(content)  # repeated cells before this date: count them one by one
                return
            self._col = sum(content.count(tag, 0, match.start()) for tag in self._cell_tags)
            attrs = self._attrs(match.group(2))
            self._cell(attrs, _count(attrs.get(b"number-columns-repeated"), _MAX_COLUMNS))

    def _walk_cells(self, content: bytes) -> None:
        self._col = 0
        for match in _ODS_CELL.finditer(content):
            prefix, raw = match.groups()
            if prefix != self.table:
                continue
            attrs = self._attrs(raw) if raw.strip(b" /") else {}
            repeat = _count(attrs.get(b"number-columns-repeated"), _MAX_COLUMNS)
            self._cell(attrs, repeat)
            self._col += repeat

    def _cell(self, attrs: dict[bytes, str], repeat: int) -> None:
        if attrs.get(b"value-type@office") == "date" and self._month_style(attrs):
            _add(self._sheet, range(self._row, self._row + self._repeat), range(self._col, self._col + repeat))

    def _attrs(self, raw: bytes) -> dict[bytes, str]:
        """The table-namespace attributes by local name; office ones as "name@office"."""
        attrs = {}
        for prefix, name, value in _ATTRIBUTE.findall(raw):
            text = value.decode("utf-8", "replace")
            if "&" in text:
                text = unescape(text, {"&quot;": '"', "&apos;": "'"})
            if prefix == self.table:
                attrs[name] = text
            elif prefix == self.office:
                attrs[name + b"@office"] = text
        return attrs

    def _month_style(self, attrs: dict[bytes, str]) -> bool:
        style = attrs.get(b"style-name") or self._row_style
        if not style and self._col < len(self._columns):
            style = self._columns[self._col]
        return style in self.month_styles


def _count(value: str | None, most: int) -> int:
    try:
        return max(1, min(int(value or 1), most))
    except ValueError:
        return 1


def ods_month_cells(path: Path) -> MonthCells:
    """The month-only date cells of an ods. The cells are not walked at all when no data
    style lacks a day, which is most files."""
    styles = _OdsStyles()
    try:
        with zipfile.ZipFile(path) as zf:
            if "styles.xml" in zf.namelist():
                styles.parse(zf.read("styles.xml"))
            content = zf.read("content.xml")
        styles.parse(content)
        month_styles = styles.month_styles()
        table, office = styles.prefixes.get(_NS_TABLE.strip()), styles.prefixes.get(_NS_OFFICE.strip())
        if not month_styles or styles.body_at < 0 or table is None or office is None:
            return {}
        cells = _OdsCells(month_styles, table, office)
        cells.walk(content, styles.body_at)
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, ValueError, expat.ExpatError):
        return {}
    except _Full:
        pass
    return {name: found for name, found in cells.found.items() if found}


# ---- xls (BIFF8) -------------------------------------------------------------------------

_BOF, _EOF, _FILEPASS = 0x0809, 0x000A, 0x002F
_FORMAT, _XF, _BOUNDSHEET = 0x041E, 0x00E0, 0x0085
_NUMBER, _RK, _MULRK, _FORMULA = 0x0203, 0x027E, 0x00BD, 0x0006
_BIFF8 = 0x0600
_RECORD = struct.Struct("<HH")
_CELL = struct.Struct("<HHH")   # row, column, XF index: the head of NUMBER, RK and FORMULA


def _records(data: bytes, pos: int = 0):
    """(type, body start, body end) of each BIFF record from `pos`."""
    end = len(data)
    while pos + 4 <= end:
        kind, size = _RECORD.unpack_from(data, pos)
        yield kind, pos + 4, min(pos + 4 + size, end)
        pos += 4 + size


def _biff_text(data: bytes, pos: int, count: int) -> str:
    """`count` characters at `pos`, after their one-byte flags (bit 0: two bytes a char)."""
    if data[pos] & 1:
        return data[pos + 1:pos + 1 + 2 * count].decode("utf-16-le", "replace")
    return data[pos + 1:pos + 1 + count].decode("latin-1")


def _xls_globals(data: bytes) -> tuple[set[int], list[tuple[str, int]]]:
    """The XF indexes whose format is month-only, and each worksheet's name and offset."""
    formats: dict[int, str] = {}
    xf_formats: list[int] = []
    sheets: list[tuple[str, int]] = []
    for kind, start, end in _records(data):
        if kind == _BOF and struct.unpack_from("<H", data, start)[0] != _BIFF8:
            return set(), []   # BIFF5 and older: strings differ; such files get day precision
        if kind == _FILEPASS:
            return set(), []
        if kind == _FORMAT and end - start >= 5:
            ifmt, count = struct.unpack_from("<HH", data, start)
            formats[ifmt] = _biff_text(data, start + 4, count)
        elif kind == _XF and end - start >= 4:
            xf_formats.append(struct.unpack_from("<H", data, start + 2)[0])
        elif kind == _BOUNDSHEET and end - start >= 8:
            offset, dtype, count = struct.unpack_from("<IxBB", data, start)
            if dtype == 0:  # a worksheet, not a chart or macro sheet
                sheets.append((_biff_text(data, start + 7, count), offset))
        elif kind == _EOF:
            break
    month = {ifmt for ifmt, code in formats.items() if is_month_format(code)}
    month |= BUILTIN_MONTH_FORMATS - formats.keys()
    return {i for i, ifmt in enumerate(xf_formats) if ifmt in month}, sheets


def _xls_sheet(data: bytes, offset: int, month_xfs: set[int]) -> set[tuple[int, int]]:
    cells: set[tuple[int, int]] = set()
    depth = 0
    for kind, start, end in _records(data, offset):
        if kind == _BOF:
            depth += 1  # a chart inside the sheet has its own BOF ... EOF
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif depth != 1:
            continue
        elif kind in (_NUMBER, _RK, _FORMULA) and end - start >= 6:
            row, col, xf = _CELL.unpack_from(data, start)
            if xf in month_xfs:
                _add(cells, range(row, row + 1), range(col, col + 1))
        elif kind == _MULRK and end - start >= 6:
            row, first = struct.unpack_from("<HH", data, start)
            for n, pos in enumerate(range(start + 4, end - 2 - 5, 6)):
                if struct.unpack_from("<H", data, pos)[0] in month_xfs:
                    _add(cells, range(row, row + 1), range(first + n, first + n + 1))
    return cells


def xls_month_cells(path: Path) -> MonthCells:
    """The month-only number cells of a BIFF8 .xls. The sheets are walked only when an XF
    record uses a month-only format."""
    found: MonthCells = {}
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if not ole.exists("Workbook"):
                return found
            data = ole.openstream("Workbook").read()
        month_xfs, sheets = _xls_globals(data)
        if not month_xfs:
            return found
        for name, offset in sheets:
            if cells := _xls_sheet(data, offset, month_xfs):
                found[name] = cells
    # olefile raises several types on a damaged container; none may stop the reading, which
    # calamine does and reports on its own.
    except (OSError, ValueError, struct.error, IndexError, KeyError, TypeError, _Full):
        return found
    return found
