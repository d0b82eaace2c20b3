"""Finding the shape of a sheet as clerks lay it out.

Title rows, a 填报单位/填报日期 line, one- or two-level (merged) headers on any of the first
rows, a 序号 column, blank rows, 小计/合计 rows and a footer are all recognised here; what
comes out is a `Ledger`: the sheet's kind, township, year, how each column maps to a field,
and an iterator over its data rows with the row numbers Excel shows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from talentledger.ledger.fields import (
    FieldSpec,
    Kind,
    ValueType,
    field_of_header,
    is_known_header,
    kind_from_fields,
    kind_from_words,
    lookup_header,
)
from talentledger.ledger.headers import says_month
from talentledger.ledger.text import cell_text, key, to_simplified
from talentledger.ledger.townships import Registry
from talentledger.ledger.values import ValueProblem, parse_date_text
from talentledger.read.files import RawSheet

HEADER_SEARCH_ROWS = 15
_TOTAL_WORDS = ("合计", "小计", "总计", "共计", "累计")
_FOOTER_WORDS = ("填报日期", "填表日期", "报送日期", "填表人", "审核人", "联系电话", "制表人", "负责人", "填报人", "单位负责人", "分管领导",
                 "注:", "说明:", "备注:", "审核:", "制表:", "填表:", "单位(盖章)", "(盖章)")
_UNIT = re.compile(r"(?:填报|报送|填表)单位\s*:?\s*([^\s:]+)")
_REPORT_DATE = re.compile(r"(?:填报|报送|填表)(?:日期|时间)\s*:?\s*([0-9][0-9年月日./\- ]+)")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass
class Column:
    """A header column: its position, the text clerks wrote and the field it maps to.

    `part` numbers the columns of a field split over several (入党介绍人1, 入党介绍人2; 0 for
    a whole column); `month` is set when the header says its dates are months (出生年月)."""

    index: int
    header: str
    spec: FieldSpec | None
    part: int = 0
    month: bool = False

    @classmethod
    def read(cls, kind: Kind, index: int, header: str) -> Column:
        found = lookup_header(kind, header)
        spec, part = found if found else (None, 0)
        month = spec is not None and spec.type is ValueType.DATE and says_month(header)
        return cls(index, header, spec, part, month)


@dataclass
class Ledger:
    """A sheet understood: kind, township, year, column mapping and data rows."""

    path: Path
    sheet: str
    kind: Kind
    hidden: bool = False
    title: str = ""
    unit: str = ""
    year: int | None = None
    township: str | None = None
    township_source: str = ""
    unregistered_township: str | None = None  # named in the 填报单位 line or title, but not in the registry
    reported_on: dt.date | None = None    # 填报日期, above the header or in the footer
    header_rows: tuple[int, ...] = ()     # 1-based
    columns: list[Column] = field(default_factory=list)
    kind_reason: str = ""
    empty: bool = False
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)
    month_cells: set[tuple[int, int]] = field(default_factory=set)  # (row, col), 0-based: formatted yyyy-mm
    rows: Iterator[tuple[int, list]] = field(default_factory=lambda: iter(()))

    @property
    def formula_rows(self) -> set[int]:
        """Excel row numbers holding a formula saved without its value."""
        return {r + 1 for r, _ in self.formulas_without_value}

    @property
    def mapped(self) -> dict[str, Column]:
        """Field name -> its column (first one wins when a field appears twice)."""
        out: dict[str, Column] = {}
        for col in self.columns:
            if col.spec is not None and col.spec.type is not ValueType.IGNORED:
                out.setdefault(col.spec.name, col)
        return out

    @property
    def parts(self) -> dict[str, list[int]]:
        """Field name -> the indexes of its further numbered columns (入党介绍人2 …)."""
        out: dict[str, list[int]] = {}
        mapped = self.mapped
        for col in self.columns:
            if col.part and col.spec is not None and mapped[col.spec.name] is not col:
                out.setdefault(col.spec.name, []).append(col.index)
        return out


def read_ledgers(path: Path, sheets: list[RawSheet], registry: Registry) -> Iterator[Ledger]:
    """Understand each raw sheet of a file."""
    for raw in sheets:
        yield understand(path, raw, registry)


def understand(path: Path, raw: RawSheet, registry: Registry) -> Ledger:
    head = list(islice(raw.rows, HEADER_SEARCH_ROWS))
    ledger = Ledger(path=path, sheet=raw.name, kind=Kind.UNKNOWN, hidden=raw.hidden,
                    formulas_without_value=raw.formulas_without_value, month_cells=raw.month_cells)
    ledger.empty = not any(cell_text(v) for row in head for v in row)
    header_at = _find_header_row(head, raw.merged)
    preamble = head[:header_at] if header_at is not None else head
    _read_preamble(ledger, preamble)
    if header_at is None:
        ledger.kind = kind_from_words(raw.name) or kind_from_words(ledger.title) or Kind.UNKNOWN
        ledger.kind_reason = f"前{HEADER_SEARCH_ROWS}行中没有找到表头"
        return ledger
    top = _fill_merged(head[header_at], header_at, raw.merged)
    sub = head[header_at + 1] if header_at + 1 < len(head) else []
    groups = _group_columns(header_at, sub, raw.merged)
    two_level = bool(groups) or _is_sub_header(top, sub)
    texts = _column_headers(top, sub if two_level else [], groups)
    ledger.header_rows = (header_at + 1, header_at + 2) if two_level else (header_at + 1,)
    fields = {f for t in texts.values() if (f := field_of_header(t))}
    ledger.kind = (kind_from_words(raw.name) or kind_from_words(ledger.title)
                   or kind_from_fields(fields) or Kind.UNKNOWN)
    if ledger.kind is Kind.UNKNOWN:
        ledger.kind_reason = "表头中没有能说明台帐类别的列"
        return ledger
    if ledger.kind in (Kind.TARGETS, Kind.ROSTER):
        ledger.year = None  # each row carries its own 年度
    ledger.columns = [Column.read(ledger.kind, i, t) for i, t in sorted(texts.items())]
    _settle_township(ledger, registry)
    first_data = header_at + len(ledger.header_rows)
    rest = chain(((i + 1, r) for i, r in enumerate(head) if i >= first_data),
                 enumerate(raw.rows, start=len(head) + 1))
    ledger.rows = _data_rows(rest, ledger)
    return ledger


def _find_header_row(head: list[list], merged: list) -> int | None:
    """The row with the most known headers; or the row above it when that row is the top of a
    two-level header (its sub-row may hold more known headers than the top row itself)."""
    scores = [_known_headers(row) for row in head]
    best = max(range(len(head)), key=lambda i: (scores[i], -i), default=None)
    if best is None or scores[best] < 2:
        return None
    above = best - 1
    if above >= 0 and scores[above] >= 2 and (
            _group_columns(above, head[best], merged) or _is_sub_header(_fill_merged(head[above], above, merged),
                                                                        head[best])):
        return above
    return best


def _known_headers(row: list) -> int:
    return sum(1 for v in row if isinstance(v, str) and v.strip() and is_known_header(v))


def _fill_merged(row: list, row_index: int, merged: list) -> list:
    """Copy a horizontally merged header's text into every column it spans."""
    row = list(row)
    for (r0, c0), (r1, c1) in merged:
        if r0 <= row_index <= r1 and c0 < len(row):
            for c in range(c0 + 1, min(c1 + 1, len(row))):
                if not cell_text(row[c]):
                    row[c] = row[c0]
    return row


