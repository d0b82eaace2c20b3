"""发展党员质量评估: each detector on hand-computed cases that must fire and cases that must not."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from typer.testing import CliRunner

from conftest import T2M, id_born, write_ledger
from talentledger.cli import app
from talentledger.ledger.config import IndicatorRule, load_config
from talentledger.ledger.errors import ConfigProblem
from talentledger.report.quality import Thresholds, assess, assess_store, indicator, surname
from talentledger.store import Store

_ids = itertools.count(1)


def person(name: str, kind: str = "talent-to-member", township: str = "白塔镇", organization: str | None = "白塔村党支部",
           year: int = 2006, **dates: str) -> dict:
    return {"kind": kind, "township": township, "organization": organization, "name": name,
            "id_number": f"3206821978{next(_ids):06d}00"[:18], "introducers": dates.pop("introducers", None),
            "source_row": next(_ids), "file_name": "白塔镇_2006.xlsx", "sheet": "人才培养成党员", "year": year,
            **{k: None for k in ("join_date", "activist_date", "candidate_date", "probation_date", "full_date")},
            **dates}


def codes(rows: list[dict], year: int = 2006, **settings) -> list[str]:
    return [a.code for a in assess(rows, year, Thresholds(**settings))]


@pytest.mark.parametrize(("name", "expected"), [("欧阳修", "欧阳"), ("司马光", "司马"), ("王建军", "王"), ("诸葛亮", "诸葛"),
                                                ("欧文", "欧"), ("上官婉儿", "上官"), (" 李娜", "李")])
def test_surnames_read_compound_ones(name, expected):
    assert surname(name) == expected


def test_family_cluster_fires_with_the_introducer_as_evidence():
    rows = [person("王大林", activist_date="2005-03-01"), person("王小林", activist_date="2006-04-01"),
            person("王建国", probation_date="2006-07-01", introducers="王有才、李四"),
            person("张三", activist_date="2006-05-01"), person("李红", activist_date="2004-06-01")]
    alerts = assess(rows, 2006)
    assert [a.code for a in alerts] == ["family_cluster"]
    assert alerts[0].message.startswith("2004—2006年白塔镇白塔村党支部确定的入党积极分子和发展的党员共 5 人，其中姓“王”的 3 人（60%）")
    assert [(e.name, e.note) for e in alerts[0].people] == [("王大林", ""), ("王小林", ""), ("王建国", "与入党介绍人同姓：王有才")]
    assert alerts[0].people[0].id_number.count("*") == 8


def test_two_unrelated_wang_in_a_large_village_are_not_a_family_cluster():
    rows = [person("王大林", activist_date="2006-03-01"), person("王芳", activist_date="2006-04-01"),
            *(person(n, activist_date="2006-05-01") for n in ("张三", "李四", "赵五", "钱六", "孙七", "周八"))]
    assert codes(rows) == []


def test_a_family_outside_the_window_or_in_other_villages_is_not_a_cluster():
    old = [person(n, activist_date="2002-03-01") for n in ("王一", "王二", "王三")]
    spread = [person(n, organization=f"{v}村党支部", activist_date="2006-03-01")
              for n, v in (("王一", "东"), ("王二", "西"), ("王三", "南"))]
    assert codes(old) == [] and codes(spread) == []


def test_compound_surname_is_one_family_not_ou():
    rows = [person("欧阳一", activist_date="2006-01-02"), person("欧阳二", activist_date="2006-01-02"),
            person("欧文", activist_date="2006-01-02"), person("欧明", activist_date="2006-01-02"),
            person("张三", activist_date="2006-01-02"), person("李四", activist_date="2006-01-02")]
    assert codes(rows) == []  # 欧阳 2 and 欧 2 of 6: no surname holds 3


def test_one_introducer_for_many_is_concentration():
    rows = [person(f"新{n}", probation_date="2006-06-01", introducers="陈书记、刘某") for n in "甲乙丙丁戊"]
    rows += [person(f"他{n}", probation_date="2006-06-0" + str(i + 2), introducers="刘某、何某")
             for i, n in enumerate("甲乙丙丁")]
    alerts = [a for a in assess(rows, 2006) if a.code == "introducer_concentration"]
    assert [a.message for a in alerts] == [
        "2006年白塔镇有 9 名新党员的入党介绍人都是“刘某”（超过 4 人），请核实",
        "2006年白塔镇有 5 名新党员的入党介绍人都是“陈书记”（超过 4 人），请核实"]


def test_four_by_one_introducer_is_not_concentration():
    rows = [person(f"新{n}", probation_date="2006-06-01", introducers="陈书记、刘某") for n in "甲乙丙丁"]
    assert "introducer_concentration" not in codes(rows)


def test_people_who_introduce_one_another_are_a_closed_group():
    rows = [person("赵甲", probation_date="2004-05-01", introducers="钱乙、老党员"),
            person("钱乙", probation_date="2005-05-01", introducers="孙丙、老党员"),
            person("孙丙", probation_date="2006-05-01", introducers="赵甲、老党员"),
            person("李丁", probation_date="2006-05-01", introducers="赵甲、老党员")]
    alerts = [a for a in assess(rows, 2006) if a.code == "introducer_concentration"]
    assert len(alerts) == 1 and "互为入党介绍人（相互介绍的小圈子）" in alerts[0].message
    assert sorted(e.name for e in alerts[0].people) == ["孙丙", "赵甲", "钱乙"]  # 李丁 is introduced, not in the ring


def test_introducer_who_was_only_probationary_is_an_error():
    rows = [person("新人", probation_date="2006-06-01", introducers="预备甲、老党员"),
            person("预备甲", probation_date="2005-12-01")]  # full member from 2006-12-01 at the earliest
    alerts = assess(rows, 2006)
    assert [(a.code, a.severity) for a in alerts] == [("introducer_not_full_member", "error")]
    assert "其入党介绍人“预备甲”当时还是预备党员" in alerts[0].message
    assert [e.note for e in alerts[0].people] == ["介绍人：预备甲、老党员", "介绍人本人"]


@pytest.mark.parametrize(("received", "full", "fires"), [
    ("2006-01-10", None, True),          # five months before: still 预备, certainly
    ("2005-05-01", None, False),         # over a year before, no 转正 written: the ledger may be behind
    ("2005-07-01", "2006-07-01", True),  # 转正 written, after the introduction
])
def test_an_introducer_without_a_full_date_is_certain_only_within_the_year(received, full, fires):
    rows = [person("新人", probation_date="2006-06-01", introducers="甲"),
            person("甲", probation_date=received, full_date=full)]
    assert codes(rows) == (["introducer_not_full_member"] if fires else [])


def test_introducer_full_the_day_before_is_fine():
    rows = [person("新人", probation_date="2006-06-01", introducers="甲"),
            person("甲", probation_date="2005-05-31", full_date="2006-05-31")]
    assert codes(rows) == []


@pytest.mark.parametrize(("joined", "fires"), [("2005-06-02", True), ("2005-06-01", False), ("2006-07-01", True),
                                                ("2001-07-01", False)])
def test_a_member_ledgers_join_date_counts_a_years_probation(joined, fires):
    rows = [person("新人", probation_date="2006-06-01", introducers="甲"),
            person("甲", kind="member-to-talent", join_date=joined)]
    assert ("introducer_not_full_member" in codes(rows)) is fires


def test_a_namesake_who_may_be_a_full_member_keeps_the_error_back():
    rows = [person("新人", probation_date="2006-06-01", introducers="甲"),
            person("甲", probation_date="2005-12-01"), person("甲", kind="member-to-talent", join_date="1990-07-01")]
    assert codes(rows) == []


def test_an_introducer_of_another_branch_or_none_is_not_certain():
    """甲 of 东村 may not be the 甲 who introduced a member of 白塔村; nor one whose branch is not written."""
    new = person("新人", probation_date="2006-06-01", introducers="甲")
    assert codes([new, person("甲", organization="东村党支部", probation_date="2006-01-05")]) == []
    assert codes([new, person("甲", organization=None, probation_date="2006-01-05")]) == []
    assert codes([{**new, "organization": None}, person("甲", organization=None, probation_date="2006-01-05")]) == []


def test_two_namesakes_both_probationary_are_not_certain_either():
    """The introducer may be a third 甲 in no ledger: with two in the township, who is meant is not known."""
    rows = [person("新人", probation_date="2006-06-01", introducers="甲"),
            person("甲", probation_date="2005-12-01"), person("甲", probation_date="2006-01-05")]
    assert codes(rows) == []
    same = [rows[0], rows[1], {**rows[1], "year": 2005, "source_row": 3}]  # one 甲 in two years' ledgers
    assert codes(same) == ["introducer_not_full_member"]


FIVE = ("赵甲", "钱乙", "孙丙", "李丁", "周戊")


def test_many_received_on_one_day_is_a_burst():
    rows = [person(n, probation_date="2006-06-30") for n in FIVE]
    alerts = assess(rows, 2006)
    assert [a.code for a in alerts] == ["burst_intake"]
    assert alerts[0].message == "白塔镇白塔村党支部在 2006-06-30 一天接收预备党员 5 人，请核实是否突击发展"


def test_four_on_one_day_or_five_on_a_month_only_date_is_no_burst():
    assert codes([person(n, probation_date="2006-06-30") for n in FIVE[:4]]) == []
    assert codes([person(n, probation_date="2006-06") for n in FIVE]) == []


def test_the_years_intake_bunched_in_its_last_weeks_is_a_burst():
    rows = [person(f"人{i}", organization=f"{i}组", probation_date=f"2006-12-{10 + i:02d}") for i in range(4)]
    rows += [person(f"早{i}", organization=f"{i}组", probation_date=f"2006-0{i + 3}-01") for i in range(3)]
    alerts = assess(rows, 2006)
    assert [a.message for a in alerts] == [
        "2006年白塔镇发展党员 7 人，其中 4 人（57%）在最后 4 周接收，请核实是否年底突击发展"]
    more = [person(f"又{i}", organization=f"{i}组", probation_date=f"2006-05-0{i + 1}") for i in range(2)]
    assert codes(rows + more) == []  # 4 of 9: under half


def test_an_organisation_without_a_new_member_for_three_years():
    rows = [person("老党员", kind="member-to-talent", organization="河东村党支部", year=2004, join_date="1990-01-01"),
            person("甲", organization="河东村党支部", year=2003, probation_date="2003-07-01"),
            person("乙", organization="河西村党支部", year=2004, probation_date="2004-07-01")]
    alerts = assess(rows, 2006)
    assert [(a.code, a.organization) for a in alerts] == [("no_recruitment", "河东村党支部")]
    assert alerts[0].message == "白塔镇河东村党支部2004—2006年连续 3 年没有发展党员（最近一次发展党员在 2003 年），请核实原因"


def test_an_organisation_seen_for_fewer_years_is_not_judged():
    recruiting = person("新人", organization="老区党支部", year=2007, probation_date="2007-03-01")
    rows = [person("老党员", kind="member-to-talent", organization="新区党支部", year=2005, join_date="1990-01-01"),
            recruiting]
    assert codes(rows) == []
    assert codes(rows, 2007) == ["no_recruitment"]


def test_no_recruitment_is_judged_only_where_the_ledgers_say_which_branch_recruited():
    """白塔镇's 人才培养成党员 ledger names no 所在党组织: who received its new members is not known."""
    rows = [person("老党员", kind="member-to-talent", organization="新区党支部", year=2003, join_date="1990-01-01"),
            person("新人", organization=None, year=2006, probation_date="2006-03-01")]
    assert codes(rows) == []


