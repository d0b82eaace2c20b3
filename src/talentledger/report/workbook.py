"""The report as an Excel workbook: 总表, 报送情况, 分镇（街道）, 分领域, 排名, with a native bar
chart of completion rates against the 序时进度 line. Every sheet prints on A4, fitted to the
page's width, its header row repeated on each page and the pages numbered."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from talentledger.ledger.fields import KIND_SHORT, Kind
from talentledger.ledger.page import DEFAULT_WIDTH, print_on_a4, row_height, text_lines, text_width
from talentledger.ledger.text import workbook_row
from talentledger.report.model import Measure, Report, Share, Unit
from talentledger.report.programme import Programme
from talentledger.report.quality import Assessment, IndicatorResult, IndicatorValue
from talentledger.report.wording import (
    UNREPORTED_STATES,
    alert_state,
    indicator_value,
    light_word,
    points,
    progress,
    reporting_summary,
    rule_text,
    score_rule,
    share,
    tie_rule,
    track_state,
    year_cell,
)

HEADER_FILL = PatternFill("solid", start_color="F3E5E5", end_color="F3E5E5")
BEHIND_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
BOTTOM_FILL = PatternFill("solid", start_color="FDECEA", end_color="FDECEA")
PERCENT = "0.0%"
# Columns per target in the township and sector sheets: 目标, 完成, 完成率, 应完成, 差.
PER_TARGET = 5
RATE_OFFSET = 2


def write_workbook(report: Report | Assessment, path: Path) -> None:
    """The report's sheets, or the quality assessment's two sheets alone (assess --format xlsx)."""
    workbook = Workbook()
    if isinstance(report, Programme):
        workbook.remove(workbook.active)
        _programme_targets(workbook.create_sheet("分年度完成情况"), report)
        _programme_talent(workbook.create_sheet("人才党员占比与结构"), report)
        _finish_sheets(workbook, path)
        return
    if isinstance(report, Assessment):
        workbook.remove(workbook.active)
        assessment = report
    else:
        _summary(workbook.active, report)
        _reporting(workbook.create_sheet("报送情况"), report)
        _townships(workbook.create_sheet("分镇（街道）"), report)
        _sectors(workbook.create_sheet("分领域"), report)
        _ranking(workbook.create_sheet("排名"), report)
        _ladder(workbook.create_sheet("梯进培养"), report)
        assessment = report.quality
    _scorecard(workbook.create_sheet("质量指标"), assessment)
    _alerts(workbook.create_sheet("质量预警"), assessment)
    _finish_sheets(workbook, path)


def _finish_sheets(workbook: Workbook, path: Path) -> None:
    for sheet in workbook:
        _fit_rows(sheet)
        print_on_a4(sheet)
    workbook.save(path)


def _programme_title(sheet: Worksheet, p: Programme, text: str) -> None:
    sheet.append(workbook_row(sheet, [f"{p.jurisdiction}党员人才工程{p.years[0]}—{p.years[-1]}年{text}"]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(workbook_row(sheet, ["；".join(f"{year}年截至 {p.as_of[year]}" for year in p.years)]))


def _programme_targets(sheet: Worksheet, p: Programme) -> None:
    """Per target a block: townships and the jurisdiction by year, and the years summed."""
    _programme_title(sheet, p, "分年度完成情况")
    sheet.append([])
    _header(sheet, ["目标任务", "镇（街道）", *(f"{year}年\n完成/目标（完成率）" for year in p.years),
                    f"{len(p.years)}年累计"], [14, 14, *([18] * len(p.years)), 18])
    for key, title in p.targets.items():
        for index, unit in enumerate([*p.townships, p.total]):
            sheet.append(workbook_row(sheet, [title if index == 0 else "", unit.name,
                                              *(year_cell(unit.years[year][key]) for year in p.years),
                                              year_cell(unit.cumulative[key])]))
            for column, year in enumerate(p.years, start=3):
                if unit.years[year][key].reporting in UNREPORTED_STATES:
                    sheet.cell(sheet.max_row, column).fill = BEHIND_FILL
            if unit is p.total:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
    sheet.append(workbook_row(sheet, ["累计 = 各年完成数之和 ÷ 各年目标之和；某年没有目标的不计入目标之和。"]))


def _programme_talent(sheet: Worksheet, p: Programme) -> None:
    """The talent share by year with a native line chart against the goal, then the structure."""
    _programme_title(sheet, p, "人才党员占比与培养对象结构")
    sheet.append([])
    _header(sheet, ["镇（街道）", *(f"{year}年" for year in p.years)], [16, *([14] * len(p.years))])
    first = sheet.max_row
    for name, shares in p.talent_townships.items():
        sheet.append(workbook_row(sheet, [name, *(_share_value(shares[y]) if y in shares else "—" for y in p.years)]))
        _percent_row(sheet, len(p.years))
    sheet.append(workbook_row(sheet, [p.jurisdiction, *(_share_value(p.talent_share[y]) for y in p.years)]))
    _percent_row(sheet, len(p.years))
    city = sheet.max_row
    sheet.append(workbook_row(sheet, [f"目标（{p.talent_goal:.0%}）", *([p.talent_goal] * len(p.years))]))
    _percent_row(sheet, len(p.years))
    chart = LineChart()
    chart.title = "人才党员占比的变化"
    chart.y_axis.numFmt = "0%"
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 1
    for row in (city, sheet.max_row):
        chart.add_data(Reference(sheet, min_col=1, max_col=1 + len(p.years), min_row=row, max_row=row),
                       from_rows=True, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=2, max_col=1 + len(p.years), min_row=first, max_row=first))
    chart.height, chart.width = 7, 14
    sheet.append([])
    sheet.append(workbook_row(sheet, ["培养对象结构", *(f"{year}年" for year in p.years), "变化"]))
    for key, title in (("young", "35岁及以下"), ("educated", "高中及以上学历"), ("female", "女性")):
        sheet.append(workbook_row(sheet, [title, *(share(p.structure[y].cultivated[key]) for y in p.years),
                                          points(p.structure_change[key])]))
    sheet.add_chart(chart, f"A{sheet.max_row + 2}")


def _percent_row(sheet: Worksheet, columns: int) -> None:
    for column in range(2, 2 + columns):
        sheet.cell(sheet.max_row, column).number_format = PERCENT


def _header(sheet: Worksheet, titles: list[str], widths: list[int]) -> None:
    sheet.append(workbook_row(sheet, titles))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{sheet.max_row + 1}"
    sheet.print_title_rows = f"{sheet.max_row}:{sheet.max_row}"


def _title(sheet: Worksheet, report: Report, text: str) -> None:
    sheet.append(workbook_row(sheet, [f"{report.jurisdiction}党员人才工程{report.year}年度{text}"]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(workbook_row(sheet, [f"统计截至 {report.as_of}，序时进度 {report.elapsed_share:.1%}；目标来源：{report.target_source}"]))


def _schedule_row(sheet: Worksheet, report: Report, *notes: str) -> None:
    """Row 3: the 序时进度 in B3, which the behind-schedule rules compare against."""
    sheet.append(workbook_row(sheet, ["序时进度", report.elapsed_share, *notes]))
    sheet["B3"].number_format = PERCENT


def _behind_rule(sheet: Worksheet, rate_cell_range: str, first_cell: str) -> None:
    """Colour a completion rate that is below the 序时进度 kept in cell $B$3."""
    sheet.conditional_formatting.add(
        rate_cell_range, FormulaRule(formula=[f"AND(ISNUMBER({first_cell}),{first_cell}<$B$3)"], fill=BEHIND_FILL))


def _summary(sheet: Worksheet, report: Report) -> None:
    sheet.title = "总表"
    _title(sheet, report, "目标完成情况总表")
    _schedule_row(sheet, report)
    sheet.append([])
    _header(sheet, ["目标任务", "年度目标", "已完成", "完成率", "按序时应完成", "进度"], [24, 10, 10, 17, 17, 14])
    first = sheet.max_row + 1
    for key, title in report.targets.items():
        m = report.total.measures[key]
        sheet.append(workbook_row(sheet, [title, m.target, m.actual, m.rate, m.expected_people, progress(m)]))
        sheet.cell(sheet.max_row, 4).number_format = PERCENT
    _behind_rule(sheet, f"D{first}:D{sheet.max_row}", f"D{first}")
    sheet.append(workbook_row(sheet, ["按序时应完成的人数向上取整（不足一人按一人计）。"]))
    sheet.append([])
    talent = report.talent_share
    sheet.append(workbook_row(sheet, ["人才党员占比", talent.total.share, "目标", talent.goal, share(talent.total)]))
    sheet.cell(sheet.max_row, 2).number_format = PERCENT
    sheet.cell(sheet.max_row, 4).number_format = PERCENT
    sheet.append([])
    sheet.append(workbook_row(sheet, ["结构指标", "培养对象", "党员队伍", "培养对象（人数）", "党员队伍（人数）"]))
    for key, title in (("young", "35岁及以下"), ("educated", "高中及以上学历"), ("female", "女性")):
        cultivated, roster = report.structure.cultivated[key], report.structure.roster[key]
        sheet.append(workbook_row(sheet, [title, _share_value(cultivated), _share_value(roster), share(cultivated), share(roster)]))
        for column in (2, 3):
            sheet.cell(sheet.max_row, column).number_format = PERCENT
    sheet.append(workbook_row(sheet, ["占比的分母是该项已知的人数；未知的人数另列，不计入分母。"]))


def _share_value(s: Share) -> float | str:
    return "—" if s.share is None else s.share


def _reporting(sheet: Worksheet, report: Report) -> None:
    _title(sheet, report, "台帐报送情况")
    sheet.append(workbook_row(sheet, [reporting_summary(report.reporting)]))
    rows = report.reporting.townships
    kinds = list(rows[0].tracks) if rows else []
    _header(sheet, ["镇（街道）", *(KIND_SHORT[Kind(k)] for k in kinds)], [14] + [30] * len(kinds))
    for row in rows:
        sheet.append(workbook_row(sheet, [row.township, *(track_state(t) for t in row.tracks.values())]))
        for column, track in enumerate(row.tracks.values(), start=2):
            if track.state in UNREPORTED_STATES or track.on_time is False:
                sheet.cell(sheet.max_row, column).fill = BEHIND_FILL


def _unit_row(unit: Unit, report: Report) -> list:
    row: list = []
    for key in report.targets:
        m = unit.measures[key]
        row += [m.target, m.actual, _rate_cell(m), m.expected_people, m.shortfall or None]
    return row


def _rate_cell(m: Measure) -> float | str | None:
    """The completion rate, or 未报送 / 已退回 in its place: never a silent 0%."""
    return m.reporting if m.reporting in UNREPORTED_STATES else m.rate


def _measure_titles(report: Report) -> list[str]:
    titles: list[str] = []
    for title in report.targets.values():
        titles += [f"{title}\n目标", "完成", "完成率", "应完成", "差（人）"]
    return titles


def _measure_formats(sheet: Worksheet, report: Report, first_column: int) -> None:
    """Number formats of the last row's columns per target, starting at `first_column`."""
    row = sheet.max_row
    for index in range(len(report.targets)):
        sheet.cell(row, first_column + RATE_OFFSET + index * PER_TARGET).number_format = PERCENT


