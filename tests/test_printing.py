"""Everything printable prints: the report workbook, blank templates and annotated copies carry
an A4 page setup, and LibreOffice turns each into a PDF of the expected number of pages.

The PDF tests need LibreOffice (`soffice`) on PATH and are skipped without it; CI installs it.
Each conversion runs with its own LibreOffice profile, so parallel runs do not clash."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from conftest import DATA, M2T, TODAY, check, id_born, rewrite_zip, write_ledger
from talentledger.check import Options, collect_paths
from talentledger.jobs.ingest import ingest_paths
from talentledger.ledger.config import Config
from talentledger.ledger.fields import KIND_SHORT, Kind
from talentledger.output.annotate import annotate_file, annotate_report
from talentledger.output.blank_ledger import INSTRUCTIONS_SHEET, SHEETS, write_template
from talentledger.read.ooxml import MAX_LAYOUT_COLUMNS, sheet_layouts
from talentledger.report import build_report, write_report
from talentledger.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_ledgers"
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not on PATH")
A4 = 9  # paperSize of A4 in SpreadsheetML


def pdf_pages(tmp_path: Path, *files: Path) -> dict[str, int]:
    """Convert `files` to PDF with LibreOffice; the page count of each, by file name."""
    out = tmp_path / "pdf"
    subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=300)
    # Every page object is "/Type /Page" (the page tree is "/Type /Pages").
    return {f.name: len(re.findall(rb"/Type\s*/Page(?![s\w])", (out / f"{f.stem}.pdf").read_bytes())) for f in files}


def width(sheet: Worksheet, letter: str) -> float | None:
    """A column's width, also where a <col> element spans several columns."""
    index = column_index_from_string(letter)
    for dimension in sheet.column_dimensions.values():
        if dimension.min and dimension.max and dimension.min <= index <= dimension.max:
            return dimension.width
    return None


def assert_prints_on_a4(sheet: Worksheet, *, landscape: bool, title_rows: str) -> None:
    setup = sheet.page_setup
    assert int(setup.paperSize) == A4, sheet.title
    assert setup.orientation == ("landscape" if landscape else "portrait"), sheet.title
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), sheet.title
    assert (sheet.print_title_rows or "").replace("$", "") == title_rows, sheet.title
    footer = sheet.oddFooter.center.text or ""
    assert "&P" in footer and "&N" in footer, sheet.title


# ---- the report workbook -------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    """The 2006 report of everything sample_ledgers/ holds, as an .xlsx."""
    folder = tmp_path_factory.mktemp("report")
    store = Store(f"sqlite:///{folder / 'ledgers.db'}")
    try:
        ingest_paths(collect_paths([str(SAMPLES)]), store, Options())
        report = build_report(store, Config(), 2006, dt.date(2006, 9, 30))
    finally:
        store.close()
    return write_report(report, "xlsx", folder / "report.xlsx")


def test_report_workbook_page_setup(sample_report):
    workbook = load_workbook(sample_report)
    wide = {"分镇（街道）", "分领域", "质量预警"}
    titles = {"总表": "5:5", "报送情况": "4:4", "分镇（街道）": "4:4", "分领域": "4:4", "排名": "4:4",
              "梯进培养": "4:4", "质量指标": "4:4", "质量预警": "4:4"}
    for sheet in workbook:
        assert_prints_on_a4(sheet, landscape=sheet.title in wide, title_rows=titles[sheet.title])


def test_report_header_rows_hold_their_text(sample_report):
    """"党员培养成人才⏎目标" takes three lines of its 9-wide column: a 32-point row cut it."""
    towns = load_workbook(sample_report)["分镇（街道）"]
    header = towns[4]
    assert header[2].value == "党员培养成人才\n目标" and header[2].alignment.wrap_text
    assert towns.row_dimensions[4].height >= 3 * 15


def test_report_notes_span_the_table_and_wrap(sample_report):
    """A note under a table is spread across the table's width and its row is tall enough."""
    towns = load_workbook(sample_report)["分镇（街道）"]
    note = next(c for c in towns["A"] if isinstance(c.value, str) and c.value.startswith("综合得分为"))
    merged = next(r for r in towns.merged_cells.ranges if r.min_row == note.row)
    assert (merged.min_col, merged.max_col) == (1, towns.max_column)
    reporting = load_workbook(sample_report)["报送情况"]
    assert any(r.min_row == 3 and r.max_col == reporting.max_column for r in reporting.merged_cells.ranges)


@needs_soffice
def test_report_workbook_prints_one_page_a_sheet(sample_report, tmp_path):
    """Eight sheets (five of figures, the ladder, two of the quality assessment), eight pages: before, the
    总表 split in two, the chart ran past the page's edge and the whole printed on 13 pages."""
    assert pdf_pages(tmp_path, sample_report) == {"report.xlsx": 8}