def test_a_person_in_three_years_ledgers_is_counted_once():
    """The same five received on one day, listed again by the 2007 ledger: a burst of five, at
    the rows of the assessed year's ledger."""
    five = [person(n, probation_date="2006-06-30", id_number=f"32068219800101{k:04d}") for k, n in enumerate(FIVE)]
    again = [{**p, "year": 2007, "file_name": "白塔镇_2007.xlsx", "source_row": p["source_row"] + 100} for p in five]
    alerts = assess(again + five, 2006)
    assert [a.message for a in alerts] == ["白塔镇白塔村党支部在 2006-06-30 一天接收预备党员 5 人，请核实是否突击发展"]
    assert {e.file for e in alerts[0].people} == {"白塔镇_2006.xlsx"}


def test_assess_command_reads_the_store(tmp_path):
    """Through ingest and the CLI: a 介绍人 who was only 预备 on the day is an error at its row, in
    text and in JSON (the JSON equal to the library's result)."""
    rows = [{**T2M, "姓名": "张华", "公民身份号码": id_born(1970, serial=11), "当前阶段": "预备党员",
             "所在党组织": "城北村党支部", "接收为预备党员时间": "2005-12-01", "确定为发展对象时间": "2004-11-01"},
            {**T2M, "姓名": "黄玉", "所在党组织": "城北村党支部", "接收为预备党员时间": "2006-06-01",
             "确定为发展对象时间": "2005-05-01", "确定为入党积极分子时间": "2004-05-01"}]
    ledger = write_ledger(tmp_path / "城北镇_2006.xlsx", rows, title="城北镇人才培养成党员台帐（2006年度）",
                          header_row_values=list(rows[1]))
    db = tmp_path / "q.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(ledger), "--db", str(db)]).exit_code == 0
    result = runner.invoke(app, ["assess", "--year", "2006", "--db", str(db)])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "2006年度发展党员质量评估（截至 2006-12-31）"
    assert lines[1] == "  非公企业发展党员占比（发展党员中 ≥ 1/3，只评全辖区）：本市 0.0%（0/1） 不评"
    first = next(n for n, line in enumerate(lines) if line.startswith("【"))
    assert lines[first] == "【错误】入党介绍人不是正式党员  城北镇城北村党支部  新"
    assert "其入党介绍人“张华”当时还是预备党员" in lines[first + 1]
    assert "城北镇_2006.xlsx 台帐 第4行“入党介绍人”（介绍人：张华、刘伟）" in lines[first + 2]
    assert "城北镇_2006.xlsx 台帐 第3行“接收为预备党员时间”（介绍人本人）" in lines[first + 3]
    assert lines[-1] == "2006年度发展党员质量评估：错误 1 条，预警 0 条。"
    as_json = runner.invoke(app, ["assess", "--year", "2006", "--db", str(db), "--format", "json"])
    store = Store(f"sqlite:///{db}")
    # Shown twice now: the library's own result, recording nothing, matches except the date.
    shown = json.loads(as_json.stdout)
    assert shown["alerts"][0].pop("first_shown") == dt.date.today().isoformat()
    assert shown == json.loads(assess_store(store, 2006).model_dump_json(exclude={"alerts": {0: {"first_shown"}}}))
    store.close()


