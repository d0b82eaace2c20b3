"""What a ledger contains: the sheet kinds, their columns, header synonyms and allowed values.

This module is the one place for these facts: each sheet kind's fields are declared once, as a
pydantic model, and every table the other stages use is derived from the models.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict

from talentledger.ledger import headers
from talentledger.ledger.text import key
from talentledger.ledger.townships import MAX_TOWNSHIP_LENGTH
from talentledger.ledger.values import Enumeration, LedgerDate, education_forms
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
    max_length: int | None = None  # characters a text cell may hold (the store's column)


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

# Words in a sheet name or title that name its kind; checked in this order because
# "党员人才培养成干部" also contains "人才培养成".
KIND_WORDS: tuple[tuple[Kind, tuple[str, ...]], ...] = (
    (Kind.TARGETS, ("目标任务", "任务分解", "目标分解")),
    (Kind.ROSTER, ("党员队伍基本情况", "队伍基本情况", "党员基本情况统计")),
    (Kind.TALENT_TO_CADRE, ("培养成干部", "培养为干部", "培养成基层", "后备干部", "领导干部", "管理人员", "成干部")),
    (Kind.TALENT_TO_MEMBER, ("人才培养成党员", "人才培养为党员", "人才发展为党员", "人才发展成党员", "人才入党", "培养成党员", "成党员")),
    (Kind.MEMBER_TO_TALENT, ("党员培养成人才", "党员培养成优秀人才", "党员培养为人才", "培养成优秀人才", "培养成人才", "党员成才", "成人才")),
)

# ---- the one declaration of each sheet kind's fields ---------------------------------------
#
# Each sheet kind is a pydantic model. A field's `LedgerColumn` says everything the program knows
# about the column: its standard header, value type and enumeration, whether the sheet is
# unusable without it, whether it tells the sheet's kind, what the blank template says about it,
# how it is stored, and the parameters of its rules (the yearly training minimum, the time that
# must pass since an earlier date). The reader, the rules, the store's tables, the template and
# docs/ledgers.md are all derived from these models; a checked row handed to the store is a
# validated instance of its kind's model.


# The longest text a (VARCHAR) column keeps; a longer cell is a finding, not a database error.
TEXT_LENGTH = 255


@dataclass(frozen=True)
class Gap:
    """Time that must pass between an earlier date and this one (发展党员工作细则): at least
    `at_least` years, and at most `at_most` when given."""

    after: str
    at_least: int
    at_most: int | None = None


@dataclass(frozen=True)
class When:
    """A cell that must be filled because of another: when `field` holds one of `values` (is
    filled at all when `values` is None), or, with `unless`, holds none of them; in every row
    when `field` is None. `note` tells the clerk why."""

    field: str | None
    values: tuple[str, ...] | None = None
    unless: bool = False
    note: str = ""


@dataclass(frozen=True)
class LedgerColumn:
    """What a column of a ledger is, as field metadata of its kind's model."""

    header: str
    type: ValueType = ValueType.TEXT
    enum: Enumeration | None = None
    required: bool = False          # the sheet cannot be used without this column
    marker: bool = False            # its header tells the sheet's kind
    describe: str = ""              # the blank template's input message and 填表说明
    in_template: bool = True
    long_text: bool = False         # free text of any length (stored as TEXT), else at most `max_length`
    max_length: int = TEXT_LENGTH
    per_year_minimum: int | None = None  # trainings a year
    gap: Gap | None = None
    reaches: str | None = None      # the stage of 发展党员 this date, once filled, marks
    required_when: tuple[When, ...] = ()  # the rows in which a blank cell is an error


@dataclass(frozen=True)
class Counted:
    """What a target counts: people of `kind` whose `date_field` falls in the year (and whose
    培养状态 is `status`)."""

    kind: Kind
    date_field: str
    status: str | None = None


D, C, EN, T = ValueType.DATE, ValueType.COUNT, ValueType.ENUM, ValueType.TEXT
Text = str | None
Date = LedgerDate | None
Count = int | None

# Every kind's sheet starts with a 序号 column, which is read past and never kept.
SEQ = FieldSpec("seq", "序号", ValueType.IGNORED)
SEQ_DESCRIPTION = "序号，可不填。"


