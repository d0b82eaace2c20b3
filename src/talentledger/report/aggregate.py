"""Counting what each township and sector achieved against its targets (docs/report.md).

What counts in year Y (the targets sheet's model declares it): member-to-talent people with 培养状态 已成才 and 成才认定时间
in Y; talent-to-member people with 确定为入党积极分子时间 in Y (activists) and
接收为预备党员时间 in Y (developed); talent-to-cadre people with 选拔任用时间 in Y. Events
after the as-of date are not counted yet. Counting is over the current submissions of every
year, by distinct ID number, so a person listed in two years' ledgers counts once per event.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

from talentledger.ledger.config import Config
from talentledger.ledger.fields import SECTOR, TARGET_EVENTS, TRACKS, Kind
from talentledger.ledger.townships import WHOLE_JURISDICTION
from talentledger.report.model import (
    NOT_REPORTED,
    REPORTED,
    RETURNED,
    SCORE_CAP,
    TARGETS,
    Flow,
    Ladder,
    Measure,
    Report,
    Reporting,
    Share,
    Source,
    Structure,
    TalentShare,
    TownshipReporting,
    TrackReporting,
    Unit,
)
from talentledger.report.quality import assess_store
from talentledger.store import Rejection, Store, Submission, SubmissionKey
from talentledger.store.queries import EventQuery, Indicator, Queries

UNKNOWN_SECTOR = "未填写领域"
# The sector row of targets no ledger could share out: their townships did not report the track.
UNSHARED_SECTOR = "未报送（目标无法分摊）"
EDUCATED = ("研究生", "大学本科", "大学专科", "中专", "高中")


# What each target counts, as the targets sheet's model declares it.
EVENTS = TARGET_EVENTS
EVENT_QUERIES = [EventQuery(key, e.kind.value, e.date_field, e.status) for key, e in EVENTS.items()]


def default_as_of(year: int, today: dt.date | None = None) -> dt.date:
    """Today within the year; the year's last day for a past year; its first for a future one."""
    today = today or dt.date.today()
    if year < today.year:
        return dt.date(year, 12, 31)
    if year > today.year:
        return dt.date(year, 1, 1)
    return today


def elapsed_share(year: int, as_of: dt.date) -> Fraction:
    """Share of the year gone by at the end of `as_of` (序时进度), between 0 and 1, exactly."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if as_of < start:
        return Fraction(0)
    if as_of >= end:
        return Fraction(1)
    return Fraction((as_of - start).days + 1, (end - start).days + 1)


def young_cutoff(as_of: dt.date) -> dt.date:
    """People born after this day are not yet 36 on `as_of` (35岁及以下): the same day 36 years
    before. Someone born on 29 February turns 36 on 1 March when that year has no 29th."""
    try:
        return as_of.replace(year=as_of.year - 36)
    except ValueError:  # as_of is 29 February and 36 years before is not a leap year
        return dt.date(as_of.year - 36, 2, 28)


def build_report(store: Store, config: Config, year: int, as_of: dt.date, shown_on: dt.date | None = None) -> Report:
    """Aggregate the store into the report model for `year` as of `as_of`. With `shown_on`, the
    quality assessment's warnings are recorded as shown that day (report/quality.py)."""
    share = elapsed_share(year, as_of)
    # The quality assessment reads other rows over its own connection: started first, its
    # queries run while the figures below are counted (the database works outside Python's lock).
    with ThreadPoolExecutor(max_workers=1) as pool:
        assessing = pool.submit(assess_store, store, year, config.quality, as_of=as_of,
                                jurisdiction=config.jurisdiction, shown_on=shown_on)
        # The ladder's look-ups follow on the same background thread, over their own connection.
        climbing = pool.submit(ladder, store, year, config.jurisdiction)
        figures = yearly_figures(store, config, year, as_of, share)
        quality = assessing.result()
    # The scorecard has a row for every township the report lists.
    listed = {unit.name for unit in figures["townships"]}
    quality.townships = sorted(listed | set(quality.townships))
    return Report(**figures, ladder=climbing.result(), quality=quality)


