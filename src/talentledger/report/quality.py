"""发展党员质量评估: the warnings no spreadsheet shows, found in the stored ledgers (docs/quality.md).

Each detector reads the people of the current 人才培养成党员 ledgers (and, for who was a full
member when, all three tracks) and gives `Alert`s with the people involved as evidence. The
rules and their defaults come from the programme's documents: 家族化 and 小团体化 named as the
failures of rural recruitment, the 发展党员工作细则 (introducers must be full members, no
突击发展), and the call to check organisations that have not recruited for years.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from fractions import Fraction
from functools import cache

from pydantic import BaseModel

from talentledger.ledger.config import FILTER_COLUMNS, IndicatorRule, PeopleFilter
from talentledger.ledger.config import QualityThresholds as Thresholds
from talentledger.ledger.errors import ExitCode
from talentledger.ledger.fields import TARGET_EVENTS, Kind, columns_of
from talentledger.ledger.idnumber import mask
from talentledger.store.queries import EventQuery

# 百家姓's two-character surnames: 欧阳修's surname is 欧阳, not 欧.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 独孤 南宫 西门 百里 呼延 "
    "万俟 申屠 澹台 太史 赫连 闻人 公羊 公冶 濮阳 淳于 单于 太叔 仲孙 鲜于 闾丘 东郭 南门 羊舌 微生 梁丘 左丘 "
    "东门 拓跋 第五 司空 司寇 亓官 漆雕 壤驷 乐正 宰父 谷梁 段干 巫马 公良 公西 颛孙 子车 谯笪 夹谷 乌孙".split())

# The detectors' codes, what each is called, how bad it is and how much it matters: one table
# for the CLI, the report and docs/quality.md. Results are shown by importance, then this order.
DETECTORS = {
    "introducer_not_full_member": ("入党介绍人不是正式党员", "error", "高"),
    "family_cluster": ("家族化", "warning", "高"),
    "introducer_concentration": ("小团体化", "warning", "高"),
    "burst_intake": ("突击发展", "warning", "中"),
    "no_recruitment": ("长期不发展党员", "warning", "中"),
}
IMPORTANCE_ORDER = {"高": 0, "中": 1, "低": 2}
# The traffic light of an indicator's value, and its words.
LIGHTS = {"green": "达标", "amber": "接近", "red": "未达标", "none": "不评"}


class Evidence(BaseModel):
    """One person behind an alert, and where the ledger says so: the row, and the column (its
    header) that shows it."""

    name: str
    id_number: str  # masked
    file: str
    sheet: str
    row: int
    column: str = ""
    note: str = ""


class Alert(BaseModel):
    code: str
    title: str
    severity: str
    importance: str
    township: str
    organization: str | None
    subject: str                  # what makes it the same warning when shown again
    message: str
    people: list[Evidence] = []
    first_shown: dt.date | None = None  # 已通报: the day it was first shown; None when new


class IndicatorValue(BaseModel):
    """One unit's value of an indicator: `numerator` of the `denominator` people, whose share
    is judged against the threshold; `unknown` people lacked a value the indicator needs."""

    township: str | None = None      # None: the whole jurisdiction
    organization: str | None = None
    numerator: int
    denominator: int
    unknown: int = 0
    share: float | None
    light: str                       # green / amber / red / none (LIGHTS)


class IndicatorResult(BaseModel):
    key: str
    title: str
    event: str
    among: str = ""                  # who of the event's people it looks at, in words ("农村的")
    level: str
    importance: str
    operator: str
    threshold: str | None
    total: IndicatorValue
    units: list[IndicatorValue]      # organisations for level "organization", else townships (unjudged for "city")


class Assessment(BaseModel):
    """What `assess` shows, the report's 发展党员质量评估 section, and `--format json`."""

    year: int
    as_of: dt.date
    jurisdiction: str = "本市"
    townships: list[str] = []        # the scorecard's rows
    indicators: list[IndicatorResult] = []
    alerts: list[Alert]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FINDINGS if any(a.severity == "error" for a in self.alerts) else ExitCode.OK

    def value(self, key: str, township: str) -> IndicatorValue | None:
        """The scorecard's cell of indicator `key` for `township`."""
        result = next(r for r in self.indicators if r.key == key)
        return next((u for u in result.units if u.township == township and u.organization is None), None)


def surname(name: str) -> str:
    name = name.strip()
    return name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]