_TRAININGS = "本年度参加培训的次数（整数）。"


class Record(BaseModel):
    """A checked row of a ledger: where it came from, and its fields."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True, extra="forbid")
    kind: ClassVar[Kind]
    source_path: str
    source_sheet: str
    source_row: int


class Person(Record):
    """The columns every track's ledger has."""

    name: Annotated[Text, LedgerColumn("姓名", required=True, describe="姓名，必填。")] = None
    gender: Annotated[Text, LedgerColumn("性别", EN, GENDER, describe="男或女，须与身份证号码第17位一致（奇数为男）。")] = None
    id_number: Annotated[Text, LedgerColumn("公民身份号码", ValueType.ID, required=True, describe=(
        "18位公民身份号码，必填。本列已设为文本格式，请直接输入，不要改成数字。"))] = None
    birth: Annotated[Date, LedgerColumn("出生年月", D, describe="出生年月，如 1978-07，须与身份证号码一致；可不填。")] = None
    ethnicity: Annotated[Text, LedgerColumn("民族", describe="民族，如 汉族。")] = None
    education: Annotated[Text, LedgerColumn("学历", EN, EDUCATION, describe="最高学历，从下拉列表中选择。")] = None
    township: Annotated[Text, LedgerColumn("所属镇（街道）", describe="所属镇（街道）的规范名称。",
                                           max_length=MAX_TOWNSHIP_LENGTH)] = None
    organization: Annotated[Text, LedgerColumn("所在党组织", describe="所在党组织或单位。")] = None
    workplace: Annotated[Text, LedgerColumn("工作单位", in_template=False)] = None
    sector: Annotated[Text, LedgerColumn("领域", EN, SECTOR, describe="所属领域，从下拉列表中选择。")] = None
    contact: Annotated[Text, LedgerColumn("培养联系人", describe="培养联系人姓名。")] = None
    trainings: Annotated[Count, LedgerColumn("年度培训次数", C, describe=_TRAININGS)] = None
    phone: Annotated[Text, LedgerColumn("联系电话", describe="联系电话。", in_template=False)] = None
    mobile: Annotated[Text, LedgerColumn("手机号码", in_template=False)] = None
    remarks: Annotated[Text, LedgerColumn("备注", long_text=True, describe="其他需要说明的情况。")] = None


class MemberToTalent(Person):
    """把党员培养成优秀人才."""

    kind: ClassVar[Kind] = Kind.MEMBER_TO_TALENT
    contact: Annotated[Text, LedgerColumn("培养联系人", describe="培养联系人姓名；培养期间必填。", required_when=(
        When("status", ("培养中",), note="（培养中的人员须明确培养联系人）"),))] = None
    trainings: Annotated[Count, LedgerColumn("年度培训次数", C, per_year_minimum=4, describe=_TRAININGS)] = None
    join_date: Annotated[Date, LedgerColumn("入党时间", D, required=True, describe="入党时间，如 2001-07-01；必填。")] = None
    talent_category: Annotated[Text, LedgerColumn("人才类别", EN, TALENT_CATEGORY, describe="人才类别，从下拉列表中选择。")] = None
    start_date: Annotated[Date, LedgerColumn("确定培养时间", D, required=True, marker=True,
                                             describe="确定为培养对象的时间；必填。")] = None
    status: Annotated[Text, LedgerColumn("培养状态", EN, TALENT_STATUS, required=True,
                                         describe="培养状态，从下拉列表中选择，须与所填日期一致。")] = None
    talent_date: Annotated[Date, LedgerColumn("成才认定时间", D, marker=True, describe=(
        "成才认定时间；培养状态为“已成才”时必填，且不早于确定培养时间。"), required_when=(
        When("status", ("已成才",), note="（培养状态为“已成才”时须填写成才认定时间）"),))] = None
    specialty: Annotated[Text, LedgerColumn("技术特长", marker=True, describe="技术特长。")] = None