# ---- indicators ------------------------------------------------------------------------------

def developed(n: int, township: str = "白塔镇", day: str = "2006-06-30", **values) -> list[dict]:
    """`n` people received as 预备党员 on `day`, as Queries.event_people gives them."""
    base = {"township": township, "organization": "白塔村党支部", "sector": "农村", "talent_category": "其他",
            "education": "高中", "gender": "男", "birth_date": dt.date(1980, 1, 1), "day": day}
    return [{**base, **values, "id_number": f"id{next(_ids)}"} for _ in range(n)]


NON_PUBLIC = IndicatorRule(title="非公", count={"sector": ["非公企业"]}, threshold="1/3")


@pytest.mark.parametrize(("non_public", "others", "share", "light"), [
    (2, 4, 1 / 3, "green"),     # exactly a third meets "at least 1/3"
    (1, 5, 1 / 6, "red"),       # 16.7%: 16.7 points short
    (3, 7, 0.3, "amber"),       # 30%: 3.3 points short, within the 5-point margin
    (0, 2, 0.0, "none"),        # two people: too few to judge
])
def test_a_share_against_its_threshold_gets_its_light(non_public, others, share, light):
    people = developed(non_public, sector="非公企业") + developed(others)
    result = indicator("non_public", NON_PUBLIC, people, Thresholds())
    assert (result.total.numerator, result.total.denominator) == (non_public, non_public + others)
    assert result.total.share == pytest.approx(share) and result.total.light == light
    assert [u.township for u in result.units] == ["白塔镇"] and result.units[0].light == light


