"""Counting and reporting: hand-built ledgers against hand-computed numbers, 序时进度,
ranking ties, golden HTML and Markdown, the workbook's chart, user templates."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from conftest import CADRE, M2T, T2M, TODAY, id_born, write_ledger
from talentledger.check import Options
from talentledger.cli import app
from talentledger.jobs.ingest import ingest_paths
from talentledger.ledger.config import Config, Township
from talentledger.report import build_report, elapsed_share, write_report
from talentledger.report.aggregate import _largest_remainder, _rank
from talentledger.report.model import Measure, Unit
from talentledger.report.render import render_text
from talentledger.store import Store

GOLDEN = Path(__file__).parent / "data" / "golden"
FIXED = dt.datetime(2006, 12, 31, 8, 0, tzinfo=dt.UTC)


def person(base: dict, serial: int, township: str, **changes) -> dict:
    return {**base, "公民身份号码": id_born(1978, 7, 21, serial=serial), "出生年月": "", "所属镇（街道）": township,
            **changes}


def city(folder: Path) -> list[Path]:
    """Three townships; what counts in 2006 is noted on each row."""
    m2t = [
        person(M2T, 1, "城北镇", 培养状态="已成才", 成才认定时间="2006-03-01"),   # counts
        person(M2T, 2, "城北镇", 培养状态="已成才", 成才认定时间="2005-11-01"),   # 2005
        person(M2T, 3, "城北镇"),                                                # still cultivating
        person(M2T, 4, "新庄镇", 培养状态="已成才", 成才认定时间="2006-10-05", 领域="企业"),  # counts from Oct
        person(M2T, 5, "新庄镇", 培养状态="已成才", 成才认定时间="2006.7", 性别="女",
               公民身份号码=id_born(1980, 3, 3, male=False, serial=5)),          # counts, month only
    ]
    t2m = [
        person(T2M, 6, "城北镇", 当前阶段="入党积极分子", 确定为入党积极分子时间="2006-02-01",
               确定为发展对象时间="", 接收为预备党员时间="", 入党介绍人="", 递交入党申请时间="2005-09-01"),  # activist
        person(T2M, 7, "城北镇", 接收为预备党员时间="2006-05-01"),                # developed (activist 2003)
        person(T2M, 8, "东港街道", 当前阶段="发展对象", 接收为预备党员时间="", 入党介绍人="",
               确定为入党积极分子时间="2005-06-01", 确定为发展对象时间="2006-08-01"),  # nothing in 2006
    ]
    cadre = [
        person(CADRE, 9, "新庄镇", 入党时间="2001年7月"),                          # appointed 2006-04-08
        person(CADRE, 10, "新庄镇", 入党时间="2001年7月", 选拔任用时间="", 任用职务="", 培养状态="培养中"),
    ]
    paths = [
        write_ledger(folder / "m2t.xlsx", m2t, title="党员培养成人才台帐（2006年度）", reported="2006年9月20日"),
        write_ledger(folder / "t2m.xlsx", t2m, title="人才培养成党员台帐（2006年度）", reported="2006年9月28日"),
        write_ledger(folder / "cadre.xlsx", cadre, title="党员人才培养成干部台帐（2006年度）", reported="2006-09-22"),
        # The same activist again in the 2007 ledger: counted once.
        write_ledger(folder / "t2m_2007.xlsx", t2m[:1], title="人才培养成党员台帐（2007年度）", reported="2007-03-01"),
    ]
    targets = Workbook()
    sheet = targets.active
    sheet.title = "目标任务分解"
    sheet.append(["年度", "镇（街道）", "党员培养成人才", "人才培养为入党积极分子", "人才发展为党员", "党员人才培养为干部"])
    for row in ([2006, "城北镇", 2, 2, 1, 1], [2006, "新庄镇", 2, 1, 1, 1], [2006, "东港街道", 1, 1, 1, 1]):
        sheet.append(row)
    sheet.append(["填报日期：2006年2月10日"])
    targets.save(folder / "targets.xlsx")
    roster = Workbook()
    sheet = roster.active
    sheet.title = "党员队伍基本情况"
    sheet.append(["年度", "镇（街道）", "党员总数", "人才党员数", "35岁及以下党员数", "高中及以上学历党员数", "女党员数"])
    sheet.append([2006, "城北镇", 100, 60, 20, 70, 30])
    sheet.append([2006, "新庄镇", 300, 90, 60, 150, 90])
    sheet.append(["填报日期：2006年6月30日"])
    roster.save(folder / "roster.xlsx")
    return [*paths, folder / "targets.xlsx", folder / "roster.xlsx"]


@pytest.fixture
def store(db_url, tmp_path):
    opened = Store(db_url)
    report = ingest_paths(city(tmp_path), opened, Options(today=TODAY))
    assert [f.accepted for f in report.files] == [True] * 6, report.check.to_json()
    yield opened
    opened.close()


def fixed(report):
    """The report with ingest times pinned, for golden comparisons."""
    return report.model_copy(update={"sources": [s.model_copy(update={"ingested_at": FIXED}) for s in report.sources]})


def actuals(unit: Unit) -> dict[str, int]:
    return {k: m.actual for k, m in unit.measures.items()}


def test_counts_equal_hand_computed_numbers(store):
    report = build_report(store, Config(), 2006, dt.date(2006, 12, 31))
    towns = {u.name: u for u in report.townships}
    assert actuals(towns["城北镇"]) == {"member_to_talent": 1, "activists": 1, "developed": 1, "cadres": 0}
    assert actuals(towns["新庄镇"]) == {"member_to_talent": 2, "activists": 0, "developed": 0, "cadres": 1}
    assert actuals(towns["东港街道"]) == {"member_to_talent": 0, "activists": 0, "developed": 0, "cadres": 0}
    assert actuals(report.total) == {"member_to_talent": 3, "activists": 1, "developed": 1, "cadres": 1}
    assert [m.target for m in report.total.measures.values()] == [5, 4, 3, 3]
    sectors = {u.name: actuals(u) for u in report.sectors}
    assert sectors["企业"] == {"member_to_talent": 1, "activists": 1, "developed": 1, "cadres": 0}
    assert sectors["农村"] == {"member_to_talent": 2, "activists": 0, "developed": 0, "cadres": 1}
    chengbei = towns["城北镇"].measures
    assert chengbei["member_to_talent"].rate == 0.5
    # 城北镇 sent no cadre ledger: 未报送, not 0%, and scored as 0 by default.
    assert (chengbei["cadres"].reporting, chengbei["cadres"].rate, chengbei["cadres"].target) == ("未报送", None, 1)
    assert towns["城北镇"].unreported == ["cadres"]
    assert towns["城北镇"].score == pytest.approx((0.5 + 0.5 + 1.0 + 0.0) / 4)
    assert towns["新庄镇"].score == pytest.approx((1.0 + 0 + 0 + 1.0) / 4)
    assert report.talent_share.total.share == pytest.approx(150 / 400)
    assert report.talent_share.met is False
    assert report.structure.roster["female"].share == pytest.approx(120 / 400)
    cultivated = report.structure.cultivated
    assert cultivated["female"].numerator == 1 and cultivated["female"].denominator == 10


def test_counts_respect_the_as_of_date(store):
    report = build_report(store, Config(), 2006, dt.date(2006, 6, 30))
    towns = {u.name: u for u in report.townships}
    assert actuals(towns["新庄镇"])["member_to_talent"] == 0   # 2006-10-05 and 2006.7 are later
    assert report.elapsed_share == pytest.approx(181 / 365)
    m = towns["城北镇"].measures["member_to_talent"]
    assert m.expected == pytest.approx(2 * 181 / 365) and m.on_schedule is True


def targets_of(unit: Unit) -> list[int | None]:
    return [m.target for m in unit.measures.values()]


def test_sector_targets_share_each_township_by_its_ledgers(store):
    """城北镇's 2 member-to-talent go to 农村 (its 3 people are all 农村), 新庄镇's 2 are split
    1:1 (one 农村, one 企业); 东港街道 has no such ledger, so its 1 cannot be shared and is shown
    as 未报送 in a row of its own, with 城北镇's cadre target and 新庄镇's talent-to-member ones."""
    report = build_report(store, Config(), 2006, dt.date(2006, 12, 31))
    sectors = {u.name: u for u in report.sectors}
    assert [u.name for u in report.sectors] == ["农村", "企业", "未报送（目标无法分摊）"]
    assert targets_of(sectors["农村"]) == [3, None, None, 1]
    assert targets_of(sectors["企业"]) == [1, 3, 2, None]
    unshared = sectors["未报送（目标无法分摊）"].measures.values()
    assert [(m.target, m.rate, m.reporting) for m in unshared] == [(1, None, "未报送"), (1, None, "未报送"),
                                                                  (1, None, "未报送"), (2, None, "未报送")]
    # Every township target is in the sector table.
    assert [sum(targets_of(u)[i] or 0 for u in report.sectors) for i in range(4)] == targets_of(report.total)
    assert sectors["企业"].measures["activists"].rate == pytest.approx(1 / 3)
    assert sectors["农村"].measures["member_to_talent"].on_schedule is False
    assert "按其该年度台帐中各领域的人数分摊" in report.sector_target_source
    assert "东港街道、城北镇、新庄镇未报送相应台帐" in report.sector_target_source


def test_sector_targets_follow_the_configured_mix(store):
    config = Config(townships=[Township(name="城北镇", sectors={"农村": 3, "企业": 1}),
                               Township(name="新庄镇", sectors=["农村"]),
                               Township(name="东港街道", sectors=["社区", "企业"])])
    report = build_report(store, config, 2006, dt.date(2006, 12, 31))
    sectors = {u.name: targets_of(u) for u in report.sectors}
    # member_to_talent: 城北 2 → 1.5/0.5, 新庄 2 → 农村, 东港 1 → 0.5/0.5: 农村 3.5, 企业 1.0, 社区 0.5
    # activists: 城北 2 → 1.5/0.5, 新庄 1, 东港 1 → 0.5/0.5: 农村 2.5, 企业 1.0, 社区 0.5
    assert sectors == {"农村": [4, 3, 2, 2], "企业": [1, 1, 1, 1], "社区": [0, 0, 0, 0]}
    assert sum(t[0] for t in sectors.values()) == 5  # the townships' 2 + 2 + 1
    assert report.sector_target_source == "各镇（街道）目标按配置的领域构成分摊"


def test_largest_remainder_keeps_the_total():
    assert _largest_remainder({"农村": 3.5, "企业": 1.0, "社区": 0.5}) == {"农村": 4, "企业": 1, "社区": 0}
    assert _largest_remainder({"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}) == {"a": 1, "b": 0, "c": 0}
    shares = {"a": 2.6, "b": 3.7, "c": 0.7}
    assert sum(_largest_remainder(shares).values()) == 7


def test_city_targets_alone_are_shared_by_the_whole_jurisdictions_ledgers(db_url, tmp_path):
    opened = Store(db_url)
    try:
        report = ingest_paths(city(tmp_path)[:3], opened, Options(today=TODAY))
        assert all(f.accepted for f in report.files)
        built = build_report(opened, Config(), 2006, dt.date(2006, 12, 31))
    finally:
        opened.close()
    sectors = {u.name: targets_of(u) for u in built.sectors}
    # 2000 member-to-talent over 4 农村 and 1 企业 people; 1500 activists all 企业 (3 people).
    assert sectors["农村"][0] == 1600 and sectors["企业"][0] == 400
    assert sectors["企业"][1:3] == [1500, 1000] and sectors["农村"][3] == 500
    assert built.sector_target_source == "全辖区目标按该年度台帐中各领域的人数分摊"


@pytest.mark.parametrize(("as_of", "share"), [
    (dt.date(2005, 12, 31), 0.0), (dt.date(2006, 1, 1), 1 / 365), (dt.date(2006, 3, 31), 90 / 365),
    (dt.date(2006, 12, 31), 1.0), (dt.date(2007, 5, 1), 1.0),
])
def test_elapsed_share(as_of, share):
    assert elapsed_share(2006, as_of) == pytest.approx(share)


def test_elapsed_share_in_a_leap_year():
    assert elapsed_share(2008, dt.date(2008, 2, 29)) == pytest.approx(60 / 366)


def units(scores: list[float | None]) -> list[Unit]:
    measure = Measure(target=None, actual=0, rate=None, expected=None, on_schedule=None)
    return [Unit(name=f"镇{i}", measures={"member_to_talent": measure}, score=s) for i, s in enumerate(scores)]


def test_ranking_ties_share_a_rank_and_the_bottom_edge_is_named_whole():
    ranked = units([0.5, 0.8, 0.8, 0.2, 0.2, 0.9])
    _rank(ranked, 3)
    assert [u.rank for u in ranked] == [4, 2, 2, 5, 5, 1]
    assert [u.bottom for u in ranked] == [True, False, False, True, True, False]
    tied = units([0.1, 0.3, 0.3, 0.3, 0.9])
    _rank(tied, 3)
    assert [u.bottom for u in tied] == [True, True, True, True, False]


def test_no_bottom_when_too_few_or_unscored():
    few = units([0.1, 0.2, None])
    _rank(few, 3)
    assert [u.bottom for u in few] == [False, False, False] and few[2].rank is None


# The goldens show the on-time rate: t2m.xlsx (填报日期 2006-09-28) is after this deadline.
DEADLINE = Config(deadline="09-25")


def test_html_matches_golden_and_is_self_contained(store):
    html = render_text(fixed(build_report(store, DEADLINE, 2006, dt.date(2006, 9, 30))), "html")
    assert_golden("report_2006.html", html)
    assert not re.search(r"https?://|<link|<script|@import|url\(|src=", html)
    assert "列入通报" in html or "本期没有需要通报" in html


def test_html_prints_on_a4_with_table_headers_on_every_page(store):
    report = fixed(build_report(store, DEADLINE, 2006, dt.date(2006, 9, 30)))
    first = report.sources[0].model_copy(update={"file_name": "城北镇_2006_党员培养成人才台帐.xlsx"})
    html = render_text(report.model_copy(update={"sources": [first, *report.sources[1:]]}), "html")
    assert re.search(r"@page \{ size: A4", html) and "counter(page)" in html
    assert "thead { display: table-header-group; }" in html
    tables = re.findall(r"<table[^>]*>(.*?)</table>", html, re.S)
    assert len(tables) == 10  # with the ladder's two and the quality scorecard; this store raises no warnings
    for table in tables:
        head, body = table.split("</thead>")
        assert head.lstrip().startswith("<thead>") and "<th" in head and "<th" not in body and "<tbody>" in body
    # 数据来源: a file or sheet name may break after "_", a date never inside itself.
    sources = tables[-1]
    assert '<td class="file">城北镇_<wbr>2006_<wbr>党员培养成人才台帐.xlsx</td>' in sources
    assert "<td>2006-12-31<br>08:00</td>" in sources


def test_markdown_matches_golden(store):
    assert_golden("report_2006.md", render_text(fixed(build_report(store, DEADLINE, 2006, dt.date(2006, 9, 30))), "md"))


def test_json_has_the_spec_fields(store, tmp_path):
    path = write_report(build_report(store, Config(), 2006, dt.date(2006, 9, 30)), "json", tmp_path / "r.json")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["year"] == 2006 and document["as_of"] == "2006-09-30"
    for unit in document["townships"] + document["sectors"] + [document["total"]]:
        for measure in unit["measures"].values():
            assert set(measure) == {"target", "actual", "rate", "expected", "expected_people", "shortfall",
                                    "on_schedule", "reporting"}
    assert {"score", "rank", "bottom"} <= set(document["townships"][0])
    assert set(document["structure"]["cultivated"]) == {"young", "educated", "female"}
    assert document["talent_share"]["goal"] == 0.5


def test_xlsx_opens_with_its_chart(store, tmp_path):
    path = write_report(build_report(store, Config(), 2006, dt.date(2006, 9, 30)), "xlsx", tmp_path / "r.xlsx")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["总表", "报送情况", "分镇（街道）", "分领域", "排名", "梯进培养", "质量指标", "质量预警"]
    towns = workbook["分镇（街道）"]
    assert len(towns._charts) == 1
    assert towns.freeze_panes == "A5"
    assert towns.conditional_formatting
    assert towns["B5"].value in {"城北镇", "新庄镇", "东港街道"}
    assert towns["E5"].number_format == "0.0%"
    sectors = workbook["分领域"]
    # 应完成 is 3 × 273/365 = 2.24 people, rounded up; 差 1.
    assert [c.value for c in sectors[5][:6]] == ["农村", 3, 2, pytest.approx(2 / 3), 3, 1]
    assert sectors["D5"].number_format == "0.0%" and sectors.conditional_formatting


def test_report_command_every_format(tmp_path, db_url, store):
    runner = CliRunner()
    for fmt in ("html", "xlsx", "md", "json"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(app, ["report", "--year", "2006", "--as-of", "2006-09-30", "--format", fmt,
                                     "--out", str(out), "--db", db_url])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 500
        if fmt != "xlsx":  # a text file ends with exactly one newline (an editor, git and cat agree)
            text = out.read_text(encoding="utf-8")
            assert text.endswith("\n") and not text.endswith("\n\n"), fmt
    os.chdir(tmp_path)
    result = runner.invoke(app, ["report", "--year", "2006", "--db", db_url, "--format", "md"])
    assert result.exit_code == 0 and (tmp_path / "三培养完成情况_2006年_截至20061231.md").exists()


def test_user_template_extends_the_shipped_one(tmp_path, db_url, store):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.html.j2").write_text(
        '{% extends "default:report.html.j2" %}{% block title %}东海县三培养通报{% endblock %}', encoding="utf-8")
    out = tmp_path / "r.html"
    result = CliRunner().invoke(app, ["report", "--year", "2006", "--db", db_url, "--out", str(out),
                                      "--templates", str(folder)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<title>东海县三培养通报</title>" in html and "一、总体完成情况" in html


def test_broken_user_template_is_a_clear_error(tmp_path, db_url, store):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "report.md.j2").write_text("{{ r.no_such_thing }}", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", "--year", "2006", "--db", db_url, "--format", "md",
                                      "--out", str(tmp_path / "x.md"), "--templates", str(folder)])
    assert result.exit_code == 2 and "report.md.j2”第 1 行出错：报告数据中没有“no_such_thing”" in result.stderr
    assert not (tmp_path / "x.md").exists()


def assert_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"differs from {path}; UPDATE_GOLDEN=1 rewrites it"


HOSTILE_NAMES = ["=HYPERLINK(\"http://x\",\"点我\")", "<script>alert(1)</script>", "东|港\x1b[2J",
                 "=cmd|' /C calc'!A0", "+SUM(1)", "@A1"]


def _hostile(report):
    """The report with its townships renamed as a hostile file could name them."""
    towns = [u.model_copy(update={"name": name}) for u, name in zip(report.townships, HOSTILE_NAMES, strict=False)]
    return report.model_copy(update={"townships": towns})


def test_no_township_name_becomes_a_formula_markup_or_a_terminal_command(store, tmp_path):
    report = _hostile(build_report(store, DEADLINE, 2006, dt.date(2006, 9, 30)))
    workbook = load_workbook(write_report(report, "xlsx", tmp_path / "r.xlsx"))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert {c.value for c in cells} >= {u.name for u in report.townships if u.name.isprintable()}  # kept, as text
    assert "东|港[2J" in {c.value for c in cells}  # ESC is a character XML cannot hold
    markdown = render_text(report, "md")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown and "东\\|港" in markdown
    html = render_text(report, "html")
    assert "<script>alert" not in html