def _group_columns(header_at: int, sub: list, merged: list) -> set[int]:
    """Columns under a group title: a cell of the header row merged across several columns
    with texts under it (培养情况 over 确定培养时间 | 培养状态), whatever its own words."""
    columns: set[int] = set()
    for (r0, c0), (r1, c1) in merged:
        if r0 == r1 == header_at and c1 > c0:
            under = range(c0, min(c1 + 1, len(sub)))
            if sum(1 for c in under if cell_text(sub[c])) >= 2:
                columns.update(under)
    return columns


def _is_sub_header(top: list, sub: list) -> bool:
    """A second header row: known headers under cells of the first row that are not headers."""
    for i, v in enumerate(sub):
        text = cell_text(v)
        above = cell_text(top[i]) if i < len(top) else ""
        if text and is_known_header(text) and not (above and is_known_header(above)):
            return True
    return False


def _header_text(value: object) -> str:
    """A header as the clerk wrote it (spaces collapsed, not width-folded), for display."""
    return " ".join(str(value).split()) if value.__class__ is str else cell_text(value)


def _column_headers(top: list, sub: list, groups: set[int]) -> dict[int, str]:
    texts = {}
    for i in range(max(len(top), len(sub))):
        upper = _header_text(top[i]) if i < len(top) else ""
        lower = _header_text(sub[i]) if i < len(sub) else ""
        if lower and (i in groups or is_known_header(lower) or not is_known_header(upper)):
            texts[i] = lower
        elif upper:
            texts[i] = upper
    return texts


