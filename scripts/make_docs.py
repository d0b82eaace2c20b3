#!/usr/bin/env python3
"""Regenerate docs/findings.md (finding codes), the vocabulary part of docs/reading.md and the
columns part of docs/ledgers.md."""

from pathlib import Path

from talentledger.ledger.fields import ledgers_markdown
from talentledger.ledger.findings import codes_markdown
from talentledger.ledger.headers import vocabulary_markdown

# docs/reading.md is written by hand down to this line; the rest is generated.
VOCABULARY_MARK = "<!-- 以下内容由 scripts/make_docs.py 从 src/talentledger/ledger/vocabulary.py 生成，请勿手工编辑 -->"
LEDGERS_MARK = "<!-- 以下内容由 scripts/make_docs.py 从 src/talentledger/ledger/fields.py 生成，请勿手工编辑 -->"

INTRO = """# 问题代码（finding codes）

`talentledger check` 报告的每个问题都有一个固定不变的代码、一个级别和一条中文说明。
“错误”会使文件被拒收（退出码 1），“警告”只提示、不影响入库。本表由
`src/talentledger/ledger/findings.py` 生成（`python scripts/make_docs.py`），请勿手工编辑。

"""

if __name__ == "__main__":
    docs = Path(__file__).resolve().parent.parent / "docs"
    (docs / "findings.md").write_text(INTRO + codes_markdown(), encoding="utf-8")
    for name, mark, generated in (("reading.md", VOCABULARY_MARK, vocabulary_markdown()),
                                  ("ledgers.md", LEDGERS_MARK, ledgers_markdown())):
        page = docs / name
        by_hand = page.read_text(encoding="utf-8").split(mark)[0].split("<!-- 以下内容由")[0]
        page.write_text(by_hand + mark + "\n\n" + generated, encoding="utf-8")
    print(f"wrote {docs / 'findings.md'}, {docs / 'reading.md'} and {docs / 'ledgers.md'}")
