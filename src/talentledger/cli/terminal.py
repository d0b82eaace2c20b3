"""The check report on a terminal (rich tables) or, when piped, as plain lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import groupby
from pathlib import Path

from rich.console import Console as RichConsole
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from talentledger.check.result import CheckResult, FileResult, SheetResult
from talentledger.ledger.fields import KIND_SHORT, KIND_TITLES, TRACKS, Kind
from talentledger.ledger.findings import Finding, Severity
from talentledger.ledger.provenance import dated
from talentledger.ledger.text import visible


class Console(RichConsole):
    """rich's console, but no control character of a file's text (a name, a cell, a path)
    reaches the terminal, a pipe or cron's mail: they are shown as their pictures (ESC as ␛).
    Styles are rich's own control segments and pass untouched."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_terminal:
            self.soft_wrap = True  # pipes and cron mail: lines whole, never cut mid-phrase

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style) for segment in buffer)


STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored time in the machine's time zone (SQLite hands times back without a zone: UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone()


def summary_line(report: CheckResult) -> str:
    s = report.summary
    return f"共检查 {s.files} 个文件、{s.rows} 行：错误 {s.errors} 处，警告 {s.warnings} 处。"


def render_plain(report: CheckResult, console: Console) -> None:
    """One line per finding, then the summary: for pipes, logs and cron mail."""
    _plain_findings(report.files, console)
    console.print(summary_line(report), markup=False, highlight=False)


def _plain_findings(files: list[FileResult], console: Console) -> None:
    for file in files:
        for finding in file.findings:
            console.print(f"{file.path}: {finding.line()}", markup=False, highlight=False, soft_wrap=True)


def render_rich(report: CheckResult, console: Console, verbose: bool = False) -> None:
    """Per file: how each sheet with problems was read (every sheet when `verbose`), a summary
    table, findings grouped by sheet; at the end the files with errors."""
    for file in report.files:
        console.rule(Text(file.path, style="bold"))
        if not file.readable:
            console.print(Text(file.findings[0].message, style=STYLE[Severity.ERROR]))
            continue
        for sheet in file.sheets:
            _sheet_reading(sheet, console, columns=verbose or bool(sheet.errors or sheet.warnings))
        console.print(_file_table(file))
        _findings(file, console)
    style = "bold red" if report.summary.errors else "bold green"
    console.print(Text(summary_line(report), style=style))
    failed = [file.path for file in report.files if file.errors]
    if failed:
        console.print(Text(f"有错误、需退回修改的文件（{len(failed)} 个）：", style="bold"))
        for path in failed[:FAILED_LISTED]:
            console.print(f"  {path}", markup=False, highlight=False)
        if len(failed) > FAILED_LISTED:
            console.print(f"  ……另有 {len(failed) - FAILED_LISTED} 个", markup=False, highlight=False)


FAILED_LISTED = 30


def _sheet_reading(sheet: SheetResult, console: Console, columns: bool = True) -> None:
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
    if not sheet.columns or not columns:
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


def _file_table(file: FileResult) -> Table:
    table = Table(title=f"{Path(file.path).name} 检查结果", title_justify="left")
    for title, justify in (("工作表", "left"), ("类别", "left"), ("镇（街道）", "left"),
                           ("行数", "right"), ("错误", "right"), ("警告", "right")):
        table.add_column(title, justify=justify)
    for sheet in file.sheets:
        table.add_row(sheet.sheet, KIND_SHORT[sheet.kind], sheet.township or "—", str(sheet.rows),
                      Text(str(sheet.errors), style="red" if sheet.errors else ""),
                      Text(str(sheet.warnings), style="yellow" if sheet.warnings else ""))
    return table


