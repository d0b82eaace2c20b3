"""一人一档: one person's whole history from the stored ledgers (README, `talentledger person`).

Every current ledger row of the person in every track and year, with where it came from; the
dates of all rows on one timeline; and what the ledgers say that cannot all be true — a date
that changed between two years' ledgers, a stage or status that went back, a name or gender
that differs for one ID number.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from pydantic import BaseModel

from talentledger.ledger.errors import ExitCode
from talentledger.ledger.fields import KIND_SHORT, STAGE, Kind, ValueType, columns_of
from talentledger.ledger.idnumber import mask

# The order a stage or a status moves in: a later ledger further back is a contradiction.
PROGRESS = {
    "stage": {stage: n for n, stage in enumerate(STAGE.choices)},
    "status": {"培养中": 0, "已成才": 1, "已任用": 1},
}
# What a person is known by, the same in every ledger.
IDENTITY = ("name", "gender")
# Dates that are not a step of the ladder.
NOT_STAGES = ("birth",)
HIDDEN = ("id_number", "source_row", "submission_id", "id", "kind", "birth_date")


class LedgerRow(BaseModel):
    """One row of one ledger, and where it came from."""

    kind: str
    kind_name: str
    year: int
    township: str
    file: str
    sheet: str
    row: int
    reported_on: dt.date | None
    reported_by: str
    ingested_at: dt.datetime | None
    fields: dict[str, str | int]   # header -> value, the filled cells only


class Step(BaseModel):
    """A date on the timeline: what happened, and which ledgers say so."""

    day: str                       # as written: 2006-03-05, or 2006-03 when only the month is known
    event: str
    sources: list[str]             # "2006年 人才培养成党员 第5行"


class Contradiction(BaseModel):
    field: str
    message: str


class PersonFile(BaseModel):
    id_number: str                 # masked unless asked
    name: str
    townships: list[str]
    rows: list[LedgerRow]
    headers: list[str]             # every filled column of any row, in ledger order
    timeline: list[Step]
    contradictions: list[Contradiction]


class PersonResult(BaseModel):
    """What `person` shows: every person the query found (a name may be several people's)."""

    query: str
    people: list[PersonFile]

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.FINDINGS if any(p.contradictions for p in self.people) else ExitCode.OK


def find_person(store, query: str, township: str | None = None, mask_ids: bool = True) -> PersonResult:
    """The files of the person with ID number `query`, or of everyone named `query` (in
    `township`)."""
    text = query.strip()
    by_id = len(text) == 18 and text[:17].isdigit()
    with store.queries() as queries:
        rows = queries.person_rows(id_number=text.upper() if by_id else None, name=None if by_id else text,
                                   township=township)
    by_person: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_person[row["id_number"] or f"（无身份证号）{row['name']}"].append(row)
    shown = mask(text) if by_id and mask_ids else text
    return PersonResult(query=shown, people=[person_file(key, found, mask_ids) for key, found in by_person.items()])


def person_file(id_number: str, rows: list[dict], mask_ids: bool = True) -> PersonFile:
    ledger_rows = [_ledger_row(row) for row in rows]
    headers = list(dict.fromkeys(header for row in ledger_rows for header in row.fields))
    return PersonFile(id_number=mask(id_number) if mask_ids and id_number[:1].isdigit() else id_number,
                      name=rows[-1].get("name") or "", townships=sorted({r["township"] for r in rows}),
                      rows=ledger_rows, headers=headers, timeline=timeline(rows), contradictions=contradictions(rows))


def _ledger_row(row: dict) -> LedgerRow:
    kind = Kind(row["kind"])
    fields = {column.header: row[name] for name, column in columns_of(kind).items()
              if name not in HIDDEN and row.get(name) not in (None, "")}
    return LedgerRow(kind=kind.value, kind_name=KIND_SHORT[kind], year=row["year"], township=row["township"],
                     file=row["file_name"], sheet=row["sheet"], row=row["source_row"],
                     reported_on=row.get("reported_on"), reported_by=row.get("reported_by") or "",
                     ingested_at=row.get("ingested_at"), fields=fields)


def _where(row: dict) -> str:
    return f"{row['year']}年 {KIND_SHORT[Kind(row['kind'])]} 第{row['source_row']}行"


def _dates(row: dict) -> dict[str, str]:
    """The row's filled date fields: field -> the date as written."""
    return {name: row[name] for name, column in columns_of(Kind(row["kind"])).items()
            if column.type is ValueType.DATE and row.get(name)}


def timeline(rows: list[dict]) -> list[Step]:
    """Every stage date of every row, once per event and day, in order. A month written by one
    ledger (2005-08) joins the day another gives (2005-08-08) for the same event."""
    steps: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in rows:
        for name, day in _dates(row).items():
            if name not in NOT_STAGES:
                event = columns_of(Kind(row["kind"]))[name].header.removesuffix("时间")
                steps[(day, event)].append(_where(row))
    for day, event in sorted(steps, key=len):
        fuller = [d for d, e in steps if e == event and d != day and d.startswith(day)]
        if len(day) < 10 and len(fuller) == 1:
            steps[(fuller[0], event)] += steps.pop((day, event))
    return [Step(day=day, event=event, sources=sources) for (day, event), sources in sorted(steps.items())]


def contradictions(rows: list[dict]) -> list[Contradiction]:
    """What the rows say that cannot all be true."""
    found: list[Contradiction] = []
    found += _changed_dates(rows)
    found += _went_back(rows)
    for name in IDENTITY:
        values = {row[name]: _where(row) for row in rows if row.get(name)}
        if len(values) > 1:
            header = columns_of(Kind(rows[0]["kind"]))[name].header
            found.append(Contradiction(field=header, message=f"{header}不一致：" + "；".join(
                f"{value}（{where}）" for value, where in values.items())))
    return found


def _changed_dates(rows: list[dict]) -> list[Contradiction]:
    """A date of one event written differently by two ledgers. A month and a day within it
    (2006-03 and 2006-03-05) agree."""
    seen: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for row in rows:
        for name, day in _dates(row).items():
            seen[name].append((day, row))
    found = []
    for name, days in seen.items():
        distinct = {day for day, _ in days}
        if any(not (a.startswith(b) or b.startswith(a)) for a in distinct for b in distinct):
            header = columns_of(Kind(days[0][1]["kind"]))[name].header
            found.append(Contradiction(field=header, message=f"{header}前后不一致：" + "；".join(
                f"{day}（{_where(row)}）" for day, row in days)))
    return found


def _went_back(rows: list[dict]) -> list[Contradiction]:
    """A later year's ledger of a track that puts the person back a stage or a status (培养中
    after 已成才)."""
    found = []
    for field, order in PROGRESS.items():
        by_kind: dict[str, list[dict]] = defaultdict(list)
        for row in rows:
            if row.get(field) in order:
                by_kind[row["kind"]].append(row)
        for kind, kept in by_kind.items():
            kept.sort(key=lambda r: r["year"])
            for earlier, later in zip(kept, kept[1:], strict=False):
                if later["year"] > earlier["year"] and order[later[field]] < order[earlier[field]]:
                    header = columns_of(Kind(kind))[field].header
                    found.append(Contradiction(field=header, message=(
                        f"{header}倒退：{earlier[field]}（{_where(earlier)}）之后又是{later[field]}（{_where(later)}）")))
    return found
