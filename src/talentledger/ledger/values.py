"""Parsing of cell values: dates in the styles clerks type, whole numbers and enumerations."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from talentledger.ledger.text import cell_text, key


@dataclass(frozen=True, slots=True, order=True)
class LedgerDate:
    """A date as precise as the ledger gives it: `day` is None for month-only dates ("2006.3")."""

    year: int
    month: int
    day: int | None = None

    def __str__(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def matches(self, day: dt.date) -> bool:
        """Whether this names `day` at its own precision ("1978-07" matches 1978-07-21)."""
        return (self.year == day.year and self.month == day.month
                and (self.day is None or self.day == day.day))

    @classmethod
    def from_date(cls, value: dt.date) -> LedgerDate:
        return cls(value.year, value.month, value.day)

    def month_only(self) -> LedgerDate:
        """The same date at month precision (a 年月 column, a cell formatted without a day)."""
        return LedgerDate(self.year, self.month, None)

    def readings(self) -> tuple[LedgerDate, ...]:
        """Every date this value may mean; one, but for `AmbiguousMonth`."""
        return (self,)


@dataclass(frozen=True, slots=True, order=True)
class AmbiguousMonth(LedgerDate):
    """2006.1 found in a number cell: January, or a 2006.10 whose trailing 0 Excel dropped.

    It is stored as January (what the cell holds); rules judge it by both readings, so it
    never causes an error that one of its readings would not."""

    @property
    def october(self) -> LedgerDate:
        return LedgerDate(self.year, 10, None)

    def readings(self) -> tuple[LedgerDate, ...]:
        return (LedgerDate(self.year, self.month, None), self.october)

    def matches(self, day: dt.date) -> bool:
        return any(reading.matches(day) for reading in self.readings())


def certainly(test: Callable[[LedgerDate, LedgerDate], bool], a: LedgerDate, b: LedgerDate) -> bool:
    """`test(a, b)` holds for every reading of `a` and of `b`."""
    if a.__class__ is LedgerDate and b.__class__ is LedgerDate:
        return test(a, b)
    return all(test(x, y) for x in a.readings() for y in b.readings())


def _key_pair(a: LedgerDate, b: LedgerDate) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Both dates cut to the coarser of their two precisions."""
    if a.day is None or b.day is None:
        return (a.year, a.month), (b.year, b.month)
    return (a.year, a.month, a.day), (b.year, b.month, b.day)


def is_before(a: LedgerDate, b: LedgerDate) -> bool:
    """True when `a` is certainly earlier than `b` at the precision both have."""
    ka, kb = _key_pair(a, b)
    return ka < kb


def add_years(d: LedgerDate, years: int) -> LedgerDate:
    day = d.day
    if day is not None and d.month == 2 and day == 29:
        day = 28
    return LedgerDate(d.year + years, d.month, day)


def years_between(earlier: dt.date, later: LedgerDate) -> int:
    """Whole years from `earlier` (a birth date) to `later`, at `later`'s precision; for an
    ambiguous `later`, the most its readings allow (so an age is never understated)."""
    return max(_whole_years(earlier, reading) for reading in later.readings())


def _whole_years(earlier: dt.date, later: LedgerDate) -> int:
    years = later.year - earlier.year
    if (later.month, later.day or 31) < (earlier.month, earlier.day):
        years -= 1
    return years