def assess_store(store, year: int, settings: Thresholds | None = None, mask_ids: bool = True,
                 as_of: dt.date | None = None, jurisdiction: str = "本市",
                 shown_on: dt.date | None = None) -> Assessment:
    """The assessment of `year` as of `as_of` (the year's end) over everything stored. With
    `shown_on`, its warnings are recorded as shown that day, and those shown before carry the
    day they were first shown (已通报). The scorecard has a row for each township with people
    or warnings."""
    settings = settings or Thresholds()
    as_of = as_of or dt.date(year, 12, 31)
    rules = settings.active_indicators()
    with store.queries() as queries:
        # What the detectors read, narrowed by the database: the window's 人才培养成党员 people, the
        # ledger rows of their introducers' names, and each organisation's years.
        developing = queries.recruitment(year - settings.family_window_years + 1, year)
        named = queries.people_named(introducer_names(developing, year))
        organizations = queries.organization_years(as_of)
        events = {event: queries.event_people(_event_query(event), year, as_of)
                  for event in {rule.event for rule in rules.values()}}
    once = {row["id"]: row for row in [*developing, *named]}
    alerts = assess(list(once.values()), year, settings, mask_ids, as_of, organizations)
    if shown_on is not None:
        first = store.alerts_shown([(a.code, a.township, a.subject) for a in alerts], year, shown_on)
        for alert in alerts:
            alert.first_shown = first.get((alert.code, alert.township, alert.subject))
    indicators = [indicator(key, rule, events[rule.event], settings) for key, rule in rules.items()]
    townships = sorted({*(u.township for r in indicators for u in r.units if u.township), *(a.township for a in alerts)})
    return Assessment(year=year, as_of=as_of, jurisdiction=jurisdiction, townships=townships,
                      indicators=sorted(indicators, key=lambda r: IMPORTANCE_ORDER[r.importance]), alerts=alerts)


def introducer_names(rows: list[dict], year: int) -> set[tuple[str, str]]:
    """(township, name) of every 入党介绍人 whose ledger rows the introducer check reads: those of
    the people received as 预备党员 in `year` in a named 所在党组织 (without one it is never sure)."""
    return {(row.get("township") or "", name) for row in rows
            if row.get("organization") and str(row.get("probation_date") or "").startswith(f"{year:04d}")
            for name in _names(row.get("introducers"))}


def _event_query(event: str) -> EventQuery:
    counted = TARGET_EVENTS[event]
    return EventQuery(event, counted.kind.value, counted.date_field, counted.status)


def assess(rows: list[dict], year: int, thresholds: Thresholds | None = None, mask_ids: bool = True,
           as_of: dt.date | None = None, organizations: list[tuple] | None = None) -> list[Alert]:
    """Every alert of `year` over the stored `rows` (the columns of store Queries.recruitment),
    by importance, errors first. Dates after `as_of` are not known yet. `organizations` are
    the store's Queries.organization_years; without them they are counted from `rows`."""
    t = thresholds or Thresholds()
    as_of = as_of or dt.date(year, 12, 31)
    people = [_Person(row, mask_ids, as_of) for row in rows]
    developing = once_each([p for p in people if p.kind == Kind.TALENT_TO_MEMBER.value], year)
    if organizations is None:
        organizations = organization_years(people)
    # Which organisation received a member is known only where the 人才培养成党员 ledgers say.
    recording = {p.township for p in developing if p.organization}
    alerts = [*family_clusters(developing, year, t), *introducer_concentration(developing, year, t),
              *introducers_not_full_members(developing, people, year), *burst_intake(developing, year, t),
              *no_recruitment([o for o in organizations if o[0] in recording], year, t)]
    return sorted(alerts, key=lambda a: (IMPORTANCE_ORDER[a.importance], a.severity != "error",
                                         list(DETECTORS).index(a.code), a.township, a.organization or ""))


