"""Counting what each township and sector achieved against its targets (SPEC 2 and 5).

What counts in year Y (SPEC 2): member-to-talent people with 培养状态 已成才 and 成才认定时间
in Y; talent-to-member people with 确定为入党积极分子时间 in Y (activists) and
接收为预备党员时间 in Y (developed); talent-to-cadre people with 选拔任用时间 in Y. Events
after the as-of date are not counted yet. Counting is over the current submissions of every
year, by distinct ID number, so a person listed in two years' ledgers counts once per event.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, and_, case, func, literal, select

from talentledger.config import Config
from talentledger.ingest import WHOLE_JURISDICTION
from talentledger.report.model import (
    SCORE_CAP,
    TARGETS,
    Measure,
    Report,
    Share,
    Source,
    Structure,
    TalentShare,
    Unit,
)
from talentledger.schema import SECTOR, Kind
from talentledger.store import Store
from talentledger.store.schema import people, roster, submissions, targets

UNKNOWN_SECTOR = "未填写领域"
EDUCATED = ("研究生", "大学本科", "大学专科", "中专", "高中")


@dataclass(frozen=True)
class Event:
    kind: Kind
    date_field: str
    status: str | None = None


EVENTS = {
    "member_to_talent": Event(Kind.MEMBER_TO_TALENT, "talent_date", "已成才"),
    "activists": Event(Kind.TALENT_TO_MEMBER, "activist_date"),
    "developed": Event(Kind.TALENT_TO_MEMBER, "probation_date"),
    "cadres": Event(Kind.TALENT_TO_CADRE, "appointed_date"),
}


def default_as_of(year: int, today: dt.date | None = None) -> dt.date:
    """Today within the year; the year's last day for a past year; its first for a future one."""
    today = today or dt.date.today()
    if year < today.year:
        return dt.date(year, 12, 31)
    if year > today.year:
        return dt.date(year, 1, 1)
    return today


def elapsed_share(year: int, as_of: dt.date) -> float:
    """Share of the year gone by at the end of `as_of` (序时进度), between 0 and 1."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 1.0
    return ((as_of - start).days + 1) / ((end - start).days + 1)


def build_report(store: Store, config: Config, year: int, as_of: dt.date) -> Report:
    """Aggregate the store into the report model for `year` as of `as_of`."""
    share = elapsed_share(year, as_of)
    with store.engine.connect() as connection:
        by_township = _count_events(connection, year, as_of, people.c.township)
        by_sector = _count_events(connection, year, as_of, func.coalesce(people.c.sector, UNKNOWN_SECTOR))
        totals = _count_events(connection, year, as_of, literal("*"))
        township_targets, city_targets, target_source = _targets(connection, config, year)
        talent = _talent_share(connection, config, year)
        structure = Structure(cultivated=_cultivated_structure(connection, year, as_of),
                              roster=_roster_structure(connection, year))
        sources = _sources(connection, year)
        sector_targets, sector_target_source = _sector_targets(
            _ledger_mix(connection, year), config, township_targets or {"*": city_targets})
    names = sorted(set(township_targets) | set(by_township) | {t.name for t in config.townships})
    townships = [_unit(n, by_township.get(n, {}), township_targets.get(n), share) for n in names]
    _rank(townships, config.bottom_count)
    sectors = [_unit(n, by_sector.get(n, {}), sector_targets.get(n), share)
               for n in sorted(set(by_sector) | set(sector_targets), key=_sector_order)]
    total = _unit(config.jurisdiction, totals.get("*", {}), city_targets, share)
    return Report(jurisdiction=config.jurisdiction, year=year, as_of=as_of, elapsed_share=share,
                  bottom_count=config.bottom_count, target_source=target_source,
                  sector_target_source=sector_target_source,
                  townships=sorted(townships, key=lambda u: (u.rank or 10**6, u.name)),
                  sectors=sectors, total=total, talent_share=talent, structure=structure, sources=sources)


def _count_events(connection: Connection, year: int, as_of: dt.date, group) -> dict[str, dict[str, int]]:
    """{group value: {target key: distinct people}} for the four events."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for key, event in EVENTS.items():
        column = people.c[event.date_field]
        conditions = [people.c.kind == event.kind.value, column >= f"{year:04d}", column < f"{year + 1:04d}",
                      column <= as_of.isoformat()]
        if event.status:
            conditions.append(people.c.status == event.status)
        query = (select(group.label("unit"), func.count(func.distinct(people.c.id_number)))
                 .where(and_(*conditions)).group_by(group))
        for unit, count in connection.execute(query):
            counts[unit or "未填写"][key] = count
    return counts


