"""Shared helpers: build small ledgers in code and check them."""

from __future__ import annotations

import datetime as dt
import os
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from talentledger.check import CheckResult, Options, check_paths
from talentledger.ledger.townships import Registry

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2006, 12, 31)

# A valid person per track; each test changes one thing and expects one finding.
M2T = {
    "姓名": "王建军", "性别": "男", "公民身份号码": "320682197807213757", "出生年月": "1978.7",
    "学历": "大学专科", "所属镇（街道）": "城北镇", "领域": "农村", "入党时间": "2001-07-01",
    "人才类别": "致富能手", "确定培养时间": "2005-04-01", "培养状态": "培养中", "成才认定时间": "",
    "培养联系人": "陈红", "年度培训次数": 4,
}
T2M = {
    "姓名": "黄玉", "性别": "男", "公民身份号码": "320682197807213757", "所属镇（街道）": "城北镇",
    "领域": "企业", "递交入党申请时间": "2003-02-10", "确定为入党积极分子时间": "2003-06-01",
    "确定为发展对象时间": "2004-07-01", "接收为预备党员时间": "2004-12-01", "转为正式党员时间": "",
    "当前阶段": "预备党员", "入党介绍人": "张华、刘伟", "培养联系人": "陈红", "年度培训次数": 2,
}
CADRE = {
    "姓名": "薛华平", "性别": "男", "公民身份号码": "320623196506158139", "所属镇（街道）": "新庄镇",
    "领域": "农村", "入党时间": "1989年7月", "培养方向": "村干部", "联系领导": "赵刚",
    "列为后备干部时间": "2005年3月", "选拔任用时间": "2006年4月8日", "任用职务": "村委会副主任",
    "培养状态": "已任用",
}


def id_born(year: int, month: int = 1, day: int = 10, male: bool = True, serial: int = 1) -> str:
    """A valid ID number of someone born on that day (county 320682)."""
    from talentledger.ledger import idnumber
    first17 = f"320682{year:04d}{month:02d}{day:02d}{serial:02d}{1 if male else 2}"
    return first17 + idnumber.check_digit(first17)


def write_ledger(path: Path, records: list[dict], *, title: str | None = "城北镇党员培养成人才台帐（2006年度）",
                 sheet: str = "台帐", unit: str | None = None, header_row_values: list[str] | None = None,
                 extra_sheets: dict[str, list[list]] | None = None, reported: str | None = None) -> Path:
    """A one-sheet ledger: optional title and 填报单位 lines, a header row, one row per record,
    and a footer with the 填报日期 `reported` when given.

    With a title and no unit line the header is on row 2 and data starts on row 3.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    if title is not None:
        ws.append([title])
    if unit is not None:
        ws.append([f"填报单位：{unit}　　填报日期：2006年6月30日"])
    headers = header_row_values or list(records[0])
    ws.append(headers)
    for record in records:
        ws.append([record.get(h, "") for h in headers])
    if reported is not None:
        ws.append([])
        ws.append(["填表人：张华", "", f"填报日期：{reported}"])
    for name, rows in (extra_sheets or {}).items():
        extra = wb.create_sheet(name)
        for row in rows:
            extra.append(row)
    wb.save(path)
    return path


def check(*paths: Path, registry: Registry | None = None, today: dt.date = TODAY) -> CheckResult:
    return check_paths(list(paths), Options(today=today, registry=registry or Registry()))


def codes_at(report: CheckResult) -> list[tuple[str, str | None]]:
    """(code, cell) of every finding, in order."""
    return [(f.code, f.cell) for file in report.files for f in file.findings]


@pytest.fixture
def data_dir() -> Path:
    return DATA


# Storage tests run on SQLite always, and on PostgreSQL when TALENTLEDGER_TEST_PG names a
# server (CI starts one with scripts/start-postgres.sh). Each test gets a fresh database.
PG_URL = os.environ.get("TALENTLEDGER_TEST_PG")
BACKENDS = ["sqlite", *(["postgresql"] if PG_URL else [])]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledgers.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    name = f"tl_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def rewrite_zip(source: Path, target: Path, edit: Callable[[str, bytes], bytes]) -> Path:
    """A copy of the package `source` at `target` (the same path is fine) with each member's
    bytes passed through `edit(name, data)`: for files other programs write and openpyxl will not."""
    with zipfile.ZipFile(source) as zin:
        parts = {info.filename: edit(info.filename, zin.read(info)) for info in zin.infolist()}
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    return target


@pytest.fixture
def counted_city(db_url, tmp_path):
    """A store holding test_report's small hand-counted city (2006 ledgers, targets, roster)."""
    from talentledger.jobs.ingest import ingest_paths
    from talentledger.store import Store
    from test_report import city
    opened = Store(db_url)
    ingest_paths(city(tmp_path), opened, Options(today=TODAY))
    yield opened
    opened.close()