def test_economic_talent_counts_only_among_rural_intake():
    """3 rural (1 致富能手) and 3 from enterprises (all 致富能手): 1/3 of the rural intake, met;
    the enterprises' people are in no part of the share."""
    rule = IndicatorRule.model_validate(
        {"title": "经济能人", "among": {"sector": ["农村"]}, "count": {"talent_category": ["致富能手", "生产经营能手"]},
         "threshold": "1/3"})
    people = (developed(1, talent_category="致富能手") + developed(2) + developed(3, sector="企业", talent_category="致富能手"))
    total = indicator("economic_talent", rule, people, Thresholds()).total
    assert (total.numerator, total.denominator, total.light) == (1, 3, "green")


def test_age_is_taken_on_the_day_of_the_event():
    """35 on the day (born 1970-07-01, received 2006-06-30) counts; 36 that day does not."""
    rule = IndicatorRule(title="青年", count={"age_max": 35})
    people = developed(1, birth_date=dt.date(1970, 7, 1)) + developed(1, birth_date=dt.date(1970, 6, 30))
    total = indicator("young", rule, people, Thresholds()).total
    assert (total.numerator, total.denominator, total.light) == (1, 2, "none")  # no threshold: shown only


def test_a_value_not_known_is_left_out_of_the_share():
    rule = IndicatorRule(title="女性", count={"gender": ["女"]}, threshold="0.3")
    people = developed(2, gender="女") + developed(3) + developed(4, gender=None)
    total = indicator("women", rule, people, Thresholds()).total
    assert (total.numerator, total.denominator, total.unknown) == (2, 5, 4)
    assert total.share == pytest.approx(0.4) and total.light == "green"