def _measure_rules(sheet: Worksheet, report: Report, first_column: int, first: int, last: int) -> None:
    """Colour each target's completion rate when behind schedule."""
    for index in range(len(report.targets)):
        letter = get_column_letter(first_column + RATE_OFFSET + index * PER_TARGET)
        _behind_rule(sheet, f"{letter}{first}:{letter}{last}", f"{letter}{first}")


def _mark_unreported(sheet: Worksheet, unit: Unit, report: Report, first_column: int) -> None:
    for index, key in enumerate(report.targets):
        if unit.measures[key].reporting in UNREPORTED_STATES:
            sheet.cell(sheet.max_row, first_column + RATE_OFFSET + index * PER_TARGET).fill = BEHIND_FILL


def _townships(sheet: Worksheet, report: Report) -> None:
    _title(sheet, report, "分镇（街道）完成情况")
    _schedule_row(sheet, report)
    titles = ["名次", "镇（街道）", *_measure_titles(report), "综合得分", "通报", "序时进度"]
    _header(sheet, titles, [9, 14] + [9, 7, 9, 8, 7] * len(report.targets) + [10, 8, 10])
    first = sheet.max_row + 1
    for unit in report.townships:
        sheet.append(workbook_row(sheet, [unit.rank, unit.name, *_unit_row(unit, report), unit.score,
                      "通报" if unit.bottom else "", report.elapsed_share]))
        row = sheet.max_row
        _measure_formats(sheet, report, first_column=3)
        _mark_unreported(sheet, unit, report, first_column=3)
        score_col = 3 + PER_TARGET * len(report.targets)
        sheet.cell(row, score_col).number_format = PERCENT
        sheet.cell(row, score_col + 2).number_format = PERCENT
        if unit.bottom:
            for column in (1, 2, score_col + 1):
                sheet.cell(row, column).fill = BOTTOM_FILL
    last = sheet.max_row
    sheet.append(workbook_row(sheet, [score_rule(report)]))
    if last < first:
        return
    _measure_rules(sheet, report, 3, first, last)
    _chart(sheet, report, first, last)


