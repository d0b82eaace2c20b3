"""The words real ledgers use: every accepted header and value, with where it was seen.

This is the one table the reader (`headers`, `schema`), the checks and docs/reading.md
(`scripts/make_docs.py`) all read; a test keeps the document in step. A header not listed here
is still understood when its parts are (see `headers`): the event words, verbs and suffixes below.

Sources are short tags; `SOURCES` says what each one is.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCES: dict[str, str] = {
    "spec": "产品规格（标准表头与同义词）",
    "early": "本项目早期版本已接受（来源当时未记录）",
    "feedback": "组织部试用反馈中收集的真实台帐表头（issue 7）",
    "rules2014": "《中国共产党发展党员工作细则》（2014）各环节名称",
    "gbt4658": "GB/T 4658-2006《学历代码》",
    "gbt4762": "GB/T 4762-1984《政治面貌代码》",
    "orgtype": "全国党员管理信息系统“党组织类别”代码（四川省《党员基本信息一卡一表》填表说明所列）",
    "lhs": "k2222732/LHSextract：某开发区党工委从全国党员管理信息系统、发展党员纪实公示系统导出的表头",
    "owip": "xvchaoqun/owip：北京师范大学组织工作管理与服务平台的党员发展信息录入样表与导出表头",
    "pmm": "PartyMemberOrg/PartyMemberManager：高校党校的入党积极分子、发展对象名册模板",
    "ipmb": "loyeruio/IPMBMSYS：党员管理系统的 Excel 导入导出表头",
    "campus": "TECNB/campus-career-backend：学生党员信息导出表头",
    "town": "LeeStep1/WisdomTown：智慧乡镇党建模块的党员信息表头",
    "jtrc": "CaoHongchang/test：人才系统的党员信息导入表头",
    "code": "公开代码中党建系统的表单、表格与 Excel 注解（仓库未能确定，见 docs/reading.md 说明）",
    "stats": "13320282511/ant-admin316：党内统计年报表（学历分组）",
    "notice": "县（区）组织部公开的“三个培养”工作文件（如凤阳县官塘镇培育农村党员致富带头人的报道）",
}


@dataclass(frozen=True)
class Seen:
    """A header as found in a real file, the field it names, and where it was seen.

    `kinds` limits it to some sheet kinds (None: any kind that has the field)."""

    text: str
    field: str
    source: str
    kinds: frozenset[str] | None = None


_TRACKS_ONLY = frozenset({"member-to-talent", "talent-to-member", "talent-to-cadre"})
_TABLES_ONLY = frozenset({"targets", "roster"})


def _seen(field: str, source: str, *texts: str, kinds: frozenset[str] | None = None) -> tuple[Seen, ...]:
    return tuple(Seen(text, field, source, kinds) for text in texts)


HEADERS: tuple[Seen, ...] = (
    *_seen("seq", "spec", "序号"),
    *_seen("seq", "early", "编号", "顺序号"),
    *_seen("name", "spec", "姓名"),
    *_seen("gender", "spec", "性别"),
    *_seen("id_number", "spec", "公民身份号码", "身份证号", "身份证号码", "身份证"),
    *_seen("id_number", "early", "身份证件号码", "公民身份证号码"),
    *_seen("id_number", "feedback", "证件号码"),
    *_seen("id_number", "lhs", "公民身份证号码"),
    *_seen("birth", "spec", "出生年月", "出生日期"),
    *_seen("birth", "early", "出生时间"),
    *_seen("birth", "code", "出生年月日", "生日"),
    *_seen("ethnicity", "spec", "民族"),
    *_seen("education", "spec", "学历", "文化程度"),
    *_seen("education", "early", "学历学位", "全日制学历"),
    *_seen("education", "feedback", "最高学历"),
    *_seen("education", "owip", "最高学历"),
    *_seen("education", "code", "学历/学位", "学历情况"),
    *_seen("township", "spec", "所属镇（街道）", "镇（街道）", "乡镇", "镇街"),
    *_seen("township", "early", "所属镇街", "所属乡镇", "镇（街道）名称", "所属镇", "镇"),
    *_seen("township", "early", "单位", kinds=_TABLES_ONLY),
    *_seen("township", "code", "所属乡镇（街道）", "乡镇（街道）名称", "乡镇（街道）", "乡镇/街道"),
    *_seen("organization", "spec", "所在党组织", "党支部"),
    *_seen("organization", "early", "所在支部", "所在党支部"),
    *_seen("organization", "feedback", "所属党支部"),
    *_seen("organization", "lhs", "所在党支部", "所属党组织", "隶属党组织", "接受申请党组织", "接收入党申请的党组织"),
    *_seen("organization", "owip", "所属党支部", "所在基层党组织", "党支部名称"),
    *_seen("organization", "ipmb", "党组织名称"),
    *_seen("organization", "code", "组织关系所在党支部"),
    # The product's column list names 所在单位 under 所在党组织; read as 工作单位 so that it is not a "duplicate" of 所在党支部
    *_seen("workplace", "owip", "所在单位"),
    *_seen("workplace", "feedback", "工作单位"),
    *_seen("workplace", "lhs", "工作单位及职务"),
    *_seen("workplace", "town", "工作/学习单位"),
    *_seen("workplace", "code", "单位及职务"),
    *_seen("sector", "spec", "领域", "所属领域", "党组织类别"),
    *_seen("contact", "spec", "培养联系人", "联系人", "帮带人"),
    *_seen("contact", "early", "结对联系人"),
    *_seen("contact", "code", "培养联系人1", "培养联系人2", "入党培养联系人", "入党联系人", "入党联系人1", "入党联系人2",
           "指定培养联系人"),
    *_seen("trainings", "spec", "年度培训次数", "培训次数"),
    *_seen("trainings", "early", "全年培训次数"),
    *_seen("phone", "early", "联系电话", "电话"),
    *_seen("mobile", "early", "手机"),
    *_seen("mobile", "feedback", "手机号码"),
    *_seen("mobile", "lhs", "手机号码"),
    *_seen("mobile", "owip", "移动电话", "手机"),
    *_seen("mobile", "code", "手机号"),
    *_seen("phone", "pmm", "联系电话"),
    *_seen("phone", "lhs", "联系方式"),
    *_seen("phone", "code", "电话号码"),
    *_seen("remarks", "spec", "备注"),
    *_seen("remarks", "early", "说明"),
    # member-to-talent, talent-to-cadre
    *_seen("join_date", "spec", "入党时间"),
    *_seen("join_date", "early", "入党日期", "入党年月"),
    *_seen("join_date", "lhs", "入党日期"),
    *_seen("join_date", "owip", "加入党组织日期"),
    *_seen("talent_category", "spec", "人才类别"),
    *_seen("talent_category", "early", "人才类型", "人才类别（类型）"),
    *_seen("start_date", "spec", "确定培养时间"),
    *_seen("start_date", "early", "确定为培养对象时间", "列入培养时间", "培养时间"),
    *_seen("status", "spec", "培养状态"),
    *_seen("status", "early", "培养情况"),
    *_seen("talent_date", "spec", "成才认定时间"),
    *_seen("talent_date", "early", "认定成才时间", "成才时间"),
    *_seen("specialty", "spec", "技术特长"),
    *_seen("specialty", "early", "特长", "专业特长"),
    # talent-to-member
    *_seen("application_date", "spec", "递交入党申请时间"),
    *_seen("application_date", "early", "申请入党时间", "入党申请时间", "递交申请时间", "申请时间", "递交入党申请书时间"),
    *_seen("application_date", "feedback", "提交入党申请书时间"),
    *_seen("application_date", "lhs", "申请入党日期", "递交入党申请书日期"),
    *_seen("application_date", "owip", "提交书面申请书时间", "提交书面申请时间", "入党申请时间"),
    *_seen("application_date", "pmm", "提交入党申请时间"),
    *_seen("application_date", "code", "入党申请日期", "申请书日期", "入党申请书提交时间", "首次提交申请书时间",
           "入党申请书落款日期"),
    *_seen("activist_date", "spec", "确定为入党积极分子时间"),
    *_seen("activist_date", "early", "确定入党积极分子时间", "确定为积极分子时间", "积极分子时间", "列为入党积极分子时间",
           "列为积极分子时间"),
    *_seen("activist_date", "feedback", "入党积极分子时间", "确定积极分子时间"),
    *_seen("activist_date", "lhs", "确定入党积极分子日期", "确定为入党积极分子日期"),
    *_seen("activist_date", "owip", "确定为入党积极分子时间"),
    *_seen("activist_date", "pmm", "确定入党积极分子时间"),
    *_seen("activist_date", "ipmb", "成为积极分子日期"),
    *_seen("activist_date", "campus", "入党积极分子时间"),
    *_seen("activist_date", "code", "列为入党积极分子时间", "确认为入党积极分子时间", "被列为入党积极分子时间",
           "成为积极分子时间", "转积极分子时间", "转为积极分子时间", "确定为积极分子日期", "积极分子确定时间",
           "确立为入党积极分子时间", "列为入积极分子日期"),
    *_seen("candidate_date", "spec", "确定为发展对象时间"),
    *_seen("candidate_date", "early", "发展对象时间", "列为发展对象时间", "确定发展对象时间"),
    *_seen("candidate_date", "owip", "确定为发展对象时间"),
    *_seen("candidate_date", "pmm", "确定发展对象时间"),
    *_seen("candidate_date", "ipmb", "确定发展对象日期"),
    *_seen("candidate_date", "campus", "发展对象时间"),
    *_seen("candidate_date", "code", "列为发展对象日期", "确认为发展对象时间", "确定为发展对象日期", "转发展对象时间",
           "转为发展对象时间", "列发展对象时间"),
    *_seen("probation_date", "spec", "接收为预备党员时间"),
    *_seen("probation_date", "early", "预备党员时间", "发展为预备党员时间", "接收预备党员时间"),
    *_seen("probation_date", "feedback", "列为预备党员时间"),
    *_seen("probation_date", "owip", "入党时间", "加入党组织日期", "发展时间", kinds=frozenset({"talent-to-member"})),
    *_seen("probation_date", "lhs", "入党日期", kinds=frozenset({"talent-to-member"})),
    *_seen("probation_date", "ipmb", "成为预备党员日期"),
    *_seen("probation_date", "campus", "预备党员时间"),
    *_seen("probation_date", "code", "接受为预备党员时间", "列为预备党员日期", "确定为预备党员时间", "确定为预备党员日期",
           "确定预备党员时间", "成为预备党员时间", "转为预备党员时间", "转预备党员时间", "转预时间", "转预备时间"),
    *_seen("full_date", "spec", "转为正式党员时间"),
    *_seen("full_date", "early", "转正时间", "正式党员时间", "转为正式党员日期"),
    *_seen("full_date", "feedback", "转正日期"),
    *_seen("full_date", "lhs", "转正日期"),
    *_seen("full_date", "owip", "转为正式党员日期", "转正时间"),
    *_seen("full_date", "campus", "党员转正时间"),
    *_seen("full_date", "code", "预备党员转正时间", "成为正式党员时间", "按期转正时间"),
    *_seen("stage", "spec", "当前阶段"),
    *_seen("stage", "early", "所处阶段", "发展阶段"),
    *_seen("stage", "feedback", "发展程度", "政治面貌"),
    *_seen("stage", "owip", "发展程度", "当前发展阶段", "入党成熟度", "党籍状态"),
    *_seen("stage", "lhs", "政治面貌", "人员类别", "党籍状态"),
    *_seen("introducers", "spec", "入党介绍人"),
    *_seen("introducers", "early", "介绍人"),
    *_seen("introducers", "owip", "入党介绍人"),
    *_seen("introducers", "jtrc", "入党介绍人1", "入党介绍人2"),
    *_seen("introducers", "code", "介绍人1", "介绍人2"),
    # talent-to-cadre
    *_seen("position", "spec", "现任职务"),
    *_seen("position", "early", "职务", "现职务", "现任职务（岗位）"),
    *_seen("direction", "spec", "培养方向"),
    *_seen("leader_contact", "spec", "联系领导"),
    *_seen("leader_contact", "early", "联系领导干部", "结对领导"),
    *_seen("reserve_date", "spec", "列为后备干部时间"),
    *_seen("reserve_date", "early", "列为后备时间", "确定后备干部时间"),
    *_seen("appointed_date", "spec", "选拔任用时间"),
    *_seen("appointed_date", "early", "任用时间", "提拔任用时间"),
    *_seen("appointed_post", "spec", "任用职务"),
    *_seen("appointed_post", "early", "任职职务", "提拔任用职务"),
    # targets and roster
    *_seen("year", "spec", "年度"),
    *_seen("year", "early", "年份"),
    *_seen("member_to_talent", "spec", "党员培养成人才"),
    *_seen("member_to_talent", "early", "党员培养成优秀人才", "把党员培养成人才"),
    *_seen("activists", "spec", "人才培养为入党积极分子"),
    *_seen("activists", "early", "人才培养成入党积极分子", "培养为入党积极分子"),
    *_seen("developed", "spec", "人才发展为党员"),
    *_seen("developed", "early", "人才发展成党员", "发展为党员"),
    *_seen("cadres", "spec", "党员人才培养为干部"),
    *_seen("cadres", "early", "党员人才培养成干部", "培养为干部"),
    *_seen("members_total", "spec", "党员总数"),
    *_seen("members_total", "early", "党员人数"),
    *_seen("talent_members", "spec", "人才党员数"),
    *_seen("talent_members", "early", "党员人才数"),
    *_seen("young_members", "spec", "35岁及以下党员数"),
    *_seen("young_members", "early", "35岁以下党员数"),
    *_seen("educated_members", "spec", "高中及以上学历党员数"),
    *_seen("educated_members", "early", "高中以上学历党员数"),
    *_seen("female_members", "spec", "女党员数"),
)

# Reading a date header by its parts: [verb] event [verb] suffix. The event word names the field.
DATE_EVENTS: dict[str, str] = {
    "出生": "birth",
    "入党": "join_date", "加入党组织": "join_date",
    "入党申请": "application_date", "入党申请书": "application_date", "申请入党": "application_date",
    "申请": "application_date", "申请书": "application_date", "书面申请书": "application_date",
    "书面申请": "application_date", "入党申请书落款": "application_date",
    "入党积极分子": "activist_date", "积极分子": "activist_date", "入积极分子": "activist_date",
    "发展对象": "candidate_date",
    "预备党员": "probation_date", "发展": "probation_date", "入党发展": "probation_date", "预备": "probation_date",
    "转预": "probation_date", "转预备": "probation_date",
    "正式党员": "full_date", "转正": "full_date", "预备党员转正": "full_date", "党员转正": "full_date",
    "按期转正": "full_date",
    "培养对象": "start_date", "培养": "start_date",
    "成才": "talent_date",
    "后备干部": "reserve_date", "后备": "reserve_date",
    "选拔任用": "appointed_date", "任用": "appointed_date", "提拔任用": "appointed_date", "提拔": "appointed_date",
}
# Longest first: 被确定为 before 确定为 before 确定.
LEADING_VERBS: tuple[str, ...] = tuple(sorted({
    "确定为", "确认为", "列为", "被列为", "被确定为", "接收为", "吸收为", "发展为", "转为", "定为", "批准为",
    "确定", "确认", "列入", "接收", "吸收", "递交", "提交", "写", "成为", "认定", "批准", "选拔", "被",
    "接受为", "确立为", "首次提交", "首次递交", "转", "列", "首次",
}, key=lambda verb: (-len(verb), verb)))
TRAILING_VERBS: tuple[str, ...] = ("确定", "确认", "认定", "列入", "批准", "接收", "提交", "递交")
SUFFIXES: tuple[str, ...] = ("年月日", "年月", "时间", "日期")

# The same event under another field name in some kinds: in a 发展党员 list, 入党时间 is the
# day the person was admitted as a probationary member.
KIND_FIELD_ALIASES: dict[str, dict[str, str]] = {"talent-to-member": {"join_date": "probation_date"}}

# Fields that may be split over numbered columns (入党介绍人1, 入党介绍人2).
PART_FIELDS = frozenset({"introducers", "contact"})


@dataclass(frozen=True)
class ValueSeen:
    """A cell value as written in real ledgers, the standard value it means, and where seen."""

    text: str
    canonical: str
    source: str


def _values(canonical: str, source: str, *texts: str) -> tuple[ValueSeen, ...]:
    return tuple(ValueSeen(text, canonical, source) for text in (texts or (canonical,)))


GENDER_VALUES = (*_values("男", "spec"), *_values("女", "spec"), *_values("男", "early", "男性"),
                 *_values("女", "early", "女性"))

EDUCATION_VALUES = (
    *_values("研究生", "spec", "研究生", "硕士", "博士"),
    *_values("研究生", "early", "硕士研究生", "博士研究生", "研究生学历", "硕士学位", "博士学位"),
    *_values("研究生", "gbt4658", "研究生教育", "博士研究生毕业", "硕士研究生毕业", "研究生班毕业"),
    *_values("研究生", "feedback", "研究生/硕士", "研究生及以上"),
    *_values("研究生", "owip", "研究生班", "硕士生班", "中央党校研究生", "省（区、市）委党校研究生"),
    *_values("大学本科", "spec", "大学本科", "本科"),
    *_values("大学本科", "early", "大本", "本科学历"),
    *_values("大学本科", "gbt4658", "大学本科毕业", "大学本科教育"),
    *_values("大学本科", "feedback", "大学"),
    *_values("大学本科", "owip", "中央党校大学", "省（区、市）委党校大学"),
    *_values("大学专科", "spec", "大学专科", "大专"),
    *_values("大学专科", "early", "专科", "高职", "大专学历"),
    *_values("大学专科", "gbt4658", "大学专科和专科学校", "大学专科毕业", "专科教育"),
    *_values("大学专科", "feedback", "大专及以上"),
    *_values("大学专科", "stats", "大专及以上学历"),
    *_values("大学专科", "owip", "中央党校大专", "省（区、市）委党校大专"),
    *_values("中专", "spec", "中专", "职高"),
    *_values("中专", "early", "中专学历", "中等专科", "中技", "技校", "职业高中", "中职"),
    *_values("中专", "gbt4658", "中等专业学校", "中等专科学校", "中等技术学校", "技工学校", "职业高中毕业",
             "中等专业学校毕业", "技工学校毕业"),
    *_values("中专", "feedback", "中专/中技", "中专/技校"),
    *_values("中专", "owip", "中等专科（中专）", "职业高中（中技）", "中等专业学校或中等技术学校"),
    *_values("中专", "stats", "中专、高中、中技"),
    *_values("高中", "spec", "高中"),
    *_values("高中", "early", "高中学历", "普高"),
    *_values("高中", "gbt4658", "普通高中", "普通高级中学", "普通高中毕业", "高中毕业"),
    *_values("高中", "feedback", "高中/中专/中技", "高中/中专", "高中及中专"),
    *_values("高中", "stats", "高中、中技", "高中中技"),
    *_values("初中", "spec", "初中"),
    *_values("初中", "early", "初中学历"),
    *_values("初中", "gbt4658", "初级中学", "初中毕业"),
    *_values("初中", "feedback", "初中及以下"),
    *_values("初中", "stats", "初中及以下"),
    *_values("小学及以下", "spec", "小学及以下"),
    *_values("小学及以下", "early", "小学", "文盲", "半文盲", "小学以下"),
    *_values("小学及以下", "gbt4658", "小学毕业", "不识字或识字很少", "扫盲班"),
)

SECTOR_VALUES = (
    *_values("农村", "spec"), *_values("农村", "early", "村", "农业", "农村党组织"),
    *_values("农村", "orgtype", "乡镇", "行政村", "建制村", "农村社区"),
    *_values("企业", "spec"), *_values("企业", "early", "国有企业", "国企", "公有制企业"),
    *_values("企业", "orgtype", "国有控股企业", "集体企业", "公有制企业"),
    *_values("非公企业", "spec"),
    *_values("非公企业", "early", "非公有制企业", "非公有制经济组织", "民营企业", "私营企业"),
    *_values("非公企业", "orgtype", "非公有制经济控股企业", "外资企业", "港澳台资企业"),
    *_values("社区", "spec"), *_values("社区", "early", "城市社区"),
    *_values("社区", "orgtype", "街道社区", "街道", "社区（居委会）", "居委会"),
    *_values("机关", "spec"), *_values("机关", "early", "党政机关", "机关单位"),
    *_values("机关", "orgtype", "党的机关", "人大机关", "政府机关", "政协机关", "审判机关", "检察机关"),
    *_values("事业单位", "spec"), *_values("事业单位", "early", "事业"),
    *_values("事业单位", "orgtype", "其他事业单位", "学校", "高等学校", "中小学", "医院", "公立医院", "科研院所"),
    *_values("社会组织", "spec", "社会组织", "社团"),
    *_values("社会组织", "early", "社会团体", "新社会组织"),
    *_values("社会组织", "orgtype", "民办非企业单位", "基金会", "社会服务机构"),
    *_values("其他", "orgtype", "其他", "其它"),
)

STAGE_VALUES = (
    *_values("入党申请人", "spec"), *_values("入党申请人", "early", "申请人", "申请入党"),
    *_values("入党申请人", "feedback", "申请入党人"),
    *_values("入党申请人", "owip", "申请入党人员"),
    *_values("入党积极分子", "spec"), *_values("入党积极分子", "early", "积极分子"),
    *_values("发展对象", "spec"),
    # owip's 发展程度 steps between 发展对象 and 预备党员
    *_values("发展对象", "owip", "列入发展计划", "领取志愿书"),
    *_values("预备党员", "spec"), *_values("预备党员", "gbt4762", "中共预备党员", "中国共产党预备党员"),
    *_values("正式党员", "spec"), *_values("正式党员", "early", "党员"),
    *_values("正式党员", "gbt4762", "中共党员", "中国共产党党员"),
    # 政治面貌 of someone not yet admitted: any stage before 预备党员; the dates tell which.
    *_values("群众", "gbt4762"), *_values("共青团员", "gbt4762", "共青团员", "团员", "中国共产主义青年团团员"),
    *_values("无党派人士", "gbt4762", "无党派人士", "无党派民主人士"),
)

TALENT_CATEGORY_VALUES = (
    *_values("致富能手", "spec"), *_values("致富能手", "early", "农村致富能手"),
    *_values("致富能手", "notice", "致富带头人", "党员致富带头人", "农村党员致富带头人"),
    *_values("生产经营能手", "spec"), *_values("生产经营能手", "early", "生产能手", "经营能手"),
    *_values("科技骨干", "spec"), *_values("科技骨干", "early", "科技人才"),
    *_values("业务骨干", "spec"),
    *_values("社区建设和服务骨干", "spec"), *_values("社区建设和服务骨干", "early", "社区骨干", "社区服务骨干"),
    *_values("服务标兵", "spec"),
    *_values("其他", "spec"), *_values("其他", "early", "其它"),
)

_TERMINATED = (*_values("终止培养", "spec"), *_values("终止培养", "early", "终止", "停止培养"))
TALENT_STATUS_VALUES = (
    *_values("培养中", "spec"), *_values("培养中", "early", "正在培养"),
    *_values("已成才", "spec"), *_values("已成才", "early", "成才"),
    *_TERMINATED,
)
CADRE_STATUS_VALUES = (
    *_values("培养中", "spec"), *_values("培养中", "early", "正在培养"),
    *_values("已任用", "spec"), *_values("已任用", "early", "任用", "已提拔"),
    *_TERMINATED,
)

DIRECTION_VALUES = (
    *_values("村干部", "spec"), *_values("村干部", "early", "村两委干部", "村“两委”干部", "村级干部"),
    *_values("企业经营管理骨干", "spec"), *_values("企业经营管理骨干", "early", "企业管理骨干", "经营管理骨干"),
    *_values("社区工作者", "spec"), *_values("社区工作者", "early", "社区干部"),
    *_values("基层领导干部", "spec"), *_values("基层领导干部", "early", "领导干部"),
)