def _findings(file: FileResult, console: Console) -> None:
    for sheet, findings in groupby(sorted(file.findings, key=_order), key=lambda f: f.sheet):
        table = Table(title=f"工作表“{sheet}”的问题" if sheet else "文件问题", title_justify="left",
                      show_lines=False)
        table.add_column("位置", no_wrap=True)
        table.add_column("级别", no_wrap=True)
        table.add_column("代码", style="dim", overflow="fold")  # for the record; the 说明 says it in words
        table.add_column("说明", overflow="fold")
        for finding in findings:
            table.add_row(finding.cell or (f"第{finding.row}行" if finding.row else "—"),
                          Text(finding.severity.label, style=STYLE[finding.severity]),
                          finding.code, finding.message)
        console.print(table)


def _order(finding: Finding) -> tuple:
    return (finding.sheet or "", finding.row or 0, len(finding.column or ""), finding.column or "")


ACTION_TEXT = {"inserted": "新入库", "replaced": "已替换旧报送", "unchanged": "内容未变，未重复入库",
               "known": "与以前的报送内容相同，未替换", "older": "已有更新的报送，未替换"}


def action_text(outcome) -> str:
    """What became of a submission; when it was not stored, which one stays and why."""
    text = ACTION_TEXT[outcome.action]
    kept = outcome.kept
    if outcome.action == "older" and kept is not None:
        text += f"（本表{outcome.reported_by} {outcome.reported_on}，现行报送{kept.reported_by} {kept.reported_on}）"
    elif outcome.action == "known" and kept is not None:
        text += f"（现行报送为 {kept.file_name}）"
    return text


def render_ingest(report, console: Console, rich: bool) -> None:
    """Findings of the rejected files, then what each accepted file became."""
    rejected = {f.path for f in report.rejected}
    rejected_files = [f for f in report.check.files if f.path in rejected]
    if rich:
        table = Table(title="入库结果", title_justify="left")
        for title in ("文件", "工作表", "镇（街道）", "类别", "年度", "行数", "结果"):
            table.add_column(title, overflow="fold")
        for file in report.files:
            name = Path(file.path).name
            if not file.accepted:
                table.add_row(name, "", "", "", "", "", Text("拒收（有错误）", style=STYLE[Severity.ERROR]))
            for s in file.submissions:
                table.add_row(name, s.sheet, s.key.township, KIND_SHORT[Kind(s.key.kind)], str(s.key.year), str(s.rows),
                              action_text(s))
        for file in rejected_files:
            console.rule(Text(f"拒收：{file.path}", style="bold red"))
            _findings(file, console)
        console.print(table)
    else:
        _plain_findings(rejected_files, console)
        for file in report.files:
            if not file.accepted:
                console.print(f"拒收：{file.path}", markup=False, highlight=False)
            for s in file.submissions:
                console.print(f"入库：{file.path} {s.sheet} → {s.key.township} {KIND_SHORT[Kind(s.key.kind)]} {s.key.year}年 "
                              f"{s.rows}行，{action_text(s)}", markup=False, highlight=False, soft_wrap=True)
    accepted = sum(1 for f in report.files if f.accepted)
    console.print(f"共 {len(report.files)} 个文件：入库 {accepted} 个，拒收 {len(rejected)} 个。",
                  markup=False, highlight=False)


