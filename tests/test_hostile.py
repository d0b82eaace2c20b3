"""Untrusted files (docs/reading.md, 不可信文件): each is one `unreadable_file` finding with a reason, quickly,
and the other files of the run are still checked."""

from __future__ import annotations

import io
import os
import random
import re
import struct
import time
import zipfile
from pathlib import Path

import pytest

from conftest import M2T, TODAY, check, rewrite_zip, write_ledger
from talentledger.check import Options
from talentledger.read.months import MAX_CELLS, ods_month_cells, xls_month_cells


def good(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "good.xlsx", [M2T])


def truncated(tmp_path: Path) -> Path:
    data = good(tmp_path).read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def truncated_xls(tmp_path: Path) -> Path:
    """An .xls cut inside its directory: calamine's Rust code panics (a BaseException) instead
    of raising an error; found by the hostile corpus."""
    data = (Path(__file__).parent / "data" / "months" / "month_formats.xls").read_bytes()
    path = tmp_path / "truncated.xls"
    path.write_bytes(data[:6144])
    return path


def not_a_spreadsheet(tmp_path: Path) -> Path:
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000)
    return path


def html_as_xls(tmp_path: Path) -> Path:
    """A web page saved as .xls, with no table in it."""
    path = tmp_path / "export.xls"
    path.write_text("<html><body><p>登录已过期，请重新登录</p></body></html>", encoding="utf-8")
    return path


