"""Clean ledgers as varied as real offices send them, for the property test of trust.

A seed decides everything: the track; the layout (title, 填报单位 line, one- or two-level
headers, 序号 that restarts, blank rows, 小计/合计 rows, a footer, a hidden column); the wording
of every header (drawn from `vocabulary.HEADERS`, so from real systems); and the style of every
value (each date style of docs/reading.md as text, number or date cell with its format, a month stored
as a date under 出生年月, IDs with lower-case x and spaces, education and sector as real systems
write them). People are valid under every rule, so `check` must find no error. `plant` then
breaks one cell in a known way and says which finding must appear where.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from talentledger.ledger import idnumber
from talentledger.ledger.fields import SHEET_FIELDS, Kind
from talentledger.ledger.vocabulary import EDUCATION_VALUES, HEADERS, SECTOR_VALUES

TODAY = dt.date(2006, 12, 31)
TRACK_WORDS = {Kind.MEMBER_TO_TALENT: "党员培养成人才台帐", Kind.TALENT_TO_MEMBER: "人才培养成党员台帐",
               Kind.TALENT_TO_CADRE: "党员人才培养成干部台帐"}
FIELDS = {
    Kind.MEMBER_TO_TALENT: ["name", "gender", "id_number", "birth", "education", "sector", "join_date",
                            "start_date", "status", "talent_date", "contact", "trainings"],
    Kind.TALENT_TO_MEMBER: ["name", "gender", "id_number", "birth", "education", "sector", "application_date",
                            "activist_date", "candidate_date", "probation_date", "full_date", "stage", "introducers",
                            "contact", "trainings"],
    Kind.TALENT_TO_CADRE: ["name", "gender", "id_number", "birth", "education", "sector", "join_date", "direction",
                           "leader_contact", "reserve_date", "appointed_date", "appointed_post", "status"],
}
DATE_FIELDS = {"birth", "join_date", "start_date", "talent_date", "application_date", "activist_date",
               "candidate_date", "probation_date", "full_date", "reserve_date", "appointed_date"}
GROUPED = {Kind.MEMBER_TO_TALENT: ["start_date", "status", "talent_date"],
           Kind.TALENT_TO_MEMBER: ["application_date", "activist_date", "candidate_date", "probation_date"],
           Kind.TALENT_TO_CADRE: ["reserve_date", "appointed_date", "appointed_post"]}
GROUP_TITLES = ["培养情况", "入党情况", "发展情况", "培养过程", "任用情况"]
TOWNSHIPS = ["城北镇", "新庄镇", "东港街道", "双河乡", "白塔镇"]
UNIT_FORMS = ["{}党委", "中共{}委员会", "{}党工委", "中国共产党{}委员会", "{}党总支"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
MONTH_FORMATS = ['yyyy"年"m"月"', "yyyy-mm", "yyyy.mm", "mmm-yy"]
DAY_FORMATS = ["yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "yyyy/m/d"]


@dataclass
class Ledger:
    """A generated ledger: where each field's column is and which Excel row each person is on."""

    path: Path
    kind: Kind
    columns: dict[str, int] = field(default_factory=dict)  # field -> 1-based column
    rows: list[int] = field(default_factory=list)          # Excel rows of the people
    people: list[dict] = field(default_factory=list)

    def cell(self, name: str, person: int) -> str:
        return f"{get_column_letter(self.columns[name])}{self.rows[person]}"


def _headers_for(kind: Kind, name: str) -> list[str]:
    fields = {spec.name for spec in SHEET_FIELDS[kind]}
    target = {"probation_date": {"probation_date", "join_date"}}.get(name, {name}) \
        if kind is Kind.TALENT_TO_MEMBER else {name}
    texts = [h.text for h in HEADERS if h.field in target and (h.kinds is None or kind.value in h.kinds)
             and not h.text[-1].isdigit()]
    assert name in fields and texts, (kind, name)
    return texts


