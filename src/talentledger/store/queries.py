"""The questions the report and the status ask of the store, answered as plain rows.

Every query reads only current submissions (superseded and withdrawn ones are history). The
callers decide what the numbers mean; here is only how to fetch them, so no SQL lives outside
the store and the report package never sees a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Column, Connection, MetaData, String, Table, and_, case, func, literal, or_, select

from talentledger.ledger.fields import Kind
from talentledger.ledger.townships import WHOLE_JURISDICTION
from talentledger.store.tables import CURRENT, current, people, roster, submissions, targets

TALENT_TO_MEMBER = Kind.TALENT_TO_MEMBER.value
Grouping = Literal["township", "sector", "total"]
_GROUPS = {"township": people.c.township, "sector": people.c.sector, "total": literal("*")}


@dataclass(frozen=True)
class EventQuery:
    """People of `kind` whose `date_field` falls in the year (and whose status is `status`)."""

    key: str
    kind: str
    date_field: str
    status: str | None = None


@dataclass(frozen=True)
class Indicator:
    """A structure indicator: a person's value in `column` is known when not null, and counts
    when it is after `after`, among `among`, or equal to `equals`."""

    key: str
    column: str
    after: dt.date | None = None
    among: tuple[str, ...] = ()
    equals: str | None = None


@dataclass(frozen=True)
class ShareRow:
    """A share among people or members: `part` of the `known`, with `unknown` not known."""

    part: int
    known: int
    unknown: int


class Queries:
    """Read-only queries over one connection, so that one report reads one state of the store."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def event_counts(self, year: int, as_of: dt.date, events: Iterable[EventQuery],
                     by: Grouping) -> dict[str | None, dict[str, int]]:
        """{township, sector or "*": {event key: distinct people}} up to `as_of` in `year`."""
        group = _GROUPS[by]
        counts: dict[str | None, dict[str, int]] = {}
        for event in events:
            query = (select(group.label("unit"), func.count(func.distinct(people.c.id_number)))
                     .select_from(current(people)).where(_happened(event, year, as_of)).group_by(group))
            for unit, count in self.connection.execute(query):
                counts.setdefault(unit, {})[event.key] = count
        return counts

    def targets(self, year: int, keys: Iterable[str]) -> dict[str, dict[str, int | None]]:
        """{township: {target key: value}} of the year's ingested 目标任务分解表."""
        rows = self.connection.execute(select(targets).select_from(current(targets))
                                       .where(targets.c.year == year)).mappings().all()
        return {r["township"]: {k: r[k] for k in keys} for r in rows}

    def ledger_mix(self, year: int) -> list[tuple[str, str, str | None, int]]:
        """(kind, township, sector, distinct people) in the ledgers of `year`."""
        query = (select(people.c.kind, people.c.township, people.c.sector,
                        func.count(func.distinct(people.c.id_number)))
                 .select_from(current(people)).where(submissions.c.year == year)
                 .group_by(people.c.kind, people.c.township, people.c.sector))
        return [tuple(row) for row in self.connection.execute(query)]

    def roster_talent(self, year: int) -> dict[str, ShareRow]:
        """Per township of the year's 党员队伍基本情况表: talent members of the members whose
        talent count is given, and the members of rows that do not give it."""
        known = roster.c.talent_members.is_not(None)
        rows = self.connection.execute(
            select(roster.c.township,
                   func.sum(case((known, roster.c.talent_members))), func.sum(case((known, roster.c.members_total))),
                   func.sum(case((~known, roster.c.members_total))))
            .select_from(current(roster)).where(roster.c.year == year)
            .group_by(roster.c.township).order_by(roster.c.township)).all()
        return {t: ShareRow(part or 0, total or 0, unknown or 0) for t, part, total, unknown in rows}

    def roster_share(self, year: int, column: str) -> tuple[ShareRow, int]:
        """One column of the year's rosters summed against the members of the rows that give
        it, and how many roster rows there are."""
        value = roster.c[column]
        known = value.is_not(None)
        part, total, unknown, rows = self.connection.execute(
            select(func.sum(value), func.sum(case((known, roster.c.members_total))),
                   func.sum(case((~known, roster.c.members_total))), func.count())
            .select_from(current(roster)).where(roster.c.year == year)).one()
        return ShareRow(part or 0, total or 0, unknown or 0), rows

    def people_shares(self, year: int, indicators: list[Indicator]) -> tuple[int, dict[str, ShareRow]]:
        """The distinct people of the year's ledgers, and per indicator how many are known and
        how many count. People are grouped by ID number first: one sort, instead of a distinct
        count per indicator."""
        def flag(condition):
            return func.max(case((condition, 1), else_=0))

        columns = []
        for indicator in indicators:
            known = people.c[indicator.column].is_not(None)
            columns += [flag(known).label(f"{indicator.key}_known"),
                        flag(and_(known, _counts(indicator))).label(indicator.key)]
        per_person = (select(*columns).select_from(current(people))
                      .where(submissions.c.year == year, people.c.id_number.is_not(None))
                      .group_by(people.c.id_number).subquery())
        sums = self.connection.execute(select(func.count(), *(func.sum(per_person.c[c.name]) for c in columns))).one()
        total, values = sums[0], sums[1:]
        shares = {}
        for index, indicator in enumerate(indicators):
            known, counted = values[2 * index] or 0, values[2 * index + 1] or 0
            shares[indicator.key] = ShareRow(counted, known, total - known)
        return total, shares

    def sources(self, year: int) -> list[dict]:
        """The submissions a report of `year` rests on: every current person ledger, and that
        year's targets and roster."""
        query = select(submissions).where(
            submissions.c.state == CURRENT,
            (submissions.c.township != WHOLE_JURISDICTION) | (submissions.c.year == year),
        ).order_by(submissions.c.township, submissions.c.kind, submissions.c.year)
        return [dict(row) for row in self.connection.execute(query).mappings()]

    def planned_townships(self, year: int) -> list[str]:
        """The townships named in the year's 目标任务分解表."""
        return list(self.connection.execute(
            select(targets.c.township).distinct().select_from(current(targets))
            .where(targets.c.year == year).order_by(targets.c.township)).scalars())

    def townships_ever(self) -> list[str]:
        """Every township that has a current submission of any year."""
        return list(self.connection.execute(
            select(submissions.c.township).distinct()
            .where(submissions.c.township != WHOLE_JURISDICTION, submissions.c.state == CURRENT)
            .order_by(submissions.c.township)).scalars())

    def event_people(self, event: EventQuery, year: int, as_of: dt.date) -> list[dict]:
        """The people of `event` in `year` up to `as_of`, once each (by ID number, the newest
        year's ledger first), with what an indicator may pick them by."""
        query = (select(*(people.c[name] for name in EVENT_PEOPLE_COLUMNS), people.c[event.date_field].label("day"))
                 .select_from(current(people)).where(_happened(event, year, as_of))
                 .order_by(submissions.c.year.desc(), people.c.id))
        once: dict[str, dict] = {}
        for row in _dicts(self.connection.execute(query)):
            once.setdefault(row["id_number"] or f"#{len(once)}", row)
        return list(once.values())

    def recruitment(self, first: int, last: int) -> list[dict]:
        """The people of the 人才培养成党员 ledgers received as 预备党员 in the years `first` to
        `last`, or made 入党积极分子 then in a named 所在党组织, with what the quality assessment
        reads: where they belong, their stage dates, their 入党介绍人 and where they were written."""
        # An activist without a 所在党组织 can be in no family cluster: only the received matter then.
        query = (select(*self._recruitment_columns()).select_from(current(people))
                 .where(people.c.kind == TALENT_TO_MEMBER,
                        _in_years(people.c.probation_date, first, last)
                        | (_in_years(people.c.activist_date, first, last) & people.c.organization.is_not(None)))
                 .order_by(people.c.id))
        return _dicts(self.connection.execute(query))

    def people_named(self, names: Iterable[tuple[str, str]]) -> list[dict]:
        """The ledger rows, in any track, of the one person of each (township, name) of
        `names`, with the same columns as `recruitment`; a name two people bear in the township
        (or a row without an ID number) is left out, since who is meant is not known. The names
        go into a temporary table the database joins, so a million people are read once by the
        database, not by Python."""
        pairs = [{"township": t, "name": n} for t, n in set(names)]
        if not pairs:
            return []
        wanted = Table("wanted_names", MetaData(), Column("township", String(255), primary_key=True),
                       Column("name", String(255), primary_key=True), prefixes=["TEMPORARY"])
        wanted.create(self.connection)
        try:
            self.connection.execute(wanted.insert(), pairs)
            named = current(people).join(wanted, and_(people.c.township == wanted.c.township,
                                                      people.c.name == wanted.c.name))
            one_person = (select(people.c.township, people.c.name).select_from(named)
                          .group_by(people.c.township, people.c.name)
                          .having(and_(func.count(func.distinct(people.c.id_number)) == 1,
                                       func.count(people.c.id_number) == func.count())).subquery())
            query = (select(*self._recruitment_columns())
                     .select_from(current(people).join(one_person, and_(people.c.township == one_person.c.township,
                                                                        people.c.name == one_person.c.name)))
                     .order_by(people.c.id))
            return _dicts(self.connection.execute(query))
        finally:
            wanted.drop(self.connection)

    def organization_years(self, as_of: dt.date) -> list[tuple[str, str, int, int | None]]:
        """(township, 所在党组织, the first year of a ledger it is in, the year it last received
        a 预备党员 up to `as_of`) over the current ledgers of every track and year."""
        probation = people.c.probation_date
        recruited = case((and_(people.c.kind == TALENT_TO_MEMBER, probation <= as_of.isoformat()), probation))
        query = (select(people.c.township, people.c.organization, func.min(submissions.c.year), func.max(recruited))
                 .select_from(current(people)).where(people.c.organization.is_not(None))
                 .group_by(people.c.township, people.c.organization))
        return [(township, organization, first, int(last[:4]) if last else None)
                for township, organization, first, last in self.connection.execute(query)]

    def person_rows(self, id_number: str | None = None, name: str | None = None,
                    township: str | None = None) -> list[dict]:
        """Every current ledger row of one person (by ID number) or of everyone of a name (in a
        township), with every stored field and where the row came from, oldest ledger first."""
        conditions = [people.c.id_number == id_number] if id_number else [people.c.name == name]
        if township:
            conditions.append(people.c.township == township)
        query = (select(people, submissions.c.year, submissions.c.file_name, submissions.c.sheet,
                        submissions.c.reported_on, submissions.c.reported_by, submissions.c.ingested_at)
                 .select_from(current(people)).where(*conditions)
                 .order_by(submissions.c.year, people.c.kind, people.c.source_row))
        return _dicts(self.connection.execute(query))

    def ladder(self, year: int, rung: tuple[str, str], later: Iterable[str], same_year_ledger: bool = False
               ) -> dict[str, dict[str, int]]:
        """{township: {"people": n, kind: m, ...}}: the distinct people of a rung of `year` — with
        `rung` = (kind, date field), those whose date falls in the year; with `same_year_ledger`,
        those in that kind's ledger of the year — and of them how many are in each `later` kind's
        ledgers (of the year or after, or of any year for `same_year_ledger`)."""
        kind, field = rung
        column = people.c[field]
        base = select(people.c.township, people.c.id_number).select_from(current(people)).where(
            people.c.kind == kind, people.c.id_number.is_not(None),
            submissions.c.year == year if same_year_ledger
            else _in_years(column, year, year)).distinct().subquery()
        kinds = list(later)
        elsewhere = people.alias("elsewhere")
        ledgers = submissions.alias("elsewhere_ledger")

        def found_in(*kinds_: str):
            # 1 when the person is in a ledger of `kinds_`: looked up by ID number (ix_people_id_number).
            rows = (select(literal(1)).select_from(elsewhere.join(ledgers, and_(
                        elsewhere.c.submission_id == ledgers.c.id, ledgers.c.state == CURRENT)))
                    .where(elsewhere.c.id_number == base.c.id_number, elsewhere.c.kind.in_(kinds_),
                           *([] if same_year_ledger else [ledgers.c.year >= year])))
            return case((rows.exists(), 1), else_=0)

        flags = select(base.c.township, *(found_in(k).label(f"in_{n}") for n, k in enumerate(kinds))).subquery()
        columns = [flags.c[f"in_{n}"] for n in range(len(kinds))]
        query = (select(flags.c.township, func.count(), func.sum(case((or_(*(c == 1 for c in columns)), 1), else_=0)),
                        *(func.sum(c) for c in columns))
                 .group_by(flags.c.township).order_by(flags.c.township))
        return {township: {"people": total, "any": anywhere or 0, **{k: n or 0 for k, n in zip(kinds, rest, strict=True)}}
                for township, total, anywhere, *rest in self.connection.execute(query)}

    @staticmethod
    def _recruitment_columns() -> list:
        return [*(people.c[name] for name in RECRUITMENT_COLUMNS), submissions.c.file_name, submissions.c.sheet,
                submissions.c.year]