def password_protected(tmp_path: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile
    source = good(tmp_path)
    path = tmp_path / "locked.xlsx"
    with source.open("rb") as plain, path.open("wb") as out:
        OOXMLFile(plain).encrypt("123456", out)
    return path


def bomb(tmp_path: Path) -> Path:
    """A real xlsx whose sheet inflates to 1 GiB of spaces from about 1 MB."""
    source = good(tmp_path)
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                with dst.open(item.filename, "w", force_zip64=True) as fh:
                    chunk = b" " * (16 * 1024 * 1024)
                    for _ in range(64):
                        fh.write(chunk)
            else:
                dst.writestr(item, src.read(item))
    return path


def lying_bomb(tmp_path: Path) -> Path:
    """A member that declares 1 KB but inflates to 64 MB: sizes are patched in both headers."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<" * (64 * 1024 * 1024))
    data = bytearray(buffer.getvalue())
    _patch_declared_size(data, "xl/worksheets/sheet1.xml", 1024)
    path = tmp_path / "lying.xlsx"
    path.write_bytes(bytes(data))
    return path


def _patch_declared_size(data: bytearray, member: str, size: int) -> None:
    """Write `size` as the uncompressed size of `member` in its local and central headers."""
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    start = 0
    while (central := data.find(b"PK\x01\x02", start)) >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, central + 24, size)
        start = central + 4


def lying_sheet(tmp_path: Path) -> Path:
    """A real workbook whose sheet declares 1 KB but holds 3 million rows (about 330 MB of
    XML): calamine must stop where the declared size ends instead of reading them all."""
    source = good(tmp_path)
    with zipfile.ZipFile(source) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    end = sheet.index(b"</sheetData>")
    row = b'<row r="9"><c r="A9" t="inlineStr"><is><t>' + b"x" * 50 + b"</t></is></c></row>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            big = item.filename == "xl/worksheets/sheet1.xml"
            dst.writestr(item.filename, sheet[:end] + row * 3_000_000 + sheet[end:] if big else src.read(item))
    data = bytearray(buffer.getvalue())
    _patch_declared_size(data, "xl/worksheets/sheet1.xml", 1024)
    path = tmp_path / "lying_sheet.xlsx"
    path.write_bytes(bytes(data))
    return path


def empty_file(tmp_path: Path) -> Path:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    return path


def random_zip(tmp_path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    path = tmp_path / "plain.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def binary_csv(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    path.write_bytes(bytes(range(256)) * 20)
    return path


def csv_with_an_unpaired_quote(tmp_path: Path) -> Path:
    """One unclosed quote near the top of a long export: the csv module's field limit."""
    path = tmp_path / "export.csv"
    rows = ["姓名,性别,公民身份号码", '"王建军,男,320682197807213757'] + ["李四,男,320682197807213757"] * 20000
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


def unreadable_permissions(tmp_path: Path) -> Path:
    path = write_ledger(tmp_path / "locked.xlsx", [M2T])
    path.chmod(0)
    return path


# Each hostile file, the one finding it gets, and words its message must hold.
HOSTILE = {
    "truncated": (truncated, "unreadable_file", "损坏"),
    "truncated_xls": (truncated_xls, "unreadable_file", "损坏"),
    "not_a_spreadsheet": (not_a_spreadsheet, "not_a_spreadsheet", "不是电子表格"),
    "html_as_xls": (html_as_xls, "html_without_table", "网页"),
    "password_protected": (password_protected, "file_encrypted", "密码"),
    "bomb": (bomb, "file_bomb", "压缩炸弹"),
    "lying_bomb": (lying_bomb, "unreadable_file", "损坏"),
    "lying_sheet": (lying_sheet, "sheet_damaged", "损坏"),
    "empty": (empty_file, "file_empty", "空"),
    "random_zip": (random_zip, "unreadable_file", "损坏"),
    "binary_csv": (binary_csv, "bad_encoding", "编码"),
    "csv_field_limit": (csv_with_an_unpaired_quote, "csv_malformed", "引号"),
}
if os.geteuid() != 0:  # root reads any file
    HOSTILE["no_permission"] = (unreadable_permissions, "file_cannot_open", "没有权限")


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_file_is_unreadable_quickly_and_others_still_checked(tmp_path, name):
    make, code, words = HOSTILE[name]
    bad = make(tmp_path)
    other = write_ledger(tmp_path / "other.xlsx", [{**M2T, "性别": "女"}])
    started = time.monotonic()
    report = check(bad, other)
    elapsed = time.monotonic() - started
    assert elapsed < 5, f"{name} took {elapsed:.1f}s"
    bad_report, other_report = report.files
    assert not bad_report.readable
    assert [f.code for f in bad_report.findings] == [code]
    message = bad_report.findings[0].message
    assert words in message and not _english(message), message
    assert [f.code for f in other_report.findings] == ["id_mismatch_gender"]


def _english(message: str) -> list[str]:
    """English words in a message, beyond file suffixes and the names a clerk knows."""
    known = {"CSV", "HTML", "Excel", "WPS", "UTF", "GBK", "GB18030", "MB"}
    return [w for w in re.findall(r"(?<![.\w])[A-Za-z]{3,}\d*", message) if w not in known]


def test_a_csv_that_breaks_the_reader_cannot_stop_ingest_or_batch(tmp_path):
    """The unpaired quote used to escape every handler: check printed nothing and every later
    batch run crashed on it. Now it is one rejected file, and the others are stored."""
    from talentledger.jobs.ingest import ingest_paths
    from talentledger.store import Store
    bad = csv_with_an_unpaired_quote(tmp_path)
    good_file = write_ledger(tmp_path / "城北镇_2006.xlsx", [M2T])
    store = Store(f"sqlite:///{tmp_path / 'db.sqlite'}")
    result = ingest_paths([bad, good_file], store, Options(today=TODAY))
    assert [f.accepted for f in result.files] == [False, True]
    assert [f.code for f in result.check.files[0].findings] == ["csv_malformed"]


# ---- the scans of number formats beside calamine (read/months.py) -------------------------

def _rezip(source: Path, target: Path, member: str, data: bytes) -> Path:
    return rewrite_zip(source, target, lambda name, old: data if name == member else old)


def test_month_scans_never_raise_on_damaged_files(data_dir, tmp_path):
    """Bytes flipped in an .xls and in an .ods's content.xml, 300 times each: the scan gives
    cells or none, never an exception (calamine reports the damage)."""
    xls = (data_dir / "months" / "month_formats.xls").read_bytes()
    with zipfile.ZipFile(data_dir / "months" / "month_formats.ods") as zf:
        content = zf.read("content.xml")
    for seed in range(300):
        rng = random.Random(seed)
        broken = bytearray(xls)
        for _ in range(rng.randint(1, 40)):
            broken[rng.randrange(512, len(broken))] = rng.randrange(256)
        (tmp_path / "a.xls").write_bytes(bytes(broken))
        assert isinstance(xls_month_cells(tmp_path / "a.xls"), dict)
        cut = bytearray(content[:rng.randrange(len(content))] if seed % 2 else content)
        for _ in range(rng.randint(0, 20)):
            cut[rng.randrange(len(cut))] = rng.randrange(256)
        ods = _rezip(data_dir / "months" / "month_formats.ods", tmp_path / "a.ods", "content.xml", bytes(cut))
        assert isinstance(ods_month_cells(ods), dict)


def test_month_scan_of_an_ods_is_bounded(data_dir, tmp_path):
    """A month-formatted date cell repeated over a million rows and every column is refused
    by the scan at its cap, in well under a second, instead of filling memory."""
    with zipfile.ZipFile(data_dir / "months" / "month_formats.ods") as zf:
        content = zf.read("content.xml").decode()
    month_cell = content.index('office:value-type="date"')
    start = content.rindex("<table:table-row", 0, month_cell)
    hostile = (content[:start] + '<table:table-row table:number-rows-repeated="1048576">'
               + content[content.index(">", start) + 1:].replace(
                   'office:value-type="date"', 'table:number-columns-repeated="16384" office:value-type="date"', 1))
    path = _rezip(data_dir / "months" / "month_formats.ods", tmp_path / "big.ods", "content.xml", hostile.encode())
    started = time.monotonic()
    cells = ods_month_cells(path)
    assert time.monotonic() - started < 1
    assert cells == {}, "the block of 17 billion cells is over MAX_CELLS and refused whole"
    assert MAX_CELLS < 1_048_576 * 16_384


def test_html_spans_are_capped_before_they_are_laid_out(tmp_path):
    """49 KB of colspan/rowspan used to take minutes and gigabytes: now it is refused at once."""
    cells = "".join(f'<td rowspan="1000" colspan="1000">{n}</td>' for n in range(20))
    rows = "".join(f"<tr>{cells}</tr>" for _ in range(60))
    path = tmp_path / "report.xls"
    path.write_text(f"<html><body><table>{rows}</table></body></html>", encoding="utf-8")
    assert path.stat().st_size < 60_000
    started = time.monotonic()
    report = check(path)
    assert time.monotonic() - started < 5
    assert [f.code for f in report.files[0].findings] == ["file_bomb"]
    assert "合并单元格" in report.files[0].findings[0].message


def _with_escapes(path: Path) -> Path:
    """The workbook with ESC and BEL in its strings, as xlsx writes control characters
    (_x001B_), and text starting with "=": openpyxl refuses to write the first and makes the
    second a formula; other programs do neither."""
    def escape(name: str, data: bytes) -> bytes:
        if not (name.startswith("xl/") and name.endswith(".xml")):  # shared or inline strings
            return data
        return data.replace(b"ESC", b"_x001B_").replace(b"BEL", b"_x0007_").replace(b"EQUALS", b"=")
    return rewrite_zip(path, path, escape)


def test_cells_of_a_township_never_become_formulas_or_terminal_commands(tmp_path):
    """A flagged cell holding a formula-like text and an ESC sequence: the annotated copy keeps
    both as inert text (and opens: its comment XML is valid), and no output carries the ESC."""
    from openpyxl import load_workbook

    from talentledger.output.annotate import annotate_report
    record = {**M2T, "姓名": "EQUALSHYPERLINK(\"http://x\",\"点我\")", "性别": "女ESC[2J", "培养联系人": "@SUM(A1)"}
    path = _with_escapes(write_ledger(tmp_path / "城北镇.xlsx", [record]))
    report = check(path)
    assert any(f.code == "invalid_value" for f in report.files[0].findings)
    assert not any("\x1b" in f.message or "\x1b" in f.line() for f in report.files[0].findings)
    written = annotate_report(report, tmp_path / "out", Options(today=TODAY))
    workbook = load_workbook(written[0])
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert "=HYPERLINK(\"http://x\",\"点我\")" in {c.value for c in cells}
    assert not any(isinstance(c.value, str) and "\x1b" in c.value for c in cells)
    comments = [c.comment.text for c in cells if c.comment]
    assert comments and not any("\x1b" in text for text in comments)


def test_the_terminal_never_receives_a_control_character_of_a_file(tmp_path):
    from typer.testing import CliRunner

    from talentledger.cli import app
    record = {**M2T, "性别": "女ESC[2JBEL"}
    path = _with_escapes(write_ledger(tmp_path / "城北镇.xlsx", [record]))
    path = path.rename(path.with_name("城北镇\x1b[31m.xlsx"))
    result = CliRunner().invoke(app, ["check", str(path)])
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "␛[2J" in result.stdout


def test_annotated_copies_never_overwrite_each_other(tmp_path):
    from talentledger.output.annotate import annotate_report, explain_rejection
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write_ledger(tmp_path / "a" / "城东镇.xlsx", [{**M2T, "性别": "女"}])
    second = write_ledger(tmp_path / "b" / "城东镇.xlsx", [{**M2T, "出生年月": "1978.8"}])
    report = check(first, second)
    written = annotate_report(report, tmp_path / "out", Options(today=TODAY))
    assert [p.name for p in written] == ["城东镇_问题标注.xlsx", "城东镇(2)_问题标注.xlsx"]
    again = annotate_report(check(first), tmp_path / "out", Options(today=TODAY))
    assert again == written[:1]  # the same source, checked again: its copy is replaced
    for file in report.files:  # batch's rejected/: a second rejection keeps the first's files
        explain_rejection(file, tmp_path / "rejected", Options(today=TODAY))
    assert sorted(p.name for p in (tmp_path / "rejected").iterdir()) == [
        "城东镇(2)_问题标注.xlsx", "城东镇(2)_问题清单.txt", "城东镇_问题标注.xlsx", "城东镇_问题清单.txt"]
