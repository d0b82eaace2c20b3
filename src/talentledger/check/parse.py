"""Turning one data row's cells into typed values, flagging cells that cannot be understood."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from unicodedata import is_normalized

from talentledger import idnumber
from talentledger.findings import Finding, column_letter, make_finding
from talentledger.read.layout import Column, Ledger
from talentledger.schema import SHEET_FIELDS, FieldSpec, ValueType
from talentledger.text import cell_text
from talentledger.townships import Registry
from talentledger.values import LedgerDate, ValueProblem, is_before, parse_count, parse_date


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
    """A data row: its Excel row number, typed values by field, and the ID if well formed."""

    number: int
    values: dict[str, Any]
    person: idnumber.IdNumber | None = None


class RowFlagger:
    """Makes findings for cells of one ledger: knows its path, sheet and column letters."""

    def __init__(self, ledger: Ledger, options: Options):
        self.ledger = ledger
        self.options = options
        self.path = str(ledger.path)
        self.mapped = ledger.mapped
        self.findings: list[Finding] = []
        self._missing: set[str] = set()
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


def _text(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    if raw.__class__ is str and raw.isprintable() and is_normalized("NFKC", raw) and "  " not in raw:
        return raw.strip() or _MISSING  # the common case, without the cost of `cell_text`
    return cell_text(raw) or _MISSING


def _date(raw: object, number: int, flagger: RowFlagger, spec: FieldSpec) -> Any:
    try:
        value = parse_date(raw)
    except ValueProblem as problem:
        flagger.flag("invalid_date", number, spec.name, cell_text(raw), reason=str(problem))
        return _MISSING
    if is_before(flagger.options.latest, value):
        flagger.flag("invalid_date", number, spec.name, cell_text(raw), reason="晚于今天")
        return _MISSING
    return value


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
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        digits = f"{raw:.0f}"
        flagger.flag("id_stored_as_number", number, spec.name, options.show_id(digits))
        return _MISSING
    plain = (raw.__class__ is str and len(raw) == 18 and raw.isascii() and raw[:17].isdigit()
             and raw[17] in "0123456789X")
    text = raw if plain else idnumber.normalize(cell_text(raw))
    try:
        person = idnumber.parse(text, options.today)
    except idnumber.IdProblem as problem:
        flagger.flag("id_invalid", number, spec.name, options.show_id(text), reason=str(problem))
        return _MISSING
    if not idnumber.region_known(text[:6]):
        flagger.flag("id_unknown_region", number, spec.name, options.show_id(text), region=text[:6])
    return person


PARSERS: dict[ValueType, Parser] = {
    ValueType.TEXT: _text,
    ValueType.DATE: _date,
    ValueType.COUNT: _count,
    ValueType.YEAR: _year,
    ValueType.ENUM: _enum,
    ValueType.ID: _id,
}


# Value types whose cells repeat a lot (dates, enumerations, counts): a value understood once
# without a finding is not parsed again. Names and ID numbers are unique and not memoised.
MEMOISED = {ValueType.DATE, ValueType.COUNT, ValueType.YEAR, ValueType.ENUM}
MEMO_LIMIT = 20_000


def row_parser(ledger: Ledger) -> Callable[[int, list, RowFlagger], Row]:
    """A function that parses one data row of `ledger` into a `Row`."""
    # (column, field name, is the ID, parser, spec, memo) per mapped column, looked up once.
    plan: list[tuple[int, str, bool, Parser, FieldSpec, dict | None]] = [
        (col.index, col.spec.name, col.spec.type is ValueType.ID, PARSERS[col.spec.type], col.spec,
         {} if col.spec.type in MEMOISED else None)
        for col in ledger.mapped.values() if col.spec is not None
    ]

    def parse_row(number: int, cells: list, flagger: RowFlagger) -> Row:
        values: dict[str, Any] = {}
        person = None
        width = len(cells)
        for index, name, is_id, parser, spec, memo in plan:
            raw = cells[index] if index < width else ""
            if raw is None or raw == "" or (raw.__class__ is str and raw.isspace()):
                continue
            if memo is not None and raw.__class__ is not bool:
                value = memo.get(raw, _MISSING)
                if value is _MISSING:
                    before = len(flagger.findings)
                    value = parser(raw, number, flagger, spec)
                    if len(flagger.findings) == before and len(memo) < MEMO_LIMIT:
                        memo[raw] = value
                values[name] = value
            elif is_id:
                value = parser(raw, number, flagger, spec)
                if value is not _MISSING:
                    person = value
                    value = value.number
                values[name] = value
            else:
                values[name] = parser(raw, number, flagger, spec)
        return Row(number, values, person)

    return parse_row


def is_invalid(row: Row, name: str) -> bool:
    """The cell was filled but could not be understood (already flagged)."""
    return row.values.get(name) is _MISSING


def get(row: Row, name: str) -> Any:
    """A field's typed value, or None when blank or not understood."""
    value = row.values.get(name)
    return None if value is _MISSING else value


def understood(row: Row) -> Iterator[tuple[str, Any]]:
    """(field, typed value) of the cells that were filled and understood."""
    for name, value in row.values.items():
        if value is not _MISSING:
            yield name, value


def unused_columns(ledger: Ledger) -> list[Column]:
    """Columns with a header that maps to no field of the sheet's kind."""
    return [c for c in ledger.columns if c.spec is None]


def repeated_columns(ledger: Ledger) -> list[tuple[Column, Column]]:
    """(column, the earlier column of the same field) for fields that appear twice."""
    first: dict[str, Column] = {}
    repeats = []
    for col in ledger.columns:
        if col.spec is None or col.spec.type is ValueType.IGNORED:
            continue
        if col.spec.name in first:
            repeats.append((col, first[col.spec.name]))
        else:
            first[col.spec.name] = col
    return repeats
