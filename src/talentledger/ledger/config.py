"""The jurisdiction's configuration: one TOML file (README, 配置文件), overridden by the environment."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import tomllib
from fractions import Fraction
from pathlib import Path
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
)

from talentledger.ledger.errors import ConfigProblem, os_reason
from talentledger.ledger.fields import EDUCATION, GENDER, SECTOR, TALENT_CATEGORY, TARGET_FIELDS
from talentledger.ledger.text import key
from talentledger.ledger.townships import Registry
from talentledger.ledger.values import ValueProblem

CONFIG_NAME = "talentledger.toml"
DEFAULT_DB = "sqlite:///talentledger.db"


# City-wide targets of one year: one whole number of people per target of the targets sheet.
# `placeholder = true` marks the numbers `init` wrote for a new county: the report refuses them
# until a person has put the county's own targets in and removed the mark.
Targets = create_model("Targets", __config__=ConfigDict(extra="forbid"), placeholder=(bool, False),
                       **{name: (int, Field(ge=0)) for name in TARGET_FIELDS})


# The seed city's 实施意见: yearly targets from 2005 to 2007.
SEED_TARGETS = {
    year: Targets(member_to_talent=2000, activists=1500, developed=1000, cadres=500)
    for year in (2005, 2006, 2007)
}


class Township(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    aliases: list[str] = []
    # The township's sector mix (领域构成), used to share its targets among sectors: in the file
    # a list of sectors (equal shares) or a table of weights such as { "农村" = 3, "企业" = 1 }.
    sectors: dict[str, float] = {}

    @field_validator("sectors", mode="before")
    @classmethod
    def _list_means_equal_shares(cls, value: object) -> object:
        return dict.fromkeys(value, 1.0) if isinstance(value, list) else value

    @field_validator("sectors")
    @classmethod
    def _known_sectors(cls, weights: dict[str, float]) -> dict[str, float]:
        mix: dict[str, float] = {}
        for name, weight in weights.items():
            try:
                sector = SECTOR.parse(name)
            except ValueProblem:
                raise ValueError(f"“{name}”不是领域，可选：{'、'.join(SECTOR.choices)}") from None
            if weight <= 0:
                raise ValueError(f"领域“{name}”的权重应大于0")
            mix[sector] = mix.get(sector, 0.0) + weight
        return mix


# What an indicator can pick people by: a ledger column and the values it allows.
FILTER_COLUMNS = {"sector": SECTOR, "talent_category": TALENT_CATEGORY, "education": EDUCATION, "gender": GENDER}
# The events an indicator can look at: those the yearly targets count (ledger/fields.py).
INDICATOR_EVENTS = {"developed": "发展党员", "activists": "确定入党积极分子", "member_to_talent": "党员培养成人才",
                    "cadres": "党员人才培养为干部"}
IMPORTANCE = ("高", "中", "低")
OPERATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
HIGH_SCHOOL_OR_ABOVE = ["研究生", "大学本科", "大学专科", "中专", "高中"]


class PeopleFilter(BaseModel):
    """Which people an indicator counts: any of the listed values of each column (a column not
    listed does not restrict), and the age at the event."""

    model_config = ConfigDict(extra="forbid")
    sector: list[str] = []
    talent_category: list[str] = []
    education: list[str] = []
    gender: list[str] = []
    age_max: int | None = Field(default=None, ge=0, le=120)  # 35 means 35 or under on the day of the event
    age_min: int | None = Field(default=None, ge=0, le=120)

    @field_validator(*FILTER_COLUMNS)
    @classmethod
    def _known_values(cls, values: list[str], info: ValidationInfo) -> list[str]:
        allowed = FILTER_COLUMNS[info.field_name]
        known = []
        for value in values:
            try:
                known.append(allowed.parse(value))
            except ValueProblem:
                raise ValueError(f"“{value}”不是可选的值，可选：{'、'.join(allowed.choices)}") from None
        return known

    def describe(self) -> str:
        """In words, before the event's name: "农村的", "35岁及以下、女的", "" for everyone."""
        words = [*self.sector, *self.talent_category, *self.education, *self.gender]
        if self.age_max is not None or self.age_min is not None:
            low, high = self.age_min, self.age_max
            words.append(f"{low}至{high}岁" if low is not None and high is not None
                         else f"{high}岁及以下" if high is not None else f"{low}岁及以上")
        return "、".join(words) + "的" if words else ""


