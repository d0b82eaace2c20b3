"""The rules of each track (docs/ledgers.md), applied to one parsed row at a time.

`RULES` maps each sheet kind to its list of rules; a rule looks at a `Row` and flags what
is wrong through the `RowFlagger`. Conditions that depend on several cells (stage versus
dates, the 1-year gaps of the 发展党员工作细则) live here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from talentledger.check.parse import Row, RowFlagger, is_invalid
from talentledger.ledger.fields import (
    GAPS,
    NOT_YET_MEMBER,
    REQUIRED_COLUMNS,
    REQUIRED_WHEN,
    STAGE_DATES,
    Gap,
    Kind,
    When,
    per_year_minimum,
)
from talentledger.ledger.values import LedgerDate, add_years, certainly, is_before, years_between

Rule = Callable[[Row, RowFlagger], None]

# talent-to-member stages and the date field that marks reaching each, in order (the model's).
STAGES = STAGE_DATES
STAGE_NAMES = tuple(name for name, _ in STAGES)
MEMBER_STAGES = {"预备党员", "正式党员"}
_NAME_SEPARATORS = re.compile(r"[、,，;；/\s]+|和|及")


def need(row: Row, f: RowFlagger, name: str, condition: str = "") -> bool:
    """Flag `required` when the field is blank; a missing column is flagged once per sheet.

    Returns whether the value is usable.
    """
    if name in row.values:  # holds only the values understood
        return True
    if is_invalid(row, name):
        return False
    if name in f.mapped:
        f.flag("required", row.number, name, "", condition=condition)
    else:
        f.missing_column(name)
    return False


def require(row: Row, f: RowFlagger, kind: Kind, name: str, by: str | None = None) -> None:
    """Flag `name` blank where its model requires it because of the field `by` (None: in every
    row). The model says when and why; the rule says at which point of its checks."""
    if name in row.values:
        return  # filled: nothing to require (the usual row, at the cost of one look-up)
    for when in _REQUIRED.get((kind, name, by), ()):
        if _holds(when, row):
            need(row, f, name, when.note)
            return


# (kind, field, the field that requires it) -> its conditions, from the models' `required_when`.
_REQUIRED: dict[tuple[Kind, str, str | None], list[When]] = {}
for _kind, _fields in REQUIRED_WHEN.items():
    for _name, _whens in _fields.items():
        for _when in _whens:
            _REQUIRED.setdefault((_kind, _name, _when.field), []).append(_when)


def _holds(when: When, row: Row) -> bool:
    if when.field is None:
        return True
    if is_invalid(row, when.field):
        return False
    value = row.values.get(when.field)
    if when.values is None:
        return value is not None
    return (value in when.values) != when.unless


def order(row: Row, f: RowFlagger, earlier: str, later: str) -> None:
    a, b = row.values.get(earlier), row.values.get(later)
    if a is not None and b is not None and certainly(is_before, b, a):
        f.flag("date_order", row.number, later, str(b),
               earlier_header=f.header_of(earlier), earlier=str(a))


def _too_soon(gap: Gap) -> Callable[[LedgerDate, LedgerDate], bool]:
    return lambda a, b: not is_before(b, a) and is_before(b, add_years(a, gap.at_least))


def _overdue(gap: Gap) -> Callable[[LedgerDate, LedgerDate], bool] | None:
    return (lambda a, b: is_before(add_years(a, gap.at_most), b)) if gap.at_most else None


# Per kind, each gap of its model with its two tests, made once.
_GAP_TESTS = {kind: [(earlier, later, gap, _too_soon(gap), _overdue(gap)) for earlier, later, gap in gaps]
              for kind, gaps in GAPS.items()}


def gaps(row: Row, f: RowFlagger, kind: Kind) -> None:
    """The time that must pass between two dates (its model's `Gap`s): too soon, then overdue."""
    tests = _GAP_TESTS[kind]
    for earlier, later, gap, too_soon, _ in tests:
        a, b = row.values.get(earlier), row.values.get(later)
        if a is not None and b is not None and certainly(too_soon, a, b):
            f.flag("too_soon", row.number, later, str(b),
                   earlier_header=f.header_of(earlier), earlier=str(a), gap=f"{gap.at_least}年")
    for earlier, later, _, _, overdue in tests:
        a, b = row.values.get(earlier), row.values.get(later)
        if overdue is not None and a is not None and b is not None and certainly(overdue, a, b):
            f.flag("probation_overdue", row.number, later, str(b), earlier=str(a))


def adult_at(date_field: str) -> Rule:
    """Age ≥ 18 (by the ID number) on the date in `date_field`: the Party Constitution's
    minimum for applying, so also for joining."""
    def rule(row: Row, f: RowFlagger) -> None:
        day: LedgerDate | None = row.values.get(date_field)
        if day is not None and row.person is not None and years_between(row.person.birth, day) < 18:
            f.flag("underage", row.number, date_field, str(day))
    return rule


# ---- rules every track has -------------------------------------------------------------

def identity(row: Row, f: RowFlagger) -> None:
    need(row, f, "name")
    need(row, f, "id_number")
    person = row.person
    if person is None:
        return
    gender = row.values.get("gender")
    if gender is not None and gender != person.gender:
        f.flag("id_mismatch_gender", row.number, "gender", gender, expected=person.gender)
    birth: LedgerDate | None = row.values.get("birth")
    if birth is not None and not birth.matches(person.birth):  # at the precision the ledger means
        f.flag("id_mismatch_birth", row.number, "birth", str(birth), expected=person.birth.isoformat())


def township(row: Row, f: RowFlagger) -> None:
    value = row.values.get("township")
    registry = f.options.registry
    if value is None:
        if f.ledger.township is None and "township" in f.mapped and not is_invalid(row, "township"):
            f.flag("township_undetermined", row.number, "township", "")
        return
    canonical = registry.canonical(value)
    if canonical is None:
        f.flag_per_value("unknown_township", row.number, "township", value, choices="、".join(registry.names))
    else:
        row.values["township"] = canonical


def trainings(kind: Kind) -> Rule:
    """At least the yearly minimum of trainings its model sets for `kind`."""
    minimum = per_year_minimum(kind, "trainings")

    def rule(row: Row, f: RowFlagger) -> None:
        count = row.values.get("trainings")
        if count is not None and count < minimum and row.values.get("status") != "终止培养":
            f.flag("few_trainings", row.number, "trainings", str(count), minimum=minimum)
    return rule


# ---- member-to-talent ------------------------------------------------------------------

def talent_status(row: Row, f: RowFlagger) -> None:
    need(row, f, "join_date")
    need(row, f, "start_date")
    status = row.values.get("status")
    if need(row, f, "status"):
        require(row, f, Kind.MEMBER_TO_TALENT, "talent_date", by="status")
        if status != "已成才" and row.values.get("talent_date") is not None:
            f.flag("stage_mismatch", row.number, "status", status,
                   reason="已填写“成才认定时间”，应为“已成才”")
        require(row, f, Kind.MEMBER_TO_TALENT, "contact", by="status")
    order(row, f, "join_date", "start_date")
    order(row, f, "start_date", "talent_date")


# ---- talent-to-member ------------------------------------------------------------------

def membership_stages(row: Row, f: RowFlagger) -> None:
    stage = _settle_stage(row, f)
    if stage is not None:
        index = STAGE_NAMES.index(stage)
        for _, date_field in STAGES[: index + 1]:
            if date_field in f.mapped:  # a list without, say, a 转正 column is not wrong for it
                need(row, f, date_field, f"（当前阶段为“{stage}”）")
    filled = [field for _, field in STAGES if row.values.get(field) is not None]
    for earlier, later_field in zip(filled, filled[1:], strict=False):
        order(row, f, earlier, later_field)
    gaps(row, f, Kind.TALENT_TO_MEMBER)
    if stage in MEMBER_STAGES:
        introducers = row.values.get("introducers")
        names = [n for n in _NAME_SEPARATORS.split(introducers or "") if n]
        if "introducers" not in f.mapped:
            f.missing_column("introducers")
        elif len(names) < 2:
            f.flag("missing_introducers", row.number, "introducers", introducers or "空")
    require(row, f, Kind.TALENT_TO_MEMBER, "contact", by="stage")


def _settle_stage(row: Row, f: RowFlagger) -> str | None:
    """The stage a row is at: the stated one (当前阶段, 发展程度, 政治面貌) unless it contradicts
    the dates (`stage_mismatch`), else the stage of the latest date filled (docs/ledgers.md). The
    row's `stage` is set to it, so the store and the cross-file rules see it too."""
    stated = row.values.get("stage")
    reached = [s for s, (_, date_field) in enumerate(STAGES) if row.values.get(date_field) is not None]
    from_dates = STAGE_NAMES[reached[-1]] if reached else None
    if stated in NOT_YET_MEMBER:  # 群众, 共青团员: some stage before 预备党员
        if from_dates in MEMBER_STAGES:
            f.flag("stage_mismatch", row.number, "stage", stated,
                   reason=f"已填写“{f.header_of(STAGES[reached[-1]][1])}”，应为“{from_dates}”")
        stated = None
    elif stated is not None and reached and reached[-1] > STAGE_NAMES.index(stated):
        f.flag("stage_mismatch", row.number, "stage", stated,
               reason=f"已填写“{f.header_of(STAGES[reached[-1]][1])}”，应为“{from_dates}”")
        stated = None
    stage = stated or from_dates
    if stage is not None:
        row.values["stage"] = stage
    else:
        row.values.pop("stage", None)
    return stage
# ---- talent-to-cadre -------------------------------------------------------------------

def cadre_status(row: Row, f: RowFlagger) -> None:
    kind = Kind.TALENT_TO_CADRE
    require(row, f, kind, "join_date")
    require(row, f, kind, "leader_contact")
    status = row.values.get("status")
    appointed = row.values.get("appointed_date")
    require(row, f, kind, "appointed_date", by="appointed_post")
    require(row, f, kind, "appointed_post", by="appointed_date")
    if need(row, f, "status"):
        require(row, f, kind, "appointed_date", by="status")
        if status != "已任用" and appointed is not None:
            f.flag("stage_mismatch", row.number, "status", status,
                   reason="已填写“选拔任用时间”，应为“已任用”")
    order(row, f, "join_date", "reserve_date")
    order(row, f, "reserve_date", "appointed_date")


# ---- targets and roster ----------------------------------------------------------------

def target_row(row: Row, f: RowFlagger) -> None:
    for name in REQUIRED_COLUMNS[Kind.TARGETS]:
        need(row, f, name)
    township(row, f)


def roster_row(row: Row, f: RowFlagger) -> None:
    for name in REQUIRED_COLUMNS[Kind.ROSTER]:
        need(row, f, name)
    township(row, f)
    total = row.values.get("members_total")
    if total is None:
        return
    for part in ("talent_members", "young_members", "educated_members", "female_members"):
        value = row.values.get(part)
        if value is not None and value > total:
            f.flag("invalid_value", row.number, part, str(value), choices=f"不大于党员总数（{total}）的整数")


RULES: dict[Kind, list[Rule]] = {
    Kind.MEMBER_TO_TALENT: [identity, township, talent_status, adult_at("join_date"),
                            trainings(Kind.MEMBER_TO_TALENT)],
    Kind.TALENT_TO_MEMBER: [identity, township, membership_stages, adult_at("application_date"),
                            trainings(Kind.TALENT_TO_MEMBER)],
    Kind.TALENT_TO_CADRE: [identity, township, cadre_status, adult_at("join_date")],
    Kind.TARGETS: [target_row],
    Kind.ROSTER: [roster_row],
}
