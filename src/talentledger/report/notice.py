"""The 通报 drafted (`talentledger notice`, docs/report.md): the report's figures and the named
quality warnings in the words of a party-organ document, as Markdown text from a template the
department can replace, and as a Word document laid out from that text in the usual 公文 style.

Fonts follow GB/T 9704 as offices use it: the title in 方正小标宋简体 二号, headings in 黑体
三号, the body in 仿宋_GB2312 三号 with a first-line indent of two characters and 28-point lines.
The names are written into the document; a machine without those fonts shows its own substitute
(Word: 宋体/黑体; LibreOffice: Noto Serif/Sans CJK), and the layout stays the same.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from talentledger.ledger.atomic import write_atomically
from talentledger.ledger.config import Config
from talentledger.ledger.errors import ConfigProblem
from talentledger.ledger.text import document_text
from talentledger.report.model import Report
from talentledger.report.quality import DETECTORS, Alert
from talentledger.report.render import render_template

TEMPLATE = "notice.md.j2"


@dataclass(frozen=True)
class Style:
    font: str
    size: float          # points: 二号 22, 三号 16
    bold: bool = False


TITLE = Style("方正小标宋简体", 22)
HEADING = Style("黑体", 16)
BODY = Style("仿宋_GB2312", 16)
LINE = Pt(28)            # fixed line spacing of the body
INDENT = Pt(32)          # two characters of 三号


def notice_text(report: Report, config: Config, day: dt.date | None = None, user_templates: Path | None = None,
                markdown: bool = True) -> str:
    """The 通报 as text, from the user's notice.md.j2 if there is one. As Markdown, a value that
    Markdown would read as markup is escaped; for the Word document (`markdown` false) it is
    left as written, or Word would show the escapes ("&amp;")."""
    named = named_warnings(report.quality.alerts, config.notice.named_warnings)
    issuer = config.notice.issuer or f"中共{config.jurisdiction}委组织部"
    return render_template(TEMPLATE, "md" if markdown else "text", user_templates, r=report, report=report,
                           notice=config.notice, named=named, issuer=issuer, day=day or dt.date.today())


def named_warnings(alerts: list[Alert], codes: list[str]) -> list[Alert]:
    """The warnings the config names, in the report's order; an unknown code is a config error."""
    unknown = [code for code in codes if code not in DETECTORS]
    if unknown:
        raise ConfigProblem(f"配置文件 [notice] 的 named_warnings 中“{'、'.join(unknown)}”不是预警代码，"
                            f"可选：{'、'.join(DETECTORS)}（见 docs/quality.md）")
    return [alert for alert in alerts if alert.code in codes]


def write_docx(text: str, path: Path) -> Path:
    """The text laid out as a 公文 on A4: title, 主送, headings, body, 落款. Written to a
    temporary name first, so a half-written document never appears."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    blocks = _blocks(text)
    for index, (kind, lines) in enumerate(blocks):
        if kind == "title":
            _paragraph(document, lines, TITLE, WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(16))
        elif kind == "heading":
            _paragraph(document, lines, HEADING, indent=True)
        elif kind == "signature":  # after a blank line, right-aligned four characters from the edge
            for number, line in enumerate(lines):
                _paragraph(document, [line], BODY, WD_ALIGN_PARAGRAPH.RIGHT, space_before=LINE * 2 if number == 0 else None,
                           right_indent=INDENT * 2)
        elif index > 0 and blocks[index - 1][0] == "title":
            _paragraph(document, lines, BODY)  # 主送: flush left
        else:
            _paragraph(document, lines, BODY, indent=True)
    return write_atomically(path, lambda tmp: document.save(str(tmp)))


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Paragraphs separated by blank lines, each (kind, lines)."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if lines[0].startswith("## "):
            blocks.append(("heading", [lines[0][3:]]))
        elif lines[0].startswith("# "):
            blocks.append(("title", [lines[0][2:]]))
        elif all(line.startswith(">") for line in lines):
            blocks.append(("signature", [line.lstrip("> ").strip() for line in lines]))
        else:
            blocks.append(("body", lines))
    return blocks


def _paragraph(document, lines: list[str], style: Style, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False,
               space_after: Pt | None = None, space_before: Pt | None = None, right_indent: Pt | None = None) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = align
    layout = paragraph.paragraph_format
    layout.line_spacing_rule, layout.line_spacing = WD_LINE_SPACING.EXACTLY, LINE if style is not TITLE else Pt(36)
    layout.space_before, layout.space_after = space_before or Pt(0), space_after or Pt(0)
    if right_indent is not None:
        layout.right_indent = right_indent
    if indent:
        layout.first_line_indent = INDENT
    run = paragraph.add_run(document_text("".join(lines)))  # a cell's control characters cannot break the file
    run.font.size = Pt(style.size)
    run.font.bold = style.bold
    run.font.name = style.font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), style.font)
