"""The programme's years side by side (`report --years 2005-2007`, docs/report.md): each year's
target, actual and rate per township and for the city, the years summed against the sum of
their targets, the talent share year by year against its goal, and how the structure of the
people cultivated changed. Built from the same yearly figures as the one-year report."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from talentledger.ledger.config import Config
from talentledger.report.aggregate import default_as_of, elapsed_share, yearly_figures
from talentledger.report.model import TARGETS, Share, Structure, Unit


class YearMeasure(BaseModel):
    """One target of one unit in one year, or summed over the years."""

    target: int | None
    actual: int
    rate: float | None
    reporting: str | None = None   # 已报送 / 未报送 / 已退回 for a township's year; None for sums


class ProgrammeUnit(BaseModel):
    name: str
    years: dict[int, dict[str, YearMeasure]]   # year -> target key -> measure
    cumulative: dict[str, YearMeasure]          # the years summed: actual against the sum of targets


class Programme(BaseModel):
    jurisdiction: str
    years: list[int]
    as_of: dict[int, dt.date]                  # each year's figures are as of this day
    targets: dict[str, str] = TARGETS
    townships: list[ProgrammeUnit]
    total: ProgrammeUnit
    talent_goal: float
    talent_share: dict[int, Share]             # the jurisdiction's, by year
    talent_townships: dict[str, dict[int, Share]]
    structure: dict[int, Structure]            # by year
    structure_change: dict[str, float | None]  # cultivated share, last year minus first, in points (0.05 = 5 points)


def build_programme(store, config: Config, first: int, last: int, today: dt.date | None = None) -> Programme:
    """The years `first` to `last` side by side; a year still running is as of today."""
    years = list(range(first, last + 1))
    as_of = {year: default_as_of(year, today) for year in years}
    figures = {year: yearly_figures(store, config, year, as_of[year], elapsed_share(year, as_of[year]))
               for year in years}
    names = sorted({unit.name for f in figures.values() for unit in f["townships"]})
    townships = [_unit(name, {year: _find(f["townships"], name) for year, f in figures.items()}) for name in names]
    total = _unit(config.jurisdiction, {year: f["total"] for year, f in figures.items()})
    shares = {year: f["talent_share"] for year, f in figures.items()}
    structure = {year: f["structure"] for year, f in figures.items()}
    return Programme(jurisdiction=config.jurisdiction, years=years, as_of=as_of, townships=townships, total=total,
                     talent_goal=config.talent_share_goal, talent_share={y: s.total for y, s in shares.items()},
                     talent_townships={name: {y: s.townships[name] for y, s in shares.items() if name in s.townships}
                                       for name in names},
                     structure=structure, structure_change=_change(structure, years))


def _find(units: list[Unit], name: str) -> Unit | None:
    return next((unit for unit in units if unit.name == name), None)


def _unit(name: str, by_year: dict[int, Unit | None]) -> ProgrammeUnit:
    years = {year: {key: _year_measure(unit, key) for key in TARGETS} for year, unit in by_year.items()}
    cumulative = {}
    for key in TARGETS:
        measures = [m[key] for m in years.values()]
        targets = [m.target for m in measures if m.target]
        actual = sum(m.actual for m in measures)
        target = sum(targets) if targets else None
        cumulative[key] = YearMeasure(target=target, actual=actual, rate=actual / target if target else None)
    return ProgrammeUnit(name=name, years=years, cumulative=cumulative)


def _year_measure(unit: Unit | None, key: str) -> YearMeasure:
    if unit is None:
        return YearMeasure(target=None, actual=0, rate=None)
    m = unit.measures[key]
    return YearMeasure(target=m.target, actual=m.actual, rate=m.rate, reporting=m.reporting)


def _change(structure: dict[int, Structure], years: list[int]) -> dict[str, float | None]:
    first, last = structure[years[0]].cultivated, structure[years[-1]].cultivated
    return {key: None if first[key].share is None or last[key].share is None else last[key].share - first[key].share
            for key in first}
