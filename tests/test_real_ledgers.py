"""Ledgers as real offices and party-member systems write them (issue 7): a clean one gives no
error, every real column is understood, and what is wrong is found at its cell."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import zipfile

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from conftest import CADRE, M2T, T2M, check, codes_at, id_born, rewrite_zip, write_ledger
from talentledger.check import rules
from talentledger.cli import app
from talentledger.ledger.fields import EDUCATION, SECTOR, SHEET_FIELDS, STAGE, Kind, lookup_header
from talentledger.ledger.vocabulary import EDUCATION_VALUES, HEADERS, SECTOR_VALUES, STAGE_VALUES
from talentledger.read.months import ods_month_cells

T2M_TITLE = "城北镇人才培养成党员台帐（2006年度）"


def _sheet(path, headers, rows, *, title="城北镇党员培养成人才台帐（2006年度）", formats=None):
    """A ledger written cell by cell, with number formats per header (for date cells)."""
    wb = Workbook()
    ws = wb.active
    ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h, "") for h in headers])
    for col, header in enumerate(headers, start=1):
        for r in range(3, 3 + len(rows)):
            if formats and header in formats:
                ws.cell(r, col).number_format = formats[header]
    wb.save(path)
    return path


# ---- 1. precision as the ledger means it ------------------------------------------------

def test_birth_month_typed_into_a_date_cell_is_a_month(tmp_path):
    """Excel stores a typed 1978年7月 as 1978-07-01; the ID says the 21st."""
    rows = [{**M2T, "出生年月": dt.datetime(1978, 7, 1)}]
    assert codes_at(check(write_ledger(tmp_path / "a.xlsx", rows))) == []


def test_birth_date_header_keeps_day_precision(tmp_path):
    rows = [{**M2T, "出生日期": dt.datetime(1978, 7, 1)}]
    headers = [h if h != "出生年月" else "出生日期" for h in M2T]
    report = check(write_ledger(tmp_path / "a.xlsx", rows, header_row_values=headers))
    assert codes_at(report) == [("id_mismatch_birth", "D3")]


def test_cell_formatted_without_a_day_is_a_month(tmp_path):
    """确定培养时间 typed 2005年4月 into a yyyy"年"m"月" cell is April, not April 1st, so a
    入党时间 of April 20th is not after it."""
    record = {**M2T, "入党时间": "2005-04-20", "确定培养时间": dt.datetime(2005, 4, 1)}
    path = _sheet(tmp_path / "a.xlsx", list(M2T), [record], formats={"确定培养时间": 'yyyy"年"m"月"'})
    assert codes_at(check(path)) == []
    plain = _sheet(tmp_path / "b.xlsx", list(M2T), [record], formats={"确定培养时间": "yyyy-mm-dd"})
    assert codes_at(check(plain)) == [("date_order", "J3")]


@pytest.mark.parametrize("suffix", ["xlsx", "ods", "xls"])
def test_month_formats_are_months_in_every_format(data_dir, suffix):
    """One ledger saved by LibreOffice in three formats (tests/data/months/make_month_formats.py): its
    确定培养时间 cells hold 2005-04-01 under yyyy"年"m"月", yyyy-mm-dd, yyyy-mm,
    yyyy"年"m"月"d"日" and mmm-yy. Only the two formats with a day are before 入党时间 2005-04-20."""
    report = check(data_dir / "months" / f"month_formats.{suffix}")
    assert codes_at(report) == [("date_order", "J4"), ("date_order", "J6")]


_ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"><office:automatic-styles>
<number:date-style style:name="M"><number:year/><number:text>年</number:text><number:month/></number:date-style>
<number:date-style style:name="D"><number:year/><number:month/><number:day/></number:date-style>
<style:style style:name="month" style:family="table-cell" style:data-style-name="M"/>
<style:style style:name="inherits" style:family="table-cell" style:parent-style-name="month"/>
<style:style style:name="day" style:family="table-cell" style:data-style-name="D"/>
</office:automatic-styles><office:body><office:spreadsheet><t:table t:name="台帐">
<t:table-column t:number-columns-repeated="5"/><t:table-column t:default-cell-style-name="month"/>
<t:table-row><t:table-cell t:number-columns-repeated="2"/><t:covered-table-cell/>
 <t:table-cell t:style-name="inherits" office:value-type="date" office:date-value="2005-04-01"><text:p>2005年4月</text:p></t:table-cell></t:table-row>
<t:table-row t:number-rows-repeated="2"><t:table-cell t:style-name="month" t:number-columns-repeated="2"
 office:value-type="date" office:date-value="2005-04-01"/><t:table-cell t:number-columns-repeated="9"/></t:table-row>
<t:table-row><t:table-cell t:style-name="day" office:value-type="date" office:date-value="2005-04-01"/></t:table-row>
<t:table-row><t:table-cell t:number-columns-repeated="5"/><t:table-cell office:value-type="date" office:date-value="2005-04-01"/>
 <t:table-cell t:style-name="month" office:value-type="string"><text:p>2005年4月</text:p></t:table-cell></t:table-row>
</t:table></office:spreadsheet></office:body></office:document-content>"""


