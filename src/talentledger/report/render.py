"""Rendering the report model: HTML and Markdown through Jinja templates a user can replace,
xlsx through openpyxl, JSON by `model_dump_json` — all from the same `Report`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)

from talentledger.ledger.atomic import write_atomically
from talentledger.ledger.errors import TalentLedgerError, translate
from talentledger.ledger.fields import KIND_SHORT, Kind
from talentledger.report.model import SCORE_CAP, Report
from talentledger.report.person import PersonResult
from talentledger.report.programme import Programme
from talentledger.report.quality import Assessment
from talentledger.report.wording import FILTERS
from talentledger.report.workbook import write_workbook

FORMATS = ("html", "xlsx", "md", "json")
TEMPLATE_OF = {"html": "report.html.j2", "md": "report.md.j2"}
ASSESSMENT_TEMPLATE_OF = {"html": "assessment.html.j2", "md": "assessment.md.j2"}
PERSON_TEMPLATE_OF = {"html": "person.html.j2"}
PROGRAMME_TEMPLATE_OF = {"html": "programme.html.j2", "md": "programme.md.j2"}
# The report, the quality assessment on its own (assess --out), one person's file (person --out),
# or the programme's years side by side (report --years).
Document = Report | Assessment | PersonResult | Programme


class TemplateProblem(TalentLedgerError):
    """A user template that cannot be rendered; the message names the template and line."""


# What Markdown would take as markup or raw HTML in a value printed into the report (a township
# named "<script>…" or "A|B"): shown as text instead.
_MARKDOWN_SPECIAL = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|", "\n": " ", "\r": " "})


def _markdown_text(value: object) -> object:
    return value.translate(_MARKDOWN_SPECIAL) if isinstance(value, str) else value


def environment(user_templates: Path | None = None, fmt: str = "html") -> Environment:
    """Templates from the user's folder first, then the shipped ones; the shipped ones are also
    reachable as `default:NAME`, so a user template can extend them. HTML is autoescaped;
    every value printed into Markdown is escaped by `finalize`."""
    shipped = PackageLoader("talentledger.report", "templates")
    loaders = [FileSystemLoader(str(user_templates))] if user_templates else []
    env = Environment(
        loader=ChoiceLoader([*loaders, PrefixLoader({"default": shipped}, delimiter=":"), shipped]),
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_markdown_text if fmt == "md" else None,
    )
    env.filters.update(FILTERS, kind_name=lambda k: KIND_SHORT[Kind(k)])
    env.globals.update(score_cap=SCORE_CAP)
    return env


def render_text(report: Document, fmt: str, user_templates: Path | None = None) -> str:
    """HTML or Markdown text of the report (or of the assessment, a person's file, the years
    side by side)."""
    return render_template(_templates(report)[fmt], fmt, user_templates, report=report, r=report)


def render_template(name: str, fmt: str, user_templates: Path | None = None, **context: object) -> str:
    """Template `name` rendered with `context`. A template that cannot be rendered (a user's, as
    a rule) is a `TemplateProblem` naming the template file, its line and what is wrong in Chinese."""
    env = environment(user_templates, fmt)
    try:
        return env.get_template(name).render(**context)
    except TemplateNotFound as exc:
        raise TemplateProblem(f"找不到报告模板“{exc.name}”。请检查 --templates 文件夹中的文件名"
                              "（report.html.j2、report.md.j2、notice.md.j2 等）和 extends、import 中的名称") from None
    except Exception as exc:  # a user template can fail in any way its expressions can
        where_name, line = _template_position(exc)
        where = f"报告模板“{where_name}”第 {line} 行" if where_name else "报告模板"
        raise TemplateProblem(f"{where}出错：{_template_reason(exc)}。请修改该模板，"
                              "或去掉 --templates 改用内置模板") from exc  # --debug shows the cause


def _template_position(exc: Exception) -> tuple[str | None, int | None]:
    """Where in a template the error arose: a syntax error says so itself; a runtime error's
    traceback holds the template's frame (Jinja rewrites it to the template's file and line)."""
    if isinstance(exc, TemplateSyntaxError):
        return exc.filename or exc.name, exc.lineno
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


# Jinja's and Python's English, in words a template writer reads; `{}` takes the name involved.
_TEMPLATE_REASONS = (
    (re.compile(r"has no attribute '(.+?)'"), "报告数据中没有“{}”（名称见 docs/report.md）"),
    (re.compile(r"'(.+?)' is undefined"), "没有定义“{}”（报告数据用 r.名称 取得，见 docs/report.md）"),
    (re.compile(r"No filter named '(.+?)'"), "没有名为“{}”的过滤器"),
    (re.compile(r"No test named '(.+?)'"), "没有名为“{}”的测试"),
    (re.compile(r"Encountered unknown tag '(.+?)'"), "不认识的标签“{}”"),
    (re.compile(r"unexpected end of template"), "模板没有写完：缺少 endif、endfor 或 endblock 等结束标签"),
    (re.compile(r"Unexpected end of template"), "模板没有写完：缺少 endif、endfor 或 endblock 等结束标签"),
    (re.compile(r"Expected an expression"), "这里缺少表达式"),
    (re.compile(r"unexpected '(.+?)'"), "多余或错位的“{}”"),
    (re.compile(r"expected token '(.+?)'"), "这里应有“{}”"),
    (re.compile(r"division by zero"), "除数为 0"),
    (re.compile(r"not iterable"), "对不是列表的值用了 for"),
    (re.compile(r"unsupported operand|can only concatenate|not supported between"), "两个值的类型不能这样运算"),
)


def _template_reason(exc: Exception) -> str:
    text = exc.message if isinstance(exc, TemplateError) and exc.message else str(exc)
    return translate(text, _TEMPLATE_REASONS, f"模板有误（{type(exc).__name__}）")


def _templates(document: Document) -> dict[str, str]:
    for kind, templates in ((Assessment, ASSESSMENT_TEMPLATE_OF), (PersonResult, PERSON_TEMPLATE_OF),
                            (Programme, PROGRAMME_TEMPLATE_OF)):
        if isinstance(document, kind):
            return templates
    return TEMPLATE_OF


def write_report(report: Document, fmt: str, out: Path, user_templates: Path | None = None) -> Path:
    """Write the report (or the assessment alone) in `fmt` to `out` (atomically: a half-written
    report never appears)."""
    writers: dict[str, Callable[[Path], None]] = {
        "json": lambda p: p.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8"),
        "html": lambda p: p.write_text(render_text(report, "html", user_templates), encoding="utf-8"),
        "md": lambda p: p.write_text(render_text(report, "md", user_templates), encoding="utf-8"),
        "xlsx": lambda p: write_workbook(report, p),
    }
    return write_atomically(out, writers[fmt])


def default_name(report: Report | Programme, fmt: str) -> str:
    if isinstance(report, Programme):
        return f"三培养完成情况_{report.years[0]}-{report.years[-1]}年.{fmt}"
    return f"三培养完成情况_{report.year}年_截至{report.as_of:%Y%m%d}.{fmt}"

