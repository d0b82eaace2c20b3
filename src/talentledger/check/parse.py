"""Turning one data row's cells into typed values, flagging cells that cannot be understood."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from unicodedata import is_normalized

from talentledger.ledger import idnumber
from talentledger.ledger.fields import SHEET_FIELDS, FieldSpec, ValueType
from talentledger.ledger.findings import Finding, column_letter, make_finding
from talentledger.ledger.text import cell_text
from talentledger.ledger.townships import Registry
from talentledger.ledger.values import (
    AmbiguousMonth,
    LedgerDate,
    ValueProblem,
    certainly,
    is_before,
    parse_count,
    parse_date,
)
from talentledger.read.layout import Column, Ledger


@dataclass
class Options:
    """How a run checks: today's date (for dates in the future), the registry, ID masking."""

    today: dt.date = field(default_factory=dt.date.today)
    registry: Registry = field(default_factory=Registry)
    mask_ids: bool = True

    def __post_init__(self) -> None:
        self.latest = LedgerDate.from_date(self.today)

    def show_id(self, text: str) -> str:
        return idnumber.mask(text) if self.mask_ids else text


@dataclass(slots=True)
class Row:
    """A data row: its Excel row number, the typed values of the cells understood, the
    fields filled but not understood (already flagged), and the ID if well formed."""

    number: int
    values: dict[str, Any]
    person: idnumber.IdNumber | None = None
    invalid: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.values and not self.invalid


class RowFlagger:
    """Makes findings for cells of one ledger: knows its path, sheet and column letters."""

    def __init__(self, ledger: Ledger, options: Options):
        self.ledger = ledger
        self.options = options
        self.path = str(ledger.path)
        self.mapped = ledger.mapped
        self.findings: list[Finding] = []
        self._missing: set[str] = set()
        self._repeated: dict[tuple[str, str], tuple[str, dict, list[int]]] = {}
        self.id_column = self.column_of("id_number") or "A"

    def column_of(self, name: str) -> str | None:
        col = self.mapped.get(name)
        return column_letter(col.index) if col else None

    def header_of(self, name: str) -> str:
        col = self.mapped.get(name)
        if col is not None and col.spec is not None:
            return col.spec.header
        for spec in SHEET_FIELDS.get(self.ledger.kind, ()):
            if spec.name == name:
                return spec.header
        return name

    def flag(self, code: str, row: int | None, name: str | None, value: str | None = None,
             **params: object) -> None:
        params.setdefault("header", self.header_of(name) if name else "")
        self.findings.append(make_finding(
            code, path=self.path, sheet=self.ledger.sheet, row=row,
            column=self.column_of(name) if name else None, field=name, value=value, **params,
        ))

    def flag_per_value(self, code: str, row: int, name: str, value: str, **params: object) -> None:
        """A finding caused by a value rather than a row (a township not in the registry, written
        the same on every row): one per sheet and value, at its first row, naming the other rows.
        Made by `finish`, once the sheet's rows are all seen."""
        self._repeated.setdefault((code, value), (name, params, []))[2].append(row)

    def finish(self) -> None:
        for (code, value), (name, params, rows) in self._repeated.items():
            shown = "、".join(map(str, rows[:5])) + ("等" if len(rows) > 5 else "")
            self.flag(code, rows[0], name, value, rows=f"（本表第 {shown} 行，共 {len(rows)} 行）" if len(rows) > 1 else "",
                      **params)
        self._repeated.clear()

    def missing_column(self, name: str) -> None:
        """One `missing_column` finding for the sheet, however many rows need the field."""
        if name in self._missing:
            return
        self._missing.add(name)
        header_row = self.ledger.header_rows[0] if self.ledger.header_rows else None
        self.findings.append(make_finding(
            "missing_column", path=self.path, sheet=self.ledger.sheet, row=header_row,
            field=name, header=self.header_of(name),
        ))

    def flag_at(self, code: str, row: int, column: int, **params: object) -> None:
        self.findings.append(make_finding(
            code, path=self.path, sheet=self.ledger.sheet, row=row,
            column=column_letter(column), **params,
        ))


Parser = Callable[[object, int, RowFlagger, FieldSpec], Any]
_MISSING = object()
_BLANK = object()  # a blank cell: the field is left out of the row


