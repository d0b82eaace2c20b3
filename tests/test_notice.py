"""The 通报 drafted (`talentledger notice`): the report's figures in a party-organ document."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn
from typer.testing import CliRunner

from talentledger.cli import app
from talentledger.ledger.config import Config
from talentledger.ledger.errors import ConfigProblem
from talentledger.report import build_report
from talentledger.report.notice import notice_text, write_docx
from talentledger.store import Store

DAY = dt.date(2006, 10, 8)


@pytest.fixture
def store(counted_city):
    return counted_city
AS_OF = dt.date(2006, 9, 30)


def url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def test_the_text_names_the_figures_the_bottom_units_and_the_issuer(store):
    config = Config(jurisdiction="某县", bottom_count=1)
    report = build_report(store, config, 2006, AS_OF)
    text = notice_text(report, config, DAY)
    lines = text.splitlines()
    assert lines[0] == "# 关于2006年度党员人才工程目标任务完成情况的通报"
    assert lines[2] == "各镇党委、街道党工委："
    assert "截至9月30日，序时进度为75%。党员培养成人才2人，完成年度目标5人的40%；" in text
    bottom = [u for u in report.townships if u.bottom]
    criticised = text.split("## 三、通报批评")[1].split("## ")[0]
    assert len(bottom) == 1 and criticised.strip().startswith(f"{bottom[0].name}综合得分")
    assert text.rstrip().endswith("> 中共某县委组织部\n> 2006年10月8日")


def test_the_docx_is_a_gongwen_page(store, tmp_path):
    report = build_report(store, Config(), 2006, AS_OF)
    path = write_docx(notice_text(report, Config(), DAY, markdown=False), tmp_path / "通报.docx")
    document = Document(str(path))
    paragraphs = [p for p in document.paragraphs if p.text]
    title, recipients = paragraphs[0], paragraphs[1]
    assert title.text == "关于2006年度党员人才工程目标任务完成情况的通报" and title.alignment == 1  # centred
    assert title.runs[0].font.size.pt == 22
    assert title.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert recipients.text == "各镇党委、街道党工委：" and recipients.paragraph_format.first_line_indent is None
    body = paragraphs[2]
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32 and body.paragraph_format.line_spacing.pt == 28
    assert [p.text for p in paragraphs[-2:]] == ["中共本市委组织部", "2006年10月8日"]
    assert paragraphs[-1].alignment == 2  # right
    assert round(document.sections[0].page_width.mm) == 210 and round(document.sections[0].top_margin.mm) == 37


def test_a_townships_own_words_reach_word_as_written_and_cannot_break_it(store, tmp_path):
    """A name with Markdown's specials and control characters: escaped in the Markdown, as
    written in Word (no "&amp;"), its controls shown as pictures."""
    config = Config(bottom_count=3)
    report = build_report(store, config, 2006, AS_OF)
    odd = report.townships[0].model_copy(update={"name": "A&B<镇>|\x07\x1b[31m"})
    report = report.model_copy(update={"townships": [odd, *report.townships[1:]]})
    assert "A&amp;B&lt;镇&gt;\\|" in notice_text(report, config, DAY)
    path = write_docx(notice_text(report, config, DAY, markdown=False), tmp_path / "odd.docx")
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "A&B<镇>|␇␛[31m" in text and "&amp;" not in text


def test_named_warnings_come_from_the_config(store):
    report = build_report(store, Config(), 2006, AS_OF)
    with pytest.raises(ConfigProblem, match="“family”不是预警代码"):
        notice_text(report, Config.model_validate({"notice": {"named_warnings": ["family"]}}), DAY)


def test_notice_command_docx_md_and_a_template_of_ones_own(store, tmp_path):
    runner = CliRunner()
    docx = tmp_path / "n.docx"
    made = runner.invoke(app, ["notice", "--year", "2006", "--as-of", "2006-09-30", "--db", url(store), "--out", str(docx)])
    assert made.exit_code == 0, made.output
    assert f"已生成通报：{docx}" in made.stderr and Document(str(docx)).paragraphs[0].text.startswith("关于2006年度")
    markdown = tmp_path / "n.md"
    assert runner.invoke(app, ["notice", "--year", "2006", "--db", url(store), "--format", "md", "--out",
                               str(markdown)]).exit_code == 0
    assert markdown.read_text(encoding="utf-8").startswith("# 关于2006年度")
    own = tmp_path / "templates"
    own.mkdir()
    (own / "notice.md.j2").write_text("# {{ r.year }}年通报\n\n{{ notice.recipients }}：\n\n正文。\n\n> {{ issuer }}\n",
                                      encoding="utf-8")
    mine = tmp_path / "mine.md"
    assert runner.invoke(app, ["notice", "--year", "2006", "--db", url(store), "--format", "md", "--templates", str(own),
                               "--out", str(mine)]).exit_code == 0
    assert mine.read_text(encoding="utf-8") == "# 2006年通报\n\n各镇党委、街道党工委：\n\n正文。\n\n> 中共本市委组织部\n"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not on PATH")
def test_the_docx_opens_in_libreoffice_and_prints(store, tmp_path):
    report = build_report(store, Config(), 2006, AS_OF)
    path = write_docx(notice_text(report, Config(), DAY, markdown=False), tmp_path / "notice.docx")
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=300)
    pdf = (tmp_path / "notice.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf)) >= 1