class IndicatorRule(BaseModel):
    """One indicator of `[quality.indicators.KEY]`: among the people of `event` in the year (and
    `among`), the share that also match `count`, held against `threshold` by `operator`."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, max_length=40)
    event: str = "developed"
    among: PeopleFilter = Field(default_factory=PeopleFilter)
    count: PeopleFilter
    operator: Literal[">=", ">", "<=", "<"] = ">="
    threshold: str | None = None   # "1/3", "0.4" or "40%"; none: the share is shown, not judged
    level: Literal["township", "organization", "city"] = "township"
    importance: Literal["高", "中", "低"] = "中"
    enabled: bool = True

    @field_validator("event")
    @classmethod
    def _known_event(cls, value: str) -> str:
        if value not in INDICATOR_EVENTS:
            choices = "、".join(f"{k}（{v}）" for k, v in INDICATOR_EVENTS.items())
            raise ValueError(f"“{value}”不是可选的事件，可选：{choices}")
        return value

    @field_validator("threshold", mode="before")
    @classmethod
    def _a_share(cls, value: object) -> str | None:
        if value is None:
            return None
        try:
            share = _share_of(value)
        except (ValueError, ZeroDivisionError, TypeError):
            share = None
        if share is None or not 0 <= share <= 1:
            raise ValueError(f"“{value}”不是 0 到 1 之间的比例，应写成如 \"1/3\"、0.4 或 \"40%\"")
        return str(value).strip()

    @property
    def exact_threshold(self) -> Fraction | None:
        return None if self.threshold is None else _share_of(self.threshold)

    def met(self, share: Fraction) -> bool:
        limit = self.exact_threshold
        return {">=": share >= limit, ">": share > limit, "<=": share <= limit, "<": share < limit}[self.operator]


def _share_of(value: object) -> Fraction:
    """A share as written: 1/3, 0.4, "0.4", "40%"."""
    if isinstance(value, bool):
        raise TypeError
    text = str(value).strip()
    if text.endswith("%"):
        return Fraction(text[:-1].strip()) / 100
    return Fraction(text)


# The indicators the programme's documents set (docs/quality.md): the year's intake from 非公企业
# and, in rural organisations, the 经济能人 at least a third each; youth, schooling and women
# shown against 矮子化 without a threshold. A county changes any of them by key in its config.
DEFAULT_INDICATORS: dict[str, dict] = {
    # The quota is the city's: a township without non-public firms cannot meet it, so townships
    # are shown, not judged.
    "non_public": {"title": "非公企业发展党员占比", "count": {"sector": ["非公企业"]},
                   "threshold": "1/3", "level": "city", "importance": "高"},
    "economic_talent": {"title": "经济能人占农村发展党员比例", "among": {"sector": ["农村"]},
                        "count": {"talent_category": ["致富能手", "生产经营能手"]}, "threshold": "1/3",
                        "importance": "高"},
    "young": {"title": "35岁及以下占发展党员比例", "count": {"age_max": 35}},
    "educated": {"title": "高中及以上学历占发展党员比例", "count": {"education": HIGH_SCHOOL_OR_ABOVE}},
    "women": {"title": "女性占发展党员比例", "count": {"gender": ["女"]}, "importance": "低"},
}


class QualityThresholds(BaseModel):
    """`[quality]`: the settings of the 发展党员质量评估's detectors and its indicators
    (docs/quality.md says why each default is what it is)."""

    model_config = ConfigDict(extra="forbid")
    family_window_years: int = Field(default=3, ge=1)   # made activists or developed in these years
    family_min_people: int = Field(default=3, ge=2)     # at least this many of one surname …
    family_min_share: float = Field(default=0.4, gt=0, le=1)  # … holding at least this share
    introducer_max_per_year: int = Field(default=4, ge=1)     # more new members than this for one introducer
    burst_same_day: int = Field(default=5, ge=2)        # received as 预备党员 on one day in one organisation
    burst_last_weeks: int = Field(default=4, ge=1)      # the last weeks of the year …
    burst_last_share: float = Field(default=0.5, gt=0, le=1)  # … holding at least this share …
    burst_min_intake: int = Field(default=6, ge=1)      # … of a township's year's intake of at least this
    no_recruitment_years: int = Field(default=3, ge=1)
    indicator_min_people: int = Field(default=3, ge=1)  # fewer people than this: the share is shown, not judged
    amber_margin: float = Field(default=0.05, ge=0, le=1)  # missed by less than this: 黄灯, not 红灯
    indicators: dict[str, IndicatorRule] = Field(
        default_factory=lambda: {k: IndicatorRule.model_validate(v) for k, v in DEFAULT_INDICATORS.items()})

    @field_validator("indicators", mode="before")
    @classmethod
    def _over_the_defaults(cls, given: object) -> object:
        """The county's `[quality.indicators.KEY]` tables change the default of that key field
        by field (a whole `among` or `count` replaced), or add a new indicator."""
        if not isinstance(given, dict):
            return given
        merged = {k: dict(v) for k, v in DEFAULT_INDICATORS.items()}
        for name, fields in given.items():
            merged[name] = {**merged.get(name, {}), **fields} if isinstance(fields, dict) else fields
        return merged

    def active_indicators(self) -> dict[str, IndicatorRule]:
        return {k: rule for k, rule in self.indicators.items() if rule.enabled}


class NoticeSettings(BaseModel):
    """`[notice]`: the 通报 `talentledger notice` drafts (docs/report.md, 通报)."""

    model_config = ConfigDict(extra="forbid")
    issuer: str = ""                      # 落款; empty: 中共{jurisdiction}委组织部
    recipients: str = "各镇党委、街道党工委"  # 主送
    # The quality warnings the 通报 names (codes of docs/quality.md); the others stay in the report.
    named_warnings: list[str] = ["introducer_not_full_member", "family_cluster"]


_DEADLINE = re.compile(r"(次年)?(\d{1,2})-(\d{1,2})")


class Config(BaseModel):
    """Everything `talentledger.toml` may say; unknown keys are errors so typos are caught."""

    model_config = ConfigDict(extra="forbid")
    jurisdiction: str = "本市"
    # The year the county is working on (init --year): batch reports on it besides the years of
    # the files it takes in.
    year: int | None = Field(default=None, ge=1990, le=2100)
    database: str = DEFAULT_DB
    talent_share_goal: float = Field(default=0.5, gt=0, le=1)
    bottom_count: int = Field(default=3, ge=0)
    # A tie at the edge of the 通报 list: "include" names every tied township (the list may be
    # longer than bottom_count), "exclude" names none of them (it may be shorter).
    bottom_ties: Literal["include", "exclude"] = "include"
    # A target whose ledger was not reported: "zero" scores it as 0% (and marks it 未报送),
    # "exclude" leaves it out of the township's score.
    unreported: Literal["zero", "exclude"] = "zero"
    # The day a year's ledgers are due, for the on-time rate: "07-31" in the year itself, or
    # "次年01-15" in the next year.
    deadline: str | None = None
    townships: list[Township] = []
    quality: QualityThresholds = Field(default_factory=QualityThresholds)
    notice: NoticeSettings = Field(default_factory=NoticeSettings)
    targets: dict[int, Targets] = Field(default_factory=lambda: dict(SEED_TARGETS))
    _source: Path | None = PrivateAttr(default=None)

    @field_validator("townships")
    @classmethod
    def _townships_named_once(cls, townships: list[Township]) -> list[Township]:
        """A name or alias given to two townships would file a ledger under whichever came
        first: an error, not a guess."""
        owner: dict[str, tuple[int, str]] = {}
        for index, township in enumerate(townships):
            for word in (township.name, *township.aliases):
                first, name = owner.setdefault(key(word), (index, township.name))
                if first != index:
                    raise ValueError(f"名称或别名“{word}”写了两次（{name}、{township.name}），每个名称只能属于一个镇（街道）")
        return townships

    def targets_for(self, year: int) -> dict[str, int] | None:
        """The city-wide targets the file gives for `year`; placeholders are refused."""
        targets = self.targets.get(year)
        if targets is None:
            return None
        if targets.placeholder:
            where = f"配置文件“{self._source}”" if self._source else "配置文件"
            raise ConfigProblem(f"{where}中的 [targets.{year}] 还是 init 写入的占位数，不能用于统计。请填入本辖区 {year} 年的"
                                f"目标并删除其中的 placeholder = true 一行，或先入库 {year} 年的目标任务分解表")
        return targets.model_dump(exclude={"placeholder"})

    @field_validator("deadline")
    @classmethod
    def _deadline_is_a_day(cls, value: str | None) -> str | None:
        if value is None:
            return value
        found = _DEADLINE.fullmatch(value.strip())
        try:
            if found is None:
                raise ValueError
            dt.date(2000, int(found[2]), int(found[3]))  # a leap year: 02-29 is a day
        except ValueError:
            raise ValueError(f"“{value}”应写成“月-日”（如 07-31）或“次年月-日”（如 次年01-15）") from None
        return value

    def deadline_for(self, year: int) -> dt.date | None:
        """The deadline of the ledgers of `year`; 29 February is the 28th in other years."""
        if self.deadline is None:
            return None
        found = _DEADLINE.fullmatch(self.deadline.strip())
        in_year = year + 1 if found[1] else year
        month, day = int(found[2]), int(found[3])
        return dt.date(in_year, month, min(day, calendar.monthrange(in_year, month)[1]))

    def registry(self) -> Registry:
        return Registry({t.name: t.aliases for t in self.townships})


def load_config(path: Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Read the configuration from `path`, else ./talentledger.toml, else built-in defaults."""
    environ = os.environ if environ is None else environ
    if path is None and Path(CONFIG_NAME).is_file():
        path = Path(CONFIG_NAME)
    text, data = "", {}
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigProblem(f"找不到配置文件“{path}”。请检查 --config，或在工作文件夹中运行 talentledger init 生成一个") from None
        except UnicodeDecodeError:
            raise ConfigProblem(f"配置文件“{path}”不是 UTF-8 编码。请用记事本“另存为”UTF-8 后重试") from None
        except OSError as exc:
            raise ConfigProblem(f"无法读取配置文件“{path}”：{os_reason(exc)}") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigProblem(_syntax_error(path, text, str(exc))) from None
    if environ.get("TALENTLEDGER_DB"):
        data["database"] = environ["TALENTLEDGER_DB"]
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigProblem(_value_errors(path, text, exc.errors())) from None
    config._source = path
    return config