def test_levels_group_by_township_organisation_or_not_at_all():
    people = (developed(3, sector="非公企业") + developed(3, township="西山乡", organization="一村党支部")
              + developed(1, township="西山乡", organization=None))
    by_org = indicator("k", NON_PUBLIC.model_copy(update={"level": "organization"}), people, Thresholds())
    assert [(u.township, u.organization, u.light) for u in by_org.units] == [
        ("白塔镇", "白塔村党支部", "green"), ("西山乡", "一村党支部", "red")]  # the one without an organisation: city only
    assert by_org.total.denominator == 7
    by_city = indicator("k", NON_PUBLIC.model_copy(update={"level": "city"}), people, Thresholds())
    assert [(u.township, u.light) for u in by_city.units] == [("白塔镇", "none"), ("西山乡", "none")]  # shown only
    assert by_city.total.light == "green"  # 3 of 7


def test_a_county_changes_one_default_field_or_turns_an_indicator_off(tmp_path):
    config = tmp_path / "talentledger.toml"
    config.write_text('[quality.indicators.non_public]\nthreshold = "40%"\nlevel = "city"\n\n'
                      '[quality.indicators.women]\nenabled = false\n\n'
                      '[quality.indicators.minority]\ntitle = "少数民族以外"\ncount = { education = ["大专"] }\n',
                      encoding="utf-8")
    quality = load_config(config).quality
    rules = quality.active_indicators()
    assert rules["non_public"].count.sector == ["非公企业"]  # the rest of the default stays
    assert (rules["non_public"].threshold, rules["non_public"].level) == ("40%", "city")
    assert "women" not in rules and rules["minority"].count.education == ["大学专科"]


def test_a_bad_indicator_names_its_line_and_key(tmp_path):
    config = tmp_path / "talentledger.toml"
    config.write_text('[quality.indicators.non_public]\nthreshold = "三分之一"\n\n'
                      '[quality.indicators.mine]\ntitle = "自定"\nevent = "发展"\ncount = { sector = ["农场"] }\n'
                      'operator = "=>"\n', encoding="utf-8")
    with pytest.raises(ConfigProblem) as caught:
        load_config(config)
    text = str(caught.value)
    assert "有 4 处错误" in text
    assert "第 2 行“quality.indicators.non_public.threshold”有误：“三分之一”不是 0 到 1 之间的比例" in text
    assert "第 6 行“quality.indicators.mine.event”有误：“发展”不是可选的事件，可选：developed（发展党员）" in text
    assert "第 7 行“quality.indicators.mine.count.sector”有误：“农场”不是可选的值" in text
    assert "第 8 行“quality.indicators.mine.operator”" in text
    missing = tmp_path / "missing.toml"
    missing.write_text('[quality.indicators.new]\ntitle = "新"\n', encoding="utf-8")
    with pytest.raises(ConfigProblem, match="“quality.indicators.new.count”有误：缺少此项"):
        load_config(missing)


# ---- the store: 已通报, as-of, every format ------------------------------------------------