def _chart(sheet: Worksheet, report: Report, first: int, last: int) -> None:
    """Completion rate of each target per township as bars, 序时进度 as a line."""
    bars = BarChart()
    bars.type = "col"
    bars.title = "各镇（街道）完成率与序时进度"
    bars.y_axis.title = "完成率"
    bars.y_axis.numFmt = "0%"
    bars.y_axis.majorGridlines = None
    names = Reference(sheet, min_col=2, min_row=first, max_row=last)
    for index in range(len(report.targets)):
        column = 3 + RATE_OFFSET + index * PER_TARGET
        data = Reference(sheet, min_col=column, min_row=first - 1, max_row=last)
        bars.add_data(data, titles_from_data=True)
    bars.set_categories(names)
    for series, title in zip(bars.series, report.targets.values(), strict=True):
        series.tx = SeriesLabel(v=title)
    line = LineChart()
    schedule_col = 5 + PER_TARGET * len(report.targets)
    line.add_data(Reference(sheet, min_col=schedule_col, min_row=first - 1, max_row=last), titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = "000000"
    bars += line
    bars.height, bars.width = 9, max(16, 2 * (last - first + 1))
    sheet.add_chart(bars, f"B{last + 4}")


def _sectors(sheet: Worksheet, report: Report) -> None:
    _title(sheet, report, "分领域完成情况")
    _schedule_row(sheet, report, f"领域目标：{report.sector_target_source}")
    _header(sheet, ["领域", *_measure_titles(report)], [14] + [9, 7, 9, 8, 7] * len(report.targets))
    first = sheet.max_row + 1
    for unit in report.sectors:
        sheet.append(workbook_row(sheet, [unit.name, *_unit_row(unit, report)]))
        _measure_formats(sheet, report, first_column=2)
        _mark_unreported(sheet, unit, report, first_column=2)
    _measure_rules(sheet, report, 2, first, max(first, sheet.max_row))


def _ranking(sheet: Worksheet, report: Report) -> None:
    _title(sheet, report, "综合排名")
    sheet.append([])
    _header(sheet, ["名次", "镇（街道）", "综合得分", "通报", "未报送"], [6, 16, 12, 20, 30])
    for unit in report.townships:
        sheet.append(workbook_row(sheet, [unit.rank, unit.name, unit.score, f"列入通报（后{report.bottom_count}位）" if unit.bottom else "",
                      "、".join(report.targets[k] for k in unit.unreported)]))
        sheet.cell(sheet.max_row, 3).number_format = PERCENT
        if unit.bottom:
            for cell in sheet[sheet.max_row]:
                cell.fill = BOTTOM_FILL
    sheet.append([])
    sheet.append(workbook_row(sheet, [score_rule(report)]))
    sheet.append(workbook_row(sheet, [tie_rule(report)]))


def _ladder(sheet: Worksheet, report: Report) -> None:
    """The two flows of the ladder, each a table, with a native bar chart of the shares."""
    _title(sheet, report, "梯进培养")
    sheet.append([])
    blocks = ((f"{report.year}年发展的党员", ("member-to-talent", "talent-to-cadre"), "继续培养的",
               report.ladder.developed, report.ladder.developed_total),
              ("干部培养对象", ("member-to-talent", "talent-to-member"), "经“三培养”的",
               report.ladder.cadres, report.ladder.cadres_total))
    widths = [14, 14, 16, 16, 14, 10]
    first_block = None
    for title, kinds, found, flows, total in blocks:
        _header(sheet, ["镇（街道）", title, *(f"见于{KIND_SHORT[Kind(k)]}" for k in kinds), found, "占比"], widths)
        first = sheet.max_row + 1
        for flow in [*flows, total]:
            sheet.append(workbook_row(sheet, [flow.name, flow.people, *(flow.onward[k] for k in kinds), flow.any,
                                              flow.share]))
            sheet.cell(sheet.max_row, 6).number_format = PERCENT
        first_block = first_block or (first, sheet.max_row)
        sheet.append([])
    first, last = first_block
    sheet.freeze_panes = None  # two tables: neither header is frozen; the first repeats on each page
    sheet.print_title_rows = f"{first - 1}:{first - 1}"
    sheet.append(workbook_row(sheet, ["按公民身份号码在各年度现行台帐中查找；全辖区为各镇（街道）之和。"]))
    if last > first:
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"{report.year}年发展的党员中继续培养的占比"
        chart.x_axis.numFmt = "0%"
        chart.add_data(Reference(sheet, min_col=6, min_row=first - 1, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        chart.height, chart.width = 7, 14
        sheet.add_chart(chart, f"A{sheet.max_row + 2}")


# The traffic lights as cell fills (the word is in the cell too, for a black-and-white print).
LIGHT_FILLS = {light: PatternFill("solid", start_color=color, end_color=color)
               for light, color in (("green", "C6EFCE"), ("amber", "FFEB9C"), ("red", "FFC7CE"))}


def _quality_title(sheet: Worksheet, q: Assessment, text: str) -> None:
    sheet.append(workbook_row(sheet, [f"{q.jurisdiction}{q.year}年度发展党员质量评估：{text}"]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(workbook_row(sheet, [f"评估截至 {q.as_of}；指标和阈值来自配置文件的 [quality] 一节"]))


def _light_cell(sheet: Worksheet, column: int, value: IndicatorValue | None, indicator: IndicatorResult) -> None:
    word = light_word(value, indicator)
    cell = sheet.cell(sheet.max_row, column)
    cell.value = indicator_value(value) + (f"\n{word}" if word else "")
    if value is not None and value.light in LIGHT_FILLS:
        cell.fill = LIGHT_FILLS[value.light]


def _scorecard(sheet: Worksheet, q: Assessment) -> None:
    """Rows: townships and the jurisdiction; columns: the indicators, each cell its share, the
    people behind it and its light."""
    _quality_title(sheet, q, "指标记分卡")
    sheet.append([])
    _header(sheet, ["镇（街道）", *(f"{i.title}\n{rule_text(i)}" for i in q.indicators)], [14] + [18] * len(q.indicators))
    for township in [*q.townships, None]:
        sheet.append(workbook_row(sheet, [township or q.jurisdiction]))
        for column, indicator in enumerate(q.indicators, start=2):
            _light_cell(sheet, column, indicator.total if township is None else q.value(indicator.key, township),
                        indicator)
    for indicator in q.indicators:
        if indicator.level == "organization":
            sheet.append([])
            sheet.append(workbook_row(sheet, [f"{indicator.title}（按党组织评）", "镇（街道）", "党组织"]))
            for value in indicator.units:
                if value.light in ("red", "amber"):
                    sheet.append(workbook_row(sheet, ["", value.township, value.organization]))
                    _light_cell(sheet, 4, value, indicator)
    sheet.append([])
    sheet.append(workbook_row(sheet, ["绿色达标，黄色接近（差距在允许范围内），红色未达标；人数太少的不评。"
                                      "占比的分母不含该项未知的人。"]))


def _alerts(sheet: Worksheet, q: Assessment) -> None:
    """One row per person of each warning, the warning's columns filled on its first row."""
    _quality_title(sheet, q, "预警")
    sheet.append([])
    _header(sheet, ["序号", "级别", "名称", "重要程度", "镇（街道）", "党组织", "说明", "状态",
                    "姓名", "公民身份号码", "文件", "工作表", "行", "列", "备注"],
            [5, 6, 12, 6, 10, 14, 40, 12, 8, 20, 24, 12, 5, 12, 16])
    for number, alert in enumerate(q.alerts, start=1):
        head = [number, "错误" if alert.severity == "error" else "预警", alert.title, alert.importance,
                alert.township, alert.organization, alert.message, alert_state(alert)]
        for index, e in enumerate(alert.people or [None]):
            person = [e.name, e.id_number, e.file, e.sheet, e.row, e.column, e.note] if e else []
            sheet.append(workbook_row(sheet, [*(head if index == 0 else [""] * len(head)), *person]))
    if not q.alerts:
        sheet.append(workbook_row(sheet, ["", "", "没有发现问题"]))


def _widths(sheet: Worksheet) -> dict[int, float]:
    return {c: sheet.column_dimensions[get_column_letter(c)].width or DEFAULT_WIDTH
            for c in range(1, sheet.max_column + 1)}


def _fit_rows(sheet: Worksheet) -> None:
    """Text wider than its column wraps, and its row grows to hold every line: LibreOffice does
    not size rows itself, so a row without a height prints one line and cuts the rest. A text
    with nothing to its right (a title, a note under a table) is first spread across the table."""
    widths = _widths(sheet)
    last = sheet.max_column
    spans = {(r.min_row, r.min_col): sum(widths[c] for c in range(r.min_col, r.max_col + 1))
             for r in sheet.merged_cells.ranges}
    for row in sheet.iter_rows():
        lines, size = 1, 11.0
        for cell in row:
            if not isinstance(cell.value, str) or not cell.value:
                continue
            place = (cell.row, cell.column)
            width = spans.get(place, widths[cell.column])
            if place not in spans and text_width(cell.value) > width and cell.column < last and all(
                    other.value in (None, "") for other in row[cell.column:]):
                sheet.merge_cells(start_row=cell.row, start_column=cell.column, end_row=cell.row, end_column=last)
                width = sum(widths[c] for c in range(cell.column, last + 1))
            needed = text_lines(cell.value, width)
            if needed > 1:
                cell.alignment = Alignment(horizontal=cell.alignment.horizontal, wrap_text=True)
            font = cell.font.sz or 11.0
            if needed * font > lines * size:
                lines, size = needed, font
        if lines > 1 or size > 11:
            sheet.row_dimensions[row[0].row].height = row_height(lines, size)
        if lines > 1:
            for cell in row:
                if not cell.alignment.vertical:
                    cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="center",
                                               wrap_text=cell.alignment.wrap_text)
