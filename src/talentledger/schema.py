"""What a ledger contains: the sheet kinds, their columns, header synonyms and allowed values.

This module is the one place for these facts (SPEC 2). Readers and checks look them up here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from talentledger.text import key, key_without_brackets
from talentledger.values import Enumeration


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
    """A column: its field name, canonical header, accepted synonyms and value type."""

    name: str
    header: str
    synonyms: tuple[str, ...] = ()
    type: ValueType = ValueType.TEXT
    enum: Enumeration | None = None


GENDER = Enumeration({"男": ("男性",), "女": ("女性",)})
EDUCATION = Enumeration({
    "研究生": ("硕士", "博士", "硕士研究生", "博士研究生", "研究生学历", "硕士学位", "博士学位"),
    "大学本科": ("本科", "大本", "本科学历"),
    "大学专科": ("大专", "专科", "高职", "大专学历"),
    "中专": ("中专学历", "中等专科", "中技", "技校", "职高", "职业高中", "中职"),
    "高中": ("高中学历", "普高"),
    "初中": ("初中学历",),
    "小学及以下": ("小学", "文盲", "半文盲", "小学以下"),
})
SECTOR = Enumeration({
    "农村": ("村", "农业", "农村党组织"),
    "企业": ("国有企业", "国企", "公有制企业"),
    "非公企业": ("非公有制企业", "非公有制经济组织", "民营企业", "私营企业"),
    "社区": ("城市社区",),
    "机关": ("党政机关", "机关单位"),
    "事业单位": ("事业",),
    "社会组织": ("社团", "社会团体", "新社会组织"),
})
TALENT_CATEGORY = Enumeration({
    "致富能手": ("农村致富能手",),
    "生产经营能手": ("生产能手", "经营能手"),
    "科技骨干": ("科技人才",),
    "业务骨干": (),
    "社区建设和服务骨干": ("社区骨干", "社区服务骨干"),
    "服务标兵": (),
    "其他": ("其它",),
})
TALENT_STATUS = Enumeration({"培养中": ("正在培养",), "已成才": ("成才",), "终止培养": ("终止", "停止培养")})
CADRE_STATUS = Enumeration({"培养中": ("正在培养",), "已任用": ("任用", "已提拔"), "终止培养": ("终止", "停止培养")})
STAGE = Enumeration({
    "入党申请人": ("申请人", "申请入党"),
    "入党积极分子": ("积极分子",),
    "发展对象": (),
    "预备党员": (),
    "正式党员": ("党员",),
})
DIRECTION = Enumeration({
    "村干部": ("村两委干部", "村“两委”干部", "村级干部"),
    "企业经营管理骨干": ("企业管理骨干", "经营管理骨干"),
    "社区工作者": ("社区干部",),
    "基层领导干部": ("领导干部",),
})

D, C, EN, T = ValueType.DATE, ValueType.COUNT, ValueType.ENUM, ValueType.TEXT

COMMON = (
    FieldSpec("seq", "序号", ("编号", "顺序号"), ValueType.IGNORED),
    FieldSpec("name", "姓名"),
    FieldSpec("gender", "性别", (), EN, GENDER),
    FieldSpec("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证", "身份证件号码", "公民身份证号码"), ValueType.ID),
    FieldSpec("birth", "出生年月", ("出生日期", "出生时间"), D),
    FieldSpec("ethnicity", "民族"),
    FieldSpec("education", "学历", ("文化程度", "学历学位", "全日制学历"), EN, EDUCATION),
    FieldSpec("township", "所属镇（街道）", ("镇（街道）", "乡镇", "镇街", "所属镇街", "所属乡镇", "镇（街道）名称", "所属镇", "镇"), T),
    FieldSpec("organization", "所在党组织", ("所在单位", "党支部", "所在支部", "工作单位", "所在党支部")),
    FieldSpec("sector", "领域", ("所属领域", "党组织类别"), EN, SECTOR),
    FieldSpec("contact", "培养联系人", ("联系人", "帮带人", "结对联系人")),
    FieldSpec("trainings", "年度培训次数", ("培训次数", "全年培训次数"), C),
    FieldSpec("phone", "联系电话", ("电话", "手机", "手机号码")),
    FieldSpec("remarks", "备注", ("说明",)),
)

_TALENT_CATEGORY = FieldSpec("talent_category", "人才类别", ("人才类型", "人才类别（类型）"), EN, TALENT_CATEGORY)
_JOIN = FieldSpec("join_date", "入党时间", ("入党日期", "入党年月"), D)

TRACK_FIELDS: dict[Kind, tuple[FieldSpec, ...]] = {
    Kind.MEMBER_TO_TALENT: COMMON + (
        _JOIN,
        _TALENT_CATEGORY,
        FieldSpec("start_date", "确定培养时间", ("确定为培养对象时间", "列入培养时间", "培养时间"), D),
        FieldSpec("status", "培养状态", ("培养情况",), EN, TALENT_STATUS),
        FieldSpec("talent_date", "成才认定时间", ("认定成才时间", "成才时间"), D),
        FieldSpec("specialty", "技术特长", ("特长", "专业特长")),
    ),
    Kind.TALENT_TO_MEMBER: COMMON + (
        _TALENT_CATEGORY,
        FieldSpec("application_date", "递交入党申请时间", ("申请入党时间", "入党申请时间", "递交申请时间", "申请时间", "递交入党申请书时间"), D),
        FieldSpec("activist_date", "确定为入党积极分子时间", ("确定入党积极分子时间", "确定为积极分子时间", "积极分子时间", "列为入党积极分子时间", "列为积极分子时间"), D),
        FieldSpec("candidate_date", "确定为发展对象时间", ("发展对象时间", "列为发展对象时间", "确定发展对象时间"), D),
        FieldSpec("probation_date", "接收为预备党员时间", ("预备党员时间", "发展为预备党员时间", "接收预备党员时间"), D),
        FieldSpec("full_date", "转为正式党员时间", ("转正时间", "正式党员时间", "转为正式党员日期"), D),
        FieldSpec("stage", "当前阶段", ("所处阶段", "发展阶段"), EN, STAGE),
        FieldSpec("introducers", "入党介绍人", ("介绍人",)),
    ),
    Kind.TALENT_TO_CADRE: COMMON + (
        _JOIN,
        FieldSpec("position", "现任职务", ("职务", "现职务", "现任职务（岗位）")),
        FieldSpec("direction", "培养方向", (), EN, DIRECTION),
        FieldSpec("leader_contact", "联系领导", ("联系领导干部", "结对领导")),
        FieldSpec("reserve_date", "列为后备干部时间", ("列为后备时间", "确定后备干部时间"), D),
        FieldSpec("appointed_date", "选拔任用时间", ("任用时间", "提拔任用时间"), D),
        FieldSpec("appointed_post", "任用职务", ("任职职务", "提拔任用职务")),
        FieldSpec("status", "培养状态", ("培养情况",), EN, CADRE_STATUS),
    ),
}

_YEAR = FieldSpec("year", "年度", ("年份",), ValueType.YEAR)
_TOWNSHIP = FieldSpec("township", "镇（街道）", ("所属镇（街道）", "乡镇", "镇街", "单位", "镇（街道）名称"))

TARGET_FIELDS = {
    "member_to_talent": "党员培养成人才",
    "activists": "人才培养为入党积极分子",
    "developed": "人才发展为党员",
    "cadres": "党员人才培养为干部",
}

SHEET_FIELDS: dict[Kind, tuple[FieldSpec, ...]] = {
    **TRACK_FIELDS,
    Kind.TARGETS: (
        FieldSpec("seq", "序号", (), ValueType.IGNORED), _YEAR, _TOWNSHIP,
        FieldSpec("member_to_talent", "党员培养成人才", ("党员培养成优秀人才", "把党员培养成人才"), C),
        FieldSpec("activists", "人才培养为入党积极分子", ("人才培养成入党积极分子", "培养为入党积极分子"), C),
        FieldSpec("developed", "人才发展为党员", ("人才发展成党员", "发展为党员"), C),
        FieldSpec("cadres", "党员人才培养为干部", ("党员人才培养成干部", "培养为干部"), C),
    ),
    Kind.ROSTER: (
        FieldSpec("seq", "序号", (), ValueType.IGNORED), _YEAR, _TOWNSHIP,
        FieldSpec("members_total", "党员总数", ("党员人数",), C),
        FieldSpec("talent_members", "人才党员数", ("党员人才数",), C),
        FieldSpec("young_members", "35岁及以下党员数", ("35岁以下党员数",), C),
        FieldSpec("educated_members", "高中及以上学历党员数", ("高中以上学历党员数",), C),
        FieldSpec("female_members", "女党员数", (), C),
    ),
}

# Columns whose absence makes a sheet of that kind unusable: one missing_column each.
REQUIRED_COLUMNS: dict[Kind, tuple[str, ...]] = {
    Kind.MEMBER_TO_TALENT: ("name", "id_number", "join_date", "start_date", "status"),
    Kind.TALENT_TO_MEMBER: ("name", "id_number", "stage"),
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


def _header_index(fields: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    index: dict[str, FieldSpec] = {}
    for spec in fields:
        for word in (spec.header, *spec.synonyms):
            index.setdefault(key(word), spec)
            index.setdefault(key_without_brackets(word), spec)
    return index


def stored_fields(kind: Kind) -> tuple[str, ...]:
    """The fields of a kind that a record keeps (the 序号 column is not one), in SPEC order."""
    return tuple(spec.name for spec in SHEET_FIELDS[kind] if spec.type is not ValueType.IGNORED)


HEADER_INDEX: dict[Kind, dict[str, FieldSpec]] = {kind: _header_index(f) for kind, f in SHEET_FIELDS.items()}
# Every known header of every kind, for finding the header row before the kind is known.
ANY_HEADER: dict[str, str] = {
    word: spec.name for index in HEADER_INDEX.values() for word, spec in index.items()
}


def lookup_header(kind: Kind, text: str) -> FieldSpec | None:
    """The field a header cell names for a sheet of `kind`, or None."""
    index = HEADER_INDEX[kind]
    return index.get(key(text)) or index.get(key_without_brackets(text))


def is_known_header(text: str) -> bool:
    return key(text) in ANY_HEADER or key_without_brackets(text) in ANY_HEADER


def field_of_header(text: str) -> str | None:
    """The field a header names in any kind of sheet, before the kind is known."""
    return ANY_HEADER.get(key(text)) or ANY_HEADER.get(key_without_brackets(text))


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
