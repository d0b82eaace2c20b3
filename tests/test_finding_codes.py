"""Every finding code fires at the cell a clerk would click, and stays quiet on its near miss."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from conftest import CADRE, M2T, T2M, check, codes_at, id_born, write_ledger
from talentledger.ledger import idnumber
from talentledger.ledger.findings import CODES
from talentledger.ledger.townships import Registry

TITLES = {"m2t": "城北镇党员培养成人才台帐（2006年度）", "t2m": "城北镇人才培养成党员台帐（2006年度）",
          "cadre": "新庄镇党员人才培养成干部台帐（2006年度）"}
BASE = {"m2t": M2T, "t2m": T2M, "cadre": CADRE}


def ledger(tmp_path, track: str, changes: dict | None = None, name: str = "ledger.xlsx", rows: int = 1,
           drop: tuple[str, ...] = ()):
    record = {k: v for k, v in {**BASE[track], **(changes or {})}.items() if k not in drop}
    return write_ledger(tmp_path / name, [record] * rows, title=TITLES[track])


@pytest.mark.parametrize("track", ["m2t", "t2m", "cadre"])
def test_a_valid_row_has_no_finding(tmp_path, track):
    assert codes_at(check(ledger(tmp_path, track))) == []


CASES = [
    # (code, track, changes, cell)
    ("required", "m2t", {"姓名": ""}, "A3"),
    ("required", "m2t", {"培养联系人": ""}, "M3"),
    ("required", "m2t", {"培养状态": "已成才", "成才认定时间": ""}, "L3"),
    ("required", "cadre", {"任用职务": ""}, "K3"),
    ("invalid_date", "m2t", {"确定培养时间": "2006.13.5"}, "J3"),
    ("invalid_date", "m2t", {"确定培养时间": "2007-01-05"}, "J3"),  # after "today"
    ("invalid_date", "m2t", {"入党时间": "去年七月"}, "H3"),
    ("invalid_value", "m2t", {"领域": "农业口"}, "G3"),
    ("too_long", "m2t", {"姓名": "王建军" * 100}, "A3"),  # VARCHAR(255) on PostgreSQL
    ("too_long", "m2t", {"所属镇（街道）": "城北" * 33 + "镇"}, "F3"),  # the submission key holds 64
    ("invalid_value", "m2t", {"年度培训次数": "四次半"}, "N3"),
    ("invalid_value", "t2m", {"当前阶段": "考察对象"}, "K3"),
    ("id_invalid", "m2t", {"公民身份号码": "320682197807213758"}, "C3"),
    ("id_invalid", "m2t", {"公民身份号码": "32068219780721375"}, "C3"),
    ("id_invalid", "m2t", {"公民身份号码": "320682197802303757"}, "C3"),
    ("id_stored_as_number", "m2t", {"公民身份号码": 320682197807213757}, "C3"),
    ("id_mismatch_birth", "m2t", {"出生年月": "1978.8"}, "D3"),
    ("id_mismatch_gender", "m2t", {"性别": "女"}, "B3"),
    ("date_order", "m2t", {"培养状态": "已成才", "成才认定时间": "2005-01-01"}, "L3"),
    ("date_order", "cadre", {"选拔任用时间": "2004-04-08"}, "J3"),
    ("too_soon", "t2m", {"确定为发展对象时间": "2004-05-01"}, "H3"),
    ("too_soon", "t2m", {"当前阶段": "正式党员", "转为正式党员时间": "2005-06-01"}, "J3"),
    ("underage", "t2m", {"公民身份号码": id_born(1986, 5, 1)}, "F3"),
    # docs/ledgers.md: a 入党时间 before the 18th birthday, in the tracks whose rows are members
    ("underage", "m2t", {"公民身份号码": id_born(1984, 7, 21), "出生年月": "1984.7"}, "H3"),
    ("underage", "cadre", {"公民身份号码": id_born(1975, 1, 10)}, "F3"),
    ("id_first_generation", "m2t", {"公民身份号码": "320682780721375"}, "C3"),
    ("id_first_generation", "m2t", {"公民身份号码": 320682780721375}, "C3"),  # 15 digits fit a number cell
    ("ambiguous_date", "m2t", {"确定培养时间": 2005.1}, "J3"),
    ("stage_mismatch", "t2m", {"当前阶段": "发展对象"}, "K3"),
    ("stage_mismatch", "m2t", {"成才认定时间": "2006-05-01"}, "K3"),
    ("stage_mismatch", "cadre", {"培养状态": "培养中"}, "L3"),
    ("missing_introducers", "t2m", {"入党介绍人": "张华"}, "L3"),
    ("probation_overdue", "t2m", {"当前阶段": "正式党员", "接收为预备党员时间": "2003-12-01",
                                  "确定为发展对象时间": "2003-06-01", "确定为入党积极分子时间": "2002-03-01",
                                  "递交入党申请时间": "2002-01-01", "转为正式党员时间": "2006-06-01"}, "J3"),
    ("few_trainings", "m2t", {"年度培训次数": 3}, "N3"),
    ("few_trainings", "t2m", {"年度培训次数": 1}, "N3"),
    ("id_unknown_region", "m2t", {"公民身份号码": "329982197807213751"[:17]
                                  + idnumber.check_digit("32998219780721375")}, "C3"),
    ("unknown_column", "m2t", {"兴趣爱好": "钓鱼"}, "O2"),
    ("duplicate_column", "m2t", {"联系人": "陈红"}, "O2"),
    ("township_undetermined", "m2t", {"所属镇（街道）": ""}, "F3"),
]


@pytest.mark.parametrize(("code", "track", "changes", "cell"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_code_fires_at_the_cell(tmp_path, code, track, changes, cell):
    path = ledger(tmp_path, track, changes)
    if code == "township_undetermined":  # no township anywhere: not in the title either
        path = write_ledger(tmp_path / "x.xlsx", [{**M2T, **changes}], title="党员培养成人才台帐")
    assert codes_at(check(path)) == [(code, cell)]


NEAR_MISSES = [
    # (track, changes): one step short of a finding
    ("m2t", {"出生年月": "1978-07"}),                      # month precision equals the ID's month
    ("m2t", {"出生年月": "1978年7月21日"}),
    ("m2t", {"培养状态": "已成才", "成才认定时间": "2005.4"}),  # same month as 确定培养时间
    ("m2t", {"公民身份号码": " 320682 19780721 3757 "}),     # spaces are folded
    ("m2t", {"公民身份号码": "３２０６８２１９７８０７２１３７５７"}),  # full-width digits
    ("m2t", {"公民身份号码": "32068219750218633x", "出生年月": ""}),   # lower-case x
    ("m2t", {"领域": "農村", "培养状态": "培養中"}),          # traditional characters
    ("m2t", {"学历": "大专"}),                               # a synonym
    ("m2t", {"年度培训次数": "4次"}),
    ("m2t", {"培养状态": "终止培养", "年度培训次数": 1}),    # no training rule once stopped
    ("t2m", {"确定为发展对象时间": "2004-06-01"}),          # exactly one year after 积极分子
    ("t2m", {"公民身份号码": id_born(1985, 2, 10), "递交入党申请时间": "2003-02-10"}),  # 18 that day
    ("t2m", {"当前阶段": "正式党员", "转为正式党员时间": "2005-12-01"}),
    ("t2m", {"入党介绍人": "张华 刘伟"}),
    ("t2m", {"当前阶段": "入党积极分子", "确定为发展对象时间": "", "接收为预备党员时间": "", "入党介绍人": ""}),
    ("cadre", {"选拔任用时间": "", "任用职务": "", "培养状态": "培养中"}),
    ("cadre", {"选拔任用时间": "2005年3月"}),                 # same month as 列为后备干部时间
]


@pytest.mark.parametrize(("track", "changes"), NEAR_MISSES)
def test_near_miss_has_no_finding(tmp_path, track, changes):
    assert codes_at(check(ledger(tmp_path, track, changes))) == []


def test_missing_column_is_one_finding_for_the_sheet(tmp_path):
    report = check(ledger(tmp_path, "m2t", rows=5, drop=("公民身份号码",)))
    findings = report.files[0].findings
    assert [(f.code, f.row, f.cell) for f in findings] == [("missing_column", 2, None)]
    assert "公民身份号码" in findings[0].message


def test_conditionally_needed_column_is_flagged_once(tmp_path):
    records = [{k: v for k, v in M2T.items() if k != "成才认定时间"}
               | {"培养状态": "已成才", "出生年月": "", "公民身份号码": id_born(1978, 7, day)} for day in (1, 2, 3)]
    report = check(write_ledger(tmp_path / "x.xlsx", records))
    assert codes_at(report) == [("missing_column", None)]


def test_duplicate_in_file_points_at_the_repeat(tmp_path):
    report = check(ledger(tmp_path, "m2t", rows=2))
    finding = report.files[0].findings[0]
    assert (finding.code, finding.cell) == ("duplicate_in_file", "C4")
    assert "台帐!C3" in finding.message


def test_duplicate_across_files_of_two_townships(tmp_path):
    a = ledger(tmp_path, "m2t", name="a.xlsx")
    b = ledger(tmp_path, "m2t", {"所属镇（街道）": "新庄镇"}, name="b.xlsx")
    report = check(a, b)
    assert codes_at(report) == [("duplicate_across_files", "C3"), ("duplicate_across_files", "C3")]
    assert "新庄镇" in report.files[0].findings[0].message
    assert "城北镇" in report.files[1].findings[0].message


def test_same_township_twice_is_not_a_cross_file_duplicate(tmp_path):
    a = ledger(tmp_path, "m2t", name="a.xlsx")
    b = ledger(tmp_path, "m2t", name="b.xlsx")
    assert codes_at(check(a, b)) == []


def test_other_years_ledgers_are_neither_duplicates_nor_not_members(tmp_path):
    """A person who moved township between two years, or an activist of 2005 who is a cadre
    candidate in 2007, is one person on the ladder, not a mistake."""
    from conftest import write_ledger
    moved = write_ledger(tmp_path / "b2007.xlsx", [{**BASE["m2t"], "所属镇（街道）": "新庄镇"}],
                         title=TITLES["m2t"].replace("2006", "2007"))
    assert codes_at(check(ledger(tmp_path, "m2t", name="a.xlsx"), moved)) == []
    person = {"公民身份号码": CADRE["公民身份号码"], "性别": "男"}
    activist = write_ledger(tmp_path / "t2m2005.xlsx", [{**BASE["t2m"], **person, "当前阶段": "发展对象",
                                                          "接收为预备党员时间": "", "入党介绍人": ""}],
                            title=TITLES["t2m"].replace("2006", "2005"))
    assert codes_at(check(activist, ledger(tmp_path, "cadre", name="cadre.xlsx"))) == []


def test_not_a_member(tmp_path):
    person = {"公民身份号码": CADRE["公民身份号码"], "性别": "男"}
    t2m = ledger(tmp_path, "t2m", {**person, "当前阶段": "发展对象", "接收为预备党员时间": "", "入党介绍人": ""},
                 name="t2m.xlsx")
    cadre = ledger(tmp_path, "cadre", name="cadre.xlsx")
    report = check(t2m, cadre)
    assert codes_at(report) == [("not_a_member", "C3")]
    assert report.files[1].findings[0].code == "not_a_member"


def test_a_probationary_member_may_be_a_cadre_candidate(tmp_path):
    t2m = ledger(tmp_path, "t2m", {"公民身份号码": CADRE["公民身份号码"]}, name="t2m.xlsx")
    assert codes_at(check(t2m, ledger(tmp_path, "cadre", name="cadre.xlsx"))) == []


def test_unknown_township_against_registry(tmp_path):
    registry = Registry({"城北镇": ["城北"], "新庄镇": []})
    assert codes_at(check(ledger(tmp_path, "m2t", {"所属镇（街道）": "城北"}), registry=registry)) == []
    report = check(ledger(tmp_path, "m2t", {"所属镇（街道）": "城西镇"}, name="b.xlsx"), registry=registry)
    assert codes_at(report) == [("unknown_township", "F3")]
    assert "城北镇、新庄镇" in report.files[0].findings[0].message


def test_hidden_sheet_is_read_and_noted(tmp_path):
    path = ledger(tmp_path, "m2t")
    from openpyxl import load_workbook
    wb = load_workbook(path)
    wb.active.sheet_state = "hidden"
    wb.create_sheet("说明").append(["无"])
    wb.save(path)
    report = check(path)
    assert ("hidden_sheet", None) in codes_at(report)
    assert report.files[0].sheets[0].rows == 1


def test_unknown_kind(tmp_path):
    wb = Workbook()
    wb.active.append(["甲", "乙"])
    wb.active.append(["1", "2"])
    wb.save(tmp_path / "x.xlsx")
    assert codes_at(check(tmp_path / "x.xlsx")) == [("unknown_kind", None), ("no_ledger", None)]


def test_unknown_sheet_beside_a_ledger_is_only_a_warning(tmp_path):
    path = write_ledger(tmp_path / "x.xlsx", [M2T], extra_sheets={"说明函": [["关于报送台帐的函"], ["各镇："]]})
    assert codes_at(check(path)) == [("unknown_kind", None)]


def test_formula_without_cached_value(tmp_path):
    path = ledger(tmp_path, "m2t", {"年度培训次数": "=2+2"})
    assert codes_at(check(path)) == [("formula_no_value", "N3")]


def test_every_code_is_tested():
    tested = {c[0] for c in CASES} | {
        "missing_column", "duplicate_in_file", "duplicate_across_files", "not_a_member",
        "unknown_township", "hidden_sheet", "unknown_kind", "formula_no_value", "unreadable_file",
        "year_undetermined", "duplicate_submission",  # raised by ingest: tests/test_store.py
        "no_ledger",  # test_unknown_kind
        # the file as a whole: tests/test_hostile.py
        "sheet_damaged", "file_empty", "file_too_large", "file_cannot_open", "file_encrypted", "file_bomb",
        "not_a_spreadsheet", "html_without_table", "html_too_large", "bad_encoding", "csv_malformed",
    }
    assert tested == set(CODES)


def test_messages_mask_id_numbers(tmp_path):
    report = check(ledger(tmp_path, "m2t", {"公民身份号码": "320682197807213758"}))
    finding = report.files[0].findings[0]
    assert finding.value == "320682********3758"
    assert "197807" not in finding.message


def test_dates_before_today_option(tmp_path):
    path = ledger(tmp_path, "m2t", {"确定培养时间": "2007-01-05"})
    assert codes_at(check(path, today=dt.date(2007, 2, 1))) == []


def test_docs_list_every_code():
    from pathlib import Path

    from talentledger.ledger.findings import codes_markdown
    docs = (Path(__file__).resolve().parent.parent / "docs" / "findings.md").read_text(encoding="utf-8")
    assert codes_markdown() in docs, "run python scripts/make_docs.py"


# For each code of docs/findings.md: a ledger that comes close to it and must not raise it.
MUST_NOT_FIRE = {
    "missing_column": ("m2t", {}, ("出生年月", "学历", "年度培训次数")),   # optional columns may be absent
    "required": ("t2m", {"当前阶段": "正式党员", "转为正式党员时间": "2005-12-01", "培养联系人": ""}, ()),
    "invalid_date": ("m2t", {"入党时间": "2001年7月", "确定培养时间": 20050401}, ()),
    "invalid_value": ("m2t", {"领域": "非公有制企业", "学历": "本科", "人才类别": "其它"}, ()),
    "id_invalid": ("m2t", {"公民身份号码": "320682197807213757 "}, ()),
    "id_stored_as_number": ("m2t", {"公民身份号码": "'320682197807213757"}, ()),
    "id_mismatch_birth": ("m2t", {"出生年月": "19780721"}, ()),
    "id_mismatch_gender": ("m2t", {"性别": "男性"}, ()),
    "date_order": ("m2t", {"培养状态": "已成才", "成才认定时间": "2005-04-01"}, ()),
    "too_soon": ("t2m", {"确定为发展对象时间": "2004-06"}, ()),
    "underage": ("t2m", {"公民身份号码": id_born(1985, 2, 10), "递交入党申请时间": "2003.2"}, ()),
    "ambiguous_date": ("m2t", {"确定培养时间": 2005.3, "入党时间": "2001.1"}, ()),  # a text 2001.1 is January
    "stage_mismatch": ("cadre", {"选拔任用时间": "", "任用职务": "", "培养状态": "终止培养"}, ()),
    "few_trainings": ("m2t", {"年度培训次数": 6}, ()),
    "unknown_township": ("m2t", {"所属镇（街道）": "城北鎮"}, ()),
}


@pytest.mark.parametrize("code", sorted(MUST_NOT_FIRE))
def test_code_does_not_fire_near_its_condition(tmp_path, code):
    track, changes, drop = MUST_NOT_FIRE[code]
    registry = Registry({"城北镇": []}) if code == "unknown_township" else None
    report = check(ledger(tmp_path, track, changes, drop=drop), registry=registry)
    assert codes_at(report) == []


def test_two_different_people_are_not_duplicates(tmp_path):
    records = [M2T, {**M2T, "公民身份号码": "32068219750218633X", "出生年月": ""}]
    assert codes_at(check(write_ledger(tmp_path / "x.xlsx", records))) == []


def test_a_member_who_is_not_in_the_member_ledgers_is_not_flagged(tmp_path):
    other = ledger(tmp_path, "t2m", {"公民身份号码": id_born(1980)}, name="t2m.xlsx")
    assert codes_at(check(other, ledger(tmp_path, "cadre", name="cadre.xlsx"))) == []
