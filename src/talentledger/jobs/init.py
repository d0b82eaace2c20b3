"""Setting up a jurisdiction's working folder with one command (`talentledger init`)."""

from __future__ import annotations

from pathlib import Path

from talentledger.ledger.config import CONFIG_NAME, SEED_TARGETS
from talentledger.ledger.errors import UsageProblem
from talentledger.output.blank_ledger import write_template

INBOX = "inbox"
BLANKS = "空白台帐"

CONFIG_TEMPLATE = """\
# talentledger 配置文件。以 # 开头的行是注释。修改后可用 talentledger check 试一试：写错的项会被指出。

# 辖区名称，出现在报告标题中。
jurisdiction = "{jurisdiction}"

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


def init_jurisdiction(folder: Path, jurisdiction: str, townships: list[str], year: int) -> list[Path]:
    """Write talentledger.toml, an empty inbox and a blank ledger per township; return what was written."""
    config = folder / CONFIG_NAME
    if config.exists():
        raise UsageProblem(f"“{config}”已存在，为免覆盖已有配置，未作任何改动")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / INBOX).mkdir(exist_ok=True)
    config.write_text(CONFIG_TEMPLATE.format(
        jurisdiction=jurisdiction.replace('"', ""),
        townships="".join(f'[[townships]]\nname = "{t}"\naliases = []\n\n' for t in townships)
        or '# [[townships]]\n# name = "东港街道"\n# aliases = ["东港"]\n# sectors = ["社区", "企业"]\n\n',
        targets="".join(
            f"[targets.{y}]\nmember_to_talent = {t.member_to_talent}\nactivists = {t.activists}\n"
            f"developed = {t.developed}\ncadres = {t.cadres}\n\n" for y, t in SEED_TARGETS.items()),
    ), encoding="utf-8")
    written = [config, folder / INBOX]
    for township in townships or [None]:
        name = f"{township}_{year}_三培养台帐.xlsx" if township else f"空白台帐_{year}.xlsx"
        written.append(write_template(folder / BLANKS / name, None, township, year))
    return written