def indicator(key: str, rule: IndicatorRule, people: list[dict], settings: Thresholds) -> IndicatorResult:
    """The indicator's value for the jurisdiction and for each unit of its level."""
    among, count = _matcher(rule.among), _matcher(rule.count)
    verdicts = {True: "yes", False: "no", None: "unknown"}
    counted = [(person, verdicts[count(person)]) for person in people if among(person) is True]
    groups: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for person, verdict in counted:
        organization = (person.get("organization") or "").strip() or None
        if rule.level == "organization" and organization is None:
            continue
        where = (person.get("township") or "未填写", organization if rule.level == "organization" else None)
        groups[where].append(verdict)
    # A city-level indicator shows each township's value but judges only the whole.
    judged = rule.level != "city"
    units = [_value(verdicts, rule, settings, township, organization, judged)
             for (township, organization), verdicts in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or ""))]
    return IndicatorResult(key=key, title=rule.title, event=rule.event, among=rule.among.describe(), level=rule.level,
                           importance=rule.importance, operator=rule.operator, threshold=rule.threshold,
                           total=_value([v for _, v in counted], rule, settings), units=units)


def _matcher(wanted: PeopleFilter) -> Callable[[dict], bool | None]:
    """Whether a person has one of the wanted values of every listed column and an age in range
    on the day of the event; None when a value needed is not known. Built once per filter: it
    runs for every person of the year."""
    columns = [(column, frozenset(values)) for column in FILTER_COLUMNS if (values := getattr(wanted, column))]
    low, high = wanted.age_min, wanted.age_max
    by_age = low is not None or high is not None

    def matches(person: dict) -> bool | None:
        unknown = False
        for column, allowed in columns:
            value = person.get(column)
            if value is None:
                unknown = True
            elif value not in allowed:
                return False
        if by_age:
            age = _age(person.get("birth_date"), _date(person.get("day")))
            if age is None:
                unknown = True
            elif (high is not None and age > high) or (low is not None and age < low):
                return False
        return None if unknown else True

    return matches


def _age(birth: object, day: dt.date | None) -> int | None:
    if birth is None or day is None:
        return None
    born = birth if isinstance(birth, dt.date) else dt.date.fromisoformat(str(birth)[:10])
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _value(verdicts: list[str], rule: IndicatorRule, settings: Thresholds, township: str | None = None,
           organization: str | None = None, judged: bool = True) -> IndicatorValue:
    numerator, unknown = verdicts.count("yes"), verdicts.count("unknown")
    denominator = len(verdicts) - unknown
    share = Fraction(numerator, denominator) if denominator else None
    return IndicatorValue(township=township, organization=organization, numerator=numerator,
                          denominator=denominator, unknown=unknown,
                          share=None if share is None else float(share),
                          light=_light(share, denominator, rule, settings) if judged else "none")


def _light(share: Fraction | None, people: int, rule: IndicatorRule, settings: Thresholds) -> str:
    """Green when the threshold is met, amber when missed by less than the margin, red when
    missed by more; none without a threshold or with too few people to judge."""
    if rule.threshold is None or share is None or people < settings.indicator_min_people:
        return "none"
    if rule.met(share):
        return "green"
    return "amber" if abs(share - rule.exact_threshold) < Fraction(str(settings.amber_margin)) else "red"


def once_each(people: list[_Person], year: int) -> list[_Person]:
    """Each person once, though several years' ledgers list them: the row of the assessed year's
    ledger, else of the latest year before it, else of the earliest after. Rows without an ID
    number cannot be matched and are all kept."""
    def preference(p: _Person) -> tuple:
        ledger = int(p.row.get("year") or year)
        return (ledger == year, ledger <= year, ledger if ledger <= year else -ledger)

    chosen: dict[str, _Person] = {}
    kept: list[_Person] = []
    for p in people:
        number = p.row.get("id_number")
        if not number:
            kept.append(p)
        elif number not in chosen or preference(p) > preference(chosen[number]):
            chosen[number] = p
    return kept + sorted(chosen.values(), key=lambda p: p.row.get("id") or 0)


class _Person:
    """A stored row, with its dates as dates (a month-precision date is its first day)."""

    def __init__(self, row: dict, mask_ids: bool, as_of: dt.date):
        self.row = row
        self.kind = row["kind"]
        self.name = (row.get("name") or "").strip()
        self.township = row.get("township") or ""
        self.organization = (row.get("organization") or "").strip() or None
        self.introducers = _names(row.get("introducers"))
        self.dates = {k: _known_by(row.get(k), as_of) for k in _DATES}
        self.mask_ids = mask_ids

    def evidence(self, field: str, note: str = "") -> Evidence:
        """This person as evidence, pointing at the cell of `field` in their row."""
        id_number = self.row.get("id_number") or ""
        column = columns_of(Kind(self.kind)).get(field)
        return Evidence.model_construct(name=self.name, id_number=mask(id_number) if self.mask_ids else id_number,
                                        file=self.row.get("file_name") or "", sheet=self.row.get("sheet") or "",
                                        row=self.row.get("source_row") or 0, column=column.header if column else "",
                                        note=note)

    def in_years(self, field: str, first: int, last: int) -> bool:
        day = self.dates[field]
        return day is not None and first <= day.year <= last