def test_ods_month_cells_counted_as_the_sheet_lays_them_out(tmp_path):
    """Repeated rows and cells, covered (merged) cells, a column's default style, a style that
    inherits its format, any namespace prefix; a day format and a text cell are not months."""
    path = tmp_path / "a.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", _ODS_CONTENT)
    assert ods_month_cells(path) == {"台帐": {(0, 3), (1, 0), (1, 1), (2, 0), (2, 1), (4, 5)}}


def test_chinese_builtin_month_format_of_excel(tmp_path):
    """Chinese Excel writes yyyy"年"m"月" as built-in format 57 without spelling it out."""
    record = {**M2T, "入党时间": "2005-04-20", "确定培养时间": dt.datetime(2005, 4, 1)}
    path = _sheet(tmp_path / "a.xlsx", list(M2T), [record], formats={"确定培养时间": 'yyyy"年"m"月"'})
    _builtin_format(path, 'yyyy&quot;年&quot;m&quot;月&quot;', 57)
    assert codes_at(check(path)) == []
    _builtin_format(path, "57", 31)  # yyyy"年"m"月"d"日": the day counts again
    assert codes_at(check(path)) == [("date_order", "J3")]


def _builtin_format(path, code: str, builtin: int) -> None:
    """Rewrite the workbook so the cells of custom format `code` (or of id `code`) use the
    built-in id `builtin`, as Excel writes it: no <numFmt> of its own."""
    def use_builtin(name: str, data: bytes) -> bytes:
        if name != "xl/styles.xml":
            return data
        styles = data.decode()
        if code.isdigit():
            return styles.replace(f'numFmtId="{code}"', f'numFmtId="{builtin}"').encode()
        custom = re.search(rf'<numFmt numFmtId="(\d+)" formatCode="{re.escape(code)}"\s*/>', styles)
        return styles.replace(custom.group(0), "").replace(f'numFmtId="{custom.group(1)}"',
                                                           f'numFmtId="{builtin}"').encode()
    rewrite_zip(path, path, use_builtin)


# ---- 2. headers ---------------------------------------------------------------------------

@pytest.mark.parametrize("seen", HEADERS, ids=lambda s: f"{s.field}-{s.text}")
def test_every_header_seen_in_real_files_is_understood(seen):
    kinds = [k for k, fields in SHEET_FIELDS.items() if (seen.kinds is None or k.value in seen.kinds)
             and any(f.name == seen.field for f in fields)]
    if seen.field == "join_date":
        kinds.append(Kind.TALENT_TO_MEMBER)  # read there as 接收为预备党员时间
    assert kinds
    for kind in kinds:
        found = lookup_header(kind, seen.text)
        expected = "probation_date" if (kind is Kind.TALENT_TO_MEMBER and seen.field == "join_date") else seen.field
        assert found is not None and found[0].name == expected, (kind, seen)


@pytest.mark.parametrize(("header", "field"), [
    ("被列为入党积极分子日期", "activist_date"), ("确定为发展对象年月", "candidate_date"),
    ("转正年月", "full_date"), ("递交入党申请书的时间", "application_date"), ("入党積極份子時間", "activist_date"),
    ("确定为入党积极分子时间（年.月）", "activist_date"), ("转 正 时 间", "full_date"),
])
def test_headers_never_seen_are_read_by_their_parts(header, field):
    found = lookup_header(Kind.TALENT_TO_MEMBER, header)
    assert found is not None and found[0].name == field


def test_rules_of_a_real_header_apply(tmp_path):
    """A six-month gap from 积极分子 to 发展对象 under the headers a real system exports."""
    rename = {"确定为入党积极分子时间": "入党积极分子时间", "确定为发展对象时间": "列为发展对象时间",
              "递交入党申请时间": "提交入党申请书时间", "接收为预备党员时间": "列为预备党员时间",
              "转为正式党员时间": "转正日期", "所属镇（街道）": "乡镇", "公民身份号码": "证件号码"}
    record = {rename.get(k, k): v for k, v in T2M.items()} | {"列为发展对象时间": "2003-12-01"}
    report = check(write_ledger(tmp_path / "a.xlsx", [record], title=T2M_TITLE))
    assert codes_at(report) == [("too_soon", "H3")]


