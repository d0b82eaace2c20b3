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
from openpyxl.worksheet.worksheet import Worksheet

from talentledger.check import Options, collect_paths
from talentledger.jobs.ingest import ingest_paths
from talentledger.ledger.config import Config
from talentledger.ledger.fields import KIND_SHORT, Kind
from talentledger.output.blank_ledger import INSTRUCTIONS_SHEET, SHEETS, write_template
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
    wide = {"分镇（街道）", "分领域"}
    titles = {"总表": "5:5", "报送情况": "4:4", "分镇（街道）": "4:4", "分领域": "4:4", "排名": "4:4"}
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
    """Five sheets, five pages: before, the 总表 split in two, the chart ran past the page's
    edge and the whole printed on 13 pages."""
    assert pdf_pages(tmp_path, sample_report) == {"report.xlsx": 5}


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
