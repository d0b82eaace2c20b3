"""Writes month_formats.xlsx and, through LibreOffice, month_formats.ods and month_formats.xls:
one member-to-talent ledger whose 确定培养时间 cells hold 2005-04-01 under three number formats.
Run from this folder (`python make_month_formats.py`) when the fixture must change; the tests
read the committed files, so CI needs no LibreOffice for them."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from conftest import M2T, id_born  # noqa: E402

# 确定培养时间 2005-04-01 against 入党时间 2005-04-20: a month-only cell means April, which is
# not before the 20th; a day cell means the 1st, which is (date_order).
FORMATS = ['yyyy"年"m"月"', "yyyy-mm-dd", "yyyy-mm", 'yyyy"年"m"月"d"日"', "mmm-yy"]


def main() -> None:
    here = Path(__file__).resolve().parent
    wb = Workbook()
    ws = wb.active
    ws.title = "党员培养成人才"
    ws.append(["城北镇党员培养成人才台帐（2006年度）"])
    headers = list(M2T)
    ws.append(headers)
    column = headers.index("确定培养时间") + 1
    for n, code in enumerate(FORMATS, start=1):
        record = {**M2T, "公民身份号码": id_born(1978, 7, 21, serial=n), "姓名": f"王建{n}",
                  "入党时间": "2005-04-20", "确定培养时间": dt.datetime(2005, 4, 1),
                  "成才认定时间": "", "出生年月": "1978.7"}
        ws.append([record[h] for h in headers])
        ws.cell(ws.max_row, column).number_format = code
    target = here / "month_formats.xlsx"
    wb.save(target)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    for fmt in ("ods", "xls"):
        subprocess.run([soffice, "--headless", "--convert-to", fmt, "--outdir", str(here), str(target)],
                       check=True, capture_output=True, timeout=300)


if __name__ == "__main__":
    main()
