"""Where a submission's order date came from (README, ingest), and how it is written for a clerk.

A ledger's own 填报日期 orders it; failing that, the date the workbook says it was saved;
failing that, the day it was ingested. Kept apart from `ingest` so that output code can say it
without importing the reader and the store."""

from __future__ import annotations

import datetime as dt

REPORTED_BY_LEDGER, REPORTED_BY_FILE, REPORTED_BY_INGEST = "填报日期", "文件日期", "入库时间"


def dated(day: dt.date, reported_by: str) -> str:
    """"2006-09-20" for a 填报日期; "2026-11-23（文件日期）" when the date came from elsewhere."""
    return f"{day}" if reported_by == REPORTED_BY_LEDGER else f"{day}（{reported_by}）"
