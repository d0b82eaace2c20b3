"""The one report model: aggregation builds it, every format renders it (docs/report.md)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from talentledger.ledger.fields import TARGET_FIELDS
from talentledger.report.quality import Assessment

# The four yearly targets, in the order every table shows them: the targets sheet's model.
TARGETS: dict[str, str] = TARGET_FIELDS
SCORE_CAP = 1.5  # a completion rate counts at most 150% towards a township's score

# Whether a township's ledger of a track for the year is in the database (docs/report.md, 报送情况).
REPORTED, NOT_REPORTED, RETURNED = "已报送", "未报送", "已退回"


class Measure(BaseModel):
    """One target of one unit: what was asked, what was done, and whether it is on schedule.
    Values are exact; they are rounded only when shown."""

    target: int | None
    actual: int
    rate: float | None             # actual / target; None without a target or a reported ledger
    expected: float | None         # target x elapsed share of the year
    expected_people: int | None = None  # `expected` rounded up: a person is not fractional
    shortfall: int | None = None   # 差 N 人: expected_people - actual when behind schedule, else 0
    on_schedule: bool | None
    reporting: str | None = None   # 已报送 / 未报送 / 已退回 for a township's target; None for sums


class Unit(BaseModel):
    """A township, a sector, or the whole jurisdiction."""

    name: str
    measures: dict[str, Measure]
    score: float | None = None        # mean of the capped completion rates
    score_exact: str | None = None    # the same as a fraction ("1/2"), which ranks ties exactly
    rank: int | None = None
    bottom: bool = False              # named in the 通报
    unreported: list[str] = []        # targets whose ledger was not reported (or was returned)


class Share(BaseModel):
    """A share of the people whose value is known; `unknown` were left out, and `note` says why
    there is no share at all."""

    numerator: int
    denominator: int
    unknown: int = 0
    share: float | None
    note: str | None = None


class TalentShare(BaseModel):
    goal: float
    total: Share
    met: bool | None
    townships: dict[str, Share]


class Structure(BaseModel):
    """Shares aged 35 or under, with 高中 or above, and of women."""

    cultivated: dict[str, Share]
    roster: dict[str, Share]


class TrackReporting(BaseModel):
    """One township's ledger of one track for the year."""

    state: str                       # 已报送 / 未报送 / 已退回
    reported_on: dt.date | None = None
    reported_by: str | None = None   # 填报日期 / 文件日期 / 入库时间
    file_name: str | None = None
    on_time: bool | None = None      # reported_on no later than the deadline


class TownshipReporting(BaseModel):
    township: str
    tracks: dict[str, TrackReporting]  # by track id


class Reporting(BaseModel):
    """Reporting completeness (DHIS2's reporting-rate view): expected ledgers are every listed
    township's three track ledgers of the year."""

    deadline: dt.date | None
    expected: int
    reported: int
    rate: float | None
    on_time: int | None
    on_time_rate: float | None
    townships: list[TownshipReporting]


class Source(BaseModel):
    township: str
    kind: str
    year: int
    file_name: str
    sheet: str
    rows: int
    reported_on: dt.date
    reported_by: str
    ingested_at: dt.datetime


class Flow(BaseModel):
    """A rung of the ladder for one unit: its people, and how many of them are found on the
    next rungs (by track id), and on any of them."""

    name: str
    people: int
    onward: dict[str, int]
    any: int
    share: float | None          # any / people


class Ladder(BaseModel):
    """梯进培养 (docs/report.md): the year's new members from the talent track, found later in
    the member-to-talent or cadre ledgers; and the year's cadre candidates, found in the
    programme's other two tracks."""

    developed: list[Flow]
    developed_total: Flow
    cadres: list[Flow]
    cadres_total: Flow


class Report(BaseModel):
    jurisdiction: str
    year: int
    as_of: dt.date
    elapsed_share: float
    bottom_count: int
    bottom_ties: str        # config: "include" names a tie at the edge whole, "exclude" names none of it
    unreported_rule: str    # config: "zero" scores an unreported target as 0, "exclude" leaves it out
    target_source: str
    sector_target_source: str  # how the townships' targets were shared among sectors
    targets: dict[str, str] = TARGETS
    townships: list[Unit]
    sectors: list[Unit]
    total: Unit
    reporting: Reporting
    talent_share: TalentShare
    structure: Structure
    ladder: Ladder
    quality: Assessment   # 发展党员质量评估: the indicators' scorecard and the detectors' warnings
    sources: list[Source]
