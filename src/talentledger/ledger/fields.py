"""What a ledger contains: the sheet kinds, their columns, header synonyms and allowed values.

This module is the one place for these facts (SPEC 2). Readers and checks look them up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from talentledger.ledger import headers
from talentledger.ledger.text import key
from talentledger.ledger.values import Enumeration, education_forms
from talentledger.ledger.vocabulary import (
    CADRE_STATUS_VALUES,
    DIRECTION_VALUES,
    EDUCATION_VALUES,
    GENDER_VALUES,
    SECTOR_VALUES,
    STAGE_VALUES,
    TALENT_CATEGORY_VALUES,
    TALENT_STATUS_VALUES,
)


class Kind(StrEnum):
    MEMBER_TO_TALENT = "member-to-talent"
    TALENT_TO_MEMBER = "talent-to-member"
    TALENT_TO_CADRE = "talent-to-cadre"
    TARGETS = "targets"
    ROSTER = "roster"
    UNKNOWN = "unknown"


TRACKS = (Kind.MEMBER_TO_TALENT, Kind.TALENT_TO_MEMBER, Kind.TALENT_TO_CADRE)

KIND_TITLES = {
    Kind.MEMBER_TO_TALENT: "把党员培养成优秀人才",
    Kind.TALENT_TO_MEMBER: "把优秀人才培养成党员",
    Kind.TALENT_TO_CADRE: "把党员优秀人才培养成基层领导干部和管理人员",
    Kind.TARGETS: "目标任务分解表",
    Kind.ROSTER: "党员队伍基本情况表",
    Kind.UNKNOWN: "无法识别",
}

# Short names for table headings.
KIND_SHORT = {
    Kind.MEMBER_TO_TALENT: "党员培养成人才",
    Kind.TALENT_TO_MEMBER: "人才培养成党员",
    Kind.TALENT_TO_CADRE: "党员人才培养成干部",
    Kind.TARGETS: "目标任务",
    Kind.ROSTER: "党员队伍",
    Kind.UNKNOWN: "未识别",
}


class ValueType(StrEnum):
    TEXT = "text"
    DATE = "date"
    COUNT = "count"
    ENUM = "enum"
    ID = "id"
    YEAR = "year"
    IGNORED = "ignored"


@dataclass(frozen=True)
class FieldSpec:
    """A column: its field name, canonical header and value type. The other headers that name
    it, as real ledgers write them, are in `vocabulary.HEADERS`."""

    name: str
    header: str
    type: ValueType = ValueType.TEXT
    enum: Enumeration | None = None


GENDER = Enumeration(GENDER_VALUES)
EDUCATION = Enumeration(EDUCATION_VALUES, fold=education_forms)
SECTOR = Enumeration(SECTOR_VALUES)
TALENT_CATEGORY = Enumeration(TALENT_CATEGORY_VALUES)
TALENT_STATUS = Enumeration(TALENT_STATUS_VALUES)
CADRE_STATUS = Enumeration(CADRE_STATUS_VALUES)
# 群众, 共青团员 … (a 政治面貌 column read as the stage) are accepted but not offered: they say
# only "not yet admitted", and the dates tell the stage.
NOT_YET_MEMBER = frozenset({"群众", "共青团员", "无党派人士"})
STAGE = Enumeration(STAGE_VALUES, choices=("入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"))
DIRECTION = Enumeration(DIRECTION_VALUES)

D, C, EN, T = ValueType.DATE, ValueType.COUNT, ValueType.ENUM, ValueType.TEXT

COMMON = (
    FieldSpec("seq", "序号", ValueType.IGNORED),
    FieldSpec("name", "姓名"),
    FieldSpec("gender", "性别", EN, GENDER),
    FieldSpec("id_number", "公民身份号码", ValueType.ID),
    FieldSpec("birth", "出生年月", D),
    FieldSpec("ethnicity", "民族"),
    FieldSpec("education", "学历", EN, EDUCATION),
    FieldSpec("township", "所属镇（街道）", T),
    FieldSpec("organization", "所在党组织"),
    FieldSpec("workplace", "工作单位"),
    FieldSpec("sector", "领域", EN, SECTOR),
    FieldSpec("contact", "培养联系人"),
    FieldSpec("trainings", "年度培训次数", C),
    FieldSpec("phone", "联系电话"),
    FieldSpec("mobile", "手机号码"),
    FieldSpec("remarks", "备注"),
)

_TALENT_CATEGORY = FieldSpec("talent_category", "人才类别", EN, TALENT_CATEGORY)
_JOIN = FieldSpec("join_date", "入党时间", D)

TRACK_FIELDS: dict[Kind, tuple[FieldSpec, ...]] = {
    Kind.MEMBER_TO_TALENT: COMMON + (
        _JOIN,
        _TALENT_CATEGORY,
        FieldSpec("start_date", "确定培养时间", D),
        FieldSpec("status", "培养状态", EN, TALENT_STATUS),
        FieldSpec("talent_date", "成才认定时间", D),
        FieldSpec("specialty", "技术特长"),
    ),
    Kind.TALENT_TO_MEMBER: COMMON + (
        _TALENT_CATEGORY,
        FieldSpec("application_date", "递交入党申请时间", D),
        FieldSpec("activist_date", "确定为入党积极分子时间", D),
        FieldSpec("candidate_date", "确定为发展对象时间", D),
        FieldSpec("probation_date", "接收为预备党员时间", D),
        FieldSpec("full_date", "转为正式党员时间", D),
        FieldSpec("stage", "当前阶段", EN, STAGE),
        FieldSpec("introducers", "入党介绍人"),
    ),
    Kind.TALENT_TO_CADRE: COMMON + (
        _JOIN,
        FieldSpec("position", "现任职务"),
        FieldSpec("direction", "培养方向", EN, DIRECTION),
        FieldSpec("leader_contact", "联系领导"),
        FieldSpec("reserve_date", "列为后备干部时间", D),
        FieldSpec("appointed_date", "选拔任用时间", D),
        FieldSpec("appointed_post", "任用职务"),
        FieldSpec("status", "培养状态", EN, CADRE_STATUS),
    ),
}

_YEAR = FieldSpec("year", "年度", ValueType.YEAR)
_TOWNSHIP = FieldSpec("township", "镇（街道）")

TARGET_FIELDS = {
    "member_to_talent": "党员培养成人才",
    "activists": "人才培养为入党积极分子",
    "developed": "人才发展为党员",
    "cadres": "党员人才培养为干部",
}

SHEET_FIELDS: dict[Kind, tuple[FieldSpec, ...]] = {
    **TRACK_FIELDS,
    Kind.TARGETS: (
        FieldSpec("seq", "序号", ValueType.IGNORED), _YEAR, _TOWNSHIP,
        *(FieldSpec(name, header, C) for name, header in TARGET_FIELDS.items()),
    ),
    Kind.ROSTER: (
        FieldSpec("seq", "序号", ValueType.IGNORED), _YEAR, _TOWNSHIP,
        FieldSpec("members_total", "党员总数", C),
        FieldSpec("talent_members", "人才党员数", C),
        FieldSpec("young_members", "35岁及以下党员数", C),
        FieldSpec("educated_members", "高中及以上学历党员数", C),
        FieldSpec("female_members", "女党员数", C),
    ),
}

# Columns whose absence makes a sheet of that kind unusable: one missing_column each.
REQUIRED_COLUMNS: dict[Kind, tuple[str, ...]] = {
    Kind.MEMBER_TO_TALENT: ("name", "id_number", "join_date", "start_date", "status"),
    Kind.TALENT_TO_MEMBER: ("name", "id_number"),  # the stage can come from the dates
    Kind.TALENT_TO_CADRE: ("name", "id_number", "join_date", "status"),
    Kind.TARGETS: ("year", "township", "member_to_talent", "activists", "developed", "cadres"),
    Kind.ROSTER: ("year", "township", "members_total", "talent_members"),
}

# Words in a sheet name or title that name its kind; checked in this order because
# "党员人才培养成干部" also contains "人才培养成".
KIND_WORDS: tuple[tuple[Kind, tuple[str, ...]], ...] = (
    (Kind.TARGETS, ("目标任务", "任务分解", "目标分解")),
    (Kind.ROSTER, ("党员队伍基本情况", "队伍基本情况", "党员基本情况统计")),
    (Kind.TALENT_TO_CADRE, ("培养成干部", "培养为干部", "培养成基层", "后备干部", "领导干部", "管理人员", "成干部")),
    (Kind.TALENT_TO_MEMBER, ("人才培养成党员", "人才培养为党员", "人才发展为党员", "人才发展成党员", "人才入党", "培养成党员", "成党员")),
    (Kind.MEMBER_TO_TALENT, ("党员培养成人才", "党员培养成优秀人才", "党员培养为人才", "培养成优秀人才", "培养成人才", "党员成才", "成人才")),
)

# Fields whose presence among the headers tells the kind when name and title do not.
KIND_MARKERS: dict[Kind, frozenset[str]] = {
    Kind.TARGETS: frozenset({"member_to_talent", "activists", "developed", "cadres"}),
    Kind.ROSTER: frozenset({"members_total", "talent_members", "young_members", "female_members"}),
    Kind.TALENT_TO_CADRE: frozenset({"direction", "leader_contact", "reserve_date", "appointed_date", "appointed_post"}),
    Kind.TALENT_TO_MEMBER: frozenset({"application_date", "activist_date", "candidate_date", "probation_date", "full_date", "stage", "introducers"}),
    Kind.MEMBER_TO_TALENT: frozenset({"start_date", "talent_date", "specialty"}),
}


def stored_fields(kind: Kind) -> tuple[str, ...]:
    """The fields of a kind that a record keeps (the 序号 column is not one), in SPEC order."""
    return tuple(spec.name for spec in SHEET_FIELDS[kind] if spec.type is not ValueType.IGNORED)


_SPECS: dict[Kind, dict[str, FieldSpec]] = {kind: {s.name: s for s in fields} for kind, fields in SHEET_FIELDS.items()}
_NAMES: dict[Kind, frozenset[str]] = {kind: frozenset(specs) for kind, specs in _SPECS.items()}


def lookup_header(kind: Kind, text: str) -> tuple[FieldSpec, int] | None:
    """(field, part) a header cell names for a sheet of `kind`, or None; part is 0 but for the
    numbered columns of a split field (入党介绍人1 → 1)."""
    found = headers.field_for(kind.value, text, _NAMES[kind])
    return (_SPECS[kind][found[0]], found[1]) if found else None


def field_of_header(text: str) -> str | None:
    """The field a header names in any kind of sheet, before the kind is known."""
    for kind in SHEET_FIELDS:
        found = headers.field_for(kind.value, text, _NAMES[kind])
        if found:
            return found[0]
    return None


def is_known_header(text: str) -> bool:
    return field_of_header(text) is not None


def kind_from_words(text: str) -> Kind | None:
    """The kind a sheet name or title names, or None."""
    k = key(text)
    for kind, words in KIND_WORDS:
        if any(key(w) in k for w in words):
            return kind
    return None


def kind_from_fields(fields: set[str]) -> Kind | None:
    """The kind whose marker columns are most present among `fields`."""
    best, best_score = None, 0
    for kind, markers in KIND_MARKERS.items():
        score = len(markers & fields)
        if score > best_score:
            best, best_score = kind, score
    return best


# Sheets that explain how to fill in a ledger rather than hold one (our templates add one).
INSTRUCTION_SHEETS = ("填表说明", "填报说明", "说明", "使用说明")


def is_instructions(sheet_name: str) -> bool:
    return key(sheet_name) in {key(name) for name in INSTRUCTION_SHEETS}
