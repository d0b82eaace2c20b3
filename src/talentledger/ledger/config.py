"""The jurisdiction's configuration: one TOML file (README, 配置文件), overridden by the environment."""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator

from talentledger.ledger.errors import ConfigProblem
from talentledger.ledger.fields import SECTOR, TARGET_FIELDS
from talentledger.ledger.townships import Registry
from talentledger.ledger.values import ValueProblem

CONFIG_NAME = "talentledger.toml"
DEFAULT_DB = "sqlite:///talentledger.db"


# City-wide targets of one year: one whole number of people per target of the targets sheet.
Targets = create_model("Targets", __config__=ConfigDict(extra="forbid"),
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


_DEADLINE = re.compile(r"(次年)?(\d{1,2})-(\d{1,2})")


class Config(BaseModel):
    """Everything `talentledger.toml` may say; unknown keys are errors so typos are caught."""

    model_config = ConfigDict(extra="forbid")
    jurisdiction: str = "本市"
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
    targets: dict[int, Targets] = Field(default_factory=lambda: dict(SEED_TARGETS))

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
    data: dict = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigProblem(f"找不到配置文件“{path}”") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigProblem(f"无法读取配置文件“{path}”：{exc}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigProblem(f"配置文件“{path}”不是有效的TOML：{exc}") from None
    if environ.get("TALENTLEDGER_DB"):
        data["database"] = environ["TALENTLEDGER_DB"]
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "（顶层）"
        raise ConfigProblem(f"配置文件{f'“{path}”' if path else ''}中的“{where}”有误：{_explain(first)}") from None


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
    """--db wins; then TALENTLEDGER_DB or the config file (already merged); then the default."""
    return option or config.database
