"""What the report says in words, the same in every format (HTML, Markdown and xlsx): the
progress of a target, a share with its unknowns, a ledger's reporting state, and the rules
behind the score and the 通报 list."""

from __future__ import annotations

from talentledger.ledger.config import INDICATOR_EVENTS, OPERATORS
from talentledger.ledger.provenance import REPORTED_BY_LEDGER, dated
from talentledger.report.model import NOT_REPORTED, RETURNED, Measure, Report, Reporting, Share, Source, TrackReporting
from talentledger.report.quality import LIGHTS, Alert, IndicatorResult, IndicatorValue, place

UNREPORTED_STATES = (NOT_REPORTED, RETURNED)


def percent(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.{digits}f}"


def progress(m: Measure) -> str:
    """A target against the 序时进度: 达到序时进度, 落后（差 N 人）, 未报送 or —."""
    if m.reporting in UNREPORTED_STATES:
        return m.reporting
    if m.on_schedule is None:
        return "—"
    return "达到序时进度" if m.on_schedule else f"落后，差{m.shortfall}人"


def share(s: Share) -> str:
    """"37.5%（150/400）", with the unknown left out of the denominator; "—（why）" when none is known."""
    if s.share is None:
        return f"—（{s.note}）" if s.note else "—"
    unknown = f"，另有{s.unknown}人未知" if s.unknown else ""
    return f"{percent(s.share)}（{s.numerator}/{s.denominator}{unknown}）"


def track_state(t: TrackReporting) -> str:
    """已报送 2006-09-20（逾期）, 已报送 2026-11-23（入库时间）, 已退回, 未报送. A date that is
    not the ledger's own 填报日期 says where it came from."""
    if t.reported_on is None:
        return t.state
    notes = [t.reported_by] if t.reported_by and t.reported_by != REPORTED_BY_LEDGER else []
    notes += ["逾期"] if t.on_time is False else []
    return f"{t.state} {t.reported_on}" + (f"（{'，'.join(notes)}）" if notes else "")


def reporting_summary(r: Reporting) -> str:
    if not r.expected:
        return "还不知道本辖区有哪些镇（街道），无法计算报送率。"
    text = f"应报送台帐 {r.expected} 份，已报送 {r.reported} 份，报送率 {percent(r.rate)}"
    if r.deadline is None:
        return text + "；配置文件中没有设截止日期（deadline），不计算及时率。"
    return text + f"；截止日期 {r.deadline}，按时报送 {r.on_time} 份，及时率 {percent(r.on_time_rate)}。"


def score_rule(r: Report) -> str:
    base = "综合得分为有目标各项完成率的平均值，每项最多按 150% 计"
    if r.unreported_rule == "zero":
        return base + "；未报送或被退回的台帐，其目标按 0% 计入并标明“未报送”。"
    return base + "；未报送或被退回的台帐，其目标不计入综合得分，并标明“未报送”。"


def tie_rule(r: Report) -> str:
    if r.bottom_ties == "include":
        return f"得分相同的并列同一名次；在第 {r.bottom_count} 位处并列的，一并列入通报。"
    return f"得分相同的并列同一名次；在第 {r.bottom_count} 位处并列的，均不列入通报。"


def source_date(s: Source) -> str:
    return dated(s.reported_on, s.reported_by)


LEVELS = {"township": "镇（街道）", "organization": "党组织"}


def year_cell(m) -> str:
    """One year's (or the years' sum of) a target: "12/20（60%）", 未报送 / 已退回, or "3/—"."""
    if m.reporting in UNREPORTED_STATES:
        return f"{m.actual}/{number(m.target)}（{m.reporting}）"
    if m.rate is None:
        return f"{m.actual}/{number(m.target)}"
    return f"{m.actual}/{m.target}（{percent(m.rate, 0)}）"


def points(change: float | None) -> str:
    """A change of a share in percentage points: "+5.2个百分点", "—"."""
    return "—" if change is None else f"{change * 100:+.1f}个百分点"


def indicator_value(v: IndicatorValue | None) -> str:
    """"33.3%（2/6）", with the people whose value is not known said apart; "—" without people."""
    if v is None or (v.share is None and not v.unknown):
        return "—"
    if v.share is None:
        return f"—（{v.unknown}人未知）"
    unknown = f"，另有{v.unknown}人未知" if v.unknown else ""
    return f"{percent(v.share)}（{v.numerator}/{v.denominator}{unknown}）"


def light_word(v: IndicatorValue | None, indicator: IndicatorResult) -> str:
    """达标, 接近, 未达标 or 不评 (too few people); nothing for an indicator without a threshold."""
    if v is None or indicator.threshold is None or v.share is None:
        return ""
    if v.township is not None and indicator.level == "city":
        return ""  # shown for each township, judged only for the whole
    return LIGHTS[v.light]


def light_text(v: IndicatorValue | None, indicator: IndicatorResult) -> str:
    """The value and its light in words: "16.7%（1/6） 未达标"."""
    word = light_word(v, indicator)
    return indicator_value(v) + (f" {word}" if word else "")


def rule_text(i: IndicatorResult) -> str:
    """"农村的发展党员中 ≥ 1/3，按镇（街道）评" or "发展党员中，只列数不评"."""
    among = i.among + INDICATOR_EVENTS[i.event]
    if i.threshold is None:
        return f"{among}中，只列数不评"
    judged = "只评全辖区" if i.level == "city" else f"按{LEVELS[i.level]}评"
    return f"{among}中 {OPERATORS[i.operator]} {i.threshold}，{judged}"


def alert_state(a: Alert) -> str:
    """新 for a warning shown for the first time, else 已通报 with the day it was first shown."""
    return "新" if a.first_shown is None else f"已通报（{a.first_shown} 首次）"


def alert_place(a: Alert) -> str:
    return place(a.township, a.organization)


FILTERS = {f.__name__: f for f in (percent, number, progress, share, track_state, reporting_summary, score_rule,
                                   tie_rule, source_date, indicator_value, light_word, light_text, rule_text, alert_state,
                                   alert_place, place, year_cell, points)}