def _targets(connection: Connection, config: Config, year: int) -> tuple[dict[str, dict[str, int]], dict, str]:
    """Township targets from the ingested 目标任务分解表; the city's from their sum, else the
    configuration, else the built-in targets of the seed city."""
    rows = connection.execute(select(targets).where(targets.c.year == year)).mappings().all()
    by_township = {r["township"]: {k: r[k] for k in TARGETS} for r in rows}
    if by_township:
        city = {k: sum(t[k] or 0 for t in by_township.values()) for k in TARGETS}
        return by_township, city, "已入库的目标任务分解表"
    if year in config.targets:
        return {}, config.targets[year].model_dump(), "配置文件或内置的全市目标"
    return {}, {}, "无（该年度没有目标）"


def _sector_order(name: str) -> tuple[int, str]:
    """Sectors in the order of SPEC 2.1; unknown and unfilled ones last."""
    return (SECTOR.choices.index(name) if name in SECTOR.choices else len(SECTOR.choices), name)


def _ledger_mix(connection: Connection, year: int) -> dict[tuple[str, str], dict[str, int]]:
    """{(kind, township): {sector: people}} in that year's ledgers; township "*" is the whole
    jurisdiction. The sector mix a township's targets are shared by when the config has none."""
    sector = func.coalesce(people.c.sector, UNKNOWN_SECTOR)
    query = (select(people.c.kind, people.c.township, sector, func.count(func.distinct(people.c.id_number)))
             .select_from(people.join(submissions, people.c.submission_id == submissions.c.id))
             .where(submissions.c.year == year)
             .group_by(people.c.kind, people.c.township, sector))
    mix: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, township, name, count in connection.execute(query):
        mix[(kind, township)][name] += count
        mix[(kind, "*")][name] += count
    return mix


def _sector_targets(ledger_mix: dict, config: Config, goals_by_unit: dict[str, dict]) -> tuple[dict, str]:
    """Each township's targets shared among sectors by its mix, summed per sector and rounded
    so that the sectors' targets add up to what was shared (largest remainder).

    A township's mix is its `sectors` in the config, else the people of its ledgers of the year
    per sector, counted on the track behind each target. Targets set only for the whole
    jurisdiction (unit "*") are shared by the whole jurisdiction's ledgers."""
    if not any(goals_by_unit.values()):
        return {}, "无（该年度没有目标）"
    configured = {t.name: t.sectors for t in config.townships if t.sectors}
    shares: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    unshared: set[str] = set()
    for unit, goals in goals_by_unit.items():
        for key, goal in goals.items():
            if not goal:
                continue
            mix = configured.get(unit) or ledger_mix.get((EVENTS[key].kind.value, unit))
            if not mix:
                unshared.add("全辖区" if unit == "*" else unit)
                continue
            weight_sum = sum(mix.values())
            for sector, weight in mix.items():
                shares[key][sector] += goal * weight / weight_sum
    by_sector: dict[str, dict[str, int]] = defaultdict(dict)
    for key, fractions in shares.items():
        for sector, target in _largest_remainder(fractions).items():
            by_sector[sector][key] = target
    return dict(by_sector), _sector_target_note(set(goals_by_unit), set(configured), unshared)


def _sector_target_note(units: set[str], configured: set[str], unshared: set[str]) -> str:
    """Say in the report how the sectors' targets were made, and what could not be shared."""
    if units == {"*"}:
        note = "全辖区目标按该年度台帐中各领域的人数分摊"
    elif units <= configured:
        note = "各镇（街道）目标按配置的领域构成分摊"
    elif units & configured:
        note = "各镇（街道）目标按配置的领域构成分摊，未配置的按其该年度台帐中各领域的人数分摊"
    else:
        note = "各镇（街道）目标按其该年度台帐中各领域的人数分摊"
    if unshared:
        note += f"；{'、'.join(sorted(unshared))}的部分目标无法分摊（没有相应台帐，也未配置领域构成），未计入"
    return note


def _largest_remainder(fractions: dict[str, float]) -> dict[str, int]:
    """Whole numbers for `fractions` that add up to their rounded sum (Hamilton's method)."""
    total = round(sum(fractions.values()))
    whole = {name: int(value) for name, value in fractions.items()}
    by_remainder = sorted(fractions, key=lambda name: (-(fractions[name] - whole[name]), name))
    for name in by_remainder[: total - sum(whole.values())]:
        whole[name] += 1
    return whole