class TalentToMember(Person):
    """把优秀人才培养成党员."""

    kind: ClassVar[Kind] = Kind.TALENT_TO_MEMBER
    contact: Annotated[Text, LedgerColumn("培养联系人", describe="培养联系人姓名；培养期间必填。", required_when=(
        When("stage", ("正式党员",), unless=True, note="（培养期间须明确培养联系人）"),))] = None
    trainings: Annotated[Count, LedgerColumn("年度培训次数", C, per_year_minimum=2, describe=_TRAININGS)] = None
    talent_category: Annotated[Text, LedgerColumn("人才类别", EN, TALENT_CATEGORY, describe="人才类别，从下拉列表中选择。")] = None
    application_date: Annotated[Date, LedgerColumn("递交入党申请时间", D, reaches="入党申请人", marker=True, describe=(
        "递交入党申请书的时间；申请时须年满18周岁。"))] = None
    activist_date: Annotated[Date, LedgerColumn("确定为入党积极分子时间", D, reaches="入党积极分子", marker=True,
                                                describe="确定为入党积极分子的时间。")] = None
    candidate_date: Annotated[Date, LedgerColumn("确定为发展对象时间", D, reaches="发展对象", marker=True, gap=Gap("activist_date", 1),
                                                 describe="确定为发展对象的时间。")] = None
    probation_date: Annotated[Date, LedgerColumn("接收为预备党员时间", D, reaches="预备党员", marker=True, describe=(
        "接收为预备党员的时间；此后须填两名入党介绍人。"))] = None
    full_date: Annotated[Date, LedgerColumn("转为正式党员时间", D, reaches="正式党员", marker=True, gap=Gap("probation_date", 1, 2),
                                            describe="转为正式党员的时间。")] = None
    stage: Annotated[Text, LedgerColumn("当前阶段", EN, STAGE, marker=True, describe=(
        "当前所处阶段，从下拉列表中选择，须与已填的最晚一个时间一致；之前各阶段的时间都要填写。"))] = None
    introducers: Annotated[Text, LedgerColumn("入党介绍人", marker=True, long_text=True, describe=(
        "两名入党介绍人的姓名，用顿号分隔，如 张华、刘伟；接收为预备党员后必填。"))] = None


class TalentToCadre(Person):
    """把党员优秀人才培养成基层领导干部和管理人员."""

    kind: ClassVar[Kind] = Kind.TALENT_TO_CADRE
    join_date: Annotated[Date, LedgerColumn("入党时间", D, required=True, describe="入党时间，如 2001-07-01；必填。",
                                            required_when=(When(None, note="（列入培养的须是党员）"),))] = None
    position: Annotated[Text, LedgerColumn("现任职务", describe="现任职务。")] = None
    direction: Annotated[Text, LedgerColumn("培养方向", EN, DIRECTION, marker=True, describe="培养方向，从下拉列表中选择。")] = None
    leader_contact: Annotated[Text, LedgerColumn("联系领导", marker=True, describe="联系领导姓名，必填。", required_when=(
        When(None, note="（每名培养对象须明确联系领导）"),))] = None
    reserve_date: Annotated[Date, LedgerColumn("列为后备干部时间", D, marker=True, describe="列为后备干部的时间。")] = None
    appointed_date: Annotated[Date, LedgerColumn("选拔任用时间", D, marker=True, describe="选拔任用的时间；已任用时必填。",
                                                 required_when=(When("appointed_post", note="（已填写任用职务）"),
                                                                When("status", ("已任用",), note="（培养状态为“已任用”）")))] = None
    appointed_post: Annotated[Text, LedgerColumn("任用职务", marker=True, describe="任用的职务；填了选拔任用时间就必须填写。",
                                                 required_when=(When("appointed_date", note="（已填写选拔任用时间）"),))] = None
    status: Annotated[Text, LedgerColumn("培养状态", EN, CADRE_STATUS, required=True,
                                         describe="培养状态，从下拉列表中选择，须与所填日期一致。")] = None


class YearlyFigures(Record):
    """A township's figures of one year (targets, roster)."""

    year: Annotated[Count, LedgerColumn("年度", ValueType.YEAR, required=True, describe="年度，四位数字，如 2006。")] = None
    township: Annotated[Text, LedgerColumn("镇（街道）", required=True, describe="所属镇（街道）的规范名称。",
                                           max_length=MAX_TOWNSHIP_LENGTH)] = None