def yearly_figures(store: Store, config: Config, year: int, as_of: dt.date, share: Fraction) -> dict:
    """Every field of the report of `year` but its quality assessment: what the programme's
    years side by side (report/programme.py) are made of."""
    with store.queries() as queries:
        by_township = _count_events(queries, year, as_of, "township", "未填写")
        by_sector = _count_events(queries, year, as_of, "sector", UNKNOWN_SECTOR)
        totals = _count_events(queries, year, as_of, "total", "*")
        township_targets, city_targets, target_source = _targets(queries, config, year)
        talent = _talent_share(queries, config, year)
        structure = Structure(cultivated=_cultivated_structure(queries, year, as_of),
                              roster=_roster_structure(queries, year))
        sources = [_source(row) for row in queries.sources(year)]
        ledger_mix = _ledger_mix(queries, year)
    sector_targets, sector_target_source = _sector_targets(ledger_mix, config, township_targets or {"*": city_targets})
    refused = store.rejections(year)
    returned = {key.township for key in refused if key.township != WHOLE_JURISDICTION}
    names = sorted(set(township_targets) | set(by_township) | {t.name for t in config.townships} | returned)
    reporting = _reporting(year, store.submissions(year), refused, config.deadline_for(year), names)
    states = {row.township: row.tracks for row in reporting.townships}
    townships = [_unit(n, by_township.get(n, {}), township_targets.get(n), share,
                       {key: states[n][EVENTS[key].kind.value].state for key in TARGETS}, config.unreported)
                 for n in names]
    _rank(townships, config.bottom_count, config.bottom_ties)
    unshared = dict.fromkeys(TARGETS, NOT_REPORTED)
    sectors = [_unit(n, by_sector.get(n, {}), sector_targets.get(n), share, unshared if n == UNSHARED_SECTOR else None)
               for n in sorted(set(by_sector) | set(sector_targets), key=_sector_order)]
    total = _unit(config.jurisdiction, totals.get("*", {}), city_targets, share)
    return dict(jurisdiction=config.jurisdiction, year=year, as_of=as_of, elapsed_share=float(share),
                bottom_count=config.bottom_count, bottom_ties=config.bottom_ties, unreported_rule=config.unreported,
                target_source=target_source, sector_target_source=sector_target_source,
                townships=sorted(townships, key=lambda u: (u.rank or 10**6, u.name)),
                sectors=sectors, total=total, reporting=reporting, talent_share=talent, structure=structure,
                sources=sources)


# The ladder's rungs: who climbs from where, and where they are looked for.
DEVELOPED_RUNG = (Kind.TALENT_TO_MEMBER.value, "probation_date")
CADRE_RUNG = (Kind.TALENT_TO_CADRE.value, "reserve_date")
AFTER_DEVELOPED = (Kind.MEMBER_TO_TALENT.value, Kind.TALENT_TO_CADRE.value)
BEFORE_CADRE = (Kind.MEMBER_TO_TALENT.value, Kind.TALENT_TO_MEMBER.value)


def ladder(store: Store, year: int, jurisdiction: str) -> Ladder:
    """The year's new members from talents, found in the year's or later member-to-talent or
    cadre ledgers; the cadre ledger's people of the year, found in any ledger of the other two
    tracks. A jurisdiction's figures are its townships' summed."""
    with store.queries() as queries:
        developed = queries.ladder(year, DEVELOPED_RUNG, AFTER_DEVELOPED)
        cadres = queries.ladder(year, CADRE_RUNG, BEFORE_CADRE, same_year_ledger=True)
    return Ladder(developed=[_flow(t, c, AFTER_DEVELOPED) for t, c in developed.items()],
                  developed_total=_flow(jurisdiction, _summed(developed.values()), AFTER_DEVELOPED),
                  cadres=[_flow(t, c, BEFORE_CADRE) for t, c in cadres.items()],
                  cadres_total=_flow(jurisdiction, _summed(cadres.values()), BEFORE_CADRE))


def _summed(counts) -> dict[str, int]:
    total: dict[str, int] = defaultdict(int)
    for row in counts:
        for key, value in row.items():
            total[key] += value
    return total


def _flow(name: str, counts: dict[str, int], kinds: tuple[str, ...]) -> Flow:
    people, found = counts.get("people", 0), counts.get("any", 0)
    return Flow(name=name, people=people, onward={k: counts.get(k, 0) for k in kinds}, any=found,
                share=found / people if people else None)


