"""`report --years`: the programme's years side by side, on the hand-counted city of test_report."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from talentledger.cli import app
from talentledger.ledger.config import Config
from talentledger.report import build_report
from talentledger.report.programme import YearMeasure, build_programme


@pytest.fixture
def store(counted_city):
    return counted_city




def test_each_year_and_the_years_summed(store):
    """2005: 城北镇's talent of 2005-11-01, 东港街道's activist of 2005-06-01, no township targets
    (the city's come from the config) and no ledger of 2005; 2006 as test_report counts it."""
    p = build_programme(store, Config(), 2005, 2006, today=dt.date(2026, 11, 23))
    assert p.years == [2005, 2006] and p.as_of == {2005: dt.date(2005, 12, 31), 2006: dt.date(2006, 12, 31)}
    towns = {u.name: u for u in p.townships}
    chengbei = towns["城北镇"]
    assert chengbei.years[2005]["member_to_talent"] == YearMeasure(target=None, actual=1, rate=None, reporting="未报送")
    assert chengbei.years[2006]["member_to_talent"] == YearMeasure(target=2, actual=1, rate=0.5, reporting="已报送")
    assert chengbei.cumulative["member_to_talent"] == YearMeasure(target=2, actual=2, rate=1.0)
    assert towns["东港街道"].years[2005]["activists"].actual == 1
    total = p.total.cumulative["member_to_talent"]
    assert (total.target, total.actual) == (2000 + 5, 1 + 3)  # the config's 2005 target, the townships' 2006 sum
    one_year = build_report(store, Config(), 2006, dt.date(2006, 12, 31))
    assert p.talent_share[2006] == one_year.talent_share.total and p.talent_share[2005].share is None
    assert p.structure[2006] == one_year.structure
    assert p.structure_change == {"young": None, "educated": None, "female": None}  # nothing known of 2005


def test_report_years_in_every_format(store, tmp_path):
    runner = CliRunner()
    url = str(store.engine.url.render_as_string(hide_password=False))
    for fmt in ("html", "md", "xlsx", "json"):
        out = tmp_path / f"p.{fmt}"
        result = runner.invoke(app, ["report", "--years", "2005-2006", "--db", url, "--format", fmt, "--out", str(out)])
        assert result.exit_code == 0, result.output
    assert "<svg" in (tmp_path / "p.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "| 城北镇 | 1/—（未报送） | 1/2（50%） | 2/2（100%） |" in markdown
    workbook = load_workbook(tmp_path / "p.xlsx")
    assert workbook.sheetnames == ["分年度完成情况", "人才党员占比与结构"]
    assert len(workbook["人才党员占比与结构"]._charts) == 1
    assert json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["years"] == [2005, 2006]


@pytest.mark.parametrize(("args", "said"), [
    (["--years", "2007-2005"], "应写成“起始年-结束年”"),
    (["--year", "2006", "--years", "2005-2007"], "二者选一"),
    ([], "二者选一"),
    (["--years", "2005-2007", "--as-of", "2006-06-30"], "不能与 --as-of 一起用"),
])
def test_years_usage_errors(store, args, said):
    url = str(store.engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(app, ["report", *args, "--db", url])
    assert result.exit_code == 2 and said in result.output