def _after(rng: random.Random, day: dt.date, months_min: int, months_max: int) -> dt.date:
    months = day.month - 1 + rng.randint(months_min, months_max)
    return dt.date(day.year + months // 12, months % 12 + 1, rng.randint(1, 28))


def _person(rng: random.Random, kind: Kind, serial: int) -> dict:
    """A person valid under every rule of the track, with every date before `TODAY`."""
    while True:
        person = _draft(rng, kind, serial)
        if all(v <= TODAY for v in person.values() if isinstance(v, dt.date)):
            return person


def _draft(rng: random.Random, kind: Kind, serial: int) -> dict:
    birth = dt.date(rng.randint(1960, 1984), rng.randint(1, 12), rng.randint(1, 28))
    male = rng.random() < 0.6
    first17 = f"320682{birth:%Y%m%d}{serial % 100:02d}{rng.choice('13579' if male else '02468')}"
    p = {"name": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2]))),
         "gender": "男" if male else "女", "id_number": first17 + idnumber.check_digit(first17), "birth": birth,
         "education": rng.choice(EDUCATION_VALUES).text, "sector": rng.choice(SECTOR_VALUES).text}
    adult = dt.date(birth.year + 19, birth.month, 28)
    if kind is Kind.MEMBER_TO_TALENT:
        p["join_date"] = _after(rng, adult, 0, 80)
        p["start_date"] = _after(rng, max(p["join_date"], dt.date(2003, 1, 1)), 1, 20)
        p["status"] = rng.choice(["培养中", "已成才", "终止培养"])
        if p["status"] == "已成才":
            p["talent_date"] = _after(rng, p["start_date"], 1, 6)
        p["contact"] = rng.choice(["陈红", "赵刚", ""]) if p["status"] != "培养中" else "陈红"
        p["trainings"] = rng.randint(4, 8)
    elif kind is Kind.TALENT_TO_MEMBER:
        steps = rng.randint(1, 5)
        p["application_date"] = _after(rng, max(adult, dt.date(1998, 1, 1)), 1, 30)
        gaps = [(2, 8), (14, 20), (2, 6), (13, 14)]
        names = ["activist_date", "candidate_date", "probation_date", "full_date"]
        for name, (low, high) in zip(names[: steps - 1], gaps, strict=False):
            previous = p[[k for k in ("application_date", *names) if k in p][-1]]
            nxt = _after(rng, previous, low, high)
            if nxt > TODAY:
                break
            p[name] = nxt
        reached = [k for k in ("application_date", *names) if k in p]
        p["stage"] = ["入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员"][len(reached) - 1]
        if "probation_date" in p:
            p["introducers"] = rng.choice(["张华、刘伟", "张华，刘伟", "张华 刘伟", "张华/刘伟"])
        p["contact"] = "陈红" if p["stage"] != "正式党员" else ""
        p["trainings"] = rng.randint(2, 6)
    else:
        p["join_date"] = _after(rng, adult, 0, 80)
        p["direction"] = rng.choice(["村干部", "企业经营管理骨干", "社区工作者", "基层领导干部"])
        p["leader_contact"] = "赵刚"
        p["reserve_date"] = _after(rng, max(p["join_date"], dt.date(2002, 1, 1)), 1, 20)
        p["status"] = rng.choice(["培养中", "已任用", "终止培养"])
        if p["status"] == "已任用":
            p["appointed_date"] = _after(rng, p["reserve_date"], 1, 8)
            p["appointed_post"] = "村委会副主任"
    return p


class _Cell:
    """How one value is written: the cell value and, for date cells, the number format."""

    def __init__(self, value: object, number_format: str | None = None):
        self.value, self.number_format = value, number_format


