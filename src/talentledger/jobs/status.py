"""Reporting completeness: which townships have submitted which tracks for a year, and whose
ledgers were refused (已退回)."""

from __future__ import annotations

from dataclasses import dataclass, field

from talentledger.ledger.fields import TRACKS
from talentledger.ledger.townships import WHOLE_JURISDICTION
from talentledger.store import Rejection, Store, Submission, SubmissionKey


@dataclass
class TownshipStatus:
    township: str
    tracks: dict[str, Submission | None] = field(default_factory=dict)
    returned: dict[str, Rejection] = field(default_factory=dict)  # refused, with nothing accepted

    @property
    def missing(self) -> list[str]:
        return [kind for kind, sub in self.tracks.items() if sub is None]


@dataclass
class StatusTable:
    year: int
    townships: list[TownshipStatus]
    targets: Submission | None
    roster: Submission | None
    source: str  # where the list of townships came from


def reporting_status(store: Store, year: int, registered: list[str]) -> StatusTable:
    """Each expected township's submission of each track for `year` (None when missing).

    The expected townships are the configured registry; without one, the townships named in
    that year's targets; failing those, every township that has ever submitted.
    """
    subs = store.submissions(year)
    by_key = {(s.key.township, s.key.kind): s for s in subs}
    names, source = _expected(store, year, registered)
    refused = store.rejections(year)
    seen = {s.key.township for s in subs} | {key.township for key in refused}
    names += sorted(seen - set(names) - {WHOLE_JURISDICTION})
    rows = []
    for name in names:
        tracks = {kind.value: by_key.get((name, kind.value)) for kind in TRACKS}
        returned = {kind: refused[key] for kind, sub in tracks.items()
                    if sub is None and (key := SubmissionKey(name, kind, year)) in refused}
        rows.append(TownshipStatus(name, tracks, returned))
    return StatusTable(year, rows, by_key.get((WHOLE_JURISDICTION, "targets")),
                       by_key.get((WHOLE_JURISDICTION, "roster")), source)


def _expected(store: Store, year: int, registered: list[str]) -> tuple[list[str], str]:
    if registered:
        return list(registered), "配置的镇（街道）名录"
    with store.queries() as queries:
        planned = queries.planned_townships(year)
        if planned:
            return planned, f"{year}年度目标任务分解表"
        return queries.townships_ever(), "历年报送过台帐的镇（街道）"