def _read_preamble(ledger: Ledger, rows: list[list]) -> None:
    for row in rows:
        text = to_simplified(" ".join(cell_text(v) for v in row if cell_text(v)))
        if not text:
            continue
        _note_report_date(ledger, text)
        unit = _UNIT.search(text)
        if unit:
            ledger.unit = unit.group(1)
        elif not ledger.title and not _REPORT_DATE.search(text):
            ledger.title = text
    if ledger.reported_on is not None:
        ledger.year = ledger.reported_on.year
    title_year = _YEAR.search(ledger.title)
    if title_year:
        ledger.year = int(title_year.group(1))
    if ledger.year is None:
        file_year = _FILE_YEAR.search(ledger.path.stem)
        ledger.year = int(file_year.group(1)) if file_year else None


def _note_report_date(ledger: Ledger, text: str) -> None:
    """The first 填报日期 of a sheet, above its header or in its footer: "2007年3月15日",
    "2007-03-15 00:00:00" (a date cell beside the words), "2007年3月" (the 1st of the month)."""
    found = _REPORT_DATE.search(text)
    if found is None or ledger.reported_on is not None:
        return
    words = found.group(1).split()
    for end in range(len(words), 0, -1):
        try:
            ledger.reported_on = parse_date_text(" ".join(words[:end]).strip()).first_day()
            return
        except ValueProblem:
            continue


def _settle_township(ledger: Ledger, registry: Registry) -> None:
    """The sheet-wide township (docs/reading.md, 所属镇（街道））: 填报单位 line, then title, then file name.

    With a registry, a township named in the 填报单位 line or title that the registry does not
    know is remembered, so the clerk is told it is unknown rather than missing.
    """
    for source, text in (("填报单位", ledger.unit), ("标题", ledger.title), ("文件名", ledger.path.stem)):
        found = registry.find_in(text) if text else None
        if found:
            ledger.township, ledger.township_source = found, source
            return
    if registry.configured:
        for text in (ledger.unit, ledger.title):
            claimed = Registry().find_in(text) if text else None
            if claimed:
                ledger.unregistered_township = claimed
                return


_TOTAL_KEYS = tuple(key(w) for w in _TOTAL_WORDS)
_FOOTER_KEYS = tuple(key(w) for w in _FOOTER_WORDS)
# First characters (simplified and traditional) that can begin a total or footer line, so
# that ordinary rows never pay for `key`.
_LEADS = {w[0] for w in _TOTAL_WORDS + _FOOTER_WORDS} | set("總審聯負單說備註")


def _leading_key(value: object) -> str:
    if value.__class__ is str:
        text = value.lstrip()
        if text[:1] in _LEADS:
            return key(text)
    return ""


def _data_rows(rows: Iterator[tuple[int, list]], ledger: Ledger) -> Iterator[tuple[int, list]]:
    """Rows that may hold people, with their Excel row numbers; blank, total, footer and
    repeated header rows are passed over. Rows whose fields are all blank (a pre-filled 序号)
    are dropped by the checker once parsed."""
    header_texts = {c.header for c in ledger.columns}
    formula_rows = ledger.formula_rows
    for number, row in rows:
        if _plainly_a_person(row):
            yield number, row
            continue
        filled = (v for v in row if v is not None and v != "" and not (v.__class__ is str and v.isspace()))
        first = next(filled, None)
        if first is None:
            if number in formula_rows:
                yield number, row
            continue
        lead = _leading_key(first)
        if lead.startswith(_TOTAL_KEYS) or _leading_key(next(filled, "")).startswith(_TOTAL_KEYS):
            continue
        if lead.startswith(_FOOTER_KEYS) and _count_filled(row) <= 3:
            _note_report_date(ledger, to_simplified(" ".join(cell_text(v) for v in row if cell_text(v))))
            continue
        if first.__class__ is str and first.strip() in header_texts and _is_header_again(row, header_texts):
            continue
        yield number, row


def _plainly_a_person(row: list) -> bool:
    """The common row, settled without the general tests below: a 序号 number, then a text
    that cannot begin a total or footer line (nor be a header, which is never led by a number)."""
    if len(row) < 2 or row[0].__class__ not in (int, float):
        return False
    second = row[1]
    return second.__class__ is str and second[:1] not in _LEADS and not second[:1].isspace() and second != ""


def _count_filled(row: list) -> int:
    return sum(1 for v in row if v is not None and v != "" and not (v.__class__ is str and v.isspace()))


def _is_header_again(row: list, header_texts: set[str]) -> bool:
    """A header row repeated in the data (as printed pages often carry)."""
    repeated = sum(1 for v in row if v.__class__ is str and v.strip() in header_texts)
    return repeated * 2 >= _count_filled(row)