# tomllib's English, in words a clerk can act on (a Chinese quotation mark is the commonest slip).
_TOML_REASONS = (
    ("Illegal character '\\n'", "文字没有写完：缺少右边的英文双引号 \""),
    ("Unterminated string", "文字没有写完：缺少右边的英文双引号 \""),
    ("Invalid value", "值的写法不对：文字要用英文双引号括起来，数字直接写，是/否写 true/false"),
    ("Illegal character", "有不允许出现的字符"),
    ("Expected '=' after a key", "名称后面应是等号 =（名称中有空格或中文时要用英文双引号括起来）"),
    ("Invalid initial character for a key", "名称的写法不对（含中文或空格的名称要用英文双引号括起来）"),
    ("Expected ']' at the end of a table", "方括号没有配对：缺少 ]"),
    ("Expected ']]' at the end of an array", "双方括号没有配对：缺少 ]]"),
    ("Unclosed array", "列表没有写完：缺少 ]"),
    ("Unclosed inline table", "花括号没有配对：缺少 }"),
    ("Cannot overwrite a value", "同一项写了两次"),
    ("Cannot declare", "同一个 [表] 写了两次"),
    ("Expected newline or end of document", "一行只能写一项"),
    ("Invalid date", "日期的写法不对（应如 2006-07-31）"),
    ("Invalid statement", "这一行的写法不对：应为“名称 = 值”或“[表名]”（含中文的名称要用英文双引号括起来）"),
    ("Unescaped '\\'", "反斜杠 \\ 要写成两个，或改用英文单引号括起来"),
)
_TOML_WHERE = re.compile(r"\s*\((?:at line (\d+), column \d+|at end of document)\)$")


