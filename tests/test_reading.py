"""Reading workbooks as they really come: formats, titles, merged headers, footers, townships."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from conftest import DATA, M2T, check, codes_at, write_ledger
from talentledger.check import Options, check_paths
from talentledger.ledger.fields import Kind
from talentledger.ledger.townships import Registry
from talentledger.read.files import open_sheets
from talentledger.read.layout import understand


def test_shared_fixtures_read_clean():
    paths = sorted(DATA.iterdir())
    report = check_paths(paths, Options(today=dt.date(2026, 11, 23)))
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in report.files}
    for name in ("donggang_2006_traditional.xls", "nanhu_2006_gb18030.csv", "xinzhuang_2006_cadre.ods"):
        assert by_name[name].findings == [], name
    html = by_name["system_export_2006.xls"]  # read; only 姓名/性别/身份证号, so no kind to check
    assert html.readable and [f.code for f in html.findings] == ["unknown_kind", "no_ledger"]


def test_traditional_xls_with_two_level_header_and_unit_line():
    sheets = open_sheets(DATA / "donggang_2006_traditional.xls")
    ledger = understand(DATA / "donggang_2006_traditional.xls", sheets[0], Registry())
    assert ledger.kind is Kind.TALENT_TO_MEMBER
    assert ledger.header_rows == (3, 4)
    assert ledger.township == "东港街道" and ledger.township_source == "填报单位"
    assert ledger.year == 2006
    fields = {c.spec.name for c in ledger.columns if c.spec}
    assert {"application_date", "activist_date", "candidate_date", "probation_date", "stage"} <= fields
    rows = list(ledger.rows)
    assert [n for n, _ in rows] == [5, 6, 7, 8, 9, 10]  # 合計 and 填表人 rows are passed over


def test_ods_cadre_sheet_named_for_its_kind():
    report = check_paths([DATA / "xinzhuang_2006_cadre.ods"], Options())
    sheet = report.files[0].sheets[0]
    assert (sheet.kind, sheet.rows, sheet.township) == (Kind.TALENT_TO_CADRE, 5, "新庄镇")


def test_gb18030_csv():
    report = check_paths([DATA / "nanhu_2006_gb18030.csv"], Options())
    sheet = report.files[0].sheets[0]
    assert (sheet.kind, sheet.rows) == (Kind.MEMBER_TO_TALENT, 5)


def test_utf8_csv_with_bom(tmp_path):
    path = tmp_path / "城北镇.csv"
    lines = [",".join(M2T), ",".join(str(v) for v in M2T.values())]
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    assert codes_at(check(path)) == []


def test_kind_from_columns_when_name_and_title_say_nothing(tmp_path):
    path = write_ledger(tmp_path / "x.xlsx", [M2T], title=None, sheet="Sheet1")
    assert check(path).files[0].sheets[0].kind is Kind.MEMBER_TO_TALENT


def test_header_synonyms_spaces_and_notes(tmp_path):
    headers = ["姓 名", "性别（男/女）", "身份证号", "所属镇（街道）", "领域", "入党时间", "人才类别",
               "确定培养时间", "培养状态", "成才认定时间", "帮带人", "培训次数"]
    record = dict(zip(headers, [M2T[k] for k in ("姓名", "性别", "公民身份号码", "所属镇（街道）", "领域", "入党时间",
                                                   "人才类别", "确定培养时间", "培养状态", "成才认定时间",
                                                   "培养联系人", "年度培训次数")], strict=True))
    report = check(write_ledger(tmp_path / "x.xlsx", [record]))
    assert codes_at(report) == []
    fields = [c.field for c in report.files[0].sheets[0].columns]
    assert fields[:3] == ["name", "gender", "id_number"]


def test_layout_rows_blank_totals_footer_and_offset(tmp_path):
    """Data starting at B3, a blank row in the middle, a 小计 row, a footer: row numbers stay Excel's."""
    wb = Workbook()
    ws = wb.active
    ws.title = "党员培养成人才"
    ws["B1"] = "城北镇党员培养成人才台帐"
    headers = list(M2T)
    for i, h in enumerate(headers):
        ws.cell(3, i + 2, h)
    for i, h in enumerate(headers):
        ws.cell(4, i + 2, M2T[h])
    second = {**M2T, "公民身份号码": "32068219750218633X", "出生年月": "", "性别": "男"}
    for i, h in enumerate(headers):
        ws.cell(6, i + 2, second[h])
    ws.cell(7, 2, "小计")
    ws.cell(9, 2, "填表人：周敏")
    ws.cell(6, headers.index("领域") + 2, "农业口")
    path = tmp_path / "offset.xlsx"
    wb.save(path)
    report = check(path)
    assert codes_at(report) == [("invalid_value", "H6")]
    assert report.files[0].sheets[0].rows == 2