class TargetRow(YearlyFigures):
    """目标任务分解表: each township's targets of the year."""

    kind: ClassVar[Kind] = Kind.TARGETS
    member_to_talent: Annotated[Count, LedgerColumn("党员培养成人才", C, required=True, marker=True,
                                                    describe="本年度党员培养成人才的目标人数。"),
                                Counted(Kind.MEMBER_TO_TALENT, "talent_date", "已成才")] = None
    activists: Annotated[Count, LedgerColumn("人才培养为入党积极分子", C, required=True, marker=True,
                                             describe="本年度人才培养为入党积极分子的目标人数。"),
                         Counted(Kind.TALENT_TO_MEMBER, "activist_date")] = None
    developed: Annotated[Count, LedgerColumn("人才发展为党员", C, required=True, marker=True,
                                             describe="本年度人才发展为党员的目标人数。"),
                         Counted(Kind.TALENT_TO_MEMBER, "probation_date")] = None
    cadres: Annotated[Count, LedgerColumn("党员人才培养为干部", C, required=True, marker=True,
                                          describe="本年度党员人才培养为干部的目标人数。"),
                      Counted(Kind.TALENT_TO_CADRE, "appointed_date")] = None


class RosterRow(YearlyFigures):
    """党员队伍基本情况表: each township's members of the year."""

    kind: ClassVar[Kind] = Kind.ROSTER
    members_total: Annotated[Count, LedgerColumn("党员总数", C, required=True, marker=True, describe="党员总数。")] = None
    talent_members: Annotated[Count, LedgerColumn("人才党员数", C, required=True, marker=True, describe="其中人才党员数。")] = None
    young_members: Annotated[Count, LedgerColumn("35岁及以下党员数", C, marker=True, describe="其中35岁及以下党员数。")] = None
    educated_members: Annotated[Count, LedgerColumn("高中及以上学历党员数", C, describe="其中高中及以上学历党员数。")] = None
    female_members: Annotated[Count, LedgerColumn("女党员数", C, marker=True, describe="其中女党员数。")] = None


MODELS: dict[Kind, type[Record]] = {model.kind: model for model in
                                    (MemberToTalent, TalentToMember, TalentToCadre, TargetRow, RosterRow)}


@cache
def columns_of(kind: Kind) -> dict[str, LedgerColumn]:
    """Each field of `kind` with its column, in the ledger's order (read from the model once;
    callers do not change it)."""
    return {name: next(m for m in info.metadata if isinstance(m, LedgerColumn))
            for name, info in MODELS[kind].model_fields.items() if name not in Record.model_fields}


def _spec(name: str, column: LedgerColumn) -> FieldSpec:
    return FieldSpec(name, column.header, column.type, column.enum, None if column.long_text else column.max_length)


# Derived tables: what the reader, the checker, the store and the template look up.
SHEET_FIELDS: dict[Kind, tuple[FieldSpec, ...]] = {
    kind: (SEQ, *(_spec(name, column) for name, column in columns_of(kind).items())) for kind in MODELS}
REQUIRED_COLUMNS: dict[Kind, tuple[str, ...]] = {
    kind: tuple(name for name, column in columns_of(kind).items() if column.required) for kind in MODELS}
KIND_MARKERS: dict[Kind, frozenset[str]] = {
    kind: frozenset(name for name, column in columns_of(kind).items() if column.marker) for kind in MODELS}
TARGET_FIELDS: dict[str, str] = {name: column.header for name, column in columns_of(Kind.TARGETS).items()
                                 if column.type is ValueType.COUNT}
# What each yearly target counts (the report's 完成数).
TARGET_EVENTS: dict[str, Counted] = {
    name: next(m for m in info.metadata if isinstance(m, Counted))
    for name, info in TargetRow.model_fields.items() if name in TARGET_FIELDS}
# The time that must pass between two dates of a kind: (earlier, later, gap).
GAPS: dict[Kind, tuple[tuple[str, str, Gap], ...]] = {
    kind: tuple((column.gap.after, name, column.gap) for name, column in columns_of(kind).items() if column.gap)
    for kind in MODELS}