def _date_cell(rng: random.Random, day: dt.date, month_only: bool) -> _Cell:
    """`day` in one of the date styles of docs/reading.md. A month-only style keeps only the month, which is
    why the generator keeps its gaps a month wider than the rules need."""
    if month_only:
        style = rng.choice(["text_dot", "text_cn", "text_dash", "date_month", "number_ym", "compact_ym"])
        return {
            "text_dot": lambda: _Cell(f"{day.year}.{day.month}" if day.month != 10 else f"{day.year}.10"),
            "text_cn": lambda: _Cell(f"{day.year}年{day.month}月"),
            "text_dash": lambda: _Cell(f"{day.year}-{day.month:02d}"),
            "date_month": lambda: _Cell(dt.datetime(day.year, day.month, 1), rng.choice(MONTH_FORMATS)),
            "number_ym": lambda: _Cell(float(f"{day.year}.{day.month}") if day.month not in (1, 10)
                                       else f"{day.year}年{day.month}月"),
            "compact_ym": lambda: _Cell(f"{day.year}{day.month:02d}"),
        }[style]()
    style = rng.choice(["date", "iso", "dash", "dot", "slash", "cn", "compact", "number", "serial"])
    return {
        "date": lambda: _Cell(dt.datetime(day.year, day.month, day.day), rng.choice(DAY_FORMATS)),
        "iso": lambda: _Cell(day.isoformat()),
        "dash": lambda: _Cell(f"{day.year}-{day.month}-{day.day}"),
        "dot": lambda: _Cell(f"{day.year}.{day.month}.{day.day}"),
        "slash": lambda: _Cell(f"{day.year}/{day.month:02d}/{day.day:02d}"),
        "cn": lambda: _Cell(f"{day.year}年{day.month}月{day.day}日"),
        "compact": lambda: _Cell(f"{day:%Y%m%d}"),
        "number": lambda: _Cell(int(f"{day:%Y%m%d}")),
        "serial": lambda: _Cell((day - dt.date(1899, 12, 30)).days),
    }[style]()


def _id_text(rng: random.Random, number: str) -> str:
    style = rng.random()
    if style < 0.15:
        return number.lower()
    if style < 0.3:
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    if style < 0.4:
        return f" {number}\u200b"
    return number


def _value(rng: random.Random, name: str, value: object, header: str, month_dates: bool) -> _Cell:
    if value is None or value == "":
        return _Cell("")
    if name == "birth":
        if "年月" in header and "日" not in header and rng.random() < 0.5:
            return _Cell(dt.datetime(value.year, value.month, 1), "yyyy-mm-dd")  # Excel stores 1958年5月 so
        return _date_cell(rng, value, month_only=rng.random() < 0.5)
    if name in DATE_FIELDS:
        return _date_cell(rng, value, month_only=month_dates)
    if name == "id_number":
        return _Cell(_id_text(rng, value))
    return _Cell(value)


