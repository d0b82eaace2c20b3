"""The check report on a terminal (rich tables) or, when piped, as plain lines."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from talentledger.check.run import CheckReport, FileReport, SheetReport
from talentledger.findings import Finding, Severity
from talentledger.schema import KIND_TITLES, Kind

LEVEL = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def place(finding: Finding) -> str:
    """Where a finding is, as a clerk would look for it: 工作表!E7."""
    if finding.sheet is None:
        return "（整个文件）"
    if finding.cell:
        return f"{finding.sheet}!{finding.cell}"
    if finding.row:
        return f"{finding.sheet} 第{finding.row}行"
    return f"{finding.sheet}（整个工作表）"


def summary_line(report: CheckReport) -> str:
    s = report.summary
    return f"共检查 {s.files} 个文件、{s.rows} 行：错误 {s.errors} 处，警告 {s.warnings} 处。"


def render_plain(report: CheckReport, console: Console) -> None:
    """One line per finding, then the summary: for pipes, logs and cron mail."""
    for file in report.files:
        for finding in file.findings:
            console.print(f"{file.path}: {place(finding)}: {LEVEL[finding.severity]} "
                          f"[{finding.code}] {finding.message}", markup=False, highlight=False, soft_wrap=True)
    console.print(summary_line(report), markup=False, highlight=False)


def render_rich(report: CheckReport, console: Console) -> None:
    """Per file: how each sheet was read, a summary table, then findings grouped by sheet."""
    for file in report.files:
        console.rule(Text(file.path, style="bold"))
        if not file.readable:
            console.print(Text(file.findings[0].message, style=STYLE[Severity.ERROR]))
            continue
        for sheet in file.sheets:
            _sheet_reading(sheet, console)
        console.print(_file_table(file))
        _findings(file, console)
    style = "bold red" if report.summary.errors else "bold green"
    console.print(Text(summary_line(report), style=style))


def _sheet_reading(sheet: SheetReport, console: Console) -> None:
    facts = [f"类别：{KIND_TITLES[sheet.kind]}"]
    if sheet.kind is not Kind.UNKNOWN:
        facts.append(f"镇（街道）：{sheet.township or '按行填写'}")
        facts.append(f"年度：{sheet.year or '未注明'}")
        if sheet.header_rows:
            rows = "–".join(str(r) for r in sorted({sheet.header_rows[0], sheet.header_rows[-1]}))
            facts.append(f"表头：第{rows}行")
    if sheet.hidden:
        facts.append("隐藏")
    console.print(Text(f"工作表“{sheet.sheet}”  ", style="bold") + Text("；".join(facts)))
    if not sheet.columns:
        return
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    table.add_column("列")
    table.add_column("表头")
    table.add_column("识别为")
    for column in sheet.columns:
        recognised = column.canonical or Text("未识别（不检查）", style="yellow")
        if column.field == "seq":
            recognised = Text("序号（不检查）", style="dim")
        table.add_row(column.column, column.header, recognised)
    console.print(table)


def _file_table(file: FileReport) -> Table:
    table = Table(title=f"{Path(file.path).name} 检查结果", title_justify="left")
    for title, justify in (("工作表", "left"), ("类别", "left"), ("镇（街道）", "left"),
                           ("行数", "right"), ("错误", "right"), ("警告", "right")):
        table.add_column(title, justify=justify)
    for sheet in file.sheets:
        table.add_row(sheet.sheet, sheet.kind.value, sheet.township or "—", str(sheet.rows),
                      Text(str(sheet.errors), style="red" if sheet.errors else ""),
                      Text(str(sheet.warnings), style="yellow" if sheet.warnings else ""))
    return table


def _findings(file: FileReport, console: Console) -> None:
    for sheet, findings in groupby(sorted(file.findings, key=_order), key=lambda f: f.sheet):
        table = Table(title=f"工作表“{sheet}”的问题" if sheet else "文件问题", title_justify="left",
                      show_lines=False)
        table.add_column("位置", no_wrap=True)
        table.add_column("级别", no_wrap=True)
        table.add_column("代码", no_wrap=True)
        table.add_column("说明")
        for finding in findings:
            table.add_row(finding.cell or (f"第{finding.row}行" if finding.row else "—"),
                          Text(LEVEL[finding.severity], style=STYLE[finding.severity]),
                          finding.code, finding.message)
        console.print(table)


def _order(finding: Finding) -> tuple:
    return (finding.sheet or "", finding.row or 0, len(finding.column or ""), finding.column or "")
