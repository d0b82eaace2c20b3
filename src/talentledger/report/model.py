"""The one report model: aggregation builds it, every format renders it (SPEC 5, report)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

# The four yearly targets, in the order every table shows them.
TARGETS: dict[str, str] = {
    "member_to_talent": "党员培养成人才",
    "activists": "人才培养为入党积极分子",
    "developed": "人才发展为党员",
    "cadres": "党员人才培养为干部",
}
SCORE_CAP = 1.5  # a completion rate counts at most 150% towards a township's score


class Measure(BaseModel):
    """One target of one unit: what was asked, what was done, and whether it is on schedule."""

    target: int | None
    actual: int
    rate: float | None        # actual / target
    expected: float | None    # target x elapsed share of the year
    on_schedule: bool | None  # actual >= expected


class Unit(BaseModel):
    """A township, a sector, or the whole jurisdiction."""

    name: str
    measures: dict[str, Measure]
    score: float | None = None  # mean of the capped completion rates
    rank: int | None = None
    bottom: bool = False        # named in the 通报


class Share(BaseModel):
    numerator: int
    denominator: int
    share: float | None


class TalentShare(BaseModel):
    goal: float
    total: Share
    met: bool | None
    townships: dict[str, Share]


class Structure(BaseModel):
    """Shares aged 35 or under, with 高中 or above, and of women."""

    cultivated: dict[str, Share]
    roster: dict[str, Share]


class Source(BaseModel):
    township: str
    kind: str
    year: int
    file_name: str
    sheet: str
    rows: int
    ingested_at: dt.datetime


class Report(BaseModel):
    jurisdiction: str
    year: int
    as_of: dt.date
    elapsed_share: float
    bottom_count: int
    target_source: str
    sector_target_source: str  # how the townships' targets were shared among sectors
    targets: dict[str, str] = TARGETS
    townships: list[Unit]
    sectors: list[Unit]
    total: Unit
    talent_share: TalentShare
    structure: Structure
    sources: list[Source]