def build(seed: int, folder: Path) -> Ledger:
    """A clean ledger of the seed's track, layout, wording and value styles."""
    rng = random.Random(seed)
    kind = [Kind.MEMBER_TO_TALENT, Kind.TALENT_TO_MEMBER, Kind.TALENT_TO_CADRE][seed % 3]
    township = rng.choice(TOWNSHIPS)
    names = list(FIELDS[kind])
    if kind is Kind.TALENT_TO_MEMBER and rng.random() < 0.3:
        names.remove("stage")                     # real 发展党员 lists often have none
    if rng.random() < 0.3:
        names.remove("birth")
    township_column = rng.random() < 0.4
    if township_column:
        names.insert(3, "township")
    if rng.random() < 0.5:
        names.insert(0, "seq")
    headers = {}
    for name in names:
        options = ["序号", "编号"] if name == "seq" else _headers_for(kind, name)
        headers[name] = rng.choice(options)
    stage_as_status = kind is Kind.TALENT_TO_MEMBER and headers.get("stage") == "政治面貌"
    month_dates = rng.random() < 0.3
    people = [_person(rng, kind, serial) for serial in range(rng.randint(2, 7))]

    wb = Workbook()
    ws = wb.active
    ws.title = rng.choice(["Sheet1", "台帐", "2006年", TRACK_WORDS[kind][:7]])
    title = rng.random() < 0.8
    unit = rng.random() < 0.6 or not (title or township_column)
    if title:
        ws.append([f"{township}{TRACK_WORDS[kind]}（2006年度）"])
    if unit:
        form = rng.choice(UNIT_FORMS)
        ws.append([f"填报单位：{form.format(township)}　　填报日期：2006年12月{rng.randint(1, 28)}日"])
    if not title:
        ws.title = TRACK_WORDS[kind][:8]
    header_row = ws.max_row + 1 if (title or unit) else 1
    grouped = [n for n in GROUPED[kind] if n in names]
    two_level = len(grouped) >= 2 and rng.random() < 0.4
    order = list(names)
    if two_level:  # the grouped columns side by side, under a merged title
        first = order.index(grouped[0])
        order = [n for n in order if n not in grouped]
        order[first:first] = grouped
    ledger = Ledger(folder / f"ledger_{seed}.xlsx", kind)
    for col, name in enumerate(order, start=1):
        ledger.columns[name] = col
        if two_level and name in grouped:
            ws.cell(header_row + 1, col, headers[name])
        else:
            ws.cell(header_row, col, headers[name])
            if two_level:
                ws.merge_cells(start_row=header_row, start_column=col, end_row=header_row + 1, end_column=col)
    if two_level:
        c0, c1 = ledger.columns[grouped[0]], ledger.columns[grouped[-1]]
        ws.cell(header_row, c0, rng.choice(GROUP_TITLES))
        ws.merge_cells(start_row=header_row, start_column=c0, end_row=header_row, end_column=c1)
    row = header_row + (2 if two_level else 1)
    serial = 1
    for index, person in enumerate(people):
        if index and rng.random() < 0.15:
            row += 1                                  # a blank row in the middle
        if index and rng.random() < 0.1:
            serial = 1                                # 序号 restarts (a second page)
        person = dict(person, seq=serial, township=township)
        if stage_as_status and person.get("stage") in ("预备党员", "正式党员"):
            person["stage"] = {"预备党员": "中共预备党员", "正式党员": "中共党员"}[person["stage"]]
        elif stage_as_status:
            person["stage"] = rng.choice(["群众", "共青团员"])
        for name, col in ledger.columns.items():
            cell = _value(rng, name, person.get(name), headers[name], month_dates)
            target = ws.cell(row, col, cell.value)
            if cell.number_format:
                target.number_format = cell.number_format
        ledger.rows.append(row)
        ledger.people.append(person)
        row += 1
        serial += 1
    if rng.random() < 0.4:
        ws.cell(row, 1, rng.choice(["合计", "小计", "总计"]))
        ws.cell(row, 2, f"{len(people)}人")
        row += 1
    if rng.random() < 0.5:
        ws.cell(row + 1, 1, "填表人：周敏")
        ws.cell(row + 1, 4, "审核人：李强")
    if rng.random() < 0.3:  # a hidden working column clerks keep beside the ledger
        spare = len(order) + 1
        ws.cell(header_row, spare, "核对")
        ws.column_dimensions[get_column_letter(spare)].hidden = True
    wb.save(ledger.path)
    return ledger


# One known defect, where it must be found: (code, field).
DEFECTS = ("id_invalid", "id_mismatch_gender", "invalid_value", "required", "id_stored_as_number")


def plant(ledger: Ledger, seed: int) -> tuple[str, str]:
    """Break one cell of a clean ledger; return (code, cell) of the one finding it must cause."""
    from openpyxl import load_workbook
    rng = random.Random(seed * 7919)
    code = DEFECTS[seed % len(DEFECTS)]
    person = rng.randrange(len(ledger.rows))
    wb = load_workbook(ledger.path)
    ws = wb.active
    number = ledger.people[person]["id_number"]
    name = {"id_invalid": "id_number", "id_mismatch_gender": "gender", "invalid_value": "sector",
            "required": "name", "id_stored_as_number": "id_number"}[code]
    value = {"id_invalid": number[:17] + ("0" if number[17] != "0" else "1"),
             "id_mismatch_gender": "女" if ledger.people[person]["gender"] == "男" else "男",
             "invalid_value": "农业口", "required": None, "id_stored_as_number": int(number[:17]) * 10}[code]
    ws[ledger.cell(name, person)] = value
    wb.save(ledger.path)
    return code, ledger.cell(name, person)
