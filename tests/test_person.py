"""一人一档 (`talentledger person`): hand-built histories across tracks and years."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import CADRE, M2T, T2M, id_born, write_ledger
from talentledger.cli import app
from talentledger.report.person import find_person
from talentledger.store import Store

WANG = id_born(1980, 5, 6, serial=31)


def ingest(tmp_path, db: str, name: str, title: str, rows: list[dict]) -> None:
    ledger = write_ledger(tmp_path / name, rows, title=title, header_row_values=list(rows[0]))
    result = CliRunner().invoke(app, ["ingest", str(ledger), "--db", db])
    assert result.exit_code == 0, result.output


@pytest.fixture
def climber(tmp_path, db_url):
    """王明 up two rungs in three years: an activist in 2005, received as 预备党员 in 2006 (the
    2006 ledger repeats his 2005 dates), a 后备干部 in 2007 whose 入党时间 is that day."""
    me = {"姓名": "王明", "性别": "男", "公民身份号码": WANG, "所在党组织": "东村党支部"}
    ingest(tmp_path, db_url, "2005.xlsx", "城北镇人才培养成党员台帐（2005年度）",
           [{**T2M, **me, "递交入党申请时间": "2004-09-01", "确定为入党积极分子时间": "2005-03-01",
             "确定为发展对象时间": "", "接收为预备党员时间": "", "当前阶段": "入党积极分子", "入党介绍人": ""}])
    ingest(tmp_path, db_url, "2006.xlsx", "城北镇人才培养成党员台帐（2006年度）",
           [{**T2M, **me, "递交入党申请时间": "2004-09-01", "确定为入党积极分子时间": "2005-03",
             "确定为发展对象时间": "2006-03-05", "接收为预备党员时间": "2006-09-20", "当前阶段": "预备党员"}])
    ingest(tmp_path, db_url, "2007.xlsx", "城北镇党员人才培养成干部台帐（2007年度）",
           [{**CADRE, **me, "所属镇（街道）": "城北镇", "入党时间": "2006-09-20", "列为后备干部时间": "2007-05-08",
             "选拔任用时间": "", "任用职务": "", "培养状态": "培养中"}])
    return db_url


def test_a_person_up_two_rungs_over_three_years(climber):
    store = Store(climber)
    result = find_person(store, WANG)
    store.close()
    [file] = result.people
    assert (file.name, file.id_number, file.townships) == ("王明", WANG[:6] + "********" + WANG[-4:], ["城北镇"])
    assert [(r.year, r.kind_name, r.row) for r in file.rows] == [(2005, "人才培养成党员", 3), (2006, "人才培养成党员", 3),
                                                                (2007, "党员人才培养成干部", 3)]
    assert [(s.day, s.event) for s in file.timeline] == [
        ("2004-09-01", "递交入党申请"), ("2005-03-01", "确定为入党积极分子"), ("2006-03-05", "确定为发展对象"),
        ("2006-09-20", "入党"), ("2006-09-20", "接收为预备党员"), ("2007-05-08", "列为后备干部")]
    assert file.timeline[0].sources == ["2005年 人才培养成党员 第3行", "2006年 人才培养成党员 第3行"]
    assert file.timeline[1].sources == ["2005年 人才培养成党员 第3行", "2006年 人才培养成党员 第3行"]  # 2005-03 joined
    assert file.contradictions == []  # 2005-03 and 2005-03-01 agree
    assert result.exit_code == 0


def test_a_name_in_a_township_finds_the_same_file(climber):
    store = Store(climber)
    by_name = find_person(store, "王明", "城北镇")
    assert by_name.people == find_person(store, WANG).people
    assert find_person(store, "王明", "新庄镇").people == []
    store.close()


def test_dates_that_changed_and_a_status_that_went_back_are_contradictions(tmp_path, db_url):
    me = {"姓名": "李娜", "性别": "女", "公民身份号码": id_born(1982, male=False, serial=32), "出生年月": "1982.1"}
    ingest(tmp_path, db_url, "t2005.xlsx", "城北镇人才培养成党员台帐（2005年度）",
           [{**T2M, **me, "接收为预备党员时间": "2005-12-01"}])
    ingest(tmp_path, db_url, "t2006.xlsx", "城北镇人才培养成党员台帐（2006年度）",
           [{**T2M, **me, "接收为预备党员时间": "2006-01-15"}])
    ingest(tmp_path, db_url, "m2005.xlsx", "城北镇党员培养成人才台帐（2005年度）",
           [{**M2T, **me, "培养状态": "已成才", "成才认定时间": "2005-10-01"}])
    ingest(tmp_path, db_url, "m2006.xlsx", "城北镇党员培养成人才台帐（2006年度）", [{**M2T, **me}])
    store = Store(db_url)
    [file] = find_person(store, me["公民身份号码"]).people
    store.close()
    assert [c.message for c in file.contradictions] == [
        "接收为预备党员时间前后不一致：2005-12-01（2005年 人才培养成党员 第3行）；2006-01-15（2006年 人才培养成党员 第3行）",
        "培养状态倒退：已成才（2005年 党员培养成人才 第3行）之后又是培养中（2006年 党员培养成人才 第3行）"]


def test_person_command_text_json_html_and_not_found(climber, tmp_path):
    runner = CliRunner()
    text = runner.invoke(app, ["person", "王明", "--township", "城北镇", "--db", climber])
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0] == f"王明 {WANG[:6]}********{WANG[-4:]}  城北镇"
    assert "  2006-09-20  接收为预备党员 （2006年 人才培养成党员 第3行）" in lines
    shown = runner.invoke(app, ["person", WANG, "--db", climber, "--format", "json", "--show-ids"])
    assert json.loads(shown.stdout)["people"][0]["id_number"] == WANG
    page = tmp_path / "p.html"
    made = runner.invoke(app, ["person", WANG, "--db", climber, "--format", "html", "--out", str(page)])
    assert made.exit_code == 0 and "已生成一人一档" in made.stderr
    html = page.read_text(encoding="utf-8")
    assert "<h3>时间线</h3>" in html and "列为后备干部" in html and WANG not in html
    missing = runner.invoke(app, ["person", "张三", "--db", climber])
    assert missing.exit_code == 2 and "在已入库的台帐中找不到“张三”。请检查身份证号或姓名" in missing.output


def test_the_ladder_counts_the_climber_on_both_flows(climber, tmp_path, db_url):
    """王明, developed in 2006, is in the 2007 cadre ledger: of 2006's new members 1 of 1 went on
    to the cadre track; of 2007's cadre candidates 1 of 1 came through the talent track. A second
    member of 2006 who went nowhere halves the first share."""
    import datetime as dt

    from talentledger.ledger.config import Config
    from talentledger.report import build_report
    store = Store(climber)
    ladder = build_report(store, Config(), 2006, dt.date(2006, 12, 31)).ladder
    assert [(f.name, f.people, f.onward, f.any) for f in ladder.developed] == [
        ("城北镇", 1, {"member-to-talent": 0, "talent-to-cadre": 1}, 1)]
    assert ladder.developed_total.share == 1.0 and ladder.cadres == []  # no 2006 cadre ledger
    cadres = build_report(store, Config(), 2007, dt.date(2007, 12, 31)).ladder.cadres
    assert [(f.name, f.people, f.onward, f.any) for f in cadres] == [
        ("城北镇", 1, {"member-to-talent": 0, "talent-to-member": 1}, 1)]
    ingest(tmp_path, db_url, "2006b.xlsx", "城北镇人才培养成党员台帐（2006年度）",
           [{**T2M, "姓名": "王明", "公民身份号码": WANG, "所在党组织": "东村党支部", "递交入党申请时间": "2004-09-01",
             "确定为入党积极分子时间": "2005-03", "确定为发展对象时间": "2006-03-05", "接收为预备党员时间": "2006-09-20",
             "当前阶段": "预备党员"},
            {**T2M, "姓名": "赵强", "公民身份号码": id_born(1979, serial=33), "接收为预备党员时间": "2006-05-01"}])
    total = build_report(store, Config(), 2006, dt.date(2006, 12, 31)).ladder.developed_total
    assert (total.people, total.any, total.share) == (2, 1, 0.5)
    store.close()