# Per kind, the cells each column requires because of another: {field: (When, ...)}.
REQUIRED_WHEN: dict[Kind, dict[str, tuple[When, ...]]] = {
    kind: {name: column.required_when for name, column in columns_of(kind).items() if column.required_when}
    for kind in MODELS}

# The stages of 发展党员 in order, each with the date field that marks reaching it.
STAGE_DATES: tuple[tuple[str, str], ...] = tuple(
    (column.reaches, name) for name, column in columns_of(Kind.TALENT_TO_MEMBER).items() if column.reaches)


def per_year_minimum(kind: Kind, name: str) -> int | None:
    """A yearly minimum of a count field of `kind` (年度培训次数), or None."""
    column = columns_of(kind).get(name)
    return column.per_year_minimum if column else None


def description(kind: Kind, name: str) -> str:
    """What the blank template says about a column: its text, then its rule parameters."""
    if name == SEQ.name:
        return SEQ_DESCRIPTION
    columns = columns_of(kind)
    column = columns[name]
    text = column.describe.rstrip("。")
    if column.per_year_minimum:
        text += f"，每年不少于{column.per_year_minimum}次"
    if column.gap:
        earlier = columns[column.gap.after].header.removesuffix("时间")
        text += f"；距{earlier}须满{column.gap.at_least}年"
        if column.gap.at_most:
            text += f"（延长预备期最长再{column.gap.at_most - column.gap.at_least}年）"
    return text + "。" if text else ""


def ledgers_markdown() -> str:
    """The columns of every sheet kind, for docs/ledgers.md: made from the models."""
    type_words = {ValueType.TEXT: "文本", ValueType.DATE: "日期", ValueType.COUNT: "整数", ValueType.ENUM: "选项",
                  ValueType.ID: "身份证号", ValueType.YEAR: "年度", ValueType.IGNORED: "不读"}
    out = []
    for kind in MODELS:
        out += [f"### {KIND_SHORT[kind]}（`{kind.value}`）：{KIND_TITLES[kind]}", "",
                "| 字段 | 标准表头 | 类型 | 必填列 | 何时必须填写 | 识别类别 | 填写要求与规则参数 | 可选值 |",
                "|---|---|---|---|---|---|---|---|"]
        for name, column in columns_of(kind).items():
            choices = "、".join(column.enum.choices) if column.enum else ""
            when = "；".join(w.note.strip("（）") for w in column.required_when)
            out.append(f"| `{name}` | {column.header} | {type_words[column.type]} | {'是' if column.required else ''} "
                       f"| {when} | {'是' if column.marker else ''} | {description(kind, name)} | {choices} |")
        out.append("")
    return "\n".join(out)


def stored_fields(kind: Kind) -> tuple[str, ...]:
    """The fields of a kind that a record keeps, in the ledger's order."""
    return tuple(columns_of(kind))


_SPECS: dict[Kind, dict[str, FieldSpec]] = {kind: {s.name: s for s in fields} for kind, fields in SHEET_FIELDS.items()}
_NAMES: dict[Kind, frozenset[str]] = {kind: frozenset(specs) for kind, specs in _SPECS.items()}


# Each kind's standard headers, as headers are compared: a model's own header is always known,
# whatever the vocabulary of real ledgers says.
_STANDARD: dict[Kind, dict[str, str]] = {
    kind: {headers.header_key(spec.header): spec.name for spec in fields} for kind, fields in SHEET_FIELDS.items()}


def _field_for(kind: Kind, text: str) -> tuple[str, int] | None:
    standard = _STANDARD[kind].get(headers.header_key(text))
    return (standard, 0) if standard else headers.field_for(kind.value, text, _NAMES[kind])


def lookup_header(kind: Kind, text: str) -> tuple[FieldSpec, int] | None:
    """(field, part) a header cell names for a sheet of `kind`, or None; part is 0 but for the
    numbered columns of a split field (入党介绍人1 → 1)."""
    found = _field_for(kind, text)
    return (_SPECS[kind][found[0]], found[1]) if found else None


def field_of_header(text: str) -> str | None:
    """The field a header names in any kind of sheet, before the kind is known."""
    for kind in SHEET_FIELDS:
        found = _field_for(kind, text)
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