def _syntax_error(path: Path, text: str, message: str) -> str:
    found = _TOML_WHERE.search(message)
    line = int(found[1]) if found and found[1] else max(1, len(text.rstrip().splitlines()))
    if found and not found[1]:  # tomllib only noticed at the end what was left open higher up
        reason = "文件意外结束：上面有没配对的 ]、} 或引号"
    else:
        reason = next((words for clue, words in _TOML_REASONS if message.startswith(clue)), "格式不对")
    lines = text.splitlines()
    source = lines[line - 1] if line <= len(lines) else ""
    name = source.split("=", 1)[0].strip() if "=" in source else source.strip()
    hint = "（请把中文引号改成英文双引号）" if any(q in source for q in "“”‘’") else ""
    return f"配置文件“{path}”第 {line} 行{f'（{name}）' if name else ''}不是有效的 TOML：{reason}{hint}"


def _value_errors(path: Path | None, text: str, errors: list[dict]) -> str:
    """Every invalid value, one line each, with its line in the file and its key."""
    found = []
    for error in errors:
        loc = tuple(str(p) for p in error["loc"] if not str(p).startswith("function-after"))
        number = _line_of(text, loc)
        where = (f"第 {number} 行" if number else "") + f"“{'.'.join(loc) or '（顶层）'}”"
        found.append((number or 0, f"{where}有误：{_explain(error)}"))
    lines = [line for _, line in sorted(found, key=lambda f: f[0])]
    name = f"配置文件“{path}”" if path else "配置"
    if len(lines) == 1:
        return f"{name}{lines[0]}"
    return f"{name}有 {len(lines)} 处错误：\n" + "\n".join(f"  {line}" for line in lines)


