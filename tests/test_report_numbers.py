"""Numbers a department can sign (issue 8): exact ties, age by the calendar, 未报送 and 已退回
instead of 0%, unknown kept apart from zero, whole expected people with the shortfall, and an
as-of date inside the year. Expected values are computed by hand or by an independent rule."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import M2T, T2M, TODAY, id_born, write_ledger
from talentledger.check import Options
from talentledger.cli import app
from talentledger.jobs.ingest import ingest_paths
from talentledger.ledger.config import Config, load_config
from talentledger.ledger.errors import ConfigProblem
from talentledger.report import build_report
from talentledger.report.aggregate import _rank, _unit, elapsed_share, young_cutoff
from talentledger.store import Store
from test_report import city

runner = CliRunner()


@pytest.fixture
def store(db_url):
    opened = Store(db_url)
    yield opened
    opened.close()


@pytest.fixture
def city_store(store, tmp_path):
    report = ingest_paths(city(tmp_path), store, Options(today=TODAY))
    assert all(f.accepted for f in report.files)
    return store


def towns(report) -> dict:
    return {u.name: u for u in report.townships}


# ---- 1. exact arithmetic, ties and the 通报 ------------------------------------------------

def township(name: str, targets: tuple[int, ...], actuals: tuple[int, ...]):
    keys = ("member_to_talent", "activists", "developed", "cadres")
    return _unit(name, dict(zip(keys, actuals, strict=True)), dict(zip(keys, targets, strict=True)), elapsed_share(2006, TODAY))


def test_a_score_of_exactly_one_half_ties_with_one_half():
    # 2/3, 1/2, 1/3 and 1/2 average to exactly 1/2; in floating point they do not.
    assert (2 / 3 + 1 / 2 + 1 / 3 + 1 / 2) / 4 != 0.5
    thirds = township("甲镇", (3, 2, 3, 2), (2, 1, 1, 1))
    halves = township("乙镇", (2, 2, 2, 2), (1, 1, 1, 1))
    ahead = township("丙镇", (1, 1, 1, 1), (1, 1, 1, 1))
    assert thirds.score_exact == halves.score_exact == "1/2" and thirds.score == 0.5
    units = [thirds, halves, ahead]
    _rank(units, 1)
    assert [(u.rank, u.bottom) for u in units] == [(2, True), (2, True), (1, False)]


def test_the_tie_rule_at_the_edge_of_the_notice_is_configurable():
    units = [township("甲镇", (3, 2, 3, 2), (2, 1, 1, 1)), township("乙镇", (2, 2, 2, 2), (1, 1, 1, 1)),
             township("丙镇", (1, 1, 1, 1), (1, 1, 1, 1)), township("丁镇", (4, 4, 4, 4), (1, 1, 1, 1))]
    _rank(units, 2, "include")  # 丁 is last, 甲 and 乙 tie for the second place from the bottom
    assert [u.bottom for u in units] == [True, True, False, True]
    _rank(units, 2, "exclude")
    assert [u.bottom for u in units] == [False, False, False, True]


def test_unreported_targets_score_zero_or_are_left_out(city_store):
    # 城北镇: 1/2, 1/2, 1/1 and no cadre ledger.
    default = towns(build_report(city_store, Config(), 2006, TODAY))["城北镇"]
    assert default.score_exact == "1/2" and default.unreported == ["cadres"]
    excluded = towns(build_report(city_store, Config(unreported="exclude"), 2006, TODAY))["城北镇"]
    assert excluded.score_exact == "2/3" and excluded.unreported == ["cadres"]


# ---- 2. age by the calendar -----------------------------------------------------------------

def age(born: dt.date, on: dt.date) -> int:
    """Whole years, the way a person counts them: the birthday must have come."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


MONTH_ENDS = [dt.date(2008, m, calendar.monthrange(2008, m)[1]) for m in range(1, 13)]


def test_young_cutoff_at_every_month_end_of_a_leap_year_and_the_next():
    for as_of in MONTH_ENDS + [dt.date(2009, m, calendar.monthrange(2009, m)[1]) for m in range(1, 13)]:
        cutoff = young_cutoff(as_of)
        for born in (cutoff - dt.timedelta(days=1), cutoff, cutoff + dt.timedelta(days=1), dt.date(1972, 2, 29)):
            assert (born > cutoff) == (age(born, as_of) <= 35), (as_of, born)


def test_35_or_under_counts_by_the_calendar_at_every_month_end(store, tmp_path):
    """People born on the day 36 years before each month-end of 2008, and the day after; and
    one born on 29 February 1972. Their count at each month-end is computed by `age`."""
    births = sorted({d for end in MONTH_ENDS for d in (end.replace(year=1972), end.replace(year=1972)
                                                       + dt.timedelta(days=1))} | {dt.date(1972, 2, 29)})
    rows = [{**M2T, "公民身份号码": id_born(b.year, b.month, b.day, serial=i % 90 + 10), "出生年月": ""}
            for i, b in enumerate(births)]
    path = write_ledger(tmp_path / "m2t.xlsx", rows, title="城北镇党员培养成人才台帐（2008年度）")
    assert ingest_paths([path], store, Options(today=dt.date(2008, 12, 31))).files[0].accepted
    for as_of in MONTH_ENDS:
        young = build_report(store, Config(), 2008, as_of).structure.cultivated["young"]
        assert young.denominator == len(births)
        assert young.numerator == sum(1 for b in births if age(b, as_of) <= 35), as_of