_DATES = ("join_date", "activist_date", "candidate_date", "probation_date", "full_date")


@cache
def _known_by(text: str | None, as_of: dt.date) -> dt.date | None:
    """The stored date, if it had come by `as_of`: a later one has not happened yet."""
    day = _date(text)
    return day if day is not None and day <= as_of else None


@cache
def _date(text: str | None) -> dt.date | None:
    """A stored ledger date ("2006-03-05", or "2006-03" when only the month is known) as a day.
    Cached: a million rows hold a few thousand distinct dates."""
    if not text:
        return None
    parts = [int(p) for p in str(text).split("-")[:3]]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


_SEPARATORS = re.compile(r"[、，,；;/\s]+")


@cache
def _names(text: str | None) -> tuple[str, ...]:
    return tuple(n for n in _SEPARATORS.split(text or "") if n)


def place(township: str, organization: str | None) -> str:
    """Where, in words: "白塔镇白塔村党支部"; an organisation already named with its township
    ("石桥镇李家村党支部") is not prefixed again."""
    if not organization:
        return township
    return organization if organization.startswith(township) else f"{township}{organization}"


def _alert(code: str, township: str, organization: str | None, subject: str, message: str,
           people: list[Evidence]) -> Alert:
    title, severity, importance = DETECTORS[code]
    return Alert(code=code, title=title, severity=severity, importance=importance, township=township,
                 organization=organization, subject=subject, message=message, people=people)


def family_clusters(developing: list[_Person], year: int, t: Thresholds) -> Iterable[Alert]:
    """家族化: within one organisation, the commonest surname among those made activists or
    developed in the window holds a large share. People without a 所在党组织 are left out: a
    whole township is too large a group for a surname to mean a family."""
    first = year - t.family_window_years + 1
    groups: dict[tuple[str, str | None], list[_Person]] = defaultdict(list)
    for p in developing:
        if p.name and p.organization and (p.in_years("activist_date", first, year)
                                          or p.in_years("probation_date", first, year)):
            groups[(p.township, p.organization)].append(p)
    for (township, organization), members in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1] or "")):
        name, count = Counter(surname(p.name) for p in members).most_common(1)[0]
        if count < t.family_min_people or count / len(members) < t.family_min_share:
            continue
        evidence = [p.evidence("name", "与入党介绍人同姓：" + "、".join(i for i in p.introducers if surname(i) == name)
                               if any(surname(i) == name for i in p.introducers) else "")
                    for p in members if surname(p.name) == name]
        yield _alert("family_cluster", township, organization, f"{organization}|{name}",
                     f"{first}—{year}年{place(township, organization)}确定的入党积极分子和发展的党员共 {len(members)} 人，"
                     f"其中姓“{name}”的 {count} 人（{count / len(members):.0%}），请核实是否存在家族化倾向", evidence)


def introducer_concentration(developing: list[_Person], year: int, t: Thresholds) -> Iterable[Alert]:
    """小团体化: one introducer for many of the year's new members, or people who introduce one another."""
    introduced: dict[tuple[str, str], list[_Person]] = defaultdict(list)
    for p in developing:
        if p.in_years("probation_date", year, year):
            for name in p.introducers:
                introduced[(p.township, name)].append(p)
    many = {k: members for k, members in introduced.items() if len(members) > t.introducer_max_per_year}
    for (township, name), members in sorted(many.items()):
        yield _alert("introducer_concentration", township, None, f"{year}|{name}",
                     f"{year}年{township}有 {len(members)} 名新党员的入党介绍人都是“{name}”"
                     f"（超过 {t.introducer_max_per_year} 人），请核实", [p.evidence("introducers") for p in members])
    yield from _mutual_introductions(developing, year - t.family_window_years + 1, year)


