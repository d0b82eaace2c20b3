"""Opening untrusted files safely and yielding their sheets as raw rows.

The format is taken from the file's bytes, not its name. The sizes zip containers (xlsx,
xlsm, ods) declare are checked before any parser sees them, so a decompression bomb is refused
in well under a second instead of exhausting memory. Nothing is ever evaluated:
formulas are read as their cached values, and a formula with no cached value is reported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import python_calamine as calamine

from talentledger.ledger.errors import os_reason
from talentledger.ledger.findings import Finding, make_finding, message

from .months import MonthCells, ods_month_cells, xls_month_cells, xlsx_month_cells
from .ooxml import CELL_REF, MAIN_NS, column_index, sheet_members

# Limits for untrusted files. A real ledger is far below all of them.
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200          # unpacked/packed for one member larger than RATIO_FLOOR
RATIO_FLOOR = 4 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_HTML_BYTES = 32 * 1024 * 1024  # parsed in pure Python: keep it to seconds
# Merged cells of an HTML table are laid out as Excel would; a few bytes of colspan/rowspan can
# ask for billions of cells, so the layout stops at these (Excel's own width, and more cells
# than 32 MB of real HTML can hold).
MAX_HTML_COLUMNS = 16_384
MAX_HTML_CELLS = 4_000_000
_CHUNK = 1024 * 1024

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}


class Unreadable(Exception):
    """A file (or sheet) that cannot be read: a finding code of ledger/findings.py and the
    parameters of its message. `str()` is the message a clerk reads."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(message(code, **params))

    def finding(self, path: str, sheet: str | None = None) -> Finding:
        """The file's (or, given `sheet`, the sheet's) one finding for this failure."""
        return make_finding(self.code, path=path, **{"sheet": sheet, **self.params})  # its own sheet first


@dataclass
class RawSheet:
    """One sheet: its rows as cell values, column A first, row 1 first."""

    name: str
    rows: Iterator[list]
    hidden: bool = False
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    # (row, col), 0-based, of formulas saved without a cached value
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    # (row, col), 0-based, of date cells whose number format shows no day (yyyy-mm, yyyy"年"m"月")
    month_cells: set[tuple[int, int]] = field(default_factory=set)


def sniff(path: Path, head: bytes) -> str:
    """The container format from the first bytes: zip, cfb, html, text or unknown."""
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "cfb"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<html", b"<!doctype", b"<table", b"<?xml", b"<meta")):
        return "html"
    if path.suffix.lower() in {".csv", ".txt"}:
        return "text"
    return "unknown"