def test_township_from_file_name_with_registry(tmp_path):
    record = {k: v for k, v in M2T.items() if k != "所属镇（街道）"}
    path = write_ledger(tmp_path / "chengbei_城北_2006.xlsx", [record], title="党员培养成人才台帐")
    report = check(path, registry=Registry({"城北镇": ["城北"]}))
    assert codes_at(report) == []
    assert report.files[0].sheets[0].township == "城北镇"


def test_township_missing_everywhere_is_one_sheet_finding(tmp_path):
    record = {k: v for k, v in M2T.items() if k != "所属镇（街道）"}
    path = write_ledger(tmp_path / "ledger.xlsx", [record, record | {"公民身份号码": "32068219750218633X",
                                                                     "出生年月": ""}], title="党员培养成人才台帐")
    assert codes_at(check(path)) == [("township_undetermined", None)]


def test_several_sheets_and_empty_ones(tmp_path):
    path = write_ledger(tmp_path / "book.xlsx", [M2T], extra_sheets={"Sheet2": [], "Sheet3": []})
    report = check(path)
    assert [s.sheet for s in report.files[0].sheets] == ["台帐"]
    assert codes_at(report) == []


def test_prefilled_serial_numbers_are_not_rows(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["城北镇党员培养成人才台帐"])
    ws.append(["序号", *M2T])
    ws.append([1, *M2T.values()])
    for n in range(2, 30):
        ws.append([n])
    wb.save(tmp_path / "t.xlsx")
    report = check(tmp_path / "t.xlsx")
    assert report.files[0].sheets[0].rows == 1 and codes_at(report) == []


def test_format_comes_from_content_not_name(tmp_path):
    """WPS and some systems save a workbook under another format's extension."""
    import shutil
    clean = write_ledger(tmp_path / "clean.xlsx", [M2T])
    shutil.copy(clean, tmp_path / "really_xlsx.xls")
    shutil.copy(clean, tmp_path / "macro.xlsm")
    shutil.copy(DATA / "donggang_2006_traditional.xls", tmp_path / "really_xls.xlsx")
    shutil.copy(DATA / "xinzhuang_2006_cadre.ods", tmp_path / "really_ods.xlsx")
    names = ["really_xlsx.xls", "macro.xlsm", "really_xls.xlsx", "really_ods.xlsx"]
    report = check(*(tmp_path / n for n in names), today=dt.date(2026, 11, 23))
    assert [f.readable for f in report.files] == [True] * 4
    assert [f.sheets[0].rows for f in report.files] == [1, 1, 6, 5]
    assert codes_at(report) == []


def test_unit_line_naming_an_unregistered_township(tmp_path):
    record = {k: v for k, v in M2T.items() if k != "所属镇（街道）"}
    path = write_ledger(tmp_path / "ledger.xlsx", [record], title="党员培养成人才台帐（2006年度）", unit="城西镇党委")
    report = check(path, registry=Registry({"城北镇": []}))
    findings = report.files[0].findings
    assert [(f.code, f.value) for f in findings] == [("unknown_township", "城西镇")]
    assert "城北镇" in findings[0].message


def test_html_table_exported_as_xls(tmp_path):
    """Some systems export an HTML table named .xls: merged headers and '-prefixed IDs."""
    headers = [h for h in M2T if h not in ("确定培养时间", "培养状态")]
    cells = "".join(f'<td rowspan="2">{h}</td>' for h in headers)
    body = "".join(f"<td>{chr(39) + str(M2T[h]) if h == '公民身份号码' else M2T[h]}</td>" for h in headers)
    page = (f"<html><head><meta charset='utf-8'></head><body><table>"
            f"<tr><td colspan='{len(headers) + 2}'>城北镇党员培养成人才台帐（2006年度）</td></tr>"
            f"<tr>{cells}<td colspan='2'>培养信息</td></tr>"
            f"<tr><td>确定培养时间</td><td>培养状态</td></tr>"
            f"<tr>{body}<td>{M2T['确定培养时间']}</td><td>{M2T['培养状态']}</td></tr></table></body></html>")
    path = tmp_path / "export.xls"
    path.write_text(page, encoding="utf-8")
    report = check(path)
    assert codes_at(report) == []
    sheet = report.files[0].sheets[0]
    assert (sheet.kind, sheet.rows, sheet.header_rows) == (Kind.MEMBER_TO_TALENT, 1, [2, 3])