def test_two_facts_are_not_duplicates_and_unknown_columns_are_not_to_be_deleted(tmp_path):
    record = {**M2T, "所在党支部": "城北村党支部", "工作单位": "城北村委会", "联系电话": "5201234",
              "手机号码": "13900000000", "籍贯": "江苏南通"}
    report = check(write_ledger(tmp_path / "a.xlsx", [record]))
    assert codes_at(report) == [("unknown_column", "S2")]
    assert "删除" not in report.files[0].findings[0].message


def test_introducers_in_two_numbered_columns_are_one_field(tmp_path):
    record = {k: v for k, v in T2M.items() if k != "入党介绍人"} | {"入党介绍人1": "张华", "入党介绍人2": "刘伟"}
    seen = []
    from talentledger.check import Options, check_paths
    report = check_paths([write_ledger(tmp_path / "a.xlsx", [record], title=T2M_TITLE)],
                         Options(today=dt.date(2006, 12, 31)), on_row=lambda ledger, row: seen.append(row))
    assert codes_at(report) == []
    assert seen[0].values["introducers"] == "张华、刘伟"
    one = {**record, "入党介绍人2": ""}
    assert codes_at(check(write_ledger(tmp_path / "b.xlsx", [one], title=T2M_TITLE))) == [("missing_introducers", "N3")]


# ---- 3. stage from the dates ----------------------------------------------------------------

def test_a_development_list_without_a_stage_column(tmp_path):
    record = {k: v for k, v in T2M.items() if k != "当前阶段"}
    seen = []
    from talentledger.check import Options, check_paths
    report = check_paths([write_ledger(tmp_path / "a.xlsx", [record], title=T2M_TITLE)],
                         Options(today=dt.date(2006, 12, 31)), on_row=lambda ledger, row: seen.append(row))
    assert codes_at(report) == []
    assert seen[0].values["stage"] == "预备党员"


@pytest.mark.parametrize(("status", "expected"), [
    ("中共预备党员", []), ("群众", [("stage_mismatch", "K3")]), ("共青团员", [("stage_mismatch", "K3")]),
])
def test_political_status_read_as_the_stage(tmp_path, status, expected):
    record = {("政治面貌" if k == "当前阶段" else k): (status if k == "当前阶段" else v) for k, v in T2M.items()}
    assert codes_at(check(write_ledger(tmp_path / "a.xlsx", [record], title=T2M_TITLE))) == expected


def test_masses_before_probation_is_not_a_mismatch(tmp_path):
    record = {("政治面貌" if k == "当前阶段" else k): v for k, v in T2M.items()} | {
        "政治面貌": "群众", "接收为预备党员时间": "", "入党介绍人": ""}
    assert codes_at(check(write_ledger(tmp_path / "a.xlsx", [record], title=T2M_TITLE))) == []


# ---- 4. values by meaning ---------------------------------------------------------------------

@pytest.mark.parametrize(("enum", "seen"), [(EDUCATION, v) for v in EDUCATION_VALUES]
                         + [(SECTOR, v) for v in SECTOR_VALUES] + [(STAGE, v) for v in STAGE_VALUES],
                         ids=lambda x: getattr(x, "text", ""))
def test_every_value_seen_in_real_files_is_understood(enum, seen):
    assert enum.parse(seen.text) == seen.canonical


@pytest.mark.parametrize(("value", "level"), [("大学本科毕业", "大学本科"), ("专科在读", "大学专科"),
                                              ("高中文化", "高中"), ("中等专业学校或中等技术学校", "中专")])
def test_education_written_with_more_words(value, level):
    assert EDUCATION.parse(value) == level


# ---- 5. layout --------------------------------------------------------------------------------

def test_merged_group_title_that_looks_like_a_field(tmp_path):
    """培养情况 (a synonym of 培养状态) merged over 确定培养时间 | 培养状态 | 成才认定时间."""
    wb = Workbook()
    ws = wb.active
    ws.append(["城北镇党员培养成人才台帐（2006年度）"])
    first = [h for h in M2T if h not in ("确定培养时间", "培养状态", "成才认定时间")]
    ws.append(first + ["培养情况", "", ""])
    ws.append([""] * len(first) + ["确定培养时间", "培养状态", "成才认定时间"])
    ws.append([M2T[h] for h in first] + [M2T["确定培养时间"], M2T["培养状态"], M2T["成才认定时间"]])
    n = len(first)
    ws.merge_cells(start_row=2, start_column=n + 1, end_row=2, end_column=n + 3)
    for c in range(1, n + 1):
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    wb.save(tmp_path / "a.xlsx")
    report = check(tmp_path / "a.xlsx")
    assert codes_at(report) == []
    sheet = report.files[0].sheets[0]
    assert sheet.header_rows == [2, 3] and sheet.rows == 1


