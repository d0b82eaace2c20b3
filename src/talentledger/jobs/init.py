"""Setting up a jurisdiction's working folder with one command (`talentledger init`)."""

from __future__ import annotations

from pathlib import Path

from talentledger.ledger.config import CONFIG_NAME, SEED_TARGETS, Targets
from talentledger.ledger.errors import UsageProblem
from talentledger.output.blank_ledger import write_template

INBOX = "inbox"
BLANKS = "空白台帐"

CONFIG_TEMPLATE = """\
# talentledger 配置文件。以 # 开头的行是注释。修改后可用 talentledger check 试一试：写错的项会被指出。

# 辖区名称，出现在报告标题中。
jurisdiction = "{jurisdiction}"

# 当前工作年度：batch 除了本次入库台帐所属的年度，还总是更新这一年度的报告。
year = {year}

# 数据库。缺省为本文件夹下的 SQLite 文件；用 PostgreSQL 时写成
# database = "postgresql+psycopg://用户:密码@主机/库名"
# 环境变量 TALENTLEDGER_DB 优先于这里。
database = "sqlite:///talentledger.db"

# 人才党员占党员总数的目标比例。
talent_share_goal = 0.5

# 年度通报点名的后几名。
bottom_count = 3

# 本辖区的镇（街道）。台帐中的名称（含别名）都会与此核对；别名如“东港”“东港街道党工委”。
# 可加 sectors = ["农村", "企业"]（或带权重 sectors = {{ "农村" = 3, "企业" = 1 }}）说明其领域构成，
# 报告按它把该镇（街道）的目标分摊到领域；不写时按其台帐中各领域的人数分摊。
{townships}
# 全辖区每年的目标（没有入库目标任务分解表时使用）。
{targets}"""

PLACEHOLDER_TARGETS = """\
# ！！以下是占位数，不是本辖区的目标。报告在这里改好之前会拒绝统计 {year} 年：
# 请按本辖区的实施意见填入四项目标人数，再删除 placeholder = true 这一行。
# （入库了 {year} 年的目标任务分解表时，以分解表为准，这里不用填。）
[targets.{year}]
placeholder = true
member_to_talent = 0
activists = 0
developed = 0
cadres = 0
"""


def init_jurisdiction(folder: Path, jurisdiction: str, townships: list[str], year: int,
                      sample_targets: bool = False) -> list[Path]:
    """Write talentledger.toml, an empty inbox and a blank ledger per township; return what was
    written. The targets are marked placeholders the report refuses, unless `sample_targets`
    asks for the sample city's (for trying the tool out on sample_ledgers/)."""
    config = folder / CONFIG_NAME
    if config.exists():
        raise UsageProblem(f"“{config}”已存在，为免覆盖已有配置，未作任何改动")
    townships = list(dict.fromkeys(townships))  # the same name given twice is one township
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INBOX).mkdir(exist_ok=True)
    config.write_text(CONFIG_TEMPLATE.format(
        jurisdiction=_toml_text(jurisdiction), year=year,
        townships="".join(f'[[townships]]\nname = "{_toml_text(t)}"\naliases = []\n\n' for t in townships)
        or '# [[townships]]\n# name = "东港街道"\n# aliases = ["东港"]\n# sectors = ["社区", "企业"]\n\n',
        targets=_sample_targets() if sample_targets else PLACEHOLDER_TARGETS.format(year=year),
    ), encoding="utf-8")
    written = [config, folder / INBOX]
    for township in townships or [None]:
        name = f"{township}_{year}_三培养台帐.xlsx" if township else f"空白台帐_{year}.xlsx"
        written.append(write_template(folder / BLANKS / name, None, township, year))
    return written


def _sample_targets() -> str:
    return "# 示例城市的目标（--sample-targets），仅供试用。\n" + "".join(
        f"[targets.{year}]\n" + "".join(f"{name} = {getattr(t, name)}\n" for name in Targets.model_fields
                                        if name != "placeholder") + "\n"
        for year, t in SEED_TARGETS.items())


def _toml_text(text: str) -> str:
    """A name inside a TOML basic string: no quote or backslash can end it early."""
    return "".join(ch for ch in text if ch not in '"\\' and ch.isprintable())