def _count_events(queries: Queries, year: int, as_of: dt.date, by: str, unnamed: str) -> dict[str, dict[str, int]]:
    """{group value: {target key: distinct people}} for the four events; a blank township or
    sector is counted under `unnamed`."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for unit, by_key in queries.event_counts(year, as_of, EVENT_QUERIES, by).items():
        counts[unit or unnamed].update(by_key)
    return counts


def _targets(queries: Queries, config: Config, year: int) -> tuple[dict[str, dict[str, int]], dict, str]:
    """Township targets from the ingested 目标任务分解表; the city's from their sum, else the
    configuration, else the built-in targets of the seed city."""
    by_township = queries.targets(year, TARGETS)
    if by_township:
        city = {k: sum(t[k] or 0 for t in by_township.values()) for k in TARGETS}
        return by_township, city, "已入库的目标任务分解表"
    configured = config.targets_for(year)
    if configured is not None:
        return {}, configured, "配置文件或内置的全市目标"
    return {}, {}, "无（该年度没有目标）"


def _sector_order(name: str) -> tuple[int, str]:
    """Sectors in the order of the 领域 enumeration; unknown and unfilled ones, then unshared targets, last."""
    if name == UNSHARED_SECTOR:
        return (len(SECTOR.choices) + 1, name)
    return (SECTOR.choices.index(name) if name in SECTOR.choices else len(SECTOR.choices), name)


def _ledger_mix(queries: Queries, year: int) -> dict[tuple[str, str], dict[str, int]]:
    """{(kind, township): {sector: people}} in that year's ledgers; township "*" is the whole
    jurisdiction. The sector mix a township's targets are shared by when the config has none."""
    mix: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, township, sector, count in queries.ledger_mix(year):
        name = sector or UNKNOWN_SECTOR
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
    shares: dict[str, dict[str, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    unshared: set[str] = set()
    for unit, goals in goals_by_unit.items():
        for key, goal in goals.items():
            if not goal:
                continue
            mix = configured.get(unit) or ledger_mix.get((EVENTS[key].kind.value, unit))
            if not mix:
                unshared.add("全辖区" if unit == "*" else unit)
                shares[key][UNSHARED_SECTOR] += goal
                continue
            weights = {sector: Fraction(weight) for sector, weight in mix.items()}
            weight_sum = sum(weights.values())
            for sector, weight in weights.items():
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
        note += (f"；{'、'.join(sorted(unshared))}未报送相应台帐、也未配置领域构成，"
                 f"其目标无法分摊，列在“{UNSHARED_SECTOR}”一行")
    return note


def _largest_remainder(fractions: dict[str, Fraction]) -> dict[str, int]:
    """Whole numbers for `fractions` that add up to their rounded sum (Hamilton's method)."""
    total = round(sum(fractions.values()))
    whole = {name: int(value) for name, value in fractions.items()}
    by_remainder = sorted(fractions, key=lambda name: (-(fractions[name] - whole[name]), name))
    for name in by_remainder[: total - sum(whole.values())]:
        whole[name] += 1
    return whole


def _unit(name: str, counts: dict[str, int], goals: dict | None, share: Fraction,
          reporting: dict[str, str] | None = None, unreported_rule: str = "zero") -> Unit:
    """A unit's measures and score, exactly. `reporting` (townships only) says for each target
    whether its ledger was reported; a target that was not is shown as such, never as a rate,
    and scores 0 or is left out by `unreported_rule`."""
    measures, rates, unreported = {}, [], []
    for key in TARGETS:
        actual = counts.get(key, 0)
        target = (goals or {}).get(key)
        state = (reporting or {}).get(key)
        measures[key] = _measure(target, actual, share, state)
        if not target:
            continue
        if state is not None and state != REPORTED:
            unreported.append(key)
            if unreported_rule == "zero":
                rates.append(Fraction(0))
        else:
            rates.append(min(Fraction(actual, target), Fraction(SCORE_CAP)))
    score = sum(rates, Fraction(0)) / len(rates) if rates else None
    return Unit(name=name, measures=measures, score=None if score is None else float(score),
                score_exact=None if score is None else str(score), unreported=unreported)


def _measure(target: int | None, actual: int, share: Fraction, state: str | None) -> Measure:
    if not target:
        return Measure(target=target, actual=actual, rate=None, expected=None, on_schedule=None, reporting=state)
    expected = target * share
    people_due = math.ceil(expected)
    if state is not None and state != REPORTED:
        return Measure(target=target, actual=actual, rate=None, expected=float(expected), expected_people=people_due,
                       shortfall=None, on_schedule=None, reporting=state)
    return Measure(target=target, actual=actual, rate=float(Fraction(actual, target)), expected=float(expected),
                   expected_people=people_due, shortfall=max(0, people_due - actual), on_schedule=actual >= expected,
                   reporting=state)


def _rank(units: list[Unit], bottom_count: int, ties: str = "include") -> None:
    """Rank by exact score, ties sharing a rank (1, 2, 2, 4). The 通报 names the bottom
    `bottom_count`; a tie across that edge is named whole ("include") or not at all ("exclude")."""
    scored = [(u, Fraction(u.score_exact) if u.score_exact else Fraction(u.score)) for u in units
              if u.score is not None]
    for unit, score in scored:
        unit.rank = 1 + sum(1 for _, other in scored if other > score)
        below = sum(1 for _, other in scored if other < score)
        at_or_below = sum(1 for _, other in scored if other <= score)
        named = below < bottom_count if ties == "include" else at_or_below <= bottom_count
        unit.bottom = bottom_count > 0 and named and len(scored) > bottom_count


def _share(numerator: int | None, denominator: int | None, unknown: int = 0, why: str = "") -> Share:
    """numerator of the `denominator` people whose value is known; without any, no share and why."""
    numerator, denominator = numerator or 0, denominator or 0
    if denominator:
        return Share(numerator=numerator, denominator=denominator, unknown=unknown or 0,
                     share=float(Fraction(numerator, denominator)))
    return Share(numerator=0, denominator=0, unknown=unknown or 0, share=None, note=why or None)


NO_ROSTER = "未报送党员队伍基本情况表"


def _talent_share(queries: Queries, config: Config, year: int) -> TalentShare:
    why = "党员队伍基本情况表中没有人才党员数"
    rows = queries.roster_talent(year)
    townships = {t: _share(r.part, r.known, r.unknown, why) for t, r in rows.items()}
    total = _share(sum(s.numerator for s in townships.values()), sum(s.denominator for s in townships.values()),
                   sum(s.unknown for s in townships.values()), why if townships else NO_ROSTER)
    met = None if total.share is None else total.share >= config.talent_share_goal
    return TalentShare(goal=config.talent_share_goal, total=total, met=met, townships=townships)


# Structure indicators of the people cultivated, and why each can be unknown.
WHY_UNKNOWN = {"young": "台帐中没有可用的出生日期", "educated": "台帐中没有填写学历", "female": "台帐中没有填写性别"}


def _indicators(cutoff: dt.date) -> list[Indicator]:
    return [Indicator("young", "birth_date", after=cutoff), Indicator("educated", "education", among=EDUCATED),
            Indicator("female", "gender", equals="女")]


def _cultivated_structure(queries: Queries, year: int, as_of: dt.date) -> dict[str, Share]:
    """Structure of the people in that year's ledgers, each person once. A person counts in
    a share only where their value is known."""
    total, shares = queries.people_shares(year, _indicators(young_cutoff(as_of)))
    return {key: _share(row.part, row.known, row.unknown, WHY_UNKNOWN[key] if total else "该年度没有入库的台帐")
            for key, row in shares.items()}


ROSTER_COLUMNS = {"young": "young_members", "educated": "educated_members", "female": "female_members"}


def _roster_structure(queries: Queries, year: int) -> dict[str, Share]:
    """Each indicator over the townships whose roster gives it; the members of the others are
    counted as unknown."""
    out = {}
    for key, column in ROSTER_COLUMNS.items():
        row, rows = queries.roster_share(year, column)
        out[key] = _share(row.part, row.known, row.unknown, "党员队伍基本情况表中没有此项" if rows else NO_ROSTER)
    return out


def _reporting(year: int, submissions_of_year: list[Submission], refused: dict[SubmissionKey, Rejection],
               deadline: dt.date | None, names: list[str]) -> Reporting:
    """For each township and track: 已报送 (with the date of the current ledger), 已退回 (only
    refused ledgers), or 未报送; the reporting rate, and the on-time rate against the deadline."""
    current = {s.key: s for s in submissions_of_year}
    rows = []
    for name in names:
        keys = {kind.value: SubmissionKey(name, kind.value, year) for kind in TRACKS}
        rows.append(TownshipReporting(township=name, tracks={
            kind: _track(current.get(key), refused.get(key), deadline) for kind, key in keys.items()}))
    cells = [t for row in rows for t in row.tracks.values()]
    reported = sum(1 for t in cells if t.state == REPORTED)
    on_time = None if deadline is None else sum(1 for t in cells if t.on_time)
    return Reporting(deadline=deadline, expected=len(cells), reported=reported,
                     rate=float(Fraction(reported, len(cells))) if cells else None,
                     on_time=on_time, on_time_rate=None if on_time is None or not cells else float(Fraction(on_time, len(cells))),
                     townships=rows)


def _track(sub: Submission | None, rejection: Rejection | None, deadline: dt.date | None) -> TrackReporting:
    """One ledger's state; only an accepted ledger dated by the deadline is on time."""
    on_time = None if deadline is None else (sub is not None and sub.reported_on <= deadline)
    if sub is not None:
        return TrackReporting(state=REPORTED, reported_on=sub.reported_on, reported_by=sub.reported_by,
                              file_name=sub.file_name, on_time=on_time)
    if rejection is not None:
        return TrackReporting(state=RETURNED, file_name=rejection.file_name, on_time=on_time)
    return TrackReporting(state=NOT_REPORTED, on_time=on_time)


def _source(row: dict) -> Source:
    return Source(township=row["township"], kind=row["kind"], year=row["year"], file_name=row["file_name"],
                  sheet=row["sheet"], rows=row["rows"], reported_on=row["reported_on"],
                  reported_by=row["reported_by"], ingested_at=row["ingested_at"])
