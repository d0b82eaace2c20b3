#!/usr/bin/env python3
"""Generate sample_ledgers/: a seeded, realistic city of township ledgers, plus large sets.

    python scripts/make_samples.py                 # rewrite sample_ledgers/
    python scripts/make_samples.py --large 200000 --out big.xlsx   # one big ledger for benchmarks

The city has ten townships of several sectors. Each submits its three 三培养 ledgers for 2005,
2006 and 2007 in one of the layouts clerks really use (merged title, 填报单位 line, two-level
headers, 合计 rows and footers, dates typed in different styles, traditional characters, GB18030
CSV), the same layout every year. A targets and a roster workbook cover 2005–2007. The files
under sample_ledgers/有问题的报送/ carry the mistakes listed in sample_ledgers/README.md, and
nothing else is wrong.

2006 is made first, from the seed's random stream (so it stays the same whatever the other years
do); 2005 and 2007 follow the same people from random streams of their own. The 2005 ledgers
hold the 2006 people as they stood at the end of 2005; the 2007 ledgers carry on everyone still
in cultivation with their dates unchanged (who became 正式党员, 已成才, 已任用 or stopped in 2006
drops out), add newcomers, and move people up the ladder: 2006's new members who became full in
2007 into the 2007 党员培养成人才 ledger (入党时间 = 接收为预备党员时间), 2006's new talents into
the 2007 党员人才培养成干部 ledger, and one member received in 2005 (CLIMBER) into both. Two
contradictions between years are planted (CONTRADICTIONS); everything else agrees.

Every new member has two 入党介绍人, full members of the township: people of its 党员培养成人才
ledger who joined more than a year before, or members in no ledger; no one introduces more than
two people a year. 石桥镇's 2006 人才培养成党员 ledger holds the cases of recruitment quality that
`talentledger assess --year 2006` must find (a family, a one-day burst, an introducer who was
only 预备党员), and nothing else in the city is one.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import random
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import opencc
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

SEED = 20060630
YEAR = 2006
CUTOFF = dt.date(YEAR, 12, 31)  # the ledgers are as of the end of the year
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏晓飞海波宁燕林峰云志东雪梅琳亮斌宇凤春国"
REGIONS = ["320602", "320611", "320612", "320621", "320623", "320681", "320682", "320684"]
EDUCATION = ["大学本科", "大学专科", "高中", "中专", "初中", "研究生"]
ETHNICITY = ["汉族"] * 19 + ["回族"]
CHECK = "10X98765432"
_S2T = opencc.OpenCC("s2t")


@dataclass
class Township:
    name: str
    unit: str
    sectors: list[str]
    layout: str
    organizations: tuple[str, ...] = ()  # its 党支部; none: "<first two characters>村党支部" and the like


TOWNSHIPS = [
    Township("东港街道", "东港街道党工委", ["社区", "企业"], "standard"),
    Township("南湖街道", "南湖街道党工委", ["社区", "机关"], "workbook"),
    Township("城北镇", "城北镇党委", ["农村", "企业"], "two_level"),
    Township("新庄镇", "新庄镇党委", ["农村"], "standard"),
    Township("白塔镇", "白塔镇党委", ["农村", "非公企业"], "traditional"),
    Township("临江镇", "临江镇党委", ["农村", "企业"], "workbook"),
    Township("开发区街道", "开发区街道党工委", ["非公企业", "企业"], "csv"),
    Township("西山乡", "西山乡党委", ["农村"], "plain"),
    Township("城南街道", "城南街道党工委", ["社区", "事业单位", "社会组织"], "two_level"),
    Township("石桥镇", "石桥镇党委", ["农村"], "standard",
             tuple(f"石桥镇{village}党支部" for village in ("李家村", "河口村", "王庄村", "陈湾村", "新桥村"))),
]
CATEGORY = {"农村": "致富能手", "企业": "生产经营能手", "非公企业": "生产经营能手", "社区": "社区建设和服务骨干",
            "机关": "业务骨干", "事业单位": "业务骨干", "社会组织": "服务标兵"}
DIRECTION = {"农村": ("村干部", "村委会副主任"), "企业": ("企业经营管理骨干", "车间主任"),
             "非公企业": ("企业经营管理骨干", "生产部经理"), "社区": ("社区工作者", "社区居委会委员"),
             "机关": ("基层领导干部", "科长"), "事业单位": ("基层领导干部", "科室主任"),
             "社会组织": ("基层领导干部", "秘书长")}

M2T_HEADERS = ["序号", "姓名", "性别", "公民身份号码", "出生年月", "民族", "学历", "所属镇（街道）", "所在党组织", "领域",
               "入党时间", "人才类别", "确定培养时间", "培养状态", "成才认定时间", "培养联系人", "年度培训次数", "技术特长", "备注"]
T2M_HEADERS = ["序号", "姓名", "性别", "公民身份号码", "学历", "所属镇（街道）", "领域", "人才类别",
               "递交入党申请时间", "确定为入党积极分子时间", "确定为发展对象时间", "接收为预备党员时间", "转为正式党员时间",
               "当前阶段", "入党介绍人", "培养联系人", "年度培训次数", "备注"]
CADRE_HEADERS = ["序号", "姓名", "性别", "公民身份号码", "学历", "所属镇（街道）", "领域", "入党时间", "现任职务",
                 "培养方向", "联系领导", "列为后备干部时间", "选拔任用时间", "任用职务", "培养状态", "备注"]
M2T_CONTACTS = ["陈红", "王建国", "李明", "周敏"]  # 培养联系人
T2M_CONTACTS = ["陈红", "王建国", "李明"]
SPECIALTIES = ["", "种植", "养殖", "营销", "电工"]  # 技术特长
POSITIONS = ["村委委员", "车间副主任", "社区干事", "科员"]  # a 后备干部's 现任职务
LEADERS = ["赵刚", "钱伟"]  # 联系领导
TITLES = {"m2t": "党员培养成人才台帐", "t2m": "人才培养成党员台帐", "cadre": "党员人才培养成干部台帐"}


class People:
    """Invented people with valid, unique ID numbers."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self, born_from: int = 1955, born_to: int = 1984) -> dict:
        rng = self.rng
        while True:
            birth = dt.date(rng.randint(born_from, born_to), rng.randint(1, 12), rng.randint(1, 28))
            gender = rng.choice("男女")
            seq = rng.randrange(0, 99) * 10 + (rng.choice([1, 3, 5, 7, 9]) if gender == "男" else rng.choice([0, 2, 4, 6, 8]))
            first17 = f"{rng.choice(REGIONS)}{birth:%Y%m%d}{seq:03d}"
            number = first17 + CHECK[sum(int(c) * (2 ** (17 - i) % 11) for i, c in enumerate(first17)) % 11]
            if number not in self.used:
                self.used.add(number)
                break
        return {"name": invent_name(rng), "gender": gender, "id": number, "birth": birth,
                "education": rng.choice(EDUCATION), "ethnicity": rng.choice(ETHNICITY)}