def _unit(name: str, counts: dict[str, int], goals: dict | None, share: float) -> Unit:
    measures = {}
    for key in TARGETS:
        actual = counts.get(key, 0)
        target = (goals or {}).get(key)
        if target:
            expected = target * share
            measures[key] = Measure(target=target, actual=actual, rate=actual / target, expected=expected,
                                    on_schedule=actual >= expected)
        else:
            measures[key] = Measure(target=target, actual=actual, rate=None, expected=None, on_schedule=None)
    rates = [min(m.rate, SCORE_CAP) for m in measures.values() if m.rate is not None]
    return Unit(name=name, measures=measures, score=sum(rates) / len(rates) if rates else None)


def _rank(units: list[Unit], bottom_count: int) -> None:
    """Rank by score, ties sharing a rank (1, 2, 2, 4). A township is in the bottom N when
    fewer than N scored townships are strictly below it, so a tie at the edge is named whole."""
    scored = [u for u in units if u.score is not None]
    for unit in scored:
        unit.rank = 1 + sum(1 for other in scored if other.score > unit.score)
        below = sum(1 for other in scored if other.score < unit.score)
        unit.bottom = bottom_count > 0 and below < bottom_count and len(scored) > bottom_count


def _share(numerator: int | None, denominator: int | None) -> Share:
    numerator, denominator = numerator or 0, denominator or 0
    return Share(numerator=numerator, denominator=denominator,
                 share=numerator / denominator if denominator else None)


def _talent_share(connection: Connection, config: Config, year: int) -> TalentShare:
    rows = connection.execute(
        select(roster.c.township, func.sum(roster.c.talent_members), func.sum(roster.c.members_total))
        .where(roster.c.year == year).group_by(roster.c.township).order_by(roster.c.township)).all()
    townships = {t: _share(talent, total) for t, talent, total in rows}
    total = _share(sum(s.numerator for s in townships.values()), sum(s.denominator for s in townships.values()))
    met = None if total.share is None else total.share >= config.talent_share_goal
    return TalentShare(goal=config.talent_share_goal, total=total, met=met, townships=townships)


def _cultivated_structure(connection: Connection, year: int, as_of: dt.date) -> dict[str, Share]:
    """Structure of the people in that year's ledgers, each person once (grouped by ID number
    first: one sort, instead of a distinct count per indicator)."""
    young_after = dt.date(as_of.year - 36, as_of.month, min(as_of.day, 28))

    def flag(condition):
        return func.max(case((condition, 1), else_=0))

    per_person = (select(
        flag(people.c.birth_date > young_after).label("young"),
        flag(people.c.education.in_(EDUCATED)).label("educated"),
        flag(people.c.gender == "女").label("female"),
    ).select_from(people.join(submissions, people.c.submission_id == submissions.c.id))
        .where(submissions.c.year == year, people.c.id_number.is_not(None))
        .group_by(people.c.id_number).subquery())
    total, young, educated, women = connection.execute(select(
        func.count(), func.sum(per_person.c.young), func.sum(per_person.c.educated), func.sum(per_person.c.female),
    )).one()
    return {"young": _share(young, total), "educated": _share(educated, total), "female": _share(women, total)}


def _roster_structure(connection: Connection, year: int) -> dict[str, Share]:
    total, young, educated, women = connection.execute(
        select(func.sum(roster.c.members_total), func.sum(roster.c.young_members),
               func.sum(roster.c.educated_members), func.sum(roster.c.female_members))
        .where(roster.c.year == year)).one()
    return {"young": _share(young, total), "educated": _share(educated, total), "female": _share(women, total)}


def _sources(connection: Connection, year: int) -> list[Source]:
    """The submissions a report of `year` rests on: every person ledger, and that year's
    targets and roster."""
    query = select(submissions).where(
        (submissions.c.township != WHOLE_JURISDICTION) | (submissions.c.year == year)
    ).order_by(submissions.c.township, submissions.c.kind, submissions.c.year)
    return [Source(township=r["township"], kind=r["kind"], year=r["year"], file_name=r["file_name"],
                   sheet=r["sheet"], rows=r["rows"], ingested_at=r["ingested_at"])
            for r in connection.execute(query).mappings()]
