"""The parts of an xlsx package the reader looks into beside calamine: which member holds
which sheet, cell references, and the layout (column widths, frozen pane) an annotated copy keeps."""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def column_index(letters: str) -> int:
    """0-based index of a column given by its letters (A → 0, AA → 26)."""
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def sheet_members(zf: zipfile.ZipFile) -> dict[str, str]:
    """Per sheet name, the zip member holding its cells."""
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    members = {}
    for sheet in workbook.iter(f"{{{MAIN_NS}}}sheet"):
        target = targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        members[sheet.get("name", "")] = target
    return members


# What an annotated copy keeps of a sheet's layout is written before its cells; reading stops
# there, and never reads more than this of a sheet's XML.
MAX_HEAD_BYTES = 256 * 1024
MAX_LAYOUT_COLUMNS = 1024
_SHEET_DATA = re.compile(rb"<(?:[\w.-]+:)?sheetData\b")
_COL = re.compile(rb"<(?:[\w.-]+:)?col\b([^>]*)>")
_PANE = re.compile(rb"<(?:[\w.-]+:)?pane\b([^>]*)>")
_FORMAT = re.compile(rb"<(?:[\w.-]+:)?sheetFormatPr\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""([\w:]+)\s*=\s*(["'])(.*?)\2""")


@dataclass
class SheetLayout:
    """A sheet's column widths (by 1-based column, in Excel's units), its default width, and its
    frozen rows and columns."""

    widths: dict[int, float] = field(default_factory=dict)
    default_width: float | None = None
    frozen_rows: int = 0
    frozen_cols: int = 0


def sheet_layouts(path: Path) -> dict[str, SheetLayout]:
    """Per sheet name, the layout an xlsx/xlsm sets for it; {} for any other file or a package
    whose parts cannot be read (the reader itself reports the damage). Only the head of each
    sheet's XML, before its cells, is read."""
    try:
        with zipfile.ZipFile(path) as zf:
            return {name: _layout(zf, member) for name, member in sheet_members(zf).items()}
    except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError,
            ElementTree.ParseError):
        return {}


def _layout(zf: zipfile.ZipFile, member: str) -> SheetLayout:
    try:
        head = b""
        with zf.open(member) as fh:
            while len(head) < MAX_HEAD_BYTES and (chunk := fh.read(16 * 1024)):
                head += chunk
                if found := _SHEET_DATA.search(head):
                    head = head[:found.start()]
                    break
    except (KeyError, ValueError, OSError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError):
        return SheetLayout()
    layout = SheetLayout()
    for match in _COL.finditer(head):
        a = _attributes(match.group(1))
        width = _number(a.get("width"), 0, 255)
        first, last = _number(a.get("min"), 1, 16384), _number(a.get("max"), 1, 16384)
        if width and first and last and a.get("hidden") not in ("1", "true"):
            for column in range(int(first), min(int(last), MAX_LAYOUT_COLUMNS) + 1):
                layout.widths[column] = width
    if found := _FORMAT.search(head):
        layout.default_width = _number(_attributes(found.group(1)).get("defaultColWidth"), 1, 255)
    if found := _PANE.search(head):
        a = _attributes(found.group(1))
        if a.get("state") in ("frozen", "frozenSplit"):
            layout.frozen_rows = int(_number(a.get("ySplit"), 0, 1_048_575) or 0)
            layout.frozen_cols = int(_number(a.get("xSplit"), 0, 16_383) or 0)
    return layout


def _attributes(text: bytes) -> dict[str, str]:
    return {m.group(1).decode(errors="replace"): m.group(3).decode(errors="replace") for m in _ATTRIBUTE.finditer(text)}


def _number(text: str | None, low: float, high: float) -> float | None:
    """`text` as a number within [low, high], else None."""
    try:
        value = float(text) if text is not None else None
    except ValueError:
        return None
    return value if value is not None and low <= value <= high else None