class ValueProblem(ValueError):
    """A cell value that cannot be understood; the message is a Chinese clause."""


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_TEXT_DATE = [
    # 2006-3-5, 2006.3.5, 2006/03/05, 2006年3月5日, 2006-03-05 00:00:00
    (re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"), True),
    # 20060305
    (re.compile(r"^(\d{4})(\d{2})(\d{2})$"), True),
    # 2006.3, 2006年3月, 2006-03, 2006/3
    (re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?(?:份)?$"), False),
    # 200603
    (re.compile(r"^(\d{4})(\d{2})$"), False),
]


def _checked(year: int, month: int, day: int | None) -> LedgerDate:
    if not 1900 <= year <= 2100:
        raise ValueProblem("年份不合理")
    if not 1 <= month <= 12:
        raise ValueProblem("不是有效日期（月份应为1–12）")
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueProblem("不是有效日期（该月没有这一天）") from None
    return LedgerDate(year, month, day)


@lru_cache(maxsize=8192)
def parse_date_text(text: str) -> LedgerDate:
    for pattern, has_day in _TEXT_DATE:
        m = pattern.match(text)
        if m:
            groups = [int(g) for g in m.groups()]
            return _checked(groups[0], groups[1], groups[2] if has_day else None)
    raise ValueProblem("不是可识别的日期")


def _parse_date_number(value: float) -> LedgerDate:
    if isinstance(value, float) and not value.is_integer():
        whole = int(value)
        if 1900 <= whole <= 2100:
            # "2006.3" typed into a number cell: year.month. A typed 2006.10 has already
            # become 2006.1, so 2006.1 may be January or October (see docs/reading.md).
            digits = f"{value:.2f}".split(".")[1].rstrip("0")
            if digits == "1":
                return AmbiguousMonth(whole, 1, None)
            return _checked(whole, int(digits), None)
        value = float(whole)  # a serial with a time of day
    number = int(value)
    if 19000101 <= number <= 21001231:
        return _checked(number // 10000, number // 100 % 100, number % 100)
    if 10000 <= number <= 80000:
        # An Excel serial date in a cell not formatted as a date.
        return LedgerDate.from_date(_EXCEL_EPOCH + dt.timedelta(days=number))
    if 1900 <= number <= 2100:
        raise ValueProblem("只有年份，缺少月份")
    raise ValueProblem("不是可识别的日期")


def parse_date(value: object) -> LedgerDate:
    """A cell value as a `LedgerDate`; raises `ValueProblem` with the reason."""
    if isinstance(value, dt.datetime):
        return LedgerDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return LedgerDate.from_date(value)
    if isinstance(value, bool):
        raise ValueProblem("不是可识别的日期")
    if isinstance(value, int | float):
        return _parse_date_number(value)
    if isinstance(value, dt.time | dt.timedelta):
        raise ValueProblem("只有时间，没有日期")
    return parse_date_text(cell_text(value))


def parse_count(value: object) -> int:
    """A whole number ≥ 0 (counts of trainings, members, targets)."""
    if isinstance(value, bool):
        raise ValueProblem("应为不小于0的整数")
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = cell_text(value).removesuffix("次").removesuffix("人").strip()
        try:
            number = float(text)
        except ValueError:
            raise ValueProblem("应为不小于0的整数") from None
    if not number.is_integer() or number < 0:
        raise ValueProblem("应为不小于0的整数")
    return int(number)


class Enumeration:
    """The allowed values of a field: the `vocabulary.ValueSeen` rows that say which written
    forms mean which standard value.

    `choices` are the values offered (dropdowns, messages); others may be accepted without
    being offered. `fold` gives other forms of a value's key to try (学历 "高中毕业" -> "高中")."""

    def __init__(self, rows: tuple, choices: tuple[str, ...] | None = None,
                 fold: Callable[[str], Iterable[str]] | None = None):
        self.rows = rows
        self.choices = choices or tuple(dict.fromkeys(seen.canonical for seen in rows))
        self._seen: dict[object, str] = {}  # raw cell value -> canonical, for repeated values
        self._lookup: dict[str, str] = {key(seen.text): seen.canonical for seen in rows}
        self._fold = fold

    def parse(self, value: object) -> str:
        found = self._seen.get(value)
        if found is not None:
            return found
        k = key(cell_text(value))
        found = self._lookup.get(k)
        if found is None and self._fold is not None:
            found = next((self._lookup[f] for f in self._fold(k) if f in self._lookup), None)
        if found is None:
            raise ValueProblem("、".join(self.choices))
        if len(self._seen) < 4096:
            self._seen[value] = found
        return found


_EDUCATION_TAILS = ("毕业", "肄业", "结业", "在读", "学历", "文化", "程度", "水平", "教育")


def education_forms(k: str) -> Iterator[str]:
    """Other forms of a 学历 value: without 毕业/肄业/学历/文化程度 …; each part of a bucket
    written with slashes (高中/中专/中技) in turn."""
    for part in re.split(r"[/、,或]", k):
        while part:
            yield part
            tail = next((t for t in _EDUCATION_TAILS if part.endswith(t) and len(part) > len(t)), None)
            if tail is None:
                break
            part = part[: -len(tail)]


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