def render_status(table, console: Console, rich: bool) -> None:
    """Who has submitted what for the year, whose ledger was refused, and who is missing."""

    def cell(t, kind: str) -> str:
        sub = t.tracks[kind]
        if sub is not None:
            return submission_cell(sub)
        return "已退回" if kind in t.returned else "未报送"

    titles = [KIND_SHORT[k] for k in TRACKS]
    missing = [("未报送", t.township, [KIND_SHORT[Kind(k)] for k in t.missing if k not in t.returned])
               for t in table.townships]
    missing += [("已退回", t.township, [KIND_SHORT[Kind(k)] for k in t.returned]) for t in table.townships]
    missing = [entry for entry in missing if entry[2]]
    heading = f"{table.year}年度台帐报送情况（名单来自{table.source}；日期为填报日期）"
    if rich:
        grid = Table(title=heading, title_justify="left")
        grid.add_column("镇（街道）", overflow="fold")
        for title in titles:
            grid.add_column(title, overflow="fold")
        for t in table.townships:
            grid.add_row(t.township, *(Text(cell(t, k), style="red" if t.tracks[k] is None else "") for k in t.tracks))
        console.print(grid)
    else:
        console.print(heading, markup=False, highlight=False)
        for t in table.townships:
            parts = [f"{title}：{cell(t, k)}" for title, k in zip(titles, t.tracks, strict=True)]
            console.print(f"{t.township}  " + "；".join(parts), markup=False, highlight=False, soft_wrap=True)
    for state, name, kinds in missing:
        console.print(f"{state}：{name}（{'、'.join(kinds)}）", markup=False, highlight=False, soft_wrap=True)
    for label, sub in (("目标任务分解表", table.targets), ("党员队伍基本情况表", table.roster)):
        console.print(f"{label}：{submission_cell(sub) if sub else '未报送'}", markup=False, highlight=False)
    if not table.townships:
        console.print("还不知道本辖区有哪些镇（街道）：请在配置文件中登记镇（街道）名录，或先入库目标任务分解表。",
                      markup=False, highlight=False)
    elif not missing:
        console.print("各镇（街道）三类台帐均已报送。", markup=False, highlight=False)


def submission_cell(sub) -> str:
    """"2006-09-20，19行": its date (marked when it is not a 填报日期) and its rows."""
    return f"{dated(sub.reported_on, sub.reported_by)}，{sub.rows}行"


HISTORY_STATE = {"current": "现行", "superseded": "已被替换", "withdrawn": "已撤回"}


def render_history(subs: list, year: int, console: Console, rich: bool) -> None:
    """Every submission of the year, oldest first within each ledger, with its state."""
    heading = f"{year}年度报送历史（现行：统计用的一份；已被替换：有更新的报送；已撤回：用 rollback 撤回）"
    rows = [(s.key.township, KIND_SHORT[Kind(s.key.kind)], s.file_name, submission_cell(s),
             f"{local_time(s.ingested_at):%Y-%m-%d %H:%M}", HISTORY_STATE[s.state]) for s in subs]
    if rich:
        grid = Table(title=heading, title_justify="left")
        for title in ("镇（街道）", "台帐", "文件", "日期，行数", "入库时间", "状态"):
            grid.add_column(title, overflow="fold")  # wrap long cells, never cut them
        for row in rows:
            grid.add_row(*row[:-1], Text(row[-1], style="" if row[-1] == "现行" else "dim"))
        console.print(grid)
    else:
        console.print(heading, markup=False, highlight=False, soft_wrap=True)
        for township, kind, name, when, ingested, state in rows:
            console.print(f"{township} {kind}：{name}，{when}，{ingested}入库，{state}",
                          markup=False, highlight=False, soft_wrap=True)
    if not rows:
        console.print(f"{year}年度还没有入库的报送。", markup=False, highlight=False)


BATCH_OUTCOME = {"archived": "已入库，移入 archive/",
                 "stale": "数据库中已有更新的或相同的报送，未替换，移入 archive/",
                 "rejected": "拒收，移入 rejected/（附问题标注副本和问题清单）",
                 "duplicate": "以前已入库过相同内容，直接移入 archive/",
                 "attachment": "不是台帐（附件），原样移入 archive/附件/"}


def render_batch(result, console: Console) -> None:
    """One line per file of a batch run, then what was left and what was written."""
    from talentledger.jobs.batch import waiting_note  # the batch's own words, also in its log
    for file in result.files:
        extra = f"，错误 {file.errors} 处" if file.outcome == "rejected" else ""
        console.print(f"{file.name}：{BATCH_OUTCOME[file.outcome]}{extra}", markup=False, highlight=False)
    if result.waiting:
        console.print(waiting_note(result.waiting), markup=False, highlight=False)
    for path in result.reports:
        console.print(f"已更新报告：{path}", markup=False, highlight=False)
    for line in result.unreported:
        console.print(line, markup=False, highlight=False)
    if not result.files and not result.waiting:
        console.print("收件文件夹中没有新文件。", markup=False, highlight=False)