# ---- 4. reporting completeness ----------------------------------------------------------------

def test_reporting_states_rates_and_the_deadline(city_store):
    report = build_report(city_store, Config(deadline="09-25"), 2006, TODAY)
    states = {t.township: {k: (v.state, v.on_time) for k, v in t.tracks.items()} for t in report.reporting.townships}
    assert states["城北镇"] == {"member-to-talent": ("已报送", True), "talent-to-member": ("已报送", False),
                               "talent-to-cadre": ("未报送", False)}
    assert (report.reporting.expected, report.reporting.reported, report.reporting.on_time) == (9, 5, 3)
    assert report.reporting.rate == pytest.approx(5 / 9) and report.reporting.deadline == dt.date(2006, 9, 25)
    next_year = build_report(city_store, Config(deadline="次年01-15"), 2006, TODAY).reporting
    assert next_year.deadline == dt.date(2007, 1, 15) and next_year.on_time == 5


def test_a_refused_ledger_is_shown_as_returned(city_store, tmp_path):
    bad = write_ledger(tmp_path / "新庄镇_t2m.xlsx", [{**T2M, "所属镇（街道）": "新庄镇", "公民身份号码": "320682197807213750"}],
                       title="新庄镇人才培养成党员台帐（2006年度）")
    assert not ingest_paths([bad], city_store, Options(today=TODAY)).files[0].accepted
    report = build_report(city_store, Config(), 2006, TODAY)
    xinzhuang = towns(report)["新庄镇"]
    assert [xinzhuang.measures[k].reporting for k in ("activists", "developed")] == ["已退回", "已退回"]
    track = next(t for t in report.reporting.townships if t.township == "新庄镇").tracks["talent-to-member"]
    assert (track.state, track.file_name) == ("已退回", "新庄镇_t2m.xlsx")


def test_every_format_shows_not_reported_and_the_reporting_rate(city_store, tmp_path, db_url):
    """城北镇 sent no cadre ledger: 未报送 in HTML, Markdown, xlsx and JSON, never 0%."""
    out = {}
    for fmt in ("html", "md", "xlsx", "json"):
        out[fmt] = tmp_path / f"r.{fmt}"
        result = runner.invoke(app, ["report", "--year", "2006", "--as-of", "2006-12-31", "--format", fmt,
                                     "--out", str(out[fmt]), "--db", db_url])
        assert result.exit_code == 0, result.output
    for fmt in ("html", "md"):
        text = out[fmt].read_text(encoding="utf-8")
        assert "未报送" in text and "报送率 55.6%" in text
    md = out["md"].read_text(encoding="utf-8")
    assert "| 1 | 城北镇 | 1/2（50%，落后，差1人） | 1/2（50%，落后，差1人） | 1/1（100%） | 0/1（未报送） | 50.0% |" in md
    workbook = load_workbook(out["xlsx"])
    row = next(r for r in workbook["分镇（街道）"].iter_rows(values_only=True) if r[1] == "城北镇")
    assert row[2:7] == (2, 1, 0.5, 2, 1) and row[17:20] == (1, 0, "未报送")  # cadres: 目标, 完成, 未报送
    sheet = [list(r) for r in workbook["报送情况"].iter_rows(values_only=True)]
    assert ["城北镇", "已报送 2006-09-20", "已报送 2006-09-28", "未报送"] in sheet
    assert sheet[2][0].startswith("应报送台帐 9 份，已报送 5 份，报送率 55.6%")
    document = json.loads(out["json"].read_text(encoding="utf-8"))
    chengbei = next(u for u in document["townships"] if u["name"] == "城北镇")
    assert chengbei["measures"]["cadres"] == {"target": 1, "actual": 0, "rate": None, "expected": 1.0,
                                              "expected_people": 1, "shortfall": None, "on_schedule": None,
                                              "reporting": "未报送"}
    assert chengbei["unreported"] == ["cadres"] and document["reporting"]["reported"] == 5


# ---- 5. unknown stays unknown ---------------------------------------------------------------

def test_a_share_without_known_values_is_unknown_not_zero(store, tmp_path):
    """A talent-to-member ledger has no 学历 column: the share with 高中 or above is unknown."""
    path = write_ledger(tmp_path / "t2m.xlsx", [T2M], title="城北镇人才培养成党员台帐（2006年度）")
    assert ingest_paths([path], store, Options(today=TODAY)).files[0].accepted
    report = build_report(store, Config(), 2006, TODAY)
    educated = report.structure.cultivated["educated"]
    assert (educated.share, educated.denominator, educated.unknown, educated.note) == (None, 0, 1, "台帐中没有填写学历")
    assert report.structure.roster["young"].note == "未报送党员队伍基本情况表"
    assert report.talent_share.total.share is None and report.talent_share.met is None