# ---- blank templates ------------------------------------------------------------------------

def test_template_page_setup(tmp_path):
    workbook = load_workbook(write_template(tmp_path / "all.xlsx", None, "城北镇", 2006))
    portrait = {KIND_SHORT[Kind.TARGETS], KIND_SHORT[Kind.ROSTER]}
    for sheet in workbook:
        rows = "3:3" if sheet.title != INSTRUCTIONS_SHEET else "5:5"
        assert_prints_on_a4(sheet, landscape=sheet.title not in portrait, title_rows=rows)


@needs_soffice
def test_templates_print_a_page_a_ledger_and_their_instructions(tmp_path):
    """Each kind: its sheet on one page, 填表说明 on one more; all five kinds: five pages and
    three of 填表说明. Before: 7, 8, 8, 5 and 5 pages, and 27 for all five."""
    files = [write_template(tmp_path / f"{kind.value}.xlsx", kind) for kind in SHEETS]
    files.append(write_template(tmp_path / "all.xlsx", None, "城北镇", 2006))
    assert pdf_pages(tmp_path, *files) == {**{f"{kind.value}.xlsx": 2 for kind in SHEETS}, "all.xlsx": 8}


# ---- annotated copies -----------------------------------------------------------------------

def township_ledger(folder: Path) -> Path:
    """An .xlsx laid out as a township lays it out: a merged title, set column widths (the ID
    column too narrow for 18 digits, a date column too narrow for a date), frozen panes below
    the header and right of 姓名; two rows with a mistake each."""
    wrong_gender = {**M2T, "性别": "女"}
    wrong_date = {**M2T, "公民身份号码": id_born(1980, serial=2), "出生年月": "", "确定培养时间": "2005-13-01"}
    path = write_ledger(folder / "城北镇_2006_党员培养成人才台帐.xlsx", [wrong_gender, wrong_date],
                        unit="城北镇党委")
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(M2T))
    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C4"
    sheet["H4"].value = sheet["H5"].value = dt.date(2001, 7, 1)  # 入党时间 as dates, in an 8-wide column
    workbook.save(path)
    return path


# 姓名 A, 性别 B, 公民身份号码 C (too narrow), … 入党时间 H (too narrow) as the township set them.
WIDTHS = {"A": 9, "B": 6, "C": 12, "D": 10, "E": 10, "F": 14, "G": 8, "H": 8}


def annotated(source: Path, folder: Path) -> Path:
    [target] = annotate_report(check(source), folder, Options(today=TODAY))
    return target


def test_annotated_copy_keeps_the_township_layout(tmp_path):
    copy = load_workbook(annotated(township_ledger(tmp_path), tmp_path / "out"))
    sheet = copy["台帐"]
    assert sheet.freeze_panes == "C4"
    assert "A1:N1" in {str(r) for r in sheet.merged_cells.ranges}
    kept = {letter: width(sheet, letter) for letter in WIDTHS}
    # The widths the township set, but an ID column wide enough for 18 digits and a date
    # column for a date (the source cut the one and showed ### for the other).
    assert kept == {**WIDTHS, "C": 20, "H": 11}
    assert sheet["B3"].alignment.wrap_text and sheet["B3"].font.b  # the header row, bold and wrapped
    # 年度培训次数 takes two lines of its column: the header row is as tall as that.
    assert sheet.row_dimensions[3].height >= 2 * 15
    assert_prints_on_a4(sheet, landscape=True, title_rows="3:3")


def test_annotated_listing_prints_wrapped_with_rows_as_tall_as_their_text(tmp_path):
    listing = load_workbook(annotated(township_ledger(tmp_path), tmp_path / "out"))["问题清单"]
    assert_prints_on_a4(listing, landscape=True, title_rows="1:1")
    assert listing.freeze_panes == "A2"
    rows = list(listing.iter_rows(min_row=2))
    assert len(rows) == 2
    for row in rows:
        message = row[5]
        assert message.alignment.wrap_text and message.alignment.vertical == "top"
        assert all(cell.alignment.vertical == "top" for cell in row)
        if len(message.value) * 2 > width(listing, "F"):
            assert listing.row_dimensions[message.row].height >= 2 * 15


@pytest.mark.parametrize("name", ["nanhu_2006_gb18030.csv", "donggang_2006_traditional.xls",
                                  "xinzhuang_2006_cadre.ods"])
