#!/usr/bin/env python3
"""Regenerate docs/findings.md from the finding-code table in talentledger.findings."""

from pathlib import Path

from talentledger.findings import codes_markdown

INTRO = """# 问题代码（finding codes）

`talentledger check` 报告的每个问题都有一个固定不变的代码、一个级别和一条中文说明。
“错误”会使文件被拒收（退出码 1），“警告”只提示、不影响入库。本表由
`src/talentledger/findings.py` 生成（`python scripts/make_docs.py`），请勿手工编辑。

"""

if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "findings.md"
    target.write_text(INTRO + codes_markdown(), encoding="utf-8")
    print(f"wrote {target}")