def invent_name(rng: random.Random, surname: str | None = None) -> str:
    return (surname or rng.choice(SURNAMES)) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def months_after(day: dt.date, months: int, rng: random.Random | None = None) -> dt.date:
    month = day.month - 1 + months
    d = day.day if rng is None else rng.randint(1, 28)
    return dt.date(day.year + month // 12, month % 12 + 1, min(d, 28))


def a_year_after(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 1, day=min(day.day, 28))


class Styler:
    """Writes dates the way a given township's clerk types them."""

    def __init__(self, style: str):
        self.style = style

    def date(self, day: dt.date | None, month_only: bool = False) -> object:
        if day is None:
            return ""
        if month_only:
            return f"{day.year}.{day.month}" if self.style in ("dots", "mixed") else f"{day.year}年{day.month}月"
        return {"real": day, "dots": f"{day.year}.{day.month}.{day.day}",
                "iso": day.isoformat(), "chinese": f"{day.year}年{day.month}月{day.day}日",
                "compact": f"{day:%Y%m%d}", "mixed": day}.get(self.style, day)


@dataclass
class Member:
    """A person of a township's 党员培养成人才 ledger: a full member since a year after `joined`."""

    name: str
    joined: dt.date
    organization: str


class Introducers:
    """Who introduces a township's new members (入党介绍人): full members of the township, that is
    people of its 党员培养成人才 ledger who joined more than a year before the day (preferably of
    the new member's own 党支部), or members in no ledger (a village's secretary, a retired
    cadre). A name shared with anyone of the township's other ledgers (`avoid`: its 人才培养成党员
    and 党员人才培养成干部 people) is never used, and no one introduces more than `PER_YEAR`
    people a year."""

    PER_YEAR = 2

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.members: dict[str, Member] = {}  # by ID number
        self.avoid: set[str] = set()
        self.outsiders: list[str] = []
        self.introduced: Counter[tuple[str, int]] = Counter()

    def pick(self, day: dt.date, organization: str | None = None, unlike: str | None = None,
             given: tuple[str, ...] = ()) -> str:
        """The two introducers of a person received as 预备党员 on `day`: `given` and others,
        none of them of surname `unlike`, as the ledger writes them."""
        chosen = list(given)
        while len(chosen) < 2:
            def free(name: str) -> bool:
                return (name not in chosen and self.introduced[(name, day.year)] < self.PER_YEAR
                        and not (unlike and name.startswith(unlike)))
            members = [m for m in self.members.values()
                       if a_year_after(m.joined) < day and m.name not in self.avoid and free(m.name)]
            near = [m.name for m in members if organization and m.organization == organization]
            roll = self.rng.random()
            if near and roll < 0.6:
                chosen.append(self.rng.choice(near))
            elif members and roll < 0.85:
                chosen.append(self.rng.choice(members).name)
            else:
                chosen.append(self._outsider(free, unlike))
        for name in chosen:
            self.introduced[(name, day.year)] += 1
        return "、".join(chosen)

    def _outsider(self, free, unlike: str | None) -> str:
        """A member in no ledger: one introducing already, or a new name."""
        known = [name for name in self.outsiders if free(name)]
        if known and self.rng.random() < 0.5:
            return self.rng.choice(known)
        taken = self.avoid | {m.name for m in self.members.values()} | set(self.outsiders)
        while True:
            name = invent_name(self.rng)
            if name not in taken and free(name):
                self.outsiders.append(name)
                return name


def m2t_records(t: Township, people: People, rng: random.Random, n: int,
                introducers: Introducers | None = None) -> list[dict]:
    """`n` people of a 2006 党员培养成人才 ledger, each also one of `introducers`' members."""
    records = []
    for _ in range(n):
        p = people.person(1955, 1982)
        sector = rng.choice(t.sectors)
        join = dt.date(max(p["birth"].year + 20, 1975) + rng.randint(0, 8), 7, 1)
        join = min(join, dt.date(2004, 7, 1))
        start = dt.date(2005, rng.choice([3, 4, 5]), 1)
        status = rng.choices(["培养中", "已成才", "终止培养"], [6, 5, 1])[0]
        talent = months_after(start, rng.randint(6, 20), rng) if status == "已成才" else None
        if talent is not None and talent > CUTOFF:
            status, talent = "培养中", None
        trainings = rng.randint(4, 8)
        organization = (rng.choice(t.organizations) if t.organizations
                        else f"{t.name[:2]}{rng.choice(['村', '社区', '公司'])}党支部")
        if introducers is not None:
            introducers.members[p["id"]] = Member(p["name"], join, organization)
        records.append({"person": p, "sector": sector, "join": join, "start": start, "status": status,
                        "talent": talent, "trainings": trainings, "organization": organization,
                        "contact": rng.choice(M2T_CONTACTS), "specialty": rng.choice(SPECIALTIES)})
    return records


def m2t_row(t: Township, number: int, r: dict, style: Styler) -> list:
    p = r["person"]
    return [number, p["name"], p["gender"], p["id"], style.date(dt.date(p["birth"].year, p["birth"].month, 1), True),
            p["ethnicity"], p["education"], t.name, r["organization"], r["sector"], style.date(r["join"]),
            CATEGORY[r["sector"]], style.date(r["start"]), r["status"], style.date(r["talent"]), r["contact"],
            r["trainings"], r["specialty"], ""]


def m2t_rows(t: Township, people: People, rng: random.Random, n: int, style: Styler,
             introducers: Introducers | None = None) -> list[list]:
    """`n` people of a 党员培养成人才 ledger, each also one of `introducers`' members."""
    return [m2t_row(t, i + 1, r, style) for i, r in enumerate(m2t_records(t, people, rng, n, introducers))]


STAGES = ["入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"]
STAGE_HEADERS = T2M_HEADERS[T2M_HEADERS.index("递交入党申请时间"):T2M_HEADERS.index("当前阶段")]


def t2m_record(t: Township, p: dict, sector: str, dates: list[dt.date], stage: int, rng: random.Random,
               organization: str | None = None) -> dict:
    """A row of a 人才培养成党员 ledger by header, its dates up to `stage` filled; the 入党介绍人
    are chosen once the whole ledger is known (`introduce`)."""
    filled = [d if k <= stage else None for k, d in enumerate(dates)]
    return {"姓名": p["name"], "性别": p["gender"], "公民身份号码": p["id"], "学历": p["education"],
            "所属镇（街道）": t.name, "所在党组织": organization, "领域": sector, "人才类别": CATEGORY[sector],
            **dict(zip(STAGE_HEADERS, filled, strict=True)), "当前阶段": STAGES[stage], "入党介绍人": "",
            "培养联系人": "" if stage == 4 else rng.choice(T2M_CONTACTS),
            "年度培训次数": rng.randint(2, 5), "备注": "", "person": p}


def introduce(records: list[dict], introducers: Introducers) -> None:
    """Two introducers for everyone received as 预备党员 who has none yet."""
    introducers.avoid.update(r["姓名"] for r in records)
    for r in records:
        if r["接收为预备党员时间"] is not None and not r["入党介绍人"]:
            r["入党介绍人"] = introducers.pick(r["接收为预备党员时间"], r["所在党组织"])


def t2m_table(records: list[dict], headers: list[str], style: Styler) -> list[list]:
    return [[i + 1, *(style.date(v) if isinstance(v, dt.date) else ("" if v is None else v)
                      for v in (r[h] for h in headers[1:]))] for i, r in enumerate(records)]


def t2m_rows(t: Township, people: People, rng: random.Random, n: int, style: Styler,
             introducers: Introducers | None = None) -> list[list]:
    """`n` people of a 人才培养成党员 ledger at random stages; those received as 预备党员 have
    two of `introducers` (members in no ledger when not given)."""
    return t2m_table(t2m_records(t, people, rng, n, introducers), T2M_HEADERS, style)


def t2m_records(t: Township, people: People, rng: random.Random, n: int,
                introducers: Introducers | None = None) -> list[dict]:
    """The records of `t2m_rows`."""
    records = []
    for _ in range(n):
        p = people.person(1968, 1984)
        sector = rng.choice(t.sectors)
        stage = rng.choices(range(5), [1, 3, 3, 3, 2])[0]
        applied = dt.date(2003, 6, 1) + dt.timedelta(days=rng.randint(0, 900))
        dates = [applied]
        dates.append(months_after(applied, rng.randint(3, 8), rng))
        dates.append(months_after(dates[1], rng.randint(13, 16), rng))
        dates.append(months_after(dates[2], rng.randint(3, 6), rng))
        dates.append(months_after(dates[3], 13, rng))
        stage = min(stage, max(k for k, d in enumerate(dates) if d <= CUTOFF))
        records.append(t2m_record(t, p, sector, dates, stage, rng))
    introduce(records, introducers or Introducers(rng))
    return records


def months_before(day: dt.date, months: int, rng: random.Random) -> dt.date:
    month = day.year * 12 + day.month - 1 - months
    return dt.date(month // 12, month % 12 + 1, rng.randint(1, 28))


def stage_dates(stage: int, day: dt.date, rng: random.Random) -> list[dt.date]:
    """The five dates of a person who reached `stage` on `day`, the earlier ones as far apart
    as the 细则 wants (积极分子 to 发展对象 and 预备 to 正式 more than a year); later ones unused."""
    gaps = [(3, 8), (13, 15), (3, 6), (13, 13)]  # months from each stage to the next
    dates = [day]
    for low, high in reversed(gaps[:stage]):
        dates.insert(0, months_before(dates[0], rng.randint(low, high), rng))
    return dates + [day] * (4 - stage)


# 石桥镇's 人才培养成党员 ledger: (village, stage reached, on the day, surname). The quality cases
# sample_ledgers/README.md lists are planted here, and its other people are not one.
VILLAGE_CASES = {
    "李家村": [(4, dt.date(2006, 5, 8), "李"), (3, dt.date(2006, 6, 28), "李"), (2, dt.date(2006, 5, 22), "李"),
            (1, dt.date(2006, 3, 14), "李"), (1, dt.date(2005, 11, 10), None), (2, dt.date(2006, 8, 15), None),
            (1, dt.date(2006, 9, 5), None)],
    "河口村": [*[(3, dt.date(2006, 12, 26), None)] * 5, (0, dt.date(2006, 10, 9), None)],
    "王庄村": [(3, dt.date(2006, 3, 16), None), (3, dt.date(2006, 9, 21), None), (1, dt.date(2005, 6, 20), None)],
    "陈湾村": [(4, dt.date(2006, 4, 11), None), (3, dt.date(2006, 7, 18), None), (0, dt.date(2006, 6, 2), None)],
    "新桥村": [(4, dt.date(2006, 2, 20), None), (2, dt.date(2006, 10, 16), None), (1, dt.date(2006, 11, 8), None)],
}
FAMILY = "李"
PLANTED_VILLAGES = ("李家村", "河口村", "王庄村")  # whose people are the evidence of the planted cases
ELDER = "李德明"  # a member of 李家村 in the 党员培养成人才 ledger who introduces one of the family
T2M_WITH_ORGANIZATION = [*T2M_HEADERS[:6], "所在党组织", *T2M_HEADERS[6:]]


def planted_t2m_records(t: Township, people: People, rng: random.Random, introducers: Introducers,
                        m2t: list[dict]) -> list[dict]:
    """石桥镇's 人才培养成党员 ledger, with its 所在党组织: in 李家村 4 of the 7 people made
    入党积极分子 or received as 预备党员 in 2004–2006 are called 李, one of them introduced by
    李德明; 5 of 河口村 received as 预备党员 on 2006-12-26; 王庄村's first, received 2006-03,
    introduces its second in 2006-09 while still 预备党员. Everyone else's surname is unlike
    any other's in the village, and their introducers are full members."""
    elder = next(r["person"] for r in m2t
                 if r["organization"] == f"{t.name}李家村党支部" and r["person"]["gender"] == "男")
    assert ELDER not in {r["person"]["name"] for r in m2t} | introducers.avoid
    elder["name"] = introducers.members[elder["id"]].name = ELDER
    taken = {r["person"]["name"] for r in m2t} | introducers.avoid
    records = []
    for village, cases in VILLAGE_CASES.items():
        organization = f"{t.name}{village}党支部"
        surnames = {FAMILY}
        for stage, day, family in cases:
            p = people.person(1968, 1984)
            while p["name"] in taken or (p["name"][0] != family if family else p["name"][0] in surnames):
                p["name"] = invent_name(rng, family)
            taken.add(p["name"])
            surnames.add(p["name"][0])
            records.append(t2m_record(t, p, "农村", stage_dates(stage, day, rng), stage, rng, organization))
    introducers.avoid.update(r["姓名"] for r in records)
    family = [r for r in records if r["姓名"].startswith(FAMILY)]
    family[0]["入党介绍人"] = introducers.pick(family[0]["接收为预备党员时间"], family[0]["所在党组织"], unlike=FAMILY)
    family[1]["入党介绍人"] = introducers.pick(family[1]["接收为预备党员时间"], family[1]["所在党组织"], unlike=FAMILY,
                                          given=(ELDER,))
    first, second = (r for r in records if r["所在党组织"] == f"{t.name}王庄村党支部" and r["当前阶段"] == "预备党员")
    second["入党介绍人"] = introducers.pick(second["接收为预备党员时间"], second["所在党组织"], given=(first["姓名"],))
    introduce(records, introducers)
    return records


def cadre_records(t: Township, people: People, rng: random.Random, n: int) -> list[dict]:
    """`n` people of a 2006 党员人才培养成干部 ledger, made 后备干部 in 2005."""
    records = []
    for _ in range(n):
        p = people.person(1962, 1980)
        sector = rng.choice(t.sectors)
        join = dt.date(p["birth"].year + rng.randint(20, 24), 7, 1)
        reserve = dt.date(2005, rng.choice([3, 6, 9]), 1)
        appointed = months_after(reserve, rng.randint(6, 15), rng) if rng.random() < 0.4 else None
        records.append({"person": p, "sector": sector, "join": join, "position": rng.choice(POSITIONS),
                        "leader": rng.choice(LEADERS), "reserve": reserve, "appointed": appointed})
    return records


def cadre_row(t: Township, number: int, r: dict, style: Styler) -> list:
    p, appointed = r["person"], r["appointed"]
    direction, post = DIRECTION[r["sector"]]
    return [number, p["name"], p["gender"], p["id"], p["education"], t.name, r["sector"], style.date(r["join"], True),
            r["position"], direction, r["leader"], style.date(r["reserve"], True), style.date(appointed),
            post if appointed else "", "已任用" if appointed else "培养中", ""]


def cadre_rows(t: Township, people: People, rng: random.Random, n: int, style: Styler) -> list[list]:
    return [cadre_row(t, i + 1, r, style) for i, r in enumerate(cadre_records(t, people, rng, n))]


# ---- 2005 and 2007: the same people a year before and a year after -----------------------

# The people sample_ledgers/README.md points at, each the first of its township's 2006 ledger
# that fits. CLIMBER: received as 预备党员 in 2005 and full in 2006 (人才培养成党员 in 2005 and 2006),
# then in 2007 both 党员培养成人才 (已成才 that year) and 后备干部.
CLIMBER = "东港街道"
# The two contradictions between years (`talentledger person` finds them, nothing else does):
# a 预备党员 received in 2006 whose 接收为预备党员时间 the 2007 ledger writes a month later, and a
# 党员培养成人才 person 已成才 in 2006 and 培养中 again, with no 成才认定时间, in 2007.
DATE_WRITTEN_DIFFERENTLY = "新庄镇"
BACK_IN_CULTIVATION = "城南街道"
# The months from each stage of a 人才培养成党员 person to the next, as `t2m_records` draws them;
# the 预备期 is a year, 转正 at most two years after being received.
STAGE_GAPS = [(3, 8), (13, 16), (3, 6), (13, 13)]


@dataclass
class Town:
    """A township: its 2006 ledgers as records (the other years are made from them), the way
    its clerk writes dates, and who introduces its new members."""

    township: Township
    style: Styler
    introducers: Introducers
    m2t: list[dict]
    t2m: list[dict]
    cadre: list[dict]

    def sheets(self, m2t: list[dict], t2m: list[dict], cadre: list[dict]) -> dict:
        t = self.township
        return {"m2t": (M2T_HEADERS, [m2t_row(t, i + 1, r, self.style) for i, r in enumerate(m2t)]),
                "t2m": (self.t2m_headers, t2m_table(t2m, self.t2m_headers, self.style)),
                "cadre": (CADRE_HEADERS, [cadre_row(t, i + 1, r, self.style) for i, r in enumerate(cadre)])}

    @property
    def t2m_headers(self) -> list[str]:
        return T2M_WITH_ORGANIZATION if self.township.organizations else T2M_HEADERS

    def names(self) -> set[str]:
        """Every name of the township's ledgers and of its introducers."""
        return ({r["person"]["name"] for r in self.m2t + self.cadre} | {r["姓名"] for r in self.t2m}
                | self.introducers.avoid | {m.name for m in self.introducers.members.values()}
                | set(self.introducers.outsiders))

    def first(self, track: str, fits) -> dict | None:
        return next((r for r in getattr(self, track) if fits(r)), None)

    def climber(self) -> dict | None:
        """CLIMBER's 2006 人才培养成党员 record in this township, if it is CLIMBER's."""
        if self.township.name != CLIMBER:
            return None
        return self.first("t2m", lambda r: r["当前阶段"] == "正式党员" and r["接收为预备党员时间"].year == 2005)

    def date_written_differently(self) -> dict | None:
        if self.township.name != DATE_WRITTEN_DIFFERENTLY:
            return None
        return self.first("t2m", lambda r: r["当前阶段"] == "预备党员"
                          and dt.date(2006, 2, 1) <= r["接收为预备党员时间"] < dt.date(2006, 10, 1))

    def back_in_cultivation(self) -> dict | None:
        if self.township.name != BACK_IN_CULTIVATION:
            return None
        return self.first("m2t", lambda r: r["status"] == "已成才" and r["talent"].year == 2006)


def day_in(year: int, rng: random.Random, last_month: int = 10) -> dt.date:
    """Some day of `year` up to `last_month` (not in its last weeks: no 年底突击)."""
    return dt.date(year, rng.randint(1, last_month), rng.randint(1, 28))


def t2m_as_of(r: dict, end: dt.date, rng: random.Random) -> dict | None:
    """A 2006 人才培养成党员 record as it stood on `end`, an earlier year's last day; None when
    the person had not applied yet."""
    known = [d if d is not None and d <= end else None for d in (r[h] for h in STAGE_HEADERS)]
    if known[0] is None:
        return None
    stage = max(k for k, d in enumerate(known) if d is not None)
    return {**r, **dict(zip(STAGE_HEADERS, known, strict=True)), "当前阶段": STAGES[stage],
            "入党介绍人": r["入党介绍人"] if stage >= 3 else "",
            "培养联系人": (r["培养联系人"] or rng.choice(T2M_CONTACTS)) if stage < 4 else "",
            "年度培训次数": rng.randint(2, 5)}


def ledgers_2005(town: Town, rng: random.Random) -> dict:
    """The township's 2005 ledgers: its 2006 people as they stood at the end of 2005 (the
    programme's first year: everyone's 确定培养时间 and 列为后备干部时间 is in 2005)."""
    end = dt.date(2005, 12, 31)
    m2t = []
    for r in town.m2t:
        talent = r["talent"] if r["talent"] is not None and r["talent"] <= end else None
        m2t.append({**r, "status": "已成才" if talent else "培养中", "talent": talent, "trainings": rng.randint(4, 7)})
    t2m = [record for r in town.t2m if (record := t2m_as_of(r, end, rng)) is not None]
    cadre = [{**r, "appointed": r["appointed"] if r["appointed"] is not None and r["appointed"] <= end else None}
             for r in town.cadre]
    return town.sheets(m2t, t2m, cadre)


def carried_on(town: Town, r: dict, end: dt.date, rng: random.Random, probation: dt.date | None = None) -> dict:
    """A 2006 人才培养成党员 record a year on: the dates written in 2006 unchanged (but
    `probation` when given), the stages reached in 2007 added. Due stages may wait a year
    more, except 转正, at most two years after being received; a new 预备党员 gets two
    introducers of the township's full members."""
    record = {**r, "年度培训次数": rng.randint(2, 5)}
    if probation is not None:
        record["接收为预备党员时间"] = probation
    stage = STAGES.index(r["当前阶段"])
    while stage < 4:
        last = record[STAGE_HEADERS[stage]]
        if stage == 3:
            step = months_after(last, 13, rng)
            if step <= CUTOFF:  # 转正 overdue at the end of 2006: in 2007, within two years
                low = max(dt.date(2007, 1, 1), a_year_after(last) + dt.timedelta(days=1))
                high = min(last.replace(year=last.year + 2, day=min(last.day, 28)), dt.date(2007, 11, 30))
                step = low + dt.timedelta(days=rng.randint(0, (high - low).days))
        else:
            step = months_after(last, rng.randint(*STAGE_GAPS[stage]), rng)
            if step <= CUTOFF:  # due in 2006 and not reached then
                step = day_in(2007, rng)
            if rng.random() < 0.35:
                break
        if step > end:
            break
        stage += 1
        record[STAGE_HEADERS[stage]] = step
        if stage == 3:
            name = record["姓名"]
            record["入党介绍人"] = town.introducers.pick(step, record.get("所在党组织"),
                                                    unlike=name[0] if town.township.organizations else None)
    record["当前阶段"] = STAGES[stage]
    if stage == 4:
        record["培养联系人"] = ""
    return record


def new_t2m_records(town: Town, people: People, rng: random.Random, n: int) -> list[dict]:
    """`n` people who applied in 2007, some already 入党积极分子; in a village of 石桥镇, of a
    surname no one else of its ledger has."""
    t = town.township
    taken = town.names()
    records = []
    for _ in range(n):
        p = people.person(1970, 1986)
        organization = rng.choice(t.organizations) if t.organizations else None
        surnames = {r["姓名"][0] for r in town.t2m + records if r.get("所在党组织") == organization} | {FAMILY}
        while p["name"] in taken or (organization and p["name"][0] in surnames):
            p["name"] = invent_name(rng)
        taken.add(p["name"])
        applied = day_in(2007, rng, 8)
        activist = months_after(applied, rng.randint(3, 8), rng)
        stage = 1 if activist <= dt.date(2007, 12, 31) and rng.random() < 0.5 else 0
        sector = "农村" if organization else rng.choice(t.sectors)
        records.append(t2m_record(t, p, sector, [applied, activist, None, None, None], stage, rng, organization))
    return records


def new_m2t_record(t: Township, p: dict, sector: str, join: dt.date, start: dt.date, organization: str,
                   rng: random.Random, talent: dt.date | None = None) -> dict:
    return {"person": p, "sector": sector, "join": join, "start": start, "status": "已成才" if talent else "培养中",
            "talent": talent, "trainings": rng.randint(4, 8), "organization": organization,
            "contact": rng.choice(M2T_CONTACTS), "specialty": rng.choice(SPECIALTIES)}


def a_branch(t: Township, rng: random.Random) -> str:
    return rng.choice(t.organizations) if t.organizations else f"{t.name[:2]}{rng.choice(['村', '社区', '公司'])}党支部"


def ledgers_2007(town: Town, rng: random.Random, people: People) -> dict:
    """The township's 2007 ledgers: who was still in cultivation at the end of 2006, with the
    stages and statuses reached in 2007, newcomers, and people a step up the ladder."""
    t = town.township
    end = dt.date(2007, 12, 31)
    town.introducers.rng = rng

    # 党员培养成人才: who was 培养中 in 2006, some 已成才 in 2007; new members of long standing.
    m2t = []
    back = town.back_in_cultivation()
    for r in town.m2t:
        if r is back:
            m2t.append({**r, "status": "培养中", "talent": None, "trainings": rng.randint(4, 8)})
        elif r["status"] == "培养中":
            talent = day_in(2007, rng, 11) if rng.random() < 0.45 else None
            m2t.append({**r, "status": "已成才" if talent else "培养中", "talent": talent, "trainings": rng.randint(4, 8)})
    taken = town.names()
    for _ in range(rng.randint(1, 3)):
        p = people.person(1960, 1982)
        while p["name"] in taken:
            p["name"] = invent_name(rng)
        taken.add(p["name"])
        join = min(dt.date(max(p["birth"].year + 20, 1978) + rng.randint(0, 8), 7, 1), dt.date(2005, 7, 1))
        record = new_m2t_record(t, p, rng.choice(t.sectors), join, dt.date(2007, rng.choice([3, 4, 5]), 1),
                                a_branch(t, rng), rng)
        town.introducers.members[p["id"]] = Member(p["name"], join, record["organization"])
        m2t.append(record)

    # 人才培养成党员: everyone not yet 正式党员 in 2006, a year on, and a few who applied in 2007.
    changed = town.date_written_differently()
    t2m, became_full = [], []
    for r in town.t2m:
        if r["当前阶段"] == "正式党员":
            continue
        probation = months_after(r["接收为预备党员时间"], 1) if r is changed else None
        record = carried_on(town, r, end, rng, probation)
        t2m.append(record)
        planted = r.get("所在党组织") in {f"{t.name}{village}党支部" for village in PLANTED_VILLAGES}
        if (r["当前阶段"] == "预备党员" and record["当前阶段"] == "正式党员" and r is not changed and not planted
                and r["确定为发展对象时间"] > dt.date(2005, 12, 31)):
            became_full.append(record)
    t2m += new_t2m_records(town, people, rng, rng.randint(2, 4))

    # 2006's new members who became full in 2007 (入党积极分子 in 2005): some now 党员培养成人才.
    for record in became_full[:2]:
        start = months_after(record["转为正式党员时间"], rng.randint(1, 2), rng)
        if start <= end and rng.random() < 0.7:
            p = record["person"]
            m2t.append(new_m2t_record(t, p, record["领域"], record["接收为预备党员时间"], start,
                                      record.get("所在党组织") or a_branch(t, rng), rng))

    # 党员人才培养成干部: who was 培养中 in 2006, some 已任用 in 2007; 2006's new talents made 后备干部.
    cadre = []
    for r in town.cadre:
        if r["appointed"] is None:
            appointed = day_in(2007, rng, 11) if rng.random() < 0.4 else None
            cadre.append({**r, "appointed": appointed})
    talents = [r for r in town.m2t if r["status"] == "已成才" and r["talent"].year == 2006 and r is not back]
    for r in talents[:2]:
        if rng.random() < 0.7:
            cadre.append({"person": r["person"], "sector": r["sector"], "join": r["join"],
                          "position": rng.choice(POSITIONS), "leader": rng.choice(LEADERS),
                          "reserve": dt.date(2007, rng.choice([3, 6, 9]), 1), "appointed": None})

    # CLIMBER: received in 2005, full in 2006, in 2007 a talent (确定培养 in March, 已成才 in
    # October) and a 后备干部 (December).
    climber = town.climber()
    if climber is not None:
        p, joined = climber["person"], climber["接收为预备党员时间"]
        m2t.append(new_m2t_record(t, p, climber["领域"], joined, dt.date(2007, 3, rng.randint(1, 28)),
                                  a_branch(t, rng), rng, talent=dt.date(2007, 10, rng.randint(1, 28))))
        cadre.append({"person": p, "sector": climber["领域"], "join": joined, "position": rng.choice(POSITIONS),
                      "leader": rng.choice(LEADERS), "reserve": dt.date(2007, 12, 1), "appointed": None})
    return town.sheets(m2t, t2m, cadre)


def write_sheet(ws, township: Township, track: str, headers: list[str], rows: list[list],
                two_level: bool = False, footer: bool = True, year: int = YEAR) -> None:
    """A ledger sheet of `year` as clerks lay it out: title, 填报单位 line, header(s), data,
    合计, footer."""
    width = len(headers)
    ws.append([f"{township.name}{TITLES[track]}（{year}年度）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append([f"填报单位：{township.unit}　　　填报日期：{year}年12月31日"])
    if two_level and track == "t2m":
        first = headers.index("递交入党申请时间")
        top = [h if not (first <= k < first + 5) else "" for k, h in enumerate(headers)]
        top[first] = "入党情况"
        sub = [h if first <= k < first + 5 else "" for k, h in enumerate(headers)]
        ws.append(top)
        ws.append(sub)
        for k in range(width):
            if not first <= k < first + 5:
                ws.merge_cells(start_row=3, start_column=k + 1, end_row=4, end_column=k + 1)
        ws.merge_cells(start_row=3, start_column=first + 1, end_row=3, end_column=first + 5)
    else:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    if footer:
        ws.append(["合计", f"{len(rows)}人"])
        ws.append([])
        ws.append(["填表人：周敏　　审核人：吴刚　　联系电话：0513-8765432"])
    for k, h in enumerate(headers):
        ws.column_dimensions[get_column_letter(k + 1)].width = max(8, len(h) * 2)


def save_ledger(path: Path, sheet: str, township: Township, track: str, headers: list[str], rows: list[list]) -> None:
    """A one-sheet workbook in the standard layout."""
    wb = Workbook()
    wb.active.title = sheet
    write_sheet(wb.active, township, track, headers, rows)
    wb.save(path)


@functools.cache
def to_traditional(text: str) -> str:
    return _S2T.convert(text)


def build_city(out: Path, seed: int = SEED) -> None:
    rng = random.Random(seed)
    people = People(rng)
    if out.exists():
        for child in out.iterdir():
            if child.name != "README.md":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    styles = ["real", "dots", "iso", "chinese", "compact", "mixed", "real", "dots", "chinese", "real"]
    towns = []
    for t, style_name in zip(TOWNSHIPS, styles, strict=True):
        introducers = Introducers(rng)
        m2t = m2t_records(t, people, rng, rng.randint(12, 30), introducers)
        cadre = cadre_records(t, people, rng, rng.randint(5, 10))
        introducers.avoid.update(r["person"]["name"] for r in cadre)
        if t.organizations:
            t2m = planted_t2m_records(t, people, rng, introducers, m2t)
        else:
            t2m = t2m_records(t, people, rng, rng.randint(10, 24), introducers)
        town = Town(t, Styler(style_name), introducers, m2t, t2m, cadre)
        write_township(out, t, YEAR, town.sheets(m2t, t2m, cadre))
        towns.append(town)
    write_targets(out / "目标任务分解表_2005-2007.xlsx", rng)
    write_roster(out / "党员队伍基本情况表_2005-2007.xlsx", rng)
    write_mistakes(out / "有问题的报送", people, rng, elsewhere=m2t_row(towns[0].township, 1, towns[0].m2t[0], towns[0].style))
    # The other years, each township from a random stream of its own: 2006 stays as it is.
    for town in towns:
        write_township(out, town.township, 2005, ledgers_2005(town, random.Random(f"{seed}:2005:{town.township.name}")))
    for town in towns:
        year_rng = random.Random(f"{seed}:2007:{town.township.name}")
        newcomers = People(year_rng)
        newcomers.used = people.used
        write_township(out, town.township, 2007, ledgers_2007(town, year_rng, newcomers))


def write_township(out: Path, t: Township, year: int, sheets: dict) -> None:
    """A township's three ledgers of `year` in its layout."""
    if t.layout == "csv":
        write_csv_township(out, t, sheets, year)
    elif t.layout == "workbook":
        wb = Workbook()
        wb.remove(wb.active)
        for track, (headers, rows) in sheets.items():
            write_sheet(wb.create_sheet(TITLES[track].removesuffix("台帐")), t, track, headers, rows, year=year)
        wb.save(out / f"{t.name}_{year}_三培养台帐.xlsx")
    else:
        for track, (headers, rows) in sheets.items():
            wb = Workbook()
            ws = wb.active
            ws.title = TITLES[track].removesuffix("台帐")
            if t.layout == "traditional":
                headers = [to_traditional(h) for h in headers]
                rows = [[to_traditional(v) if isinstance(v, str) else v for v in r] for r in rows]
                ws.title = to_traditional(ws.title)
            if t.layout == "plain":
                ws.append(headers)
                for r in rows:
                    ws.append(r)
            else:
                write_sheet(ws, t, track, headers, rows, two_level=t.layout == "two_level", year=year)
                if t.layout == "traditional":
                    ws.cell(1, 1).value = to_traditional(ws.cell(1, 1).value)
                    ws.cell(2, 1).value = to_traditional(ws.cell(2, 1).value)
            wb.save(out / f"{t.name}_{year}_{TITLES[track]}.xlsx")


def write_csv_township(out: Path, t: Township, sheets: dict, year: int = YEAR) -> None:
    for track, (headers, rows) in sheets.items():
        with (out / f"{t.name}_{year}_{TITLES[track]}.csv").open("w", encoding="gb18030", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            for r in rows:
                writer.writerow(["" if v is None else (v.isoformat() if isinstance(v, dt.date) else v) for v in r])


def write_yearly(path: Path, sheet: str, title: str, headers: list[str], figures) -> None:
    """A per-township, per-year table (targets, roster) for 2005–2007; `figures()` gives a row's numbers."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws.append(["序号", "年度", "镇（街道）", *headers])
    n = 0
    for year in (2005, 2006, 2007):
        for t in TOWNSHIPS:
            n += 1
            ws.append([n, year, t.name, *figures()])
    wb.save(path)


def write_targets(path: Path, rng: random.Random) -> None:
    write_yearly(path, "目标任务分解", "2005—2007年度党员人才工程目标任务分解表",
                 ["党员培养成人才", "人才培养为入党积极分子", "人才发展为党员", "党员人才培养为干部"],
                 lambda: [rng.randint(5, 12), rng.randint(3, 8), rng.randint(3, 7), rng.randint(2, 5)])


def write_roster(path: Path, rng: random.Random) -> None:
    def figures() -> list[int]:
        total = rng.randint(800, 3000)
        return [total, int(total * rng.uniform(0.3, 0.55)), int(total * rng.uniform(0.15, 0.3)),
                int(total * rng.uniform(0.4, 0.7)), int(total * rng.uniform(0.18, 0.3))]
    write_yearly(path, "党员队伍基本情况", "党员队伍基本情况表",
                 ["党员总数", "人才党员数", "35岁及以下党员数", "高中及以上学历党员数", "女党员数"], figures)


def write_mistakes(folder: Path, people: People, rng: random.Random, elsewhere: list) -> None:
    """Files with the planted problems that sample_ledgers/README.md lists."""
    folder.mkdir()
    t = Township("城东镇", "城东镇党委", ["农村"], "standard")
    style = Styler("real")
    m2t = m2t_rows(t, people, rng, 8, style)
    for row in m2t:  # make the planted rows predictable: all in cultivation, 4 trainings
        row[13], row[14], row[16] = "培养中", "", 4
    m2t[0][3] = float(m2t[0][3][:15] + "000")                  # row 4: ID typed as a number
    m2t[1][3] = m2t[1][3][:17] + ("0" if m2t[1][3][17] != "0" else "1")  # row 5: wrong check digit
    m2t[2][2] = "女" if m2t[2][2] == "男" else "男"             # row 6: gender disagrees with ID
    m2t[3][12] = "2006.13.5"                                   # row 7: no 13th month
    m2t[4][9] = "农业口"                                        # row 8: not a sector
    m2t[5][15] = ""                                            # row 9: no 培养联系人 while 培养中
    m2t[6][16] = 2                                             # row 10: only 2 trainings (warning)
    dup = list(m2t[7])
    dup[0] = 9
    m2t.append(dup)                                            # row 12 repeats row 11
    borrowed = list(elsewhere)
    borrowed[0], borrowed[7] = 10, t.name
    m2t.append(borrowed)                                       # row 13: also in 东港街道's ledger
    save_ledger(folder / "城东镇_2006_党员培养成人才台帐.xlsx", "党员培养成人才", t, "m2t", M2T_HEADERS, m2t)

    t2m = t2m_rows(t, people, rng, 4, style)
    stages = T2M_HEADERS.index("当前阶段")
    for row in t2m:  # everyone here is still in cultivation and has a contact
        row[stages + 2] = "陈红"
    # row 4: 当前阶段 says 入党积极分子 but a 发展对象 date is filled
    t2m[0][8:13] = [dt.date(2004, 3, 1), dt.date(2004, 9, 1), dt.date(2005, 10, 8), "", ""]
    t2m[0][stages], t2m[0][stages + 1] = "入党积极分子", ""
    # row 5: 发展对象 only 5 months after 积极分子
    t2m[1][8:13] = [dt.date(2005, 1, 5), dt.date(2005, 6, 1), dt.date(2005, 11, 1), "", ""]
    t2m[1][stages], t2m[1][stages + 1] = "发展对象", ""
    # row 6: applied at 16 (born 1989)
    young = people.person(1989, 1989)
    t2m[2][1:4] = [young["name"], young["gender"], young["id"]]
    t2m[2][8:13] = [dt.date(young["birth"].year + 16, 1, 10), "", "", "", ""]
    t2m[2][stages], t2m[2][stages + 1] = "入党申请人", ""
    # row 7: a 发展对象 who also appears in this town's cadre ledger (not yet a member)
    t2m[3][8:13] = [dt.date(2003, 3, 1), dt.date(2003, 9, 1), dt.date(2004, 10, 1), "", ""]
    t2m[3][stages], t2m[3][stages + 1] = "发展对象", ""
    save_ledger(folder / "城东镇_2006_人才培养成党员台帐.xlsx", "人才培养成党员", t, "t2m", T2M_HEADERS, t2m)

    cadre = cadre_rows(t, people, rng, 2, style)
    cadre[0][1:4] = t2m[3][1:4]                                # row 4: not a member per t2m ledger
    cadre[1][12], cadre[1][13], cadre[1][14] = dt.date(2006, 3, 1), "", "培养中"  # row 5: no 任用职务
    save_ledger(folder / "城东镇_2006_党员人才培养成干部台帐.xlsx", "后备干部", t, "cadre", CADRE_HEADERS, cadre)

    (folder / "损坏的文件.xlsx").write_bytes(b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300)))


def build_large(path: Path, rows: int, seed: int = SEED) -> None:
    """One member-to-talent ledger of `rows` rows, streamed to disk (for benchmarks)."""
    rng = random.Random(seed)
    people = People(rng)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("党员培养成人才")
    ws.append(["城北镇党员培养成人才台帐（2006年度）"])
    ws.append(["填报单位：城北镇党委　　填报日期：2006年12月31日"])
    ws.append(M2T_HEADERS)
    t = TOWNSHIPS[2]
    style = Styler("mixed")
    done = 0
    while done < rows:
        batch = m2t_rows(t, people, rng, min(1000, rows - done), style)
        for r in batch:
            done += 1
            r[0] = done
            ws.append(r)
    wb.save(path)


def build_jurisdiction(folder: Path, people_total: int, files: int = 100, seed: int = SEED) -> list[Path]:
    """A large jurisdiction for benchmarks: `files` ledgers (a township's three tracks each)
    holding `people_total` people with distinct ID numbers, plus targets and roster."""
    rng = random.Random(seed)
    people = People(rng)
    folder.mkdir(parents=True, exist_ok=True)
    tracks = (("m2t", M2T_HEADERS, m2t_rows), ("t2m", T2M_HEADERS, t2m_rows), ("cadre", CADRE_HEADERS, cadre_rows))
    townships = [Township(f"第{n + 1}镇", f"第{n + 1}镇党委", ["农村", "企业"], "standard")
                 for n in range((files + 2) // 3)]
    per_file = people_total // files
    paths = []
    for index in range(files):
        township = townships[index // 3]
        track, headers, make = tracks[index % 3]
        path = folder / f"{township.name}_{YEAR}_{TITLES[track]}.xlsx"
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(TITLES[track].removesuffix("台帐"))
        ws.append([f"{township.name}{TITLES[track]}（{YEAR}年度）"])
        ws.append([f"填报单位：{township.unit}　　填报日期：{YEAR}年12月31日"])
        ws.append(headers)
        done = 0
        while done < per_file:
            for row in make(township, people, rng, min(1000, per_file - done), Styler("mixed")):
                done += 1
                row[0] = done
                ws.append(row)
        wb.save(path)
        paths.append(path)
    wb = Workbook()
    ws = wb.active
    ws.title = "目标任务分解"
    ws.append(["年度", "镇（街道）", "党员培养成人才", "人才培养为入党积极分子", "人才发展为党员", "党员人才培养为干部"])
    for t in townships:
        ws.append([YEAR, t.name, per_file // 3, per_file // 6, per_file // 8, per_file // 10])
    wb.save(folder / "目标任务分解表.xlsx")
    paths.append(folder / "目标任务分解表.xlsx")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "sample_ledgers")
    parser.add_argument("--large", type=int, help="write one ledger of this many rows to --out (a .xlsx path)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    if args.large:
        build_large(args.out, args.large, args.seed)
    else:
        build_city(args.out, args.seed)


if __name__ == "__main__":
    main()