def test_copies_of_other_formats_are_sized_by_their_content(tmp_path, name):
    """.csv, .xls and .ods carry no widths calamine reads: each column is as wide as its
    values (a Chinese character counting two, at most 40), and the header rows are frozen."""
    report = check(DATA / name)
    annotate_file(report.files[0], tmp_path / "copy.xlsx", Options(today=TODAY))
    workbook = load_workbook(tmp_path / "copy.xlsx")
    sheet = workbook.worksheets[1]
    header_rows = report.files[0].sheets[0].header_rows
    headers = [c.value for c in sheet[min(header_rows)]]
    assert sheet.freeze_panes == f"A{max(header_rows) + 1}"
    ids = get_column_letter(next(i for i, h in enumerate(headers, start=1) if h and "身份" in h))
    assert 20 <= width(sheet, ids) <= 22
    names = get_column_letter(next(i for i, h in enumerate(headers, start=1) if h == "姓名"))
    assert 6 <= width(sheet, names) <= 10
    assert all((width(sheet, get_column_letter(c)) or 0) <= 40 for c in range(1, len(headers) + 1))


@needs_soffice
def test_annotated_copies_print_their_listing_and_their_sheet(tmp_path):
    """The sample copies: the listing on one page, the ledger on one (before: 6, 5, 6 and 3
    pages, the ledger split across pages by its columns)."""
    folder = SAMPLES / "有问题的报送"
    copies = annotate_report(check(*sorted(folder.iterdir())), tmp_path / "out", Options(today=TODAY))
    pages = pdf_pages(tmp_path, *copies)
    assert pages == {"城东镇_2006_人才培养成党员台帐_问题标注.xlsx": 2, "城东镇_2006_党员人才培养成干部台帐_问题标注.xlsx": 2,
                     "城东镇_2006_党员培养成人才台帐_问题标注.xlsx": 2, "损坏的文件_问题标注.xlsx": 1}


@needs_soffice
def test_a_long_listing_repeats_its_header_and_cuts_no_message(tmp_path):
    """120 findings of long messages: the listing runs over pages, each headed by its header
    row, and every message prints whole (LibreOffice does not grow rows itself)."""
    people = [{**M2T, "公民身份号码": id_born(1970 + i % 30, serial=i % 90 + 1), "出生年月": "", "性别": "男",
               "领域": "农业口"} for i in range(60)]
    source = write_ledger(tmp_path / "城北镇.xlsx", people)
    copy = annotated(source, tmp_path / "out")
    pdf = tmp_path / "pdf" / f"{copy.stem}.pdf"
    count = pdf_pages(tmp_path, copy)[copy.name]
    assert count >= 3
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout \
        if shutil.which("pdftotext") else ""
    if text:
        listing = [page for page in text.split("\f") if "问题清单" in page]  # the sheet's name heads its pages
        assert len(listing) >= 2 and all("问题及修改方法" in page for page in listing)
        assert text.count("“领域”的值“农业口”不符合要求") == 60


def test_layout_of_an_untrusted_sheet_is_read_within_bounds(tmp_path):
    """Only the head of a sheet's XML is read, and only sane values are kept: a width out of
    range, a column past the limit, a split (not frozen) pane are left out; other formats give none."""
    source = write_ledger(tmp_path / "a.xlsx", [M2T])
    head = (b'<sheetViews><sheetView workbookViewId="0"><pane xSplit="1" ySplit="3" state="frozen"/></sheetView>'
            b"</sheetViews><sheetFormatPr defaultColWidth='12.5'/><cols><col min='1' max='2' width='30'/>"
            b'<col min="3" max="3" width="nan"/><col min="4" max="4" width="999"/><col min="5" max="5" width="7" hidden="1"/>'
            b'<col min="6" max="16384" width="9"/><col min="7" max="99999" width="3"/></cols>')

    def edit(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            start, end = data.index(b"<sheetViews>"), data.index(b"<sheetData")
            return data[:start] + head + data[end:]
        return data

    layout = sheet_layouts(rewrite_zip(source, tmp_path / "b.xlsx", edit))["台帐"]
    assert (layout.frozen_rows, layout.frozen_cols, layout.default_width) == (3, 1, 12.5)
    assert layout.widths == {1: 30, 2: 30, **dict.fromkeys(range(6, MAX_LAYOUT_COLUMNS + 1), 9)}
    split = rewrite_zip(source, tmp_path / "c.xlsx", lambda n, d: edit(n, d).replace(b'"frozen"', b'"split"'))
    assert sheet_layouts(split)["台帐"].frozen_rows == 0
    # No <sheetData> within the bytes read: nothing past them is read, nothing breaks.
    endless = rewrite_zip(source, tmp_path / "d.xlsx", lambda n, d: d.replace(
        b"<sheetData", b"<cols>" + b'<col min="1" max="1" width="5"/>' * 20_000 + b"</cols><sheetData")
        if n == "xl/worksheets/sheet1.xml" else d)
    assert sheet_layouts(endless)["台帐"].widths == {1: 5}
    for other in ("nanhu_2006_gb18030.csv", "donggang_2006_traditional.xls", "xinzhuang_2006_cadre.ods"):
        assert sheet_layouts(DATA / other) == {}