@pytest.mark.parametrize("merged", [True, False])
def test_two_level_header_whose_sub_row_holds_most_headers(tmp_path, merged):
    """姓名 | 公民身份号码 on top; 基本情况 and 培养情况 over twelve more columns below: the
    sub-row has more known headers than the top row, yet the top row's columns are read."""
    top = ["姓名", "公民身份号码"]
    basic = ["性别", "所属镇（街道）", "领域"]
    groups = {"基本情况": basic, "培养情况": [h for h in T2M if h not in top + basic]}
    wb = Workbook()
    ws = wb.active
    ws.append([T2M_TITLE])
    ws.append(top + [word for title, under in groups.items() for word in [title] + [""] * (len(under) - 1)])
    ws.append([""] * len(top) + [h for under in groups.values() for h in under])
    order = top + [h for under in groups.values() for h in under]
    ws.append([T2M[h] for h in order])
    if merged:
        for c in range(1, len(top) + 1):
            ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
        start = len(top) + 1
        for under in groups.values():
            ws.merge_cells(start_row=2, start_column=start, end_row=2, end_column=start + len(under) - 1)
            start += len(under)
    wb.save(tmp_path / "a.xlsx")
    report = check(tmp_path / "a.xlsx")
    assert codes_at(report) == []
    sheet = report.files[0].sheets[0]
    assert sheet.header_rows == [2, 3] and sheet.rows == 1


def test_unit_line_with_the_party_committee_name(tmp_path):
    record = {k: v for k, v in M2T.items() if k != "所属镇（街道）"}
    path = write_ledger(tmp_path / "a.xlsx", [record], title="党员培养成人才台帐（2006年度）", unit="中共双河乡委员会")
    report = check(path)
    assert codes_at(report) == [] and report.files[0].sheets[0].township == "双河乡"


# ---- 6. numbers and IDs ------------------------------------------------------------------------

def test_ambiguous_number_date_is_judged_by_both_readings(tmp_path):
    """2004.1 may be 2004.10: a 发展对象 date of 2005.9 is not too soon for either reading…"""
    record = {**T2M, "确定为入党积极分子时间": 2004.1, "确定为发展对象时间": "2005.11", "递交入党申请时间": "2004.1.1",
              "接收为预备党员时间": "2005-12-01"}
    report = check(write_ledger(tmp_path / "a.xlsx", [record], title=T2M_TITLE))
    assert codes_at(report) == [("ambiguous_date", "G3")]
    message = report.files[0].findings[0].message
    assert "2004年1月" in message and "2004年10月" in message
    # …but 2004.12 is too soon for both.
    soon = {**record, "确定为发展对象时间": "2004.12"}
    assert codes_at(check(write_ledger(tmp_path / "b.xlsx", [soon], title=T2M_TITLE))) == [
        ("ambiguous_date", "G3"), ("too_soon", "H3")]


def test_number_stored_id_is_shown_as_excel_shows_it(tmp_path):
    from talentledger.check import Options, check_paths
    path = write_ledger(tmp_path / "a.xlsx", [{**M2T, "公民身份号码": 320612196204211968}])
    report = check_paths([path], Options(today=dt.date(2006, 12, 31), mask_ids=False))
    finding = report.files[0].findings[0]
    assert (finding.code, finding.value) == ("id_stored_as_number", "320612196204212000")


def test_first_generation_id_says_how_to_give_the_new_one(tmp_path):
    from talentledger.check import Options, check_paths
    path = write_ledger(tmp_path / "a.xlsx", [{**M2T, "公民身份号码": "320682780721375"}])
    report = check_paths([path], Options(today=dt.date(2006, 12, 31), mask_ids=False))
    finding = report.files[0].findings[0]
    assert finding.code == "id_first_generation" and "18位" in finding.message
    assert "320682197807213757" in finding.message  # 19 inserted, check digit appended


# ---- 8. no ledger, no acceptance -----------------------------------------------------------------