LIGHTS = {"red": "未达标", "amber": "接近"}
LIGHT_STYLE = {"red": STYLE[Severity.ERROR], "amber": STYLE[Severity.WARNING]}
ALERT_LEVEL = {"error": ("错误", STYLE[Severity.ERROR]), "warning": ("预警", STYLE[Severity.WARNING])}


def render_assessment(result, console: Console) -> None:
    """The indicators, one line each with the townships that miss them, then each alert: its
    level, title, place and whether it was shown before, the sentence, then the people and
    where they are written."""
    from talentledger.report.quality import place
    from talentledger.report.wording import alert_place, alert_state, indicator_value, light_text, rule_text
    heading = f"{result.year}年度发展党员质量评估（截至 {result.as_of}）"
    console.print(Text(heading, style="bold"))
    for indicator in result.indicators:
        console.print(Text(f"  {indicator.title}（{rule_text(indicator)}）：{result.jurisdiction} "
                           f"{light_text(indicator.total, indicator)}"))
        for light in ("red", "amber"):
            units = [u for u in indicator.units if u.light == light]
            if units:
                names = "、".join(f"{place(u.township, u.organization)} {indicator_value(u)}" for u in units)
                console.print(Text(f"    {LIGHTS[light]}：{names}", style=LIGHT_STYLE[light]))
    for alert in result.alerts:
        level, style = ALERT_LEVEL[alert.severity]
        console.print(Text.assemble((f"【{level}】{alert.title}", style), f"  {alert_place(alert)}",
                                    (f"  {alert_state(alert)}", "dim")))
        console.print(Text(f"  {alert.message}"))
        for e in alert.people:
            note = f"（{e.note}）" if e.note else ""
            cell = f"第{e.row}行" + (f"“{e.column}”" if e.column else "")
            console.print(Text(f"    {e.name} {e.id_number}  {e.file} {e.sheet} {cell}{note}", style="dim"))
    errors = sum(a.severity == "error" for a in result.alerts)
    if not result.alerts:
        console.print("没有发现家族化、小团体化、入党介绍人不是正式党员、突击发展或长期不发展党员的情况。",
                      markup=False, highlight=False)
    repeated = sum(a.first_shown is not None for a in result.alerts)
    console.print(f"{result.year}年度发展党员质量评估：错误 {errors} 条，预警 {len(result.alerts) - errors} 条"
                  f"{f'（其中 {repeated} 条已通报过）' if repeated else ''}。", markup=False, highlight=False)


def render_person(result, console: Console) -> None:
    """Each person found: who, the timeline, the contradictions, then every ledger row with its source."""
    for file in result.people:
        console.print(Text(f"{file.name} {file.id_number}  {'、'.join(file.townships)}", style="bold"))
        console.print("时间线：", markup=False, highlight=False)
        for step in file.timeline:
            console.print(Text(f"  {step.day}  {step.event}", style="bold" if len(step.sources) == 1 else ""),
                          Text(f"（{'；'.join(step.sources)}）", style="dim"))
        if file.contradictions:
            console.print(Text(f"台帐之间的矛盾 {len(file.contradictions)} 处：", style=STYLE[Severity.ERROR]))
            for c in file.contradictions:
                console.print(Text(f"  {c.message}"))
        console.print("台帐记录：", markup=False, highlight=False)
        for row in file.rows:
            console.print(Text(f"  {row.year}年 {row.kind_name}  {row.file} {row.sheet} 第{row.row}行  "
                               f"{dated(row.reported_on, row.reported_by) if row.reported_on else ''}", style="dim"))
            console.print(Text("    " + "，".join(f"{k}：{v}" for k, v in row.fields.items())))
    found = len(result.people)
    if found > 1:
        console.print(f"“{result.query}”是 {found} 个人（身份证号不同）。请用身份证号查询一个人。",
                      markup=False, highlight=False)