def _text(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    if raw.__class__ is str and raw.isprintable() and is_normalized("NFKC", raw) and "  " not in raw:
        text = raw.strip()  # the common case, without the cost of `cell_text`
    else:
        text = cell_text(raw)
    if spec.max_length is not None and len(text) > spec.max_length:
        flagger.flag("too_long", number, spec.name, text[:20] + "…", length=len(text), limit=spec.max_length)
        return _MISSING
    return text or _BLANK  # nothing but invisible characters counts as blank


def _date(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    try:
        value = parse_date(raw)
    except ValueProblem as problem:
        flagger.flag("invalid_date", number, spec.name, cell_text(raw), reason=str(problem))
        return _MISSING
    if certainly(is_before, flagger.options.latest, value):
        flagger.flag("invalid_date", number, spec.name, cell_text(raw), reason="晚于今天")
        return _MISSING
    if isinstance(value, AmbiguousMonth):
        flagger.flag("ambiguous_date", number, spec.name, cell_text(raw),
                     first=f"{value.year}年{value.month}月", second=f"{value.year}年10月")
    return value


def _month(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    """A date in a column whose header says 年月: the ledger means a month, whatever day a
    date cell holds (Excel stores a typed "1958年5月" as 1958-05-01)."""
    value = _date(raw, number, flagger, spec)
    return value.month_only() if value.__class__ is LedgerDate else value


def _count(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    try:
        return parse_count(raw)
    except ValueProblem as problem:
        flagger.flag("invalid_value", number, spec.name, cell_text(raw), choices=str(problem))
        return _MISSING


def _year(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    try:
        year = parse_count(cell_text(raw).removesuffix("年度").removesuffix("年"))
        if 1990 <= year <= 2100:
            return year
    except ValueProblem:
        pass
    flagger.flag("invalid_value", number, spec.name, cell_text(raw), choices="四位数年份，如 2006")
    return _MISSING


def _enum(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    assert spec.enum is not None
    try:
        return spec.enum.parse(raw)
    except ValueProblem as problem:
        flagger.flag("invalid_value", number, spec.name, cell_text(raw), choices=str(problem))
        return _MISSING


def _id(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    options = flagger.options
    if raw.__class__ in (int, float):  # not bool, which is an int too
        digits = f"{raw:.0f}"
        if len(digits) == idnumber.FIRST_GENERATION_LENGTH:  # 15 digits fit a number cell whole
            return _first_generation(digits, number, flagger, spec)
        flagger.flag("id_stored_as_number", number, spec.name, options.show_id(idnumber.as_excel_shows(raw)))
        return _MISSING
    plain = (raw.__class__ is str and len(raw) == 18 and raw.isascii() and raw[:17].isdigit()
             and raw[17] in "0123456789X")
    text = raw if plain else idnumber.normalize(cell_text(raw))
    if len(text) == idnumber.FIRST_GENERATION_LENGTH and text.isdigit():
        return _first_generation(text, number, flagger, spec)
    try:
        person = idnumber.parse(text, options.today)
    except idnumber.IdProblem as problem:
        flagger.flag("id_invalid", number, spec.name, options.show_id(text), reason=str(problem))
        return _MISSING
    if not idnumber.region_known(text[:6]):
        flagger.flag("id_unknown_region", number, spec.name, options.show_id(text), region=text[:6])
    return person


def _first_generation(text: str, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    show = flagger.options.show_id
    flagger.flag("id_first_generation", number, spec.name, show(text),
                 upgraded=show(idnumber.upgrade(text)))
    return _MISSING


PARSERS: dict[ValueType, Parser] = {
    ValueType.TEXT: _text,
    ValueType.DATE: _date,
    ValueType.COUNT: _count,
    ValueType.YEAR: _year,
    ValueType.ENUM: _enum,
    ValueType.ID: _id,
}


# A value understood once without a finding is not parsed again in that column: dates,
# enumerations, counts and most texts repeat a lot. Up to this many values per column.
MEMO_LIMIT = 20_000


def row_parser(ledger: Ledger) -> Callable[[int, list, RowFlagger], Row]:
    """A function that parses one data row of `ledger` into a `Row`."""
    specs = [col.spec for col in ledger.mapped.values() if col.spec is not None]
    id_spec = next((spec for spec in specs if spec.type is ValueType.ID), None)
    id_index = ledger.mapped["id_number"].index if id_spec else -1
    # (column, field, memo, parser, spec) per mapped column but the ID, looked up once.
    plan = [(ledger.mapped[spec.name].index, spec.name, {"": _BLANK, None: _BLANK}, _parser_of(ledger, spec), spec)
            for spec in specs if spec is not id_spec]
    parts = ledger.parts
    width = max([index for index, *_ in plan] + [id_index] + [i for more in parts.values() for i in more]) + 1
    month_cells = _month_cells(ledger)

    def parse_row(number: int, cells: list, flagger: RowFlagger) -> Row:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        values: dict[str, Any] = {}
        invalid: tuple[str, ...] = ()
        for index, name, memo, parser, spec in plan:
            raw = cells[index]
            # True == 1 as a key: a bool cell is never looked up among numbers
            value = _MISSING if raw is True or raw is False else memo.get(raw, _MISSING)
            if value is _MISSING:
                value = _first_sight(raw, number, flagger, parser, spec, memo)
                if value is _MISSING:
                    invalid += (name,)
                    continue
            if value is not _BLANK:
                values[name] = value
        person = None
        if id_spec is not None and not _is_blank(raw := cells[id_index]):
            person = _id(raw, number, flagger, id_spec)
            if person is _MISSING:
                person = None
                invalid += ("id_number",)
            else:
                values["id_number"] = person.number
        if parts:
            _join_parts(values, cells, parts)
        if month_cells:
            _cut_to_month(values, number - 1, month_cells)
        return Row(number, values, person, invalid)

    return parse_row


def _parser_of(ledger: Ledger, spec: FieldSpec) -> Parser:
    if spec.type is ValueType.DATE and ledger.mapped[spec.name].month:
        return _month
    return PARSERS[spec.type]


def _month_cells(ledger: Ledger) -> dict[str, frozenset[int]]:
    """Per date field, the 0-based rows whose cell is formatted without a day (yyyy-mm)."""
    cells: dict[str, frozenset[int]] = {}
    for name, col in ledger.mapped.items():
        if col.spec is not None and col.spec.type is ValueType.DATE:
            rows = frozenset(r for r, c in ledger.month_cells if c == col.index)
            if rows:
                cells[name] = rows
    return cells


def _cut_to_month(values: dict[str, Any], row: int, month_cells: dict[str, frozenset[int]]) -> None:
    for name, rows in month_cells.items():
        value = values.get(name)
        if value is not None and row in rows and value.__class__ is LedgerDate:
            values[name] = value.month_only()


def _join_parts(values: dict[str, Any], cells: list, parts: dict[str, list[int]]) -> None:
    """A field split over several columns (入党介绍人1, 入党介绍人2) as one value, "、"-joined."""
    for name, more in parts.items():
        texts = [values[name]] if name in values else []
        texts += [text for index in more if (text := cell_text(cells[index]))]
        if texts:
            values[name] = "、".join(texts)


def _is_blank(raw: object) -> bool:
    """Nothing in the cell but spaces or invisible format characters (U+200B, U+FEFF …)."""
    return raw is None or raw == "" or (
        raw.__class__ is str and (raw.isspace() or (not raw.isprintable() and not cell_text(raw))))


def _first_sight(raw: object, number: int, flagger: RowFlagger, parser: Parser, spec: FieldSpec,
                 memo: dict) -> Any:
    """Parse a value not met before in its column; remember it when it raised no finding."""
    if _is_blank(raw):
        value = _BLANK
    else:
        before = len(flagger.findings)
        value = parser(raw, number, flagger, spec)
        if len(flagger.findings) != before:
            return value
    if len(memo) < MEMO_LIMIT and raw is not True and raw is not False:
        memo[raw] = value
    return value


def is_invalid(row: Row, name: str) -> bool:
    """The cell was filled but could not be understood (already flagged)."""
    return name in row.invalid


def get(row: Row, name: str) -> Any:
    """A field's typed value, or None when blank or not understood."""
    return row.values.get(name)


def unused_columns(ledger: Ledger) -> list[Column]:
    """Columns with a header that maps to no field of the sheet's kind."""
    return [c for c in ledger.columns if c.spec is None]


def repeated_columns(ledger: Ledger) -> list[tuple[Column, Column]]:
    """(column, the earlier column of the same field) for fields that appear twice."""
    first: dict[str, Column] = {}
    repeats = []
    for col in ledger.columns:
        if col.spec is None or col.spec.type is ValueType.IGNORED or col.part:
            continue  # a numbered part (入党介绍人2) is joined to its field, not a repeat
        if col.spec.name in first:
            repeats.append((col, first[col.spec.name]))
        else:
            first[col.spec.name] = col
    return repeats
