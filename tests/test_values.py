"""Dates in the styles clerks type, counts, and comparisons at month precision."""

from __future__ import annotations

import datetime as dt

import pytest

from talentledger.ledger.values import LedgerDate, ValueProblem, add_years, is_before, parse_count, parse_date

D = LedgerDate


@pytest.mark.parametrize(("raw", "expected"), [
    (dt.date(2006, 3, 5), D(2006, 3, 5)),
    (dt.datetime(2006, 3, 5, 14, 30), D(2006, 3, 5)),
    ("2006-3-5", D(2006, 3, 5)),
    ("2006.3.5", D(2006, 3, 5)),
    ("2006/03/05", D(2006, 3, 5)),
    ("2006年3月5日", D(2006, 3, 5)),
    ("2006 年 3 月 5 日", D(2006, 3, 5)),
    ("２００６年３月５日", D(2006, 3, 5)),
    ("20060305", D(2006, 3, 5)),
    (20060305, D(2006, 3, 5)),
    ("2006-03-05 00:00:00", D(2006, 3, 5)),
    (38781, D(2006, 3, 5)),          # Excel serial in a number cell
    (38781.5, D(2006, 3, 5)),
    ("2006.3", D(2006, 3)),
    ("2006年3月", D(2006, 3)),
    ("2006-03", D(2006, 3)),
    ("200603", D(2006, 3)),
    (2006.3, D(2006, 3)),            # typed 2006.3 into a number cell
    (2006.12, D(2006, 12)),
])
def test_date_styles(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(("raw", "reason"), [
    ("2006.13.5", "月份"),
    ("2006-02-30", "没有这一天"),
    ("去年", "不是可识别的日期"),
    (2006, "只有年份"),
    ("1850-01-01", "年份不合理"),
    (True, "不是可识别的日期"),
])
def test_bad_dates_say_why(raw, reason):
    with pytest.raises(ValueProblem, match=reason):
        parse_date(raw)


def test_month_precision_comparisons():
    assert not is_before(D(2006, 3), D(2006, 3, 31))
    assert not is_before(D(2006, 3, 31), D(2006, 3))
    assert is_before(D(2006, 2, 28), D(2006, 3))
    assert is_before(D(2006, 3, 1), D(2006, 3, 2))
    assert add_years(D(2004, 2, 29), 1) == D(2005, 2, 28)
    assert str(D(2006, 3)) == "2006-03" and str(D(2006, 3, 5)) == "2006-03-05"


@pytest.mark.parametrize(("raw", "expected"), [(4, 4), (4.0, 4), ("4", 4), ("4次", 4), ("０", 0)])
def test_counts(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize("raw", [-1, 2.5, "很多", True])
def test_bad_counts(raw):
    with pytest.raises(ValueProblem):
        parse_count(raw)