def test_a_letter_saved_as_a_workbook_is_rejected_by_ingest(tmp_path):
    from talentledger.check import Options
    from talentledger.jobs.ingest import ingest_paths
    from talentledger.store import Store
    wb = Workbook()
    wb.active.append(["关于报送2006年度三培养台帐的函"])
    wb.active.append(["各镇（街道）党委："])
    wb.save(tmp_path / "letter.xlsx")
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    try:
        report = ingest_paths([tmp_path / "letter.xlsx"], store, Options(today=dt.date(2006, 12, 31)))
        assert not report.files[0].accepted
        assert "no_ledger" in [f.code for f in report.check.files[0].findings]
    finally:
        store.close()


# ---- 9. faults are faults ----------------------------------------------------------------------

def test_a_bug_in_a_rule_is_a_program_failure_not_an_unreadable_file(tmp_path, monkeypatch):
    def broken(row, f):
        raise ValueError("boom")
    monkeypatch.setitem(rules.RULES, Kind.MEMBER_TO_TALENT, [broken])
    path = write_ledger(tmp_path / "a.xlsx", [M2T])
    result = CliRunner().invoke(app, ["check", str(path)])
    assert result.exit_code == 3
    assert "程序内部错误" in result.output and "文件无法读取" not in result.output
    assert "Traceback" not in result.output
    debug = CliRunner().invoke(app, ["--debug", "check", str(path)])
    assert isinstance(debug.exception, ValueError)


def test_a_program_failure_from_a_real_process_is_one_chinese_line(tmp_path):
    """Run as a subprocess, with a rule made to fail by a small wrapper script."""
    path = write_ledger(tmp_path / "a.xlsx", [M2T])
    script = ("import sys\nfrom talentledger.check import rules\nfrom talentledger.ledger.fields import Kind\n"
              "def broken(row, f):\n    raise KeyError('x')\n"
              "rules.RULES[Kind.MEMBER_TO_TALENT] = [broken]\n"
              "from talentledger.cli import main\nsys.argv = ['talentledger', 'check', sys.argv[1]]\nmain()\n")
    done = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True)
    assert done.returncode == 3
    assert done.stdout == "" and done.stderr.startswith("程序内部错误（KeyError")
    assert "Traceback" not in done.stderr


# ---- 10. format characters --------------------------------------------------------------------

def test_zero_width_characters_are_not_a_value(tmp_path):
    report = check(write_ledger(tmp_path / "a.xlsx", [{**M2T, "培养联系人": "\u200b\ufeff", "备注": "\u200b"}]))
    assert codes_at(report) == [("required", "M3")]
    clean = check(write_ledger(tmp_path / "b.xlsx", [{**M2T, "姓名": "王\u200b建军", "学历": "\ufeff大学专科"}]))
    assert codes_at(clean) == []


def test_cadre_clean_row_with_real_headers(tmp_path):
    rename = {"入党时间": "入党日期", "公民身份号码": "公民身份证号码"}
    record = {rename.get(k, k): v for k, v in CADRE.items()}
    report = check(write_ledger(tmp_path / "a.xlsx", [record], title="新庄镇党员人才培养成干部台帐（2006年度）"))
    assert codes_at(report) == []
    assert id_born(1965)  # the helper stays importable for the property test


def test_reading_doc_lists_every_header_and_value_from_the_table():
    from pathlib import Path

    from talentledger.ledger.headers import vocabulary_markdown
    docs = (Path(__file__).resolve().parent.parent / "docs" / "reading.md").read_text(encoding="utf-8")
    assert docs.endswith(vocabulary_markdown()), "run python scripts/make_docs.py"
    for seen in HEADERS:
        assert f"| {seen.text} |" in docs


def test_reading_doc_lists_the_values_of_every_enumerated_column():
    from pathlib import Path

    from talentledger.ledger.fields import SHEET_FIELDS
    from talentledger.ledger.vocabulary import SOURCES
    docs = (Path(__file__).resolve().parent.parent / "docs" / "reading.md").read_text(encoding="utf-8")
    enums = {id(spec.enum): (spec.header, spec.enum) for fields in SHEET_FIELDS.values()
             for spec in fields if spec.enum is not None}
    assert len(enums) == 8  # 性别 学历 领域 人才类别 阶段 方向 and the two 培养状态
    sections = docs.split("\n### ")
    for header, enum in enums.values():
        rows = [f"| {seen.text} | {seen.canonical} | `{seen.source}` |" for seen in enum.rows]
        assert any(part.startswith(header) and all(row in part for row in rows) for part in sections), header
        assert all(seen.source in SOURCES for seen in enum.rows)
        assert all(enum.parse(seen.text) == seen.canonical for seen in enum.rows)