def test_shares_leave_the_unknown_out_of_the_denominator(city_store):
    educated = build_report(city_store, Config(), 2006, TODAY).structure.cultivated["educated"]
    # Five people are in 党员培养成人才 ledgers (with 学历 大学专科); five others have no 学历.
    assert (educated.numerator, educated.denominator, educated.unknown, educated.share) == (5, 5, 5, 1.0)


# ---- 6 and 7. the as-of date, whole people ---------------------------------------------------

@pytest.mark.parametrize("as_of", ["2005-03-01", "2007-01-01"])
def test_as_of_outside_the_year_is_a_usage_error(tmp_path, as_of):
    result = runner.invoke(app, ["report", "--year", "2006", "--as-of", as_of, "--db", f"sqlite:///{tmp_path / 'a.db'}"])
    assert result.exit_code == 2
    assert "应在 2006-01-01 至 2006-12-31 之间" in result.output.replace("\n", "")
    assert not list(tmp_path.glob("三培养*"))


def test_expected_people_are_whole_and_the_shortfall_is_given(city_store):
    # 城北镇 member-to-talent: target 2, done 1. By 30 June 2 × 181/365 = 0.99 people are due.
    june = towns(build_report(city_store, Config(), 2006, dt.date(2006, 6, 30)))["城北镇"].measures["member_to_talent"]
    assert (june.expected, june.expected_people, june.shortfall, june.on_schedule) == (
        pytest.approx(2 * 181 / 365), 1, 0, True)
    december = towns(build_report(city_store, Config(), 2006, TODAY))["城北镇"].measures["member_to_talent"]
    assert (december.expected_people, december.shortfall, december.on_schedule) == (2, 1, False)


# ---- configuration ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "said"), [
    ('bottom_ties = "some"', "“bottom_ties”有误：应为 'include' 或 'exclude'"),
    ('unreported = "skip"', "“unreported”有误：应为 'zero' 或 'exclude'"),
    ('deadline = "7月31日"', "“deadline”有误：“7月31日”应写成“月-日”"),
])
def test_bad_report_rules_in_the_config_name_the_key(tmp_path, text, said):
    path = tmp_path / "talentledger.toml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ConfigProblem, match=said):
        load_config(path, environ={})


# ---- history and rollback through the command line -----------------------------------------

def test_status_history_and_rollback_commands(tmp_path, db_url):
    original = write_ledger(tmp_path / "原报.xlsx", [M2T], reported="2006-12-28")
    wrong = write_ledger(tmp_path / "错报.xlsx", [{**M2T, "姓名": "王建"}], reported="2007-01-05")
    for path in (original, wrong):
        assert runner.invoke(app, ["ingest", str(path), "--db", db_url]).exit_code == 0
    older = runner.invoke(app, ["ingest", str(write_ledger(tmp_path / "旧表.xlsx", [M2T], reported="2006-06-30")),
                                "--db", db_url])
    assert "已有更新的报送，未替换（本表填报日期 2006-06-30，现行报送填报日期 2007-01-05）" in older.stdout
    history = runner.invoke(app, ["status", "--year", "2006", "--history", "--db", db_url])
    assert "城北镇 党员培养成人才：原报.xlsx，2006-12-28，1行" in history.stdout and "已被替换" in history.stdout
    result = runner.invoke(app, ["rollback", "--year", "2006", "--track", "member-to-talent", "--township", "城北镇",
                                 "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "已撤回：错报.xlsx" in result.stdout and "已恢复：原报.xlsx" in result.stdout
    status = runner.invoke(app, ["status", "--year", "2006", "--db", db_url])
    assert "党员培养成人才：2006-12-28，1行" in status.stdout
    missing = runner.invoke(app, ["rollback", "--year", "2006", "--track", "talent-to-cadre", "--township", "城北镇",
                                  "--db", db_url])
    assert missing.exit_code != 0 and "没有已入库的报送" in missing.output
    assert runner.invoke(app, ["rollback", "--year", "2006", "--track", "talent-to-cadre",
                               "--db", db_url]).exit_code == 2


def test_report_json_equals_the_model(city_store, tmp_path, db_url):
    """The CLI's JSON is the library's model, dumped (frictionless' rule)."""
    out = tmp_path / "r.json"
    runner.invoke(app, ["report", "--year", "2006", "--as-of", "2006-09-30", "--format", "json", "--out", str(out),
                        "--db", db_url])
    model = build_report(city_store, load_config(None, environ={}), 2006, dt.date(2006, 9, 30))
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(model.model_dump_json())


def test_readme_shows_not_reported():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "未报送" in readme and "报送率" in readme and "rollback" in readme and "--history" in readme