def _mutual_introductions(developing: list[_Person], first: int, year: int) -> Iterable[Alert]:
    """A closed group: people in one township received as 预备党员 in the years `first` to
    `year` who introduced one another (A introduced B and B introduced A, or a longer ring)."""
    by_name: dict[tuple[str, str], _Person] = {}
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in developing:
        if p.name and p.in_years("probation_date", first, year):
            by_name[(p.township, p.name)] = p
            for name in p.introducers:
                edges[(p.township, name)].add(p.name)
    seen: set[tuple[str, str]] = set()
    on_rings = _may_be_on_rings(set(by_name), edges)
    for start in sorted(on_rings):
        if start in seen:
            continue
        ring = _ring_through(start, edges, on_rings)
        if ring:
            seen.update(ring)
            township = start[0]
            names = "、".join(n for _, n in ring)
            yield _alert("introducer_concentration", township, None, "互为介绍人|" + "、".join(sorted(n for _, n in ring)),
                         f"{township}的{names}互为入党介绍人（相互介绍的小圈子），请核实",
                         [by_name[k].evidence("introducers", "介绍人：" + "、".join(by_name[k].introducers)) for k in ring])


def _may_be_on_rings(people: set[tuple[str, str]], edges: dict) -> set[tuple[str, str]]:
    """The people who may lie on a ring: who introduced one of those left and was introduced
    by one of them, pruned until nothing changes. Most of a year's members are not, and the
    ring search need not start from them."""
    while True:
        introduced = {(township, name) for township, introducer in people
                      for name in edges.get((township, introducer), ())}
        left = {k for k in people if k in introduced and any((k[0], n) in people for n in edges.get(k, ()))}
        if left == people:
            return people
        people = left


def _ring_through(start: tuple[str, str], edges: dict, by_name) -> list[tuple[str, str]]:
    """The shortest ring of introductions back to `start`, through people in `by_name`."""
    township = start[0]
    paths = [[start]]
    visited = {start}
    while paths:
        grown = []
        for path in paths:
            for name in sorted(edges.get(path[-1], ())):
                step = (township, name)
                if step == start and len(path) > 1:
                    return path
                if step in by_name and step not in visited:
                    visited.add(step)
                    grown.append([*path, step])
        paths = grown
    return []


def introducers_not_full_members(developing: list[_Person], people: list[_Person], year: int) -> Iterable[Alert]:
    """An introducer who, by the department's own ledgers, was not a full member on the day the
    person was received as 预备党员 (细则: 入党介绍人 must be full members). Only certain cases:
    the name must be one person's in the township's ledgers (two namesakes: who is meant is not
    known), of the new member's own 所在党组织 (a name alone does not say a member in no
    ledger is not meant), and every row of that person must show it."""
    records: dict[tuple[str, str], list[_Person]] = defaultdict(list)
    for p in people:
        if p.name:
            records[(p.township, p.name)].append(p)
    for p in developing:
        day = p.dates["probation_date"]
        if day is None or day.year != year:
            continue
        for name in p.introducers:
            found = records.get((p.township, name), [])
            reasons = [_not_full_on(r, day) for r in found]
            if found and all(reasons) and _one_person(found) and _same_branch(found, p):
                # The introducer's row of the assessed year's ledger (else the nearest) says it best.
                [own] = once_each(found, year)
                yield _alert("introducer_not_full_member", p.township, p.organization, f"{p.name}|{day}|{name}",
                             f"{p.name} {day:%Y-%m-%d} 接收为预备党员，其入党介绍人“{name}”当时{_not_full_on(own, day)}，"
                             "不符合《中国共产党发展党员工作细则》关于入党介绍人须为正式党员的规定",
                             [p.evidence("introducers", "介绍人：" + "、".join(p.introducers)),
                              own.evidence(_MEMBER_SINCE[own.kind], "介绍人本人")])


# The column that says since when an introducer has been a member, by ledger.
_MEMBER_SINCE = {Kind.TALENT_TO_MEMBER.value: "probation_date", Kind.MEMBER_TO_TALENT.value: "join_date",
                 Kind.TALENT_TO_CADRE.value: "join_date"}


def _one_person(rows: list[_Person]) -> bool:
    """Whether the rows are all of one person: one ID number, given on every row."""
    ids = {r.row.get("id_number") for r in rows}
    return len(ids) == 1 and None not in ids and "" not in ids


def _same_branch(rows: list[_Person], member: _Person) -> bool:
    """Whether the introducer's rows name the new member's 所在党组织 (and no other)."""
    branches = {r.organization for r in rows} - {None}
    return member.organization is not None and branches == {member.organization}