def _in_years(column, first: int, last: int):
    """A ledger date (stored as written, "2006-03-05" or "2006-03") in the years `first` to `last`."""
    return and_(column >= f"{first:04d}", column < f"{last + 1:04d}")


def _happened(event: EventQuery, year: int, as_of: dt.date):
    """People of the event's kind whose date falls in `year` by `as_of` (and whose status is the event's)."""
    column = people.c[event.date_field]
    conditions = [people.c.kind == event.kind, _in_years(column, year, year), column <= as_of.isoformat()]
    if event.status:
        conditions.append(people.c.status == event.status)
    return and_(*conditions)


def _dicts(result) -> list[dict]:
    """The rows as dicts, faster than a mapping per row when there are hundreds of thousands."""
    keys = list(result.keys())
    return [dict(zip(keys, row, strict=True)) for row in result]


def _counts(indicator: Indicator):
    column = people.c[indicator.column]
    if indicator.after is not None:
        return column > indicator.after
    if indicator.among:
        return column.in_(indicator.among)
    return column == indicator.equals


# The people columns the quality assessment reads (report/quality.py).
RECRUITMENT_COLUMNS = ("id", "kind", "township", "organization", "name", "id_number", "join_date", "activist_date",
                       "candidate_date", "probation_date", "full_date", "introducers", "source_row")

# The people columns an indicator of the quality assessment can pick by.
EVENT_PEOPLE_COLUMNS = ("id_number", "township", "organization", "sector", "talent_category", "education", "gender",
                        "birth_date")