@pytest.fixture
def burst_db(tmp_path, db_url):
    """Five people of one branch received on 2006-11-20, one of them introduced by 张华 of the
    branch, received himself in March: through a real ledger and ingest, on every backend."""
    rows = [{**T2M, "姓名": name, "公民身份号码": id_born(1980, serial=20 + n), "所在党组织": "东村党支部",
             "接收为预备党员时间": "2006-11-20", "确定为发展对象时间": "2005-10-01", "确定为入党积极分子时间": "2004-09-01",
             "入党介绍人": f"甲{n}、乙{n}"}
            for n, name in enumerate(FIVE)]
    rows[0]["入党介绍人"] = "张华、乙0"
    rows.append({**rows[1], "姓名": "张华", "公民身份号码": id_born(1975, serial=40), "接收为预备党员时间": "2006-03-01",
                 "入党介绍人": "丙、丁"})
    ledger = write_ledger(tmp_path / "城北镇_2006.xlsx", rows, title="城北镇人才培养成党员台帐（2006年度）",
                          header_row_values=list(rows[0]))
    assert CliRunner().invoke(app, ["ingest", str(ledger), "--db", db_url]).exit_code == 0
    return db_url


def codes_and_days(alerts) -> list[tuple]:
    return [(a.code, a.first_shown) for a in alerts]


def test_a_warning_shown_before_is_marked_with_its_first_day(burst_db):
    store = Store(burst_db)
    first = assess_store(store, 2006, shown_on=dt.date(2006, 12, 1)).alerts
    assert codes_and_days(first) == [("introducer_not_full_member", None), ("burst_intake", None)]
    again = assess_store(store, 2006, shown_on=dt.date(2006, 12, 15)).alerts
    day = dt.date(2006, 12, 1)
    assert codes_and_days(again) == [("introducer_not_full_member", day), ("burst_intake", day)]
    assert assess_store(store, 2006).alerts[0].first_shown is None  # not recorded: nothing looked up either
    store.close()


def test_as_of_leaves_later_events_out(burst_db):
    store = Store(burst_db)
    before = assess_store(store, 2006, as_of=dt.date(2006, 11, 19))
    assert before.alerts == []
    assert next(r for r in before.indicators if r.key == "non_public").total.denominator == 1  # 张华 only
    assert [a.code for a in assess_store(store, 2006, as_of=dt.date(2006, 11, 20)).alerts] == [
        "introducer_not_full_member", "burst_intake"]
    store.close()


def test_assess_writes_every_format_and_the_report_carries_the_section(burst_db, tmp_path):
    from openpyxl import load_workbook
    runner = CliRunner()
    for fmt in ("html", "md", "xlsx", "json", "text"):
        out = tmp_path / f"q.{fmt}"
        result = runner.invoke(app, ["assess", "--year", "2006", "--db", burst_db, "--format", fmt, "--out", str(out)])
        assert result.exit_code == 1, result.output  # the introducer is an error
        assert f"已生成质量评估：{out}" in result.stderr
    assert "指标记分卡" in (tmp_path / "q.html").read_text(encoding="utf-8")
    assert "已通报（" in (tmp_path / "q.md").read_text(encoding="utf-8")  # shown by the html run first
    assert load_workbook(tmp_path / "q.xlsx").sheetnames == ["质量指标", "质量预警"]
    shown = json.loads((tmp_path / "q.json").read_text(encoding="utf-8"))
    assert [a["code"] for a in shown["alerts"]] == ["introducer_not_full_member", "burst_intake"]
    assert "【预警】突击发展  城北镇东村党支部  已通报（" in (tmp_path / "q.text").read_text(encoding="utf-8")
    report = tmp_path / "r.json"
    assert runner.invoke(app, ["report", "--year", "2006", "--db", burst_db, "--format", "json",
                               "--out", str(report)]).exit_code == 0
    quality = json.loads(report.read_text(encoding="utf-8"))["quality"]
    assert len(quality["alerts"]) == 2 and len(quality["indicators"]) == 5 and quality["townships"] == ["城北镇"]


def test_as_of_outside_the_year_is_a_usage_error(burst_db):
    result = CliRunner().invoke(app, ["assess", "--year", "2006", "--db", burst_db, "--as-of", "2007-01-01"])
    assert result.exit_code == 2 and "不在2006年度内" in result.output