def _not_full_on(person: _Person, day: dt.date) -> str:
    """Why `person` was certainly not a full member on `day`, or "" when they may have been."""
    d = person.dates
    if person.kind == Kind.TALENT_TO_MEMBER.value:
        if d["full_date"] is not None and d["full_date"] < day:
            return ""
        if d["probation_date"] is None or d["probation_date"] > day:
            return "还不是党员"
        # No 转正 date a year or more after being received may be a ledger not brought up to date.
        return "还是预备党员" if d["full_date"] is not None or _add_years(d["probation_date"], 1) > day else ""
    joined = d["join_date"]  # 入党时间: received as 预备党员; the probation lasts at least a year
    if joined is None:
        return ""
    if joined > day:
        return "还不是党员"
    return "还是预备党员" if _add_years(joined, 1) > day else ""


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def burst_intake(developing: list[_Person], year: int, t: Thresholds) -> Iterable[Alert]:
    """突击发展: many received as 预备党员 on one day in one organisation, or a township's year's
    intake bunched in its last weeks."""
    intake = [p for p in developing if p.in_years("probation_date", year, year)]
    same_day: dict[tuple[str, str | None, dt.date], list[_Person]] = defaultdict(list)
    for p in intake:
        if p.organization:  # a township's committee approves many branches' candidates at one meeting
            same_day[(p.township, p.organization, p.dates["probation_date"])].append(p)
    for (township, organization, day), members in sorted(same_day.items(), key=lambda g: (g[0][0], g[0][1] or "", g[0][2])):
        if len(members) >= t.burst_same_day and _is_a_day(members):
            yield _alert("burst_intake", township, organization, f"{organization}|{day}",
                         f"{place(township, organization)}在 {day:%Y-%m-%d} 一天接收预备党员 {len(members)} 人，"
                         "请核实是否突击发展", [p.evidence("probation_date") for p in members])
    late = dt.date(year, 12, 31) - dt.timedelta(weeks=t.burst_last_weeks)
    by_township: dict[str, list[_Person]] = defaultdict(list)
    for p in intake:
        by_township[p.township].append(p)
    for township, members in sorted(by_township.items()):
        last = [p for p in members if p.dates["probation_date"] > late and _is_a_day([p])]
        if len(members) >= t.burst_min_intake and len(last) / len(members) >= t.burst_last_share:
            yield _alert("burst_intake", township, None, f"{year}|年底",
                         f"{year}年{township}发展党员 {len(members)} 人，其中 {len(last)} 人"
                         f"（{len(last) / len(members):.0%}）在最后 {t.burst_last_weeks} 周接收，请核实是否年底突击发展",
                         [p.evidence("probation_date") for p in last])


def _is_a_day(members: list[_Person]) -> bool:
    """A date written to the day (a month-only 2006-12 is not evidence of one day)."""
    return all(len(str(p.row.get("probation_date") or "")) == 10 for p in members)


def organization_years(people: list[_Person]) -> list[tuple[str, str, int, int | None]]:
    """(township, 所在党组织, the first ledger year it is in, the last year it received a 预备党员)
    from the rows themselves: what the store's Queries.organization_years answers in SQL."""
    first_seen: dict[tuple[str, str], int] = {}
    recruited: dict[tuple[str, str], int] = {}
    for p in people:
        if p.organization:
            where = (p.township, p.organization)
            first_seen[where] = min(first_seen.get(where, 9999), int(p.row.get("year") or 9999))
            day = p.dates["probation_date"]
            if p.kind == Kind.TALENT_TO_MEMBER.value and day is not None:
                recruited[where] = max(recruited.get(where, 0), day.year)
    return [(*where, first, recruited.get(where)) for where, first in first_seen.items()]


def no_recruitment(organizations: list[tuple[str, str, int, int | None]], year: int, t: Thresholds) -> Iterable[Alert]:
    """长期不发展: an organisation in the ledgers for at least N years to `year` that received no
    new member in those years. An organisation seen for fewer years is not judged."""
    start = year - t.no_recruitment_years + 1
    for township, organization, first, last in sorted(organizations, key=lambda o: (o[0] or "", o[1])):
        if first <= start and (last is None or last < start):
            since = f"最近一次发展党员在 {last} 年" if last else "数据库中没有发展党员的记录"
            yield _alert("no_recruitment", township, organization, organization,
                         f"{place(township, organization)}{start}—{year}年连续 {t.no_recruitment_years} 年没有发展党员（{since}），"
                         "请核实原因", [])