def open_sheets(path: Path) -> list[RawSheet]:
    """Open a submitted file and return its sheets; raises `Unreadable` with a reason."""
    try:
        size = path.stat().st_size
        if size == 0:
            raise Unreadable("file_empty")
        if size > MAX_FILE_BYTES:
            raise Unreadable("file_too_large", size=size // 1024 // 1024, limit=MAX_FILE_BYTES // 1024 // 1024)
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise Unreadable("file_cannot_open", reason=os_reason(exc)) from None
    fmt = sniff(path, head)
    if fmt == "zip":
        _inspect_zip(path)
        # The scans beside calamine (formulas, month-only formats) inflate and search members;
        # they run beside calamine's load (both release the GIL), so a second core hides their cost.
        with ThreadPoolExecutor(max_workers=1) as pool:
            if _is_ods(path):
                months = pool.submit(ods_month_cells, path)
                return _calamine_sheets(path, {".ods"}, formula_scan=None, month_scan=months)
            scan = pool.submit(_members_with_formulas, path)
            months = pool.submit(xlsx_month_cells, path)
            return _calamine_sheets(path, {".xlsx", ".xlsm"}, formula_scan=scan, month_scan=months)
    if fmt == "cfb":
        if "EncryptedPackage".encode("utf-16-le") in path.read_bytes()[:_CHUNK * 4]:
            raise Unreadable("file_encrypted")
        with ThreadPoolExecutor(max_workers=1) as pool:
            months = pool.submit(xls_month_cells, path)
            return _calamine_sheets(path, {".xls"}, formula_scan=None, month_scan=months)
    if fmt == "html":
        return _html_sheets(path)
    if fmt == "text":
        return [_csv_sheet(path)]
    raise Unreadable("not_a_spreadsheet", reason="文件内容不是任何一种表格格式")


def _inspect_zip(path: Path) -> None:
    """Refuse broken zips, encrypted packages and decompression bombs before any parser
    inflates anything.

    Only the declared sizes are checked, which costs nothing: a member that lies about its size
    is stopped by the zip reader itself when it inflates past what it declared (calamine's
    reader and Python's both do; the `lying_bomb` test proves calamine's).
    """
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if len(members) > MAX_MEMBERS:
                raise Unreadable("file_bomb", reason=f"压缩包内有 {len(members)} 个文件")
            total = sum(m.file_size for m in members)
            if total > MAX_UNPACKED_BYTES:
                raise Unreadable("file_bomb", reason=_BOMB)
            for m in members:
                if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                    raise Unreadable("file_bomb", reason=_BOMB)
            if "EncryptedPackage" in zf.namelist():
                raise Unreadable("file_encrypted")
    except Unreadable:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as exc:
        raise Unreadable("unreadable_file", reason=_zip_reason(exc)) from None


def _members_with_formulas(path: Path) -> set[str]:
    """The members that contain a formula (`<f`), found by inflating each in chunks; a
    member that fails its CRC or inflates past its declared size makes the file unreadable."""
    found = set()
    try:
        with zipfile.ZipFile(path) as zf:
            for m in zf.infolist():
                tail = b""
                with zf.open(m) as fh:
                    while chunk := fh.read(_CHUNK):
                        if b"<f" in tail + chunk[:8] or b"<f" in chunk:
                            found.add(m.filename)
                        tail = chunk[-1:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as exc:
        raise Unreadable("unreadable_file", reason=_zip_reason(exc)) from None
    return found


_BOMB = "压缩比异常或解压后超过 2 GB"


def _zip_reason(exc: Exception) -> str:
    text = str(exc)
    if "CRC" in text:
        return "数据校验失败"
    if "encrypt" in text.lower():
        return "内容已加密"
    return "压缩包结构错误"


def _is_ods(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    except KeyError:
        return False
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError) as exc:
        raise Unreadable("unreadable_file", reason=_zip_reason(exc)) from None


def _calamine_sheets(path: Path, suffixes: set[str], *, formula_scan: Future[set[str]] | None,
                     month_scan: Future[MonthCells] | None = None) -> list[RawSheet]:
    """Sheets read by calamine; `formula_scan` gives the xlsx members holding formulas
    (None for formats whose formulas always carry a cached value).

    calamine picks its reader by the file name; a file whose name does not match its content
    (an .xlsx saved as .xls by some WPS versions) is handed over as bytes so that calamine
    detects the format itself.
    """
    try:
        if path.suffix.lower() in suffixes:
            workbook = calamine.CalamineWorkbook.from_path(str(path))
        else:
            with path.open("rb") as fh:
                workbook = calamine.CalamineWorkbook.from_filelike(fh)
        metadata = [m for m in workbook.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
    except calamine.PasswordError:
        raise Unreadable("file_encrypted") from None
    except BaseException as exc:
        if not _parser_failed(exc):
            raise
        raise Unreadable("unreadable_file", reason="表格内容无法解析") from None
    loaded = []
    for meta in metadata:
        try:
            loaded.append((meta, workbook.get_sheet_by_name(meta.name)))
        except BaseException as exc:
            if not _parser_failed(exc):
                raise
            raise Unreadable("sheet_damaged", sheet=meta.name, reason="内容无法解析") from None
    with_formulas = formula_scan.result() if formula_scan is not None else set()
    formulas = _xlsx_formulas_without_value(path, with_formulas) if with_formulas else {}
    months = month_scan.result() if month_scan is not None else {}
    return [RawSheet(
        name=meta.name,
        rows=_rows(sheet),
        hidden=meta.visible != calamine.SheetVisibleEnum.Visible,
        merged=list(sheet.merged_cell_ranges or []),
        formulas_without_value=formulas.get(meta.name, set()),
        month_cells=months.get(meta.name, set()),
    ) for meta, sheet in loaded]


def _parser_failed(exc: BaseException) -> bool:
    """Whether calamine failed on corrupt input: one of its several error types, or a panic of
    its Rust code (pyo3's PanicException, a BaseException: a truncated .xls's directory)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _rows(sheet: calamine.CalamineSheet) -> Iterator[list]:
    """Rows padded so index 0 is column A (calamine pads rows from row 1 but not columns)."""
    pad = [""] * sheet.start[1] if sheet.height else []
    if not pad:
        return sheet.iter_rows()  # the usual sheet, starting at column A: no copying
    return (pad + row for row in sheet.iter_rows())


def _xlsx_formulas_without_value(path: Path, with_formulas: set[str]) -> dict[str, set[tuple[int, int]]]:
    """Cells holding a formula but no cached value, per sheet name (xlsx/xlsm only).

    calamine shows such a cell as blank; a clerk must be told instead. Only sheets whose
    XML contains a formula at all are parsed.
    """
    found: dict[str, set[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            for name, member in sheet_members(zf).items():
                if member not in with_formulas:
                    continue
                cells = set()
                with zf.open(member) as fh:
                    for _, elem in ElementTree.iterparse(fh):
                        if elem.tag == f"{{{MAIN_NS}}}c":
                            has_f = elem.find(f"{{{MAIN_NS}}}f") is not None
                            v = elem.find(f"{{{MAIN_NS}}}v")
                            if has_f and (v is None or not (v.text or "").strip()):
                                m = CELL_REF.fullmatch(elem.get("r", ""))
                                if m:
                                    cells.add((int(m.group(2)) - 1, column_index(m.group(1))))
                            elem.clear()
                if cells:
                    found[name] = cells
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
        return found
    return found


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable("bad_encoding")


class _TableParser(HTMLParser):
    """The tables of an HTML page as rows of cell texts, with colspan/rowspan laid out as
    Excel would show a merged cell (text in the first cell, merge ranges recorded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[list[str]], list]] = []
        self._rows: list[list[str]] | None = None
        self._merged: list = []
        self._cell: list[str] | None = None
        self._spans: tuple[int, int] = (1, 1)
        self._pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
        self._cells = 0  # laid out so far, in every table

    def _grow(self, row: list[str], count: int) -> None:
        """Lay out `count` more cells of `row`, within the caps, before any is made."""
        self._cells += count
        if len(row) + count > MAX_HTML_COLUMNS or self._cells > MAX_HTML_CELLS:
            raise Unreadable("file_bomb", reason=f"网页表格的合并单元格展开后超过 {MAX_HTML_CELLS:,} 个单元格"
                                                 f"或 {MAX_HTML_COLUMNS:,} 列")

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self._rows, self._merged, self._pending = [], [], {}
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
            self._skip_covered()
        elif tag in ("td", "th") and self._rows is not None and self._rows:
            values = dict(attrs)
            self._spans = (_span(values.get("rowspan")), _span(values.get("colspan")))
            self._cell = []

    def _skip_covered(self) -> None:
        row = self._rows[-1]
        while self._pending.get(len(row), 0) > 0:
            self._pending[len(row)] -= 1
            self._grow(row, 1)
            row.append("")

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._rows:
            row = self._rows[-1]
            rowspan, colspan = self._spans
            r, c = len(self._rows) - 1, len(row)
            self._grow(row, colspan)
            row.append(" ".join("".join(self._cell).split()))
            row.extend([""] * (colspan - 1))
            for column in range(c, c + colspan):
                if rowspan > 1:
                    self._pending[column] = rowspan - 1
            if rowspan > 1 or colspan > 1:
                self._merged.append(((r, c), (r + rowspan - 1, c + colspan - 1)))
            self._cell = None
            self._skip_covered()
        elif tag == "table" and self._rows is not None:
            self.tables.append((self._rows, self._merged))
            self._rows = None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _html_sheets(path: Path) -> list[RawSheet]:
    """An HTML table saved with a spreadsheet name, as some government systems export."""
    if path.stat().st_size > MAX_HTML_BYTES:
        raise Unreadable("html_too_large", limit=MAX_HTML_BYTES // 1024 // 1024)
    parser = _TableParser()
    parser.feed(_decode(path.read_bytes()))
    parser.close()
    tables = [(rows, merged) for rows, merged in parser.tables if any(any(c for c in r) for r in rows)]
    if not tables:
        raise Unreadable("html_without_table")
    names = [path.stem] if len(tables) == 1 else [f"表{n}" for n in range(1, len(tables) + 1)]
    return [RawSheet(name=name, rows=iter(rows), merged=merged) for name, (rows, merged) in zip(names, tables, strict=True)]


def _csv_sheet(path: Path) -> RawSheet:
    text = _decode(path.read_bytes())
    if "\x00" in text:
        raise Unreadable("not_a_spreadsheet", reason="以 .csv 为名，但内容不是文本")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    return RawSheet(name=path.stem, rows=_csv_rows(csv.reader(io.StringIO(text), dialect)))


def _csv_rows(reader) -> Iterator[list[str]]:
    """The rows of a CSV; a malformed one (a cell over the csv module's 131,072-character limit,
    which one unpaired quote near the top makes) is this file's finding, wherever it is read."""
    try:
        yield from reader
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        where = f"第{reader.line_num}行"
        raise Unreadable("csv_malformed", reason=f"{where}的单元格超过 {csv.field_size_limit()} 个字符"
                         if too_long else f"{where}无法按 CSV 格式拆分") from None


# The date a workbook says it was last saved: dcterms:modified in an xlsx's docProps/core.xml,
# dc:date (or meta:creation-date) in an ods's meta.xml. Read with a pattern from a bounded
# prefix: these files are a few hundred bytes, and a hostile one gets no XML parser.
_SAVED_DATE = {
    "docProps/core.xml": re.compile(rb"<dcterms:modified[^>]*>\s*(\d{4}-\d{2}-\d{2})"),
    "meta.xml": re.compile(rb"<(?:dc:date|meta:creation-date)[^>]*>\s*(\d{4}-\d{2}-\d{2})"),
}
_META_BYTES = 64 * 1024


def workbook_date(path: Path) -> dt.date | None:
    """When the workbook says it was saved, or None (.xls, .csv, no or a broken date)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for member, pattern in _SAVED_DATE.items():
                if member in names:
                    with zf.open(member) as fh:
                        found = pattern.search(fh.read(_META_BYTES))
                    return dt.date.fromisoformat(found.group(1).decode()) if found else None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError, ValueError, KeyError):
        return None
    return None
