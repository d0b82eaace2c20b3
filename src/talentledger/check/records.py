"""One pydantic model per sheet kind: the typed record a checked row becomes.

The models are what later stages (storage, counting) consume. Their fields are exactly the
fields of `schema.SHEET_FIELDS` for the kind (a test keeps the two in step), plus the row's
provenance. Values arrive already parsed by `check.parse`; the models fix their types.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from talentledger.check.parse import Row, get
from talentledger.ledger.fields import Kind, stored_fields
from talentledger.ledger.values import LedgerDate
from talentledger.read.layout import Ledger


class Record(BaseModel):
    """Fields every record has: where it came from."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True, extra="forbid")
    source_path: str
    source_sheet: str
    source_row: int


class Person(Record):
    name: str | None = None
    gender: str | None = None
    id_number: str | None = None
    birth: LedgerDate | None = None
    ethnicity: str | None = None
    education: str | None = None
    township: str | None = None
    organization: str | None = None
    workplace: str | None = None
    sector: str | None = None
    contact: str | None = None
    trainings: int | None = None
    phone: str | None = None
    mobile: str | None = None
    remarks: str | None = None


class MemberToTalent(Person):
    join_date: LedgerDate | None = None
    talent_category: str | None = None
    start_date: LedgerDate | None = None
    status: str | None = None
    talent_date: LedgerDate | None = None
    specialty: str | None = None


class TalentToMember(Person):
    talent_category: str | None = None
    application_date: LedgerDate | None = None
    activist_date: LedgerDate | None = None
    candidate_date: LedgerDate | None = None
    probation_date: LedgerDate | None = None
    full_date: LedgerDate | None = None
    stage: str | None = None
    introducers: str | None = None


class TalentToCadre(Person):
    join_date: LedgerDate | None = None
    position: str | None = None
    direction: str | None = None
    leader_contact: str | None = None
    reserve_date: LedgerDate | None = None
    appointed_date: LedgerDate | None = None
    appointed_post: str | None = None
    status: str | None = None


class TargetRow(Record):
    year: int | None = None
    township: str | None = None
    member_to_talent: int | None = None
    activists: int | None = None
    developed: int | None = None
    cadres: int | None = None


class RosterRow(Record):
    year: int | None = None
    township: str | None = None
    members_total: int | None = None
    talent_members: int | None = None
    young_members: int | None = None
    educated_members: int | None = None
    female_members: int | None = None


MODELS: dict[Kind, type[Record]] = {
    Kind.MEMBER_TO_TALENT: MemberToTalent,
    Kind.TALENT_TO_MEMBER: TalentToMember,
    Kind.TALENT_TO_CADRE: TalentToCadre,
    Kind.TARGETS: TargetRow,
    Kind.ROSTER: RosterRow,
}


def model_fields(kind: Kind) -> set[str]:
    """The data fields of a kind's model (provenance left out)."""
    return set(MODELS[kind].model_fields) - set(Record.model_fields)


def to_record(ledger: Ledger, row: Row) -> Record:
    """The typed record of a checked row; values that could not be understood are None."""
    values: dict[str, Any] = {name: get(row, name) for name in stored_fields(ledger.kind)}
    if values.get("township") is None:
        values["township"] = ledger.township
    return MODELS[ledger.kind](source_path=str(ledger.path), source_sheet=ledger.sheet,
                               source_row=row.number, **values)