_TABLE = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"^\s*([^=#\[]+?)\s*=")


def _line_of(text: str, loc: tuple[str, ...]) -> int | None:
    """The line of the file where the value at `loc` (townships.1.aliases) is written: the
    deepest table or key line whose path is a prefix of it. Enough of TOML for a message."""
    best, depth, table = None, 0, ()
    arrays: dict[tuple[str, ...], int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header, key_line = _TABLE.match(line), _KEY.match(line)
        if header:
            table = tuple(_unquote(p) for p in header[2].split("."))
            if header[1] == "[[":
                arrays[table] = arrays.get(table, -1) + 1
                if loc == table and best is None:  # the array as a whole: its first entry
                    best = number
                table = (*table, str(arrays[table]))
            path = table
        elif key_line:
            path = (*table, *(_unquote(p) for p in key_line[1].split(".")))
        else:
            continue
        if len(path) > depth and loc[: len(path)] == path:
            best, depth = number, len(path)
    return best


def _unquote(part: str) -> str:
    return part.strip().strip("\"'")


def _explain(error: dict) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "不认识这个配置项（请检查拼写）"
    if kind == "missing":
        return "缺少此项"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind.startswith(("int_", "float_")):
        return f"应为数字，现为“{error.get('input')}”"
    if kind == "literal_error":
        return f"应为 {error['ctx']['expected'].replace(' or ', ' 或 ')}，现为“{error.get('input')}”"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal"):
        return f"数值超出允许范围（{error.get('input')}）"
    return f"取值无效（{error.get('msg')}）"


def database_url(option: str | None, config: Config) -> str:
    """--db wins; then TALENTLEDGER_DB or the config file (already merged); then the default.
    A plain file path (talentledger.db) means an SQLite file."""
    url = option or config.database
    return url if "://" in url else f"sqlite:///{url}"
